//! `vmc servers` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct ServersArgs {}

pub fn run(_ctx: &mut Ctx, _args: ServersArgs) -> CliResult {
    Err(CliError::failure("`vmc servers` is not implemented yet"))
}
