//! `PUT /deployment/{dseq}/manifest` and `GET /lease/{dseq}/{gseq}/{oseq}/manifest` (§8.1,
//! §6.4–6.6). The PUT parses the JSON array of groups with the gateway's own types, validates its
//! structure, recomputes the hash from the JSON received ([`super::canon`]) and compares it with
//! the deployment's on-chain hash (422 on mismatch), checks every group fits its on-chain group
//! ([`super::fit`], 422 otherwise), then stores each leased group with the chain state and calls
//! the manifest hook. 404 when this provider holds no active lease of the deployment.

use std::collections::BTreeSet;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::auth::{Identity, Target};
use super::lease::{self, LeasePath};
use super::{Gw, GwError};
use crate::state::{DeploymentState, LeaseState, StoredManifest, bkey, dkey};

/// `{"val": "<decimal>"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Val {
    pub val: String,
}

impl Val {
    pub fn u64(&self) -> Option<u64> {
        self.val.parse().ok()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Units {
    pub units: Val,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Size {
    pub size: Val,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StorageUnit {
    pub name: String,
    pub size: Val,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EndpointRef {
    #[serde(default)]
    pub kind: Option<u8>,
    #[serde(default)]
    pub sequence_number: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestResources {
    pub id: u32,
    pub cpu: Units,
    pub memory: Size,
    pub storage: Vec<StorageUnit>,
    pub gpu: Units,
    pub endpoints: Vec<EndpointRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestExpose {
    pub port: u32,
    #[serde(default)]
    pub external_port: u32,
    pub proto: String,
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub global: bool,
    #[serde(default)]
    pub hosts: Option<Vec<String>>,
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub endpoint_sequence_number: u32,
}

impl ManifestExpose {
    /// The port the outside world uses (`externalPort`, or `port` when 0).
    pub fn effective_external(&self) -> u32 {
        if self.external_port == 0 {
            self.port
        } else {
            self.external_port
        }
    }

    /// A global TCP expose on port 80 goes through the HTTP ingress.
    pub fn is_http(&self) -> bool {
        self.global && self.proto == "TCP" && self.effective_external() == 80
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestService {
    pub name: String,
    pub image: String,
    pub count: u32,
    pub resources: ManifestResources,
    #[serde(default)]
    pub expose: Option<Vec<ManifestExpose>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestGroup {
    pub name: String,
    pub services: Vec<ManifestService>,
}

fn valid_hostname(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*')
        })
}

/// `Manifest.Validate` (§6.6 step 1).
pub fn validate(groups: &[ManifestGroup]) -> Result<(), String> {
    if groups.is_empty() {
        return Err("manifest is empty".into());
    }
    let mut names = BTreeSet::new();
    let mut hosts = BTreeSet::new();
    let mut global = false;
    for g in groups {
        if g.name.is_empty() || !names.insert(g.name.as_str()) {
            return Err(format!("group name {:?} is empty or repeated", g.name));
        }
        if g.services.is_empty() {
            return Err(format!("group {}: no services", g.name));
        }
        if g.services.windows(2).any(|w| w[0].name >= w[1].name) {
            return Err(format!("group {}: services are not sorted by name", g.name));
        }
        for s in &g.services {
            let at = format!("group {} service {:?}", g.name, s.name);
            if s.name.is_empty() || s.image.is_empty() {
                return Err(format!("{at}: empty name or image"));
            }
            let ex = s.expose.as_deref().unwrap_or_default();
            let key = |e: &ManifestExpose| (e.service.clone(), e.port, e.proto.clone(), !e.global);
            if ex.windows(2).any(|w| key(&w[0]) > key(&w[1])) {
                return Err(format!("{at}: exposes are not sorted"));
            }
            for e in ex {
                if !(1..=65535).contains(&e.port) || e.external_port > 65535 {
                    return Err(format!("{at}: port {} out of range", e.port));
                }
                if e.proto != "TCP" && e.proto != "UDP" {
                    return Err(format!("{at}: protocol {:?} is not TCP or UDP", e.proto));
                }
                for h in e.hosts.iter().flatten() {
                    if !valid_hostname(h) || !hosts.insert(h.clone()) {
                        return Err(format!("{at}: host {h:?} is invalid or repeated"));
                    }
                }
                global |= e.global;
            }
        }
    }
    if !global {
        return Err("manifest has no global exposure".into());
    }
    Ok(())
}

fn parse(body: &[u8]) -> Result<(Value, Vec<ManifestGroup>), GwError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| GwError::bad_request(format!("manifest is not JSON: {e}")))?;
    let groups: Vec<ManifestGroup> = serde_json::from_value(v.clone())
        .map_err(|e| GwError::unprocessable(format!("invalid manifest: {e}")))?;
    validate(&groups).map_err(|e| GwError::unprocessable(format!("invalid manifest: {e}")))?;
    Ok((v, groups))
}

pub async fn put_manifest(
    State(gw): State<Gw>,
    Path(dseq): Path<u64>,
    who: Identity,
    body: Bytes,
) -> Response {
    if let Some(r) = who.deny(
        &gw.address,
        Target {
            scope: "send-manifest",
            dseq,
            gseq: None,
            oseq: None,
            services: &[],
        },
    ) {
        return r;
    }
    match accept(&gw, &who.owner, dseq, &body) {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => e.into_response(),
    }
}

fn accept(gw: &Gw, owner: &str, dseq: u64, body: &[u8]) -> Result<(), GwError> {
    let (value, groups) = parse(body)?;
    let mut chain = gw.app.lock();
    let now_ms = chain.clock.now_ms();
    let st = &mut chain.st;
    let prefix = format!("{}/", dkey(owner, dseq));
    let leases: Vec<_> = st
        .leases
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter(|(_, l)| l.state == LeaseState::Active && l.id.provider == gw.address)
        .map(|(_, l)| l.id.clone())
        .collect();
    if leases.is_empty() {
        return Err(GwError::not_found("no lease for deployment"));
    }
    let dep = st
        .deployments
        .get(&dkey(owner, dseq))
        .filter(|d| d.state == DeploymentState::Active)
        .ok_or_else(|| GwError::not_found("no lease for deployment"))?;
    if super::canon::hash(&value).as_slice() != dep.hash.as_slice() {
        return Err(GwError::unprocessable(
            "manifest version validation failed: the manifest hash does not match the deployment's on-chain hash",
        ));
    }
    let on_chain: Vec<_> = st
        .groups
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(_, g)| g.clone())
        .collect();
    super::fit::check(&groups, &on_chain).map_err(GwError::unprocessable)?;
    let raw = value.as_array().cloned().unwrap_or_default();
    for id in leases {
        let Some(gspec) = on_chain.iter().find(|g| g.gseq == id.gseq) else {
            continue;
        };
        let Some(i) = groups.iter().position(|g| g.name == gspec.spec.name) else {
            continue;
        };
        st.provider_manifests.insert(
            bkey(&id),
            StoredManifest {
                group: raw[i].clone(),
                received_ms: now_ms,
            },
        );
        st.mark_manifest_received(&id);
    }
    chain.dirty = true;
    Ok(())
}

pub async fn get_manifest(
    State(gw): State<Gw>,
    Path(p): Path<LeasePath>,
    who: Identity,
) -> Response {
    if let Some(r) = who.deny(&gw.address, p.target("get-manifest", &[])) {
        return r;
    }
    match lease::with_manifest(&gw, &who.owner, p) {
        Ok((_, _, stored)) => Json(Value::Array(vec![stored.group])).into_response(),
        Err(e) => e.into_response(),
    }
}
