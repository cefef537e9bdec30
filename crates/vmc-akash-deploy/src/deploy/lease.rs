//! Step `lease`: one active lease per group, never two. Groups that already have an active
//! lease on chain (an earlier run, or another tool) are adopted; the others wait for bids, and
//! their leases are created in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;
use vmc_akash::rate::Amount;

use super::bids::wait_and_choose;
use super::{DeployError, DeployOptions, DeployPlan, LeaseOut, Run, close};
use crate::events::{Event, Sink, Step};
use crate::model::BidRef;
use crate::port::{Akash, PortError};
use crate::steps::{StepLog, StepStatus, last};

/// How often a lease transaction refused for a bid no longer open sends the deploy back to
/// the bids.
const MAX_LEASE_ROUNDS: u32 = 3;

pub(super) async fn ensure_leases<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &mut DeployOptions,
) -> Result<(Vec<LeaseOut>, Option<String>), DeployError> {
    let history = r.log.history();
    let mut lease_tx = last(&history, "lease", StepStatus::Done)
        .and_then(|d| d.data["tx_hash"].as_str().map(str::to_string));
    let mut refused: BTreeSet<String> = BTreeSet::new();
    for _round in 0..MAX_LEASE_ROUNDS {
        let active = active_leases(r, plan).await?;
        let groups: BTreeSet<u32> = (1..=plan.groups.len() as u32).collect();
        let open: BTreeSet<u32> = groups
            .iter()
            .copied()
            .filter(|g| !active.contains_key(g))
            .collect();
        if open.is_empty() {
            // Leased by an earlier run (or another tool): adopt, as create does.
            r.emit(Event::Skipped {
                step: Step::Lease,
                why: "every group has an active lease on chain".into(),
            });
            if last(&history, "lease", StepStatus::Done).is_none() {
                lease_tx = lease_tx.or_else(|| {
                    last(&history, "lease", StepStatus::Begin)
                        .and_then(|b| b.data["tx_hash"].as_str().map(str::to_string))
                });
                r.record(
                    Step::Lease,
                    StepStatus::Done,
                    json!({
                        "tx_hash": lease_tx,
                        "adopted": true,
                        "leases": active.values().map(|l| bid_json(&l.id, &l.price)).collect::<Vec<_>>(),
                    }),
                )?;
            }
            return Ok((active.into_values().collect(), lease_tx));
        }
        // A lease transaction journaled by an earlier run but not confirmed may still be in
        // the mempool: give it a few polls to land before leasing again.
        if lease_tx.is_none()
            && let Some(hash) = last(&history, "lease", StepStatus::Begin)
                .and_then(|b| b.data["tx_hash"].as_str().map(str::to_string))
            && pending_lands(r, &hash, opts).await?
        {
            lease_tx = Some(hash);
            continue;
        }
        let chosen = match wait_and_choose(r, plan, opts, &open, &refused).await {
            Ok(c) => c,
            Err(DeployError::NoBids {
                dseq,
                bids,
                rejected,
                waited,
                ..
            }) => {
                let closed = if opts.keep_open || !active.is_empty() {
                    None
                } else {
                    Some(Box::new(
                        close::close_for(
                            r,
                            plan.dseq,
                            "no acceptable bid arrived, so the deposit is returned",
                        )
                        .await?,
                    ))
                };
                return Err(DeployError::NoBids {
                    dseq,
                    bids,
                    rejected,
                    waited,
                    closed,
                });
            }
            Err(e) => return Err(e),
        };
        r.cancel.check(Step::Lease)?;
        r.emit(Event::Step { step: Step::Lease });
        let msgs = chosen
            .values()
            .map(|b| crate::msgs::create_lease(&b.id))
            .collect();
        let bids_json: Vec<_> = chosen.values().map(|b| bid_json(&b.id, &b.price)).collect();
        // Set when the journal refused the `begin` record (then nothing was broadcast).
        let mut journal_error = None;
        let Run {
            akash, log, sink, ..
        } = r;
        let result = akash
            .send(msgs, &mut |hash| {
                sink.event(&Event::Broadcast {
                    step: Step::Lease,
                    tx_hash: hash.to_string(),
                });
                log.record(
                    "lease",
                    StepStatus::Begin,
                    json!({"tx_hash": hash, "bids": bids_json}),
                )
                .inspect_err(|e| journal_error = Some(e.clone()))
            })
            .await;
        if let (Err(_), Some(m)) = (&result, journal_error) {
            return Err(DeployError::Journal(m));
        }
        match result {
            Ok(done) => {
                r.emit(Event::Included {
                    step: Step::Lease,
                    tx_hash: done.hash.clone(),
                    height: done.height,
                });
                let active = active_leases(r, plan).await?;
                let leases: Vec<_> = active.values().collect();
                r.record(
                    Step::Lease,
                    StepStatus::Done,
                    json!({
                        "tx_hash": done.hash,
                        "leases": leases.iter().map(|l| bid_json(&l.id, &l.price)).collect::<Vec<_>>(),
                    }),
                )?;
                for l in &leases {
                    r.emit(Event::Leased {
                        lease: l.id.clone(),
                        price: l.price.clone(),
                    });
                }
                lease_tx = Some(done.hash);
                if active.len() == plan.groups.len() {
                    return Ok((active.into_values().collect(), lease_tx));
                }
            }
            Err(PortError::Refused { raw_log, plain, .. })
                if raw_log.contains("bid not open") || raw_log.contains("order not open") =>
            {
                r.emit(Event::Warning {
                    message: format!("{plain}; choosing again"),
                });
                // The transaction is atomic: refuse only the bids the chain no longer shows
                // open (all of them if it still shows every one open), not the other groups'.
                let now = r
                    .akash
                    .bids(plan.dseq)
                    .await
                    .map_err(DeployError::chain(Step::Lease))?;
                let gone: Vec<_> = chosen
                    .values()
                    .filter(|b| !now.iter().any(|n| n.id == b.id && n.state == "open"))
                    .collect();
                let gone = if gone.is_empty() {
                    chosen.values().collect()
                } else {
                    gone
                };
                for b in gone {
                    refused.insert(b.id.provider.clone());
                }
            }
            Err(e) => {
                return Err(DeployError::Chain {
                    step: Step::Lease,
                    error: e,
                });
            }
        }
    }
    Err(DeployError::Conflict(format!(
        "the leases of deployment {} could not be created after {MAX_LEASE_ROUNDS} rounds of bids",
        plan.dseq
    )))
}

/// Polls `hash` a few times; true when it was included with code 0.
async fn pending_lands<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    hash: &str,
    opts: &DeployOptions,
) -> Result<bool, DeployError> {
    for _ in 0..5 {
        match r
            .akash
            .tx_code(hash)
            .await
            .map_err(DeployError::chain(Step::Lease))?
        {
            Some(code) => return Ok(code == 0),
            None => tokio::time::sleep(opts.poll).await,
        }
    }
    Ok(false)
}

/// The active lease of each group.
async fn active_leases<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
) -> Result<BTreeMap<u32, LeaseOut>, DeployError> {
    let leases = r
        .akash
        .leases(plan.dseq)
        .await
        .map_err(DeployError::chain(Step::Lease))?;
    let mut out = BTreeMap::new();
    for l in leases.into_iter().filter(|l| l.state == "active") {
        out.insert(
            l.id.gseq,
            LeaseOut {
                id: l.id,
                price: l.price,
            },
        );
    }
    Ok(out)
}

/// A bid or lease as the journal records it: `{gseq, oseq, provider, price, denom}`.
fn bid_json(id: &BidRef, price: &Amount) -> serde_json::Value {
    json!({"gseq": id.gseq, "oseq": id.oseq, "provider": id.provider, "price": price.amount_text(), "denom": price.denom})
}
