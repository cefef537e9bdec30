//! One module per command group; one file per subcommand with its clap args and its function.

pub mod akash;
pub mod completions;
pub mod context;
pub mod devnet;
pub mod env;
pub mod lock;
pub mod man;
pub mod receipts;
pub mod sdl;
pub mod servers;
pub mod templates;
pub mod wallet;

use clap::Subcommand;

use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse, validate, lint, render and hash Akash SDL files.
    Sdl(sdl::SdlArgs),
    /// Bundled SDL templates.
    Templates(templates::TemplatesArgs),
    /// Akash Network: transactions, deployments, leases, providers.
    Akash(akash::AkashArgs),
    /// Akash wallets: create, import, list, delete.
    Wallet(wallet::WalletArgs),
    /// The tamper-evident receipt log of every mutation.
    Receipts(receipts::ReceiptsArgs),
    /// The per-context mutation lock.
    Lock(lock::LockArgs),
    /// Hetzner Cloud servers and their types, images, locations and SSH keys.
    Servers(servers::ServersArgs),
    /// A local Akash network and Hetzner Cloud API for offline use and tests.
    Devnet(devnet::DevnetArgs),
    /// Named contexts: network, endpoints and where secrets come from.
    Context(context::ContextArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff).
    Man(man::ManArgs),
    /// List the environment variables vmc reads.
    Env(env::EnvArgs),
}

pub fn run(ctx: &mut Ctx, command: Command) -> CliResult {
    match command {
        Command::Sdl(a) => sdl::run(ctx, a),
        Command::Templates(a) => templates::run(ctx, a),
        Command::Akash(a) => akash::run(ctx, a),
        Command::Wallet(a) => wallet::run(ctx, a),
        Command::Receipts(a) => receipts::run(ctx, a),
        Command::Lock(a) => lock::run(ctx, a),
        Command::Servers(a) => servers::run(ctx, a),
        Command::Devnet(a) => devnet::run(ctx, a),
        Command::Context(a) => context::run(ctx, a),
        Command::Completions(a) => completions::run(ctx, a),
        Command::Man(a) => man::run(ctx, a),
        Command::Env(a) => env::run(ctx, a),
    }
}
