//! `vmc lock` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct LockArgs {}

pub fn run(_ctx: &mut Ctx, _args: LockArgs) -> CliResult {
    Err(CliError::failure("`vmc lock` is not implemented yet"))
}
