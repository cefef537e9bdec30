//! Cosmos SDK queries: auth accounts, bank balances, tx broadcast / get / simulate, node info
//! and latest block.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, ApiResult, AppState, Params, req};
use crate::render;

pub const APP_VERSION: &str = "v2.1.0";
pub const COSMOS_SDK_VERSION: &str = "v0.53.3";
pub const COMETBFT_VERSION: &str = "0.38.17";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cosmos/auth/v1beta1/accounts/{addr}", get(account))
        .route("/cosmos/bank/v1beta1/balances/{addr}", get(balances))
        .route(
            "/cosmos/bank/v1beta1/spendable_balances/{addr}",
            get(balances),
        )
        .route(
            "/cosmos/bank/v1beta1/balances/{addr}/by_denom",
            get(balance_by_denom),
        )
        .route("/cosmos/tx/v1beta1/txs", post(broadcast))
        .route("/cosmos/tx/v1beta1/txs/{hash}", get(get_tx))
        .route("/cosmos/tx/v1beta1/simulate", post(simulate))
        .route("/cosmos/base/tendermint/v1beta1/node_info", get(node_info))
        .route("/cosmos/base/tendermint/v1beta1/syncing", get(syncing))
        .route(
            "/cosmos/base/tendermint/v1beta1/blocks/latest",
            get(latest_block),
        )
        .route(
            "/cosmos/base/tendermint/v1beta1/blocks/{height}",
            get(block_at),
        )
}

async fn account(State(app): State<AppState>, Path(addr): Path<String>) -> ApiResult {
    if !crate::keys::valid_address(&addr) {
        return Err(ApiError::invalid(format!(
            "invalid address {addr}: decoding bech32 failed"
        )));
    }
    let chain = app.lock();
    let a = chain
        .st
        .accounts
        .get(&addr)
        .ok_or_else(|| ApiError::not_found(format!("account {addr} not found")))?;
    Ok(Json(render::account(a)))
}

async fn balances(State(app): State<AppState>, Path(addr): Path<String>) -> ApiResult {
    if !crate::keys::valid_address(&addr) {
        return Err(ApiError::invalid(format!(
            "invalid address {addr}: decoding bech32 failed"
        )));
    }
    let chain = app.lock();
    let bal: Vec<Value> = chain
        .st
        .accounts
        .get(&addr)
        .map(|a| {
            a.balances
                .iter()
                .filter(|(_, v)| **v > 0)
                .map(|(d, v)| json!({"denom": d, "amount": v.to_string()}))
                .collect()
        })
        .unwrap_or_default();
    let total = bal.len();
    Ok(Json(
        json!({"balances": bal, "pagination": {"next_key": null, "total": total.to_string()}}),
    ))
}

async fn balance_by_denom(
    State(app): State<AppState>,
    Path(addr): Path<String>,
    Query(q): Query<Params>,
) -> ApiResult {
    let denom = req(&q, "denom")?;
    if !crate::keys::valid_address(&addr) {
        return Err(ApiError::invalid(format!(
            "invalid address {addr}: decoding bech32 failed"
        )));
    }
    let chain = app.lock();
    let v = chain.st.balance(&addr, denom);
    Ok(Json(
        json!({"balance": {"denom": denom, "amount": v.to_string()}}),
    ))
}

#[derive(Deserialize)]
struct BroadcastBody {
    #[serde(default)]
    tx_bytes: String,
    #[serde(default)]
    mode: Option<String>,
}

fn decode_bytes(s: &str) -> Result<Vec<u8>, ApiError> {
    if s.is_empty() {
        return Err(ApiError::invalid("invalid empty tx bytes"));
    }
    B64.decode(s.trim())
        .map_err(|e| ApiError::invalid(format!("tx_bytes is not base64: {e}")))
}

async fn broadcast(State(app): State<AppState>, body: Option<Json<BroadcastBody>>) -> ApiResult {
    let Some(Json(body)) = body else {
        return Err(ApiError::invalid(
            "request body must be JSON {\"tx_bytes\": …, \"mode\": …}",
        ));
    };
    match body.mode.as_deref() {
        None | Some("BROADCAST_MODE_SYNC") | Some("BROADCAST_MODE_ASYNC") | Some("") => {}
        Some("BROADCAST_MODE_BLOCK") => {
            return Err(ApiError::invalid(
                "unsupported broadcast mode BROADCAST_MODE_BLOCK; use BROADCAST_MODE_SYNC",
            ));
        }
        Some(m) => return Err(ApiError::invalid(format!("invalid broadcast mode {m}"))),
    }
    let bytes = decode_bytes(&body.tx_bytes)?;
    let mut chain = app.lock();
    let res = chain.broadcast(&bytes);
    Ok(Json(res.to_json()))
}

async fn get_tx(State(app): State<AppState>, Path(hash): Path<String>) -> ApiResult {
    let h = hash.to_uppercase();
    let chain = app.lock();
    let r = chain
        .st
        .txs
        .get(&h)
        .ok_or_else(|| ApiError::not_found(format!("tx not found: {h}")))?;
    let resp = render::tx_response(r);
    Ok(Json(json!({"tx": resp["tx"].clone(), "tx_response": resp})))
}

async fn simulate(State(app): State<AppState>, body: Option<Json<BroadcastBody>>) -> ApiResult {
    let Some(Json(body)) = body else {
        return Err(ApiError::invalid(
            "request body must be JSON {\"tx_bytes\": …}",
        ));
    };
    let bytes = decode_bytes(&body.tx_bytes)?;
    let chain = app.lock();
    let gas_limit = crate::tx::decode(&bytes).map(|t| t.gas_limit).unwrap_or(0);
    match chain.simulate(&bytes) {
        Ok(used) => Ok(Json(json!({
            "gas_info": {"gas_wanted": gas_limit.to_string(), "gas_used": used.to_string()},
            "result": {"data": "", "log": "", "events": [], "msg_responses": []},
        }))),
        Err(e) => Err(ApiError::unknown(format!(
            "{} With gas wanted: '{}' and gas used: '0' ",
            e.log, gas_limit
        ))),
    }
}

async fn node_info(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    Ok(Json(json!({
        "default_node_info": {
            "protocol_version": {"p2p": "8", "block": "11", "app": "0"},
            "default_node_id": "0000000000000000000000000000000000000000",
            "listen_addr": "tcp://127.0.0.1:26656",
            "network": chain.st.chain_id,
            "version": COMETBFT_VERSION,
            "channels": "40202122233038606100",
            "moniker": "vmc-devnet",
            "other": {"tx_index": "on", "rpc_address": ""},
        },
        "application_version": {
            "name": "akash",
            "app_name": "akash",
            "version": chain.st.app_version,
            "git_commit": "vmc-devnet",
            "build_tags": "devnet",
            "go_version": "n/a (vmc-devnet)",
            "build_deps": [],
            "cosmos_sdk_version": COSMOS_SDK_VERSION,
        }
    })))
}

async fn syncing() -> ApiResult {
    Ok(Json(json!({"syncing": false})))
}

/// A recent block's header (height and time). Older blocks are pruned, as on a node that keeps
/// only recent ones: NotFound.
async fn block_at(State(app): State<AppState>, Path(height): Path<String>) -> ApiResult {
    let h: u64 = height.parse().map_err(|_| {
        ApiError::invalid(format!(
            "height {height:?} is not a number: invalid request"
        ))
    })?;
    let chain = app.lock();
    let st = &chain.st;
    if h == 0 || h > st.height {
        return Err(ApiError::invalid(format!(
            "requested block height {h} is bigger then the chain length {}: invalid request",
            st.height
        )));
    }
    let (_, time_ms) = st
        .recent_blocks
        .iter()
        .find(|(x, _)| *x == h)
        .copied()
        .ok_or_else(|| ApiError::not_found(format!("block {h} is pruned")))?;
    let header = json!({
        "version": {"block": "11", "app": "0"},
        "chain_id": st.chain_id,
        "height": h.to_string(),
        "time": crate::clock::rfc3339(time_ms),
        "last_block_id": {"hash": "", "part_set_header": {"total": 0, "hash": ""}},
        "proposer_address": "",
    });
    let block = json!({"header": header, "data": {"txs": []}, "evidence": {"evidence": []}});
    Ok(Json(json!({
        "block_id": {"hash": "", "part_set_header": {"total": 0, "hash": ""}},
        "block": block,
        "sdk_block": block,
    })))
}

async fn latest_block(State(app): State<AppState>) -> ApiResult {
    let chain = app.lock();
    let st = &chain.st;
    let hash = hex::decode(&st.last_block_hash)
        .map(|b| B64.encode(b))
        .unwrap_or_default();
    let header = json!({
        "version": {"block": "11", "app": "0"},
        "chain_id": st.chain_id,
        "height": st.height.to_string(),
        "time": crate::clock::rfc3339(st.time_ms),
        "last_block_id": {"hash": "", "part_set_header": {"total": 0, "hash": ""}},
        "proposer_address": "",
    });
    let txs: Vec<Value> = st.last_block_txs.iter().map(|h| json!(h)).collect();
    let block = json!({
        "header": header,
        "data": {"txs": []},
        "evidence": {"evidence": []},
        "last_commit": {"height": st.height.saturating_sub(1).to_string(), "round": 0, "block_id": {"hash": "", "part_set_header": {"total": 0, "hash": ""}}, "signatures": []},
    });
    Ok(Json(json!({
        "block_id": {"hash": hash, "part_set_header": {"total": 1, "hash": ""}},
        "block": block,
        "sdk_block": block,
        "devnet_tx_hashes": txs,
    })))
}
