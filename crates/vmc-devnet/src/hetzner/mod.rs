//! A local Hetzner Cloud API (`https://api.hetzner.cloud/v1` look-alike), written from
//! Hetzner's published OpenAPI document and docs, not from vmc's client types.
//!
//! It serves servers (list with `label_selector`, `name`, `status`, `sort`, pagination; create,
//! get, update, delete; power, rebuild, change_type and rescue actions), actions that run from
//! `running` to `success` over clock time, server types with per-location prices, locations,
//! datacenters (the legacy `datacenter` object too, for hcloud-cli 1.30.3), images, SSH keys
//! and pricing; the error envelope and codes; `RateLimit-*` headers and `429`; Bearer tokens.
//! Faults (5xx, 429, delays, hangs, failing actions, locked servers) can be scripted from Rust
//! ([`HetznerFaults`]) or over HTTP ([`admin_router`], `POST /faults`).
//!
//! ```no_run
//! use std::sync::Arc;
//! use vmc_devnet::hetzner::{HetznerFixtures, HetznerState, SystemClock, admin_router, router};
//!
//! # async fn run() -> std::io::Result<()> {
//! let state = HetznerState::new(HetznerFixtures::default(), Arc::new(SystemClock), 42);
//! let app = axum::Router::new()
//!     .nest("/hetzner/v1", router(state.clone()))
//!     .nest("/__devnet/hetzner", admin_router(state));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
//!
//! Then `HCLOUD_ENDPOINT=http://127.0.0.1:PORT/hetzner/v1 HCLOUD_TOKEN=vmc-devnet-token hcloud
//! server list` works.

mod actions;
mod body;
mod catalog;
mod clock;
mod error;
mod faults;
mod fixtures;
mod gate;
mod labels;
mod query;
mod ratelimit;
mod render;
mod routes;
mod sshkey;
mod state;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub use actions::{ActionError, ActionRec, Effect};
pub use clock::{Clock, ManualClock, SystemClock, rfc3339};
pub use error::{ApiError, ErrorBody};
pub use faults::{
    ActionFailure, FaultKind, FaultRequest, FaultRule, FaultSet, HetznerFaults, ServerLock,
};
pub use fixtures::{
    DEFAULT_TOKEN, DatacenterFixture, HetznerFixtures, ImageFixture, LocationFixture, PriceFixture,
    ServerFixture, ServerTypeFixture, SshKeyFixture, TokenFixture,
};
pub use labels::Selector;
pub use state::{HetznerData, HetznerState, ServerRec, SshKeyRec};

use routes::{actions as acts, admin, catalog as cat, server_actions, servers, ssh_keys};

async fn not_found() -> Response {
    ApiError::not_found("resource").into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "the request method is not allowed",
    )
    .into_response()
}

/// The API, to be nested at the caller's prefix (`/hetzner/v1` in the devnet, `/v1` in tests).
pub fn router(state: HetznerState) -> Router {
    Router::new()
        .route("/servers", get(servers::list).post(servers::create))
        .route("/servers/actions", get(acts::list_all_server))
        .route("/servers/actions/{id}", get(acts::get_any_server))
        .route(
            "/servers/{id}",
            get(servers::get)
                .put(servers::update)
                .delete(servers::delete),
        )
        .route("/servers/{id}/actions", get(acts::list_for_server))
        .route(
            "/servers/{id}/actions/{action}",
            get(acts::get_for_server).post(server_actions::run),
        )
        .route("/actions", get(acts::list))
        .route("/actions/{id}", get(acts::get))
        .route("/server_types", get(cat::server_types))
        .route("/server_types/{id}", get(cat::server_type))
        .route("/locations", get(cat::locations))
        .route("/locations/{id}", get(cat::location))
        .route("/datacenters", get(cat::datacenters))
        .route("/datacenters/{id}", get(cat::datacenter))
        .route("/images", get(cat::images))
        .route("/images/{id}", get(cat::image))
        .route("/pricing", get(cat::pricing))
        .route("/ssh_keys", get(ssh_keys::list).post(ssh_keys::create))
        .route(
            "/ssh_keys/{id}",
            get(ssh_keys::get)
                .put(ssh_keys::update)
                .delete(ssh_keys::delete),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(state.clone(), gate::gate))
        .with_state(state)
}

/// The admin side (`POST`/`GET`/`DELETE /faults`), nested by the devnet at `/__devnet/hetzner`.
pub fn admin_router(state: HetznerState) -> Router {
    Router::new()
        .route(
            "/faults",
            post(admin::add_faults)
                .get(admin::list_faults)
                .delete(admin::clear_faults),
        )
        .with_state(state)
}
