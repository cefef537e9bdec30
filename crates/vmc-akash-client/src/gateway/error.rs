//! What can go wrong talking to a provider gateway, said so that the edge can pick an exit code
//! and a hint. Every variant names the gateway (or URL) it is about; none carries a token.

/// An error of the provider gateway client.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The `host_uri` is not a usable `https://` URL, or the options cannot be used.
    #[error("invalid provider endpoint `{endpoint}`: {reason}")]
    Endpoint { endpoint: String, reason: String },
    /// No connection could be made (refused, reset, DNS).
    #[error("the provider gateway {endpoint} is unreachable: {message}")]
    Unreachable { endpoint: String, message: String },
    /// No answer within the configured time.
    #[error("the provider gateway {endpoint} did not answer within {secs:.1} s")]
    Timeout { endpoint: String, secs: f64 },
    /// The gateway's certificate was refused (§8.4): neither Web PKI nor the provider's
    /// on-chain certificates vouch for it.
    #[error("TLS with {endpoint} refused: {message}")]
    Tls { endpoint: String, message: String },
    /// 401/403 (or the auth errors answered with 400): the provider's `message`.
    #[error("the provider {endpoint} refused the credentials (HTTP {status}): {message}")]
    Unauthorized {
        endpoint: String,
        status: u16,
        message: String,
    },
    /// 404, or close code 4001 on a stream.
    #[error("{what} was not found on the provider {endpoint}")]
    NotFound { endpoint: String, what: String },
    /// Any other non-success answer.
    #[error("the provider {endpoint} answered HTTP {status}: {message}")]
    Http {
        endpoint: String,
        status: u16,
        message: String,
    },
    /// The answer is not what the protocol says it is.
    #[error("the answer of {endpoint} does not decode at `{path}`: {message}")]
    Decode {
        endpoint: String,
        path: String,
        message: String,
    },
    /// A websocket closed by the provider with an error code (4000 internal error / no
    /// running pods, 4002 service unavailable, or another non-normal code).
    #[error("the provider {endpoint} closed the stream (code {code}, {meaning}){}", if reason.is_empty() { String::new() } else { format!(": {reason}") })]
    Closed {
        endpoint: String,
        code: u16,
        meaning: &'static str,
        reason: String,
    },
    /// The connection dropped mid-stream (and was not, or could no longer be, resumed).
    #[error("the connection to {endpoint} dropped: {message}")]
    Disconnected { endpoint: String, message: String },
    /// The shell session failed on the provider's side (stream 103) or broke the protocol.
    #[error("the shell session on {endpoint} failed: {message}")]
    Shell { endpoint: String, message: String },
    /// Reading stdin or writing stdout/stderr of a shell session failed.
    #[error("shell I/O: {0}")]
    Io(#[source] std::io::Error),
}

impl GatewayError {
    /// The gateway (or URL) the error is about, without credentials.
    pub fn endpoint(&self) -> Option<&str> {
        match self {
            GatewayError::Endpoint { endpoint, .. }
            | GatewayError::Unreachable { endpoint, .. }
            | GatewayError::Timeout { endpoint, .. }
            | GatewayError::Tls { endpoint, .. }
            | GatewayError::Unauthorized { endpoint, .. }
            | GatewayError::NotFound { endpoint, .. }
            | GatewayError::Http { endpoint, .. }
            | GatewayError::Decode { endpoint, .. }
            | GatewayError::Closed { endpoint, .. }
            | GatewayError::Disconnected { endpoint, .. }
            | GatewayError::Shell { endpoint, .. } => Some(endpoint),
            GatewayError::Io(_) => None,
        }
    }

    /// True for "the thing is not there" (404, close code 4001).
    pub fn is_not_found(&self) -> bool {
        matches!(self, GatewayError::NotFound { .. })
    }

    /// Worth another connection of a followed stream: the network, a timeout, a 5xx/429.
    pub fn is_transient(&self) -> bool {
        match self {
            GatewayError::Unreachable { .. }
            | GatewayError::Timeout { .. }
            | GatewayError::Disconnected { .. } => true,
            GatewayError::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            GatewayError::Closed { code, .. } => *code == 4002 || *code == 1001 || *code == 1006,
            _ => false,
        }
    }
}

/// What a websocket close code means (§8.2).
pub fn close_meaning(code: u16) -> &'static str {
    match code {
        1000 => "normal",
        1001 => "going away",
        1006 => "abnormal closure",
        1011 => "server error",
        4000 => "internal error or no running pods",
        4001 => "lease not found",
        4002 => "service unavailable",
        _ => "unexpected close code",
    }
}
