//! Step `create`: the deployment exists on chain with the plan's hash.

use serde_json::json;

use super::{DeployError, DeployOptions, DeployPlan, Run};
use crate::events::{Event, Sink, Step};
use crate::port::{Akash, PortError};
use crate::steps::{StepLog, StepStatus, last};

/// How many taken dseqs a fresh deploy skips before giving up.
const MAX_DSEQ_TRIES: u32 = 5;
/// How many polls an included create may take to become visible.
const MAX_VISIBLE_WAITS: u32 = 20;

/// Returns the create transaction's hash (None when an earlier run's deployment was adopted
/// without knowing it).
pub(super) async fn ensure<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &mut DeployPlan,
    opts: &DeployOptions,
) -> Result<Option<String>, DeployError> {
    let history = r.log.history();
    let done = last(&history, "create", StepStatus::Done).cloned();
    let begun = last(&history, "create", StepStatus::Begin).cloned();
    if let Some(d) = done.as_ref().or(begun.as_ref())
        && let Some(dseq) = d.data["dseq"].as_u64()
    {
        plan.dseq = dseq;
    }
    let resuming = begun.is_some();
    let mut visible_waits = 0u32;
    let mut tries = 0u32;
    while tries < MAX_DSEQ_TRIES + visible_waits {
        tries += 1;
        match r
            .akash
            .deployment(plan.dseq)
            .await
            .map_err(DeployError::chain(Step::Create))?
        {
            Some(d) if d.state == "active" && d.hash == plan.manifest_hash => {
                if resuming {
                    r.emit(Event::Skipped {
                        step: Step::Create,
                        why: format!("deployment {} is on chain", plan.dseq),
                    });
                    let tx = done
                        .as_ref()
                        .or(begun.as_ref())
                        .and_then(|d| d.data["tx_hash"].as_str().map(str::to_string));
                    if done.is_none() {
                        r.record(
                            Step::Create,
                            StepStatus::Done,
                            json!({"dseq": plan.dseq, "tx_hash": tx, "adopted": true}),
                        )?;
                    }
                    return Ok(tx);
                }
                // A fresh run whose dseq is taken by an identical deployment: still another
                // deployment; take the next dseq.
                next(plan, opts)?;
            }
            Some(d) if resuming => {
                return Err(if d.state != "active" {
                    DeployError::AlreadyClosed { dseq: plan.dseq }
                } else {
                    DeployError::Conflict(format!(
                        "deployment {} on chain has another manifest hash than this SDL: it is not the one this deploy created",
                        plan.dseq
                    ))
                });
            }
            Some(_) => next(plan, opts)?,
            None => {
                if let Some(hash) = begun.as_ref().and_then(|b| b.data["tx_hash"].as_str())
                    && let Some(code) = r
                        .akash
                        .tx_code(hash)
                        .await
                        .map_err(DeployError::chain(Step::Create))?
                    && code == 0
                {
                    // Included but not yet visible: look again after a poll (this is not
                    // another dseq try).
                    visible_waits += 1;
                    if visible_waits > MAX_VISIBLE_WAITS {
                        return Err(DeployError::Conflict(format!(
                            "the create transaction of deployment {} is on chain but the deployment is not visible on this node",
                            plan.dseq
                        )));
                    }
                    tokio::time::sleep(opts.poll).await;
                    continue;
                }
                match send_create(r, plan).await {
                    Ok(tx) => return Ok(Some(tx)),
                    // Refused in simulation (`Refused`) or after the broadcast (`Chain`).
                    Err(
                        DeployError::Chain {
                            error: PortError::Refused { raw_log, .. },
                            ..
                        }
                        | DeployError::Refused {
                            error: PortError::Refused { raw_log, .. },
                            ..
                        },
                    ) if raw_log.to_ascii_lowercase().contains("deployment exists") => {
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Err(DeployError::Conflict(format!(
        "{MAX_DSEQ_TRIES} dseqs in a row are taken (last tried {}); pass --dseq",
        plan.dseq
    )))
}

fn next(plan: &mut DeployPlan, opts: &DeployOptions) -> Result<(), DeployError> {
    if !opts.next_dseq_if_taken {
        return Err(DeployError::Conflict(format!(
            "deployment {} already exists; pass another --dseq (or omit it)",
            plan.dseq
        )));
    }
    plan.dseq += 1;
    Ok(())
}

async fn send_create<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
) -> Result<String, DeployError> {
    let msg = plan.create_msg();
    let dseq = plan.dseq;
    let mut signed = false;
    // Set when the journal refused the `begin` record (then nothing was broadcast).
    let mut journal_error = None;
    let Run {
        akash, log, sink, ..
    } = r;
    let result = akash
        .send(vec![msg], &mut |hash| {
            sink.event(&Event::Broadcast {
                step: Step::Create,
                tx_hash: hash.to_string(),
            });
            signed = true;
            log.record(
                "create",
                StepStatus::Begin,
                json!({"dseq": dseq, "tx_hash": hash}),
            )
            .inspect_err(|e| journal_error = Some(e.clone()))
        })
        .await;
    let done = result.map_err(|e| match (e, journal_error) {
        (_, Some(m)) => DeployError::Journal(m),
        (e @ PortError::Refused { .. }, None) if !signed => DeployError::Refused {
            step: Step::Create,
            error: e,
        },
        (e, None) => DeployError::Chain {
            step: Step::Create,
            error: e,
        },
    })?;
    r.record(
        Step::Create,
        StepStatus::Done,
        json!({"dseq": dseq, "tx_hash": done.hash, "height": done.height}),
    )?;
    r.emit(Event::Included {
        step: Step::Create,
        tx_hash: done.hash.clone(),
        height: done.height,
    });
    let deposit = crate::ops::amount(&plan.denom, plan.deposit);
    r.emit(Event::Created { dseq, deposit });
    Ok(done.hash)
}
