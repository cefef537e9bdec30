//! Cosmos SDK base, tx, bank, auth and pagination types, and google.protobuf Any/Duration.

use serde::{Deserialize, Serialize};

use crate::serde_helpers::{bytes_b64, u64_str};
use crate::type_url;

/// `cosmos.base.v1beta1.Coin`: an integer amount of a denom.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Coin {
    #[prost(string, tag = "1")]
    pub denom: String,
    #[prost(string, tag = "2")]
    pub amount: String,
}

/// `cosmos.base.v1beta1.DecCoin`. `amount` holds the LegacyDec **atomics** (wire form);
/// JSON shows the 18-decimal text.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct DecCoin {
    #[prost(string, tag = "1")]
    pub denom: String,
    #[prost(string, tag = "2")]
    #[serde(with = "crate::serde_helpers::legacy_dec")]
    pub amount: String,
}

/// `google.protobuf.Any`.
#[derive(Clone, PartialEq, Eq, ::prost::Message)]
pub struct Any {
    #[prost(string, tag = "1")]
    pub type_url: String,
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
}

impl Any {
    /// Pack a message with its type URL.
    pub fn pack<M: crate::TypeUrl + ::prost::Message>(msg: &M) -> Any {
        Any {
            type_url: M::TYPE_URL.to_string(),
            value: msg.encode_to_vec(),
        }
    }

    /// Unpack when the type URL matches `M`; `None` for another type.
    pub fn unpack<M: crate::TypeUrl + ::prost::Message + Default>(
        &self,
    ) -> Option<Result<M, ::prost::DecodeError>> {
        (self.type_url == M::TYPE_URL).then(|| M::decode(self.value.as_slice()))
    }
}

/// `google.protobuf.Duration`.
#[derive(Clone, Copy, PartialEq, Eq, ::prost::Message)]
pub struct Duration {
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

impl Duration {
    /// Proto3 JSON text: `"3600s"`, `"1.500000000s"`.
    pub fn to_json_text(&self) -> String {
        if self.nanos == 0 {
            format!("{}s", self.seconds)
        } else {
            let sign = if self.seconds < 0 || self.nanos < 0 {
                "-"
            } else {
                ""
            };
            format!(
                "{sign}{}.{:09}s",
                self.seconds.unsigned_abs(),
                self.nanos.unsigned_abs()
            )
        }
    }

    /// Parse `"3600s"` / `"1.5s"`.
    pub fn parse_json_text(t: &str) -> Result<Duration, String> {
        let bad = || format!("`{t}` is not a duration like \"3600s\"");
        let body = t.strip_suffix('s').ok_or_else(bad)?;
        let (neg, body) = match body.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, body),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let seconds: i64 = int.parse().map_err(|_| bad())?;
        let nanos: i32 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<9}").parse().map_err(|_| bad())?
        };
        Ok(if neg {
            Duration {
                seconds: -seconds,
                nanos: -nanos,
            }
        } else {
            Duration { seconds, nanos }
        })
    }
}

/// `google.protobuf.Timestamp`.
#[derive(Clone, Copy, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Timestamp {
    #[prost(int64, tag = "1")]
    #[serde(with = "crate::serde_helpers::i64_str")]
    pub seconds: i64,
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// `cosmos.crypto.secp256k1.PubKey`: the 33-byte compressed point.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PubKey {
    #[prost(bytes = "vec", tag = "1")]
    #[serde(with = "bytes_b64")]
    pub key: Vec<u8>,
}
type_url!(PubKey, "/cosmos.crypto.secp256k1.PubKey");

/// `cosmos.tx.v1beta1.TxBody`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct TxBody {
    #[prost(message, repeated, tag = "1")]
    pub messages: Vec<Any>,
    #[prost(string, tag = "2")]
    pub memo: String,
    #[prost(uint64, tag = "3")]
    pub timeout_height: u64,
    #[prost(bool, tag = "4")]
    pub unordered: bool,
    #[prost(message, optional, tag = "5")]
    pub timeout_timestamp: Option<Timestamp>,
    #[prost(message, repeated, tag = "1023")]
    pub extension_options: Vec<Any>,
    #[prost(message, repeated, tag = "2047")]
    pub non_critical_extension_options: Vec<Any>,
}

/// `cosmos.tx.v1beta1.AuthInfo`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct AuthInfo {
    #[prost(message, repeated, tag = "1")]
    pub signer_infos: Vec<SignerInfo>,
    #[prost(message, optional, tag = "2")]
    pub fee: Option<Fee>,
    #[prost(message, optional, tag = "3")]
    pub tip: Option<Tip>,
}

/// `cosmos.tx.v1beta1.SignerInfo`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct SignerInfo {
    #[prost(message, optional, tag = "1")]
    pub public_key: Option<Any>,
    #[prost(message, optional, tag = "2")]
    pub mode_info: Option<ModeInfo>,
    #[prost(uint64, tag = "3")]
    pub sequence: u64,
}

/// `cosmos.tx.v1beta1.ModeInfo` (single-signer form; multisig `multi` is not modelled).
#[derive(Clone, PartialEq, Eq, ::prost::Message)]
pub struct ModeInfo {
    #[prost(message, optional, tag = "1")]
    pub single: Option<ModeInfoSingle>,
}

/// `cosmos.tx.v1beta1.ModeInfo.Single`.
#[derive(Clone, PartialEq, Eq, ::prost::Message)]
pub struct ModeInfoSingle {
    #[prost(enumeration = "SignMode", tag = "1")]
    pub mode: i32,
}

crate::proto_enum!(
    /// `cosmos.tx.signing.v1beta1.SignMode` (the values vmc meets).
    SignMode {
        Unspecified = 0 => "SIGN_MODE_UNSPECIFIED",
        Direct = 1 => "SIGN_MODE_DIRECT",
        Textual = 2 => "SIGN_MODE_TEXTUAL",
        DirectAux = 3 => "SIGN_MODE_DIRECT_AUX",
        LegacyAminoJson = 127 => "SIGN_MODE_LEGACY_AMINO_JSON",
        Eip191 = 191 => "SIGN_MODE_EIP_191",
    }
);

/// `cosmos.tx.v1beta1.Fee`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Fee {
    #[prost(message, repeated, tag = "1")]
    pub amount: Vec<Coin>,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub gas_limit: u64,
    #[prost(string, tag = "3")]
    pub payer: String,
    #[prost(string, tag = "4")]
    pub granter: String,
}

/// `cosmos.tx.v1beta1.Tip` (deprecated; decoded for completeness).
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Tip {
    #[prost(message, repeated, tag = "1")]
    pub amount: Vec<Coin>,
    #[prost(string, tag = "2")]
    pub tipper: String,
}

/// `cosmos.tx.v1beta1.SignDoc` (SIGN_MODE_DIRECT).
#[derive(Clone, PartialEq, Eq, ::prost::Message)]
pub struct SignDoc {
    #[prost(bytes = "vec", tag = "1")]
    pub body_bytes: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub auth_info_bytes: Vec<u8>,
    #[prost(string, tag = "3")]
    pub chain_id: String,
    #[prost(uint64, tag = "4")]
    pub account_number: u64,
}

/// `cosmos.tx.v1beta1.TxRaw`: what is broadcast and hashed.
#[derive(Clone, PartialEq, Eq, ::prost::Message)]
pub struct TxRaw {
    #[prost(bytes = "vec", tag = "1")]
    pub body_bytes: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub auth_info_bytes: Vec<u8>,
    #[prost(bytes = "vec", repeated, tag = "3")]
    pub signatures: Vec<Vec<u8>>,
}

/// `cosmos.tx.v1beta1.Tx` (decoded form).
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Tx {
    #[prost(message, optional, tag = "1")]
    pub body: Option<TxBody>,
    #[prost(message, optional, tag = "2")]
    pub auth_info: Option<AuthInfo>,
    #[prost(bytes = "vec", repeated, tag = "3")]
    pub signatures: Vec<Vec<u8>>,
}

/// `cosmos.bank.v1beta1.MsgSend`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgSend {
    #[prost(string, tag = "1")]
    pub from_address: String,
    #[prost(string, tag = "2")]
    pub to_address: String,
    #[prost(message, repeated, tag = "3")]
    pub amount: Vec<Coin>,
}
type_url!(MsgSend, "/cosmos.bank.v1beta1.MsgSend");

/// `cosmos.base.query.v1beta1.PageRequest`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PageRequest {
    #[prost(bytes = "vec", tag = "1")]
    #[serde(with = "bytes_b64")]
    pub key: Vec<u8>,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub offset: u64,
    #[prost(uint64, tag = "3")]
    #[serde(with = "u64_str")]
    pub limit: u64,
    #[prost(bool, tag = "4")]
    pub count_total: bool,
    #[prost(bool, tag = "5")]
    pub reverse: bool,
}

/// `cosmos.base.query.v1beta1.PageResponse`. `next_key` is `null` in JSON on the last page.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PageResponse {
    #[prost(bytes = "vec", optional, tag = "1")]
    #[serde(with = "opt_bytes_b64")]
    pub next_key: Option<Vec<u8>>,
    #[prost(uint64, tag = "2")]
    #[serde(with = "u64_str")]
    pub total: u64,
}

mod opt_bytes_b64 {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(b) => s.serialize_str(&STANDARD.encode(b)),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let v: Option<String> = Option::deserialize(d)?;
        v.filter(|s| !s.is_empty())
            .map(|s| STANDARD.decode(s).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// `cosmos.auth.v1beta1.BaseAccount` (`pub_key` is an Any holding a [`PubKey`]).
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct BaseAccount {
    #[prost(string, tag = "1")]
    pub address: String,
    #[prost(message, optional, tag = "2")]
    pub pub_key: Option<Any>,
    #[prost(uint64, tag = "3")]
    pub account_number: u64,
    #[prost(uint64, tag = "4")]
    pub sequence: u64,
}
type_url!(BaseAccount, "/cosmos.auth.v1beta1.BaseAccount");

/// `cosmos.bank.v1beta1.QueryAllBalancesResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryAllBalancesResponse {
    #[prost(message, repeated, tag = "1")]
    pub balances: Vec<Coin>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

/// `cosmos.bank.v1beta1.QueryBalanceResponse`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryBalanceResponse {
    #[prost(message, optional, tag = "1")]
    pub balance: Option<Coin>,
}
