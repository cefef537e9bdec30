//! `vmc receipts root`: the Merkle root over the receipt hashes, as hex.
//!
//! Construction (RFC 6962 §2.1 with SHA-256): leaves are the 32 raw bytes of each receipt's
//! `sha256` in log order; a leaf hashes as SHA-256(0x00 ‖ leaf), an inner node as
//! SHA-256(0x01 ‖ left ‖ right), splitting at the largest power of two below the count; an empty
//! log's root is SHA-256 of nothing. The log is verified first: the root of a broken log means
//! nothing.

use clap::Args;
use serde_json::json;
use vmc_receipt::verify_log;

use super::read_log;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::AkashSignatureVerifier;
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct RootArgs {}

pub fn run(ctx: &mut Ctx, _args: RootArgs) -> CliResult {
    let bytes = read_log(ctx)?;
    let report = verify_log(&bytes, Some(&AkashSignatureVerifier)).map_err(|e| {
        CliError::failure(format!("the receipt log does not verify: {e}"))
            .with_hint("see `vmc receipts verify`")
    })?;
    let root = report.merkle_root_hex();
    if ctx.printer.format.kind == OutputKind::Table {
        return ctx.printer.raw(&format!("{root}\n"));
    }
    let data = json!({
        "merkle_root": root,
        "receipts": report.receipts,
        "last_hash": report.last_hash,
        "construction": "RFC 6962 Merkle tree hash (SHA-256) over the receipts' sha256 values",
    });
    ctx.printer.data(&data, Default::default)
}
