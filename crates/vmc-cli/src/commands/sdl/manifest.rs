//! `vmc sdl manifest FILE`

use clap::Args;

use super::{ConventionArg, input};
use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct ManifestArgs {
    /// SDL file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Reproduce the TypeScript (default) or the Go SDK's manifest where they differ.
    #[arg(long, value_enum, default_value_t = ConventionArg::Ts)]
    pub convention: ConventionArg,
}

/// stdout gets exactly the hashed bytes: no trailing newline, whatever `-o` says.
pub fn run(ctx: &mut Ctx, args: ManifestArgs) -> CliResult {
    let conv = args.convention.into();
    let (_, sdl) = input::load(ctx, &args.file, conv)?;
    ctx.printer.raw(&sdl.manifest(conv).canonical_json())
}
