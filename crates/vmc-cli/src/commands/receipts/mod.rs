//! `vmc receipts` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct ReceiptsArgs {}

pub fn run(_ctx: &mut Ctx, _args: ReceiptsArgs) -> CliResult {
    Err(CliError::failure("`vmc receipts` is not implemented yet"))
}
