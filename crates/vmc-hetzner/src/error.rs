//! Errors of the Hetzner client: API errors carry `code`, `message` and the correlation id.

use crate::action::Action;

/// Anything that went wrong talking to the API.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with an error envelope (or a bare HTTP error).
    #[error("{}", api_display(.status, .code, .message, .correlation_id.as_deref()))]
    Api {
        status: u16,
        /// e.g. `not_found`, `resource_unavailable`, `locked`; open-ended.
        code: String,
        message: String,
        details: Option<Box<serde_json::Value>>,
        /// The `X-Correlation-Id` response header, for Hetzner support.
        correlation_id: Option<String>,
    },
    /// The request did not get an answer.
    #[error("cannot reach {url}: {message}")]
    Transport { url: String, message: String },
    /// The answer was not what the API documents.
    #[error("unexpected answer from {url}: {message}")]
    Decode { url: String, message: String },
    /// Something else broke the protocol.
    #[error("{0}")]
    Protocol(String),
    /// Waiting took too long.
    #[error("timed out: {0}")]
    Timeout(String),
    /// The endpoint URL is unusable.
    #[error("invalid Hetzner endpoint `{0}`")]
    Endpoint(String),
    #[error(transparent)]
    Http(#[from] vmc_http::HttpError),
    /// An action ended in error.
    #[error("{} failed: {} ({})", .0.describe(), action_message(.0), action_code(.0))]
    ActionFailed(Box<Action>),
}

fn api_display(status: &u16, code: &str, message: &str, cid: Option<&str>) -> String {
    let mut s = format!("{message} ({code}, HTTP {status}");
    if let Some(c) = cid {
        s.push_str(&format!(", correlation id {c}"));
    }
    s.push(')');
    s
}

fn action_message(a: &Action) -> &str {
    a.error
        .as_ref()
        .map_or("no error message", |e| e.message.as_str())
}

fn action_code(a: &Action) -> &str {
    a.error
        .as_ref()
        .map_or(a.status.as_str(), |e| e.code.as_str())
}

impl Error {
    /// The API error code, if this is an API error.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            Error::ActionFailed(a) => a.error.as_ref().map(|e| e.code.as_str()),
            _ => None,
        }
    }

    /// The HTTP status, if this is an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.code() == Some("not_found") || self.status() == Some(404)
    }

    /// Codes that mean the request was refused without effect (safe to repeat any request).
    pub fn is_refusal_code(code: &str) -> bool {
        matches!(code, "conflict" | "locked" | "rate_limit_exceeded")
    }

    /// Whether a failed request may nevertheless have taken effect: no answer, a server-side
    /// error, or an answer that could not be read. Look the resource up before repeating it.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Decode { .. } => true,
            Error::Api { status, code, .. } => *status >= 500 && !Self::is_refusal_code(code),
            _ => false,
        }
    }

    /// Codes worth retrying: the refusals, and the server's own timeouts and gateway errors.
    pub fn is_retryable_code(code: &str) -> bool {
        Self::is_refusal_code(code) || matches!(code, "timeout" | "bad_gateway")
    }
}
