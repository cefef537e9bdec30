//! The chain's REST API (gRPC-gateway JSON, §3), the admin routes and the fault layer.

pub mod admin;
pub mod akash;
pub mod cosmos;
pub mod page;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::chain::Chain;
use crate::faults::Faults;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub chain: Arc<Mutex<Chain>>,
    pub faults: Arc<Faults>,
    /// The manual clock, when the devnet runs on one (tests, `--block-time manual`).
    pub manual_clock: Option<crate::clock::ManualClock>,
}

impl AppState {
    pub fn lock(&self) -> MutexGuard<'_, Chain> {
        self.chain.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Query parameters as given (`filters.owner`, `pagination.limit`, …).
pub type Params = BTreeMap<String, String>;

/// An error as the gateway renders it: `{"code": <gRPC code>, "message", "details": []}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: u32,
    pub message: String,
}

impl ApiError {
    pub fn not_found(msg: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: 5,
            message: msg.into(),
        }
    }
    pub fn invalid(msg: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: 3,
            message: msg.into(),
        }
    }
    pub fn unknown(msg: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: 2,
            message: msg.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"code": self.code, "message": self.message, "details": []})),
        )
            .into_response()
    }
}

pub type ApiResult = Result<Json<serde_json::Value>, ApiError>;

/// A required text parameter.
pub fn req<'a>(q: &'a Params, key: &str) -> Result<&'a str, ApiError> {
    match q.get(key).map(String::as_str) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::invalid(format!(
            "{key} is required: invalid request"
        ))),
    }
}

/// An optional integer parameter; `0` and empty mean unset, as in proto3.
pub fn num<T: std::str::FromStr + Default + PartialEq>(
    q: &Params,
    key: &str,
) -> Result<Option<T>, ApiError> {
    match q.get(key).map(String::as_str) {
        None | Some("") => Ok(None),
        Some(v) => {
            let n: T = v.parse().map_err(|_| {
                ApiError::invalid(format!("{key}: {v:?} is not a number: invalid request"))
            })?;
            Ok(if n == T::default() { None } else { Some(n) })
        }
    }
}

/// The whole API: chain routes, admin routes, the fault layer.
pub fn router(app: AppState) -> Router {
    Router::new()
        .merge(cosmos::routes())
        .merge(akash::routes())
        .merge(admin::routes())
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            crate::faults::layer,
        ))
        .with_state(app)
}
