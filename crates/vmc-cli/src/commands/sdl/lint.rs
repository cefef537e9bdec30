//! `vmc sdl lint FILE`

use clap::Args;

use super::input;
use crate::Ctx;
use crate::error::CliResult;
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct LintArgs {
    /// SDL file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
}

pub fn run(ctx: &mut Ctx, args: LintArgs) -> CliResult {
    let (src, sdl) = input::load(ctx, &args.file, vmc_sdl::Convention::Ts)?;
    let warnings = vmc_sdl::lint(&sdl);
    if ctx.printer.format.kind == OutputKind::Table {
        if warnings.is_empty() {
            ctx.printer.status(&format!("{}: no warnings", src.name));
        } else {
            super::render::diagnostics(ctx, &src, &warnings);
            ctx.printer.status(&format!(
                "{}: {} warning{}",
                src.name,
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" }
            ));
        }
        Ok(())
    } else {
        ctx.printer.data(&warnings, Default::default)
    }
}
