//! The simulated providers: in the block after an order opens, every eligible provider bids at
//! its share of the order's maximum price; bids close after the bid timeout without a lease, and
//! leases after the manifest timeout without a manifest (§7.1). Eligibility is the devnet's own
//! [`matching`] (§9), plus the provider's own CPU/GPU limits.

use crate::groupspec::GroupSpec;
use crate::market;
use crate::matching::{self, AuditRecord, ProviderAttributes};
use crate::spec;
use crate::state::*;

/// What matching sees of a provider: its own attributes and its audit records on chain.
pub fn view(st: &ChainState, p: &Provider) -> ProviderAttributes {
    let prefix = format!("{}/", p.owner);
    let audits = st
        .audits
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(_, a)| AuditRecord {
            auditor: a.auditor.clone(),
            attributes: a.attributes.clone(),
        })
        .collect();
    ProviderAttributes {
        own: p.attributes.clone(),
        audits,
    }
}

/// Whether the provider would bid on this group: §9 matching and its own capacity limits.
pub fn eligible(spec: &GroupSpec, p: &Provider, v: &ProviderAttributes) -> bool {
    if p.max_cpu_millis > 0
        && spec
            .resources
            .iter()
            .any(|r| r.resource.cpu.units > p.max_cpu_millis)
    {
        return false;
    }
    if spec
        .resources
        .iter()
        .any(|r| r.resource.gpu.units > p.max_gpus)
    {
        return false;
    }
    matching::would_bid(spec, v)
}

/// Provider work for the block at `st.height`.
pub fn on_block(st: &mut ChainState, now_ms: i64) {
    bid_on_fresh_orders(st, now_ms);
    close_stale_bids(st, now_ms);
    close_leases_without_manifest(st, now_ms);
}

fn bid_on_fresh_orders(st: &mut ChainState, now_ms: i64) {
    let h = st.height;
    let fresh = std::mem::take(&mut st.fresh_orders);
    let (ready, later): (Vec<String>, Vec<String>) = fresh
        .into_iter()
        .partition(|k| st.orders.get(k).is_some_and(|o| o.created_at < h));
    st.fresh_orders = later;
    if st.no_bids {
        return;
    }
    let providers: Vec<Provider> = st.providers.values().cloned().collect();
    for ok in ready {
        if st.no_bid_orders.contains(&ok) {
            continue;
        }
        let Some(order) = st.orders.get(&ok).cloned() else {
            continue;
        };
        if order.state != OrderState::Open {
            continue;
        }
        let max = spec::max_price(&order.spec);
        let denom = spec::denom(&order.spec).to_string();
        let mut count = 0u32;
        for p in &providers {
            if count >= st.params.order_max_bids {
                break;
            }
            if p.owner == order.id.owner {
                continue;
            }
            let v = view(st, p);
            if !eligible(&order.spec, p, &v) {
                continue;
            }
            let price = max * p.price_ppm as u128 / 1_000_000;
            if price == 0 || price > max {
                continue;
            }
            let b = BidId {
                owner: order.id.owner.clone(),
                dseq: order.id.dseq,
                gseq: order.id.gseq,
                oseq: order.id.oseq,
                provider: p.owner.clone(),
                bseq: 0,
            };
            if market::create_bid(st, &b, &denom, price, now_ms) {
                count += 1;
            }
        }
    }
}

fn close_stale_bids(st: &mut ChainState, now_ms: i64) {
    let limit = st.params.bid_timeout_secs * 1000;
    let stale: Vec<BidId> = st
        .bids
        .values()
        .filter(|b| b.state == BidState::Open && now_ms - b.created_ms >= limit)
        .map(|b| b.id.clone())
        .collect();
    for b in stale {
        market::finish_bid(st, &b, BidState::Closed);
    }
}

fn close_leases_without_manifest(st: &mut ChainState, now_ms: i64) {
    let limit = st.params.manifest_timeout_secs * 1000;
    let late: Vec<BidId> = st
        .leases
        .iter()
        .filter(|(k, l)| {
            l.state == LeaseState::Active
                && now_ms - l.created_ms >= limit
                && !st.manifests.contains(*k)
        })
        .map(|(_, l)| l.id.clone())
        .collect();
    for b in late {
        market::close_lease(st, &b, LeaseState::Closed, reason::MANIFEST_TIMEOUT, true);
    }
}

/// Fault: the provider drops an active lease (closes it with reason `unspecified`) and forgets
/// its manifest.
pub fn drop_lease(st: &mut ChainState, b: &BidId) -> bool {
    if st
        .leases
        .get(&bkey(b))
        .is_some_and(|l| l.state == LeaseState::Active)
    {
        market::close_lease(st, b, LeaseState::Closed, reason::UNSPECIFIED, true);
        st.provider_manifests.remove(&bkey(b));
        true
    } else {
        false
    }
}
