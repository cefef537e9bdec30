//! The admin routes (mounted by the devnet at `/__devnet/hetzner`): script faults.
//! No token: the devnet listens on loopback.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::hetzner::error::{ApiError, ApiResult};
use crate::hetzner::faults::FaultRequest;
use crate::hetzner::state::HetznerState;

/// `POST /faults` with a [`FaultRequest`]; answers the pending faults.
pub async fn add_faults(State(st): State<HetznerState>, body: Bytes) -> ApiResult<Response> {
    let req: FaultRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            format!("fault request: {e}"),
        )
    })?;
    let faults = st.faults();
    faults.apply(req)?;
    Ok(axum::Json(json!({"faults": faults.pending()})).into_response())
}

/// `GET /faults`.
pub async fn list_faults(State(st): State<HetznerState>) -> Response {
    axum::Json(json!({"faults": st.faults().pending()})).into_response()
}

/// `DELETE /faults`.
pub async fn clear_faults(State(st): State<HetznerState>) -> Response {
    st.faults().clear();
    StatusCode::NO_CONTENT.into_response()
}
