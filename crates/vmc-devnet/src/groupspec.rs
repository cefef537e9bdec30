//! The devnet's own on-chain group specs (`akash.deployment.v1beta4.GroupSpec`, protocol notes
//! §2.4 and §6.2), decoded from the wire by [`crate::spec`] and kept in the chain state.
//!
//! The devnet does not share these with vmc's client crates on purpose: a mistake in the client
//! must not be mirrored by the network it is tested against. The serde form is the persisted
//! snapshot's (plain field names, endpoint kinds by variant name).

use serde::{Deserialize, Serialize};

/// One placement group of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSpec {
    pub name: String,
    pub requirements: PlacementRequirements,
    pub resources: Vec<ResourceUnit>,
}

/// `akash.deployment.v1beta4.PlacementRequirements`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementRequirements {
    pub signed_by: SignedBy,
    /// Sorted by key.
    pub attributes: Vec<Attribute>,
}

/// `akash.base.attributes.v1.SignedBy`: auditor addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedBy {
    pub all_of: Vec<String>,
    pub any_of: Vec<String>,
}

impl SignedBy {
    pub fn is_empty(&self) -> bool {
        self.all_of.is_empty() && self.any_of.is_empty()
    }
}

/// `akash.base.attributes.v1.Attribute`. Requirement keys may be globs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Attribute {
    pub key: String,
    pub value: String,
}

impl Attribute {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Attribute {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// `akash.deployment.v1beta4.ResourceUnit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceUnit {
    pub resource: Resources,
    pub count: u32,
    /// Per replica per block.
    pub price: DecCoin,
}

/// `akash.base.resources.v1beta4.Resources`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    pub id: u32,
    pub cpu: Cpu,
    pub memory: Memory,
    pub storage: Vec<Storage>,
    pub gpu: Gpu,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cpu {
    /// Millicores.
    pub units: u64,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    /// Bytes.
    pub quantity: u64,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storage {
    pub name: String,
    /// Bytes.
    pub quantity: u64,
    /// `class`, `persistent`, …
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gpu {
    pub units: u64,
    /// e.g. `vendor/nvidia/model/a100` = `true`.
    pub attributes: Vec<Attribute>,
}

/// `akash.base.resources.v1beta4.Endpoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub kind: EndpointKind,
    pub sequence_number: u32,
}

/// `Endpoint.Kind`: proto values 0, 1, 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EndpointKind {
    SharedHttp = 0,
    RandomPort = 1,
    LeasedIp = 2,
}

/// A price: denom and a normalized decimal amount as text (`"1000"`, `"0.5"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecCoin {
    pub denom: String,
    pub amount: String,
}
