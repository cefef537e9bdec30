//! `vmc servers poweron|poweroff|shutdown|reboot|reset NAME|ID`.

use std::time::Duration;

use clap::Args;
use serde_json::json;
use vmc_hetzner::PowerAction;

use super::api::Api;
use super::mutate::{self, Change};
use super::wait;
use crate::Ctx;
use crate::error::CliResult;
use crate::mutation::MutationArgs;

#[derive(Debug, Args)]
pub struct PowerArgs {
    /// Server name or ID.
    pub server: String,
    /// Return the action id at once instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

/// Which power action.
#[derive(Debug, Clone, Copy)]
pub struct Power(pub PowerAction);

impl Power {
    /// What the action does to `server`, as the confirmation prompt says it.
    fn describe(self, server: &str) -> String {
        match self.0 {
            PowerAction::Poweron => format!("power on server {server}"),
            PowerAction::Poweroff => format!(
                "power off server {server} now, like pulling the plug: unsaved data may be lost"
            ),
            PowerAction::Shutdown => format!(
                "ask server {server} to shut down cleanly (an ACPI signal; its OS decides when)"
            ),
            PowerAction::Reboot => format!(
                "ask server {server} to reboot cleanly (an ACPI signal; its OS decides when)"
            ),
            PowerAction::Reset => format!(
                "reset server {server} now, like pressing its reset button: unsaved data may be lost"
            ),
        }
    }
}

pub fn run(ctx: &mut Ctx, args: PowerArgs, what: Power, poll: Duration) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let change = Change {
        action: format!("hetzner.server.{}", what.0.path()),
        target: mutate::target(&s),
        summary: vec![format!(
            "{} (it is {})",
            what.describe(&format!("{} ({})", s.name, s.id)),
            s.status
        )],
        request: json!({ "id": s.id, "name": s.name, "action": what.0.path() }),
    };
    let (actions, _) = mutate::run_action(
        ctx,
        &api,
        &args.mutation,
        change,
        None,
        args.no_wait,
        poll,
        || Ok((api.call(api.client.server_power(s.id, what.0))?, None)),
    )?;
    if what.0 == PowerAction::Shutdown && !args.no_wait {
        ctx.printer.hint(
            "a finished shutdown action means the signal was sent; check `vmc servers show` for status off",
        );
    }
    wait::print_actions(ctx, &actions)
}
