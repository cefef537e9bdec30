//! `vmc akash manifest send DSEQ SDL`: send a deployment's manifest again to every provider that
//! holds one of its active leases (a provider that restarted, or lost it). No transaction: the
//! manifest must be the deployed one, so the caller builds it in each convention (TS and Go) and
//! [`check`] takes the one whose hash is the deployment's on-chain hash.
//!
//! Steps recorded per provider: `manifest` `begin {provider, manifest_hash}` and `done`.
//! Transient failures (connection, 404 before the provider sees the lease, 5xx) are retried
//! with backoff for a window.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;

use super::{OpError, OpEvent, OpSink, deployment_or_not_found};
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
    let providers: BTreeSet<String> = akash
        .leases(dseq)
        .await
        .map_err(OpError::chain("manifest"))?
        .into_iter()
        .filter(|l| l.state == "active")
        .map(|l| l.id.provider)
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
    sink: &mut dyn OpSink,
    plan: &ManifestPlan,
    opts: &ManifestOptions,
) -> Result<ManifestSent, OpError> {
    for provider in &plan.providers {
        let info = akash
            .provider(provider)
            .await
            .map_err(OpError::chain("manifest"))?;
        let data = json!({"provider": provider, "manifest_hash": plan.manifest_hash});
        log.record("manifest", StepStatus::Begin, data.clone())
            .map_err(OpError::Journal)?;
        if let Err(e) = send_one(akash, sink, plan, &info, opts).await {
            let _ = log.record(
                "manifest",
                StepStatus::Failed,
                json!({"provider": provider, "manifest_hash": plan.manifest_hash, "error": e.to_string()}),
            );
            return Err(e);
        }
        log.record("manifest", StepStatus::Done, data)
            .map_err(OpError::Journal)?;
        sink.op_event(&OpEvent::ManifestAccepted {
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

async fn send_one<A: Akash>(
    akash: &A,
    sink: &mut dyn OpSink,
    plan: &ManifestPlan,
    info: &ProviderInfo,
    opts: &ManifestOptions,
) -> Result<(), OpError> {
    let start = Instant::now();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        match akash
            .send_manifest(info, plan.dseq, &plan.manifest_json)
            .await
        {
            Ok(()) => return Ok(()),
            Err(PortError::Gateway {
                transient: true,
                message,
                ..
            }) if start.elapsed() < opts.window => {
                sink.op_event(&OpEvent::Retry {
                    op: "manifest".into(),
                    provider: info.address.clone(),
                    attempt,
                    message,
                });
                let wait = Duration::from_millis(250 * 2u64.pow(attempt.min(4)));
                let left = opts.window.saturating_sub(start.elapsed());
                tokio::time::sleep(wait.min(left).max(Duration::from_millis(1))).await;
            }
            Err(PortError::Gateway {
                status, message, ..
            }) => {
                return Err(OpError::Gateway {
                    provider: info.address.clone(),
                    status,
                    message,
                });
            }
            Err(e) => {
                return Err(OpError::Chain {
                    step: "manifest",
                    error: e,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::CollectOps;
    use crate::ops::fake::FakeAkash;
    use crate::steps::MemoryLog;

    fn candidates() -> Vec<Candidate> {
        vec![
            Candidate {
                convention: "ts".into(),
                manifest_json: "[\"ts\"]".into(),
                hash: [1; 32],
            },
            Candidate {
                convention: "go".into(),
                manifest_json: "[\"go\"]".into(),
                hash: [2; 32],
            },
        ]
    }

    #[tokio::test]
    async fn picks_the_convention_whose_hash_is_on_chain() {
        let f = FakeAkash::new();
        f.with_deployment(4, 1, &["akash1q", "akash1p", "akash1q"]);
        f.set_hash(4, [2; 32]);
        let plan = check(&f, 4, &candidates()).await.unwrap();
        assert_eq!(plan.convention, "go");
        assert_eq!(plan.providers, vec!["akash1p", "akash1q"]);
        f.st.lock().unwrap().manifest_failures = 2;
        let (mut log, mut sink) = (MemoryLog::default(), CollectOps::default());
        let opts = ManifestOptions {
            window: Duration::from_secs(30),
        };
        let sent = send(&f, &mut log, &mut sink, &plan, &opts).await.unwrap();
        assert_eq!(sent.providers.len(), 2);
        let st = f.st.lock().unwrap();
        assert_eq!(st.manifests.len(), 2);
        assert!(st.manifests.iter().all(|m| m.2 == "[\"go\"]" && m.1 == 4));
        let retries = sink
            .0
            .iter()
            .filter(|e| matches!(e, OpEvent::Retry { .. }))
            .count();
        assert_eq!(retries, 2);
        assert_eq!(log.0.len(), 4);
    }

    #[tokio::test]
    async fn another_sdl_is_refused_with_both_hashes() {
        let f = FakeAkash::new();
        f.with_deployment(4, 1, &["akash1p"]);
        let e = check(&f, 4, &candidates()).await.unwrap_err();
        let m = e.to_string();
        assert!(matches!(e, OpError::Invalid(_)), "{m}");
        assert!(m.contains(&hex::encode([7u8; 32])), "{m}");
        assert!(m.contains(&hex::encode([1u8; 32])) && m.contains(&hex::encode([2u8; 32])));
        let mut same = candidates();
        same[1].hash = [1; 32];
        let m = check(&f, 4, &same).await.unwrap_err().to_string();
        assert!(
            m.contains(&format!("{} (ts and go)", hex::encode([1u8; 32]))),
            "{m}"
        );
    }

    #[tokio::test]
    async fn a_refusal_is_not_retried() {
        let f = FakeAkash::new();
        f.with_deployment(4, 1, &["akash1p"]);
        f.set_hash(4, [1; 32]);
        f.st.lock().unwrap().manifest_refused = vec!["akash1p".into()];
        let plan = check(&f, 4, &candidates()).await.unwrap();
        let (mut log, mut sink) = (MemoryLog::default(), CollectOps::default());
        let e = send(&f, &mut log, &mut sink, &plan, &ManifestOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                &e,
                OpError::Gateway {
                    status: Some(422),
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(log.0.last().unwrap().status, StepStatus::Failed);
    }
}
