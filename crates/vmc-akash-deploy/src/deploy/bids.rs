//! Steps `bids` and `select`: wait for acceptable bids, then pick one per group (policy,
//! interactive chooser, gateway probe).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use super::{DeployError, DeployOptions, DeployPlan, Run};
use crate::events::{Event, Sink, Step};
use crate::model::{Bid, ProviderInfo};
use crate::policy::{Ranking, Select, rank};
use crate::port::Akash;
use crate::steps::StepLog;

/// The chosen bid per group.
pub(super) type Chosen = BTreeMap<u32, Bid>;

/// Waits until every group in `open` has an acceptable bid (or the policy's window is over),
/// then chooses. On timeout: [`DeployError::NoBids`] (the caller closes the deployment).
pub(super) async fn wait_and_choose<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &mut DeployOptions,
    open: &BTreeSet<u32>,
    refused: &BTreeSet<String>,
) -> Result<Chosen, DeployError> {
    r.emit(Event::Step { step: Step::Bids });
    let start = Instant::now();
    let block_secs = r.akash.block_secs().await;
    let mut providers: BTreeMap<String, ProviderInfo> = BTreeMap::new();
    let mut reported = BTreeSet::new();
    // Providers whose gateway did not answer the probe, and why: not taken again.
    let mut unreachable: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let all = r
            .akash
            .bids(plan.dseq)
            .await
            .map_err(DeployError::chain(Step::Bids))?;
        let bids: Vec<Bid> = all
            .into_iter()
            .filter(|b| open.contains(&b.id.gseq) && b.state == "open")
            .filter(|b| !refused.contains(&b.id.provider))
            .collect();
        for b in &bids {
            if !providers.contains_key(&b.id.provider)
                && let Ok(p) = r.akash.provider(&b.id.provider).await
            {
                providers.insert(p.address.clone(), p);
            }
        }
        let usable: Vec<Bid> = bids
            .iter()
            .filter(|b| !unreachable.contains_key(&b.id.provider))
            .cloned()
            .collect();
        let ranking = rank(&usable, &providers, &opts.policy, &plan.denom, block_secs);
        for (b, why) in &ranking.rejected {
            if reported.insert(b.id.clone()) {
                r.emit(Event::Rejected {
                    bid: b.id.clone(),
                    reason: why.clone(),
                });
            }
        }
        let elapsed = start.elapsed();
        let cheapest = ranking
            .groups
            .values()
            .filter_map(|c| c.first())
            .map(|c| c.per_block.clone())
            .min_by(|a, b| a.base.cmp(&b.base));
        r.emit(Event::Bids {
            elapsed,
            bids: bids.len(),
            cheapest,
        });
        let complete = open.iter().all(|g| ranking.groups.contains_key(g));
        let window_over = opts.policy.wait_for_bids.is_none_or(|w| elapsed >= w);
        if complete && (window_over || elapsed >= opts.bid_timeout) {
            match choose(r, plan, opts, ranking.clone(), &providers, &mut unreachable).await {
                // Every candidate of a group has a gateway that does not answer: wait for
                // other bids while there is time.
                Err(DeployError::NoBids { .. }) if elapsed < opts.bid_timeout => {}
                other => return other,
            }
        }
        if elapsed >= opts.bid_timeout {
            let mut rejected = ranking.rejected;
            for b in &bids {
                if let Some(why) = unreachable.get(&b.id.provider) {
                    rejected.push((b.clone(), why.clone()));
                }
            }
            return Err(DeployError::NoBids {
                dseq: plan.dseq,
                bids,
                rejected,
                waited: elapsed,
                closed: None,
            });
        }
        r.cancel.check(Step::Bids)?;
        let left = opts.bid_timeout.saturating_sub(elapsed);
        let nap = match opts.policy.wait_for_bids {
            Some(w) if complete => w.saturating_sub(elapsed).min(opts.poll),
            _ => opts.poll,
        };
        tokio::time::sleep(nap.min(left).max(Duration::from_millis(10))).await;
    }
}

async fn choose<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &mut DeployOptions,
    ranking: Ranking,
    providers: &BTreeMap<String, ProviderInfo>,
    unreachable: &mut BTreeMap<String, String>,
) -> Result<Chosen, DeployError> {
    r.emit(Event::Step { step: Step::Select });
    let mut chosen = Chosen::new();
    let mut rejected = ranking.rejected.clone();
    for (gseq, mut candidates) in ranking.groups.clone() {
        loop {
            candidates.retain(|c| !unreachable.contains_key(&c.bid.id.provider));
            if candidates.is_empty() {
                break;
            }
            let idx = match (&opts.policy.select, opts.chooser.as_mut()) {
                (Select::Interactive, Some(ask)) => match ask(gseq, &candidates) {
                    Some(i) if i < candidates.len() => i,
                    _ => return Err(DeployError::Declined { gseq }),
                },
                (Select::Interactive, None) => {
                    return Err(DeployError::Invalid(
                        "interactive selection needs a chooser (a terminal)".into(),
                    ));
                }
                _ => 0,
            };
            let c = candidates.remove(idx);
            let probe = match providers.get(&c.bid.id.provider) {
                Some(p) => r.akash.probe(p).await.map_err(|e| e.to_string()),
                None => Err("provider not found on chain".to_string()),
            };
            match probe {
                Ok(()) => {
                    r.emit(Event::Selected {
                        bid: c.bid.id.clone(),
                        price: c.per_block.clone(),
                    });
                    chosen.insert(gseq, c.bid);
                    break;
                }
                Err(why) => {
                    let reason = format!("its gateway does not answer: {why}");
                    r.emit(Event::Rejected {
                        bid: c.bid.id.clone(),
                        reason: reason.clone(),
                    });
                    unreachable.insert(c.bid.id.provider.clone(), reason.clone());
                    rejected.push((c.bid, reason));
                }
            }
        }
        if !chosen.contains_key(&gseq) {
            return Err(DeployError::NoBids {
                dseq: plan.dseq,
                bids: rejected.iter().map(|(b, _)| b.clone()).collect(),
                rejected,
                waited: Duration::ZERO,
                closed: None,
            });
        }
    }
    Ok(chosen)
}
