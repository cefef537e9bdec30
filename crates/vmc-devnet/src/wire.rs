//! Protobuf wire structures the devnet decodes, written from the field tables of
//! `akash-protocol.md` §2.3, §2.4 and §4 (Cosmos SDK 0.53 tx types; Akash deployment v1beta4,
//! market v1beta5, escrow v1, cert v1, bme v1).
//!
//! These are deliberately the devnet's own: it reads what a client sends without sharing the
//! client's types, so a wrong field number on either side fails a test instead of being mirrored.

use prost::Message;

#[derive(Clone, PartialEq, Message)]
pub struct TxRaw {
    #[prost(bytes = "vec", tag = "1")]
    pub body_bytes: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub auth_info_bytes: Vec<u8>,
    #[prost(bytes = "vec", repeated, tag = "3")]
    pub signatures: Vec<Vec<u8>>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Any {
    #[prost(string, tag = "1")]
    pub type_url: String,
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
}

#[derive(Clone, PartialEq, Message)]
pub struct TxBody {
    #[prost(message, repeated, tag = "1")]
    pub messages: Vec<Any>,
    #[prost(string, tag = "2")]
    pub memo: String,
    #[prost(uint64, tag = "3")]
    pub timeout_height: u64,
    #[prost(bool, tag = "4")]
    pub unordered: bool,
    #[prost(message, repeated, tag = "1023")]
    pub extension_options: Vec<Any>,
    #[prost(message, repeated, tag = "2047")]
    pub non_critical_extension_options: Vec<Any>,
}

#[derive(Clone, PartialEq, Message)]
pub struct AuthInfo {
    #[prost(message, repeated, tag = "1")]
    pub signer_infos: Vec<SignerInfo>,
    #[prost(message, optional, tag = "2")]
    pub fee: Option<Fee>,
}

#[derive(Clone, PartialEq, Message)]
pub struct SignerInfo {
    #[prost(message, optional, tag = "1")]
    pub public_key: Option<Any>,
    #[prost(message, optional, tag = "2")]
    pub mode_info: Option<ModeInfo>,
    #[prost(uint64, tag = "3")]
    pub sequence: u64,
}

#[derive(Clone, PartialEq, Message)]
pub struct ModeInfo {
    #[prost(message, optional, tag = "1")]
    pub single: Option<ModeSingle>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ModeSingle {
    #[prost(int32, tag = "1")]
    pub mode: i32,
}

#[derive(Clone, PartialEq, Message)]
pub struct Fee {
    #[prost(message, repeated, tag = "1")]
    pub amount: Vec<Coin>,
    #[prost(uint64, tag = "2")]
    pub gas_limit: u64,
    #[prost(string, tag = "3")]
    pub payer: String,
    #[prost(string, tag = "4")]
    pub granter: String,
}

#[derive(Clone, PartialEq, Message)]
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

#[derive(Clone, PartialEq, Message)]
pub struct PubKey {
    #[prost(bytes = "vec", tag = "1")]
    pub key: Vec<u8>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Coin {
    #[prost(string, tag = "1")]
    pub denom: String,
    #[prost(string, tag = "2")]
    pub amount: String,
}

/// On the wire the amount is LegacyDec atomics (value × 10^18, no point).
#[derive(Clone, PartialEq, Message)]
pub struct DecCoin {
    #[prost(string, tag = "1")]
    pub denom: String,
    #[prost(string, tag = "2")]
    pub amount: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct DeploymentId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    pub dseq: u64,
}

#[derive(Clone, PartialEq, Message)]
pub struct GroupId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    pub dseq: u64,
    #[prost(uint32, tag = "3")]
    pub gseq: u32,
}

/// BidID and LeaseID share these six fields.
#[derive(Clone, PartialEq, Message)]
pub struct BidId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
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

#[derive(Clone, PartialEq, Message)]
pub struct Attribute {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(string, tag = "2")]
    pub value: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct SignedBy {
    #[prost(string, repeated, tag = "1")]
    pub all_of: Vec<String>,
    #[prost(string, repeated, tag = "2")]
    pub any_of: Vec<String>,
}

#[derive(Clone, PartialEq, Message)]
pub struct PlacementRequirements {
    #[prost(message, optional, tag = "1")]
    pub signed_by: Option<SignedBy>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ResourceValue {
    /// ASCII decimal digits.
    #[prost(bytes = "vec", tag = "1")]
    pub val: Vec<u8>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Cpu {
    #[prost(message, optional, tag = "1")]
    pub units: Option<ResourceValue>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Memory {
    #[prost(message, optional, tag = "1")]
    pub quantity: Option<ResourceValue>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Storage {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(message, optional, tag = "2")]
    pub quantity: Option<ResourceValue>,
    #[prost(message, repeated, tag = "3")]
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Gpu {
    #[prost(message, optional, tag = "1")]
    pub units: Option<ResourceValue>,
    #[prost(message, repeated, tag = "2")]
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Endpoint {
    #[prost(int32, tag = "1")]
    pub kind: i32,
    #[prost(uint32, tag = "2")]
    pub sequence_number: u32,
}

#[derive(Clone, PartialEq, Message)]
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

#[derive(Clone, PartialEq, Message)]
pub struct ResourceUnit {
    #[prost(message, optional, tag = "1")]
    pub resource: Option<Resources>,
    #[prost(uint32, tag = "2")]
    pub count: u32,
    #[prost(message, optional, tag = "3")]
    pub price: Option<DecCoin>,
}

#[derive(Clone, PartialEq, Message)]
pub struct GroupSpec {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(message, optional, tag = "2")]
    pub requirements: Option<PlacementRequirements>,
    #[prost(message, repeated, tag = "3")]
    pub resources: Vec<ResourceUnit>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Deposit {
    #[prost(message, optional, tag = "1")]
    pub amount: Option<Coin>,
    /// Source enum: invalid 0, balance 1, grant 2 (packed or not).
    #[prost(int32, repeated, tag = "5")]
    pub sources: Vec<i32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Duration {
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

#[derive(Clone, PartialEq, Message)]
pub struct DeploymentReclamation {
    #[prost(message, optional, tag = "1")]
    pub min_window: Option<Duration>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgCreateDeployment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
    #[prost(message, repeated, tag = "2")]
    pub groups: Vec<GroupSpec>,
    #[prost(bytes = "vec", tag = "3")]
    pub hash: Vec<u8>,
    #[prost(message, optional, tag = "4")]
    pub deposit: Option<Deposit>,
    #[prost(message, optional, tag = "5")]
    pub reclamation: Option<DeploymentReclamation>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgUpdateDeployment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
    #[prost(bytes = "vec", tag = "3")]
    pub hash: Vec<u8>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgCloseDeployment {
    #[prost(message, optional, tag = "1")]
    pub id: Option<DeploymentId>,
}

/// MsgCloseGroup, MsgPauseGroup and MsgStartGroup.
#[derive(Clone, PartialEq, Message)]
pub struct MsgGroup {
    #[prost(message, optional, tag = "1")]
    pub id: Option<GroupId>,
}

#[derive(Clone, PartialEq, Message)]
pub struct EscrowAccountId {
    /// Scope enum: invalid 0, deployment 1, bid 2.
    #[prost(int32, tag = "1")]
    pub scope: i32,
    #[prost(string, tag = "2")]
    pub xid: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgAccountDeposit {
    #[prost(string, tag = "1")]
    pub signer: String,
    #[prost(message, optional, tag = "2")]
    pub id: Option<EscrowAccountId>,
    #[prost(message, optional, tag = "3")]
    pub deposit: Option<Deposit>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgCreateLease {
    #[prost(message, optional, tag = "1")]
    pub bid_id: Option<BidId>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgCloseLease {
    #[prost(message, optional, tag = "1")]
    pub id: Option<BidId>,
    #[prost(int32, tag = "2")]
    pub reason: i32,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgCreateCertificate {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(bytes = "vec", tag = "2")]
    pub cert: Vec<u8>,
    #[prost(bytes = "vec", tag = "3")]
    pub pubkey: Vec<u8>,
}

#[derive(Clone, PartialEq, Message)]
pub struct CertId {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub serial: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgRevokeCertificate {
    #[prost(message, optional, tag = "1")]
    pub id: Option<CertId>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgSend {
    #[prost(string, tag = "1")]
    pub from_address: String,
    #[prost(string, tag = "2")]
    pub to_address: String,
    #[prost(message, repeated, tag = "3")]
    pub amount: Vec<Coin>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MsgMintAct {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub to: String,
    #[prost(message, optional, tag = "3")]
    pub coins_to_burn: Option<Coin>,
}

/// Type URLs the devnet executes.
pub mod type_url {
    pub const CREATE_DEPLOYMENT: &str = "/akash.deployment.v1beta4.MsgCreateDeployment";
    pub const UPDATE_DEPLOYMENT: &str = "/akash.deployment.v1beta4.MsgUpdateDeployment";
    pub const CLOSE_DEPLOYMENT: &str = "/akash.deployment.v1beta4.MsgCloseDeployment";
    pub const CLOSE_GROUP: &str = "/akash.deployment.v1beta4.MsgCloseGroup";
    pub const PAUSE_GROUP: &str = "/akash.deployment.v1beta4.MsgPauseGroup";
    pub const START_GROUP: &str = "/akash.deployment.v1beta4.MsgStartGroup";
    pub const ACCOUNT_DEPOSIT: &str = "/akash.escrow.v1.MsgAccountDeposit";
    pub const CREATE_LEASE: &str = "/akash.market.v1beta5.MsgCreateLease";
    pub const CLOSE_LEASE: &str = "/akash.market.v1beta5.MsgCloseLease";
    pub const CREATE_CERTIFICATE: &str = "/akash.cert.v1.MsgCreateCertificate";
    pub const REVOKE_CERTIFICATE: &str = "/akash.cert.v1.MsgRevokeCertificate";
    pub const BANK_SEND: &str = "/cosmos.bank.v1beta1.MsgSend";
    pub const MINT_ACT: &str = "/akash.bme.v1.MsgMintACT";
    pub const SECP256K1_PUBKEY: &str = "/cosmos.crypto.secp256k1.PubKey";
}

/// The protobuf wire format at the level of Go's `protowire`: what the chain reads from the raw
/// bytes before it decodes them (x/tx `decode`: the ADR-027 check of TxRaw and
/// `RejectUnknownFields`). Errors print as `protowire.ParseError` does.
pub mod raw {
    use std::fmt;

    /// Why bytes are not protobuf.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum WireError {
        Truncated,
        FieldNumber,
        Overflow,
        Reserved,
        EndGroup,
        RecursionDepth,
    }

    impl fmt::Display for WireError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(match self {
                WireError::Truncated => "unexpected EOF",
                WireError::FieldNumber => "invalid field number",
                WireError::Overflow => "variable length integer overflow",
                WireError::Reserved => "cannot parse reserved wire type",
                WireError::EndGroup => "mismatching end group marker",
                WireError::RecursionDepth => "exceeded maximum recursion depth",
            })
        }
    }

    pub const VARINT: u8 = 0;
    pub const FIXED64: u8 = 1;
    pub const BYTES: u8 = 2;
    pub const START_GROUP: u8 = 3;
    pub const END_GROUP: u8 = 4;
    pub const FIXED32: u8 = 5;

    /// Nested groups deeper than this are refused (`protowire.DefaultRecursionLimit`).
    const GROUP_DEPTH: usize = 10_000;

    /// A varint and its length. Overlong encodings are accepted, as Go's `ConsumeVarint` does
    /// (up to 10 bytes, the last at most 1).
    pub fn consume_varint(b: &[u8]) -> Result<(u64, usize), WireError> {
        let mut v = 0u64;
        for i in 0..10 {
            let Some(&byte) = b.get(i) else {
                return Err(WireError::Truncated);
            };
            if i == 9 && byte > 1 {
                return Err(WireError::Overflow);
            }
            v |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                return Ok((v, i + 1));
            }
        }
        Err(WireError::Overflow)
    }

    /// The fewest bytes that encode `v` as a varint.
    pub fn varint_min_len(v: u64) -> usize {
        (1..10).find(|&n| v < 1u64 << (7 * n)).unwrap_or(10)
    }

    /// A tag: field number, wire type and the tag's length.
    pub fn consume_tag(b: &[u8]) -> Result<(u32, u8, usize), WireError> {
        let (v, n) = consume_varint(b)?;
        let num = v >> 3;
        if num == 0 || num > i32::MAX as u64 {
            return Err(WireError::FieldNumber);
        }
        Ok((num as u32, (v & 7) as u8, n))
    }

    /// The length of the value that follows a tag of field `num` and wire type `wt`.
    pub fn consume_field_value(num: u32, wt: u8, b: &[u8]) -> Result<usize, WireError> {
        if wt != START_GROUP {
            return consume_flat(wt, b);
        }
        // A group runs to the end-group tag of the same number; nested groups on a stack.
        let mut open = vec![num];
        let mut i = 0;
        loop {
            let (n2, t2, m) = consume_tag(&b[i..])?;
            i += m;
            match t2 {
                END_GROUP => {
                    if open.pop() != Some(n2) {
                        return Err(WireError::EndGroup);
                    }
                    if open.is_empty() {
                        return Ok(i);
                    }
                }
                START_GROUP => {
                    if open.len() >= GROUP_DEPTH {
                        return Err(WireError::RecursionDepth);
                    }
                    open.push(n2);
                }
                _ => i += consume_flat(t2, &b[i..])?,
            }
        }
    }

    fn consume_flat(wt: u8, b: &[u8]) -> Result<usize, WireError> {
        match wt {
            VARINT => consume_varint(b).map(|(_, n)| n),
            FIXED64 if b.len() >= 8 => Ok(8),
            FIXED32 if b.len() >= 4 => Ok(4),
            FIXED64 | FIXED32 => Err(WireError::Truncated),
            BYTES => {
                let (len, n) = consume_varint(b)?;
                if len > (b.len() - n) as u64 {
                    return Err(WireError::Truncated);
                }
                Ok(n + len as usize)
            }
            _ => Err(WireError::Reserved),
        }
    }

    /// The wire type as the SDK names it in its errors.
    pub fn wire_type_name(wt: u8) -> String {
        match wt {
            VARINT => "varint".into(),
            FIXED64 => "fixed64".into(),
            BYTES => "bytes".into(),
            START_GROUP => "start_group".into(),
            END_GROUP => "end_group".into(),
            FIXED32 => "fixed32".into(),
            other => format!("unknown type: {other}"),
        }
    }
}

/// The field numbers every message of a transaction declares (the chain's descriptors: Cosmos
/// SDK 0.53 tx types, the public key types it registers, and the messages the devnet executes
/// with everything they contain), for refusing unknown fields the way the chain does.
pub mod schema {
    /// What a declared field holds.
    #[derive(Clone, Copy)]
    pub enum Kind {
        /// A number, string or bytes: nothing to look into.
        Scalar,
        Message(&'static Desc),
        /// `google.protobuf.Any`: its value is checked against the type its URL names.
        Any,
    }

    /// A message: its full protobuf name and declared fields.
    pub struct Desc {
        pub name: &'static str,
        pub fields: &'static [(u32, Kind)],
    }

    impl Desc {
        pub fn field(&self, number: u32) -> Option<Kind> {
            self.fields
                .iter()
                .find(|(n, _)| *n == number)
                .map(|(_, k)| *k)
        }
    }

    use Kind::{Any as A, Message as M, Scalar as S};

    macro_rules! desc {
        ($id:ident, $name:literal, [$($n:literal => $k:expr),* $(,)?]) => {
            pub static $id: Desc = Desc { name: $name, fields: &[$(($n, $k)),*] };
        };
    }

    // google.protobuf
    desc!(ANY, "google.protobuf.Any", [1 => S, 2 => S]);
    desc!(TIMESTAMP, "google.protobuf.Timestamp", [1 => S, 2 => S]);
    desc!(DURATION, "google.protobuf.Duration", [1 => S, 2 => S]);

    // cosmos.tx.v1beta1
    desc!(TX_RAW, "cosmos.tx.v1beta1.TxRaw", [1 => S, 2 => S, 3 => S]);
    desc!(TX_BODY, "cosmos.tx.v1beta1.TxBody", [
        1 => A, 2 => S, 3 => S, 4 => S, 5 => M(&TIMESTAMP), 1023 => A, 2047 => A,
    ]);
    desc!(AUTH_INFO, "cosmos.tx.v1beta1.AuthInfo", [
        1 => M(&SIGNER_INFO), 2 => M(&FEE), 3 => M(&TIP),
    ]);
    desc!(SIGNER_INFO, "cosmos.tx.v1beta1.SignerInfo", [
        1 => A, 2 => M(&MODE_INFO), 3 => S,
    ]);
    desc!(MODE_INFO, "cosmos.tx.v1beta1.ModeInfo", [
        1 => M(&MODE_INFO_SINGLE), 2 => M(&MODE_INFO_MULTI),
    ]);
    desc!(MODE_INFO_SINGLE, "cosmos.tx.v1beta1.ModeInfo.Single", [1 => S]);
    desc!(MODE_INFO_MULTI, "cosmos.tx.v1beta1.ModeInfo.Multi", [
        1 => M(&COMPACT_BIT_ARRAY), 2 => M(&MODE_INFO),
    ]);
    desc!(COMPACT_BIT_ARRAY, "cosmos.crypto.multisig.v1beta1.CompactBitArray", [
        1 => S, 2 => S,
    ]);
    desc!(FEE, "cosmos.tx.v1beta1.Fee", [1 => M(&COIN), 2 => S, 3 => S, 4 => S]);
    desc!(TIP, "cosmos.tx.v1beta1.Tip", [1 => M(&COIN), 2 => S]);

    // public keys
    desc!(SECP256K1_PUBKEY, "cosmos.crypto.secp256k1.PubKey", [1 => S]);
    desc!(SECP256R1_PUBKEY, "cosmos.crypto.secp256r1.PubKey", [1 => S]);
    desc!(ED25519_PUBKEY, "cosmos.crypto.ed25519.PubKey", [1 => S]);
    desc!(MULTISIG_PUBKEY, "cosmos.crypto.multisig.LegacyAminoPubKey", [1 => S, 2 => A]);

    // cosmos.base.v1beta1, cosmos.bank.v1beta1
    desc!(COIN, "cosmos.base.v1beta1.Coin", [1 => S, 2 => S]);
    desc!(DEC_COIN, "cosmos.base.v1beta1.DecCoin", [1 => S, 2 => S]);
    desc!(MSG_SEND, "cosmos.bank.v1beta1.MsgSend", [1 => S, 2 => S, 3 => M(&COIN)]);

    // akash.base
    desc!(ATTRIBUTE, "akash.base.attributes.v1.Attribute", [1 => S, 2 => S]);
    desc!(SIGNED_BY, "akash.base.attributes.v1.SignedBy", [1 => S, 2 => S]);
    desc!(PLACEMENT, "akash.base.attributes.v1.PlacementRequirements", [
        1 => M(&SIGNED_BY), 2 => M(&ATTRIBUTE),
    ]);
    desc!(RESOURCE_VALUE, "akash.base.resources.v1beta4.ResourceValue", [1 => S]);
    desc!(CPU, "akash.base.resources.v1beta4.CPU", [
        1 => M(&RESOURCE_VALUE), 2 => M(&ATTRIBUTE),
    ]);
    desc!(MEMORY, "akash.base.resources.v1beta4.Memory", [
        1 => M(&RESOURCE_VALUE), 2 => M(&ATTRIBUTE),
    ]);
    desc!(STORAGE, "akash.base.resources.v1beta4.Storage", [
        1 => S, 2 => M(&RESOURCE_VALUE), 3 => M(&ATTRIBUTE),
    ]);
    desc!(GPU, "akash.base.resources.v1beta4.GPU", [
        1 => M(&RESOURCE_VALUE), 2 => M(&ATTRIBUTE),
    ]);
    desc!(ENDPOINT, "akash.base.resources.v1beta4.Endpoint", [1 => S, 2 => S]);
    desc!(RESOURCES, "akash.base.resources.v1beta4.Resources", [
        1 => S, 2 => M(&CPU), 3 => M(&MEMORY), 4 => M(&STORAGE), 5 => M(&GPU),
        6 => M(&ENDPOINT),
    ]);
    desc!(DEPOSIT, "akash.base.deposit.v1.Deposit", [1 => M(&COIN), 5 => S]);

    // akash.deployment
    desc!(DEPLOYMENT_ID, "akash.deployment.v1.DeploymentID", [1 => S, 2 => S]);
    desc!(GROUP_ID, "akash.deployment.v1.GroupID", [1 => S, 2 => S, 3 => S]);
    desc!(RECLAMATION, "akash.deployment.v1.DeploymentReclamation", [1 => M(&DURATION)]);
    desc!(RESOURCE_UNIT, "akash.deployment.v1beta4.ResourceUnit", [
        1 => M(&RESOURCES), 2 => S, 3 => M(&DEC_COIN),
    ]);
    desc!(GROUP_SPEC, "akash.deployment.v1beta4.GroupSpec", [
        1 => S, 2 => M(&PLACEMENT), 3 => M(&RESOURCE_UNIT),
    ]);
    desc!(MSG_CREATE_DEPLOYMENT, "akash.deployment.v1beta4.MsgCreateDeployment", [
        1 => M(&DEPLOYMENT_ID), 2 => M(&GROUP_SPEC), 3 => S, 4 => M(&DEPOSIT),
        5 => M(&RECLAMATION),
    ]);
    desc!(MSG_UPDATE_DEPLOYMENT, "akash.deployment.v1beta4.MsgUpdateDeployment", [
        1 => M(&DEPLOYMENT_ID), 3 => S,
    ]);
    desc!(MSG_CLOSE_DEPLOYMENT, "akash.deployment.v1beta4.MsgCloseDeployment", [
        1 => M(&DEPLOYMENT_ID),
    ]);
    desc!(MSG_CLOSE_GROUP, "akash.deployment.v1beta4.MsgCloseGroup", [1 => M(&GROUP_ID)]);
    desc!(MSG_PAUSE_GROUP, "akash.deployment.v1beta4.MsgPauseGroup", [1 => M(&GROUP_ID)]);
    desc!(MSG_START_GROUP, "akash.deployment.v1beta4.MsgStartGroup", [1 => M(&GROUP_ID)]);

    // akash.escrow, akash.market, akash.cert, akash.bme
    desc!(ESCROW_ACCOUNT_ID, "akash.escrow.id.v1.Account", [1 => S, 2 => S]);
    desc!(MSG_ACCOUNT_DEPOSIT, "akash.escrow.v1.MsgAccountDeposit", [
        1 => S, 2 => M(&ESCROW_ACCOUNT_ID), 3 => M(&DEPOSIT),
    ]);
    desc!(BID_ID, "akash.market.v1.BidID", [1 => S, 2 => S, 3 => S, 4 => S, 5 => S, 6 => S]);
    desc!(LEASE_ID, "akash.market.v1.LeaseID", [
        1 => S, 2 => S, 3 => S, 4 => S, 5 => S, 6 => S,
    ]);
    desc!(MSG_CREATE_LEASE, "akash.market.v1beta5.MsgCreateLease", [1 => M(&BID_ID)]);
    desc!(MSG_CLOSE_LEASE, "akash.market.v1beta5.MsgCloseLease", [1 => M(&LEASE_ID), 2 => S]);
    desc!(CERT_ID, "akash.cert.v1.ID", [1 => S, 2 => S]);
    desc!(MSG_CREATE_CERTIFICATE, "akash.cert.v1.MsgCreateCertificate", [
        1 => S, 2 => S, 3 => S,
    ]);
    desc!(MSG_REVOKE_CERTIFICATE, "akash.cert.v1.MsgRevokeCertificate", [1 => M(&CERT_ID)]);
    desc!(MSG_MINT_ACT, "akash.bme.v1.MsgMintACT", [1 => S, 2 => S, 3 => M(&COIN)]);

    /// The descriptor an `Any` type URL names (the part after the last `/`), among the types
    /// the devnet knows.
    pub fn resolve(type_url: &str) -> Option<&'static Desc> {
        let name = type_url.rsplit_once('/').map_or(type_url, |(_, n)| n);
        [
            &SECP256K1_PUBKEY,
            &SECP256R1_PUBKEY,
            &ED25519_PUBKEY,
            &MULTISIG_PUBKEY,
            &MSG_SEND,
            &MSG_CREATE_DEPLOYMENT,
            &MSG_UPDATE_DEPLOYMENT,
            &MSG_CLOSE_DEPLOYMENT,
            &MSG_CLOSE_GROUP,
            &MSG_PAUSE_GROUP,
            &MSG_START_GROUP,
            &MSG_ACCOUNT_DEPOSIT,
            &MSG_CREATE_LEASE,
            &MSG_CLOSE_LEASE,
            &MSG_CREATE_CERTIFICATE,
            &MSG_REVOKE_CERTIFICATE,
            &MSG_MINT_ACT,
        ]
        .into_iter()
        .find(|d| d.name == name)
    }
}

/// Why [`reject_unknown_fields`] refused bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The SDK's text: an unknown field, or bytes that are not protobuf.
    Detail(String),
    /// An `Any` whose type URL names no type the chain knows.
    UnknownType(String),
}

/// Nesting deeper than this is refused (prost's own limit, which the decoding after this check
/// would hit anyway).
const MAX_DEPTH: u32 = 100;

/// The chain's `RejectUnknownFields` (Cosmos SDK x/tx `decode/unknown.go`): walks `bytes` as a
/// `desc`, into every nested message and into `Any` values by their type URL, and refuses a
/// field `desc` does not declare, unless `allow_non_critical` and the field number has the
/// non-critical bit (1024) set. Duplicated fields, overlong varints and out-of-order fields are
/// not its concern (the chain accepts them there; TxRaw is checked for them separately).
pub fn reject_unknown_fields(
    bytes: &[u8],
    desc: &schema::Desc,
    allow_non_critical: bool,
) -> Result<(), Refusal> {
    walk(bytes, desc, allow_non_critical, 0)
}

fn walk(
    mut bz: &[u8],
    desc: &schema::Desc,
    allow_non_critical: bool,
    depth: u32,
) -> Result<(), Refusal> {
    use raw::{BYTES, consume_field_value, consume_tag, consume_varint, wire_type_name};
    use schema::Kind;
    if depth > MAX_DEPTH {
        return Err(Refusal::Detail(raw::WireError::RecursionDepth.to_string()));
    }
    while !bz.is_empty() {
        let (num, wt, m) = consume_tag(bz).map_err(|_| Refusal::Detail("invalid length".into()))?;
        let kind = desc.field(num);
        if kind.is_none() {
            let critical = num & 1024 == 0;
            if critical || !allow_non_critical {
                return Err(Refusal::Detail(format!(
                    "{}: {{TagNum: {num}, WireType:\"{}\"}}: unknown protobuf field",
                    desc.name,
                    wire_type_name(wt)
                )));
            }
        }
        bz = &bz[m..];
        let n = consume_field_value(num, wt, bz).map_err(|e| {
            Refusal::Detail(format!(
                "could not consume field value for tagNum: {num}, wireType: \"{}\"; {e}",
                wire_type_name(wt)
            ))
        })?;
        let (field, rest) = bz.split_at(n);
        bz = rest;
        let inner = match kind {
            // A message sent with another wire type: prost refuses it when decoding.
            Some(Kind::Message(_) | Kind::Any) if wt == BYTES => {
                let (_, o) = consume_varint(field).map_err(|e| Refusal::Detail(e.to_string()))?;
                &field[o..]
            }
            _ => continue,
        };
        match kind {
            Some(Kind::Message(d)) => walk(inner, d, allow_non_critical, depth + 1)?,
            Some(Kind::Any) => {
                walk(inner, &schema::ANY, allow_non_critical, depth + 1)?;
                let any = Any::decode(inner).map_err(|e| Refusal::Detail(e.to_string()))?;
                let d = schema::resolve(&any.type_url)
                    .ok_or_else(|| Refusal::UnknownType(any.type_url.clone()))?;
                walk(&any.value, d, allow_non_critical, depth + 1)?;
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::raw::*;
    use super::*;

    #[test]
    fn varints_and_tags_read_as_go_reads_them() {
        assert_eq!(consume_varint(&[0xac, 0x02]), Ok((300, 2)));
        assert_eq!(
            consume_varint(&[0x81, 0x00]),
            Ok((1, 2)),
            "overlong is accepted"
        );
        assert_eq!(consume_varint(&[0x80]), Err(WireError::Truncated));
        assert_eq!(consume_varint(&[0xff; 10]), Err(WireError::Overflow));
        let mut max = vec![0xff; 9];
        max.push(0x01);
        assert_eq!(consume_varint(&max), Ok((u64::MAX, 10)));
        assert_eq!(
            [0, 127, 128, 16_383, 16_384, u64::MAX].map(varint_min_len),
            [1, 1, 2, 2, 3, 10]
        );
        assert_eq!(consume_tag(&[0x0a]), Ok((1, BYTES, 1)));
        assert_eq!(consume_tag(&[0x02]), Err(WireError::FieldNumber));
        assert_eq!(consume_field_value(1, 6, &[0]), Err(WireError::Reserved));
        assert_eq!(
            consume_field_value(1, END_GROUP, &[]),
            Err(WireError::Reserved)
        );
        assert_eq!(
            consume_field_value(1, FIXED32, &[0; 3]),
            Err(WireError::Truncated)
        );
        assert_eq!(
            consume_field_value(1, BYTES, &[5, 0, 0]),
            Err(WireError::Truncated)
        );
    }

    #[test]
    fn groups_are_skipped_to_their_end() {
        // group 5 { 1: varint 1, group 6 {} } then what follows.
        let g = [0x08, 0x01, 0x33, 0x34, 0x2c, 0xff];
        assert_eq!(consume_field_value(5, START_GROUP, &g), Ok(5));
        assert_eq!(
            consume_field_value(5, START_GROUP, &[0x08, 0x01, 0x34]),
            Err(WireError::EndGroup)
        );
        assert_eq!(
            consume_field_value(5, START_GROUP, &[0x08, 0x01]),
            Err(WireError::Truncated)
        );
    }

    #[test]
    fn unknown_fields_critical_and_not() {
        // TxBody with memo "m" and field 1025 (non-critical) / 13 (critical).
        let body_nc = [0x12, 0x01, b'm', 0x8a, 0x40, 0x00];
        assert_eq!(
            reject_unknown_fields(&body_nc, &schema::TX_BODY, true),
            Ok(())
        );
        assert_eq!(
            reject_unknown_fields(&body_nc, &schema::TX_BODY, false),
            Err(Refusal::Detail(
                "cosmos.tx.v1beta1.TxBody: {TagNum: 1025, WireType:\"bytes\"}: unknown protobuf field"
                    .into()
            ))
        );
        let body_c = [0x12, 0x01, b'm', 0x6b, 0x6c];
        assert_eq!(
            reject_unknown_fields(&body_c, &schema::TX_BODY, true),
            Err(Refusal::Detail(
                "cosmos.tx.v1beta1.TxBody: {TagNum: 13, WireType:\"start_group\"}: unknown protobuf field"
                    .into()
            ))
        );
        // A known field whose value runs past the end.
        assert_eq!(
            reject_unknown_fields(&[0x12, 0x05, b'm'], &schema::TX_BODY, true),
            Err(Refusal::Detail(
                "could not consume field value for tagNum: 2, wireType: \"bytes\"; unexpected EOF"
                    .into()
            ))
        );
        assert_eq!(
            reject_unknown_fields(&[0x00], &schema::TX_BODY, true),
            Err(Refusal::Detail("invalid length".into()))
        );
    }

    #[test]
    fn nesting_is_bounded() {
        // ModeInfo.multi (2) holds a Multi whose mode_infos (2) hold ModeInfos: `levels` deep.
        let nest = |levels: usize| {
            (0..levels).fold(Vec::new(), |inner: Vec<u8>, _| {
                let mut v = vec![0x12];
                let mut n = inner.len() as u64;
                while n >= 0x80 {
                    v.push((n as u8) | 0x80);
                    n >>= 7;
                }
                v.push(n as u8);
                v.extend(inner);
                v
            })
        };
        assert_eq!(
            reject_unknown_fields(&nest(50), &schema::MODE_INFO, false),
            Ok(())
        );
        // Deeper than prost would decode: refused, not a stack overflow.
        assert_eq!(
            reject_unknown_fields(&nest(300), &schema::MODE_INFO, false),
            Err(Refusal::Detail("exceeded maximum recursion depth".into()))
        );
    }
}
