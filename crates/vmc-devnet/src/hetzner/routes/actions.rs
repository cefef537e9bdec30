//! Action reads: `/actions?id=…`, `/actions/{id}`, `/servers/actions[/{id}]`,
//! `/servers/{id}/actions[/{action_id}]`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::servers::{path_id, server};
use crate::hetzner::actions::ActionRec;
use crate::hetzner::error::{ApiError, ApiResult};
use crate::hetzner::query::{ListQuery, list_response, sort_values};
use crate::hetzner::render;
use crate::hetzner::state::{HetznerData, HetznerState};

const SORT: &[&str] = &["id", "command", "status", "started", "finished"];
const STATUSES: &[&str] = &["running", "success", "error"];

fn ids(q: &ListQuery) -> ApiResult<Vec<i64>> {
    q.all("id")
        .into_iter()
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| ApiError::invalid_field("id", format!("`{v}` is not an integer")))
        })
        .collect()
}

fn listing(
    d: &HetznerData,
    now: i64,
    q: &ListQuery,
    keep: impl Fn(&ActionRec) -> bool,
) -> ApiResult<Response> {
    let statuses = q.enum_values("status", STATUSES)?;
    let sort = q.sort(SORT)?;
    let wanted = ids(q)?;
    let mut items: Vec<Value> = d
        .actions
        .values()
        .filter(|a| keep(a))
        .filter(|a| wanted.is_empty() || wanted.contains(&a.id))
        .filter(|a| statuses.is_empty() || statuses.iter().any(|s| s == a.status()))
        .map(|a| render::action(a, now))
        .collect();
    sort_values(&mut items, &sort);
    list_response("actions", items, q)
}

fn one(a: Option<&ActionRec>, now: i64) -> ApiResult<Response> {
    let a = a.ok_or_else(|| ApiError::not_found("action"))?;
    Ok(axum::Json(json!({"action": render::action(a, now)})).into_response())
}

/// `GET /actions?id=…` (the `id` filter is required).
pub async fn list(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    if q.all("id").is_empty() {
        return Err(ApiError::invalid_field(
            "id",
            "Missing data for required field.",
        ));
    }
    st.with_data(|d, now| listing(d, now, &q, |_| true))
}

/// `GET /actions/{id}`.
pub async fn get(State(st): State<HetznerState>, Path(id): Path<String>) -> ApiResult<Response> {
    let id = path_id(&id, "action")?;
    st.with_data(|d, now| one(d.actions.get(&id), now))
}

/// `GET /servers/actions`.
pub async fn list_all_server(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    st.with_data(|d, now| listing(d, now, &q, |a| !a.servers.is_empty()))
}

/// `GET /servers/actions/{id}`.
pub async fn get_any_server(
    State(st): State<HetznerState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = path_id(&id, "action")?;
    st.with_data(|d, now| one(d.actions.get(&id).filter(|a| !a.servers.is_empty()), now))
}

/// `GET /servers/{id}/actions`.
pub async fn list_for_server(
    State(st): State<HetznerState>,
    Path(id): Path<String>,
    q: ListQuery,
) -> ApiResult<Response> {
    let id = path_id(&id, "server")?;
    st.with_data(|d, now| {
        server(d, id)?;
        listing(d, now, &q, |a| a.servers.contains(&id))
    })
}

/// `GET /servers/{id}/actions/{action_id}` (deprecated by Hetzner, still served).
pub async fn get_for_server(
    State(st): State<HetznerState>,
    Path((id, action)): Path<(String, String)>,
) -> ApiResult<Response> {
    let id = path_id(&id, "server")?;
    let action = path_id(&action, "action")?;
    st.with_data(|d, now| {
        server(d, id)?;
        one(
            d.actions.get(&action).filter(|a| a.servers.contains(&id)),
            now,
        )
    })
}
