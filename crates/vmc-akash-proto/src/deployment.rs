//! `akash.deployment.v1` ids and state, `akash.deployment.v1beta4` messages and queries.

use serde::{Deserialize, Serialize};

use crate::base::{Deposit, PlacementRequirements, Resources};
use crate::cosmos::{Coin, DecCoin, Duration, PageRequest, PageResponse};
use crate::escrow::Account as EscrowAccount;
use crate::serde_helpers::{bytes_b64, de_enum, i64_str, ser_enum, u64_str};
use crate::type_url;

/// `akash.deployment.v1.DeploymentID`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
}

/// `akash.deployment.v1.GroupID`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
    #[prost(uint32, tag = "3")]
    pub gseq: u32,
}

/// `akash.deployment.v1.DeploymentReclamation`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentReclamation {
    #[prost(message, optional, tag = "1")]
    #[serde(with = "crate::serde_helpers::duration")]
    pub min_window: Option<Duration>,
}

/// `akash.deployment.v1beta4.ResourceUnit` (price per replica per block).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceUnit {
    #[prost(message, optional, tag = "1")]
    pub resource: Option<Resources>,
    #[prost(uint32, tag = "2")]
    pub count: u32,
    #[prost(message, optional, tag = "3")]
    pub price: Option<DecCoin>,
}

/// `akash.deployment.v1beta4.GroupSpec`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupSpec {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(message, optional, tag = "2")]
    pub requirements: Option<PlacementRequirements>,
    #[prost(message, repeated, tag = "3")]
    pub resources: Vec<ResourceUnit>,
}

/// `akash.deployment.v1beta4.MsgCreateDeployment`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCreateDeployment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
    #[prost(message, repeated, tag = "2")]
    pub groups: Vec<GroupSpec>,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "bytes_b64")]
    pub hash: Vec<u8>,
    #[prost(message, optional, tag = "4")]
    pub deposit: Option<Deposit>,
    #[prost(message, optional, tag = "5")]
    pub reclamation: Option<DeploymentReclamation>,
}
type_url!(
    MsgCreateDeployment,
    "/akash.deployment.v1beta4.MsgCreateDeployment"
);

/// `akash.deployment.v1beta4.MsgUpdateDeployment` (field 2 unused).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgUpdateDeployment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "bytes_b64")]
    pub hash: Vec<u8>,
}
type_url!(
    MsgUpdateDeployment,
    "/akash.deployment.v1beta4.MsgUpdateDeployment"
);

/// `akash.deployment.v1beta4.MsgCloseDeployment`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCloseDeployment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
}
type_url!(
    MsgCloseDeployment,
    "/akash.deployment.v1beta4.MsgCloseDeployment"
);

/// `akash.deployment.v1beta4.MsgCloseGroup`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCloseGroup {
    #[prost(message, optional, tag = "1")]
    pub id: Option<GroupId>,
}
type_url!(MsgCloseGroup, "/akash.deployment.v1beta4.MsgCloseGroup");

/// `akash.deployment.v1beta4.MsgPauseGroup`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgPauseGroup {
    #[prost(message, optional, tag = "1")]
    pub id: Option<GroupId>,
}
type_url!(MsgPauseGroup, "/akash.deployment.v1beta4.MsgPauseGroup");

/// `akash.deployment.v1beta4.MsgStartGroup`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgStartGroup {
    #[prost(message, optional, tag = "1")]
    pub id: Option<GroupId>,
}
type_url!(MsgStartGroup, "/akash.deployment.v1beta4.MsgStartGroup");

crate::proto_enum!(
    /// `akash.deployment.v1.Deployment.State`.
    DeploymentState {
        Invalid = 0 => "invalid",
        Active = 1 => "active",
        Closed = 2 => "closed",
    }
);

/// `akash.deployment.v1.Deployment`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Deployment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
    #[prost(enumeration = "DeploymentState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<DeploymentState, _>",
        deserialize_with = "de_enum::<DeploymentState, _>"
    )]
    pub state: i32,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "bytes_b64")]
    pub hash: Vec<u8>,
    #[prost(int64, tag = "4")]
    #[serde(with = "i64_str")]
    pub created_at: i64,
    #[prost(message, optional, tag = "5")]
    pub reclamation: Option<DeploymentReclamation>,
}

crate::proto_enum!(
    /// `akash.deployment.v1beta4.Group.State`.
    GroupState {
        Invalid = 0 => "invalid",
        Open = 1 => "open",
        Paused = 2 => "paused",
        InsufficientFunds = 3 => "insufficient_funds",
        Closed = 4 => "closed",
    }
);

/// `akash.deployment.v1beta4.Group`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Group {
    #[prost(message, optional, tag = "1")]
    pub id: Option<GroupId>,
    #[prost(enumeration = "GroupState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<GroupState, _>",
        deserialize_with = "de_enum::<GroupState, _>"
    )]
    pub state: i32,
    #[prost(message, optional, tag = "3")]
    pub group_spec: Option<GroupSpec>,
    #[prost(int64, tag = "4")]
    #[serde(with = "i64_str")]
    pub created_at: i64,
}

/// `akash.deployment.v1beta4.DeploymentFilters` (state by name: `active`, `closed`).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentFilters {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
    #[prost(string, tag = "3")]
    pub state: String,
}

/// `QueryDeploymentsRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryDeploymentsRequest {
    #[prost(message, optional, tag = "1")]
    pub filters: Option<DeploymentFilters>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

/// `QueryDeploymentsResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryDeploymentsResponse {
    #[prost(message, repeated, tag = "1")]
    pub deployments: Vec<QueryDeploymentResponse>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `QueryDeploymentRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryDeploymentRequest {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
}

/// `QueryDeploymentResponse`: the deployment, its groups and its escrow account.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryDeploymentResponse {
    #[prost(message, optional, tag = "1")]
    pub deployment: Option<Deployment>,
    #[prost(message, repeated, tag = "2")]
    pub groups: Vec<Group>,
    #[prost(message, optional, tag = "3")]
    pub escrow_account: Option<EscrowAccount>,
}

/// `QueryGroupRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryGroupRequest {
    #[prost(message, optional, tag = "1")]
    pub id: Option<GroupId>,
}

/// `QueryGroupResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryGroupResponse {
    #[prost(message, optional, tag = "1")]
    pub group: Option<Group>,
}

/// `akash.deployment.v1beta4.Params`: minimum deposits per denom.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    #[prost(message, repeated, tag = "1")]
    pub min_deposits: Vec<Coin>,
}

/// `QueryParamsResponse` of the deployment module.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryParamsResponse {
    #[prost(message, optional, tag = "1")]
    pub params: Option<Params>,
}
