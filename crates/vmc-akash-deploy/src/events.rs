//! What a workflow reports while it runs: typed events sent to a [`Sink`] that the front end
//! renders (a TTY spinner, plain stderr lines, `-o jsonl` on stdout), as a searcher feeds a
//! sink and a printer. The deploy and update workflows and the smaller jobs of
//! [`crate::ops`] report with the same events.

use std::time::Duration;

use serde::Serialize;
use vmc_akash::rate::Amount;

use crate::model::{BidRef, ServiceState};

/// The steps of a deploy, in order, then those of the other workflows (`close` and `manifest`
/// are shared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Preflight,
    Create,
    Bids,
    Select,
    Lease,
    Manifest,
    Ready,
    Close,
    Update,
    /// `vmc akash deposit`.
    Deposit,
    /// `vmc akash mint-act`: the mint transaction, then the wait for the epoch.
    Mint,
    /// `vmc akash lease close`.
    LeaseClose,
    /// `vmc akash cert create|revoke`.
    Cert,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Preflight => "preflight",
            Step::Create => "create",
            Step::Bids => "bids",
            Step::Select => "select",
            Step::Lease => "lease",
            Step::Manifest => "manifest",
            Step::Ready => "ready",
            Step::Close => "close",
            Step::Update => "update",
            Step::Deposit => "deposit",
            Step::Mint => "mint",
            Step::LeaseClose => "lease_close",
            Step::Cert => "cert",
        }
    }
}

/// In words: [`Step::as_str`] with spaces (`lease close`).
impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Step::LeaseClose => "lease close",
            other => other.as_str(),
        })
    }
}

/// One event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A step begins.
    Step { step: Step },
    /// A step was already done (by an earlier run): the chain confirms it.
    Skipped { step: Step, why: String },
    /// A transaction was signed and is being broadcast.
    Broadcast { step: Step, tx_hash: String },
    /// A transaction was included.
    Included {
        step: Step,
        tx_hash: String,
        height: u64,
    },
    /// The deployment exists on chain.
    Created { dseq: u64, deposit: Amount },
    /// Waiting for bids (sent on every poll).
    Bids {
        #[serde(serialize_with = "secs")]
        elapsed: Duration,
        bids: usize,
        cheapest: Option<Amount>,
    },
    /// A bid the policy (or a probe) refused.
    Rejected { bid: BidRef, reason: String },
    /// The chosen bid of a group.
    Selected { bid: BidRef, price: Amount },
    /// A lease exists.
    Leased { lease: BidRef, price: Amount },
    /// Waiting for something that happens on chain later (sent on every poll): the epoch that
    /// credits a mint.
    Waiting {
        step: Step,
        #[serde(serialize_with = "secs")]
        elapsed: Duration,
        height: u64,
        message: String,
    },
    /// A manifest send failed and will be tried again.
    Retry {
        step: Step,
        provider: String,
        attempt: u32,
        message: String,
    },
    /// A provider accepted the manifest.
    ManifestAccepted { provider: String },
    /// Services' readiness (sent on every poll until ready).
    Services {
        #[serde(serialize_with = "secs")]
        elapsed: Duration,
        services: Vec<ServiceState>,
    },
    /// Everything is running.
    Ready { services: Vec<ServiceState> },
    /// The deployment is being closed.
    Closing { dseq: u64, why: String },
    /// The deployment was closed; `refund` is what came back.
    Closed { dseq: u64, refund: Option<Amount> },
    /// A warning worth showing.
    Warning { message: String },
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 10.0).round() / 10.0)
}

/// Where events go.
pub trait Sink {
    fn event(&mut self, event: &Event);
}

/// Collects events (tests, and callers that render at the end).
#[derive(Debug, Default)]
pub struct Collect(pub Vec<Event>);

impl Sink for Collect {
    fn event(&mut self, event: &Event) {
        self.0.push(event.clone());
    }
}

impl<F: FnMut(&Event)> Sink for F {
    fn event(&mut self, event: &Event) {
        self(event)
    }
}
