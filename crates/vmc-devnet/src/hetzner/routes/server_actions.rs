//! `POST /servers/{id}/actions/{action}`: power, rebuild, change_type, rescue.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::servers::{ensure_unlocked, path_id, resolve_ssh_keys, server};
use crate::hetzner::actions::Effect;
use crate::hetzner::body::Body;
use crate::hetzner::error::{ApiError, ApiResult};
use crate::hetzner::render;
use crate::hetzner::state::{HetznerData, HetznerState};

/// Documented server actions this devnet does not model.
const UNSUPPORTED: &[&str] = &[
    "add_to_placement_group",
    "attach_iso",
    "attach_to_network",
    "change_alias_ips",
    "change_dns_ptr",
    "change_protection",
    "create_image",
    "detach_from_network",
    "detach_iso",
    "disable_backup",
    "enable_backup",
    "remove_from_placement_group",
    "request_console",
    "reset_password",
];

/// Actions without a body.
const SIMPLE: &[&str] = &[
    "poweron",
    "poweroff",
    "shutdown",
    "reboot",
    "reset",
    "disable_rescue",
];

struct Planned {
    effect: Effect,
    password: Option<bool>,
}

fn plan(d: &HetznerData, id: i64, action: &str, b: &Body) -> ApiResult<Planned> {
    let simple = |effect| {
        Ok(Planned {
            effect,
            password: None,
        })
    };
    let s = server(d, id)?;
    match action {
        "poweron" => simple(Effect::Start),
        "poweroff" => simple(Effect::Stop),
        "shutdown" => simple(Effect::Shutdown),
        "reboot" => simple(Effect::Reboot),
        "reset" => simple(Effect::Reset),
        "disable_rescue" => simple(Effect::DisableRescue),
        "rebuild" => {
            let image_ref = b.req_id_or_name("image")?;
            if let Some(u) = b.str("user_data")?
                && u.len() > 32 * 1024
            {
                return Err(ApiError::invalid_field(
                    "user_data",
                    "is longer than 32 KiB",
                ));
            }
            let arch = d
                .server_type(&s.server_type)
                .map(|t| t.architecture.clone())
                .unwrap_or_default();
            let img = d.image_for(&image_ref, &arch).ok_or_else(|| {
                ApiError::invalid_field("image", format!("image `{image_ref}` not found"))
            })?;
            if img.architecture != arch {
                return Err(ApiError::invalid_field(
                    "image",
                    format!(
                        "image architecture {} does not match server architecture {arch}",
                        img.architecture
                    ),
                ));
            }
            Ok(Planned {
                effect: Effect::Rebuild { image_id: img.id },
                password: Some(s.ssh_keys.is_empty()),
            })
        }
        "change_type" => {
            let type_ref = b.req_id_or_name("server_type")?;
            let upgrade_disk = b.bool("upgrade_disk")?.ok_or_else(|| {
                ApiError::invalid_field("upgrade_disk", "Missing data for required field.")
            })?;
            let new = d.server_type(&type_ref).ok_or_else(|| {
                ApiError::invalid_field(
                    "server_type",
                    format!("server type `{type_ref}` not found"),
                )
            })?;
            if s.status != "off" {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "server_not_stopped",
                    "server must be stopped before changing its type",
                ));
            }
            let old = d.server_type(&s.server_type);
            let compatible = old.is_some_and(|o| {
                o.architecture == new.architecture && o.storage_type == new.storage_type
            }) && new.disk >= s.primary_disk_size
                && new.name != s.server_type;
            if !compatible {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_server_type",
                    format!(
                        "cannot change from {} to {}: the new type needs the same architecture and storage type and a disk of at least {} GB",
                        s.server_type, new.name, s.primary_disk_size
                    ),
                ));
            }
            if !new.available_in(&s.location) {
                return Err(ApiError::unavailable(format!(
                    "server type {} is unavailable in location {}",
                    new.name, s.location
                )));
            }
            simple(Effect::ChangeType {
                server_type: new.name.clone(),
                upgrade_disk,
            })
        }
        "enable_rescue" => {
            if let Some(t) = b.str("type")?
                && t != "linux64"
            {
                return Err(ApiError::invalid_field(
                    "type",
                    format!("`{t}` is not one of linux64"),
                ));
            }
            resolve_ssh_keys(d, "ssh_keys", &b.array("ssh_keys")?)?;
            Ok(Planned {
                effect: Effect::EnableRescue,
                password: Some(true),
            })
        }
        _ => Err(ApiError::not_found("action")),
    }
}

fn fields_of(action: &str) -> &'static [&'static str] {
    match action {
        "rebuild" => &["image", "user_data"],
        "change_type" => &["server_type", "upgrade_disk"],
        "enable_rescue" => &["type", "ssh_keys"],
        _ => &[],
    }
}

pub async fn run(
    State(st): State<HetznerState>,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Response> {
    let id = path_id(&id, "server")?;
    st.with_data(|d, now| {
        server(d, id)?;
        if UNSUPPORTED.contains(&action.as_str()) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unsupported_error",
                format!("the devnet does not support the server action `{action}`"),
            ));
        }
        if !SIMPLE.contains(&action.as_str()) && fields_of(&action).is_empty() {
            return Err(ApiError::not_found("action"));
        }
        let b = Body::parse(&body, fields_of(&action))?;
        ensure_unlocked(d, id)?;
        let p = plan(d, id, &action, &b)?;
        let a = d.add_action(id, p.effect, now, now);
        let mut out = Map::new();
        if let Some(with_password) = p.password {
            out.insert(
                "root_password".into(),
                if with_password {
                    json!(d.root_password(a))
                } else {
                    Value::Null
                },
            );
        }
        out.insert("action".into(), render::action(&d.actions[&a], now));
        Ok((StatusCode::CREATED, axum::Json(Value::Object(out))).into_response())
    })
}
