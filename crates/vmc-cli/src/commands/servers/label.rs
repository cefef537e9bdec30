//! `vmc servers label add NAME k=v… [--overwrite]` and `label remove NAME k… [--all]`.
//!
//! The API replaces the whole label map, so this reads, merges and writes it back — the read
//! under the mutation lock, so that concurrent vmc writers serialize instead of losing each
//! other's labels — then checks the answer holds exactly the intended labels.

use clap::{Args, Subcommand};
use serde_json::json;

use super::api::{Api, parse_labels};
use super::mutate::{self, Change};
use super::render;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::MutationArgs;

/// Edits a label map, or refuses.
type Edit = Box<dyn Fn(&mut vmc_hetzner::Labels) -> CliResult>;

#[derive(Debug, Subcommand)]
pub enum LabelCommand {
    /// Add labels (key=value).
    Add(AddArgs),
    /// Remove labels by key.
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Server name or ID.
    pub server: String,
    /// key=value (one or more).
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub labels: Vec<String>,
    /// Replace values of keys that already exist.
    #[arg(long)]
    pub overwrite: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Server name or ID.
    pub server: String,
    /// Keys to remove.
    #[arg(value_name = "KEY", required_unless_present = "all")]
    pub keys: Vec<String>,
    /// Remove every label.
    #[arg(long, conflicts_with = "keys")]
    pub all: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, cmd: LabelCommand) -> CliResult {
    let api = Api::new(ctx)?;
    let (server, mutation, verb, what, edit): (String, MutationArgs, &str, String, Edit) = match cmd
    {
        LabelCommand::Add(a) => {
            let add = parse_labels(&a.labels)?;
            let what = render::labels(&add);
            let overwrite = a.overwrite;
            (
                a.server,
                a.mutation,
                "add",
                what,
                Box::new(move |l: &mut vmc_hetzner::Labels| {
                    for (k, v) in &add {
                        if let Some(old) = l.get(k)
                            && !overwrite
                            && old != v
                        {
                            return Err(CliError::conflict(format!(
                                "label `{k}` is already set (to `{old}`)"
                            ))
                            .with_hint("add --overwrite to replace it"));
                        }
                        l.insert(k.clone(), v.clone());
                    }
                    Ok(())
                }),
            )
        }
        LabelCommand::Remove(a) => {
            let keys = a.keys;
            let all = a.all;
            let what = if all {
                "all".to_string()
            } else {
                keys.join(", ")
            };
            (
                a.server,
                a.mutation,
                "remove",
                what,
                Box::new(move |l: &mut vmc_hetzner::Labels| {
                    if all {
                        l.clear();
                        return Ok(());
                    }
                    for k in &keys {
                        if l.remove(k).is_none() {
                            return Err(CliError::not_found(format!(
                                "the server has no label `{k}`"
                            )));
                        }
                    }
                    Ok(())
                }),
            )
        }
    };
    // Resolved for the prompt; the labels the change builds on are read again under the lock
    // (a read made before it would lose a concurrent writer's labels).
    let s = api.server(&server)?;
    let change = Change {
        action: format!("hetzner.server.label_{verb}"),
        target: mutate::target(&s),
        summary: vec![format!("{verb} labels of {} ({}): {}", s.name, s.id, what)],
        request: serde_json::Value::Null,
    };
    let id = s.id.to_string();
    let updated = mutate::run_fresh(
        ctx,
        &mutation,
        change,
        || {
            let s = api.server(&id)?;
            let mut wanted = s.labels.clone();
            edit(&mut wanted)?;
            let request =
                json!({ "id": s.id, "name": s.name, "before": s.labels, "labels": wanted });
            Ok((request, (s.id, wanted)))
        },
        |(sid, wanted)| {
            let u = api.call(api.client.set_server_labels(sid, &wanted))?;
            if u.labels != wanted {
                return Err(CliError::conflict(
                    "the labels changed while they were being written; check them with `vmc servers show`",
                ));
            }
            Ok((json!({ "labels": u.labels }), u))
        },
    )?;
    ctx.printer.data(&updated.labels, || {
        let mut t = crate::output::Table::new(["KEY", "VALUE"]);
        for (k, v) in &updated.labels {
            t.row([k.clone(), v.clone()]);
        }
        t
    })
}
