//! The read-only catalog: server types, locations, datacenters, images, pricing.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::servers::path_id;
use crate::hetzner::error::{ApiError, ApiResult};
use crate::hetzner::labels::Selector;
use crate::hetzner::query::{ListQuery, list_response, page_range, page_response, sort_values};
use crate::hetzner::render;
use crate::hetzner::state::HetznerState;

fn by_name(q: &ListQuery, items: Vec<Value>) -> Vec<Value> {
    match q.one("name") {
        Some(n) => items.into_iter().filter(|v| v["name"] == n).collect(),
        None => items,
    }
}

fn single(key: &str, kind: &str, v: Option<Value>) -> ApiResult<Response> {
    let v = v.ok_or_else(|| ApiError::not_found(kind))?;
    let mut m = Map::new();
    m.insert(key.into(), v);
    Ok(axum::Json(Value::Object(m)).into_response())
}

pub async fn server_types(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    st.with_data(|d, _| {
        let fx = &d.fixtures;
        let items = fx
            .server_types
            .iter()
            .map(|t| render::server_type(t, fx))
            .collect();
        list_response("server_types", by_name(&q, items), &q)
    })
}

pub async fn server_type(
    State(st): State<HetznerState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = path_id(&id, "server type")?;
    st.with_data(|d, _| {
        let fx = &d.fixtures;
        let t = fx.server_types.iter().find(|t| t.id == id);
        single(
            "server_type",
            "server type",
            t.map(|t| render::server_type(t, fx)),
        )
    })
}

pub async fn locations(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    let sort = q.sort(&["id", "name"])?;
    st.with_data(|d, _| {
        let mut items = by_name(
            &q,
            d.fixtures.locations.iter().map(render::location).collect(),
        );
        sort_values(&mut items, &sort);
        list_response("locations", items, &q)
    })
}

pub async fn location(
    State(st): State<HetznerState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = path_id(&id, "location")?;
    st.with_data(|d, _| {
        let l = d.fixtures.locations.iter().find(|l| l.id == id);
        single("location", "location", l.map(render::location))
    })
}

pub async fn datacenters(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    let sort = q.sort(&["id", "name"])?;
    let page = q.page()?;
    st.with_data(|d, _| {
        let fx = &d.fixtures;
        let mut items = by_name(
            &q,
            fx.locations
                .iter()
                .map(|l| render::datacenter(l, fx))
                .collect(),
        );
        sort_values(&mut items, &sort);
        let recommendation = fx.locations.first().map(|l| l.datacenter.id);
        let total = items.len();
        let (start, end) = page_range(total, page);
        let slice = items[start..end].to_vec();
        let mut extra = Map::new();
        extra.insert("recommendation".into(), json!(recommendation));
        Ok(page_response("datacenters", slice, total, &q, page, extra))
    })
}

pub async fn datacenter(
    State(st): State<HetznerState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = path_id(&id, "datacenter")?;
    st.with_data(|d, _| {
        let fx = &d.fixtures;
        let l = fx.locations.iter().find(|l| l.datacenter.id == id);
        single(
            "datacenter",
            "datacenter",
            l.map(|l| render::datacenter(l, fx)),
        )
    })
}

pub async fn images(State(st): State<HetznerState>, q: ListQuery) -> ApiResult<Response> {
    let sort = q.sort(&["id", "name", "created"])?;
    let types = q.enum_values("type", &["system", "app", "snapshot", "backup"])?;
    let statuses = q.enum_values("status", &["available", "creating", "unavailable"])?;
    let arch = q.enum_values("architecture", &["x86", "arm"])?;
    let include_deprecated = q.flag("include_deprecated")?.unwrap_or(false);
    let selector = q.one("label_selector").map(Selector::parse).transpose()?;
    let bound = !q.all("bound_to").is_empty();
    st.with_data(|d, _| {
        let mut items: Vec<Value> = d
            .fixtures
            .images
            .iter()
            .filter(|_| types.is_empty() || types.iter().any(|t| t == "system"))
            .filter(|_| statuses.is_empty() || statuses.iter().any(|s| s == "available"))
            .filter(|i| arch.is_empty() || arch.contains(&i.architecture))
            .filter(|i| include_deprecated || i.deprecated.is_none())
            .filter(|_| !bound)
            .filter(|_| {
                selector
                    .as_ref()
                    .is_none_or(|s| s.matches(&Default::default()))
            })
            .map(render::image)
            .collect();
        items = by_name(&q, items);
        sort_values(&mut items, &sort);
        list_response("images", items, &q)
    })
}

pub async fn image(State(st): State<HetznerState>, Path(id): Path<String>) -> ApiResult<Response> {
    let id = path_id(&id, "image")?;
    st.with_data(|d, _| single("image", "image", d.image_by_id(id).map(render::image)))
}

pub async fn pricing(State(st): State<HetznerState>) -> Response {
    st.with_data(|d, _| {
        axum::Json(json!({"pricing": render::pricing(&d.fixtures)})).into_response()
    })
}
