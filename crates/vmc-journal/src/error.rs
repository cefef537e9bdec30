//! Errors of the journal.

use std::path::PathBuf;

use crate::Holder;

/// What can go wrong with the receipt log or the lock.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Another process holds the mutation lock (its holder file, when readable).
    #[error("{}", held_message(.holder))]
    Held { holder: Option<Holder> },
    /// The log ends with a torn line; appending would corrupt it.
    #[error("{path} ends with a torn line {line} ({len} bytes): an earlier append was interrupted")]
    TornTail {
        path: PathBuf,
        line: usize,
        len: u64,
    },
    /// The last receipt cannot be read, so the next one cannot be chained to it.
    #[error("{path}: the last receipt is damaged ({reason})")]
    Damaged { path: PathBuf, reason: String },
    /// The log's chain is broken at `line` (edited, removed, inserted or moved lines): a
    /// mutation appends only to a log whose chain it has checked, so nothing was appended.
    #[error("{path}: the receipt chain is broken at line {line} ({problem}); nothing was appended")]
    BrokenChain {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    /// A line of the log (not the torn final one) does not parse as a receipt.
    #[error("{path}: line {line} is not a receipt ({reason}); run `vmc receipts verify`")]
    NotAReceipt {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// The record could not be sealed (an empty field, an inexact number, …).
    #[error(transparent)]
    Seal(#[from] vmc_receipt::ReceiptError),
    /// A lock guard of another journal was passed.
    #[error("the lock guard belongs to {0}, not to this journal")]
    WrongGuard(PathBuf),
    /// `VMC_NOW` is set but is not an RFC 3339 time (or a time could not be formatted).
    #[error("VMC_NOW=`{value}` is not an RFC 3339 time: {reason}")]
    Clock { value: String, reason: String },
    /// No operation with this id has an intent in the log (legacy `seq-N` ids, of records
    /// without an operation id, cannot be resumed either).
    #[error("no operation `{id}` in the receipt log")]
    UnknownOperation { id: String },
    /// The operation already has its outcome (receipt `seq`): it cannot be resumed.
    #[error("operation `{id}` is finished: receipt {seq} is its outcome")]
    OperationFinished { id: String, seq: u64 },
}

fn held_message(holder: &Option<Holder>) -> String {
    match holder {
        Some(h) => format!("another mutation holds the lock: {h}"),
        None => "another mutation holds the lock (its holder has not written its details yet)"
            .to_string(),
    }
}

pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> JournalError {
    let path = path.into();
    move |source| JournalError::Io { path, source }
}
