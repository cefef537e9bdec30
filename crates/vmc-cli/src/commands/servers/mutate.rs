//! Runs a server change under the mutation API: guard rails, lock, intent receipt, the work,
//! outcome receipt.

use std::time::Duration;

use serde_json::Value;
use vmc_hetzner::Action;
use vmc_receipt::Platform;

use super::api::Api;
use super::wait;

use crate::Ctx;
use crate::error::CliResult;
use crate::mutation::{self, MutationArgs, Plan};

/// What is about to change.
pub struct Change {
    /// Dotted verb, e.g. `hetzner.server.create`.
    pub action: String,
    /// Server name and id, e.g. `web-1 (42)`.
    pub target: String,
    pub summary: Vec<String>,
    /// Recorded in both receipts (never secrets).
    pub request: Value,
}

/// Runs `work` under the lock between the intent and outcome receipts. `work` returns the
/// outcome to record (no secrets) and the value for the caller.
pub fn run<T>(
    ctx: &Ctx,
    args: &MutationArgs,
    change: Change,
    work: impl FnOnce() -> CliResult<(Value, T)>,
) -> CliResult<T> {
    let request = change.request.clone();
    run_fresh(ctx, args, change, || Ok((request, ())), |()| work())
}

/// Like [`run`], for a change that depends on the current state: `read` runs *after* the lock
/// is taken and returns the intent's `request` (its `before` is that read, never a read made
/// before the lock) and what `work` needs. An error from `read` changes nothing and writes no
/// receipt. `change.request` is ignored.
pub fn run_fresh<P, T>(
    ctx: &Ctx,
    args: &MutationArgs,
    change: Change,
    read: impl FnOnce() -> CliResult<(Value, P)>,
    work: impl FnOnce(P) -> CliResult<(Value, T)>,
) -> CliResult<T> {
    let mut plan = Plan::new(Platform::Hetzner, change.action, change.target);
    plan.summary_lines = change.summary;
    let mut locked = mutation::lock(ctx, args, plan)?;
    let (request, prepared) = read()?;
    locked.plan.request = request;
    let m = locked.record_intent()?;
    match work(prepared) {
        Ok((outcome, value)) => {
            m.finish(Ok(outcome))?;
            Ok(value)
        }
        Err(e) => {
            m.finish(Err(&e))?;
            Err(e)
        }
    }
}

/// Runs one server action under the mutation API: `start` asks the API for it and returns the
/// action (and, for rebuild and rescue, the new root password); unless `no_wait`, the action is
/// then waited for. Returns the actions as they ended and the root password.
///
/// `read` runs under the lock before the intent (see [`run_fresh`]): it re-reads and re-checks
/// the state the action depends on and returns the intent's `request`; `None` records
/// `change.request` as it is (the action depends on nothing that may have changed).
#[allow(clippy::too_many_arguments)]
pub fn run_action(
    ctx: &Ctx,
    api: &Api,
    args: &MutationArgs,
    change: Change,
    read: Option<&dyn Fn() -> CliResult<Value>>,
    no_wait: bool,
    poll: Duration,
    start: impl FnOnce() -> CliResult<(Action, Option<String>)>,
) -> CliResult<(Vec<Action>, Option<String>)> {
    let request = change.request.clone();
    let read = || match read {
        Some(f) => f().map(|r| (r, ())),
        None => Ok((request, ())),
    };
    run_fresh(ctx, args, change, read, |()| {
        let (action, root_password) = start()?;
        let done = if no_wait {
            vec![action]
        } else {
            wait::wait(ctx, api, &[action], poll)?
        };
        Ok((
            serde_json::json!({ "actions": actions_outcome(&done) }),
            (done, root_password),
        ))
    })
}

/// `name (id)`.
pub fn target(s: &vmc_hetzner::Server) -> String {
    format!("{} ({})", s.name, s.id)
}

/// The action summary recorded in outcome receipts.
pub fn actions_outcome(actions: &[vmc_hetzner::Action]) -> Value {
    Value::Array(
        actions
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id,
                    "command": a.command,
                    "status": a.status.as_str(),
                })
            })
            .collect(),
    )
}
