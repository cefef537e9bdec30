//! Operations: a mutation as an intent, step records and an outcome, all under one lock and one
//! operation id, so that a crash leaves a record of how far it got and the work can be resumed.
//!
//! * [`Journal::begin_operation`] takes the [`LockGuard`] (the operation holds the lock until
//!   it ends) and appends the intent with a fresh id.
//! * [`Operation::step`] appends one step record (`begin`, `done` or `failed`, with data) and
//!   returns only once it is on disk, so a step recorded `done` was done.
//! * [`Operation::finish`] appends the outcome and releases the lock.
//! * Dropping an [`Operation`] (or a crash, even SIGKILL) leaves it *unfinished*: the intent and
//!   the steps so far stay, the kernel releases the lock. [`Journal::unfinished`] lists such
//!   operations, and [`Journal::resume_operation`] continues one under the same id.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use serde_json::Value;
use vmc_receipt::{Draft, Phase, Platform, Receipt, ReceiptSigner, StepStatus, Target, sha256};

use crate::clock::now_rfc3339;
use crate::error::JournalError;
use crate::lock::LockGuard;
use crate::store::Journal;

/// What an operation's intent records.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationStart {
    pub platform: Platform,
    /// Akash network name, Hetzner endpoint, …
    pub network: String,
    /// Who acts: a wallet address, or `context:<name>`.
    pub actor: String,
    /// Dotted verb, e.g. `akash.deploy`.
    pub action: String,
    /// What is acted on; may be empty at first (see [`Operation::set_target`]).
    pub target: Target,
    /// Why, in the operator's words. Required (not blank).
    pub reason: String,
    /// What was asked (no secrets; big integers as strings).
    pub request: Value,
    pub vmc_version: String,
}

/// A signer an operation can keep and carry across threads.
pub type OperationSigner = Box<dyn ReceiptSigner + Send + Sync>;

/// An operation in progress: the lock is held and its intent is on disk. `Send`, so it can move
/// into an async task.
pub struct Operation {
    journal: Journal,
    guard: LockGuard,
    signer: Option<OperationSigner>,
    intent: Receipt,
    steps: Vec<Receipt>,
    target: Target,
}

const _: () = {
    const fn assert_send<T: Send>() {}
    assert_send::<Operation>();
};

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("id", &self.id())
            .field("action", &self.intent.action)
            .field("intent_seq", &self.intent.seq)
            .field("steps", &self.steps.len())
            .field("target", &self.target)
            .field("signed", &self.signer.is_some())
            .finish()
    }
}

/// One operation as recorded: its intent, steps and outcome (if it finished).
#[derive(Debug, Clone, PartialEq)]
pub struct OperationLog {
    /// The `operation` id, or `seq-<intent seq>` for an intent written without one (before
    /// operations existed, or by [`Journal::append`]).
    pub id: String,
    pub intent: Receipt,
    pub steps: Vec<Receipt>,
    pub outcome: Option<Receipt>,
}

impl OperationLog {
    /// Groups receipts (in log order) into operations, ordered by their intents. Steps and
    /// outcomes that point at no intent seen are left out (`vmc_receipt::verify_log` reports
    /// them).
    pub fn group(receipts: impl IntoIterator<Item = Receipt>) -> Vec<OperationLog> {
        let mut out: Vec<OperationLog> = Vec::new();
        let mut by_intent: HashMap<u64, usize> = HashMap::new();
        for r in receipts {
            match r.phase {
                Phase::Intent => {
                    by_intent.insert(r.seq, out.len());
                    out.push(OperationLog {
                        id: r
                            .operation
                            .clone()
                            .unwrap_or_else(|| format!("seq-{}", r.seq)),
                        intent: r,
                        steps: Vec::new(),
                        outcome: None,
                    });
                }
                Phase::Step | Phase::Outcome => {
                    let Some(&i) = r.intent_seq.and_then(|s| by_intent.get(&s)) else {
                        continue;
                    };
                    let op = &mut out[i];
                    if r.phase == Phase::Step {
                        op.steps.push(r);
                    } else if op.outcome.is_none() {
                        op.outcome = Some(r);
                    }
                }
            }
        }
        out
    }

    pub fn is_finished(&self) -> bool {
        self.outcome.is_some()
    }

    /// The latest target recorded (outcome, else last step, else intent).
    pub fn target(&self) -> &Target {
        &self
            .outcome
            .as_ref()
            .or(self.steps.last())
            .unwrap_or(&self.intent)
            .target
    }

    /// All its receipts in log order.
    pub fn receipts(&self) -> impl Iterator<Item = &Receipt> {
        std::iter::once(&self.intent)
            .chain(&self.steps)
            .chain(&self.outcome)
    }
}

/// The id of an operation whose intent follows the receipt with hash `prev` (hex; 64 zeros for
/// the first), written at `timestamp` for `action` by process `pid`: `op-` and the first 12 hex
/// digits of SHA-256 over the UTF-8 text `prev ‖ timestamp ‖ action ‖ pid` (pid in decimal).
/// Deterministic given the log, the clock and the pid; since `prev` differs at every position of
/// a log, ids do not repeat ([`Journal::begin_operation`] also checks, and would extend the
/// input with `#1`, `#2`, … on a 48-bit collision).
pub fn operation_id(prev: &str, timestamp: &str, action: &str, pid: u32) -> String {
    id_attempt(prev, timestamp, action, pid, 0)
}

/// The operation ids of the log's intents (a torn or unreadable line is skipped: the append
/// refuses a torn tail or a broken chain anyway).
fn operation_ids(log: &[u8]) -> HashSet<String> {
    #[derive(Deserialize)]
    struct Id {
        #[serde(default)]
        operation: Option<String>,
    }
    vmc_receipt::split_log(log)
        .lines
        .iter()
        .filter_map(|(_, raw)| serde_json::from_slice::<Id>(raw).ok()?.operation)
        .collect()
}

fn id_attempt(prev: &str, timestamp: &str, action: &str, pid: u32, n: u32) -> String {
    let mut input = format!("{prev}{timestamp}{action}{pid}");
    if n > 0 {
        input.push_str(&format!("#{n}"));
    }
    let digest = sha256(input.as_bytes());
    format!("op-{}", hex::encode(&digest[..6]))
}

fn as_dyn(signer: &Option<OperationSigner>) -> Option<&dyn ReceiptSigner> {
    signer.as_deref().map(|s| s as &dyn ReceiptSigner)
}

impl Journal {
    /// Starts an operation: appends (and fsyncs) its intent with a fresh operation id
    /// ([`operation_id`]) and keeps `guard` until [`Operation::finish`] (or a drop).
    pub fn begin_operation(
        &self,
        guard: LockGuard,
        start: OperationStart,
        signer: Option<OperationSigner>,
    ) -> Result<Operation, JournalError> {
        self.check_guard(&guard)?;
        let timestamp = now_rfc3339()?;
        let mut draft = Draft::intent(
            timestamp.clone(),
            start.platform,
            start.network,
            start.actor,
            start.action.clone(),
            start.target,
            start.reason,
            start.request,
            start.vmc_version,
        );
        let pid = std::process::id();
        let intent = self.append_with(
            &guard,
            |prev, log| {
                let taken = operation_ids(log);
                let mut n = 0;
                let id = loop {
                    let id = id_attempt(prev, &timestamp, &start.action, pid, n);
                    if !taken.contains(&id) {
                        break id;
                    }
                    n += 1;
                };
                draft.operation = Some(id);
                Ok(draft)
            },
            as_dyn(&signer),
        )?;
        Ok(Operation {
            journal: self.clone(),
            guard,
            signer,
            target: intent.target.clone(),
            intent,
            steps: Vec::new(),
        })
    }

    /// Continues the unfinished operation `id` (after a crash, or a drop) under `guard`: its
    /// intent and the steps recorded so far are loaded, later records keep its id and its
    /// latest target. [`JournalError::UnknownOperation`] if the log has no such operation,
    /// [`JournalError::OperationFinished`] if it has its outcome.
    pub fn resume_operation(
        &self,
        guard: LockGuard,
        id: &str,
        signer: Option<OperationSigner>,
    ) -> Result<Operation, JournalError> {
        self.check_guard(&guard)?;
        let log = self
            .operations()?
            .into_iter()
            .find(|o| o.intent.operation.as_deref() == Some(id))
            .ok_or_else(|| JournalError::UnknownOperation { id: id.to_string() })?;
        if let Some(o) = &log.outcome {
            return Err(JournalError::OperationFinished {
                id: id.to_string(),
                seq: o.seq,
            });
        }
        Ok(Operation {
            journal: self.clone(),
            guard,
            signer,
            target: log.target().clone(),
            intent: log.intent,
            steps: log.steps,
        })
    }

    /// Every operation in the log, by intent order, including intent/outcome pairs written
    /// without an operation id (id `seq-<intent seq>`). A torn final line is ignored.
    pub fn operations(&self) -> Result<Vec<OperationLog>, JournalError> {
        Ok(OperationLog::group(self.receipts()?))
    }

    /// The operations without an outcome: interrupted (or still running in another process).
    pub fn unfinished(&self) -> Result<Vec<OperationLog>, JournalError> {
        Ok(self
            .operations()?
            .into_iter()
            .filter(|o| !o.is_finished())
            .collect())
    }
}

impl Operation {
    /// The operation id (`op-…`).
    pub fn id(&self) -> &str {
        self.intent.operation.as_deref().unwrap_or_default()
    }

    /// The intent receipt (on disk).
    pub fn intent(&self) -> &Receipt {
        &self.intent
    }

    /// The step receipts recorded so far, including those from before a resume.
    pub fn steps(&self) -> &[Receipt] {
        &self.steps
    }

    /// The latest `done` step named `name`: its data is in `response`.
    pub fn last_done(&self, name: &str) -> Option<&Receipt> {
        self.steps.iter().rev().find(|r| {
            r.step
                .as_ref()
                .is_some_and(|s| s.name == name && s.status == StepStatus::Done)
        })
    }

    /// The target later step and outcome records carry.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Sets the target of later step and outcome records (it may become known mid-operation,
    /// e.g. a dseq, then a lease's `{dseq, owner, provider}`). It is recorded with the next step
    /// or the outcome, and [`Journal::resume_operation`] starts from the latest one recorded.
    pub fn set_target(&mut self, target: impl Into<Target>) {
        self.target = target.into();
    }

    /// The journal the operation writes to.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The held lock (e.g. for [`Journal::append`] of an unrelated record).
    pub fn guard(&self) -> &LockGuard {
        &self.guard
    }

    /// Appends a step record (`data` in `response`, `request` null) and returns once it is on
    /// disk (fsync).
    pub fn step(
        &mut self,
        name: &str,
        status: StepStatus,
        data: Value,
    ) -> Result<Receipt, JournalError> {
        self.append_step(name, status, data, None)
    }

    /// Appends a `failed` step record with `error`.
    pub fn step_failed(
        &mut self,
        name: &str,
        error: String,
        data: Value,
    ) -> Result<Receipt, JournalError> {
        self.append_step(name, StepStatus::Failed, data, Some(error))
    }

    fn append_step(
        &mut self,
        name: &str,
        status: StepStatus,
        data: Value,
        error: Option<String>,
    ) -> Result<Receipt, JournalError> {
        let mut draft = Draft::step_of(&self.intent, now_rfc3339()?, name, status, data, error);
        draft.target = self.target.clone();
        let r = self
            .journal
            .append(&self.guard, draft, as_dyn(&self.signer))?;
        self.steps.push(r.clone());
        Ok(r)
    }

    /// Appends the outcome (`Ok(response)`: success; `Err(message)`: failure), then releases
    /// the lock. On an error the outcome is not recorded, the lock is released all the same and
    /// the operation stays unfinished (resumable).
    pub fn finish(self, result: Result<Value, String>) -> Result<Receipt, JournalError> {
        let mut draft = Draft::outcome_of(&self.intent, now_rfc3339()?, result);
        draft.target = self.target.clone();
        let r = self
            .journal
            .append(&self.guard, draft, as_dyn(&self.signer))?;
        drop(self);
        Ok(r)
    }
}
