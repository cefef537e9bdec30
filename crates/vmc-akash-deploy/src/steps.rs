//! The step log: what a workflow writes (and fsyncs) before and after each side effect, and
//! reads back on resume. In production it is a `vmc_journal::Operation` (its step receipts);
//! [`MemoryLog`] keeps it in memory for tests.
//!
//! Records are evidence, not authority: on resume every step is checked against the chain
//! before it is redone (see [`crate::deploy`]).

use serde::Serialize;
use serde_json::Value;
pub use vmc_receipt::StepStatus;

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepRecord {
    pub step: String,
    pub status: StepStatus,
    pub data: Value,
}

/// Where steps are recorded.
pub trait StepLog {
    /// Appends a record; it must be durable when this returns.
    fn record(&mut self, step: &str, status: StepStatus, data: Value) -> Result<(), String>;
    /// Every record so far, oldest first (including those of earlier runs).
    fn history(&self) -> Vec<StepRecord>;
}

/// The latest record of `step` with `status`.
pub fn last<'a>(h: &'a [StepRecord], step: &str, status: StepStatus) -> Option<&'a StepRecord> {
    h.iter()
        .rev()
        .find(|r| r.step == step && r.status == status)
}

/// An in-memory log (tests, dry runs).
#[derive(Debug, Default, Clone)]
pub struct MemoryLog(pub Vec<StepRecord>);

impl StepLog for MemoryLog {
    fn record(&mut self, step: &str, status: StepStatus, data: Value) -> Result<(), String> {
        self.0.push(StepRecord {
            step: step.to_string(),
            status,
            data,
        });
        Ok(())
    }
    fn history(&self) -> Vec<StepRecord> {
        self.0.clone()
    }
}

impl StepLog for vmc_journal::Operation {
    fn record(&mut self, step: &str, status: StepStatus, data: Value) -> Result<(), String> {
        self.step(step, status, data)
            .map(|_| ())
            .map_err(|e| format!("the step record could not be written: {e}"))
    }
    fn history(&self) -> Vec<StepRecord> {
        self.steps()
            .iter()
            .filter_map(|r| {
                let s = r.step.as_ref()?;
                Some(StepRecord {
                    step: s.name.clone(),
                    status: s.status,
                    data: r.response.clone(),
                })
            })
            .collect()
    }
}
