//! `akash.escrow.id.v1`, `akash.escrow.types.v1` and `akash.escrow.v1` (deposit message, queries).

use serde::{Deserialize, Serialize};

use crate::base::{Deposit, Source};
use crate::cosmos::{Coin, DecCoin, PageRequest, PageResponse};
use crate::serde_helpers::{de_enum, i64_str, ser_enum};
use crate::type_url;

crate::proto_enum!(
    /// `akash.escrow.id.v1.Scope`.
    Scope {
        Invalid = 0 => "invalid",
        Deployment = 1 => "deployment",
        Bid = 2 => "bid",
    }
);

/// `akash.escrow.id.v1.Account`: scope + xid (`owner/dseq` for a deployment).
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountId {
    #[prost(enumeration = "Scope", tag = "1")]
    #[serde(
        serialize_with = "ser_enum::<Scope, _>",
        deserialize_with = "de_enum::<Scope, _>"
    )]
    pub scope: i32,
    #[prost(string, tag = "2")]
    pub xid: String,
}

/// `akash.escrow.id.v1.Payment`: account + `gseq/oseq/provider`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentId {
    #[prost(message, optional, tag = "1")]
    pub aid: Option<AccountId>,
    #[prost(string, tag = "2")]
    pub xid: String,
}

crate::proto_enum!(
    /// `akash.escrow.types.v1.State` (accounts and payments).
    EscrowState {
        Invalid = 0 => "invalid",
        Open = 1 => "open",
        Closed = 2 => "closed",
        Overdrawn = 3 => "overdrawn",
    }
);

/// `akash.escrow.types.v1.Balance`: `amount` is a LegacyDec (atomics on the wire).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Balance {
    #[prost(string, tag = "1")]
    pub denom: String,
    #[prost(string, tag = "2")]
    #[serde(with = "crate::serde_helpers::legacy_dec")]
    pub amount: String,
}

/// `akash.escrow.types.v1.Depositor`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Depositor {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(int64, tag = "2")]
    #[serde(with = "i64_str")]
    pub height: i64,
    #[prost(enumeration = "Source", tag = "3")]
    #[serde(
        serialize_with = "ser_enum::<Source, _>",
        deserialize_with = "de_enum::<Source, _>"
    )]
    pub source: i32,
    #[prost(message, optional, tag = "4")]
    pub balance: Option<DecCoin>,
}

/// `akash.escrow.types.v1.AccountState`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountState {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(enumeration = "EscrowState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<EscrowState, _>",
        deserialize_with = "de_enum::<EscrowState, _>"
    )]
    pub state: i32,
    #[prost(message, repeated, tag = "3")]
    pub transferred: Vec<DecCoin>,
    #[prost(int64, tag = "4")]
    #[serde(with = "i64_str")]
    pub settled_at: i64,
    #[prost(message, repeated, tag = "5")]
    pub funds: Vec<Balance>,
    #[prost(message, repeated, tag = "6")]
    pub deposits: Vec<Depositor>,
}

/// `akash.escrow.types.v1.Account`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Account {
    #[prost(message, optional, tag = "1")]
    pub id: Option<AccountId>,
    #[prost(message, optional, tag = "2")]
    pub state: Option<AccountState>,
}

/// `akash.escrow.types.v1.PaymentState`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentState {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(enumeration = "EscrowState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<EscrowState, _>",
        deserialize_with = "de_enum::<EscrowState, _>"
    )]
    pub state: i32,
    #[prost(message, optional, tag = "3")]
    pub rate: Option<DecCoin>,
    #[prost(message, optional, tag = "4")]
    pub balance: Option<DecCoin>,
    #[prost(message, optional, tag = "5")]
    pub unsettled: Option<DecCoin>,
    #[prost(message, optional, tag = "6")]
    pub withdrawn: Option<Coin>,
}

/// `akash.escrow.types.v1.Payment`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Payment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<PaymentId>,
    #[prost(message, optional, tag = "2")]
    pub state: Option<PaymentState>,
}

/// `akash.escrow.v1.MsgAccountDeposit`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgAccountDeposit {
    #[prost(string, tag = "1")]
    pub signer: String,
    #[prost(message, optional, tag = "2")]
    pub id: Option<AccountId>,
    #[prost(message, optional, tag = "3")]
    pub deposit: Option<Deposit>,
}
type_url!(MsgAccountDeposit, "/akash.escrow.v1.MsgAccountDeposit");

/// `QueryAccountsRequest` (`/akash/escrow/v1/types/accounts`).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryAccountsRequest {
    #[prost(string, tag = "1")]
    pub state: String,
    #[prost(string, tag = "2")]
    pub xid: String,
    #[prost(message, optional, tag = "5")]
    pub pagination: Option<PageRequest>,
}

/// `QueryAccountsResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryAccountsResponse {
    #[prost(message, repeated, tag = "1")]
    pub accounts: Vec<Account>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `QueryPaymentsRequest` (`/akash/escrow/v1/types/payments`).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryPaymentsRequest {
    #[prost(string, tag = "1")]
    pub state: String,
    #[prost(string, tag = "2")]
    pub xid: String,
    #[prost(message, optional, tag = "6")]
    pub pagination: Option<PageRequest>,
}

/// `QueryPaymentsResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryPaymentsResponse {
    #[prost(message, repeated, tag = "1")]
    pub payments: Vec<Payment>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}
