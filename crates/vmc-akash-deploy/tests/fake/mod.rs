//! `FakeAkash`: an in-memory chain and providers behind [`vmc_akash_deploy::port::Akash`].
//!
//! It models what the real network does (akash-protocol.md §7, §8), not what the workflow
//! expects: one block per transaction, transactions simulated first (a refusal costs nothing
//! and gets no hash), then signed (`on_signed`), included atomically with a fixed fee; bids
//! that providers place on open orders some blocks after the order appears; escrow consumed by
//! leases per block and refunded on close; ACT mints credited at the next BME epoch;
//! certificates checked as the chain does; gateways that want a lease and the on-chain hash.
//! Faults are injected per call so that a test can stop a run anywhere and run it again.

#![allow(dead_code)]

pub mod chain;
pub mod gateway;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use sha2::{Digest, Sha256};
use vmc_akash::rate::Amount;
use vmc_akash::tx::Msg;
use vmc_akash_deploy::model::{
    Bid, BidRef, DeploymentInfo, Funds, GroupInfo, Lease, ProviderInfo, ServiceState,
};
use vmc_akash_deploy::port::{Akash, PortError, TxDone};

pub use chain::{Bidder, Chain, Deployment, Group, LeaseRec};
pub use gateway::{Gateway, ManifestAnswer};

pub const OWNER: &str = "akash1ownerfake0000000000000000000000000000";
pub const START_UACT: u128 = 20_000_000;
pub const START_UAKT: u128 = 1_000_000;
pub const FEE_UAKT: u128 = 5_000;
pub const START_HEIGHT: u64 = 1_000;
/// uact per uakt burned, × 1000 (2.5 ACT per AKT).
pub const MINT_RATE_MILLI: u128 = 2_500;
/// Blocks per BME epoch.
pub const EPOCH: u64 = 10;
/// The price per block of the leases of [`FakeAkash::leased_deployment`].
pub const LEASED_PRICE_UACT: u128 = 10;

/// What goes wrong with a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendFault {
    /// The node is unreachable: nothing signed, nothing applied (`PortError::Other`).
    BeforeEffect,
    /// Signed, broadcast and included, but the answer is lost (`PortError::Pending`).
    AfterEffect,
    /// Signed and broadcast, then refused by the node (`PortError::Refused`, code 13): the
    /// caller must not read it as refused before anything was sent.
    RefusedAfterBroadcast,
    /// Signed and broadcast, then dropped from the mempool: never included (`Pending`).
    Dropped,
}

/// Something that happens on chain just before a transaction (another actor's move).
pub type Hook = Box<dyn FnOnce(&mut Chain) + Send>;

pub struct State {
    pub chain: Chain,
    pub block_secs: f64,
    pub providers: BTreeMap<String, ProviderInfo>,
    pub gateways: BTreeMap<String, Gateway>,
    /// `(message type suffix or any, fault)`, used once each.
    pub send_faults: Vec<(Option<String>, SendFault)>,
    /// Port methods whose next call fails with `PortError::Other`.
    pub fail_at: Vec<String>,
    /// `(message type suffix, hook)`: run before the next such transaction is simulated.
    pub before_send: Vec<(String, Hook)>,
    pub calls: BTreeMap<String, u32>,
    /// Every query of the height lets a block pass (a chain that goes on while a job polls).
    pub blocks_while_polling: bool,
    tx_counter: u64,
}

pub struct FakeAkash {
    owner: String,
    state: Mutex<State>,
}

impl Default for FakeAkash {
    fn default() -> Self {
        FakeAkash::new()
    }
}

impl FakeAkash {
    pub fn new() -> FakeAkash {
        FakeAkash::of_owner(OWNER)
    }

    /// A fake whose wallet is `owner` (a real address where the test needs one: certificates).
    pub fn of_owner(owner: &str) -> FakeAkash {
        let chain = Chain {
            owner: owner.to_string(),
            height: START_HEIGHT,
            funds: Funds {
                uact: START_UACT,
                uakt: START_UAKT,
            },
            fee_uakt: FEE_UAKT,
            min_deposit: 500_000,
            mint_rate_milli: MINT_RATE_MILLI,
            epoch: EPOCH,
            ..Chain::default()
        };
        FakeAkash {
            owner: owner.to_string(),
            state: Mutex::new(State {
                chain,
                block_secs: 6.0,
                providers: BTreeMap::new(),
                gateways: BTreeMap::new(),
                send_faults: Vec::new(),
                fail_at: Vec::new(),
                before_send: Vec::new(),
                calls: BTreeMap::new(),
                blocks_while_polling: false,
                tx_counter: 0,
            }),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads or changes the state directly (set-up and assertions).
    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.lock())
    }

    // ---- set-up ----

    pub fn set_block_secs(&self, secs: f64) {
        self.lock().block_secs = secs;
    }

    pub fn set_funds(&self, uact: u128, uakt: u128) {
        self.lock().chain.funds = Funds { uact, uakt };
    }

    /// One block without a transaction.
    pub fn tick(&self) {
        self.lock().chain.next_block();
    }

    /// From now on every query of the height lets a block pass, so that a wait for something
    /// later on chain (a mint's epoch) makes progress.
    pub fn blocks_while_polling(&self) {
        self.lock().blocks_while_polling = true;
    }

    /// Registers a provider on chain (host `https://<address>.test:8443`), with a gateway.
    pub fn provider(&self, address: &str, attributes: &[(&str, &str)], auditors: &[&str]) {
        let mut s = self.lock();
        s.providers.insert(
            address.to_string(),
            ProviderInfo {
                address: address.to_string(),
                host_uri: format!("https://{address}.test:8443"),
                attributes: attributes
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                auditors: auditors.iter().map(|a| a.to_string()).collect(),
            },
        );
        s.gateways.entry(address.to_string()).or_default();
    }

    /// `provider` bids `price_uact` per block on every open order, `delay_blocks` after it
    /// was created (registering the provider without attributes if it is unknown).
    pub fn bidder(&self, provider: &str, price_uact: u128, delay_blocks: u64) {
        self.bidder_on(provider, price_uact, delay_blocks, None);
    }

    /// Like [`FakeAkash::bidder`], on the listed groups only.
    pub fn bidder_on(&self, provider: &str, price: u128, delay: u64, groups: Option<&[u32]>) {
        if !self.lock().providers.contains_key(provider) {
            self.provider(provider, &[], &[]);
        }
        let mut s = self.lock();
        let b = Bidder {
            price,
            delay,
            groups: groups.map(<[u32]>::to_vec),
        };
        s.chain.bidders.insert(provider.to_string(), b);
        s.chain.settle_bids();
    }

    /// `provider` stops bidding (bids already placed stay).
    pub fn never_bids(&self, provider: &str) {
        self.lock().chain.bidders.remove(provider);
    }

    pub fn gateway(&self, provider: &str, f: impl FnOnce(&mut Gateway)) {
        f(self
            .lock()
            .gateways
            .entry(provider.to_string())
            .or_default());
    }

    /// A deployment of the owner that exists before the test (another run, another tool).
    pub fn existing_deployment(&self, dseq: u64, hash: [u8; 32]) {
        self.leased_deployment(dseq, hash, 500_000, &[]);
    }

    /// Like [`FakeAkash::existing_deployment`], with `deposit` uact in escrow and one group per
    /// provider (gseq 1, 2, …, named `g1`, `g2`, …), each leased to that provider from now at
    /// [`LEASED_PRICE_UACT`] per block (providers unknown so far are registered).
    pub fn leased_deployment(&self, dseq: u64, hash: [u8; 32], deposit: u128, providers: &[&str]) {
        for p in providers {
            if !self.lock().providers.contains_key(*p) {
                self.provider(p, &[], &[]);
            }
        }
        let mut s = self.lock();
        let (h, owner) = (s.chain.height, s.chain.owner.clone());
        let groups = (1..)
            .zip(providers)
            .map(|(gseq, _)| Group {
                gseq,
                name: format!("g{gseq}"),
                state: "open",
                spec: None,
                oseq: 1,
                order_state: "active",
                order_created: h,
            })
            .collect();
        s.chain.deployments.insert(
            dseq,
            Deployment {
                dseq,
                state: "active",
                hash: hash.to_vec(),
                denom: "uact".into(),
                deposited: deposit,
                refunded: 0,
                groups,
                by_tx: false,
            },
        );
        for (gseq, p) in (1..).zip(providers) {
            s.chain.leases.push(LeaseRec {
                id: BidRef {
                    owner: owner.clone(),
                    dseq,
                    gseq,
                    oseq: 1,
                    provider: p.to_string(),
                    bseq: 0,
                },
                price: LEASED_PRICE_UACT,
                state: "active",
                created_at: h,
                closed_at: None,
            });
        }
    }

    // ---- faults ----

    pub fn fail_next_send_after_effect(&self) {
        self.fail_send(None, SendFault::AfterEffect);
    }

    pub fn fail_next_send_before_effect(&self) {
        self.fail_send(None, SendFault::BeforeEffect);
    }

    /// The next transaction whose first message's type ends with `kind` (`MsgCreateLease`), or
    /// any transaction, fails this way.
    pub fn fail_send(&self, kind: Option<&str>, fault: SendFault) {
        self.lock()
            .send_faults
            .push((kind.map(str::to_string), fault));
    }

    /// The next call of port method `method` (`send_manifest`, `bids`, …) fails.
    pub fn fail_at(&self, method: &str) {
        self.lock().fail_at.push(method.to_string());
    }

    /// Before the next transaction whose first message's type ends with `kind`, `f` changes
    /// the chain (a provider closes its bid, another tool leases, …).
    pub fn before_send(&self, kind: &str, f: impl FnOnce(&mut Chain) + Send + 'static) {
        self.lock()
            .before_send
            .push((kind.to_string(), Box::new(f)));
    }

    pub fn clear_faults(&self) {
        let mut s = self.lock();
        s.send_faults.clear();
        s.fail_at.clear();
    }

    // ---- assertions ----

    pub fn chain(&self) -> Chain {
        self.lock().chain.clone()
    }

    pub fn funds_now(&self) -> Funds {
        self.lock().chain.funds.clone()
    }

    pub fn calls(&self, method: &str) -> u32 {
        self.lock().calls.get(method).copied().unwrap_or(0)
    }

    /// Deployments created by transactions.
    pub fn deployments_created(&self) -> usize {
        self.chain()
            .deployments
            .values()
            .filter(|d| d.by_tx)
            .count()
    }

    /// Every `MsgCreateLease` the chain included.
    pub fn leases_created(&self) -> usize {
        let c = self.chain();
        c.applied
            .iter()
            .filter(|m| matches!(m, Msg::CreateLease(_)))
            .count()
    }

    /// Active leases of `dseq` per gseq.
    pub fn active_leases(&self, dseq: u64) -> BTreeMap<u32, Vec<String>> {
        let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for l in self.chain().leases.iter().filter(|l| l.id.dseq == dseq) {
            if l.state == "active" {
                out.entry(l.id.gseq)
                    .or_default()
                    .push(l.id.provider.clone());
            }
        }
        out
    }

    pub fn gateway_state(&self, provider: &str) -> Gateway {
        self.lock()
            .gateways
            .get(provider)
            .cloned()
            .unwrap_or_default()
    }

    // ---- helpers ----

    /// Counts the call and takes an injected failure of `method`.
    fn enter(&self, method: &str) -> Result<MutexGuard<'_, State>, PortError> {
        let mut s = self.lock();
        *s.calls.entry(method.to_string()).or_default() += 1;
        if let Some(i) = s.fail_at.iter().position(|m| m == method) {
            s.fail_at.remove(i);
            return Err(PortError::Other(format!("injected failure at {method}")));
        }
        Ok(s)
    }
}

fn amount(denom: &str, v: u128) -> Amount {
    Amount::parse(denom, &v.to_string()).expect("an integer amount")
}

impl Akash for FakeAkash {
    fn owner(&self) -> &str {
        &self.owner
    }

    async fn height(&self) -> Result<u64, PortError> {
        let mut s = self.enter("height")?;
        if s.blocks_while_polling {
            s.chain.next_block();
        }
        Ok(s.chain.height)
    }

    async fn block_secs(&self) -> f64 {
        self.lock().block_secs
    }

    async fn funds(&self) -> Result<Funds, PortError> {
        Ok(self.enter("funds")?.chain.funds.clone())
    }

    async fn deployment(&self, dseq: u64) -> Result<Option<DeploymentInfo>, PortError> {
        let s = self.enter("deployment")?;
        let c = &s.chain;
        Ok(c.deployments.get(&dseq).map(|d| DeploymentInfo {
            dseq,
            state: d.state.to_string(),
            hash: d.hash.clone(),
            groups: d
                .groups
                .iter()
                .map(|g| GroupInfo {
                    gseq: g.gseq,
                    state: g.state.to_string(),
                    name: g.name.clone(),
                    spec: g.spec.clone(),
                })
                .collect(),
            escrow: Some(amount(&d.denom, c.escrow(dseq))),
        }))
    }

    async fn bids(&self, dseq: u64) -> Result<Vec<Bid>, PortError> {
        let mut s = self.enter("bids")?;
        s.chain.settle_bids();
        let c = &s.chain;
        let denom = |d: u64| c.deployments.get(&d).map_or("uact", |d| d.denom.as_str());
        Ok(c.bids
            .iter()
            .filter(|b| b.id.dseq == dseq)
            .map(|b| Bid {
                id: b.id.clone(),
                price: amount(denom(dseq), b.price),
                state: b.state.to_string(),
                created_at: b.created_at,
            })
            .collect())
    }

    async fn leases(&self, dseq: u64) -> Result<Vec<Lease>, PortError> {
        let s = self.enter("leases")?;
        let c = &s.chain;
        let denom = c
            .deployments
            .get(&dseq)
            .map_or("uact", |d| d.denom.as_str());
        Ok(c.leases
            .iter()
            .filter(|l| l.id.dseq == dseq)
            .map(|l| Lease {
                id: l.id.clone(),
                price: amount(denom, l.price),
                state: l.state.to_string(),
            })
            .collect())
    }

    async fn provider(&self, address: &str) -> Result<ProviderInfo, PortError> {
        let s = self.enter("provider")?;
        s.providers
            .get(address)
            .cloned()
            .ok_or_else(|| PortError::Other(format!("provider {address} not found")))
    }

    async fn tx_code(&self, hash: &str) -> Result<Option<u32>, PortError> {
        Ok(self.enter("tx_code")?.chain.txs.get(hash).copied())
    }

    async fn estimate_fee(&self, _msgs: Vec<Msg>) -> Result<u128, PortError> {
        Ok(self.enter("estimate_fee")?.chain.fee_uakt)
    }

    async fn send(
        &self,
        msgs: Vec<Msg>,
        on_signed: &mut dyn FnMut(&str) -> Result<(), String>,
    ) -> Result<TxDone, PortError> {
        let mut s = self.enter("send")?;
        let kind = msgs.first().map(Msg::type_url).unwrap_or_default();
        let fault = s
            .send_faults
            .iter()
            .position(|(k, _)| k.as_deref().is_none_or(|k| kind.ends_with(k)))
            .map(|i| s.send_faults.remove(i).1);
        if fault == Some(SendFault::BeforeEffect) {
            return Err(PortError::Other("the node did not answer".into()));
        }
        if let Some(i) = s
            .before_send
            .iter()
            .position(|(k, _)| kind.ends_with(k.as_str()))
        {
            let (_, hook) = s.before_send.remove(i);
            hook(&mut s.chain);
        }
        // Simulation: the transaction applied to a copy of the next block.
        let mut next = s.chain.clone();
        next.next_block();
        next.apply(&msgs)?;
        s.tx_counter += 1;
        let hash = hex::encode_upper(Sha256::digest(format!("tx {}", s.tx_counter)));
        on_signed(&hash).map_err(|e| PortError::Other(format!("aborted before broadcast: {e}")))?;
        if fault == Some(SendFault::RefusedAfterBroadcast) {
            return Err(PortError::Refused {
                plain: "the fee is too low for this node's minimum gas price".into(),
                raw_log: "insufficient fee".into(),
                code: 13,
                codespace: "sdk".into(),
            });
        }
        if fault == Some(SendFault::Dropped) {
            return Err(PortError::Pending {
                hash,
                message: "not included within 60 s".into(),
            });
        }
        next.txs.insert(hash.clone(), 0);
        let (height, fee_uakt) = (next.height, next.fee_uakt);
        s.chain = next;
        if fault == Some(SendFault::AfterEffect) {
            return Err(PortError::Pending {
                hash,
                message: "not included within 60 s".into(),
            });
        }
        Ok(TxDone {
            hash,
            height,
            fee_uakt,
        })
    }

    async fn probe(&self, provider: &ProviderInfo) -> Result<(), PortError> {
        let mut s = self.enter("probe")?;
        s.gateways
            .entry(provider.address.clone())
            .or_default()
            .probe(&provider.address)
    }

    async fn send_manifest(
        &self,
        provider: &ProviderInfo,
        dseq: u64,
        manifest_json: &str,
    ) -> Result<(), PortError> {
        let mut s = self.enter("send_manifest")?;
        let State {
            chain, gateways, ..
        } = &mut *s;
        let g = gateways.entry(provider.address.clone()).or_default();
        g.put_manifest(chain, &provider.address, dseq, manifest_json)
    }

    async fn lease_services(
        &self,
        provider: &ProviderInfo,
        lease: &BidRef,
    ) -> Result<Vec<ServiceState>, PortError> {
        let mut s = self.enter("lease_services")?;
        let State {
            chain, gateways, ..
        } = &mut *s;
        let g = gateways.entry(provider.address.clone()).or_default();
        g.status(chain, &provider.address, lease)
    }
}
