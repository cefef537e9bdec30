//! `vmc akash tx decode BASE64`: base64 TxRaw → Cosmos tx JSON.

use clap::Args;
use vmc_akash::tx::{DecodedTx, from_base64};

use super::{print_json, tx_error};
use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// Base64 of the TxRaw bytes (`-` = read from stdin).
    pub base64: String,
}

pub fn run(ctx: &mut Ctx, args: DecodeArgs) -> CliResult {
    let text = if args.base64 == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
        s
    } else {
        args.base64
    };
    let bytes = from_base64(&text).map_err(tx_error)?;
    let tx = DecodedTx::from_bytes(&bytes).map_err(tx_error)?;
    ctx.printer.status(&format!("tx hash {}", tx.hash));
    print_json(ctx, &tx.to_json())
}
