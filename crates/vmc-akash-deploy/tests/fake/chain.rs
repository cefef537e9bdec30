//! The chain half of the fake: deployments, groups and orders, bids, leases, escrow, the
//! wallet, ACT mints credited at the BME epoch and the owner's certificates, changed only by
//! transactions and blocks (akash-protocol.md §2.5, §7.2, §7.4, §8.4).

use std::collections::BTreeMap;

use vmc_akash::tx::Msg;
use vmc_akash_deploy::model::{BidRef, Funds};
use vmc_akash_deploy::port::PortError;

#[derive(Debug, Clone)]
pub struct Deployment {
    pub dseq: u64,
    /// `active` or `closed`.
    pub state: &'static str,
    pub hash: Vec<u8>,
    pub denom: String,
    /// Everything deposited into the escrow account.
    pub deposited: u128,
    /// What came back to the owner on close.
    pub refunded: u128,
    pub groups: Vec<Group>,
    /// Created by a transaction of this fake (false: set up by the test as already there).
    pub by_tx: bool,
}

/// A group and its current order (one order per group at a time).
#[derive(Debug, Clone)]
pub struct Group {
    pub gseq: u32,
    pub name: String,
    /// `open` or `closed`.
    pub state: &'static str,
    pub spec: Option<vmc_sdl::GroupSpec>,
    pub oseq: u32,
    /// `open` (accepting bids), `active` (leased), `closed`.
    pub order_state: &'static str,
    pub order_created: u64,
}

#[derive(Debug, Clone)]
pub struct BidRec {
    pub id: BidRef,
    /// uact (the deployment's denom) per block.
    pub price: u128,
    pub state: &'static str,
    pub created_at: u64,
}

#[derive(Debug, Clone)]
pub struct LeaseRec {
    pub id: BidRef,
    pub price: u128,
    pub state: &'static str,
    pub created_at: u64,
    pub closed_at: Option<u64>,
}

/// A provider's bid engine: it bids `price` per block on every open order `delay` blocks after
/// the order was created (only on `groups` when set).
#[derive(Debug, Clone)]
pub struct Bidder {
    pub price: u128,
    pub delay: u64,
    pub groups: Option<Vec<u32>>,
}

#[derive(Debug, Clone, Default)]
pub struct Chain {
    pub owner: String,
    pub height: u64,
    pub funds: Funds,
    pub fee_uakt: u128,
    pub min_deposit: u128,
    pub deployments: BTreeMap<u64, Deployment>,
    pub bids: Vec<BidRec>,
    pub leases: Vec<LeaseRec>,
    pub bidders: BTreeMap<String, Bidder>,
    /// Included transactions: hash → code.
    pub txs: BTreeMap<String, u32>,
    /// The messages of every included transaction, in order.
    pub applied: Vec<Msg>,
    /// Mints waiting for the epoch: (uakt burned, height of the mint transaction).
    pub pending_mints: Vec<(u128, u64)>,
    /// uact credited per uakt burned, × 1000.
    pub mint_rate_milli: u128,
    /// Mints are credited at the first height after theirs that is a multiple of this.
    pub epoch: u64,
    /// The owner's certificates: serial → `valid` or `revoked`.
    pub certs: BTreeMap<String, &'static str>,
}

pub fn refused(codespace: &str, code: u32, raw_log: String) -> PortError {
    PortError::Refused {
        plain: vmc_akash_client::tx::send::plain_refusal(code, codespace, &raw_log),
        raw_log,
        code,
        codespace: codespace.to_string(),
    }
}

fn failed(i: usize, codespace: &str, code: u32, what: &str) -> PortError {
    refused(
        codespace,
        code,
        format!("failed to execute message; message index: {i}: {what}"),
    )
}

fn insufficient(have: u128, need: u128, denom: &str) -> PortError {
    refused(
        "sdk",
        5,
        format!(
            "spendable balance {have}{denom} is smaller than {need}{denom}: insufficient funds"
        ),
    )
}

fn coin(c: Option<&vmc_akash_proto::cosmos::Coin>) -> (String, u128) {
    c.map_or((String::new(), 0), |c| {
        (c.denom.clone(), c.amount.parse().unwrap_or(0))
    })
}

impl Chain {
    fn balance(&mut self, denom: &str) -> &mut u128 {
        if denom == "uakt" {
            &mut self.funds.uakt
        } else {
            &mut self.funds.uact
        }
    }

    /// What the leases of `dseq` consumed so far: price × blocks since creation (§7.4).
    pub fn consumed(&self, dseq: u64) -> u128 {
        self.leases
            .iter()
            .filter(|l| l.id.dseq == dseq)
            .map(|l| l.price * u128::from(l.closed_at.unwrap_or(self.height) - l.created_at))
            .sum()
    }

    pub fn escrow(&self, dseq: u64) -> u128 {
        let d = &self.deployments[&dseq];
        d.deposited.saturating_sub(self.consumed(dseq) + d.refunded)
    }

    /// Providers bid on open orders once their delay has passed (evaluated lazily).
    pub fn settle_bids(&mut self) {
        let mut new = Vec::new();
        for d in self.deployments.values().filter(|d| d.state == "active") {
            for g in d
                .groups
                .iter()
                .filter(|g| g.state == "open" && g.order_state == "open")
            {
                for (provider, b) in &self.bidders {
                    let wanted = b.groups.as_ref().is_none_or(|gs| gs.contains(&g.gseq));
                    let due = g.order_created + b.delay;
                    let id = BidRef {
                        owner: self.owner.clone(),
                        dseq: d.dseq,
                        gseq: g.gseq,
                        oseq: g.oseq,
                        provider: provider.clone(),
                        bseq: 0,
                    };
                    if wanted && self.height >= due && !self.bids.iter().any(|x| x.id == id) {
                        new.push(BidRec {
                            id,
                            price: b.price,
                            state: "open",
                            created_at: due,
                        });
                    }
                }
            }
        }
        self.bids.extend(new);
    }

    /// One more block: providers bid, and at an epoch the mints sent before it are credited.
    pub fn next_block(&mut self) {
        self.height += 1;
        self.settle_bids();
        let h = self.height;
        if h.is_multiple_of(self.epoch) {
            let (due, later) = self.pending_mints.drain(..).partition(|(_, at)| *at < h);
            self.pending_mints = later;
            let credit: u128 = due
                .iter()
                .map(|(burned, _)| burned * self.mint_rate_milli / 1000)
                .sum();
            self.funds.uact += credit;
        }
    }

    /// The fee, then every message in order; any refusal leaves `self` half changed, so the
    /// caller applies a transaction to a copy.
    pub fn apply(&mut self, msgs: &[Msg]) -> Result<(), PortError> {
        let fee = self.fee_uakt;
        if self.funds.uakt < fee {
            return Err(insufficient(self.funds.uakt, fee, "uakt"));
        }
        self.funds.uakt -= fee;
        for (i, m) in msgs.iter().enumerate() {
            self.apply_one(i, m)?;
            self.applied.push(m.clone());
        }
        Ok(())
    }

    fn active_dep(&mut self, i: usize, dseq: u64) -> Result<&mut Deployment, PortError> {
        match self.deployments.get_mut(&dseq) {
            Some(d) if d.state == "active" => Ok(d),
            Some(_) => Err(failed(i, "deployment", 4, "Deployment closed")),
            None => Err(failed(i, "deployment", 2, "Deployment not found")),
        }
    }

    fn apply_one(&mut self, i: usize, m: &Msg) -> Result<(), PortError> {
        let h = self.height;
        match m {
            Msg::CreateDeployment(m) => {
                let id = m.id.clone().unwrap_or_default();
                if id.owner != self.owner || id.dseq == 0 {
                    return Err(failed(i, "deployment", 5, "invalid deployment id"));
                }
                if self.deployments.contains_key(&id.dseq) {
                    return Err(failed(i, "deployment", 3, "Deployment exists"));
                }
                if m.hash.len() != 32 {
                    return Err(failed(i, "deployment", 7, "invalid: deployment hash"));
                }
                let (denom, amount) = coin(m.deposit.as_ref().and_then(|d| d.amount.as_ref()));
                if denom != "uact" || amount < self.min_deposit {
                    return Err(failed(i, "deployment", 9, "Deposit invalid"));
                }
                let have = *self.balance(&denom);
                if have < amount {
                    return Err(insufficient(have, amount, &denom));
                }
                *self.balance(&denom) -= amount;
                let groups = (1..)
                    .zip(&m.groups)
                    .map(|(gseq, g)| Group {
                        gseq,
                        name: g.name.clone(),
                        state: "open",
                        spec: vmc_akash::groups::group_spec_from_proto(g).ok(),
                        oseq: 1,
                        order_state: "open",
                        order_created: h,
                    })
                    .collect();
                self.deployments.insert(
                    id.dseq,
                    Deployment {
                        dseq: id.dseq,
                        state: "active",
                        hash: m.hash.clone(),
                        denom,
                        deposited: amount,
                        refunded: 0,
                        groups,
                        by_tx: true,
                    },
                );
            }
            Msg::UpdateDeployment(m) => {
                let dseq = m.id.as_ref().map_or(0, |d| d.dseq);
                if m.hash.len() != 32 {
                    return Err(failed(i, "deployment", 7, "invalid: deployment hash"));
                }
                self.active_dep(i, dseq)?.hash = m.hash.clone();
            }
            Msg::CloseDeployment(m) => {
                let dseq = m.id.as_ref().map_or(0, |d| d.dseq);
                self.active_dep(i, dseq)?;
                for l in self.leases.iter_mut().filter(|l| l.id.dseq == dseq) {
                    if l.state == "active" {
                        (l.state, l.closed_at) = ("closed", Some(h));
                    }
                }
                for b in self.bids.iter_mut().filter(|b| b.id.dseq == dseq) {
                    if b.state == "open" || b.state == "active" {
                        b.state = "closed";
                    }
                }
                let refund = self.escrow(dseq);
                let d = self.deployments.get_mut(&dseq).expect("checked");
                d.refunded += refund;
                d.state = "closed";
                for g in &mut d.groups {
                    (g.state, g.order_state) = ("closed", "closed");
                }
                let denom = d.denom.clone();
                *self.balance(&denom) += refund;
            }
            Msg::CreateLease(m) => {
                let id = m.bid_id.clone().unwrap_or_default();
                let dep = self.active_dep(i, id.dseq)?;
                let open = dep
                    .groups
                    .iter()
                    .any(|g| g.gseq == id.gseq && g.oseq == id.oseq && g.order_state == "open");
                if !open {
                    return Err(failed(i, "market", 13, "order not open"));
                }
                let key = |b: &BidRef| (b.dseq, b.gseq, b.oseq, b.provider.clone(), b.bseq);
                let wanted = (id.dseq, id.gseq, id.oseq, id.provider.clone(), id.bseq);
                let Some(bid) = self
                    .bids
                    .iter()
                    .find(|b| key(&b.id) == wanted && b.state == "open")
                    .cloned()
                else {
                    return Err(failed(i, "market", 12, "bid not open"));
                };
                for b in self
                    .bids
                    .iter_mut()
                    .filter(|b| (b.id.dseq, b.id.gseq, b.id.oseq) == (id.dseq, id.gseq, id.oseq))
                {
                    b.state = if b.id == bid.id { "active" } else { "lost" };
                }
                let dep = self.deployments.get_mut(&id.dseq).expect("checked");
                for g in dep.groups.iter_mut().filter(|g| g.gseq == id.gseq) {
                    g.order_state = "active";
                }
                self.leases.push(LeaseRec {
                    id: bid.id,
                    price: bid.price,
                    state: "active",
                    created_at: h,
                    closed_at: None,
                });
            }
            Msg::CloseLease(m) => {
                let id = m.id.clone().unwrap_or_default();
                let wanted = (id.dseq, id.gseq, id.oseq, id.provider.clone());
                let Some(l) = self.leases.iter_mut().find(|l| {
                    (l.id.dseq, l.id.gseq, l.id.oseq, l.id.provider.clone()) == wanted
                        && l.state == "active"
                }) else {
                    return Err(failed(i, "market", 14, "lease not active"));
                };
                (l.state, l.closed_at) = ("closed", Some(h));
                let lease = l.id.clone();
                for b in self.bids.iter_mut().filter(|b| b.id == lease) {
                    b.state = "closed";
                }
                let dep = self.active_dep(i, id.dseq)?;
                for g in dep.groups.iter_mut().filter(|g| g.gseq == id.gseq) {
                    // The group is still open: a new order (next oseq) is created (§2.5).
                    (g.oseq, g.order_state, g.order_created) = (g.oseq + 1, "open", h);
                }
            }
            Msg::AccountDeposit(m) => {
                let xid = m.id.as_ref().map(|a| a.xid.clone()).unwrap_or_default();
                let dseq = xid
                    .strip_prefix(&format!("{}/", self.owner))
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(0);
                let (denom, amount) = coin(m.deposit.as_ref().and_then(|d| d.amount.as_ref()));
                match self.deployments.get(&dseq) {
                    Some(d) if d.state != "active" => {
                        return Err(failed(i, "escrow", 3, "account closed"));
                    }
                    Some(d) if d.denom != denom => {
                        return Err(failed(i, "escrow", 4, "invalid deposit denom"));
                    }
                    Some(_) => {}
                    None => return Err(failed(i, "escrow", 2, "account not found")),
                }
                let have = *self.balance(&denom);
                if have < amount {
                    return Err(insufficient(have, amount, &denom));
                }
                *self.balance(&denom) -= amount;
                self.active_dep(i, dseq)?.deposited += amount;
            }
            Msg::MintAct(m) => {
                let (denom, amount) = coin(m.coins_to_burn.as_ref());
                if denom != "uakt" || amount == 0 || m.to != self.owner {
                    return Err(failed(i, "bme", 2, "invalid mint"));
                }
                if self.funds.uakt < amount {
                    return Err(insufficient(self.funds.uakt, amount, "uakt"));
                }
                self.funds.uakt -= amount;
                self.pending_mints.push((amount, h));
            }
            Msg::CreateCertificate(m) => {
                if m.owner != self.owner {
                    return Err(failed(i, "cert", 6, "invalid owner"));
                }
                let info = vmc_akash::cert::validate_on_chain(&m.owner, &m.cert, &m.pubkey)
                    .map_err(|e| failed(i, "cert", 4, &format!("invalid certificate: {e}")))?;
                if self.certs.contains_key(&info.serial) {
                    return Err(failed(i, "cert", 2, "certificate exists"));
                }
                self.certs.insert(info.serial, "valid");
            }
            Msg::RevokeCertificate(m) => {
                let id = m.id.clone().unwrap_or_default();
                match self.certs.get_mut(&id.serial) {
                    _ if id.owner != self.owner => {
                        return Err(failed(i, "cert", 6, "invalid owner"));
                    }
                    None => return Err(failed(i, "cert", 3, "certificate not found")),
                    Some(s) if *s == "revoked" => {
                        return Err(failed(i, "cert", 5, "certificate already revoked"));
                    }
                    Some(s) => *s = "revoked",
                }
            }
            other => {
                return Err(PortError::Other(format!(
                    "the fake does not model {}",
                    other.type_url()
                )));
            }
        }
        Ok(())
    }
}
