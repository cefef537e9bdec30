//! `akash.market.v1` ids and lease, `akash.market.v1beta5` orders, bids, messages and queries.

use serde::{Deserialize, Serialize};

use crate::base::{Deposit, Resources};
use crate::cosmos::{Coin, DecCoin, Duration, PageRequest, PageResponse};
use crate::deployment::{DeploymentReclamation, GroupSpec};
use crate::escrow::{Account as EscrowAccount, Payment as EscrowPayment};
use crate::serde_helpers::{de_enum, i64_str, ser_enum, u64_str};
use crate::type_url;

/// `akash.market.v1.OrderID`.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
    #[prost(uint32, tag = "3")]
    pub gseq: u32,
    #[prost(uint32, tag = "4")]
    pub oseq: u32,
}

/// `akash.market.v1.BidID` (`bseq` must be 0 today).
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct BidId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
    #[prost(uint32, tag = "3")]
    pub gseq: u32,
    #[prost(uint32, tag = "4")]
    pub oseq: u32,
    #[prost(string, tag = "5")]
    pub provider: String,
    #[prost(uint32, tag = "6")]
    pub bseq: u32,
}

/// `akash.market.v1.LeaseID` (same six fields as [`BidId`]).
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct LeaseId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
    #[prost(uint32, tag = "3")]
    pub gseq: u32,
    #[prost(uint32, tag = "4")]
    pub oseq: u32,
    #[prost(string, tag = "5")]
    pub provider: String,
    #[prost(uint32, tag = "6")]
    pub bseq: u32,
}

crate::proto_enum!(
    /// `akash.market.v1.LeaseClosedReason`.
    LeaseClosedReason {
        Invalid = 0 => "lease_closed_invalid",
        Owner = 1 => "lease_closed_owner",
        Unstable = 10000 => "lease_closed_reason_unstable",
        Decommission = 10001 => "lease_closed_reason_decommission",
        Unspecified = 10002 => "lease_closed_reason_unspecified",
        ManifestTimeout = 10003 => "lease_closed_reason_manifest_timeout",
        InsufficientFunds = 20000 => "lease_closed_reason_insufficient_funds",
    }
);

crate::proto_enum!(
    /// `akash.market.v1.Lease.State`.
    LeaseState {
        Invalid = 0 => "invalid",
        Active = 1 => "active",
        InsufficientFunds = 2 => "insufficient_funds",
        Closed = 3 => "closed",
        Reclaiming = 4 => "reclaiming",
    }
);

/// `akash.market.v1.Reclamation`: the runtime reclamation state of a lease.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Reclamation {
    #[prost(message, optional, tag = "1")]
    #[serde(with = "crate::serde_helpers::duration")]
    pub window: Option<Duration>,
    #[prost(int64, tag = "2")]
    #[serde(with = "i64_str")]
    pub started_at: i64,
    #[prost(int64, tag = "3")]
    #[serde(with = "i64_str")]
    pub deadline: i64,
    #[prost(enumeration = "LeaseClosedReason", tag = "4")]
    #[serde(
        serialize_with = "ser_enum::<LeaseClosedReason, _>",
        deserialize_with = "de_enum::<LeaseClosedReason, _>"
    )]
    pub reason: i32,
}

/// `akash.market.v1.Lease`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Lease {
    #[prost(message, optional, tag = "1")]
    pub id: Option<LeaseId>,
    #[prost(enumeration = "LeaseState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<LeaseState, _>",
        deserialize_with = "de_enum::<LeaseState, _>"
    )]
    pub state: i32,
    #[prost(message, optional, tag = "3")]
    pub price: Option<DecCoin>,
    #[prost(int64, tag = "4")]
    #[serde(with = "i64_str")]
    pub created_at: i64,
    #[prost(int64, tag = "5")]
    #[serde(with = "i64_str")]
    pub closed_on: i64,
    #[prost(enumeration = "LeaseClosedReason", tag = "6")]
    #[serde(
        serialize_with = "ser_enum::<LeaseClosedReason, _>",
        deserialize_with = "de_enum::<LeaseClosedReason, _>"
    )]
    pub reason: i32,
    #[prost(message, optional, tag = "7")]
    pub reclamation: Option<Reclamation>,
}

/// `akash.market.v1beta5.ResourceOffer` (per-resource `prices`, field 3, are not modelled).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceOffer {
    #[prost(message, optional, tag = "1")]
    pub resources: Option<Resources>,
    #[prost(uint32, tag = "2")]
    pub count: u32,
}

crate::proto_enum!(
    /// `akash.market.v1beta5.Bid.State`.
    BidState {
        Invalid = 0 => "invalid",
        Open = 1 => "open",
        Active = 2 => "active",
        Lost = 3 => "lost",
        Closed = 4 => "closed",
    }
);

/// `akash.market.v1beta5.Bid`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Bid {
    #[prost(message, optional, tag = "1")]
    pub id: Option<BidId>,
    #[prost(enumeration = "BidState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<BidState, _>",
        deserialize_with = "de_enum::<BidState, _>"
    )]
    pub state: i32,
    #[prost(message, optional, tag = "3")]
    pub price: Option<DecCoin>,
    #[prost(int64, tag = "4")]
    #[serde(with = "i64_str")]
    pub created_at: i64,
    #[prost(message, repeated, tag = "5")]
    pub resources_offer: Vec<ResourceOffer>,
    #[prost(message, optional, tag = "6")]
    #[serde(with = "crate::serde_helpers::duration")]
    pub reclamation_window: Option<Duration>,
}

crate::proto_enum!(
    /// `akash.market.v1beta5.Order.State`.
    OrderState {
        Invalid = 0 => "invalid",
        Open = 1 => "open",
        Active = 2 => "active",
        Closed = 3 => "closed",
    }
);

/// `akash.market.v1beta5.Order`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Order {
    #[prost(message, optional, tag = "1")]
    pub id: Option<OrderId>,
    #[prost(enumeration = "OrderState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<OrderState, _>",
        deserialize_with = "de_enum::<OrderState, _>"
    )]
    pub state: i32,
    #[prost(message, optional, tag = "3")]
    pub spec: Option<GroupSpec>,
    #[prost(int64, tag = "4")]
    #[serde(with = "i64_str")]
    pub created_at: i64,
    #[prost(message, optional, tag = "5")]
    pub reclamation: Option<DeploymentReclamation>,
}

/// `akash.market.v1beta5.MsgCreateLease` (tenant accepts a bid).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCreateLease {
    #[prost(message, optional, tag = "1")]
    pub bid_id: Option<BidId>,
}
type_url!(MsgCreateLease, "/akash.market.v1beta5.MsgCreateLease");

/// `akash.market.v1beta5.MsgCloseLease`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCloseLease {
    #[prost(message, optional, tag = "1")]
    pub id: Option<LeaseId>,
    #[prost(enumeration = "LeaseClosedReason", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<LeaseClosedReason, _>",
        deserialize_with = "de_enum::<LeaseClosedReason, _>"
    )]
    pub reason: i32,
}
type_url!(MsgCloseLease, "/akash.market.v1beta5.MsgCloseLease");

/// `akash.market.v1beta5.MsgCreateBid` (provider).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCreateBid {
    #[prost(message, optional, tag = "1")]
    pub id: Option<BidId>,
    #[prost(message, optional, tag = "2")]
    pub price: Option<DecCoin>,
    #[prost(message, optional, tag = "3")]
    pub deposit: Option<Deposit>,
    #[prost(message, repeated, tag = "4")]
    pub resources_offer: Vec<ResourceOffer>,
    #[prost(message, optional, tag = "5")]
    #[serde(with = "crate::serde_helpers::duration")]
    pub reclamation_window: Option<Duration>,
}
type_url!(MsgCreateBid, "/akash.market.v1beta5.MsgCreateBid");

/// `akash.market.v1beta5.MsgCloseBid` (provider; reason 10000–19999).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCloseBid {
    #[prost(message, optional, tag = "1")]
    pub id: Option<BidId>,
    #[prost(enumeration = "LeaseClosedReason", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<LeaseClosedReason, _>",
        deserialize_with = "de_enum::<LeaseClosedReason, _>"
    )]
    pub reason: i32,
}
type_url!(MsgCloseBid, "/akash.market.v1beta5.MsgCloseBid");

/// `akash.market.v1beta5.OrderFilters`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderFilters {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
    #[prost(uint32, tag = "3")]
    pub gseq: u32,
    #[prost(uint32, tag = "4")]
    pub oseq: u32,
    #[prost(string, tag = "5")]
    pub state: String,
}

/// `akash.market.v1beta5.BidFilters` / `akash.market.v1.LeaseFilters` (same fields).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct BidFilters {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub dseq: u64,
    #[prost(uint32, tag = "3")]
    pub gseq: u32,
    #[prost(uint32, tag = "4")]
    pub oseq: u32,
    #[prost(string, tag = "5")]
    pub provider: String,
    #[prost(string, tag = "6")]
    pub state: String,
    #[prost(uint32, tag = "7")]
    pub bseq: u32,
}

/// `akash.market.v1.LeaseFilters`.
pub type LeaseFilters = BidFilters;

/// `QueryOrdersRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryOrdersRequest {
    #[prost(message, optional, tag = "1")]
    pub filters: Option<OrderFilters>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

/// `QueryOrdersResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryOrdersResponse {
    #[prost(message, repeated, tag = "1")]
    pub orders: Vec<Order>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `QueryOrderResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryOrderResponse {
    #[prost(message, optional, tag = "1")]
    pub order: Option<Order>,
}

/// `QueryBidsRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryBidsRequest {
    #[prost(message, optional, tag = "1")]
    pub filters: Option<BidFilters>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

/// `QueryBidResponse`: a bid and its bid-scope escrow account.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryBidResponse {
    #[prost(message, optional, tag = "1")]
    pub bid: Option<Bid>,
    #[prost(message, optional, tag = "2")]
    pub escrow_account: Option<EscrowAccount>,
}

/// `QueryBidsResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryBidsResponse {
    #[prost(message, repeated, tag = "1")]
    pub bids: Vec<QueryBidResponse>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `QueryLeasesRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryLeasesRequest {
    #[prost(message, optional, tag = "1")]
    pub filters: Option<LeaseFilters>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

/// `QueryLeaseResponse`: a lease and its escrow payment.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryLeaseResponse {
    #[prost(message, optional, tag = "1")]
    pub lease: Option<Lease>,
    #[prost(message, optional, tag = "2")]
    pub escrow_payment: Option<EscrowPayment>,
}

/// `QueryLeasesResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryLeasesResponse {
    #[prost(message, repeated, tag = "1")]
    pub leases: Vec<QueryLeaseResponse>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `akash.market.v1beta5.Params`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    #[prost(message, optional, tag = "1")]
    pub bid_min_deposit: Option<Coin>,
    #[prost(uint32, tag = "2")]
    pub order_max_bids: u32,
    #[prost(message, repeated, tag = "3")]
    pub bid_min_deposits: Vec<Coin>,
}

/// `QueryParamsResponse` of the market module.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryParamsResponse {
    #[prost(message, optional, tag = "1")]
    pub params: Option<Params>,
}
