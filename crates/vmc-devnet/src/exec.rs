//! Message execution: the Akash deployment, market, escrow, cert and BME rules of §2.5 and §7,
//! and bank sends. Every handler validates before it changes anything.

use crate::dec::{self, SCALE};
use crate::escrow;
use crate::market;
use crate::spec;
use crate::state::*;
use crate::tx::{Msg, TxError};
use crate::wire;

fn dep_err(code: u32, log: impl std::fmt::Display, base: &str) -> TxError {
    TxError::new("deployment", code, format!("{log}: {base}"))
}
fn mkt_err(code: u32, log: impl std::fmt::Display, base: &str) -> TxError {
    TxError::new("market", code, format!("{log}: {base}"))
}
fn insufficient(addr_bal: u128, need: u128, denom: &str) -> TxError {
    TxError::sdk(
        5,
        format!(
            "spendable balance {addr_bal}{denom} is smaller than {need}{denom}: insufficient funds"
        ),
    )
}

/// Stateless checks (`ValidateBasic`), run at broadcast and again in the block.
pub fn validate_basic(msg: &Msg) -> Result<(), TxError> {
    match msg {
        Msg::CreateDeployment(m) => {
            let id = m.id.clone().unwrap_or_default();
            if id.dseq == 0 {
                return Err(dep_err(
                    8,
                    "dseq must be non-zero",
                    "Invalid: deployment id",
                ));
            }
            if m.groups.is_empty() {
                return Err(dep_err(7, "no groups", "Invalid groups"));
            }
            let mut names = std::collections::BTreeSet::new();
            let mut denom = None;
            for gw in &m.groups {
                let g = spec::from_wire(gw)?;
                if !names.insert(g.name.clone()) {
                    return Err(dep_err(
                        25,
                        format!("group {}", g.name),
                        "duplicate group name",
                    ));
                }
                let d = spec::denom(&g).to_string();
                if *denom.get_or_insert(d.clone()) != d {
                    return Err(dep_err(
                        7,
                        "groups priced in different denoms",
                        "Invalid groups",
                    ));
                }
            }
            if m.hash.is_empty() {
                return Err(dep_err(9, "hash is empty", "Invalid: empty hash"));
            }
            if m.hash.len() != 32 {
                return Err(dep_err(
                    10,
                    format!("hash is {} bytes, want 32", m.hash.len()),
                    "Invalid: deployment hash",
                ));
            }
            let dep = m.deposit.clone().unwrap_or_default();
            let amt = dep.amount.clone().unwrap_or_default();
            let v = dec::parse_int(&amt.amount).unwrap_or(0);
            if v > 0 && Some(&amt.denom) != denom.as_ref() {
                return Err(dep_err(
                    20,
                    format!(
                        "deposit denom {} does not match the price denom {}",
                        amt.denom,
                        denom.unwrap_or_default()
                    ),
                    "Deposit invalid",
                ));
            }
            check_sources(&dep.sources).map_err(|l| dep_err(20, l, "Deposit invalid"))?;
            if let Some(r) = &m.reclamation {
                let secs = r.min_window.clone().unwrap_or_default().seconds;
                if !(3600..=720 * 3600).contains(&secs) {
                    return Err(dep_err(
                        26,
                        format!("min_window {secs}s outside 1h..720h"),
                        "invalid reclamation configuration",
                    ));
                }
            }
            Ok(())
        }
        Msg::UpdateDeployment(m) => {
            if m.id.as_ref().is_none_or(|i| i.dseq == 0) {
                return Err(dep_err(
                    8,
                    "dseq must be non-zero",
                    "Invalid: deployment id",
                ));
            }
            if m.hash.len() != 32 {
                return Err(dep_err(
                    10,
                    format!("hash is {} bytes, want 32", m.hash.len()),
                    "Invalid: deployment hash",
                ));
            }
            Ok(())
        }
        Msg::CloseDeployment(m) => {
            if m.id.as_ref().is_none_or(|i| i.dseq == 0) {
                return Err(dep_err(
                    8,
                    "dseq must be non-zero",
                    "Invalid: deployment id",
                ));
            }
            Ok(())
        }
        Msg::CloseGroup(m) | Msg::PauseGroup(m) | Msg::StartGroup(m) => {
            let id = m.id.clone().unwrap_or_default();
            if id.dseq == 0 || id.gseq == 0 {
                return Err(dep_err(
                    13,
                    "dseq and gseq must be non-zero",
                    "Invalid deployment's group ID",
                ));
            }
            Ok(())
        }
        Msg::AccountDeposit(m) => {
            let dep = m.deposit.clone().unwrap_or_default();
            let amt = dep.amount.unwrap_or_default();
            if dec::parse_int(&amt.amount).unwrap_or(0) == 0 {
                return Err(TxError::new(
                    "escrow",
                    16,
                    "deposit amount must be non-zero: invalid deposit",
                ));
            }
            if dep.sources.is_empty() {
                return Err(TxError::new(
                    "escrow",
                    16,
                    "deposit sources must not be empty: invalid deposit",
                ));
            }
            check_sources(&dep.sources)
                .map_err(|l| TxError::new("escrow", 16, format!("{l}: invalid deposit")))?;
            let id = m.id.clone().unwrap_or_default();
            if id.scope != 1 || id.xid.split('/').count() != 2 {
                return Err(TxError::new(
                    "escrow",
                    12,
                    format!("account id {}:{}: invalid escrow id", id.scope, id.xid),
                ));
            }
            Ok(())
        }
        Msg::CreateLease(m) => {
            let b = m.bid_id.clone().unwrap_or_default();
            validate_bid_id(&b)
        }
        Msg::CloseLease(m) => {
            let b = m.id.clone().unwrap_or_default();
            validate_bid_id(&b)
        }
        Msg::CreateCertificate(m) => crate::cert::parse(&m.owner, &m.cert, &m.pubkey).map(|_| ()),
        Msg::RevokeCertificate(m) => {
            let id = m.id.clone().unwrap_or_default();
            if id.serial.is_empty() || !id.serial.bytes().all(|b| b.is_ascii_digit()) {
                return Err(TxError::new(
                    "cert",
                    5,
                    format!("serial {:?}: invalid serial number", id.serial),
                ));
            }
            Ok(())
        }
        Msg::Send(m) => {
            if !crate::keys::valid_address(&m.to_address) {
                return Err(TxError::sdk(
                    7,
                    format!("invalid to address {:?}: invalid address", m.to_address),
                ));
            }
            if m.amount.is_empty()
                || m.amount
                    .iter()
                    .any(|c| dec::parse_int(&c.amount).unwrap_or(0) == 0)
            {
                return Err(TxError::sdk(10, "amount must be positive: invalid coins"));
            }
            Ok(())
        }
        Msg::MintAct(m) => {
            if m.owner != m.to {
                return Err(TxError::new(
                    "bme",
                    2,
                    "`to` must equal `owner`: invalid request",
                ));
            }
            let c = m.coins_to_burn.clone().unwrap_or_default();
            if c.denom != UAKT || dec::parse_int(&c.amount).unwrap_or(0) == 0 {
                return Err(TxError::new(
                    "bme",
                    3,
                    "coins_to_burn must be a positive uakt amount: invalid coins",
                ));
            }
            Ok(())
        }
    }
}

fn check_sources(s: &[i32]) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for &x in s {
        if !(1..=2).contains(&x) {
            return Err(format!("unknown deposit source {x}"));
        }
        if !seen.insert(x) {
            return Err("duplicate deposit source".into());
        }
    }
    Ok(())
}

fn validate_bid_id(b: &wire::BidId) -> Result<(), TxError> {
    if b.provider.is_empty() {
        return Err(mkt_err(1, "provider is empty", "empty provider"));
    }
    if b.owner == b.provider {
        return Err(mkt_err(
            2,
            "owner equals provider",
            "owner and provider are the same account",
        ));
    }
    if b.dseq == 0 || b.gseq == 0 || b.oseq == 0 {
        return Err(mkt_err(
            31,
            "dseq, gseq and oseq must be non-zero",
            "invalid bid",
        ));
    }
    if b.bseq != 0 {
        return Err(mkt_err(31, "bseq must be 0", "invalid bid"));
    }
    Ok(())
}

fn bid_id(b: &wire::BidId) -> BidId {
    BidId {
        owner: b.owner.clone(),
        dseq: b.dseq,
        gseq: b.gseq,
        oseq: b.oseq,
        provider: b.provider.clone(),
        bseq: b.bseq,
    }
}

/// Takes a deposit from `payer` following the sources in order (`grant` never has an authz
/// grant on the devnet; `balance` is the payer's spendable balance).
fn take_deposit(
    st: &mut ChainState,
    payer: &str,
    denom: &str,
    amount: u128,
    sources: &[i32],
) -> Result<&'static str, TxError> {
    let sources = if sources.is_empty() {
        &[1][..]
    } else {
        sources
    };
    if sources.contains(&1) {
        let bal = st.balance(payer, denom);
        if !st.debit(payer, denom, amount) {
            return Err(insufficient(bal, amount, denom));
        }
        return Ok("balance");
    }
    Err(TxError::sdk(
        5,
        format!(
            "no deposit authorization grant for {payer} covers {amount}{denom}: insufficient funds"
        ),
    ))
}

/// Executes one message against the state (after `validate_basic`).
pub fn execute(st: &mut ChainState, msg: &Msg) -> Result<(), TxError> {
    match msg {
        Msg::CreateDeployment(m) => create_deployment(st, m),
        Msg::UpdateDeployment(m) => {
            let id = m.id.clone().unwrap_or_default();
            let d = st
                .deployments
                .get_mut(&dkey(&id.owner, id.dseq))
                .ok_or_else(|| {
                    dep_err(
                        4,
                        format!("deployment {}/{}", id.owner, id.dseq),
                        "Deployment not found",
                    )
                })?;
            if d.state != DeploymentState::Active {
                return Err(dep_err(
                    5,
                    format!("deployment {}/{}", id.owner, id.dseq),
                    "Deployment closed",
                ));
            }
            if d.hash == m.hash {
                return Err(dep_err(2, "deployment hash unchanged", "Invalid request"));
            }
            d.hash = m.hash.clone();
            Ok(())
        }
        Msg::CloseDeployment(m) => {
            let id = m.id.clone().unwrap_or_default();
            let key = dkey(&id.owner, id.dseq);
            match st.deployments.get(&key) {
                None => {
                    return Err(dep_err(
                        4,
                        format!("deployment {}/{}", id.owner, id.dseq),
                        "Deployment not found",
                    ));
                }
                Some(d) if d.state != DeploymentState::Active => {
                    return Err(dep_err(
                        5,
                        format!("deployment {}/{}", id.owner, id.dseq),
                        "Deployment closed",
                    ));
                }
                _ => {}
            }
            market::close_deployment(st, &id.owner, id.dseq, GroupState::Closed, reason::OWNER);
            Ok(())
        }
        Msg::CloseGroup(m) | Msg::PauseGroup(m) | Msg::StartGroup(m) => {
            let id = m.id.clone().unwrap_or_default();
            let gk = gkey(&id.owner, id.dseq, id.gseq);
            let g = st.groups.get(&gk).ok_or_else(|| {
                dep_err(
                    14,
                    format!("group {}/{}/{}", id.owner, id.dseq, id.gseq),
                    "Group not found",
                )
            })?;
            let gstate = g.state;
            match msg {
                Msg::CloseGroup(_) => {
                    if gstate == GroupState::Closed {
                        return Err(dep_err(
                            15,
                            format!("group {}/{}/{}", id.owner, id.dseq, id.gseq),
                            "Group already closed",
                        ));
                    }
                    market::close_group(st, &gk, GroupState::Closed, reason::OWNER);
                }
                Msg::PauseGroup(_) => {
                    if gstate != GroupState::Open {
                        return Err(dep_err(
                            18,
                            format!("group {}/{}/{}", id.owner, id.dseq, id.gseq),
                            "Group not open",
                        ));
                    }
                    market::close_group(st, &gk, GroupState::Paused, reason::OWNER);
                }
                _ => {
                    if gstate != GroupState::Paused {
                        return Err(dep_err(2, "group is not paused", "Invalid request"));
                    }
                    if let Some(g) = st.groups.get_mut(&gk) {
                        g.state = GroupState::Open;
                    }
                    market::open_next_order(st, &id.owner, id.dseq, id.gseq);
                }
            }
            Ok(())
        }
        Msg::AccountDeposit(m) => {
            let id = m.id.clone().unwrap_or_default();
            let key = escrow_key(Scope::Deployment, &id.xid);
            let state = st
                .escrow_accounts
                .get(&key)
                .map(|a| a.state)
                .ok_or_else(|| {
                    TxError::new(
                        "escrow",
                        3,
                        format!("account {}: account not found", id.xid),
                    )
                })?;
            if state == EscrowState::Closed {
                return Err(TxError::new(
                    "escrow",
                    2,
                    format!("account {}: account closed", id.xid),
                ));
            }
            let dep = m.deposit.clone().unwrap_or_default();
            let amt = dep.amount.clone().unwrap_or_default();
            let v = dec::parse_int(&amt.amount).unwrap_or(0);
            let source = take_deposit(st, &m.signer, &amt.denom, v, &dep.sources)?;
            let h = st.height;
            if let Some(acc) = st.escrow_accounts.get_mut(&key) {
                acc.deposits.push(Depositor {
                    owner: m.signer.clone(),
                    height: h,
                    source: source.into(),
                    denom: amt.denom.clone(),
                    balance: v * SCALE,
                });
            }
            Ok(())
        }
        Msg::CreateLease(m) => {
            let b = bid_id(&m.bid_id.clone().unwrap_or_default());
            let bid = st.bids.get(&bkey(&b)).ok_or_else(|| {
                mkt_err(
                    18,
                    format!("bid {}", fmt_bid(&b)),
                    "invalid bid: bid not found",
                )
            })?;
            if bid.state != BidState::Open {
                return Err(mkt_err(12, format!("bid {}", fmt_bid(&b)), "bid not open"));
            }
            let order = st.orders.get(&okey(&b.order())).ok_or_else(|| {
                mkt_err(
                    15,
                    format!("order of bid {}", fmt_bid(&b)),
                    "invalid order: order not found",
                )
            })?;
            if order.state != OrderState::Open {
                return Err(mkt_err(
                    13,
                    format!("order of bid {}", fmt_bid(&b)),
                    "bid: order not open",
                ));
            }
            match st.groups.get(&gkey(&b.owner, b.dseq, b.gseq)) {
                Some(g) if g.state == GroupState::Open => {}
                _ => {
                    return Err(mkt_err(
                        17,
                        format!("group of bid {}", fmt_bid(&b)),
                        "group not open",
                    ));
                }
            }
            market::create_lease(st, &b);
            Ok(())
        }
        Msg::CloseLease(m) => {
            let b = bid_id(&m.id.clone().unwrap_or_default());
            let lease = st.leases.get(&bkey(&b)).ok_or_else(|| {
                mkt_err(
                    20,
                    format!("lease {}", fmt_bid(&b)),
                    "invalid lease: lease not found",
                )
            })?;
            if lease.state != LeaseState::Active {
                return Err(mkt_err(
                    10,
                    format!("lease {}", fmt_bid(&b)),
                    "lease not active",
                ));
            }
            market::close_lease(st, &b, LeaseState::Closed, reason::OWNER, true);
            Ok(())
        }
        Msg::CreateCertificate(m) => {
            let parsed = crate::cert::parse(&m.owner, &m.cert, &m.pubkey)?;
            let key = format!("{}/{}", m.owner, parsed.serial);
            if st.certs.contains_key(&key) {
                return Err(TxError::new(
                    "cert",
                    3,
                    format!(
                        "certificate {}/{}: certificate exists",
                        m.owner, parsed.serial
                    ),
                ));
            }
            st.certs.insert(
                key,
                Cert {
                    owner: m.owner.clone(),
                    serial: parsed.serial,
                    state: CertState::Valid,
                    cert: m.cert.clone(),
                    pubkey: m.pubkey.clone(),
                },
            );
            Ok(())
        }
        Msg::RevokeCertificate(m) => {
            let id = m.id.clone().unwrap_or_default();
            let c = st
                .certs
                .get_mut(&format!("{}/{}", id.owner, id.serial))
                .ok_or_else(|| {
                    TxError::new(
                        "cert",
                        1,
                        format!(
                            "certificate {}/{}: certificate not found",
                            id.owner, id.serial
                        ),
                    )
                })?;
            if c.state == CertState::Revoked {
                return Err(TxError::new(
                    "cert",
                    4,
                    format!(
                        "certificate {}/{}: certificate already revoked",
                        id.owner, id.serial
                    ),
                ));
            }
            c.state = CertState::Revoked;
            Ok(())
        }
        Msg::Send(m) => {
            for c in &m.amount {
                if c.denom == UACT {
                    return Err(TxError::new(
                        "bank",
                        5,
                        "uact transfers are currently disabled: send transactions are disabled",
                    ));
                }
                let v = dec::parse_int(&c.amount).unwrap_or(0);
                if st.balance(&m.from_address, &c.denom) < v {
                    return Err(insufficient(
                        st.balance(&m.from_address, &c.denom),
                        v,
                        &c.denom,
                    ));
                }
            }
            for c in &m.amount {
                let v = dec::parse_int(&c.amount).unwrap_or(0);
                st.debit(&m.from_address, &c.denom, v);
                st.credit(&m.to_address, &c.denom, v);
            }
            Ok(())
        }
        Msg::MintAct(m) => {
            let c = m.coins_to_burn.clone().unwrap_or_default();
            let v = dec::parse_int(&c.amount).unwrap_or(0);
            let minted = v * st.params.bme_uact_per_uakt / SCALE;
            if minted < st.params.bme_min_mint_uact {
                return Err(TxError::new(
                    "bme",
                    4,
                    format!(
                        "mint of {minted}uact is below the minimum {}uact: invalid amount",
                        st.params.bme_min_mint_uact
                    ),
                ));
            }
            let bal = st.balance(&m.owner, UAKT);
            if !st.debit(&m.owner, UAKT, v) {
                return Err(insufficient(bal, v, UAKT));
            }
            let id = st.next_mint_id;
            st.next_mint_id += 1;
            let h = st.height;
            st.pending_mints.push(PendingMint {
                id,
                owner: m.owner.clone(),
                to: m.to.clone(),
                burned_uakt: v,
                height: h,
            });
            Ok(())
        }
    }
}

pub fn fmt_bid(b: &BidId) -> String {
    format!(
        "{}/{}/{}/{}/{}/{}",
        b.owner, b.dseq, b.gseq, b.oseq, b.provider, b.bseq
    )
}

fn create_deployment(st: &mut ChainState, m: &wire::MsgCreateDeployment) -> Result<(), TxError> {
    let id = m.id.clone().unwrap_or_default();
    let key = dkey(&id.owner, id.dseq);
    if st.deployments.contains_key(&key) {
        return Err(dep_err(
            3,
            format!("deployment {}/{}", id.owner, id.dseq),
            "Deployment exists",
        ));
    }
    let specs = m
        .groups
        .iter()
        .map(spec::from_wire)
        .collect::<Result<Vec<_>, _>>()?;
    let denom = spec::denom(&specs[0]).to_string();
    if !st.params.deployment_denoms.contains(&denom) {
        return Err(dep_err(
            20,
            format!(
                "deployments must be priced and funded in {} (got {denom})",
                st.params.deployment_denoms.join(", ")
            ),
            "Deposit invalid",
        ));
    }
    let dep = m.deposit.clone().unwrap_or_default();
    let amt = dep.amount.clone().unwrap_or_default();
    let v = dec::parse_int(&amt.amount).unwrap_or(0);
    let min = st.params.min_deposits.get(&denom).copied().unwrap_or(0);
    if v < min {
        return Err(dep_err(
            20,
            format!("deposit {v}{denom} is below the minimum {min}{denom}"),
            "Deposit invalid",
        ));
    }
    let source = take_deposit(st, &id.owner, &denom, v, &dep.sources)?;
    let h = st.height;
    st.deployments.insert(
        key,
        Deployment {
            owner: id.owner.clone(),
            dseq: id.dseq,
            state: DeploymentState::Active,
            hash: m.hash.clone(),
            created_at: h,
            reclamation_secs: m
                .reclamation
                .as_ref()
                .map(|r| r.min_window.clone().unwrap_or_default().seconds),
        },
    );
    escrow::open_account(
        st,
        Scope::Deployment,
        &format!("{}/{}", id.owner, id.dseq),
        &id.owner,
        &id.owner,
        source,
        &denom,
        v,
    );
    for (i, s) in specs.into_iter().enumerate() {
        let gseq = i as u32 + 1;
        st.groups.insert(
            gkey(&id.owner, id.dseq, gseq),
            Group {
                owner: id.owner.clone(),
                dseq: id.dseq,
                gseq,
                state: GroupState::Open,
                spec: s,
                created_at: h,
            },
        );
        market::open_next_order(st, &id.owner, id.dseq, gseq);
    }
    Ok(())
}
