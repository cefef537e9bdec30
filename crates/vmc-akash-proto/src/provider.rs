//! `akash.provider.v1beta4` providers and `akash.audit.v1` audited attributes.

use serde::{Deserialize, Serialize};

use crate::base::Attribute;
use crate::cosmos::{PageRequest, PageResponse};
use crate::type_url;

/// `akash.provider.v1beta4.Info`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderInfo {
    #[prost(string, tag = "1")]
    pub email: String,
    #[prost(string, tag = "2")]
    pub website: String,
}

/// `akash.provider.v1beta4.Provider`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Provider {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub host_uri: String,
    #[prost(message, repeated, tag = "3")]
    pub attributes: Vec<Attribute>,
    #[prost(message, optional, tag = "4")]
    pub info: Option<ProviderInfo>,
}

/// `akash.provider.v1beta4.QueryProvidersRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryProvidersRequest {
    #[prost(message, optional, tag = "1")]
    pub pagination: Option<PageRequest>,
}

/// `akash.provider.v1beta4.QueryProvidersResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryProvidersResponse {
    #[prost(message, repeated, tag = "1")]
    pub providers: Vec<Provider>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `akash.provider.v1beta4.QueryProviderResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryProviderResponse {
    #[prost(message, optional, tag = "1")]
    pub provider: Option<Provider>,
}

/// `akash.audit.v1.AuditedProvider` (note: attributes are field 4).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditedProvider {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub auditor: String,
    #[prost(message, repeated, tag = "4")]
    pub attributes: Vec<Attribute>,
}

/// `akash.audit.v1.QueryProvidersResponse` (every audit route returns this).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryAuditedProvidersResponse {
    #[prost(message, repeated, tag = "1")]
    pub providers: Vec<AuditedProvider>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `akash.audit.v1.MsgSignProviderAttributes` (auditor signs).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgSignProviderAttributes {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub auditor: String,
    #[prost(message, repeated, tag = "3")]
    pub attributes: Vec<Attribute>,
}
type_url!(
    MsgSignProviderAttributes,
    "/akash.audit.v1.MsgSignProviderAttributes"
);

/// `akash.audit.v1.MsgDeleteProviderAttributes`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgDeleteProviderAttributes {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub auditor: String,
    #[prost(string, repeated, tag = "3")]
    pub keys: Vec<String>,
}
type_url!(
    MsgDeleteProviderAttributes,
    "/akash.audit.v1.MsgDeleteProviderAttributes"
);
