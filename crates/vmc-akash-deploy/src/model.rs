//! The domain types the workflows speak: bids, leases, providers, service readiness. They are
//! built from the chain's wire types by the live port ([`crate::live`]) and by hand in tests.

use serde::Serialize;
use vmc_akash::rate::Amount;

/// A bid's six-part id (`bseq` is 0 today); also a lease's id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BidRef {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
    pub oseq: u32,
    pub provider: String,
    pub bseq: u32,
}

impl BidRef {
    pub fn to_wire(&self) -> vmc_akash_proto::market::BidId {
        vmc_akash_proto::market::BidId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
            provider: self.provider.clone(),
            bseq: self.bseq,
        }
    }

    pub fn to_lease_wire(&self) -> vmc_akash_proto::market::LeaseId {
        vmc_akash_proto::market::LeaseId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
            provider: self.provider.clone(),
            bseq: self.bseq,
        }
    }
}

impl std::fmt::Display for BidRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.dseq, self.gseq, self.oseq, self.provider
        )
    }
}

/// An open bid (or any bid, with its state).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bid {
    pub id: BidRef,
    /// Per block.
    pub price: Amount,
    /// `open`, `active`, `lost`, `closed`.
    pub state: String,
    /// Height the bid was created at.
    pub created_at: u64,
}

/// A lease on chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lease {
    pub id: BidRef,
    /// Per block.
    pub price: Amount,
    /// `active`, `closed`, `insufficient_funds`, …
    pub state: String,
}

/// A deployment on chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeploymentInfo {
    pub dseq: u64,
    /// `active` or `closed`.
    pub state: String,
    /// The on-chain manifest hash.
    #[serde(serialize_with = "hex_bytes")]
    pub hash: Vec<u8>,
    pub groups: Vec<GroupInfo>,
    /// The escrow account's remaining funds (None when not found).
    pub escrow: Option<Amount>,
}

/// One group of a deployment on chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupInfo {
    pub gseq: u32,
    pub state: String,
    pub name: String,
    #[serde(skip)]
    pub spec: Option<vmc_sdl::GroupSpec>,
}

fn hex_bytes<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(b))
}

/// What a provider says about itself on chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderInfo {
    pub address: String,
    pub host_uri: String,
    pub attributes: Vec<(String, String)>,
    /// Auditors that signed (any of) its attributes.
    pub auditors: Vec<String>,
}

/// One service's readiness as a provider reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceState {
    pub name: String,
    pub ready: i64,
    pub total: i64,
    pub uris: Vec<String>,
    /// `host:port` of forwarded (non-HTTP) ports.
    pub forwarded: Vec<String>,
}

impl ServiceState {
    pub fn is_ready(&self) -> bool {
        self.total > 0 && self.ready >= self.total
    }
}

/// Wallet balances that a deploy needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Funds {
    /// Micro units of ACT.
    pub uact: u128,
    /// Micro units of AKT.
    pub uakt: u128,
}
