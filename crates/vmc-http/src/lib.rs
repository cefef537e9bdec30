//! Shared HTTP plumbing for vmc's REST clients (Hetzner Cloud, Akash).
//!
//! Small and generic on purpose:
//! - [`client`]: a `reqwest` client with rustls, timeouts and vmc's user agent;
//! - [`retry`]: a retry loop with truncated exponential backoff that honours `Retry-After` and
//!   the `RateLimit-*` headers;
//! - [`redact`]: a bearer token that never prints itself, and URLs shown without credentials.
//!
//! ```
//! use std::time::Duration;
//! use vmc_http::{RetryPolicy, client::ClientOptions};
//!
//! let http = vmc_http::client::build(&ClientOptions::new("vmc/0.1")).unwrap();
//! let policy = RetryPolicy::default();
//! assert_eq!(policy.backoff(0), Duration::from_millis(250));
//! let url = url::Url::parse("https://user:pw@api.example/v1?token=abc&page=2").unwrap();
//! assert_eq!(vmc_http::redact::url(&url), "https://api.example/v1?token=***&page=2");
//! # drop(http);
//! ```

pub mod client;
pub mod redact;
pub mod retry;

pub use client::ClientOptions;
pub use redact::BearerToken;
pub use retry::{Attempt, RetryHook, RetryNotice, RetryPolicy, retry, retryable_status};

/// Errors building the HTTP client.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("could not build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
}
