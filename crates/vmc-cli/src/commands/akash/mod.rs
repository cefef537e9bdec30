//! `vmc akash …`: the Akash Network command group.
//!
//! Reads (`list`, `status`, `bids`, `leases`, `balance`, `providers`, `provider`, `escrow`,
//! `certs`, `logs`, `events`, `shell`) talk to a chain node through `vmc-akash-client`
//! ([`chain::Session`]); `tx sign|encode|decode` work offline. Add a subcommand by adding a
//! file and one variant to [`AkashCommand`].

pub mod balance;
pub mod bids;
pub mod cert;
pub mod certs;
pub mod chain;
pub mod close;
pub mod deploy;
pub mod deposit;
pub mod escrow;
pub mod flow;
pub mod gateway;
pub mod key;
pub mod lease;
pub mod leases;
pub mod list;
pub mod logs;
pub mod manifest;
pub mod mint_act;
pub mod one;
pub mod provider;
pub mod providers;
pub mod shell;
pub mod status;
pub mod tx;
pub mod update;
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
    /// Deploy an SDL in one command: create, bids, lease, manifest, ready (resumable).
    Deploy(Box<deploy::DeployArgs>),
    /// A new manifest for a running deployment (same groups; TS or Go convention as on chain).
    Update(update::UpdateArgs),
    /// The owner's deployments: leases, providers, prices, escrow and runway.
    List(list::ListArgs),
    /// Bids on a deployment; `--explain` says why each provider did or did not bid.
    Bids(bids::BidsArgs),
    /// One deployment: groups, orders, bids, leases, escrow, and each provider's lease status.
    Status(status::StatusArgs),
    /// The owner's leases.
    Leases(leases::LeasesArgs),
    /// The deployment's escrow account: balance, rate, blocks and time left.
    Escrow(escrow::EscrowArgs),
    /// Providers on chain; `--eligible-for SDL` keeps those that may bid on it.
    Providers(providers::ProvidersArgs),
    /// One provider: attributes, audits, host, and its gateway's /version and /status.
    Provider(provider::ProviderArgs),
    /// Container logs of a deployment's leases (`--follow` reconnects after a drop).
    Logs(logs::LogsArgs),
    /// Kubernetes events of a deployment's leases.
    Events(logs::EventsArgs),
    /// Run a command in a service's replica; exits with its exit code.
    Shell(shell::ShellArgs),
    /// Certificates an address published on chain.
    Certs(certs::CertsArgs),
    /// Balances of an address in every denom (AKT and ACT in whole and micro units).
    Balance(balance::BalanceArgs),
    /// Transactions: sign offline, encode JSON to TxRaw, decode TxRaw to JSON.
    Tx(tx::TxArgs),
    /// Close a deployment; the escrow balance comes back to the wallet.
    Close(close::CloseArgs),
    /// Add funds to a deployment's escrow account (e.g. `5act`).
    Deposit(deposit::DepositArgs),
    /// Burn AKT for ACT; waits for the BME epoch that credits it.
    #[command(name = "mint-act")]
    MintAct(mint_act::MintActArgs),
    /// Lease changes: `lease close` (the deployment stays, its groups get new orders).
    Lease(lease::LeaseArgs),
    /// A deployment's manifest on its providers: `get`, `send` (again, from the SDL).
    Manifest(manifest::ManifestArgs),
    /// The wallet's mTLS client certificate: `create`, `revoke`.
    Cert(cert::CertArgs),
}

pub fn run(ctx: &mut Ctx, args: AkashArgs) -> CliResult {
    let chain = args.chain;
    match args.command {
        AkashCommand::Deploy(a) => deploy::run(ctx, *a, &chain),
        AkashCommand::Update(a) => update::run(ctx, a, &chain),
        AkashCommand::List(a) => list::run(ctx, a, &chain),
        AkashCommand::Bids(a) => bids::run(ctx, a, &chain),
        AkashCommand::Balance(a) => balance::run(ctx, a, &chain),
        AkashCommand::Status(a) => status::run(ctx, a, &chain),
        AkashCommand::Leases(a) => leases::run(ctx, a, &chain),
        AkashCommand::Escrow(a) => escrow::run(ctx, a, &chain),
        AkashCommand::Providers(a) => providers::run(ctx, a, &chain),
        AkashCommand::Certs(a) => certs::run(ctx, a, &chain),
        AkashCommand::Provider(a) => provider::run(ctx, a, &chain),
        AkashCommand::Logs(a) => logs::run_logs(ctx, a, &chain),
        AkashCommand::Events(a) => logs::run_events(ctx, a, &chain),
        AkashCommand::Shell(a) => shell::run(ctx, a, &chain),
        AkashCommand::Tx(a) => tx::run(ctx, a),
        AkashCommand::Close(a) => close::run(ctx, a, &chain),
        AkashCommand::Deposit(a) => deposit::run(ctx, a, &chain),
        AkashCommand::MintAct(a) => mint_act::run(ctx, a, &chain),
        AkashCommand::Lease(a) => lease::run(ctx, a, &chain),
        AkashCommand::Manifest(a) => manifest::run(ctx, a, &chain),
        AkashCommand::Cert(a) => cert::run(ctx, a, &chain),
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
