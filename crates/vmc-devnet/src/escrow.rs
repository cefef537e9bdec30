//! Escrow accounts and payments (§7.4): deposits, settlement every block at the lease rates,
//! withdrawal to providers, refunds on close, and overdraft.

use crate::dec::SCALE;
use crate::state::*;

/// Opens an escrow account funded by one deposit of `amount` (integer units of `denom`).
#[allow(clippy::too_many_arguments)]
pub fn open_account(
    st: &mut ChainState,
    scope: Scope,
    xid: &str,
    owner: &str,
    depositor: &str,
    source: &str,
    denom: &str,
    amount: u128,
) {
    let h = st.height;
    let acc = EscrowAccount {
        scope,
        xid: xid.to_string(),
        owner: owner.to_string(),
        state: EscrowState::Open,
        transferred: Default::default(),
        settled_at: h,
        deposits: vec![Depositor {
            owner: depositor.to_string(),
            height: h,
            source: source.to_string(),
            denom: denom.to_string(),
            balance: amount * SCALE,
        }],
    };
    st.escrow_accounts.insert(acc.key(), acc);
}

/// Opens the payment of a lease at `rate` atomics per block.
pub fn open_payment(st: &mut ChainState, lease: &BidId, denom: &str, rate: u128) {
    let xid = format!("{}/{}", lease.owner, lease.dseq);
    let akey = escrow_key(Scope::Deployment, &xid);
    let busy = st
        .payments
        .range(format!("{akey}#")..)
        .take_while(|(k, _)| k.starts_with(&format!("{akey}#")))
        .any(|(_, p)| p.state == EscrowState::Open);
    if !busy {
        let h = st.height;
        if let Some(a) = st.escrow_accounts.get_mut(&akey) {
            a.settled_at = h;
        }
    }
    st.payments.insert(
        payment_key(lease),
        Payment {
            account: escrow_key(Scope::Deployment, &xid),
            account_scope: Scope::Deployment,
            account_xid: xid,
            xid: format!("{}/{}/{}", lease.gseq, lease.oseq, lease.provider),
            owner: lease.provider.clone(),
            state: EscrowState::Open,
            denom: denom.to_string(),
            rate,
            balance: 0,
            unsettled: 0,
            withdrawn: 0,
        },
    );
}

/// Pays whole units of a payment's balance out to its provider.
fn withdraw(st: &mut ChainState, pkey: &str) {
    let Some(p) = st.payments.get_mut(pkey) else {
        return;
    };
    let whole = p.balance / SCALE;
    if whole == 0 {
        return;
    }
    p.balance -= whole * SCALE;
    p.withdrawn += whole;
    let (owner, denom) = (p.owner.clone(), p.denom.clone());
    st.credit(&owner, &denom, whole);
}

/// Closes a payment: a final withdrawal, then `closed` (or `overdrawn`).
pub fn close_payment(st: &mut ChainState, pkey: &str, state: EscrowState) {
    withdraw(st, pkey);
    if let Some(p) = st.payments.get_mut(pkey) {
        p.state = state;
    }
}

/// Closes an account: closes its open payments and refunds every depositor's remainder
/// (truncated to whole units) to that depositor.
pub fn close_account(st: &mut ChainState, key: &str) {
    let pkeys: Vec<String> = st
        .payments
        .range(format!("{key}#")..)
        .take_while(|(k, _)| k.starts_with(&format!("{key}#")))
        .filter(|(_, p)| p.state == EscrowState::Open)
        .map(|(k, _)| k.clone())
        .collect();
    for pk in pkeys {
        close_payment(st, &pk, EscrowState::Closed);
    }
    let Some(acc) = st.escrow_accounts.get_mut(key) else {
        return;
    };
    if acc.state == EscrowState::Closed {
        return;
    }
    acc.state = EscrowState::Closed;
    let refunds: Vec<(String, String, u128)> = acc
        .deposits
        .iter_mut()
        .map(|d| {
            let whole = d.balance / SCALE;
            d.balance = 0;
            (d.owner.clone(), d.denom.clone(), whole)
        })
        .collect();
    for (owner, denom, whole) in refunds {
        st.credit(&owner, &denom, whole);
    }
}

/// Settles one deployment account up to the current height: each open payment receives its
/// rate × blocks from the depositors (in deposit order) and is withdrawn to the provider.
/// Returns true when the deposits could not pay (the account is then `overdrawn`).
pub fn settle_account(st: &mut ChainState, akey: &str) -> bool {
    let h = st.height;
    let Some(acc) = st.escrow_accounts.get(akey) else {
        return false;
    };
    if acc.state != EscrowState::Open {
        return false;
    }
    let blocks = h.saturating_sub(acc.settled_at) as u128;
    if blocks == 0 {
        return false;
    }
    let prefix = format!("{akey}#");
    let pkeys: Vec<String> = st
        .payments
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter(|(_, p)| p.state == EscrowState::Open)
        .map(|(k, _)| k.clone())
        .collect();
    let mut short = false;
    for pk in &pkeys {
        let (denom, owed) = {
            let p = &st.payments[pk];
            (p.denom.clone(), p.rate * blocks)
        };
        let acc = st.escrow_accounts.get_mut(akey).expect("account exists");
        let mut left = owed;
        for d in acc.deposits.iter_mut().filter(|d| d.denom == denom) {
            let take = left.min(d.balance);
            d.balance -= take;
            left -= take;
            if left == 0 {
                break;
            }
        }
        let paid = owed - left;
        *acc.transferred.entry(denom.clone()).or_insert(0) += paid;
        if let Some(p) = st.payments.get_mut(pk) {
            p.balance += paid;
            p.unsettled += left;
        }
        withdraw(st, pk);
        short |= left > 0;
    }
    let acc = st.escrow_accounts.get_mut(akey).expect("account exists");
    acc.settled_at = h;
    if short {
        acc.state = EscrowState::Overdrawn;
        for pk in &pkeys {
            if let Some(p) = st.payments.get_mut(pk) {
                p.state = EscrowState::Overdrawn;
            }
        }
    }
    short
}

/// Settles every deployment account with open payments for this block. Returns the accounts
/// that could not pay (now `overdrawn`); the caller closes their leases.
pub fn settle_block(st: &mut ChainState) -> Vec<String> {
    let accounts: std::collections::BTreeSet<String> = st
        .payments
        .values()
        .filter(|p| p.state == EscrowState::Open && p.account_scope == Scope::Deployment)
        .map(|p| p.account.clone())
        .collect();
    accounts
        .into_iter()
        .filter(|a| settle_account(st, a))
        .collect()
}
