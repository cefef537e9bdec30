//! `vmc servers rebuild NAME|ID --image IMAGE`.

use std::time::Duration;

use clap::Args;
use serde_json::json;

use super::api::Api;
use super::create::show_root_password;
use super::mutate::{self, Change};
use super::wait;
use crate::Ctx;
use crate::error::CliResult;
use crate::mutation::MutationArgs;

#[derive(Debug, Args)]
pub struct RebuildArgs {
    /// Server name or ID.
    pub server: String,
    /// Image name or ID to install.
    #[arg(long)]
    pub image: String,
    /// Return the action id at once instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: RebuildArgs, poll: Duration) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let change = Change {
        action: "hetzner.server.rebuild".into(),
        target: mutate::target(&s),
        summary: vec![format!(
            "rebuild server {} ({}) from image {}: ITS DISK IS ERASED",
            s.name, s.id, args.image
        )],
        request: json!({ "id": s.id, "name": s.name, "image": args.image }),
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
            let r = api.call(api.client.rebuild_server(s.id, &args.image))?;
            Ok((r.action, r.root_password))
        },
    )?;
    if let Some(pw) = pw {
        show_root_password(ctx, &s.name, &pw);
    }
    wait::print_actions(ctx, &actions)
}
