//! `vmc devnet` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct DevnetArgs {}

pub fn run(_ctx: &mut Ctx, _args: DevnetArgs) -> CliResult {
    Err(CliError::failure("`vmc devnet` is not implemented yet"))
}
