//! `vmc akash tx sign|encode|decode`.

pub mod decode;
pub mod encode;
pub mod sign;

use std::path::Path;

use clap::{Args, Subcommand};

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct TxArgs {
    #[command(subcommand)]
    pub command: TxCommand,
}

#[derive(Debug, Subcommand)]
pub enum TxCommand {
    /// Sign an unsigned Cosmos tx JSON (SIGN_MODE_DIRECT) and print the signed tx.
    Sign(sign::SignArgs),
    /// Encode a Cosmos tx JSON (signed or unsigned) as base64 TxRaw bytes.
    Encode(encode::EncodeArgs),
    /// Decode base64 TxRaw bytes to the Cosmos tx JSON.
    Decode(decode::DecodeArgs),
}

pub fn run(ctx: &mut Ctx, args: TxArgs) -> CliResult {
    match args.command {
        TxCommand::Sign(a) => sign::run(ctx, a),
        TxCommand::Encode(a) => encode::run(ctx, a),
        TxCommand::Decode(a) => decode::run(ctx, a),
    }
}

/// The message types vmc can encode and sign, one per line (for help texts and errors).
pub(crate) fn known_types_list() -> String {
    vmc_akash::tx::known_type_urls()
        .iter()
        .map(|u| format!("  {u}\n"))
        .collect()
}

/// A transaction error as the `tx` commands report it: an unknown message type lists the types
/// vmc knows right there (the help lists them too; neither sends the reader to the other).
pub(crate) fn tx_error(e: vmc_akash::tx::TxError) -> CliError {
    match e {
        vmc_akash::tx::TxError::UnknownType(url) => CliError::usage(format!(
            "unknown message type `{url}`; vmc can sign these:\n{}",
            known_types_list().trim_end()
        ))
        .with_hint(
            "set each message's \"@type\" to one of them (vmc signs only messages it can encode)",
        ),
        other => crate::commands::akash::tx_error(other),
    }
}

/// Read and parse a tx JSON file (`-` = stdin).
pub(crate) fn read_json(path: &Path) -> CliResult<serde_json::Value> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| CliError::usage(format!("cannot read stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            let err = CliError::usage(format!("cannot read {}: {e}", path.display()));
            if e.kind() == std::io::ErrorKind::NotFound {
                CliError::not_found(err.message)
            } else {
                err
            }
        })?
    };
    serde_json::from_str(&text)
        .map_err(|e| CliError::usage(format!("{} is not valid JSON: {e}", path.display())))
}

/// Print a JSON document on stdout.
pub(crate) fn print_json(ctx: &Ctx, v: &serde_json::Value) -> CliResult {
    let mut s = serde_json::to_string_pretty(v).map_err(|e| CliError::failure(e.to_string()))?;
    s.push('\n');
    ctx.printer.raw(&s)
}
