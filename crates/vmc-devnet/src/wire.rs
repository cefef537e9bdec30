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
