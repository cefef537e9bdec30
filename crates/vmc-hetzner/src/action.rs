//! Actions: what every change returns, and waiting for them (`GET /actions?id=…`).

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::open_enum::open_enum;
use crate::{Client, Error};

open_enum! {
    /// Where an action is.
    ActionStatus { Running => "running", Success => "success", Error => "error" }
}

/// A change in progress or done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: i64,
    /// e.g. `create_server`, `start_server`, `shutdown_server`.
    pub command: String,
    pub status: ActionStatus,
    pub started: String,
    pub finished: Option<String>,
    /// 0–100.
    pub progress: i64,
    pub resources: Vec<ActionResource>,
    pub error: Option<ActionError>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A resource an action touches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionResource {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
}

/// Why an action failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionError {
    pub code: String,
    pub message: String,
}

impl Action {
    /// Finished, whether it worked or not. Keyed off `status` only: a running action may already
    /// carry an error object.
    pub fn is_finished(&self) -> bool {
        !matches!(self.status, ActionStatus::Running)
    }

    /// `true` when it ended in error (or in a status vmc does not know).
    pub fn failed(&self) -> bool {
        self.is_finished() && self.status != ActionStatus::Success
    }

    /// `create_server (server 42)`.
    pub fn describe(&self) -> String {
        let res: Vec<String> = self
            .resources
            .iter()
            .map(|r| format!("{} {}", r.kind, r.id))
            .collect();
        if res.is_empty() {
            self.command.clone()
        } else {
            format!("{} ({})", self.command, res.join(", "))
        }
    }
}

/// How to wait: poll interval and an overall limit.
#[derive(Debug, Clone, Copy)]
pub struct WaitOptions {
    pub poll_interval: Duration,
    pub timeout: Duration,
}

impl Default for WaitOptions {
    /// Poll every 500 ms (like `hcloud`), give up after an hour.
    fn default() -> Self {
        WaitOptions {
            poll_interval: Duration::from_millis(500),
            timeout: Duration::from_secs(3600),
        }
    }
}

#[derive(Deserialize)]
struct Many {
    actions: Vec<Action>,
}

#[derive(Deserialize)]
struct One {
    action: Action,
}

impl Client {
    /// One action.
    pub async fn get_action(&self, id: i64) -> Result<Action, Error> {
        Ok(self
            .get::<One>(&format!("/actions/{id}"), &[])
            .await?
            .action)
    }

    /// Several actions in one request (`GET /actions?id=1&id=2`), in the order asked.
    pub async fn get_actions(&self, ids: &[i64]) -> Result<Vec<Action>, Error> {
        let mut out = Vec::with_capacity(ids.len());
        // Keep URLs short: 25 ids per request.
        for chunk in ids.chunks(25) {
            let q: Vec<(String, String)> = chunk
                .iter()
                .map(|id| ("id".to_string(), id.to_string()))
                .collect();
            let many: Many = self.get("/actions", &q).await?;
            for id in chunk {
                match many.actions.iter().find(|a| a.id == *id) {
                    Some(a) => out.push(a.clone()),
                    None => {
                        return Err(Error::Protocol(format!(
                            "GET /actions did not return action {id}"
                        )));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Polls the actions until every one has finished, calling `progress` with their latest
    /// state after each poll. Returns their final state (failed ones included: check
    /// [`Action::failed`]); errs only when polling itself fails or `opts.timeout` passes.
    pub async fn wait_for_actions(
        &self,
        actions: &[Action],
        opts: WaitOptions,
        mut progress: impl FnMut(&[Action]),
    ) -> Result<Vec<Action>, Error> {
        let start = Instant::now();
        let mut state: Vec<Action> = actions.to_vec();
        progress(&state);
        loop {
            let pending: Vec<i64> = state
                .iter()
                .filter(|a| !a.is_finished())
                .map(|a| a.id)
                .collect();
            if pending.is_empty() {
                return Ok(state);
            }
            if start.elapsed() >= opts.timeout {
                return Err(Error::Timeout(format!(
                    "actions {pending:?} still running after {:?}",
                    opts.timeout
                )));
            }
            tokio::time::sleep(opts.poll_interval).await;
            for fresh in self.get_actions(&pending).await? {
                if let Some(slot) = state.iter_mut().find(|a| a.id == fresh.id) {
                    *slot = fresh;
                }
            }
            progress(&state);
        }
    }
}
