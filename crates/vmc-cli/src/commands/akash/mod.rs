//! `vmc akash …`: the Akash Network command group.
//!
//! Reads (`list`, `status`, `bids`, `leases`, `balance`, `providers`, `provider`, `escrow`,
//! `certs`, `logs`, `events`, `shell`) talk to a chain node through `vmc-akash-client`
//! ([`chain::Session`]); `tx sign|encode|decode` work offline. Add a subcommand by adding a
//! file and one variant to [`AkashCommand`].

pub mod balance;
pub mod bids;
pub mod chain;
pub mod key;
pub mod list;
pub mod tx;
pub mod view;

use clap::{Args, Subcommand};

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct AkashArgs {
    #[command(flatten)]
    pub chain: chain::ChainArgs,
    #[command(subcommand)]
    pub command: AkashCommand,
}

#[derive(Debug, Subcommand)]
pub enum AkashCommand {
    /// The owner's deployments: leases, providers, prices, escrow and runway.
    List(list::ListArgs),
    /// Bids on a deployment; `--explain` says why each provider did or did not bid.
    Bids(bids::BidsArgs),
    /// Balances of an address in every denom (AKT and ACT in whole and micro units).
    Balance(balance::BalanceArgs),
    /// Transactions: sign offline, encode JSON to TxRaw, decode TxRaw to JSON.
    Tx(tx::TxArgs),
}

pub fn run(ctx: &mut Ctx, args: AkashArgs) -> CliResult {
    let chain = args.chain;
    match args.command {
        AkashCommand::List(a) => list::run(ctx, a, &chain),
        AkashCommand::Bids(a) => bids::run(ctx, a, &chain),
        AkashCommand::Balance(a) => balance::run(ctx, a, &chain),
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
