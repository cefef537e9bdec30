//! `/servers`: list, create, get, update, delete.

use std::cmp::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::hetzner::actions::Effect;
use crate::hetzner::body::{Body, check_hostname};
use crate::hetzner::error::{ApiError, ApiResult};
use crate::hetzner::labels::Selector;
use crate::hetzner::query::{ListQuery, page_range, page_response};
use crate::hetzner::render;
use crate::hetzner::state::{HetznerData, HetznerState, ServerRec};

/// Every server status.
pub const STATUSES: &[&str] = &[
    "running",
    "initializing",
    "starting",
    "stopping",
    "off",
    "deleting",
    "migrating",
    "rebuilding",
    "unknown",
];

/// Parse a path id; anything else is `404 not_found`.
pub fn path_id(raw: &str, kind: &str) -> ApiResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| ApiError::not_found(kind))
}

/// The server or `404`.
pub fn server(d: &HetznerData, id: i64) -> ApiResult<&ServerRec> {
    d.servers
        .get(&id)
        .ok_or_else(|| ApiError::not_found("server"))
}

/// `423 locked` when the server is locked or an action runs on it.
pub fn ensure_unlocked(d: &HetznerData, id: i64) -> ApiResult<()> {
    let s = server(d, id)?;
    if s.locked {
        return Err(ApiError::locked(format!("server {id} is locked")));
    }
    if d.busy(id) {
        return Err(ApiError::locked(format!(
            "server {id} is locked: an action is already running"
        )));
    }
    Ok(())
}

pub async fn list(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    let statuses = q.enum_values("status", STATUSES)?;
    let sort = q.sort(&["id", "name", "created"])?;
    let selector = q.one("label_selector").map(Selector::parse).transpose()?;
    let name = q.one("name").map(str::to_string);
    let page = q.page()?;
    Ok(st.with_data(|d, _| {
        let mut hits: Vec<&ServerRec> = d
            .servers
            .values()
            .filter(|s| name.as_ref().is_none_or(|n| &s.name == n))
            .filter(|s| statuses.is_empty() || statuses.contains(&s.status))
            .filter(|s| selector.as_ref().is_none_or(|sel| sel.matches(&s.labels)))
            .collect();
        hits.sort_by(|a, b| {
            for k in &sort {
                let o = match k.field.as_str() {
                    "name" => a.name.cmp(&b.name),
                    "created" => a.created_ms.cmp(&b.created_ms),
                    _ => a.id.cmp(&b.id),
                };
                let o = if k.desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            a.id.cmp(&b.id)
        });
        let (start, end) = page_range(hits.len(), page);
        let items = hits[start..end]
            .iter()
            .map(|s| render::server(s, d))
            .collect();
        page_response("servers", items, hits.len(), &q, page, Map::new())
    }))
}

pub async fn get(State(st): State<HetznerState>, Path(id): Path<String>) -> ApiResult<Response> {
    let id = path_id(&id, "server")?;
    st.with_data(|d, _| {
        let s = server(d, id)?;
        Ok(axum::Json(json!({"server": render::server(s, d)})).into_response())
    })
}

const CREATE_FIELDS: &[&str] = &[
    "name",
    "server_type",
    "image",
    "location",
    "datacenter",
    "start_after_create",
    "ssh_keys",
    "volumes",
    "networks",
    "firewalls",
    "user_data",
    "labels",
    "automount",
    "placement_group",
    "public_net",
];

/// Resolve `ssh_keys` entries (IDs or names).
pub fn resolve_ssh_keys(d: &HetznerData, field: &str, items: &[Value]) -> ApiResult<Vec<i64>> {
    items
        .iter()
        .map(|v| {
            let key = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => {
                    return Err(ApiError::invalid_field(
                        field,
                        "entries must be IDs or names",
                    ));
                }
            };
            d.ssh_keys
                .values()
                .find(|k| k.id.to_string() == key || k.name == key)
                .map(|k| k.id)
                .ok_or_else(|| ApiError::invalid_field(field, format!("SSH key `{key}` not found")))
        })
        .collect()
}

pub async fn create(State(st): State<HetznerState>, body: Bytes) -> ApiResult<Response> {
    let b = Body::parse(&body, CREATE_FIELDS)?;
    let name = b.req_str("name")?;
    check_hostname("name", &name)?;
    let type_ref = b.req_id_or_name("server_type")?;
    let image_ref = b.req_id_or_name("image")?;
    let location_ref = b.id_or_name("location")?;
    let datacenter_ref = b.id_or_name("datacenter")?;
    let start = b.bool("start_after_create")?.unwrap_or(true);
    b.bool("automount")?;
    let labels = b.labels()?.unwrap_or_default();
    if let Some(u) = b.str("user_data")?
        && u.len() > 32 * 1024
    {
        return Err(ApiError::invalid_field(
            "user_data",
            "is longer than 32 KiB",
        ));
    }
    for field in ["volumes", "networks", "firewalls"] {
        if let Some(v) = b.array(field)?.first() {
            return Err(ApiError::invalid_field(field, format!("{v} not found")));
        }
    }
    if b.has("placement_group") {
        return Err(ApiError::invalid_field(
            "placement_group",
            "placement group not found",
        ));
    }
    let (mut ipv4, mut ipv6) = (true, true);
    if let Some(pn) = b.object("public_net")? {
        for (k, v) in &pn {
            match (k.as_str(), v) {
                ("enable_ipv4", Value::Bool(x)) => ipv4 = *x,
                ("enable_ipv6", Value::Bool(x)) => ipv6 = *x,
                ("ipv4" | "ipv6", Value::Null) => {}
                ("ipv4" | "ipv6", _) => {
                    return Err(ApiError::invalid_field(
                        "public_net",
                        format!("primary IP {v} not found"),
                    ));
                }
                _ => {
                    return Err(ApiError::invalid_field(
                        "public_net",
                        format!("unknown field name '{k}'"),
                    ));
                }
            }
        }
    }
    let ssh_items = b.array("ssh_keys")?;

    st.with_data(|d, now| {
        let t = d
            .server_type(&type_ref)
            .cloned()
            .ok_or_else(|| ApiError::invalid_field("server_type", format!("server type `{type_ref}` not found")))?;
        let img = d
            .image_for(&image_ref, &t.architecture)
            .cloned()
            .ok_or_else(|| ApiError::invalid_field("image", format!("image `{image_ref}` not found")))?;
        if img.architecture != t.architecture {
            return Err(ApiError::invalid_field(
                "image",
                format!("image architecture {} does not match server type architecture {}", img.architecture, t.architecture),
            ));
        }
        let location = match (&location_ref, &datacenter_ref) {
            (Some(l), _) => d
                .location(l)
                .ok_or_else(|| ApiError::invalid_field("location", format!("location `{l}` not found")))?
                .name
                .clone(),
            (None, Some(dc)) => d
                .fixtures
                .locations
                .iter()
                .find(|l| &l.datacenter.name == dc || l.datacenter.id.to_string() == *dc)
                .ok_or_else(|| ApiError::invalid_field("datacenter", format!("datacenter `{dc}` not found")))?
                .name
                .clone(),
            (None, None) => d
                .fixtures
                .locations
                .iter()
                .find(|l| t.available_in(&l.name))
                .ok_or_else(|| ApiError::unavailable(format!("server type {} is not available in any location", t.name)))?
                .name
                .clone(),
        };
        if !t.available_in(&location) {
            return Err(ApiError::unavailable(format!(
                "server type {} is unavailable in location {location}",
                t.name
            )));
        }
        let ssh_keys = resolve_ssh_keys(d, "ssh_keys", &ssh_items)?;
        if d.servers.values().any(|s| s.name == name) {
            return Err(ApiError::uniqueness("name", "server name is already used"));
        }
        let rec = d.new_server(&name, &t, &location, img.id, labels, ssh_keys.clone(), now, ipv4, ipv6);
        let id = rec.id;
        d.servers.insert(id, rec);
        let create = d.add_action(id, Effect::Create { start }, now, now);
        let mut next = Vec::new();
        if start {
            let end = d.actions[&create].end_ms();
            next.push(d.add_action(id, Effect::Start, now, end));
        }
        let password = ssh_keys.is_empty().then(|| d.root_password(create));
        let body = json!({
            "server": render::server(&d.servers[&id], d),
            "action": render::action(&d.actions[&create], now),
            "next_actions": next.iter().map(|a| render::action(&d.actions[a], now)).collect::<Vec<_>>(),
            "root_password": password,
        });
        Ok((StatusCode::CREATED, axum::Json(body)).into_response())
    })
}

pub async fn update(
    State(st): State<HetznerState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let id = path_id(&id, "server")?;
    let b = Body::parse(&body, &["name", "labels"])?;
    let name = b.str("name")?;
    if let Some(n) = &name {
        check_hostname("name", n)?;
    }
    let labels = b.labels()?;
    st.with_data(|d, _| {
        server(d, id)?;
        if let Some(n) = &name
            && d.servers.values().any(|s| &s.name == n && s.id != id)
        {
            return Err(ApiError::uniqueness("name", "server name is already used"));
        }
        let s = d
            .servers
            .get_mut(&id)
            .ok_or_else(|| ApiError::not_found("server"))?;
        if let Some(n) = name {
            s.name = n;
        }
        if let Some(l) = labels {
            s.labels = l;
        }
        Ok(axum::Json(json!({"server": render::server(&d.servers[&id], d)})).into_response())
    })
}

pub async fn delete(State(st): State<HetznerState>, Path(id): Path<String>) -> ApiResult<Response> {
    let id = path_id(&id, "server")?;
    st.with_data(|d, now| {
        ensure_unlocked(d, id)?;
        let a = d.add_action(id, Effect::Delete, now, now);
        Ok(axum::Json(json!({"action": render::action(&d.actions[&a], now)})).into_response())
    })
}
