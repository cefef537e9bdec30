//! Errors of this crate.

/// Why a receipt could not be sealed (built and hashed).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReceiptError {
    /// A required text field is empty.
    #[error("receipt field `{0}` must not be empty")]
    EmptyField(&'static str),
    /// A number JCS cannot carry exactly (a float, or an integer beyond ±2^53).
    #[error(
        "receipt value at `{path}` is {what}; put amounts and big integers in receipts as strings"
    )]
    InexactNumber { path: String, what: String },
    /// `phase`, `outcome`, `error` and `intent_seq` do not fit together.
    #[error("inconsistent receipt: {0}")]
    Inconsistent(String),
    /// The canonical form could not be produced.
    #[error("cannot canonicalize the receipt: {0}")]
    Canonical(String),
}
