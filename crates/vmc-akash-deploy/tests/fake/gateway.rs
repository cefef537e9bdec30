//! The provider half of the fake: a gateway per provider that checks a manifest against the
//! chain (a lease, the on-chain hash, the group names: §6.6, §8.1) and reports its services.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use vmc_akash_deploy::model::{BidRef, ServiceState};
use vmc_akash_deploy::port::PortError;

use super::chain::Chain;

/// How a gateway answers `PUT /deployment/{dseq}/manifest` (after its own checks pass).
#[derive(Debug, Clone, PartialEq)]
pub enum ManifestAnswer {
    Accept,
    /// Fails `times` times with `status` (404, 503: transient), then accepts.
    Transient {
        times: u32,
        status: u16,
    },
    /// Always refuses with `status` (422).
    Reject(u16),
}

#[derive(Debug, Clone)]
pub struct Gateway {
    pub reachable: bool,
    pub manifest: ManifestAnswer,
    /// Lease status polls (after the manifest) before the services are ready.
    pub ready_after: u32,
    /// The accepted manifest per dseq.
    pub manifests: BTreeMap<u64, String>,
    pub attempts: u32,
    pub accepted: u32,
    pub polls: BTreeMap<(u64, u32, u32), u32>,
}

impl Default for Gateway {
    fn default() -> Self {
        Gateway {
            reachable: true,
            manifest: ManifestAnswer::Accept,
            ready_after: 2,
            manifests: BTreeMap::new(),
            attempts: 0,
            accepted: 0,
            polls: BTreeMap::new(),
        }
    }
}

fn gw(provider: &str, status: Option<u16>, message: &str, transient: bool) -> PortError {
    PortError::Gateway {
        provider: provider.to_string(),
        status,
        message: message.to_string(),
        transient,
    }
}

fn unreachable(provider: &str) -> PortError {
    gw(provider, None, "connection refused", true)
}

fn has_lease(chain: &Chain, provider: &str, dseq: u64) -> bool {
    chain.leases.iter().any(|l| {
        l.id.dseq == dseq
            && l.id.provider == provider
            && l.id.owner == chain.owner
            && l.state == "active"
    })
}

impl Gateway {
    pub fn probe(&self, provider: &str) -> Result<(), PortError> {
        if self.reachable {
            Ok(())
        } else {
            Err(unreachable(provider))
        }
    }

    pub fn put_manifest(
        &mut self,
        chain: &Chain,
        provider: &str,
        dseq: u64,
        json: &str,
    ) -> Result<(), PortError> {
        if !self.reachable {
            return Err(unreachable(provider));
        }
        self.attempts += 1;
        match &mut self.manifest {
            ManifestAnswer::Accept => {}
            ManifestAnswer::Transient { times, status } if *times > 0 => {
                *times -= 1;
                let s = *status;
                return Err(gw(provider, Some(s), &format!("HTTP {s}"), true));
            }
            ManifestAnswer::Transient { .. } => {}
            ManifestAnswer::Reject(s) => {
                let s = *s;
                return Err(gw(provider, Some(s), "manifest invalid", false));
            }
        }
        if !has_lease(chain, provider, dseq) {
            return Err(gw(provider, Some(404), "no lease for deployment", true));
        }
        let d = &chain.deployments[&dseq];
        // The provider hashes the decoded manifest canonically; the plan's JSON is canonical.
        if Sha256::digest(json.as_bytes()).as_slice() != d.hash.as_slice() {
            return Err(gw(
                provider,
                Some(422),
                "manifest version validation failed",
                false,
            ));
        }
        let names = group_names(json);
        let leased = chain
            .leases
            .iter()
            .filter(|l| l.id.dseq == dseq && l.id.provider == provider && l.state == "active");
        for l in leased {
            let g = d
                .groups
                .iter()
                .find(|g| g.gseq == l.id.gseq)
                .expect("leased group");
            if !names.contains(&g.name) {
                return Err(gw(
                    provider,
                    Some(422),
                    "manifest lacks a leased group",
                    false,
                ));
            }
        }
        self.manifests.insert(dseq, json.to_string());
        self.accepted += 1;
        Ok(())
    }

    /// `GET /lease/{dseq}/{gseq}/{oseq}/status`: the services of the lease's group.
    pub fn status(
        &mut self,
        chain: &Chain,
        provider: &str,
        lease: &BidRef,
    ) -> Result<Vec<ServiceState>, PortError> {
        if !self.reachable {
            return Err(unreachable(provider));
        }
        let active = chain
            .leases
            .iter()
            .any(|l| &l.id == lease && l.state == "active");
        let manifest = self.manifests.get(&lease.dseq);
        let (true, Some(manifest)) = (active, manifest) else {
            return Err(gw(provider, Some(404), "lease not found", true));
        };
        let group = &chain.deployments[&lease.dseq]
            .groups
            .iter()
            .find(|g| g.gseq == lease.gseq)
            .expect("leased group")
            .name;
        let polls = self
            .polls
            .entry((lease.dseq, lease.gseq, lease.oseq))
            .or_default();
        *polls += 1;
        let ready = *polls > self.ready_after;
        Ok(services(manifest, group)
            .into_iter()
            .map(|(name, count)| ServiceState {
                uris: if ready {
                    vec![format!("{name}-{}.ingress.{provider}.test", lease.dseq)]
                } else {
                    Vec::new()
                },
                name,
                ready: if ready { count } else { 0 },
                total: count,
                forwarded: Vec::new(),
            })
            .collect())
    }
}

fn groups(json: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<Vec<serde_json::Value>>(json).unwrap_or_default()
}

fn group_names(json: &str) -> Vec<String> {
    groups(json)
        .iter()
        .filter_map(|g| g["name"].as_str().map(str::to_string))
        .collect()
}

fn services(json: &str, group: &str) -> Vec<(String, i64)> {
    groups(json)
        .iter()
        .filter(|g| g["name"] == group)
        .flat_map(|g| g["services"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| {
            Some((
                s["name"].as_str()?.to_string(),
                s["count"].as_i64().unwrap_or(1),
            ))
        })
        .collect()
}
