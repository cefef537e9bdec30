//! `vmc servers enable-rescue NAME|ID [--ssh-key KEY…]`.

use std::time::Duration;

use clap::Args;
use serde_json::json;

use super::api::Api;
use super::create::show_root_password;
use super::mutate::{self, Change};
use super::wait;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::MutationArgs;

#[derive(Debug, Args)]
pub struct RescueArgs {
    /// Server name or ID.
    pub server: String,
    /// SSH key name or ID to put into the rescue system (repeatable).
    #[arg(long = "ssh-key", value_name = "KEY")]
    pub ssh_keys: Vec<String>,
    /// Return the action id at once instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: RescueArgs, poll: Duration) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let mut key_ids = Vec::new();
    for k in &args.ssh_keys {
        let key = api.call(api.client.find_ssh_key(k))?.ok_or_else(|| {
            CliError::not_found(format!("no SSH key named or numbered `{k}`"))
                .with_hint("list keys with `vmc servers ssh-keys list`")
        })?;
        key_ids.push(key.id);
    }
    let change = Change {
        action: "hetzner.server.enable_rescue".into(),
        target: mutate::target(&s),
        summary: vec![format!(
            "enable the rescue system (linux64) for the next boot of {} ({}); it does not reboot",
            s.name, s.id
        )],
        request: json!({ "id": s.id, "name": s.name, "type": "linux64", "ssh_keys": key_ids }),
    };
    let (actions, pw) = mutate::run_action(
        ctx,
        &api,
        &args.mutation,
        change,
        None,
        args.no_wait,
        poll,
        || {
            let r = api.call(api.client.enable_rescue(s.id, &key_ids))?;
            Ok((r.action, r.root_password))
        },
    )?;
    if let Some(pw) = pw {
        show_root_password(ctx, &s.name, &pw);
    }
    ctx.printer.hint(&format!(
        "reboot to enter it: `vmc servers reboot {}`",
        s.name
    ));
    wait::print_actions(ctx, &actions)
}
