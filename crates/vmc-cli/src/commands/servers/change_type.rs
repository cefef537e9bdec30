//! `vmc servers change-type NAME|ID --type TYPE [--upgrade-disk]`.

use std::time::Duration;

use clap::Args;
use serde_json::json;

use super::api::Api;
use super::create::find_type;
use super::mutate::{self, Change};
use super::wait;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::MutationArgs;

#[derive(Debug, Args)]
pub struct ChangeTypeArgs {
    /// Server name or ID (must be off).
    pub server: String,
    /// The new server type.
    #[arg(long = "type", value_name = "TYPE")]
    pub server_type: String,
    /// Grow the disk too (the server can then no longer be downgraded).
    #[arg(long)]
    pub upgrade_disk: bool,
    /// Return the action id at once instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: ChangeTypeArgs, poll: Duration) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let st = find_type(&api, &args.server_type)?;
    if !st.available_locations().contains(&s.location.name.as_str()) {
        return Err(super::create::unavailable_here(&st, &s.location.name));
    }
    if s.status != vmc_hetzner::ServerStatus::Off {
        return Err(
            CliError::conflict(format!("server {} is {}, not off", s.name, s.status))
                .with_hint(format!("stop it first: `vmc servers shutdown {}`", s.name)),
        );
    }
    let price = st.price_in(&s.location.name);
    let mut summary = vec![format!(
        "change server {} ({}) from {} to {}{}",
        s.name,
        s.id,
        s.server_type.name,
        st.name,
        if args.upgrade_disk {
            " and grow its disk (no downgrade afterwards)"
        } else {
            ""
        }
    )];
    if let Some(p) = price {
        summary.push(format!(
            "new price: {} net/hour, {} net/month",
            p.price_hourly.net.normalize(),
            p.price_monthly.net.normalize()
        ));
    }
    let change = Change {
        action: "hetzner.server.change_type".into(),
        target: mutate::target(&s),
        summary,
        request: json!({
            "id": s.id, "name": s.name, "from": s.server_type.name, "server_type": st.name,
            "upgrade_disk": args.upgrade_disk, "location": s.location.name,
            "price_hourly": price.map(|p| &p.price_hourly), "price_monthly": price.map(|p| &p.price_monthly),
        }),
    };
    // Under the lock: the server must still be off and of the type the prompt showed.
    let id = s.id.to_string();
    let request = change.request.clone();
    let recheck = || -> CliResult<serde_json::Value> {
        let now = api.server(&id)?;
        if now.status != vmc_hetzner::ServerStatus::Off {
            return Err(CliError::conflict(format!(
                "server {} is {} now, not off; nothing was changed",
                now.name, now.status
            ))
            .with_hint(format!(
                "stop it first: `vmc servers shutdown {}`",
                now.name
            )));
        }
        if now.server_type.name != s.server_type.name {
            return Err(CliError::conflict(format!(
                "server {} changed type to {} meanwhile; nothing was changed",
                now.name, now.server_type.name
            )));
        }
        Ok(request.clone())
    };
    let (actions, _) = mutate::run_action(
        ctx,
        &api,
        &args.mutation,
        change,
        Some(&recheck),
        args.no_wait,
        poll,
        || {
            Ok((
                api.call(api.client.change_server_type(
                    s.id,
                    &args.server_type,
                    args.upgrade_disk,
                ))?,
                None,
            ))
        },
    )?;
    wait::print_actions(ctx, &actions)
}
