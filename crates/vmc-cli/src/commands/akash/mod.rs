//! `vmc akash …`: the Akash Network command group.
//!
//! Today: `vmc akash tx sign|encode|decode` (offline transactions). Add a subcommand by adding a
//! module (one file or folder per subcommand) and one variant to [`AkashCommand`].

pub mod key;
pub mod tx;

use clap::{Args, Subcommand};

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct AkashArgs {
    #[command(subcommand)]
    pub command: AkashCommand,
}

#[derive(Debug, Subcommand)]
pub enum AkashCommand {
    /// Transactions: sign offline, encode JSON to TxRaw, decode TxRaw to JSON.
    Tx(tx::TxArgs),
}

pub fn run(ctx: &mut Ctx, args: AkashArgs) -> CliResult {
    match args.command {
        AkashCommand::Tx(a) => tx::run(ctx, a),
    }
}

/// Map a protocol-layer transaction error to the CLI edge (invalid input: exit 2).
pub(crate) fn tx_error(e: vmc_akash::tx::TxError) -> CliError {
    use vmc_akash::tx::TxError;
    let hint = match &e {
        TxError::UnknownType(_) => {
            Some("check the message's \"@type\"; `vmc akash tx sign --help` lists the known types")
        }
        TxError::Json { .. } => {
            Some("field names are the proto (snake_case) names; 64-bit integers are strings")
        }
        TxError::Decode { .. } => Some(
            "pass the base64 of the TxRaw bytes, as `vmc akash tx sign --encoding base64` prints",
        ),
        _ => None,
    };
    let err = CliError::usage(e.to_string());
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}
