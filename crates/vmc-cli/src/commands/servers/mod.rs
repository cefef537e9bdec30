//! `vmc servers`: Hetzner Cloud servers, their types, images, locations and SSH keys.
//!
//! Every change goes through the mutation API (`--yes`, `--reason`, the lock, intent and outcome
//! receipts with platform `hetzner`), then waits for the action and all its `next_actions`
//! (progress on stderr; `--no-wait` prints the action ids instead). The token comes from
//! `HCLOUD_TOKEN`, else the context's keystore entry (`vmc context set-token`), else, on network
//! `local`, the devnet's token. Output: tables, or `-o json|yaml` mirroring the API's objects,
//! and `-o columns=a,b` / `-o noheader` like `hcloud`.

pub mod api;
pub mod auth;
pub mod change_type;
pub mod create;
pub mod delete;
pub mod images;
pub mod ip;
pub mod label;
pub mod list;
pub mod locations;
pub mod mutate;
pub mod power;
pub mod rebuild;
pub mod render;
pub mod rescue;
pub mod set_token;
pub mod show;
pub mod ssh;
pub mod ssh_keys;
pub mod types;
pub mod wait;

use std::time::Duration;

use clap::{Args, Subcommand};

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct ServersArgs {
    /// How often to poll running actions, e.g. 500ms, 2s.
    #[arg(long, global = true, value_name = "DURATION", default_value = "500ms")]
    pub poll_interval: String,
    #[command(subcommand)]
    pub command: ServersCommand,
}

#[derive(Debug, Subcommand)]
pub enum ServersCommand {
    /// List servers (filter by label selector and status, sort).
    List(list::ListArgs),
    /// Show one server.
    Show(show::ShowArgs),
    /// Create a server and wait until it runs.
    Create(create::CreateArgs),
    /// Delete a server and its disk.
    Delete(delete::DeleteArgs),
    /// Power a server on.
    Poweron(power::PowerArgs),
    /// Cut a server's power (may lose data; prefer shutdown).
    Poweroff(power::PowerArgs),
    /// Ask a server to shut down (ACPI).
    Shutdown(power::PowerArgs),
    /// Ask a server to reboot (ACPI).
    Reboot(power::PowerArgs),
    /// Hard-reset a server.
    Reset(power::PowerArgs),
    /// Reinstall a server from an image (destroys its disk).
    Rebuild(rebuild::RebuildArgs),
    /// Change a stopped server's type.
    ChangeType(change_type::ChangeTypeArgs),
    /// Boot into the rescue system on the next start.
    EnableRescue(rescue::RescueArgs),
    /// Add or remove labels.
    #[command(subcommand)]
    Label(label::LabelCommand),
    /// Print a server's public IP address.
    Ip(ip::IpArgs),
    /// Open an SSH session to a server (runs the system `ssh`).
    Ssh(ssh::SshArgs),
    /// Server types with their price per hour and month in each location.
    Types(types::TypesArgs),
    /// Locations (data centre sites).
    Locations(locations::LocationsArgs),
    /// Images servers can be created from.
    Images(images::ImagesArgs),
    /// SSH keys stored in the project.
    #[command(subcommand)]
    SshKeys(ssh_keys::SshKeysCommand),
}

pub fn run(ctx: &mut Ctx, args: ServersArgs) -> CliResult {
    let poll = crate::mutation::parse_duration(&args.poll_interval)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            CliError::usage(format!(
                "--poll-interval `{}` is not a duration",
                args.poll_interval
            ))
            .with_hint("e.g. --poll-interval 500ms or 2s")
        })?;
    let poll = poll.max(Duration::from_millis(10));
    use power::Power;
    use vmc_hetzner::PowerAction as P;
    match args.command {
        ServersCommand::List(a) => list::run(ctx, a),
        ServersCommand::Show(a) => show::run(ctx, a),
        ServersCommand::Create(a) => create::run(ctx, a, poll),
        ServersCommand::Delete(a) => delete::run(ctx, a, poll),
        ServersCommand::Poweron(a) => power::run(ctx, a, Power(P::Poweron), poll),
        ServersCommand::Poweroff(a) => power::run(ctx, a, Power(P::Poweroff), poll),
        ServersCommand::Shutdown(a) => power::run(ctx, a, Power(P::Shutdown), poll),
        ServersCommand::Reboot(a) => power::run(ctx, a, Power(P::Reboot), poll),
        ServersCommand::Reset(a) => power::run(ctx, a, Power(P::Reset), poll),
        ServersCommand::Rebuild(a) => rebuild::run(ctx, a, poll),
        ServersCommand::ChangeType(a) => change_type::run(ctx, a, poll),
        ServersCommand::EnableRescue(a) => rescue::run(ctx, a, poll),
        ServersCommand::Label(c) => label::run(ctx, c),
        ServersCommand::Ip(a) => ip::run(ctx, a),
        ServersCommand::Ssh(a) => ssh::run(ctx, a),
        ServersCommand::Types(a) => types::run(ctx, a),
        ServersCommand::Locations(a) => locations::run(ctx, a),
        ServersCommand::Images(a) => images::run(ctx, a),
        ServersCommand::SshKeys(c) => ssh_keys::run(ctx, c),
    }
}
