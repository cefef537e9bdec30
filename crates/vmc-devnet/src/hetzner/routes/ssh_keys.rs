//! `/ssh_keys`: list, create, get, update, delete.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::servers::path_id;
use crate::hetzner::body::Body;
use crate::hetzner::error::{ApiError, ApiResult};
use crate::hetzner::labels::Selector;
use crate::hetzner::query::{ListQuery, list_response, sort_values};
use crate::hetzner::render;
use crate::hetzner::sshkey;
use crate::hetzner::state::{HetznerState, SshKeyRec};

fn check_name(name: &str) -> ApiResult<()> {
    if name.trim().is_empty() || name.len() > 128 {
        return Err(ApiError::invalid_field(
            "name",
            "must be 1 to 128 characters",
        ));
    }
    Ok(())
}

pub async fn list(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    let sort = q.sort(&["id", "name"])?;
    let selector = q.one("label_selector").map(Selector::parse).transpose()?;
    let name = q.one("name").map(str::to_string);
    let fp = q.one("fingerprint").map(str::to_string);
    st.with_data(|d, _| {
        let mut items: Vec<Value> = d
            .ssh_keys
            .values()
            .filter(|k| name.as_ref().is_none_or(|n| &k.name == n))
            .filter(|k| fp.as_ref().is_none_or(|f| &k.fingerprint == f))
            .filter(|k| selector.as_ref().is_none_or(|s| s.matches(&k.labels)))
            .map(render::ssh_key)
            .collect();
        sort_values(&mut items, &sort);
        list_response("ssh_keys", items, &q)
    })
}

pub async fn get(State(st): State<HetznerState>, Path(id): Path<String>) -> ApiResult<Response> {
    let id = path_id(&id, "SSH key")?;
    st.with_data(|d, _| {
        let k = d
            .ssh_keys
            .get(&id)
            .ok_or_else(|| ApiError::not_found("SSH key"))?;
        Ok(axum::Json(json!({"ssh_key": render::ssh_key(k)})).into_response())
    })
}

pub async fn create(State(st): State<HetznerState>, body: Bytes) -> ApiResult<Response> {
    let b = Body::parse(&body, &["name", "public_key", "labels"])?;
    let name = b.req_str("name")?;
    check_name(&name)?;
    let public_key = b.req_str("public_key")?.trim().to_string();
    let labels = b.labels()?.unwrap_or_default();
    let fingerprint =
        sshkey::fingerprint(&public_key).map_err(|e| ApiError::invalid_field("public_key", e))?;
    st.with_data(|d, now| {
        if d.ssh_keys.values().any(|k| k.name == name) {
            return Err(ApiError::uniqueness(
                "name",
                "SSH key with the same name already exists",
            ));
        }
        if d.ssh_keys.values().any(|k| k.fingerprint == fingerprint) {
            return Err(ApiError::uniqueness(
                "public_key",
                "SSH key with the same fingerprint already exists",
            ));
        }
        let id = d.next_ssh_key_id;
        d.next_ssh_key_id += 1;
        let k = SshKeyRec {
            id,
            name,
            fingerprint,
            public_key,
            labels,
            created_ms: now,
        };
        let out = json!({"ssh_key": render::ssh_key(&k)});
        d.ssh_keys.insert(id, k);
        Ok((StatusCode::CREATED, axum::Json(out)).into_response())
    })
}

pub async fn update(
    State(st): State<HetznerState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let id = path_id(&id, "SSH key")?;
    let b = Body::parse(&body, &["name", "labels"])?;
    let name = b.str("name")?;
    if let Some(n) = &name {
        check_name(n)?;
    }
    let labels = b.labels()?;
    st.with_data(|d, _| {
        if !d.ssh_keys.contains_key(&id) {
            return Err(ApiError::not_found("SSH key"));
        }
        if let Some(n) = &name
            && d.ssh_keys.values().any(|k| &k.name == n && k.id != id)
        {
            return Err(ApiError::uniqueness(
                "name",
                "SSH key with the same name already exists",
            ));
        }
        let k = d
            .ssh_keys
            .get_mut(&id)
            .ok_or_else(|| ApiError::not_found("SSH key"))?;
        if let Some(n) = name {
            k.name = n;
        }
        if let Some(l) = labels {
            k.labels = l;
        }
        Ok(axum::Json(json!({"ssh_key": render::ssh_key(k)})).into_response())
    })
}

pub async fn delete(State(st): State<HetznerState>, Path(id): Path<String>) -> ApiResult<Response> {
    let id = path_id(&id, "SSH key")?;
    st.with_data(|d, _| {
        d.ssh_keys
            .remove(&id)
            .ok_or_else(|| ApiError::not_found("SSH key"))?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}
