//! `vmc sdl hash FILE...`

use clap::Args;
use serde::Serialize;

use super::{ConventionArg, input};
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct HashArgs {
    /// SDL files (`-` reads stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Reproduce the TypeScript (default) or the Go SDK's manifest where they differ.
    #[arg(long, value_enum, default_value_t = ConventionArg::Ts)]
    pub convention: ConventionArg,
}

#[derive(Serialize)]
struct Row {
    hash: String,
    file: String,
}

pub fn run(ctx: &mut Ctx, args: HashArgs) -> CliResult {
    let mut failed = None;
    let mut rows = Vec::new();
    let table = ctx.printer.format.kind == OutputKind::Table;
    for path in &args.files {
        let src = match input::read(path) {
            Ok(s) => s,
            Err(e) => {
                ctx.printer.error(&e);
                failed.get_or_insert(e.kind);
                continue;
            }
        };
        match input::parse(&src) {
            Ok(sdl) => {
                let row = Row {
                    hash: sdl.manifest(args.convention.into()).hash_hex(),
                    file: src.name,
                };
                if table {
                    // One line per file as soon as it is known, like sha256sum.
                    ctx.printer.raw(&format!("{}  {}\n", row.hash, row.file))?;
                }
                rows.push(row);
            }
            Err(d) => {
                super::render::diagnostics(ctx, &src, &d.0);
                failed.get_or_insert(ErrorKind::Usage);
            }
        }
    }
    if !table {
        ctx.printer.data(&rows, Default::default)?;
    }
    match failed {
        Some(kind) => Err(CliError::reported(kind)),
        None => Ok(()),
    }
}
