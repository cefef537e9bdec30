//! What can go wrong talking to a chain node, said so that the edge can pick an exit code and a
//! hint: the endpoint could not be reached, the thing is not there, the chain refused, the
//! answer did not decode, or the node speaks a chain version vmc does not.

/// An error of the chain REST client. Every variant names the endpoint it is about.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The endpoint text is not a usable URL, or plain HTTP to a remote host without permission.
    #[error("invalid endpoint `{endpoint}`: {reason}")]
    Endpoint { endpoint: String, reason: String },
    /// No connection could be made (refused, DNS, TLS handshake), after the retries.
    #[error("{endpoint} is unreachable: {message}")]
    Unreachable { endpoint: String, message: String },
    /// No answer within the request timeout, after the retries.
    #[error("{endpoint} did not answer within {secs} s")]
    Timeout { endpoint: String, secs: u64 },
    /// The node answered NotFound (gRPC code 5 / HTTP 404) for this lookup.
    #[error("{what} was not found on {endpoint}")]
    NotFound { what: String, endpoint: String },
    /// The node refused the query with a gRPC/ABCI error.
    #[error("{endpoint} refused the request: {message} (code {code}{})", codespace.as_deref().map(|c| format!(", codespace {c}")).unwrap_or_default())]
    Chain {
        endpoint: String,
        status: u16,
        code: i64,
        codespace: Option<String>,
        message: String,
    },
    /// A 5xx or 429 that outlived the retries.
    #[error("{endpoint} answered HTTP {status} after {retries} retries: {message}")]
    Server {
        endpoint: String,
        status: u16,
        retries: u32,
        message: String,
    },
    /// The answer is not what the protocol says it is.
    #[error("the answer of {endpoint} does not decode at `{path}`: {message}")]
    Decode {
        endpoint: String,
        path: String,
        message: String,
    },
    /// The node runs a chain version whose modules vmc does not speak.
    #[error(
        "the node at {endpoint} runs {app} {version}; vmc speaks Akash {supported} (deployment v1beta4, market v1beta5)"
    )]
    UnsupportedChain {
        endpoint: String,
        app: String,
        version: String,
        supported: &'static str,
    },
    /// A listing grew past the configured item limit.
    #[error("{endpoint} listed more than {limit} items for {what}; narrow the query")]
    TooMany {
        endpoint: String,
        what: String,
        limit: usize,
    },
    /// Building the HTTP client failed.
    #[error(transparent)]
    Http(#[from] vmc_http::HttpError),
}

impl ClientError {
    /// The endpoint (or URL) the error is about, without credentials.
    pub fn endpoint(&self) -> Option<&str> {
        match self {
            ClientError::Endpoint { endpoint, .. }
            | ClientError::Unreachable { endpoint, .. }
            | ClientError::Timeout { endpoint, .. }
            | ClientError::NotFound { endpoint, .. }
            | ClientError::Chain { endpoint, .. }
            | ClientError::Server { endpoint, .. }
            | ClientError::Decode { endpoint, .. }
            | ClientError::UnsupportedChain { endpoint, .. }
            | ClientError::TooMany { endpoint, .. } => Some(endpoint),
            ClientError::Http(_) => None,
        }
    }

    /// True for "the thing is not there".
    pub fn is_not_found(&self) -> bool {
        matches!(self, ClientError::NotFound { .. })
    }
}
