//! The one-command deploy as a state machine:
//! preflight → create → bids → select → lease → manifest → ready.
//!
//! Each step is idempotent and checked against the chain before it runs, so [`run`] both
//! starts a deploy and finishes an interrupted one (the step log holds what an earlier run did;
//! the chain is the authority):
//!
//! | step | before the side effect | on resume |
//! |---|---|---|
//! | create | `begin {dseq, tx_hash}` fsynced before the broadcast | the deployment on chain with the same hash is adopted; a journaled hash not on chain is signed again (same dseq) |
//! | lease | `begin {tx_hash, bids}` | an active lease of a group is adopted: never a second lease per group |
//! | manifest | `begin {provider}` | sent again (the PUT is idempotent) |
//! | ready | – | polled again |
//!
//! Cancellation ([`Cancel`]) is checked between steps and in every wait: the step in flight
//! finishes and is recorded, then [`DeployError::Interrupted`] names where it stopped.

mod bids;
mod close;
mod create;
mod lease;
mod manifest;
mod ready;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;
use vmc_akash::rate::Amount;

pub use close::{Closed, close_deployment};

use crate::events::{Event, Sink, Step};
use crate::model::{Bid, BidRef, ProviderInfo, ServiceState};
use crate::policy::{Policy, Select};
use crate::port::{Akash, PortError};
use crate::steps::StepLog;

/// A workflow that has been asked to stop.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }
    /// Asks the workflow to stop after the step in flight.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
    pub(crate) fn check(&self, step: Step) -> Result<(), DeployError> {
        if self.is_cancelled() {
            Err(DeployError::Interrupted { step })
        } else {
            Ok(())
        }
    }
}

/// What is deployed: everything the SDL engine and the preflight computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeployPlan {
    pub owner: String,
    pub dseq: u64,
    #[serde(skip)]
    pub groups: Vec<vmc_sdl::GroupSpec>,
    /// The pricing and deposit denom (`uact`).
    pub denom: String,
    #[serde(skip)]
    pub manifest_json: String,
    #[serde(serialize_with = "hex32")]
    pub manifest_hash: [u8; 32],
    /// Micro units of `denom`.
    pub deposit: u128,
    pub reclamation_secs: Option<u64>,
    /// Services that must show a URI before the deploy is ready (global HTTP exposes).
    pub expect_uris: BTreeSet<String>,
}

impl DeployPlan {
    /// The plan's `MsgCreateDeployment` (funded from the owner's balance).
    pub fn create_msg(&self) -> vmc_akash::tx::Msg {
        crate::msgs::create_deployment(
            &self.owner,
            self.dseq,
            &self.groups,
            &self.manifest_hash,
            &self.denom,
            self.deposit,
            self.reclamation_secs,
        )
    }
}

fn hex32<S: serde::Serializer>(b: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(b))
}

/// How to choose a bid interactively: given the group and its ranked candidates, the index
/// to take (`None`: none of them).
pub type Chooser = Box<dyn FnMut(u32, &[crate::policy::Candidate]) -> Option<usize> + Send>;

/// Knobs of a deploy run.
pub struct DeployOptions {
    pub policy: Policy,
    /// Longest wait for acceptable bids (default 5 min).
    pub bid_timeout: Duration,
    /// Longest wait for the services to be ready (default 5 min).
    pub ready_timeout: Duration,
    /// How often to poll bids and readiness (default 1 s).
    pub poll: Duration,
    /// How long transient manifest failures are retried (default 60 s).
    pub manifest_window: Duration,
    /// Keep the deployment open when no bid is taken.
    pub keep_open: bool,
    /// Take a dseq other than the plan's when it is already used (fresh deploys only).
    pub next_dseq_if_taken: bool,
    /// Used with `Select::Interactive`.
    pub chooser: Option<Chooser>,
}

impl Default for DeployOptions {
    fn default() -> Self {
        DeployOptions {
            policy: Policy::default(),
            bid_timeout: Duration::from_secs(300),
            ready_timeout: Duration::from_secs(300),
            poll: Duration::from_secs(1),
            manifest_window: Duration::from_secs(60),
            keep_open: false,
            next_dseq_if_taken: true,
            chooser: None,
        }
    }
}

/// A lease the deploy made or adopted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaseOut {
    pub id: BidRef,
    /// Per block.
    pub price: Amount,
}

/// A finished deploy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deployed {
    pub dseq: u64,
    pub create_tx: Option<String>,
    pub lease_tx: Option<String>,
    pub leases: Vec<LeaseOut>,
    pub services: Vec<ServiceState>,
    /// The escrow balance when the deploy finished.
    pub escrow: Option<Amount>,
}

/// Why a deploy stopped. Every variant but `Funds` and `Invalid` leaves a resumable state.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("{0}")]
    Invalid(String),
    #[error(
        "not enough {denom}: the wallet holds {have} and needs {need} ({what})",
        have = crate::ops::human(*have, denom), need = crate::ops::human(*need, denom)
    )]
    Funds {
        denom: String,
        have: u128,
        need: u128,
        what: String,
    },
    #[error("{}", no_bids_message(*dseq, bids.len(), rejected.len(), *waited))]
    NoBids {
        dseq: u64,
        bids: Vec<Bid>,
        rejected: Vec<(Bid, String)>,
        waited: Duration,
        /// `Some(refund)` when the deployment was closed.
        closed: Option<Box<Closed>>,
    },
    #[error("{step}: {error}")]
    Chain { step: Step, error: PortError },
    /// The chain refused a transaction before it was broadcast (simulation): nothing was sent.
    #[error("{step}: {error}; nothing was sent")]
    Refused { step: Step, error: PortError },
    #[error("provider {provider} refused the manifest{}: {message}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Manifest {
        provider: String,
        status: Option<u16>,
        message: String,
    },
    #[error("the services were not ready within {}", humantime::format_duration(*waited))]
    NotReady {
        services: Vec<ServiceState>,
        waited: Duration,
    },
    #[error("interrupted during {step}")]
    Interrupted { step: Step },
    /// The interactive chooser took none of a group's bids: the deployment stays open with its
    /// deposit, for `--resume` (choose again) or `--abandon` (close and refund).
    #[error("no bid was taken for group {gseq}: the choice was declined")]
    Declined { gseq: u32 },
    #[error("deployment {dseq} is closed on chain: there is nothing to resume")]
    AlreadyClosed { dseq: u64 },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Journal(String),
}

fn no_bids_message(dseq: u64, bids: usize, rejected: usize, waited: Duration) -> String {
    let waited = humantime::format_duration(Duration::from_secs(waited.as_secs()));
    if bids == 0 {
        format!("no provider bid on deployment {dseq} within {waited}")
    } else {
        format!(
            "none of the {bids} bids on deployment {dseq} passed the policy within {waited} ({rejected} refused)"
        )
    }
}

impl DeployError {
    /// Whether `--resume` can finish the deploy from here.
    pub fn resumable(&self) -> bool {
        matches!(
            self,
            DeployError::Chain { .. }
                | DeployError::Manifest { .. }
                | DeployError::NotReady { .. }
                | DeployError::Interrupted { .. }
                | DeployError::Declined { .. }
                | DeployError::Journal(_)
        ) || matches!(self, DeployError::NoBids { closed: None, .. })
    }

    pub(crate) fn chain(step: Step) -> impl FnOnce(PortError) -> DeployError {
        move |error| DeployError::Chain { step, error }
    }
}

/// Everything a deploy run touches.
pub struct Run<'a, A: Akash, L: StepLog, S: Sink> {
    pub akash: &'a A,
    pub log: &'a mut L,
    pub sink: &'a mut S,
    pub cancel: Cancel,
}

impl<A: Akash, L: StepLog, S: Sink> Run<'_, A, L, S> {
    pub(crate) fn emit(&mut self, e: Event) {
        self.sink.event(&e);
    }

    pub(crate) fn record(
        &mut self,
        step: Step,
        status: crate::steps::StepStatus,
        data: serde_json::Value,
    ) -> Result<(), DeployError> {
        self.log
            .record(step.as_str(), status, data)
            .map_err(DeployError::Journal)
    }
}

/// Sends the plan's manifest to every provider of `leases` (transient failures retried),
/// recording a `manifest` step per provider.
pub async fn send_manifests<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &DeployOptions,
    leases: &[LeaseOut],
) -> Result<(), DeployError> {
    let providers = providers_of(r, leases).await?;
    manifest::send_all(r, plan, opts, &providers).await
}

/// The on-chain records of the providers of `leases`, each looked up once (for the manifest
/// and the readiness steps alike).
async fn providers_of<A: Akash, L: StepLog, S: Sink>(
    r: &Run<'_, A, L, S>,
    leases: &[LeaseOut],
) -> Result<BTreeMap<String, ProviderInfo>, DeployError> {
    let mut providers = BTreeMap::new();
    for l in leases {
        if !providers.contains_key(&l.id.provider) {
            let p = r
                .akash
                .provider(&l.id.provider)
                .await
                .map_err(DeployError::chain(Step::Manifest))?;
            providers.insert(l.id.provider.clone(), p);
        }
    }
    Ok(providers)
}

/// Checks that the wallet can pay: `deposit` in the plan's denom, and fees in uakt for the
/// create, the lease and a close (three times the create's simulated fee; the fixed
/// [`FEE_RESERVE_UAKT`] when the simulation cannot run, e.g. on a taken dseq).
pub async fn preflight<A: Akash>(akash: &A, plan: &DeployPlan) -> Result<(), DeployError> {
    let funds = akash
        .funds()
        .await
        .map_err(DeployError::chain(Step::Preflight))?;
    let have = if plan.denom == "uakt" {
        funds.uakt
    } else {
        funds.uact
    };
    if have < plan.deposit {
        return Err(DeployError::Funds {
            denom: plan.denom.clone(),
            have,
            need: plan.deposit,
            what: "the deposit".into(),
        });
    }
    let (need, how) = match akash.estimate_fee(vec![plan.create_msg()]).await {
        Ok(fee) if fee > 0 => (
            fee.saturating_mul(FEE_TRANSACTIONS),
            format!(
                "{} transactions at about {} each, as simulated",
                FEE_TRANSACTIONS,
                crate::ops::human(fee, "uakt")
            ),
        ),
        _ => (FEE_RESERVE_UAKT, "the default reserve".to_string()),
    };
    if funds.uakt < need {
        return Err(DeployError::Funds {
            denom: "uakt".into(),
            have: funds.uakt,
            need,
            what: format!("fees for the deployment, lease and close transactions: {how}"),
        });
    }
    Ok(())
}

/// The transactions a deploy may pay fees for: create, lease, and the close when no bid is
/// taken.
const FEE_TRANSACTIONS: u128 = 3;

/// What the preflight asks the wallet to hold for fees when the create cannot be simulated
/// (0.1 AKT: three transactions at the default gas price with room to spare).
pub const FEE_RESERVE_UAKT: u128 = 100_000;

/// Runs (or resumes) the deploy of `plan`. The plan's `dseq` may move forward when it is taken
/// and `next_dseq_if_taken` is set; the returned [`Deployed`] has the final one.
pub async fn run<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &mut DeployPlan,
    opts: &mut DeployOptions,
) -> Result<Deployed, DeployError> {
    if opts.policy.select == Select::Interactive && opts.chooser.is_none() {
        // Checked before anything is sent, not when the bids are in.
        return Err(DeployError::Invalid(
            "interactive selection needs a chooser (a terminal)".into(),
        ));
    }
    r.cancel.check(Step::Create)?;
    r.emit(Event::Step { step: Step::Create });
    let create_tx = create::ensure(r, plan, opts).await?;

    r.cancel.check(Step::Bids)?;
    let (leases, lease_tx) = lease::ensure_leases(r, plan, opts).await?;

    r.cancel.check(Step::Manifest)?;
    r.emit(Event::Step {
        step: Step::Manifest,
    });
    let providers = providers_of(r, &leases).await?;
    manifest::send_all(r, plan, opts, &providers).await?;

    r.cancel.check(Step::Ready)?;
    r.emit(Event::Step { step: Step::Ready });
    let services = ready::wait(r, plan, opts, &leases, &providers).await?;

    let escrow = r
        .akash
        .deployment(plan.dseq)
        .await
        .ok()
        .flatten()
        .and_then(|d| d.escrow);
    Ok(Deployed {
        dseq: plan.dseq,
        create_tx,
        lease_tx,
        leases,
        services,
        escrow,
    })
}
