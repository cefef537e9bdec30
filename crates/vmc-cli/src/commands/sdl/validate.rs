//! `vmc sdl validate FILE...`

use clap::Args;
use serde::Serialize;
use vmc_sdl::Diagnostic;

use super::{ConventionArg, input};
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// SDL files (`-` reads stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Also apply what only this SDK refuses (`go`: case-sensitive size units, …).
    #[arg(long, value_enum, default_value_t = ConventionArg::Ts)]
    pub convention: ConventionArg,
}

#[derive(Serialize)]
struct FileResult {
    file: String,
    valid: bool,
    diagnostics: Vec<Diagnostic>,
}

pub fn run(ctx: &mut Ctx, args: ValidateArgs) -> CliResult {
    let mut results = Vec::new();
    let mut invalid = 0usize;
    // The exit code is the first failing file's: 4 for a file that does not exist (as in every
    // command that reads a file), 2 for an invalid one (docs/exit-codes.md).
    let mut first_failure: Option<ErrorKind> = None;
    let human = ctx.printer.format.kind == OutputKind::Table;
    let conv = args.convention.into();
    for path in &args.files {
        let src = match input::read(path) {
            Ok(s) => s,
            Err(e) => {
                ctx.printer.error(&e);
                invalid += 1;
                first_failure.get_or_insert(e.kind);
                results.push(FileResult {
                    file: path.clone(),
                    valid: false,
                    diagnostics: Vec::new(),
                });
                continue;
            }
        };
        match input::parse(&src, conv) {
            Ok(sdl) => {
                if human {
                    let groups = sdl.groups(conv).len();
                    ctx.printer.status(&format!(
                        "{}: valid (SDL {}, {} service{}, {} placement group{})",
                        src.name,
                        sdl.version.as_str(),
                        sdl.services.len(),
                        if sdl.services.len() == 1 { "" } else { "s" },
                        groups,
                        if groups == 1 { "" } else { "s" }
                    ));
                }
                results.push(FileResult {
                    file: src.name,
                    valid: true,
                    diagnostics: Vec::new(),
                });
            }
            Err(d) => {
                invalid += 1;
                first_failure.get_or_insert(ErrorKind::Usage);
                if human {
                    super::render::diagnostics(ctx, &src, &d.0);
                }
                results.push(FileResult {
                    file: src.name,
                    valid: false,
                    diagnostics: d.0,
                });
            }
        }
    }
    if !human {
        ctx.printer.data(&results, Default::default)?;
    }
    if invalid > 0 {
        if human && args.files.len() > 1 {
            ctx.printer
                .status(&format!("{invalid} of {} files invalid", args.files.len()));
        }
        return Err(CliError::reported(
            first_failure.unwrap_or(ErrorKind::Usage),
        ));
    }
    Ok(())
}
