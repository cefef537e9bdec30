//! Akash module queries: deployment v1beta4, market v1beta5, escrow v1, provider v1beta4,
//! audit v1, cert v1, take v1, bme v1 (§3.3).

use std::collections::BTreeMap;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use serde_json::{Value, json};

use super::page::{ListDef, list};
use super::{ApiError, ApiResult, AppState, Params, num, req};
use crate::dec;
use crate::render;
use crate::state::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/akash/deployment/v1beta4/deployments/list",
            get(deployments),
        )
        .route(
            "/akash/deployment/v1beta4/deployments/info",
            get(deployment),
        )
        .route("/akash/deployment/v1beta4/groups/info", get(group))
        .route("/akash/deployment/v1beta4/params", get(deployment_params))
        .route("/akash/market/v1beta5/orders/list", get(orders))
        .route("/akash/market/v1beta5/orders/info", get(order))
        .route("/akash/market/v1beta5/bids/list", get(bids))
        .route("/akash/market/v1beta5/bids/info", get(bid))
        .route("/akash/market/v1beta5/leases/list", get(leases))
        .route("/akash/market/v1beta5/leases/info", get(lease))
        .route("/akash/market/v1beta5/params", get(market_params))
        .route("/akash/escrow/v1/types/accounts", get(escrow_accounts))
        .route("/akash/escrow/v1/types/payments", get(escrow_payments))
        .route("/akash/provider/v1beta4/providers", get(providers))
        .route("/akash/provider/v1beta4/providers/{owner}", get(provider))
        .route("/akash/audit/v1/audit/attributes/list", get(audits_all))
        .route(
            "/akash/audit/v1/audit/attributes/{owner}/list",
            get(audits_of_provider),
        )
        .route(
            "/akash/audit/v1/audit/attributes/{auditor}/{owner}",
            get(audit_one),
        )
        .route(
            "/akash/provider/v1/auditor/{auditor}/list",
            get(audits_by_auditor),
        )
        .route("/akash/cert/v1/certificates/list", get(certificates))
        .route("/akash/take/v1/params", get(take_params))
        .route("/akash/bme/v1/params", get(bme_params))
        .route("/akash/bme/v1/status", get(bme_status))
}

type F = BTreeMap<String, String>;

fn fnum<T: std::str::FromStr>(f: &F, k: &str) -> Result<Option<T>, ApiError> {
    match f.get(k).map(String::as_str) {
        None | Some("") | Some("0") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            ApiError::invalid(format!(
                "filters.{k}: {v:?} is not a number: invalid request"
            ))
        }),
    }
}

const DEPLOYMENT_STATES: &[&str] = &["active", "closed"];
const ORDER_STATES: &[&str] = &["open", "active", "closed"];
const BID_STATES: &[&str] = &["open", "active", "lost", "closed"];
const LEASE_STATES: &[&str] = &["active", "insufficient_funds", "closed"];

async fn deployments(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let page = list(
        &st.deployments,
        &q,
        &ListDef {
            filter_prefix: "filters.",
            states: DEPLOYMENT_STATES,
        },
        |f| {
            let owner = f.get("owner").cloned();
            let dseq: Option<u64> = fnum(f, "dseq")?;
            let prefix = match (&owner, dseq) {
                (Some(o), Some(d)) => dkey(o, d),
                (Some(o), None) => format!("{o}/"),
                _ => String::new(),
            };
            Ok((
                prefix,
                Box::new(move |d: &Deployment| dseq.is_none_or(|x| x == d.dseq)),
            ))
        },
        |d| render::enum_name(&d.state),
    )?;
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|d| render::deployment(st, d))
        .collect();
    Ok(Json(
        json!({"deployments": items, "pagination": page.pagination}),
    ))
}

async fn deployment(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let owner = req(&q, "id.owner")?;
    let dseq: u64 = num(&q, "id.dseq")?
        .ok_or_else(|| ApiError::invalid("id.dseq is required: invalid request"))?;
    let chain = app.lock();
    let d = chain
        .st
        .deployments
        .get(&dkey(owner, dseq))
        .ok_or_else(|| ApiError::not_found("deployment not found"))?;
    Ok(Json(render::deployment(&chain.st, d)))
}

async fn group(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let owner = req(&q, "id.owner")?;
    let dseq: u64 = num(&q, "id.dseq")?
        .ok_or_else(|| ApiError::invalid("id.dseq is required: invalid request"))?;
    let gseq: u32 = num(&q, "id.gseq")?
        .ok_or_else(|| ApiError::invalid("id.gseq is required: invalid request"))?;
    let chain = app.lock();
    let g = chain
        .st
        .groups
        .get(&gkey(owner, dseq, gseq))
        .ok_or_else(|| ApiError::not_found("group not found"))?;
    Ok(Json(json!({"group": render::group(g)})))
}

async fn deployment_params(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    let min: Vec<Value> = chain
        .st
        .params
        .min_deposits
        .iter()
        .map(|(d, a)| json!({"denom": d, "amount": a.to_string()}))
        .collect();
    Ok(Json(json!({"params": {"min_deposits": min}})))
}

/// Builds the (prefix, predicate) of the market lists from owner/dseq/gseq/oseq/provider/bseq.
#[allow(clippy::type_complexity)]
fn market_filter(
    f: &F,
) -> Result<
    (
        String,
        Option<u64>,
        Option<u32>,
        Option<u32>,
        Option<String>,
        Option<u32>,
    ),
    ApiError,
> {
    let owner = f.get("owner").cloned();
    let dseq: Option<u64> = fnum(f, "dseq")?;
    let gseq: Option<u32> = fnum(f, "gseq")?;
    let oseq: Option<u32> = fnum(f, "oseq")?;
    let bseq: Option<u32> = fnum(f, "bseq")?;
    let provider = f.get("provider").cloned();
    let prefix = match (&owner, dseq, gseq, oseq) {
        (Some(o), Some(d), Some(g), Some(s)) => format!(
            "{}/",
            okey(&OrderId {
                owner: o.clone(),
                dseq: d,
                gseq: g,
                oseq: s
            })
        ),
        (Some(o), Some(d), Some(g), None) => format!("{}/", gkey(o, d, g)),
        (Some(o), Some(d), _, _) => format!("{}/", dkey(o, d)),
        (Some(o), _, _, _) => format!("{o}/"),
        _ => String::new(),
    };
    Ok((prefix, dseq, gseq, oseq, provider, bseq))
}

fn id_matches(
    b: &BidId,
    dseq: Option<u64>,
    gseq: Option<u32>,
    oseq: Option<u32>,
    provider: &Option<String>,
    bseq: Option<u32>,
) -> bool {
    dseq.is_none_or(|x| x == b.dseq)
        && gseq.is_none_or(|x| x == b.gseq)
        && oseq.is_none_or(|x| x == b.oseq)
        && provider.as_ref().is_none_or(|x| *x == b.provider)
        && bseq.is_none_or(|x| x == b.bseq)
}

async fn orders(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let page = list(
        &st.orders,
        &q,
        &ListDef {
            filter_prefix: "filters.",
            states: ORDER_STATES,
        },
        |f| {
            let (mut prefix, dseq, gseq, oseq, _, _) = market_filter(f)?;
            if prefix.ends_with('/') && fnum::<u32>(f, "oseq")?.is_some() {
                prefix.pop();
            }
            Ok((
                prefix,
                Box::new(move |o: &Order| {
                    dseq.is_none_or(|x| x == o.id.dseq)
                        && gseq.is_none_or(|x| x == o.id.gseq)
                        && oseq.is_none_or(|x| x == o.id.oseq)
                }),
            ))
        },
        |o| render::enum_name(&o.state),
    )?;
    let items: Vec<Value> = page.items.iter().map(|o| render::order(st, o)).collect();
    Ok(Json(
        json!({"orders": items, "pagination": page.pagination}),
    ))
}

fn order_id_from(q: &Params) -> Result<OrderId, ApiError> {
    Ok(OrderId {
        owner: req(q, "id.owner")?.to_string(),
        dseq: num(q, "id.dseq")?
            .ok_or_else(|| ApiError::invalid("id.dseq is required: invalid request"))?,
        gseq: num(q, "id.gseq")?
            .ok_or_else(|| ApiError::invalid("id.gseq is required: invalid request"))?,
        oseq: num(q, "id.oseq")?
            .ok_or_else(|| ApiError::invalid("id.oseq is required: invalid request"))?,
    })
}

fn bid_id_from(q: &Params) -> Result<BidId, ApiError> {
    let o = order_id_from(q)?;
    Ok(BidId {
        owner: o.owner,
        dseq: o.dseq,
        gseq: o.gseq,
        oseq: o.oseq,
        provider: req(q, "id.provider")?.to_string(),
        bseq: num(q, "id.bseq")?.unwrap_or(0),
    })
}

async fn order(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let id = order_id_from(&q)?;
    let chain = app.lock();
    let o = chain
        .st
        .orders
        .get(&okey(&id))
        .ok_or_else(|| ApiError::not_found("order not found"))?;
    Ok(Json(json!({"order": render::order(&chain.st, o)})))
}

async fn bids(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let page = list(
        &st.bids,
        &q,
        &ListDef {
            filter_prefix: "filters.",
            states: BID_STATES,
        },
        |f| {
            let (prefix, dseq, gseq, oseq, provider, bseq) = market_filter(f)?;
            Ok((
                prefix,
                Box::new(move |b: &Bid| id_matches(&b.id, dseq, gseq, oseq, &provider, bseq)),
            ))
        },
        |b| render::enum_name(&b.state),
    )?;
    let items: Vec<Value> = page.items.iter().map(|b| render::bid(st, b)).collect();
    Ok(Json(json!({"bids": items, "pagination": page.pagination})))
}

async fn bid(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let id = bid_id_from(&q)?;
    let chain = app.lock();
    let b = chain
        .st
        .bids
        .get(&bkey(&id))
        .ok_or_else(|| ApiError::not_found("bid not found"))?;
    Ok(Json(render::bid(&chain.st, b)))
}

async fn leases(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let page = list(
        &st.leases,
        &q,
        &ListDef {
            filter_prefix: "filters.",
            states: LEASE_STATES,
        },
        |f| {
            let (prefix, dseq, gseq, oseq, provider, bseq) = market_filter(f)?;
            Ok((
                prefix,
                Box::new(move |l: &Lease| id_matches(&l.id, dseq, gseq, oseq, &provider, bseq)),
            ))
        },
        |l| render::enum_name(&l.state),
    )?;
    let items: Vec<Value> = page.items.iter().map(|l| render::lease(st, l)).collect();
    Ok(Json(
        json!({"leases": items, "pagination": page.pagination}),
    ))
}

async fn lease(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let id = bid_id_from(&q)?;
    let chain = app.lock();
    let l = chain
        .st
        .leases
        .get(&bkey(&id))
        .ok_or_else(|| ApiError::not_found("lease not found"))?;
    Ok(Json(render::lease(&chain.st, l)))
}

async fn market_params(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    let p = &chain.st.params;
    Ok(Json(json!({"params": {
        "bid_min_deposit": {"denom": UACT, "amount": p.bid_min_deposit.to_string()},
        "bid_min_deposits": [
            {"denom": UAKT, "amount": p.bid_min_deposit.to_string()},
            {"denom": UACT, "amount": p.bid_min_deposit.to_string()}
        ],
        "order_max_bids": p.order_max_bids,
        "min_reclamation_window": "3600s",
        "max_reclamation_window": "2592000s",
    }})))
}

async fn escrow_accounts(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let xid = q.get("xid").cloned().unwrap_or_default();
    let mut q2 = q.clone();
    if let Some(s) = q.get("state") {
        q2.insert("f.state".into(), s.clone());
    }
    let page = list(
        &st.escrow_accounts,
        &q2,
        &ListDef {
            filter_prefix: "f.",
            states: &["open", "overdrawn", "closed"],
        },
        |_| {
            let xid = xid.clone();
            Ok((
                String::new(),
                Box::new(move |a: &EscrowAccount| a.xid.starts_with(&xid)),
            ))
        },
        |a| render::enum_name(&a.state),
    )?;
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|a| render::escrow_account(a))
        .collect();
    Ok(Json(
        json!({"accounts": items, "pagination": page.pagination}),
    ))
}

async fn escrow_payments(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let xid = q.get("xid").cloned().unwrap_or_default();
    let mut q2 = q.clone();
    if let Some(s) = q.get("state") {
        q2.insert("f.state".into(), s.clone());
    }
    let page = list(
        &st.payments,
        &q2,
        &ListDef {
            filter_prefix: "f.",
            states: &["open", "overdrawn", "closed"],
        },
        |_| {
            let xid = xid.clone();
            Ok((
                String::new(),
                Box::new(move |p: &Payment| {
                    format!("{}/{}", p.account_xid, p.xid).starts_with(&xid)
                }),
            ))
        },
        |p| render::enum_name(&p.state),
    )?;
    let items: Vec<Value> = page.items.iter().map(|p| render::payment(p)).collect();
    Ok(Json(
        json!({"payments": items, "pagination": page.pagination}),
    ))
}

fn all_state<V>(_: &V) -> String {
    "all".into()
}

async fn providers(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let page = list(
        &chain.st.providers,
        &q,
        &ListDef {
            filter_prefix: "\u{0}",
            states: &["all"],
        },
        |_| Ok((String::new(), Box::new(|_: &Provider| true))),
        all_state,
    )?;
    let items: Vec<Value> = page.items.iter().map(|p| render::provider(p)).collect();
    Ok(Json(
        json!({"providers": items, "pagination": page.pagination}),
    ))
}

async fn provider(State(app): State<AppState>, Path(owner): Path<String>) -> ApiResult {
    let chain = app.lock();
    let p = chain.st.providers.get(&owner).ok_or_else(|| {
        ApiError::not_found(format!("invalid provider: address not found {owner}"))
    })?;
    Ok(Json(json!({"provider": render::provider(p)})))
}

fn audit_list(app: &AppState, q: &Params, prefix: String, auditor: Option<String>) -> ApiResult {
    let chain = app.lock();
    let page = list(
        &chain.st.audits,
        q,
        &ListDef {
            filter_prefix: "\u{0}",
            states: &["all"],
        },
        move |_| {
            let auditor = auditor.clone();
            Ok((
                prefix.clone(),
                Box::new(move |a: &Audit| auditor.as_ref().is_none_or(|x| *x == a.auditor)),
            ))
        },
        all_state,
    )?;
    let items: Vec<Value> = page.items.iter().map(|a| render::audit(a)).collect();
    Ok(Json(
        json!({"providers": items, "pagination": page.pagination}),
    ))
}

async fn audits_all(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    audit_list(&app, &q, String::new(), None)
}

async fn audits_of_provider(
    State(app): State<AppState>,
    Path(owner): Path<String>,
    Query(q): Query<Params>,
) -> ApiResult {
    audit_list(&app, &q, format!("{owner}/"), None)
}

async fn audits_by_auditor(
    State(app): State<AppState>,
    Path(auditor): Path<String>,
    Query(q): Query<Params>,
) -> ApiResult {
    audit_list(&app, &q, String::new(), Some(auditor))
}

async fn audit_one(
    State(app): State<AppState>,
    Path((auditor, owner)): Path<(String, String)>,
) -> ApiResult {
    let chain = app.lock();
    let a = chain
        .st
        .audits
        .get(&format!("{owner}/{auditor}"))
        .ok_or_else(|| ApiError::not_found("provider not found"))?;
    Ok(Json(
        json!({"providers": [render::audit(a)], "pagination": {"next_key": null, "total": "0"}}),
    ))
}

async fn certificates(State(app): State<AppState>, Query(q): Query<Params>) -> ApiResult {
    let chain = app.lock();
    let page = list(
        &chain.st.certs,
        &q,
        &ListDef {
            filter_prefix: "filter.",
            states: &["valid", "revoked"],
        },
        |f| {
            let owner = f.get("owner").cloned();
            let serial = f.get("serial").cloned();
            let prefix = match (&owner, &serial) {
                (Some(o), Some(s)) => format!("{o}/{s}"),
                (Some(o), None) => format!("{o}/"),
                _ => String::new(),
            };
            Ok((
                prefix,
                Box::new(move |c: &Cert| serial.as_ref().is_none_or(|s| *s == c.serial)),
            ))
        },
        |c| render::enum_name(&c.state),
    )?;
    let items: Vec<Value> = page.items.iter().map(|c| render::cert(c)).collect();
    Ok(Json(
        json!({"certificates": items, "pagination": page.pagination}),
    ))
}

async fn take_params() -> ApiResult {
    Ok(Json(
        json!({"params": {"denom_take_rates": [], "default_take_rate": 0}}),
    ))
}

async fn bme_params(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    let p = &chain.st.params;
    Ok(Json(json!({"params": {
        "min_epoch_blocks": p.bme_epoch_blocks.to_string(),
        "min_mint": {"denom": UACT, "amount": p.bme_min_mint_uact.to_string()},
        "mint_spread_bps": 25,
        "devnet_uact_per_uakt": dec::fmt_dec(p.bme_uact_per_uakt),
    }})))
}

async fn bme_status(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    let epoch = chain.st.params.bme_epoch_blocks.max(1);
    let next = (chain.st.height / epoch + 1) * epoch;
    Ok(Json(json!({
        "status": "mint_status_healthy",
        "minting_enabled": true,
        "next_epoch_height": next.to_string(),
        "pending_mints": chain.st.pending_mints.len(),
    })))
}
