//! `vmc akash manifest send DSEQ SDL`: send a deployment's manifest again to every provider that
//! holds one of its active leases (a provider that restarted, or lost it). No transaction: the
//! manifest must be the deployed one, so the caller builds it in each convention (TS and Go) and
//! [`check`] takes the one whose hash is the deployment's on-chain hash.
//!
//! Steps recorded per provider: `manifest` `begin {provider, manifest_hash}` and `done`.
//! Transient failures (connection, 404 before the provider sees the lease, 5xx) are retried
//! with backoff for a window by `put`, which the deploy's manifest step uses too.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;

use super::{OpError, deployment_or_not_found};
use crate::deploy::Cancel;
use crate::events::{Event, Sink, Step};
use crate::model::ProviderInfo;
use crate::port::{Akash, PortError};
use crate::steps::{StepLog, StepStatus};

/// One way to build the manifest from the SDL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// `ts` or `go`.
    pub convention: String,
    pub manifest_json: String,
    pub hash: [u8; 32],
}

/// The manifest to send and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestPlan {
    pub dseq: u64,
    /// The convention whose hash matched.
    pub convention: String,
    /// Hex (lower case), equal to the on-chain hash.
    pub manifest_hash: String,
    #[serde(skip)]
    pub manifest_json: String,
    /// Providers of the active leases, sorted.
    pub providers: Vec<String>,
}

/// How long transient failures are retried.
#[derive(Debug, Clone)]
pub struct ManifestOptions {
    /// Default 60 s.
    pub window: Duration,
}

impl Default for ManifestOptions {
    fn default() -> Self {
        ManifestOptions {
            window: Duration::from_secs(60),
        }
    }
}

/// The manifest was accepted by every provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestSent {
    pub dseq: u64,
    pub convention: String,
    pub manifest_hash: String,
    pub providers: Vec<String>,
}

/// Picks the candidate whose hash is the deployment's (else [`OpError::Invalid`] with the
/// on-chain hash and every candidate's), and the providers of its active leases (none:
/// [`OpError::Conflict`]). Nothing is sent.
pub async fn check<A: Akash>(
    akash: &A,
    dseq: u64,
    candidates: &[Candidate],
) -> Result<ManifestPlan, OpError> {
    let d = deployment_or_not_found(akash, dseq, "manifest").await?;
    if d.state != "active" {
        return Err(OpError::Conflict(format!(
            "deployment {dseq} is {}: no provider runs it",
            d.state
        )));
    }
    let chosen = candidates
        .iter()
        .find(|c| c.hash.as_slice() == d.hash.as_slice())
        .ok_or_else(|| {
            OpError::Invalid(format!(
                "the SDL is not the one deployed as {dseq}: the deployment's hash is {}, the SDL's is {}",
                hex::encode(&d.hash),
                sdl_hashes(candidates)
            ))
        })?;
    let providers: BTreeSet<String> = super::lease_providers(akash, dseq)
        .await
        .map_err(OpError::chain("manifest"))?
        .into_iter()
        .collect();
    if providers.is_empty() {
        return Err(OpError::Conflict(format!(
            "deployment {dseq} has no active lease: there is no provider to send the manifest to"
        )));
    }
    Ok(ManifestPlan {
        dseq,
        convention: chosen.convention.clone(),
        manifest_hash: hex::encode(chosen.hash),
        manifest_json: chosen.manifest_json.clone(),
        providers: providers.into_iter().collect(),
    })
}

/// `H (ts)`, `H1 (ts) or H2 (go)`, or `H (ts and go)` when both conventions agree.
fn sdl_hashes(candidates: &[Candidate]) -> String {
    let mut by_hash: Vec<([u8; 32], Vec<&str>)> = Vec::new();
    for c in candidates {
        match by_hash.iter_mut().find(|(h, _)| *h == c.hash) {
            Some((_, names)) => names.push(&c.convention),
            None => by_hash.push((c.hash, vec![&c.convention])),
        }
    }
    by_hash
        .iter()
        .map(|(h, names)| format!("{} ({})", hex::encode(h), names.join(" and ")))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Sends the plan's manifest to each provider in turn, retrying transient failures.
pub async fn send<A: Akash, L: StepLog>(
    akash: &A,
    log: &mut L,
    sink: &mut dyn Sink,
    plan: &ManifestPlan,
    opts: &ManifestOptions,
) -> Result<ManifestSent, OpError> {
    let step = Step::Manifest.as_str();
    for provider in &plan.providers {
        let info = akash
            .provider(provider)
            .await
            .map_err(OpError::chain("manifest"))?;
        let data = json!({"provider": provider, "manifest_hash": plan.manifest_hash});
        log.record(step, StepStatus::Begin, data.clone())
            .map_err(OpError::Journal)?;
        let sent = put(
            akash,
            sink,
            &info,
            plan.dseq,
            &plan.manifest_json,
            opts.window,
            None,
        )
        .await
        .map_err(|e| match e {
            PutError::Port(PortError::Gateway {
                status, message, ..
            }) => OpError::Gateway {
                provider: info.address.clone(),
                status,
                message,
            },
            PutError::Port(error) => OpError::Chain {
                step: "manifest",
                error,
            },
            // Not without a cancel; said as what it would mean.
            PutError::Cancelled => OpError::Gateway {
                provider: info.address.clone(),
                status: None,
                message: "interrupted before the provider accepted it".into(),
            },
        });
        if let Err(e) = sent {
            let _ = log.record(
                step,
                StepStatus::Failed,
                json!({"provider": provider, "manifest_hash": plan.manifest_hash, "error": e.to_string()}),
            );
            return Err(e);
        }
        log.record(step, StepStatus::Done, data)
            .map_err(OpError::Journal)?;
        sink.event(&Event::ManifestAccepted {
            provider: provider.clone(),
        });
    }
    Ok(ManifestSent {
        dseq: plan.dseq,
        convention: plan.convention.clone(),
        manifest_hash: plan.manifest_hash.clone(),
        providers: plan.providers.clone(),
    })
}

/// Why [`put`] gave up.
#[derive(Debug)]
pub(crate) enum PutError {
    /// The cancel was asked for while a retry was due.
    Cancelled,
    /// A refusal (not transient), a transient failure after the window, or a failure of the
    /// port (`PortError::Gateway` for the provider's answers).
    Port(PortError),
}

/// Sends `manifest_json` of deployment `dseq` to one provider (`PUT /deployment/{dseq}/manifest`,
/// idempotent). Transient gateway failures (connection, 404 before the provider sees the lease,
/// 5xx) are retried with backoff (0.5 s, 1 s, 2 s, then every 4 s) while `window` since the
/// first attempt has not passed; each retry is reported to `sink` as [`Event::Retry`] (step
/// `manifest`), and `cancel`, when given, is checked before each wait.
pub(crate) async fn put<A: Akash>(
    akash: &A,
    sink: &mut dyn Sink,
    provider: &ProviderInfo,
    dseq: u64,
    manifest_json: &str,
    window: Duration,
    cancel: Option<&Cancel>,
) -> Result<(), PutError> {
    let start = Instant::now();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        match akash.send_manifest(provider, dseq, manifest_json).await {
            Ok(()) => return Ok(()),
            Err(PortError::Gateway {
                transient: true,
                message,
                ..
            }) if start.elapsed() < window => {
                sink.event(&Event::Retry {
                    step: Step::Manifest,
                    provider: provider.address.clone(),
                    attempt,
                    message,
                });
                if cancel.is_some_and(Cancel::is_cancelled) {
                    return Err(PutError::Cancelled);
                }
                let wait = Duration::from_millis(250 * 2u64.pow(attempt.min(4)));
                let left = window.saturating_sub(start.elapsed());
                tokio::time::sleep(wait.min(left).max(Duration::from_millis(1))).await;
            }
            Err(e) => return Err(PutError::Port(e)),
        }
    }
}
