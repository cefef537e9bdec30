//! `vmc servers delete NAME|ID`.

use std::time::Duration;

use clap::Args;
use serde_json::json;

use super::api::Api;
use super::mutate::{self, Change};
use super::wait;
use crate::Ctx;
use crate::error::CliResult;
use crate::mutation::MutationArgs;

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Server name or ID.
    pub server: String,
    /// Return the action id at once instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: DeleteArgs, poll: Duration) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let change = Change {
        action: "hetzner.server.delete".into(),
        target: mutate::target(&s),
        summary: vec![format!(
            "delete server {} ({}, {} in {}) and its disk; attached IPs, volumes and firewalls are detached, not deleted",
            s.name, s.id, s.server_type.name, s.location.name
        )],
        request: json!({ "id": s.id, "name": s.name, "server_type": s.server_type.name, "location": s.location.name }),
    };
    let (actions, _) = mutate::run_action(
        ctx,
        &api,
        &args.mutation,
        change,
        None,
        args.no_wait,
        poll,
        || Ok((api.call(api.client.delete_server(s.id))?, None)),
    )?;
    wait::print_actions(ctx, &actions)
}
