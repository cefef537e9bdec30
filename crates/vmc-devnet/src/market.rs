//! Orders, bids and leases: the state transitions of §7.2 shared by the message handlers, the
//! provider simulation and escrow overdraft.

use crate::escrow;
use crate::state::*;

fn prefix_keys<V>(map: &std::collections::BTreeMap<String, V>, prefix: &str) -> Vec<String> {
    map.range(prefix.to_string()..)
        .take_while(|(k, _)| k.starts_with(prefix))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Opens the next order (oseq + 1) of a group.
pub fn open_next_order(st: &mut ChainState, owner: &str, dseq: u64, gseq: u32) {
    let gk = gkey(owner, dseq, gseq);
    let Some(spec) = st.groups.get(&gk).map(|g| g.spec.clone()) else {
        return;
    };
    let last = prefix_keys(&st.orders, &format!("{gk}/"))
        .last()
        .and_then(|k| st.orders.get(k))
        .map(|o| o.id.oseq)
        .unwrap_or(0);
    let id = OrderId {
        owner: owner.to_string(),
        dseq,
        gseq,
        oseq: last + 1,
    };
    let k = okey(&id);
    let h = st.height;
    st.orders.insert(
        k.clone(),
        Order {
            id,
            state: OrderState::Open,
            spec,
            created_at: h,
        },
    );
    st.fresh_orders.push(k);
}

/// A provider's bid on an open order, with its bid-scope escrow deposit.
pub fn create_bid(st: &mut ChainState, b: &BidId, denom: &str, price: u128, now_ms: i64) -> bool {
    let deposit = st.params.bid_min_deposit;
    if !st.debit(&b.provider, denom, deposit) {
        return false;
    }
    escrow::open_account(
        st,
        Scope::Bid,
        &bid_xid(b),
        &b.provider,
        &b.provider,
        "balance",
        denom,
        deposit,
    );
    let spec = match st.orders.get(&okey(&b.order())) {
        Some(o) => o.spec.clone(),
        None => return false,
    };
    let h = st.height;
    st.bids.insert(
        bkey(b),
        Bid {
            id: b.clone(),
            state: BidState::Open,
            denom: denom.to_string(),
            price,
            created_at: h,
            created_ms: now_ms,
            spec,
        },
    );
    true
}

/// Sets a bid's final state and refunds its deposit.
pub fn finish_bid(st: &mut ChainState, b: &BidId, state: BidState) {
    if let Some(bid) = st.bids.get_mut(&bkey(b)) {
        bid.state = state;
    }
    escrow::close_account(st, &escrow_key(Scope::Bid, &bid_xid(b)));
}

/// MsgCreateLease: lease + payment; order and bid active; the order's other open bids lost.
pub fn create_lease(st: &mut ChainState, b: &BidId) {
    let Some(bid) = st.bids.get(&bkey(b)).cloned() else {
        return;
    };
    let now_ms = st.time_ms;
    let h = st.height;
    st.leases.insert(
        bkey(b),
        Lease {
            id: b.clone(),
            state: LeaseState::Active,
            denom: bid.denom.clone(),
            price: bid.price,
            created_at: h,
            created_ms: now_ms,
            closed_on: 0,
            reason: reason::INVALID,
        },
    );
    escrow::open_payment(st, b, &bid.denom, bid.price);
    if let Some(o) = st.orders.get_mut(&okey(&b.order())) {
        o.state = OrderState::Active;
    }
    if let Some(x) = st.bids.get_mut(&bkey(b)) {
        x.state = BidState::Active;
    }
    let ok = okey(&b.order());
    for k in prefix_keys(&st.bids, &format!("{ok}/")) {
        let other = st.bids[&k].clone();
        if other.id != *b && other.state == BidState::Open {
            finish_bid(st, &other.id, BidState::Lost);
        }
    }
}

/// Closes a lease (owner, provider or overdraft): payment closed, bid closed, order closed, and
/// when `reopen` and the group is still open, a new order.
pub fn close_lease(st: &mut ChainState, b: &BidId, state: LeaseState, why: i32, reopen: bool) {
    // Pay what is owed up to now before the payment closes.
    escrow::settle_account(
        st,
        &escrow_key(Scope::Deployment, &format!("{}/{}", b.owner, b.dseq)),
    );
    let h = st.height;
    if let Some(l) = st.leases.get_mut(&bkey(b)) {
        l.state = state;
        l.closed_on = h;
        l.reason = why;
    }
    let pstate = if state == LeaseState::InsufficientFunds {
        EscrowState::Overdrawn
    } else {
        EscrowState::Closed
    };
    escrow::close_payment(st, &payment_key(b), pstate);
    finish_bid(st, b, BidState::Closed);
    if let Some(o) = st.orders.get_mut(&okey(&b.order())) {
        o.state = OrderState::Closed;
    }
    let open = st
        .groups
        .get(&gkey(&b.owner, b.dseq, b.gseq))
        .is_some_and(|g| g.state == GroupState::Open);
    if reopen && open {
        open_next_order(st, &b.owner, b.dseq, b.gseq);
    }
}

/// Closes (or pauses) a group: its active lease closes, open orders close with their bids.
pub fn close_group(st: &mut ChainState, gk: &str, state: GroupState, why: i32) {
    if let Some(g) = st.groups.get_mut(gk) {
        g.state = state;
    }
    let lstate = if state == GroupState::InsufficientFunds {
        LeaseState::InsufficientFunds
    } else {
        LeaseState::Closed
    };
    for ok in prefix_keys(&st.orders, &format!("{gk}/")) {
        let order = st.orders[&ok].clone();
        match order.state {
            OrderState::Active => {
                let lease = prefix_keys(&st.leases, &format!("{ok}/"))
                    .into_iter()
                    .find(|k| st.leases[k].state == LeaseState::Active);
                if let Some(lk) = lease {
                    let id = st.leases[&lk].id.clone();
                    close_lease(st, &id, lstate, why, false);
                }
                if let Some(o) = st.orders.get_mut(&ok) {
                    o.state = OrderState::Closed;
                }
            }
            OrderState::Open => {
                for bk in prefix_keys(&st.bids, &format!("{ok}/")) {
                    let bid = st.bids[&bk].clone();
                    if bid.state == BidState::Open {
                        finish_bid(st, &bid.id, BidState::Closed);
                    }
                }
                if let Some(o) = st.orders.get_mut(&ok) {
                    o.state = OrderState::Closed;
                }
            }
            OrderState::Closed => {}
        }
    }
}

/// Closes a deployment: every group (closed, or insufficient_funds on overdraft), then the
/// escrow account with refunds.
pub fn close_deployment(st: &mut ChainState, owner: &str, dseq: u64, gstate: GroupState, why: i32) {
    let dk = dkey(owner, dseq);
    for gk in prefix_keys(&st.groups, &format!("{dk}/")) {
        if st.groups[&gk].state != GroupState::Closed {
            close_group(st, &gk, gstate, why);
        }
    }
    let akey = escrow_key(Scope::Deployment, &format!("{owner}/{dseq}"));
    if gstate == GroupState::InsufficientFunds {
        // Overdrawn: whatever is left in other denoms goes back; the account stays overdrawn.
        escrow::close_account(st, &akey);
        if let Some(a) = st.escrow_accounts.get_mut(&akey) {
            a.state = EscrowState::Overdrawn;
        }
    } else {
        escrow::close_account(st, &akey);
    }
    if let Some(d) = st.deployments.get_mut(&dk) {
        d.state = DeploymentState::Closed;
    }
}
