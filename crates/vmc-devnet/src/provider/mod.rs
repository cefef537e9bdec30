//! The provider gateway (§8 of the protocol notes): every simulated provider serves the Akash
//! provider HTTP API over HTTPS on loopback, with its self-signed certificate published on chain.
//!
//! * public: `/version`, `/address`, `/status`;
//! * owner only (JWT or mTLS, [`auth`]): `PUT /deployment/{dseq}/manifest` ([`manifest`]),
//!   `GET /lease/{dseq}/{gseq}/{oseq}/manifest`, `…/status`, `…/service/{service}/status`
//!   ([`status`]), and the `…/logs`, `…/kubeevents` ([`ws`]) and `…/shell` ([`shell`])
//!   websockets. Nothing runs: logs and events are deterministic, the shell echoes.
//!
//! Faults: rules of [`crate::faults`] with `provider` set (reset connections, forced statuses).
//!
//! ```no_run
//! # async fn demo() -> Result<(), vmc_devnet::DevnetError> {
//! let running = vmc_devnet::start(vmc_devnet::DevnetConfig::default()).await?;
//! for gw in &running.gateways {
//!     println!("{} ({}) at {}", gw.name, gw.address, gw.url);
//! }
//! # Ok(()) }
//! ```

pub mod auth;
pub mod canon;
pub mod cert;
pub mod fit;
pub mod jwt;
pub mod lease;
pub mod manifest;
pub mod mtls;
pub mod server;
pub mod shell;
pub mod status;
pub mod tls;
pub mod ws;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};

use crate::faults::{self, Refusal};
use crate::rest::AppState;

/// The host name under which leases' HTTP services are reachable (`<id>.ingress.<this>`).
pub const CLUSTER_PUBLIC_HOSTNAME: &str = "devnet.localhost";

/// A running gateway, as `vmc devnet up` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayInfo {
    pub name: String,
    pub address: String,
    /// `https://127.0.0.1:<port>` (also the provider's on-chain `host_uri`).
    pub url: String,
}

/// What every gateway handler shares: the chain and which provider this is.
#[derive(Clone)]
pub struct Gw {
    pub app: AppState,
    pub address: String,
    pub name: String,
}

impl Gw {
    /// The devnet clock, in milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.app.lock().clock.now_ms()
    }
}

/// An error in the provider's style: a status and a plain-text body.
#[derive(Debug)]
pub struct GwError {
    pub status: StatusCode,
    pub message: String,
}

impl GwError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        GwError {
            status,
            message: message.into(),
        }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        GwError::new(StatusCode::NOT_FOUND, message)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        GwError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn unprocessable(message: impl Into<String>) -> Self {
        GwError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
}

impl IntoResponse for GwError {
    fn into_response(self) -> Response {
        (self.status, format!("{}\n", self.message)).into_response()
    }
}

/// The gateway's routes for one provider.
pub fn router(gw: Gw) -> Router {
    Router::new()
        .route("/version", get(status::version))
        .route("/address", get(status::address))
        .route("/status", get(status::provider_status))
        .route("/deployment/{dseq}/manifest", put(manifest::put_manifest))
        .route(
            "/lease/{dseq}/{gseq}/{oseq}/manifest",
            get(manifest::get_manifest),
        )
        .route(
            "/lease/{dseq}/{gseq}/{oseq}/status",
            get(status::lease_status),
        )
        .route(
            "/lease/{dseq}/{gseq}/{oseq}/service/{service}/status",
            get(status::service_status),
        )
        .route("/lease/{dseq}/{gseq}/{oseq}/logs", get(ws::logs))
        .route("/lease/{dseq}/{gseq}/{oseq}/kubeevents", get(ws::events))
        .route("/lease/{dseq}/{gseq}/{oseq}/shell", get(shell::shell))
        .layer(axum::middleware::from_fn_with_state(
            gw.clone(),
            fault_layer,
        ))
        .with_state(gw)
}

/// Applies the request fault rules aimed at this provider.
async fn fault_layer(State(gw): State<Gw>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let ids = [gw.address.as_str(), gw.name.as_str()];
    let kind = gw
        .app
        .faults
        .take_provider(ids, req.method().as_str(), &path);
    faults::apply(kind, req, next, |refusal| match refusal {
        Refusal::Status(s, asked) => {
            GwError::new(s, format!("devnet fault: forced {asked}")).into_response()
        }
        Refusal::RateLimited => GwError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "devnet fault: too many requests",
        )
        .into_response(),
        Refusal::AnswerLost => {
            GwError::new(StatusCode::GATEWAY_TIMEOUT, "upstream request timeout").into_response()
        }
    })
    .await
}
