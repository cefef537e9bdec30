//! The chain state: accounts, the Akash market (deployments, groups, orders, bids, leases),
//! escrow, providers, audits, certificates, transactions and the mempool.
//!
//! Everything is plain data in ordered maps, serialized whole as the persisted snapshot. Map keys
//! are zero-padded text so that iteration order is the numeric order of the ids.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::groupspec::GroupSpec;

pub const UAKT: &str = "uakt";
pub const UACT: &str = "uact";

pub fn dkey(owner: &str, dseq: u64) -> String {
    format!("{owner}/{dseq:020}")
}
pub fn gkey(owner: &str, dseq: u64, gseq: u32) -> String {
    format!("{owner}/{dseq:020}/{gseq:010}")
}
pub fn okey(o: &OrderId) -> String {
    format!("{}/{:020}/{:010}/{:010}", o.owner, o.dseq, o.gseq, o.oseq)
}
pub fn bkey(b: &BidId) -> String {
    format!(
        "{}/{:020}/{:010}/{:010}/{}/{:010}",
        b.owner, b.dseq, b.gseq, b.oseq, b.provider, b.bseq
    )
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OrderId {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
    pub oseq: u32,
}

/// BidID and LeaseID.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BidId {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
    pub oseq: u32,
    pub provider: String,
    pub bseq: u32,
}

impl BidId {
    pub fn order(&self) -> OrderId {
        OrderId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Account {
    pub address: String,
    pub number: u64,
    pub sequence: u64,
    /// Compressed secp256k1 key, set by the first signed transaction.
    pub pubkey: Option<Vec<u8>>,
    pub balances: BTreeMap<String, u128>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentState {
    Active,
    Closed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deployment {
    pub owner: String,
    pub dseq: u64,
    pub state: DeploymentState,
    pub hash: Vec<u8>,
    pub created_at: u64,
    /// `min_window` seconds when the deployment asked for reclamation.
    pub reclamation_secs: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupState {
    Open,
    Paused,
    InsufficientFunds,
    Closed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
    pub state: GroupState,
    pub spec: GroupSpec,
    pub created_at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    Open,
    Active,
    Closed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    pub state: OrderState,
    pub spec: GroupSpec,
    pub created_at: u64,
}

/// The payment key of a lease under its deployment's escrow account.
pub fn payment_key(b: &BidId) -> String {
    format!(
        "{}#{:010}/{:010}/{}",
        escrow_key(Scope::Deployment, &format!("{}/{}", b.owner, b.dseq)),
        b.gseq,
        b.oseq,
        b.provider
    )
}

/// The bid-scope escrow account xid of a bid.
pub fn bid_xid(b: &BidId) -> String {
    format!(
        "{}/{}/{}/{}/{}",
        b.owner, b.dseq, b.gseq, b.oseq, b.provider
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BidState {
    Open,
    Active,
    Lost,
    Closed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bid {
    pub id: BidId,
    pub state: BidState,
    pub denom: String,
    /// Price per block, LegacyDec atomics.
    pub price: u128,
    pub created_at: u64,
    pub created_ms: i64,
    pub spec: GroupSpec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaseState {
    Active,
    InsufficientFunds,
    Closed,
}

/// `akash.market.v1.LeaseClosedReason` values.
pub mod reason {
    pub const INVALID: i32 = 0;
    pub const OWNER: i32 = 1;
    pub const UNSTABLE: i32 = 10000;
    pub const DECOMMISSION: i32 = 10001;
    pub const UNSPECIFIED: i32 = 10002;
    pub const MANIFEST_TIMEOUT: i32 = 10003;
    pub const INSUFFICIENT_FUNDS: i32 = 20000;

    pub fn name(r: i32) -> &'static str {
        match r {
            OWNER => "lease_closed_owner",
            UNSTABLE => "lease_closed_reason_unstable",
            DECOMMISSION => "lease_closed_reason_decommission",
            UNSPECIFIED => "lease_closed_reason_unspecified",
            MANIFEST_TIMEOUT => "lease_closed_reason_manifest_timeout",
            INSUFFICIENT_FUNDS => "lease_closed_reason_insufficient_funds",
            _ => "lease_closed_invalid",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lease {
    pub id: BidId,
    pub state: LeaseState,
    pub denom: String,
    pub price: u128,
    pub created_at: u64,
    pub created_ms: i64,
    pub closed_on: u64,
    pub reason: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscrowState {
    Open,
    Closed,
    Overdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Deployment,
    Bid,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Depositor {
    pub owner: String,
    pub height: u64,
    /// `balance` or `grant`.
    pub source: String,
    pub denom: String,
    /// Remaining, LegacyDec atomics.
    pub balance: u128,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EscrowAccount {
    pub scope: Scope,
    pub xid: String,
    pub owner: String,
    pub state: EscrowState,
    /// Per denom, atomics paid out to payments so far.
    pub transferred: BTreeMap<String, u128>,
    pub settled_at: u64,
    pub deposits: Vec<Depositor>,
}

impl EscrowAccount {
    pub fn funds(&self) -> BTreeMap<String, u128> {
        let mut out = BTreeMap::new();
        for d in &self.deposits {
            *out.entry(d.denom.clone()).or_insert(0) += d.balance;
        }
        out
    }

    pub fn key(&self) -> String {
        escrow_key(self.scope, &self.xid)
    }
}

pub fn escrow_key(scope: Scope, xid: &str) -> String {
    match scope {
        Scope::Deployment => format!("deployment/{xid}"),
        Scope::Bid => format!("bid/{xid}"),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payment {
    pub account: String,
    pub account_scope: Scope,
    pub account_xid: String,
    /// `gseq/oseq/provider`.
    pub xid: String,
    pub owner: String,
    pub state: EscrowState,
    pub denom: String,
    pub rate: u128,
    pub balance: u128,
    pub unsettled: u128,
    pub withdrawn: u128,
}

/// A provider's or an auditor's attribute (`key`, `value`), the same type as the group specs'.
pub type Attr = crate::groupspec::Attribute;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provider {
    pub owner: String,
    pub name: String,
    pub host_uri: String,
    pub attributes: Vec<Attr>,
    pub email: String,
    pub website: String,
    /// Bid price as a share of the order's maximum, in parts per million.
    pub price_ppm: u64,
    /// Maximum CPU millicores per unit the provider can place (0 = unlimited).
    pub max_cpu_millis: u64,
    /// Maximum GPUs per unit (0 = none).
    pub max_gpus: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Audit {
    pub owner: String,
    pub auditor: String,
    pub attributes: Vec<Attr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertState {
    Valid,
    Revoked,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cert {
    pub owner: String,
    pub serial: String,
    pub state: CertState,
    pub cert: Vec<u8>,
    pub pubkey: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TxRecord {
    pub hash: String,
    pub height: u64,
    pub index: u32,
    pub code: u32,
    pub codespace: String,
    pub raw_log: String,
    pub gas_wanted: u64,
    pub gas_used: u64,
    pub timestamp_ms: i64,
    pub tx: serde_json::Value,
    pub events: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingTx {
    pub hash: String,
    pub bytes: Vec<u8>,
    pub signer: String,
    pub fee_uakt: u128,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingMint {
    pub id: u64,
    pub owner: String,
    pub to: String,
    pub burned_uakt: u128,
    pub height: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// Minimum gas price in uakt, LegacyDec atomics (0.025 by default).
    pub min_gas_price: u128,
    /// Deployment minimum deposits (denom → integer amount).
    pub min_deposits: BTreeMap<String, u128>,
    pub bid_min_deposit: u128,
    pub order_max_bids: u32,
    /// BME epoch length in blocks.
    pub bme_epoch_blocks: u64,
    /// uact minted per uakt burned, LegacyDec atomics (after the mint spread).
    pub bme_uact_per_uakt: u128,
    pub bme_min_mint_uact: u128,
    /// Seconds without a lease after which a provider closes its bid.
    pub bid_timeout_secs: i64,
    /// Seconds without a manifest after which a provider closes the lease.
    pub manifest_timeout_secs: i64,
    /// Denoms a new deployment may be priced and funded in (v2.x: only `uact`).
    #[serde(default = "default_deployment_denoms")]
    pub deployment_denoms: Vec<String>,
    /// Milliseconds (devnet clock) after a manifest arrives before the provider gateway reports
    /// the lease's replicas as ready.
    #[serde(default = "default_replicas_ready_ms")]
    pub replicas_ready_ms: i64,
}

fn default_replicas_ready_ms() -> i64 {
    2000
}

fn default_deployment_denoms() -> Vec<String> {
    vec![UACT.to_string()]
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_gas_price: crate::dec::SCALE / 40,
            min_deposits: BTreeMap::from([(UAKT.into(), 500_000), (UACT.into(), 500_000)]),
            bid_min_deposit: 500_000,
            order_max_bids: 20,
            bme_epoch_blocks: 10,
            // 1 AKT = 2.5 ACT at the devnet's fixed oracle price, minus a 25 bps mint spread.
            bme_uact_per_uakt: crate::dec::SCALE * 25 / 10 * 9975 / 10000,
            bme_min_mint_uact: 10_000_000,
            bid_timeout_secs: 300,
            manifest_timeout_secs: 300,
            deployment_denoms: default_deployment_denoms(),
            replicas_ready_ms: default_replicas_ready_ms(),
        }
    }
}

/// The whole chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChainState {
    pub chain_id: String,
    pub seed: u64,
    pub height: u64,
    pub time_ms: i64,
    pub genesis_ms: i64,
    pub next_account_number: u64,
    pub params: Params,
    pub accounts: BTreeMap<String, Account>,
    pub deployments: BTreeMap<String, Deployment>,
    pub groups: BTreeMap<String, Group>,
    pub orders: BTreeMap<String, Order>,
    pub bids: BTreeMap<String, Bid>,
    pub leases: BTreeMap<String, Lease>,
    pub escrow_accounts: BTreeMap<String, EscrowAccount>,
    pub payments: BTreeMap<String, Payment>,
    pub providers: BTreeMap<String, Provider>,
    pub audits: BTreeMap<String, Audit>,
    pub certs: BTreeMap<String, Cert>,
    pub txs: BTreeMap<String, TxRecord>,
    pub mempool: Vec<PendingTx>,
    pub pending_mints: Vec<PendingMint>,
    pub next_mint_id: u64,
    /// Orders opened since the providers last looked (they bid in the next block).
    #[serde(default)]
    pub fresh_orders: Vec<String>,
    /// Leases whose provider received a manifest (see `mark_manifest_received`).
    pub manifests: BTreeSet<String>,
    /// Orders the provider simulation must never bid on (fault injection).
    pub no_bid_orders: BTreeSet<String>,
    /// When set, no provider bids on any new order (fault injection).
    pub no_bids: bool,
    /// Hash of the last block (upper-case hex) and its transactions.
    #[serde(default)]
    pub last_block_hash: String,
    #[serde(default)]
    pub last_block_txs: Vec<String>,
    /// Opaque Hetzner section of the genesis, for the Hetzner module.
    pub hetzner: serde_json::Value,
    /// Manifest groups the provider gateways accepted, by lease key ([`bkey`]).
    #[serde(default)]
    pub provider_manifests: BTreeMap<String, StoredManifest>,
    /// The node's `application_version.version` (from the genesis; snapshots written before
    /// the field existed load with the default).
    #[serde(default = "default_app_version")]
    pub app_version: String,
    /// (height, time in ms) of the most recent blocks, oldest first, at most
    /// [`BLOCK_HISTORY`]: what `GET …/blocks/{height}` serves (a node keeps recent blocks).
    #[serde(default)]
    pub recent_blocks: std::collections::VecDeque<(u64, i64)>,
}

/// How many recent blocks the devnet keeps for `blocks/{height}`.
pub const BLOCK_HISTORY: usize = 1000;

/// `v2.1.0` ([`crate::rest::cosmos::APP_VERSION`]).
pub fn default_app_version() -> String {
    crate::rest::cosmos::APP_VERSION.to_string()
}

/// What a provider gateway keeps of an accepted manifest: the lease's group, as received.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredManifest {
    pub group: serde_json::Value,
    /// Devnet clock when it arrived (replicas become ready `replicas_ready_ms` later).
    pub received_ms: i64,
}

impl ChainState {
    pub fn balance(&self, addr: &str, denom: &str) -> u128 {
        self.accounts
            .get(addr)
            .and_then(|a| a.balances.get(denom).copied())
            .unwrap_or(0)
    }

    /// Adds coins, creating the account (with the next account number) if needed.
    pub fn credit(&mut self, addr: &str, denom: &str, amount: u128) {
        if amount == 0 {
            return;
        }
        let acc = self.account_mut(addr);
        *acc.balances.entry(denom.to_string()).or_insert(0) += amount;
    }

    /// Removes coins; false (and nothing changed) when the balance is short.
    pub fn debit(&mut self, addr: &str, denom: &str, amount: u128) -> bool {
        if amount == 0 {
            return true;
        }
        let Some(acc) = self.accounts.get_mut(addr) else {
            return false;
        };
        let bal = acc.balances.entry(denom.to_string()).or_insert(0);
        if *bal < amount {
            return false;
        }
        *bal -= amount;
        if *bal == 0 {
            acc.balances.remove(denom);
        }
        true
    }

    pub fn account_mut(&mut self, addr: &str) -> &mut Account {
        if !self.accounts.contains_key(addr) {
            let number = self.next_account_number;
            self.next_account_number += 1;
            self.accounts.insert(
                addr.to_string(),
                Account {
                    address: addr.to_string(),
                    number,
                    ..Default::default()
                },
            );
        }
        self.accounts.get_mut(addr).expect("just inserted")
    }

    /// Marks that the provider of a lease received its manifest (the provider gateway calls
    /// this); the manifest watchdog then leaves the lease alone.
    pub fn mark_manifest_received(&mut self, lease: &BidId) {
        self.manifests.insert(bkey(lease));
    }
}
