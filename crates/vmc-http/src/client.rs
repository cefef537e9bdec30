//! The `reqwest` client every vmc REST client starts from.

use std::time::Duration;

use crate::HttpError;

/// Options for [`build`].
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Sent as `User-Agent`, e.g. `vmc/0.1.0`.
    pub user_agent: String,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// TCP + TLS connect timeout.
    pub connect_timeout: Duration,
}

impl ClientOptions {
    /// Defaults: 30 s per request, 10 s to connect.
    pub fn new(user_agent: impl Into<String>) -> Self {
        ClientOptions {
            user_agent: user_agent.into(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Builds a client: rustls (no OpenSSL), gzip-free, no proxy surprises beyond the standard
/// `HTTPS_PROXY`/`NO_PROXY` variables, and the given timeouts and user agent.
pub fn build(opts: &ClientOptions) -> Result<reqwest::Client, HttpError> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .user_agent(opts.user_agent.clone())
        .timeout(opts.timeout)
        .connect_timeout(opts.connect_timeout)
        .pool_idle_timeout(Duration::from_secs(30))
        .build()
        .map_err(HttpError::Build)
}
