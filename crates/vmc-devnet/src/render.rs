//! State → gRPC-gateway JSON (§3.1 conventions: snake_case names, every field present, 64-bit
//! integers as strings, enums by proto name, bytes as base64, DecCoins with 18 decimals).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Value, json};

use crate::dec;
use crate::groupspec as g;
use crate::state::*;
use crate::tx::Msg;
use crate::wire;

fn attrs(a: &[g::Attribute]) -> Value {
    Value::Array(
        a.iter()
            .map(|x| json!({"key": x.key, "value": x.value}))
            .collect(),
    )
}

fn dec_coin(denom: &str, atomics: u128) -> Value {
    json!({"denom": denom, "amount": dec::fmt_dec(atomics)})
}

fn kind(k: g::EndpointKind) -> &'static str {
    match k {
        g::EndpointKind::SharedHttp => "SHARED_HTTP",
        g::EndpointKind::RandomPort => "RANDOM_PORT",
        g::EndpointKind::LeasedIp => "LEASED_IP",
    }
}

pub fn resources(r: &g::Resources) -> Value {
    json!({
        "id": r.id,
        "cpu": {"units": {"val": r.cpu.units.to_string()}, "attributes": attrs(&r.cpu.attributes)},
        "memory": {"quantity": {"val": r.memory.quantity.to_string()}, "attributes": attrs(&r.memory.attributes)},
        "storage": r.storage.iter().map(|s| json!({
            "name": s.name, "quantity": {"val": s.quantity.to_string()}, "attributes": attrs(&s.attributes)
        })).collect::<Vec<_>>(),
        "gpu": {"units": {"val": r.gpu.units.to_string()}, "attributes": attrs(&r.gpu.attributes)},
        "endpoints": r.endpoints.iter().map(|e| json!({"kind": kind(e.kind), "sequence_number": e.sequence_number})).collect::<Vec<_>>(),
    })
}

pub fn group_spec(s: &g::GroupSpec) -> Value {
    json!({
        "name": s.name,
        "requirements": {
            "signed_by": {"all_of": s.requirements.signed_by.all_of, "any_of": s.requirements.signed_by.any_of},
            "attributes": attrs(&s.requirements.attributes),
        },
        "resources": s.resources.iter().map(|u| json!({
            "resource": resources(&u.resource),
            "count": u.count,
            "price": dec_coin(&u.price.denom, dec::parse_dec(&u.price.amount).unwrap_or(0)),
        })).collect::<Vec<_>>(),
    })
}

fn reclamation(secs: Option<i64>) -> Value {
    match secs {
        Some(s) => json!({"min_window": format!("{s}s")}),
        None => Value::Null,
    }
}

pub fn deployment_id(owner: &str, dseq: u64) -> Value {
    json!({"owner": owner, "dseq": dseq.to_string()})
}

pub fn group(gr: &Group) -> Value {
    json!({
        "id": {"owner": gr.owner, "dseq": gr.dseq.to_string(), "gseq": gr.gseq},
        "state": enum_name(&gr.state),
        "group_spec": group_spec(&gr.spec),
        "created_at": gr.created_at.to_string(),
    })
}

/// The serde name of a state enum (`open`, `insufficient_funds`, …).
pub fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn escrow_account(a: &EscrowAccount) -> Value {
    let funds = a.funds();
    json!({
        "id": {"scope": enum_name(&a.scope), "xid": a.xid},
        "state": {
            "owner": a.owner,
            "state": enum_name(&a.state),
            "transferred": a.transferred.iter().map(|(d, v)| dec_coin(d, *v)).collect::<Vec<_>>(),
            "settled_at": a.settled_at.to_string(),
            "funds": funds.iter().map(|(d, v)| json!({"denom": d, "amount": dec::fmt_dec(*v)})).collect::<Vec<_>>(),
            "deposits": a.deposits.iter().map(|d| json!({
                "owner": d.owner, "height": d.height.to_string(), "source": d.source,
                "balance": dec_coin(&d.denom, d.balance),
            })).collect::<Vec<_>>(),
        }
    })
}

/// One `QueryDeploymentResponse`.
pub fn deployment(st: &ChainState, d: &Deployment) -> Value {
    let dk = dkey(&d.owner, d.dseq);
    let groups: Vec<Value> = st
        .groups
        .range(format!("{dk}/")..)
        .take_while(|(k, _)| k.starts_with(&format!("{dk}/")))
        .map(|(_, gr)| group(gr))
        .collect();
    let acc = st
        .escrow_accounts
        .get(&escrow_key(
            Scope::Deployment,
            &format!("{}/{}", d.owner, d.dseq),
        ))
        .map(escrow_account)
        .unwrap_or(Value::Null);
    json!({
        "deployment": {
            "id": deployment_id(&d.owner, d.dseq),
            "state": enum_name(&d.state),
            "hash": B64.encode(&d.hash),
            "created_at": d.created_at.to_string(),
            "reclamation": reclamation(d.reclamation_secs),
        },
        "groups": groups,
        "escrow_account": acc,
    })
}

pub fn order_id(o: &OrderId) -> Value {
    json!({"owner": o.owner, "dseq": o.dseq.to_string(), "gseq": o.gseq, "oseq": o.oseq})
}

pub fn bid_id(b: &BidId) -> Value {
    json!({"owner": b.owner, "dseq": b.dseq.to_string(), "gseq": b.gseq, "oseq": b.oseq,
           "provider": b.provider, "bseq": b.bseq})
}

pub fn order(st: &ChainState, o: &Order) -> Value {
    let recl = st
        .deployments
        .get(&dkey(&o.id.owner, o.id.dseq))
        .and_then(|d| d.reclamation_secs);
    json!({
        "id": order_id(&o.id),
        "state": enum_name(&o.state),
        "spec": group_spec(&o.spec),
        "created_at": o.created_at.to_string(),
        "reclamation": reclamation(recl),
    })
}

/// One `QueryBidResponse`: the bid and its escrow account.
pub fn bid(st: &ChainState, b: &Bid) -> Value {
    let acc = st
        .escrow_accounts
        .get(&escrow_key(Scope::Bid, &bid_xid(&b.id)))
        .map(escrow_account)
        .unwrap_or(Value::Null);
    json!({
        "bid": {
            "id": bid_id(&b.id),
            "state": enum_name(&b.state),
            "price": dec_coin(&b.denom, b.price),
            "created_at": b.created_at.to_string(),
            "resources_offer": b.spec.resources.iter().map(|u| json!({
                "resources": resources(&u.resource), "count": u.count,
            })).collect::<Vec<_>>(),
            "reclamation_window": null,
        },
        "escrow_account": acc,
    })
}

pub fn payment(p: &Payment) -> Value {
    json!({
        "id": {"aid": {"scope": enum_name(&p.account_scope), "xid": p.account_xid}, "xid": p.xid},
        "state": {
            "owner": p.owner,
            "state": enum_name(&p.state),
            "rate": dec_coin(&p.denom, p.rate),
            "balance": dec_coin(&p.denom, p.balance),
            "unsettled": dec_coin(&p.denom, p.unsettled),
            "withdrawn": {"denom": p.denom, "amount": p.withdrawn.to_string()},
        }
    })
}

/// One `QueryLeaseResponse`: the lease and its escrow payment.
pub fn lease(st: &ChainState, l: &Lease) -> Value {
    let pay = st
        .payments
        .get(&payment_key(&l.id))
        .map(payment)
        .unwrap_or(Value::Null);
    json!({
        "lease": {
            "id": bid_id(&l.id),
            "state": enum_name(&l.state),
            "price": dec_coin(&l.denom, l.price),
            "created_at": l.created_at.to_string(),
            "closed_on": l.closed_on.to_string(),
            "reason": reason::name(l.reason),
            "reclamation": null,
        },
        "escrow_payment": pay,
    })
}

fn attr_list(a: &[Attr]) -> Value {
    Value::Array(
        a.iter()
            .map(|x| json!({"key": x.key, "value": x.value}))
            .collect(),
    )
}

pub fn provider(p: &Provider) -> Value {
    json!({
        "owner": p.owner,
        "host_uri": p.host_uri,
        "attributes": attr_list(&p.attributes),
        "info": {"email": p.email, "website": p.website},
    })
}

pub fn audit(a: &Audit) -> Value {
    json!({"owner": a.owner, "auditor": a.auditor, "attributes": attr_list(&a.attributes)})
}

pub fn cert(c: &Cert) -> Value {
    json!({
        "certificate": {"state": enum_name(&c.state), "cert": B64.encode(&c.cert), "pubkey": B64.encode(&c.pubkey)},
        "serial": c.serial,
    })
}

pub fn account(a: &Account) -> Value {
    json!({"account": {
        "@type": "/cosmos.auth.v1beta1.BaseAccount",
        "address": a.address,
        "pub_key": a.pubkey.as_ref().map(|k| json!({"@type": wire::type_url::SECP256K1_PUBKEY, "key": B64.encode(k)})),
        "account_number": a.number.to_string(),
        "sequence": a.sequence.to_string(),
    }})
}

pub fn tx_response(r: &TxRecord) -> Value {
    json!({
        "height": r.height.to_string(),
        "txhash": r.hash,
        "codespace": r.codespace,
        "code": r.code,
        "data": "",
        "raw_log": r.raw_log,
        "logs": [],
        "info": "",
        "gas_wanted": r.gas_wanted.to_string(),
        "gas_used": r.gas_used.to_string(),
        "tx": if r.tx.is_null() { Value::Null } else {
            let mut t = r.tx.clone();
            if let Some(o) = t.as_object_mut() { o.insert("@type".into(), json!("/cosmos.tx.v1beta1.Tx")); }
            t
        },
        "timestamp": crate::clock::rfc3339(r.timestamp_ms).replace(".000Z", "Z"),
        "events": r.events,
    })
}

fn coin(c: &wire::Coin) -> Value {
    json!({"denom": c.denom, "amount": c.amount})
}

fn wire_bid_id(b: &Option<wire::BidId>) -> Value {
    let b = b.clone().unwrap_or_default();
    json!({"owner": b.owner, "dseq": b.dseq.to_string(), "gseq": b.gseq, "oseq": b.oseq, "provider": b.provider, "bseq": b.bseq})
}

fn deposit(d: &Option<wire::Deposit>) -> Value {
    let d = d.clone().unwrap_or_default();
    let src = |s: &i32| match s {
        1 => "balance",
        2 => "grant",
        _ => "invalid",
    };
    json!({"amount": d.amount.as_ref().map(coin), "sources": d.sources.iter().map(src).collect::<Vec<_>>()})
}

/// A message as the gateway renders it inside a decoded tx.
pub fn msg_json(m: &Msg) -> Value {
    let mut v = match m {
        Msg::CreateDeployment(x) => {
            let id = x.id.clone().unwrap_or_default();
            let groups: Vec<Value> = x
                .groups
                .iter()
                .map(|gw| match crate::spec::from_wire(gw) {
                    Ok(s) => group_spec(&s),
                    Err(_) => json!({"name": gw.name}),
                })
                .collect();
            json!({"id": deployment_id(&id.owner, id.dseq), "groups": groups, "hash": B64.encode(&x.hash),
                   "deposit": deposit(&x.deposit),
                   "reclamation": x.reclamation.as_ref().map(|r| json!({"min_window": format!("{}s", r.min_window.clone().unwrap_or_default().seconds)}))})
        }
        Msg::UpdateDeployment(x) => {
            let id = x.id.clone().unwrap_or_default();
            json!({"id": deployment_id(&id.owner, id.dseq), "hash": B64.encode(&x.hash)})
        }
        Msg::CloseDeployment(x) => {
            let id = x.id.clone().unwrap_or_default();
            json!({"id": deployment_id(&id.owner, id.dseq)})
        }
        Msg::CloseGroup(x) | Msg::PauseGroup(x) | Msg::StartGroup(x) => {
            let id = x.id.clone().unwrap_or_default();
            json!({"id": {"owner": id.owner, "dseq": id.dseq.to_string(), "gseq": id.gseq}})
        }
        Msg::AccountDeposit(x) => {
            let id = x.id.clone().unwrap_or_default();
            let scope = match id.scope {
                1 => "deployment",
                2 => "bid",
                _ => "invalid",
            };
            json!({"signer": x.signer, "id": {"scope": scope, "xid": id.xid}, "deposit": deposit(&x.deposit)})
        }
        Msg::CreateLease(x) => json!({"bid_id": wire_bid_id(&x.bid_id)}),
        Msg::CloseLease(x) => json!({"id": wire_bid_id(&x.id), "reason": reason::name(x.reason)}),
        Msg::CreateCertificate(x) => {
            json!({"owner": x.owner, "cert": B64.encode(&x.cert), "pubkey": B64.encode(&x.pubkey)})
        }
        Msg::RevokeCertificate(x) => {
            let id = x.id.clone().unwrap_or_default();
            json!({"id": {"owner": id.owner, "serial": id.serial}})
        }
        Msg::Send(x) => json!({"from_address": x.from_address, "to_address": x.to_address,
                               "amount": x.amount.iter().map(coin).collect::<Vec<_>>()}),
        Msg::MintAct(x) => {
            json!({"owner": x.owner, "to": x.to, "coins_to_burn": x.coins_to_burn.as_ref().map(coin)})
        }
    };
    if let Some(o) = v.as_object_mut() {
        let mut out = serde_json::Map::new();
        out.insert("@type".into(), json!(m.type_url()));
        out.extend(std::mem::take(o));
        return Value::Object(out);
    }
    v
}
