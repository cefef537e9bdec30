//! `/version`, `/address`, `/status` (public) and the lease status of §8.2: per service the
//! ingress URIs (`<id>.ingress.devnet.localhost`, `id` derived from the lease and the service,
//! plus the `accept` hosts), replicas ready once `replicas_ready_ms` (devnet clock) have passed
//! since the manifest arrived, forwarded ports for global non-HTTP exposes (deterministic node
//! ports in 30000–32767) and leased IPs.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::auth::Identity;
use super::lease::{self, LeasePath};
use super::manifest::{ManifestGroup, ManifestService};
use super::{CLUSTER_PUBLIC_HOSTNAME, Gw, GwError};
use crate::state::{BidId, BidState, LeaseState, StoredManifest, bkey};

pub async fn version() -> Json<Value> {
    Json(json!({
        "akash": {
            "version": "v0.10.0-vmc-devnet",
            "commit": "devnet",
            "buildTags": "",
            "go": "n/a (vmc devnet)",
            "cosmosSdkVersion": "v0.53"
        },
        "kube": {
            "major": "1", "minor": "31", "gitVersion": "v1.31.0-devnet", "gitCommit": "devnet",
            "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "n/a",
            "compiler": "gc", "platform": "linux/amd64"
        }
    }))
}

pub async fn address(State(gw): State<Gw>) -> Json<Value> {
    Json(json!({"address": gw.address}))
}

pub async fn provider_status(State(gw): State<Gw>) -> Json<Value> {
    let chain = gw.app.lock();
    let st = &chain.st;
    let leases = st
        .leases
        .values()
        .filter(|l| l.state == LeaseState::Active && l.id.provider == gw.address)
        .count();
    let manifests = st
        .provider_manifests
        .keys()
        .filter(|k| {
            st.leases
                .get(*k)
                .is_some_and(|l| l.state == LeaseState::Active && l.id.provider == gw.address)
        })
        .count();
    let orders = st
        .bids
        .values()
        .filter(|b| b.state == BidState::Open && b.id.provider == gw.address)
        .count();
    Json(json!({
        "cluster": {
            "leases": leases,
            "inventory": {
                "available": {"nodes": [{
                    "name": "devnet-node-1",
                    "allocatable": {"cpu": 64000, "gpu": 8, "memory": 274877906944u64, "storage_ephemeral": 2199023255552u64},
                    "available": {"cpu": 64000, "gpu": 8, "memory": 274877906944u64, "storage_ephemeral": 2199023255552u64}
                }]}
            }
        },
        "bidengine": {"orders": orders},
        "manifest": {"deployments": manifests},
        "cluster_public_hostname": CLUSTER_PUBLIC_HOSTNAME,
        "address": gw.address,
    }))
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize().into()
}

/// The generated ingress host name of a service of a lease.
pub fn ingress_host(lease: &BidId, service: &str) -> String {
    let d = digest(&[&bkey(lease), service]);
    format!(
        "{}.ingress.{CLUSTER_PUBLIC_HOSTNAME}",
        &hex::encode(&d[..13])
    )
}

/// The node port assigned to a forwarded expose (30000–32767).
pub fn node_port(lease: &BidId, service: &str, port: u32, proto: &str) -> u32 {
    let d = digest(&[&bkey(lease), service, &port.to_string(), proto]);
    30000 + (u16::from_be_bytes([d[0], d[1]]) as u32 % 2768)
}

/// Replicas ready now (0 until the delay has passed).
pub fn ready_replicas(s: &ManifestService, m: &StoredManifest, now_ms: i64, delay_ms: i64) -> u32 {
    if now_ms - m.received_ms >= delay_ms {
        s.count
    } else {
        0
    }
}

fn service_json(lease: &BidId, s: &ManifestService, ready: u32) -> Value {
    let mut uris: Vec<String> = Vec::new();
    for e in s.expose.iter().flatten().filter(|e| e.is_http()) {
        let own = ingress_host(lease, &s.name);
        if !uris.contains(&own) {
            uris.push(own);
        }
        for h in e.hosts.iter().flatten() {
            if !uris.contains(h) {
                uris.push(h.clone());
            }
        }
    }
    json!({
        "name": s.name,
        "available": ready,
        "total": s.count,
        "uris": if uris.is_empty() { Value::Null } else { json!(uris) },
        "observed_generation": 1,
        "replicas": s.count,
        "updated_replicas": s.count,
        "ready_replicas": ready,
        "available_replicas": ready,
    })
}

/// The whole lease status document.
pub fn lease_status_json(
    lease: &BidId,
    g: &ManifestGroup,
    m: &StoredManifest,
    now_ms: i64,
    delay_ms: i64,
) -> Value {
    let mut services = Map::new();
    let mut forwarded = Map::new();
    let mut ips = Map::new();
    for s in &g.services {
        let ready = ready_replicas(s, m, now_ms, delay_ms);
        services.insert(s.name.clone(), service_json(lease, s, ready));
        let mut ports = Vec::new();
        let mut leased = Vec::new();
        for e in s.expose.iter().flatten().filter(|e| e.global) {
            if !e.is_http() {
                ports.push(json!({
                    "host": CLUSTER_PUBLIC_HOSTNAME,
                    "port": e.port,
                    "externalPort": node_port(lease, &s.name, e.port, &e.proto),
                    "proto": e.proto,
                    "name": s.name,
                }));
            }
            if !e.ip.is_empty() {
                let d = digest(&[&bkey(lease), &e.ip]);
                leased.push(json!({
                    "Port": e.port,
                    "ExternalPort": e.effective_external(),
                    "Protocol": e.proto,
                    "IP": format!("198.51.100.{}", 1 + d[0] % 250),
                }));
            }
        }
        if !ports.is_empty() {
            forwarded.insert(s.name.clone(), Value::Array(ports));
        }
        if !leased.is_empty() {
            ips.insert(s.name.clone(), Value::Array(leased));
        }
    }
    json!({"services": services, "forwarded_ports": forwarded, "ips": ips})
}

fn delay_ms(gw: &Gw) -> i64 {
    gw.app.lock().st.params.replicas_ready_ms
}

pub async fn lease_status(
    State(gw): State<Gw>,
    Path(p): Path<LeasePath>,
    who: Identity,
) -> Response {
    if let Some(r) = who.deny(&gw.address, p.target("status", &[])) {
        return r;
    }
    match lease::with_manifest(&gw, &who.owner, p) {
        Ok((id, g, m)) => {
            Json(lease_status_json(&id, &g, &m, gw.now_ms(), delay_ms(&gw))).into_response()
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ServicePath {
    dseq: u64,
    gseq: u32,
    oseq: u32,
    service: String,
}

pub async fn service_status(
    State(gw): State<Gw>,
    Path(p): Path<ServicePath>,
    who: Identity,
) -> Response {
    let lp = LeasePath {
        dseq: p.dseq,
        gseq: p.gseq,
        oseq: p.oseq,
    };
    let names = [p.service.clone()];
    if let Some(r) = who.deny(&gw.address, lp.target("status", &names)) {
        return r;
    }
    let (id, g, m) = match lease::with_manifest(&gw, &who.owner, lp) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    let Some(s) = g.services.iter().find(|s| s.name == p.service) else {
        return GwError::not_found(format!("service {:?} not found in the lease", p.service))
            .into_response();
    };
    let ready = ready_replicas(s, &m, gw.now_ms(), delay_ms(&gw));
    Json(service_json(&id, s, ready)).into_response()
}
