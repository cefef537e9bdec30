//! `vmc sdl`: parse, validate, lint, render and hash Akash SDL files. One file per subcommand;
//! `input.rs` reads files (or stdin for `-`) and `render.rs` prints diagnostics.

mod groups;
mod hash;
pub mod init;
pub(crate) mod input;
mod lint;
mod manifest;
mod match_cmd;
mod price;
mod render;
mod validate;

use clap::{Args, Subcommand, ValueEnum};

use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct SdlArgs {
    #[command(subcommand)]
    pub command: SdlCommand,
}

#[derive(Debug, Subcommand)]
pub enum SdlCommand {
    /// Check SDL files; print every error with its place and fix (exit 2 if a file is invalid, 4
    /// if one does not exist: the first failing file decides).
    Validate(validate::ValidateArgs),
    /// Warnings for a valid SDL (untagged images, `uakt` pricing, HTTP without `accept`, …).
    Lint(lint::LintArgs),
    /// Print the provider manifest: exactly the canonical bytes that are hashed.
    Manifest(manifest::ManifestArgs),
    /// Print the on-chain GroupSpecs as the chain's REST JSON shows them.
    Groups(groups::GroupsArgs),
    /// Print the deployment hash of each file, like sha256sum (`<hex>  <file>`).
    Hash(hash::HashArgs),
    /// The most a deployment can cost: per block, per hour and per 30-day month, per placement.
    Price(price::PriceArgs),
    /// Which providers may bid on each placement, and why the others may not.
    Match(match_cmd::MatchArgs),
    /// Write a new SDL file from a bundled template (`vmc templates list`).
    Init(init::InitArgs),
}

pub fn run(ctx: &mut Ctx, args: SdlArgs) -> CliResult {
    match args.command {
        SdlCommand::Validate(a) => validate::run(ctx, a),
        SdlCommand::Lint(a) => lint::run(ctx, a),
        SdlCommand::Manifest(a) => manifest::run(ctx, a),
        SdlCommand::Groups(a) => groups::run(ctx, a),
        SdlCommand::Hash(a) => hash::run(ctx, a),
        SdlCommand::Price(a) => price::run(ctx, a),
        SdlCommand::Match(a) => match_cmd::run(ctx, a),
        SdlCommand::Init(a) => init::run(ctx, a),
    }
}

/// `--convention`: whose output to reproduce where the TS and Go SDKs differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ConventionArg {
    /// The TypeScript SDK (Akash Console). Default.
    #[default]
    Ts,
    /// The Go SDK (provider-services, akt).
    Go,
}

impl From<ConventionArg> for vmc_sdl::Convention {
    fn from(c: ConventionArg) -> Self {
        match c {
            ConventionArg::Ts => vmc_sdl::Convention::Ts,
            ConventionArg::Go => vmc_sdl::Convention::Go,
        }
    }
}
