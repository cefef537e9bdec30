//! `update`: a new manifest for a running deployment. On chain only the hash changes
//! (MsgUpdateDeployment carries no groups), so the new SDL must build exactly the groups the
//! deployment has; [`diff_groups`] says what differs when it does not, and [`pick_convention`]
//! finds the convention (TS or Go) whose groups match, so a deployment made by Akash Console
//! (TS) or the Go CLIs can be updated. Then the new manifest goes to every leased provider.

use std::collections::BTreeMap;

use serde_json::json;
use vmc_sdl::{Convention, GroupSpec, Sdl};

use crate::deploy::{DeployError, DeployOptions, DeployPlan, Run};
use crate::events::{Event, Sink, Step};
use crate::port::{Akash, PortError};
use crate::steps::{StepLog, StepStatus, last};

/// What differs between the on-chain groups and the new SDL's, in words (empty: none).
pub fn diff_groups(on_chain: &[GroupSpec], new: &[GroupSpec]) -> Vec<String> {
    let mut out = Vec::new();
    if on_chain.len() != new.len() {
        out.push(format!(
            "the deployment has {} group(s), the SDL builds {}",
            on_chain.len(),
            new.len()
        ));
    }
    let by_name: BTreeMap<&str, &GroupSpec> = new.iter().map(|g| (g.name.as_str(), g)).collect();
    for old in on_chain {
        let Some(g) = by_name.get(old.name.as_str()) else {
            out.push(format!("group `{}` is not in the SDL", old.name));
            continue;
        };
        let n = &old.name;
        if old.requirements != g.requirements {
            out.push(format!(
                "group `{n}`: the placement (attributes or signedBy) changed"
            ));
        }
        if old.resources.len() != g.resources.len() {
            out.push(format!(
                "group `{n}`: {} resource unit(s) on chain, {} in the SDL",
                old.resources.len(),
                g.resources.len()
            ));
        }
        for (i, (a, b)) in old.resources.iter().zip(&g.resources).enumerate() {
            let u = i + 1;
            if a.count != b.count {
                out.push(format!(
                    "group `{n}` unit {u}: count {} on chain, {} in the SDL",
                    a.count, b.count
                ));
            }
            let (ra, rb) = (&a.resource, &b.resource);
            if ra.cpu != rb.cpu {
                out.push(format!(
                    "group `{n}` unit {u}: cpu {}m on chain, {}m in the SDL",
                    ra.cpu.units, rb.cpu.units
                ));
            }
            if ra.memory != rb.memory {
                out.push(format!(
                    "group `{n}` unit {u}: memory {} bytes on chain, {} in the SDL",
                    ra.memory.quantity, rb.memory.quantity
                ));
            }
            if ra.storage != rb.storage {
                out.push(format!("group `{n}` unit {u}: storage changed"));
            }
            if ra.gpu != rb.gpu {
                out.push(format!("group `{n}` unit {u}: gpu changed"));
            }
            if ra.endpoints != rb.endpoints {
                out.push(format!(
                    "group `{n}` unit {u}: endpoints changed (global exposes or IPs added/removed)"
                ));
            }
            if a.price != b.price {
                out.push(format!(
                    "group `{n}` unit {u}: pricing {}{} on chain, {}{} in the SDL",
                    a.price.amount, a.price.denom, b.price.amount, b.price.denom
                ));
            }
        }
    }
    out
}

/// The convention whose groups equal the on-chain groups (TS first), or the differences under
/// the TS convention.
pub fn pick_convention(sdl: &Sdl, on_chain: &[GroupSpec]) -> Result<Convention, Vec<String>> {
    for c in [Convention::Ts, Convention::Go] {
        if sdl.groups(c) == on_chain {
            return Ok(c);
        }
    }
    Err(diff_groups(on_chain, &sdl.groups(Convention::Ts)))
}

/// A finished update.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Updated {
    pub dseq: u64,
    pub tx_hash: Option<String>,
    pub providers: Vec<String>,
}

/// Sends MsgUpdateDeployment (unless the chain already has the hash) and the new manifest to
/// every provider with an active lease. `plan` carries the new manifest and hash.
pub async fn run<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &DeployOptions,
) -> Result<Updated, DeployError> {
    let d = r
        .akash
        .deployment(plan.dseq)
        .await
        .map_err(DeployError::chain(Step::Update))?
        .ok_or_else(|| DeployError::Invalid(format!("deployment {} does not exist", plan.dseq)))?;
    if d.state != "active" {
        return Err(DeployError::AlreadyClosed { dseq: plan.dseq });
    }
    let mut tx_hash = last(&r.log.history(), "update", StepStatus::Done)
        .and_then(|s| s.data["tx_hash"].as_str().map(str::to_string));
    r.emit(Event::Step { step: Step::Update });
    if d.hash == plan.manifest_hash {
        r.emit(Event::Skipped {
            step: Step::Update,
            why: "the deployment already has this manifest's hash".into(),
        });
    } else {
        let msg = crate::msgs::update_deployment(&plan.owner, plan.dseq, &plan.manifest_hash);
        let dseq = plan.dseq;
        let hash_hex = hex::encode_upper(plan.manifest_hash);
        // As for the create: a refusal before anything was signed sent nothing; after, the
        // transaction was broadcast (and, refused in a block, paid its fee).
        let mut signed = false;
        let mut journal_error = None;
        let Run {
            akash, log, sink, ..
        } = r;
        let result = akash
            .send(vec![msg], &mut |h| {
                sink.event(&Event::Broadcast {
                    step: Step::Update,
                    tx_hash: h.to_string(),
                });
                signed = true;
                log.record(
                    "update",
                    StepStatus::Begin,
                    json!({"dseq": dseq, "tx_hash": h, "manifest_hash": hash_hex}),
                )
                .inspect_err(|e| journal_error = Some(e.clone()))
            })
            .await;
        let done = result.map_err(|e| match (e, journal_error) {
            (_, Some(m)) => DeployError::Journal(m),
            (e @ PortError::Refused { .. }, None) if !signed => DeployError::Refused {
                step: Step::Update,
                error: e,
            },
            (e, None) => DeployError::Chain {
                step: Step::Update,
                error: e,
            },
        })?;
        r.record(
            Step::Update,
            StepStatus::Done,
            json!({"dseq": dseq, "tx_hash": done.hash, "height": done.height}),
        )?;
        r.emit(Event::Included {
            step: Step::Update,
            tx_hash: done.hash.clone(),
            height: done.height,
        });
        tx_hash = Some(done.hash);
    }
    let leases: Vec<_> = r
        .akash
        .leases(plan.dseq)
        .await
        .map_err(DeployError::chain(Step::Manifest))?
        .into_iter()
        .filter(|l| l.state == "active")
        .map(|l| crate::deploy::LeaseOut {
            id: l.id,
            price: l.price,
        })
        .collect();
    r.emit(Event::Step {
        step: Step::Manifest,
    });
    crate::deploy::send_manifests(r, plan, opts, &leases).await?;
    let mut providers: Vec<String> = leases.iter().map(|l| l.id.provider.clone()).collect();
    providers.sort();
    providers.dedup();
    Ok(Updated {
        dseq: plan.dseq,
        tx_hash,
        providers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = r#"
version: "2.0"
services:
  web:
    image: nginx:1.27.0
    expose:
      - port: 80
        to: [{global: true}]
profiles:
  compute:
    web: {resources: {cpu: {units: 0.5}, memory: {size: 512Mi}, storage: {size: 1Gi}}}
  placement:
    dc: {pricing: {web: {denom: uact, amount: 1000}}}
deployment:
  web: {dc: {profile: web, count: 1}}
"#;

    #[test]
    fn same_groups_other_image_is_an_update() {
        let old = vmc_sdl::parse(SDL).unwrap().groups(Convention::Ts);
        let new = vmc_sdl::parse(&SDL.replace("nginx:1.27.0", "nginx:1.27.1")).unwrap();
        assert_eq!(pick_convention(&new, &old), Ok(Convention::Ts));
    }

    #[test]
    fn changed_resources_are_explained() {
        let old = vmc_sdl::parse(SDL).unwrap().groups(Convention::Ts);
        let new = vmc_sdl::parse(
            &SDL.replace("size: 512Mi", "size: 1Gi")
                .replace("count: 1", "count: 2"),
        )
        .unwrap();
        let why = pick_convention(&new, &old).unwrap_err();
        assert!(
            why.iter()
                .any(|w| w.contains("count 1 on chain, 2 in the SDL")),
            "{why:?}"
        );
        assert!(
            why.iter()
                .any(|w| w.contains("memory 536870912 bytes on chain, 1073741824 in the SDL")),
            "{why:?}"
        );
    }
}
