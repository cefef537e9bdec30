//! Reading and verifying a whole log (the bytes of a JSON Lines file).
//!
//! Every line must end with `\n`. Bytes after the last `\n` are a *torn tail*: an append that a
//! crash interrupted. [`verify_log`] checks, line by line, that each line is a receipt in exactly
//! canonical form, that its hash is right, that `seq` counts 1, 2, 3, … and `prev` links to the
//! line before, that steps and outcomes point at earlier intents of the same action and the same
//! `operation` (none, for records written before operations existed), that an intent has at most
//! one outcome and no step after it, that no two intents share an operation id, and (given a
//! verifier) the signatures. It stops at the first bad line and names it.
//!
//! What the chain cannot show: if the *last* lines are deleted, or the whole log is rewritten with
//! fresh hashes, the remainder is still a valid chain. Anchor [`crate::merkle_root`] (or the last
//! hash) somewhere else, or sign receipts, to detect that.

use std::collections::HashSet;
use std::fmt;

use crate::Receipt;
use crate::canonical::check_numbers;
use crate::record::{GENESIS_PREV, Phase};
use crate::sign::SignatureVerifier;

/// The lines of a log and its torn tail, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitLog<'a> {
    /// Complete lines without their `\n`, with 1-based line numbers.
    pub lines: Vec<(usize, &'a [u8])>,
    pub torn: Option<TornTail>,
}

/// Bytes after the last newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TornTail {
    /// Its line number.
    pub line: usize,
    /// Where it starts (the length the file should be truncated to).
    pub offset: u64,
    /// How many bytes it has.
    pub len: u64,
}

/// Splits `bytes` into complete lines and a torn tail.
pub fn split_log(bytes: &[u8]) -> SplitLog<'_> {
    let mut lines = Vec::new();
    let mut start = 0usize;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            lines.push((lines.len() + 1, &bytes[start..i]));
            start = i + 1;
        }
    }
    let torn = (start < bytes.len()).then(|| TornTail {
        line: lines.len() + 1,
        offset: start as u64,
        len: (bytes.len() - start) as u64,
    });
    SplitLog { lines, torn }
}

/// Why a line failed verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file ends without a newline: an append was interrupted.
    TornTail {
        len: u64,
    },
    Empty,
    NotUtf8,
    NotJson(String),
    NotAReceipt(String),
    /// Valid receipt, but the bytes are not its canonical form (edited by hand?).
    NotCanonical,
    BadRecord(String),
    HashMismatch {
        stated: String,
        computed: String,
    },
    BadSeq {
        expected: u64,
        found: u64,
    },
    BadPrev {
        expected: String,
        found: String,
    },
    BadIntent(String),
    BadSignature(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::TornTail { len } => write!(
                f,
                "torn final line ({len} bytes without a newline): an append was interrupted"
            ),
            Problem::Empty => f.write_str("empty line"),
            Problem::NotUtf8 => f.write_str("not UTF-8"),
            Problem::NotJson(e) => write!(f, "not JSON: {e}"),
            Problem::NotAReceipt(e) => write!(f, "not a receipt: {e}"),
            Problem::NotCanonical => {
                f.write_str("not in canonical (RFC 8785) form: the line was edited")
            }
            Problem::BadRecord(e) => write!(f, "invalid receipt: {e}"),
            Problem::HashMismatch { stated, computed } => write!(
                f,
                "hash mismatch: the line says sha256 {stated} but its content hashes to {computed}"
            ),
            Problem::BadSeq { expected, found } => {
                write!(
                    f,
                    "seq is {found}, expected {expected} (a line is missing or moved)"
                )
            }
            Problem::BadPrev { expected, found } => write!(
                f,
                "prev is {found}, expected {expected} (the previous line's hash; a line is missing or moved)"
            ),
            Problem::BadIntent(e) => write!(f, "bad intent link: {e}"),
            Problem::BadSignature(e) => write!(f, "bad signature: {e}"),
        }
    }
}

/// The first bad line of a log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct LineError {
    pub line: usize,
    pub problem: Problem,
}

/// What a valid log holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogReport {
    pub receipts: usize,
    /// `sha256` of the last receipt ([`GENESIS_PREV`] when empty).
    pub last_hash: String,
    /// Raw hashes in order (the Merkle leaves).
    pub hashes: Vec<[u8; 32]>,
    /// Intents with no outcome: the command (or operation) was interrupted, or is still running.
    pub dangling_intents: Vec<u64>,
    pub signatures_checked: usize,
    /// Signed receipts not checked because no verifier was given.
    pub signatures_unchecked: usize,
}

impl LogReport {
    /// The RFC 6962 Merkle root over [`LogReport::hashes`], as hex.
    pub fn merkle_root_hex(&self) -> String {
        hex::encode(crate::merkle_root(&self.hashes))
    }
}

/// Parses and checks one line on its own (not its place in the chain). Returns the receipt and
/// its recomputed digest.
pub fn parse_line(bytes: &[u8]) -> Result<(Receipt, [u8; 32]), Problem> {
    if bytes.is_empty() {
        return Err(Problem::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Problem::NotUtf8)?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Problem::NotJson(e.to_string()))?;
    check_numbers(&value, "$").map_err(|e| Problem::BadRecord(e.to_string()))?;
    let receipt: Receipt =
        serde_json::from_value(value).map_err(|e| Problem::NotAReceipt(e.to_string()))?;
    let canonical = receipt
        .to_line()
        .map_err(|e| Problem::BadRecord(e.to_string()))?;
    let digest = receipt
        .digest()
        .map_err(|e| Problem::BadRecord(e.to_string()))?;
    let computed = hex::encode(digest);
    if computed != receipt.sha256 {
        return Err(Problem::HashMismatch {
            stated: receipt.sha256.clone(),
            computed,
        });
    }
    if canonical.as_bytes() != bytes {
        return Err(Problem::NotCanonical);
    }
    receipt
        .check_consistency()
        .map_err(|e| Problem::BadRecord(e.to_string()))?;
    Ok((receipt, digest))
}

struct IntentState {
    action: String,
    operation: Option<String>,
    finished: bool,
}

/// Verifies a whole log; see the module docs.
pub fn verify_log(
    bytes: &[u8],
    verifier: Option<&dyn SignatureVerifier>,
) -> Result<LogReport, LineError> {
    let split = split_log(bytes);
    let mut report = LogReport {
        last_hash: GENESIS_PREV.to_string(),
        ..LogReport::default()
    };
    // Every intent, by seq - 1 (None for steps and outcomes).
    let mut intents: Vec<Option<IntentState>> = Vec::new();
    let mut operation_ids: HashSet<String> = HashSet::new();
    for (line, raw) in &split.lines {
        let err = |problem| LineError {
            line: *line,
            problem,
        };
        let (r, digest) = parse_line(raw).map_err(err)?;
        let expected = report.receipts as u64 + 1;
        if r.seq != expected {
            return Err(err(Problem::BadSeq {
                expected,
                found: r.seq,
            }));
        }
        if r.prev != report.last_hash {
            return Err(err(Problem::BadPrev {
                expected: report.last_hash.clone(),
                found: r.prev.clone(),
            }));
        }
        match r.phase {
            Phase::Intent => {
                if let Some(op) = &r.operation
                    && !operation_ids.insert(op.clone())
                {
                    return Err(err(Problem::BadIntent(format!(
                        "operation `{op}` already has an intent"
                    ))));
                }
                intents.push(Some(IntentState {
                    action: r.action.clone(),
                    operation: r.operation.clone(),
                    finished: false,
                }));
            }
            Phase::Step | Phase::Outcome => {
                let what = if r.phase == Phase::Step {
                    "step"
                } else {
                    "outcome"
                };
                let i = r.intent_seq.unwrap_or(0);
                let slot = intents
                    .get_mut((i as usize).wrapping_sub(1))
                    .and_then(Option::as_mut)
                    .ok_or_else(|| {
                        err(Problem::BadIntent(format!("receipt {i} is not an intent")))
                    })?;
                if slot.action != r.action {
                    return Err(err(Problem::BadIntent(format!(
                        "intent {i} is `{}`, this {what} is `{}`",
                        slot.action, r.action
                    ))));
                }
                if slot.operation != r.operation {
                    let name = |o: &Option<String>| {
                        o.as_deref()
                            .map_or("no operation".to_string(), |o| format!("operation `{o}`"))
                    };
                    return Err(err(Problem::BadIntent(format!(
                        "intent {i} is {}, this {what} names {}",
                        name(&slot.operation),
                        name(&r.operation)
                    ))));
                }
                if slot.finished {
                    return Err(err(Problem::BadIntent(if r.phase == Phase::Step {
                        format!("a step after the outcome of intent {i}")
                    } else {
                        format!("intent {i} already has an outcome")
                    })));
                }
                if r.phase == Phase::Outcome {
                    slot.finished = true;
                }
                intents.push(None);
            }
        }
        if r.signature.is_some() {
            match verifier {
                Some(v) => {
                    v.verify(&r, &digest)
                        .map_err(|e| err(Problem::BadSignature(e)))?;
                    report.signatures_checked += 1;
                }
                None => report.signatures_unchecked += 1,
            }
        }
        report.receipts += 1;
        report.last_hash = r.sha256;
        report.hashes.push(digest);
    }
    if let Some(t) = split.torn {
        return Err(LineError {
            line: t.line,
            problem: Problem::TornTail { len: t.len },
        });
    }
    report.dangling_intents = intents
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.as_ref()
                .is_some_and(|s| !s.finished)
                .then_some(i as u64 + 1)
        })
        .collect();
    Ok(report)
}
