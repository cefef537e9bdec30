//! Lease lookup for the gateway: (owner = the authenticated identity, dseq, gseq, oseq,
//! provider = this gateway's provider, bseq 0), active only; and the stored manifest group.

use serde::Deserialize;

use super::auth::Target;
use super::manifest::ManifestGroup;
use super::{Gw, GwError};
use crate::state::{BidId, LeaseState, StoredManifest, bkey};

/// `{dseq}/{gseq}/{oseq}` path parameters.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct LeasePath {
    pub dseq: u64,
    pub gseq: u32,
    pub oseq: u32,
}

impl LeasePath {
    pub fn id(&self, owner: &str, provider: &str) -> BidId {
        BidId {
            owner: owner.to_string(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
            provider: provider.to_string(),
            bseq: 0,
        }
    }

    /// What a request on this lease touches, for the scope check (`services`: none = all).
    pub fn target<'a>(&self, scope: &'static str, services: &'a [String]) -> Target<'a> {
        Target {
            scope,
            dseq: self.dseq,
            gseq: Some(self.gseq),
            oseq: Some(self.oseq),
            services,
        }
    }
}

/// The active lease and, if the provider accepted one, its manifest group and arrival time.
pub struct LeaseView {
    pub id: BidId,
    pub manifest: Option<(ManifestGroup, StoredManifest)>,
}

/// 404 "lease not found" unless the lease is active.
pub fn active(gw: &Gw, owner: &str, p: LeasePath) -> Result<LeaseView, GwError> {
    let id = p.id(owner, &gw.address);
    let chain = gw.app.lock();
    let key = bkey(&id);
    if !chain
        .st
        .leases
        .get(&key)
        .is_some_and(|l| l.state == LeaseState::Active)
    {
        return Err(GwError::not_found("lease not found"));
    }
    let manifest = chain.st.provider_manifests.get(&key).and_then(|m| {
        serde_json::from_value::<ManifestGroup>(m.group.clone())
            .ok()
            .map(|g| (g, m.clone()))
    });
    Ok(LeaseView { id, manifest })
}

/// Like [`active`], but 404 "manifest not found" when no manifest was accepted yet.
pub fn with_manifest(
    gw: &Gw,
    owner: &str,
    p: LeasePath,
) -> Result<(BidId, ManifestGroup, StoredManifest), GwError> {
    let v = active(gw, owner, p)?;
    let (g, m) = v
        .manifest
        .ok_or_else(|| GwError::not_found("manifest not found for lease"))?;
    Ok((v.id, g, m))
}
