//! Bulk seeding for benchmarks: active deployments with a lease each, written straight into the
//! state but shaped exactly as the real transactions and the provider would have left them, so
//! that every REST route (deployments, groups, orders, bids, leases, escrow) and the provider
//! gateway show them like real ones.
//!
//! Each seeded deployment has one group `dcloud` (one `web` unit: 0.5 CPU, 512Mi, 1Gi, an HTTP
//! endpoint, 1000 uact per block, requirement `host=akash`), an escrow account holding
//! [`DEPOSIT_UACT`] uact from the owner, order 1 active, the bid of one of the genesis
//! providers active at that provider's price (its bid deposit held in its bid escrow account),
//! an active lease with its escrow payment at the bid price, and the manifest accepted by the
//! provider (the deployment hash is that manifest's hash). Leasing providers are the ones
//! eligible for the group ([`crate::providers::eligible`]), taken in turn.
//!
//! The coins come from nowhere: the owner is credited its deposit (and each provider its bid
//! deposit) right before the deposit is taken, so balances are unchanged and any address can be
//! seeded. The dseqs are the current height and up, skipping the owner's existing ones.

use serde_json::{Value, json};

use crate::escrow;
use crate::groupspec as g;
use crate::market;
use crate::provider::canon;
use crate::providers;
use crate::spec;
use crate::state::*;

/// The deposit of each seeded deployment, in uact (5 ACT).
pub const DEPOSIT_UACT: u128 = 5_000_000;

const MI: u64 = 1 << 20;

fn group_spec() -> g::GroupSpec {
    g::GroupSpec {
        name: "dcloud".into(),
        requirements: g::PlacementRequirements {
            signed_by: g::SignedBy::default(),
            attributes: vec![g::Attribute::new("host", "akash")],
        },
        resources: vec![g::ResourceUnit {
            resource: g::Resources {
                id: 1,
                cpu: g::Cpu {
                    units: 500,
                    attributes: vec![],
                },
                memory: g::Memory {
                    quantity: 512 * MI,
                    attributes: vec![],
                },
                storage: vec![g::Storage {
                    name: "default".into(),
                    quantity: 1024 * MI,
                    attributes: vec![],
                }],
                gpu: g::Gpu::default(),
                endpoints: vec![g::Endpoint {
                    kind: g::EndpointKind::SharedHttp,
                    sequence_number: 0,
                }],
            },
            count: 1,
            price: g::DecCoin {
                denom: UACT.into(),
                amount: "1000".into(),
            },
        }],
    }
}

/// The manifest (one group) matching [`group_spec`], as a client would send it.
fn manifest() -> Value {
    json!([{
        "name": "dcloud",
        "services": [{
            "name": "web",
            "image": "nginx:1.27.4",
            "command": null,
            "args": null,
            "env": null,
            "resources": {
                "id": 1,
                "cpu": {"units": {"val": "500"}},
                "memory": {"size": {"val": (512 * MI).to_string()}},
                "storage": [{"name": "default", "size": {"val": (1024 * MI).to_string()}}],
                "gpu": {"units": {"val": "0"}},
                "endpoints": [{"sequence_number": 0}],
            },
            "count": 1,
            "expose": [{
                "port": 80,
                "externalPort": 80,
                "proto": "TCP",
                "service": "",
                "global": true,
                "hosts": null,
                "httpOptions": {
                    "maxBodySize": 1048576,
                    "readTimeout": 60000,
                    "sendTimeout": 60000,
                    "nextTries": 3,
                    "nextTimeout": 0,
                    "nextCases": ["error", "timeout"],
                },
                "ip": "",
                "endpointSequenceNumber": 0,
            }],
            "params": null,
            "credentials": null,
        }],
    }])
}

/// Creates `count` active, leased deployments of `owner` (see the module docs) and returns
/// their dseqs. Fewer (none) when no genesis provider other than `owner` may lease the group.
pub fn deployments(st: &mut ChainState, owner: &str, count: usize) -> Vec<u64> {
    let spec = group_spec();
    let eligible: Vec<Provider> = st
        .providers
        .values()
        .filter(|p| p.owner != owner && providers::eligible(&spec, p, &providers::view(st, p)))
        .cloned()
        .collect();
    if eligible.is_empty() {
        return Vec::new();
    }
    let manifest = manifest();
    let hash = canon::hash(&manifest).to_vec();
    let max = spec::max_price(&spec);
    let deposit = DEPOSIT_UACT.max(st.params.min_deposits.get(UACT).copied().unwrap_or(0));
    let h = st.height;
    let mut dseq = h.max(1);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        while st.deployments.contains_key(&dkey(owner, dseq)) {
            dseq += 1;
        }
        let provider = &eligible[i % eligible.len()];
        // MsgCreateDeployment: the deployment, its escrow account and group, order 1.
        st.credit(owner, UACT, deposit);
        st.debit(owner, UACT, deposit);
        st.deployments.insert(
            dkey(owner, dseq),
            Deployment {
                owner: owner.to_string(),
                dseq,
                state: DeploymentState::Active,
                hash: hash.clone(),
                created_at: h,
                reclamation_secs: None,
            },
        );
        escrow::open_account(
            st,
            Scope::Deployment,
            &format!("{owner}/{dseq}"),
            owner,
            owner,
            "balance",
            UACT,
            deposit,
        );
        st.groups.insert(
            gkey(owner, dseq, 1),
            Group {
                owner: owner.to_string(),
                dseq,
                gseq: 1,
                state: GroupState::Open,
                spec: spec.clone(),
                created_at: h,
            },
        );
        market::open_next_order(st, owner, dseq, 1);
        let bid = BidId {
            owner: owner.to_string(),
            dseq,
            gseq: 1,
            oseq: 1,
            provider: provider.owner.clone(),
            bseq: 0,
        };
        let ok = okey(&bid.order());
        st.fresh_orders.retain(|k| *k != ok);
        // The provider's bid at its price, then MsgCreateLease.
        let price = max * provider.price_ppm as u128 / 1_000_000;
        let (bid_deposit, now_ms) = (st.params.bid_min_deposit, st.time_ms);
        st.credit(&provider.owner, UACT, bid_deposit);
        if !market::create_bid(st, &bid, UACT, price, now_ms) {
            break;
        }
        market::create_lease(st, &bid);
        // The manifest, accepted by the provider's gateway.
        st.provider_manifests.insert(
            bkey(&bid),
            StoredManifest {
                group: manifest[0].clone(),
                received_ms: st.time_ms,
            },
        );
        st.mark_manifest_received(&bid);
        out.push(dseq);
        dseq += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::manifest::ManifestGroup;

    #[test]
    fn the_seeded_manifest_fits_the_seeded_group() {
        let groups: Vec<ManifestGroup> = serde_json::from_value(manifest()).unwrap();
        let on_chain = [Group {
            owner: "akash1owner".into(),
            dseq: 1,
            gseq: 1,
            state: GroupState::Open,
            spec: group_spec(),
            created_at: 0,
        }];
        crate::provider::fit::check(&groups, &on_chain).unwrap();
    }

    #[test]
    fn the_seeded_group_is_priced_in_uact() {
        let spec = group_spec();
        assert_eq!(spec::denom(&spec), UACT);
        assert_eq!(spec::max_price(&spec), 1000 * crate::dec::SCALE);
    }
}
