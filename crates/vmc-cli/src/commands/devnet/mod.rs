//! `vmc devnet up|reset|status`: a local Akash network and Hetzner Cloud API.

pub mod reset;
pub mod status;
pub mod up;

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct DevnetArgs {
    #[command(subcommand)]
    pub command: DevnetCommand,
}

#[derive(Debug, Subcommand)]
pub enum DevnetCommand {
    /// Run the devnet in the foreground (Ctrl-C stops it; its state is kept).
    Up(up::UpArgs),
    /// Delete the devnet's saved state, so the next start begins at the genesis.
    Reset(reset::ResetArgs),
    /// Ask a running devnet for its chain id, height and funded accounts.
    Status(status::StatusArgs),
}

pub fn run(ctx: &mut Ctx, args: DevnetArgs) -> CliResult {
    match args.command {
        DevnetCommand::Up(a) => up::run(ctx, a),
        DevnetCommand::Reset(a) => reset::run(ctx, a),
        DevnetCommand::Status(a) => status::run(ctx, a),
    }
}

/// `<data dir>/devnet`, the default state directory.
pub fn default_state_dir(ctx: &Ctx) -> PathBuf {
    ctx.settings.data_dir.join("devnet")
}
