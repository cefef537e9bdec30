//! `vmc akash` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct AkashArgs {}

pub fn run(_ctx: &mut Ctx, _args: AkashArgs) -> CliResult {
    Err(CliError::failure("`vmc akash` is not implemented yet"))
}
