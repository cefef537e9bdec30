//! The provider gateway client (§8 of the protocol notes): the provider's HTTPS API and its
//! websockets, as a library (no printing; progress through callbacks).
//!
//! * [`tls`]: the provider's certificate is trusted through Web PKI or, failing that, through
//!   the provider's valid on-chain certificates ([`Trust`]), never blindly;
//! * [`auth`]: a JWT bearer token in memory ([`GatewayAuth`]), never printed;
//! * [`client`]: `/version`, `/status`, lease status and manifest, `PUT` manifest;
//! * [`status`]: the typed answers (§8.2);
//! * [`stream`]: the `logs` and `kubeevents` websockets, reconnecting when followed;
//! * [`shell`]: the `shell` websocket (§8.3);
//! * [`error`]: the [`GatewayError`] kinds.
//!
//! ```no_run
//! # async fn demo(token: vmc_akash::jwt::Token, pem: Vec<u8>) -> Result<(), vmc_akash_client::gateway::GatewayError> {
//! use vmc_akash_client::gateway::{GatewayAuth, GatewayClient, GatewayOptions, LogOptions, Trust};
//! let trust = Trust { provider: "akash1…".into(), onchain_certs: vec![pem] };
//! let gw = GatewayClient::new("https://provider.example:8443", trust, GatewayAuth::Jwt(token), &GatewayOptions::default())?;
//! let st = gw.lease_status(1234, 1, 1).await?;
//! let opts = LogOptions { follow: false, tail: Some(10), services: vec![] };
//! let mut lines = Vec::new();
//! gw.logs(1234, 1, 1, &opts, |l| lines.push(l), |_notice| {}).await?;
//! # drop(st); Ok(()) }
//! ```

pub mod auth;
pub mod client;
pub mod error;
pub mod shell;
pub mod status;
pub mod stream;
pub mod tls;

pub use auth::GatewayAuth;
pub use client::{GatewayClient, GatewayOptions};
pub use error::GatewayError;
pub use shell::{ShellIo, ShellOutcome, ShellRequest, TermSize};
pub use status::{
    ForwardedPortStatus, LeaseStatus, LeasedIpStatus, ProviderStatus, ProviderVersion,
    ServiceStatus,
};
pub use stream::{EventObject, KubeEvent, LogLine, LogOptions, StreamNotice};
pub use tls::Trust;
