//! `vmc sdl` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct SdlArgs {}

pub fn run(_ctx: &mut Ctx, _args: SdlArgs) -> CliResult {
    Err(CliError::failure("`vmc sdl` is not implemented yet"))
}
