use thiserror::Error;

use crate::keys::KeyError;

/// Errors building, encoding, decoding, signing or verifying a transaction.
#[derive(Debug, Error)]
pub enum TxError {
    #[error("unknown message type `{0}`: vmc knows {known}", known = crate::tx::registry::known_type_urls().join(", "))]
    UnknownType(String),
    #[error("invalid transaction JSON at `{path}`: {reason}")]
    Json { path: String, reason: String },
    #[error("cannot decode {what}: {reason}")]
    Decode { what: &'static str, reason: String },
    #[error("invalid transaction: {0}")]
    Invalid(String),
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl TxError {
    pub(crate) fn json(path: impl Into<String>, reason: impl ToString) -> TxError {
        TxError::Json {
            path: path.into(),
            reason: reason.to_string(),
        }
    }
    pub(crate) fn decode(what: &'static str, e: impl ToString) -> TxError {
        TxError::Decode {
            what,
            reason: e.to_string(),
        }
    }
}
