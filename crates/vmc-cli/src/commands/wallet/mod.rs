//! `vmc wallet` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct WalletArgs {}

pub fn run(_ctx: &mut Ctx, _args: WalletArgs) -> CliResult {
    Err(CliError::failure("`vmc wallet` is not implemented yet"))
}
