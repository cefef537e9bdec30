//! `akash.base.attributes.v1`, `akash.base.resources.v1beta4`, `akash.base.deposit.v1`.

use serde::{Deserialize, Serialize};

use crate::cosmos::Coin;
use crate::serde_helpers::{de_enum, de_enum_vec, resource_val, ser_enum, ser_enum_vec};

/// `akash.base.attributes.v1.Attribute`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Attribute {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(string, tag = "2")]
    pub value: String,
}

/// `akash.base.attributes.v1.SignedBy`: auditor addresses.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SignedBy {
    #[prost(string, repeated, tag = "1")]
    pub all_of: Vec<String>,
    #[prost(string, repeated, tag = "2")]
    pub any_of: Vec<String>,
}

/// `akash.base.attributes.v1.PlacementRequirements`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PlacementRequirements {
    #[prost(message, optional, tag = "1")]
    pub signed_by: Option<SignedBy>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

/// `akash.base.resources.v1beta4.ResourceValue`: `val` = ASCII decimal digits.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceValue {
    #[prost(bytes = "vec", tag = "1")]
    #[serde(with = "resource_val")]
    pub val: Vec<u8>,
}

impl ResourceValue {
    /// The decimal text of an integer.
    pub fn from_u64(v: u64) -> ResourceValue {
        ResourceValue {
            val: v.to_string().into_bytes(),
        }
    }
}

/// `akash.base.resources.v1beta4.CPU` (millicores).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Cpu {
    #[prost(message, optional, tag = "1")]
    pub units: Option<ResourceValue>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

/// `akash.base.resources.v1beta4.Memory` (bytes).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Memory {
    #[prost(message, optional, tag = "1")]
    pub quantity: Option<ResourceValue>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

/// `akash.base.resources.v1beta4.Storage` (bytes).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Storage {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(message, optional, tag = "2")]
    pub quantity: Option<ResourceValue>,
    #[prost(message, repeated, tag = "3")]
    pub attributes: Vec<Attribute>,
}

/// `akash.base.resources.v1beta4.GPU`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Gpu {
    #[prost(message, optional, tag = "1")]
    pub units: Option<ResourceValue>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

crate::proto_enum!(
    /// `akash.base.resources.v1beta4.Endpoint.Kind`.
    EndpointKind {
        SharedHttp = 0 => "SHARED_HTTP",
        RandomPort = 1 => "RANDOM_PORT",
        LeasedIp = 2 => "LEASED_IP",
    }
);

/// `akash.base.resources.v1beta4.Endpoint`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Endpoint {
    #[prost(enumeration = "EndpointKind", tag = "1")]
    #[serde(
        serialize_with = "ser_enum::<EndpointKind, _>",
        deserialize_with = "de_enum::<EndpointKind, _>"
    )]
    pub kind: i32,
    #[prost(uint32, tag = "2")]
    pub sequence_number: u32,
}

/// `akash.base.resources.v1beta4.Resources`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Resources {
    #[prost(uint32, tag = "1")]
    pub id: u32,
    #[prost(message, optional, tag = "2")]
    pub cpu: Option<Cpu>,
    #[prost(message, optional, tag = "3")]
    pub memory: Option<Memory>,
    #[prost(message, repeated, tag = "4")]
    pub storage: Vec<Storage>,
    #[prost(message, optional, tag = "5")]
    pub gpu: Option<Gpu>,
    #[prost(message, repeated, tag = "6")]
    pub endpoints: Vec<Endpoint>,
}

crate::proto_enum!(
    /// `akash.base.deposit.v1.Source`: where a deposit is drawn from.
    Source {
        Invalid = 0 => "invalid",
        Balance = 1 => "balance",
        Grant = 2 => "grant",
    }
);

/// `akash.base.deposit.v1.Deposit` (fields 2–4 reserved). `sources` is written unpacked, as the
/// official SDK does; prost reads packed and unpacked alike.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Deposit {
    #[prost(message, optional, tag = "1")]
    pub amount: Option<Coin>,
    #[prost(enumeration = "Source", repeated, packed = "false", tag = "5")]
    #[serde(
        serialize_with = "ser_enum_vec::<Source, _>",
        deserialize_with = "de_enum_vec::<Source, _>"
    )]
    pub sources: Vec<i32>,
}
