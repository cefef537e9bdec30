//! A thin typed client for the Hetzner Cloud API (`https://api.hetzner.cloud/v1`).
//!
//! - One module per resource: [`server`], [`server_type`], [`location`], [`image`],
//!   [`ssh_key`], [`action`].
//! - Tolerant: unknown fields are kept (`extra`) so JSON output mirrors the API; enums keep
//!   values they do not know ([`ServerStatus::Other`]); prices are exact decimals.
//! - Lists follow every page. Requests are retried with backoff on HTTP 429/502/503/504 and on
//!   the codes `conflict`, `locked` and `rate_limit_exceeded` (honouring `RateLimit-Reset`).
//! - Errors show the API's `code`, `message` and the `X-Correlation-Id`.
//! - [`Client::wait_for_actions`] polls actions (and a create's `next_actions`) to the end.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vmc_hetzner::Error> {
//! use vmc_hetzner::{Client, ServerFilter};
//! use vmc_http::{BearerToken, ClientOptions};
//!
//! let client = Client::new(
//!     "https://api.hetzner.cloud/v1",
//!     BearerToken::new(std::env::var("HCLOUD_TOKEN").unwrap_or_default()),
//!     &ClientOptions::new("vmc/0.1"),
//! )?;
//! for s in client.list_servers(&ServerFilter::default()).await? {
//!     println!("{} {} {}", s.id, s.name, s.status);
//! }
//! # Ok(()) }
//! ```

pub mod action;
pub mod client;
pub mod common;
pub mod error;
pub mod image;
pub mod location;
mod open_enum;
mod page;
pub mod server;
pub mod server_type;
pub mod ssh_key;

pub use action::{Action, ActionStatus, WaitOptions};
pub use client::{Client, RetryNotice};
pub use common::{Amount, Architecture, Labels, Pagination};
pub use error::Error;
pub use image::{Image, ImageFilter, ImageType};
pub use location::Location;
pub use server::{CreateServer, CreatedServer, PowerAction, Server, ServerFilter, ServerStatus};
pub use server_type::{Price, ServerType};
pub use ssh_key::SshKey;
