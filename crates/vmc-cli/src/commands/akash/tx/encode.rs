//! `vmc akash tx encode FILE`: Cosmos tx JSON → base64 TxRaw.

use std::path::PathBuf;

use clap::Args;
use vmc_akash::tx::{to_base64, tx_raw_from_json};

use super::{read_json, tx_error};
use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// The tx JSON, signed or unsigned (`-` = stdin).
    pub file: PathBuf,
}

pub fn run(ctx: &mut Ctx, args: EncodeArgs) -> CliResult {
    let doc = read_json(&args.file)?;
    let raw = tx_raw_from_json(&doc).map_err(tx_error)?;
    ctx.printer.raw(&format!("{}\n", to_base64(&raw)))
}
