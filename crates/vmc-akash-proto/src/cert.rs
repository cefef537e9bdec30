//! `akash.cert.v1`: on-chain client certificates (legacy mTLS).

use serde::{Deserialize, Serialize};

use crate::cosmos::{PageRequest, PageResponse};
use crate::serde_helpers::{bytes_b64, de_enum, ser_enum};
use crate::type_url;

/// `akash.cert.v1.ID`: owner + decimal serial.
#[derive(Clone, PartialEq, Eq, Hash, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub serial: String,
}

crate::proto_enum!(
    /// `akash.cert.v1.State`.
    CertificateState {
        Invalid = 0 => "invalid",
        Valid = 1 => "valid",
        Revoked = 2 => "revoked",
    }
);

/// `akash.cert.v1.Certificate`: PEM texts as bytes.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Certificate {
    #[prost(enumeration = "CertificateState", tag = "2")]
    #[serde(
        serialize_with = "ser_enum::<CertificateState, _>",
        deserialize_with = "de_enum::<CertificateState, _>"
    )]
    pub state: i32,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "bytes_b64")]
    pub cert: Vec<u8>,
    #[prost(bytes = "vec", tag = "4")]
    #[serde(with = "bytes_b64")]
    pub pubkey: Vec<u8>,
}

/// `akash.cert.v1.MsgCreateCertificate`: `cert` = PEM `CERTIFICATE`, `pubkey` = PEM `EC PUBLIC KEY`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgCreateCertificate {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(bytes = "vec", tag = "2")]
    #[serde(with = "bytes_b64")]
    pub cert: Vec<u8>,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "bytes_b64")]
    pub pubkey: Vec<u8>,
}
type_url!(MsgCreateCertificate, "/akash.cert.v1.MsgCreateCertificate");

/// `akash.cert.v1.MsgRevokeCertificate`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgRevokeCertificate {
    #[prost(message, optional, tag = "1")]
    pub id: Option<CertificateId>,
}
type_url!(MsgRevokeCertificate, "/akash.cert.v1.MsgRevokeCertificate");

/// `akash.cert.v1.CertificateFilter` (REST: `filter.owner`, `filter.serial`, `filter.state`).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateFilter {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub serial: String,
    #[prost(string, tag = "3")]
    pub state: String,
}

/// `QueryCertificatesRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryCertificatesRequest {
    #[prost(message, optional, tag = "1")]
    pub filter: Option<CertificateFilter>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

/// `CertificateResponse`: a certificate and its serial.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateResponse {
    #[prost(message, optional, tag = "1")]
    pub certificate: Option<Certificate>,
    #[prost(string, tag = "2")]
    pub serial: String,
}

/// `QueryCertificatesResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryCertificatesResponse {
    #[prost(message, repeated, tag = "1")]
    pub certificates: Vec<CertificateResponse>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}
