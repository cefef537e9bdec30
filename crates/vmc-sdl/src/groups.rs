//! On-chain group specs (`akash.deployment.v1beta4.GroupSpec`) as domain values.
//!
//! These types are the contract between the SDL engine (which builds them), the protocol crate
//! (which encodes them to protobuf), eligibility matching and the devnet. Field order and meaning
//! follow `akash-protocol.md` §2.4 and §6.2.

use serde::{Deserialize, Serialize};

/// One placement group of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSpec {
    /// The placement name from the SDL.
    pub name: String,
    pub requirements: PlacementRequirements,
    pub resources: Vec<ResourceUnit>,
}

/// Who may bid: attributes a provider must have, and auditors that must have signed them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementRequirements {
    pub signed_by: SignedBy,
    /// Sorted by key.
    pub attributes: Vec<Attribute>,
}

/// Auditor addresses: every one of `all_of`, and at least one of `any_of` when non-empty.
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

/// A key/value attribute. Requirement keys may be globs (`region/*`).
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

/// A resource profile, its replica count and its price per replica per block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceUnit {
    pub resource: Resources,
    pub count: u32,
    pub price: DecCoin,
}

/// `akash.base.resources.v1beta4.Resources`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    /// 1-based, unique within the group.
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
    /// `class`, `persistent`, … as written in the SDL's storage params.
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gpu {
    pub units: u64,
    /// e.g. `vendor/nvidia/model/a100` = `true`.
    pub attributes: Vec<Attribute>,
}

/// How a service is reached from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub kind: EndpointKind,
    pub sequence_number: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EndpointKind {
    /// Global HTTP(S) through the provider's ingress (proto value 0).
    SharedHttp = 0,
    /// A random external port for a non-HTTP global expose (1).
    RandomPort = 1,
    /// A leased IP endpoint (2).
    LeasedIp = 2,
}

/// A price: denom and a decimal amount as text (`"1000"`, `"0.5"`), normalized: no sign, no
/// exponent, no trailing zeros after the point. On the wire it becomes a LegacyDec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecCoin {
    pub denom: String,
    pub amount: String,
}
