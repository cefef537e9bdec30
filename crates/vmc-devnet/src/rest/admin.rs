//! Admin routes under `/__devnet/` (not part of any real API): faults, block production in
//! manual mode, the manifest hook, a summary of the funded accounts, and bulk seeding.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, ApiResult, AppState};
use crate::faults::FaultRule;
use crate::state::{BidId, okey};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/__devnet/faults",
            get(get_faults).post(set_faults).delete(clear_faults),
        )
        .route("/__devnet/advance", post(advance))
        .route("/__devnet/manifest", post(manifest))
        .route("/__devnet/info", get(info))
        .route("/__devnet/seed", post(seed))
}

/// Body of `POST /__devnet/seed`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedRequest {
    owner: String,
    deployments: usize,
}

/// The most deployments one request may seed.
const MAX_SEED: usize = 100_000;

/// `{"owner": "akash1…", "deployments": N}` → `{"dseqs": [...]}` (see [`crate::seed`]).
async fn seed(State(app): State<AppState>, Json(req): Json<SeedRequest>) -> ApiResult {
    if !crate::keys::valid_address(&req.owner) {
        return Err(ApiError::invalid(format!(
            "owner: {:?} is not an akash1… account address",
            req.owner
        )));
    }
    if req.deployments > MAX_SEED {
        return Err(ApiError::invalid(format!(
            "deployments: at most {MAX_SEED} per request"
        )));
    }
    let mut chain = app.lock();
    let dseqs = crate::seed::deployments(&mut chain.st, &req.owner, req.deployments);
    chain.dirty = true;
    if dseqs.is_empty() && req.deployments > 0 {
        return Err(ApiError::invalid(
            "no genesis provider other than the owner can lease the seeded group",
        ));
    }
    let dseqs: Vec<String> = dseqs.iter().map(|d| d.to_string()).collect();
    Ok(Json(json!({ "dseqs": dseqs })))
}

/// Body of `POST /__devnet/faults`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    #[serde(default)]
    pub rules: Vec<FaultRule>,
    /// The next N broadcasts are refused with code 32.
    #[serde(default)]
    pub sequence_mismatch: Option<u32>,
    /// No provider bids on orders opened from now on (false to undo).
    #[serde(default)]
    pub no_bids: Option<bool>,
    /// Providers never bid on these orders (`owner/dseq/gseq/oseq`).
    #[serde(default)]
    pub no_bid_orders: Vec<String>,
    /// The provider drops these leases in the next block.
    #[serde(default)]
    pub drop_leases: Vec<BidId>,
}

async fn get_faults(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    Ok(Json(json!({
        "rules": app.faults.list(),
        "sequence_mismatch": chain.seq_mismatch_faults,
        "no_bids": chain.st.no_bids,
    })))
}

fn parse_order(s: &str) -> Option<String> {
    let p: Vec<&str> = s.split('/').collect();
    if p.len() != 4 {
        return None;
    }
    Some(okey(&crate::state::OrderId {
        owner: p[0].to_string(),
        dseq: p[1].parse().ok()?,
        gseq: p[2].parse().ok()?,
        oseq: p[3].parse().ok()?,
    }))
}

async fn set_faults(State(app): State<AppState>, Json(req): Json<FaultRequest>) -> ApiResult {
    let mut orders = Vec::new();
    for o in &req.no_bid_orders {
        orders.push(parse_order(o).ok_or_else(|| {
            ApiError::invalid(format!("no_bid_orders: {o:?} is not owner/dseq/gseq/oseq"))
        })?);
    }
    for r in req.rules {
        app.faults.add(r);
    }
    let mut chain = app.lock();
    if let Some(n) = req.sequence_mismatch {
        chain.seq_mismatch_faults = n;
    }
    if let Some(b) = req.no_bids {
        chain.st.no_bids = b;
    }
    chain.st.no_bid_orders.extend(orders);
    chain.drop_leases.extend(req.drop_leases);
    chain.dirty = true;
    Ok(Json(json!({"ok": true})))
}

async fn clear_faults(State(app): State<AppState>) -> ApiResult {
    app.faults.clear();
    let mut chain = app.lock();
    chain.seq_mismatch_faults = 0;
    chain.st.no_bids = false;
    chain.st.no_bid_orders.clear();
    chain.drop_leases.clear();
    Ok(Json(json!({"ok": true})))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceRequest {
    #[serde(default = "one")]
    blocks: u32,
    /// Move the manual clock forward this much before each block (ignored on the system clock).
    #[serde(default)]
    seconds_per_block: f64,
}

fn one() -> u32 {
    1
}

async fn advance(State(app): State<AppState>, body: Option<Json<AdvanceRequest>>) -> ApiResult {
    let req = body.map(|b| b.0).unwrap_or(AdvanceRequest {
        blocks: 1,
        seconds_per_block: 0.0,
    });
    let mut chain = app.lock();
    for _ in 0..req.blocks.min(100_000) {
        if req.seconds_per_block > 0.0
            && let Some(m) = &app.manual_clock
        {
            m.advance_ms((req.seconds_per_block * 1000.0) as i64);
        }
        chain.advance_block();
    }
    Ok(Json(json!({"height": chain.st.height.to_string()})))
}

async fn manifest(State(app): State<AppState>, Json(id): Json<BidId>) -> ApiResult {
    let mut chain = app.lock();
    chain.st.mark_manifest_received(&id);
    chain.dirty = true;
    Ok(Json(json!({"ok": true})))
}

async fn info(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let accounts: Vec<Value> = st
        .accounts
        .values()
        .filter(|a| !st.providers.contains_key(&a.address))
        .map(|a| json!({"address": a.address, "account_number": a.number.to_string(),
                        "balances": a.balances.iter().map(|(d, v)| json!({"denom": d, "amount": v.to_string()})).collect::<Vec<_>>()}))
        .collect();
    let providers: Vec<Value> = st
        .providers
        .values()
        .map(|p| json!({"name": p.name, "owner": p.owner, "host_uri": p.host_uri}))
        .collect();
    Ok(Json(json!({
        "chain_id": st.chain_id,
        "height": st.height.to_string(),
        "accounts": accounts,
        "providers": providers,
    })))
}
