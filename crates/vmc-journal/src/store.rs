//! The append-only log: `receipts.jsonl`, one canonical receipt per line.
//!
//! # Appending only to a checked chain
//!
//! Every append (single records, and an operation's intent, steps and outcome, which all come
//! here) first checks the chain under the lock: each line after the last verified point must be
//! a canonical receipt whose hash is right, whose `seq` follows and whose `prev` is the hash
//! before it. A broken chain is [`JournalError::BrokenChain`] (or [`JournalError::Damaged`]
//! when only the last line is unreadable) and nothing is appended.
//!
//! The check is incremental. After each append, `receipts.jsonl.verified` (mode 0600, next to
//! the log) records the verified length (`offset`), the number of receipts in it, the head's
//! hash and the SHA-256 of each 1 MiB block of those bytes (the last block may be shorter).
//! The next append reads the log, and if its first `offset` bytes still hash to those digests,
//! verifies only the lines after them; if the sidecar is missing, unreadable or does not match
//! (any byte before `offset` changed, including a same-length edit of a middle line, which a
//! check of the head line alone would miss), it verifies the whole log. Hashing is much cheaper
//! than verifying (no JSON parsing, no canonicalization): an append to a 10 MB log (10,000
//! receipts) costs a read and one SHA-256 pass, about 8 ms, where verifying it costs ~150 ms;
//! updating the sidecar rehashes only the last block or two.
//!
//! What this does not cover: the sidecar is a cache of this process's own checks, not a
//! signature. Someone who can write the context directory can rewrite the whole log with fresh
//! hashes (which the chain cannot show anyway, see `vmc_receipt::verify_log`) or forge the
//! sidecar; anchor the Merkle root elsewhere or sign receipts for that. The links between
//! records (a step's intent, one outcome per intent) are checked by `vmc receipts verify`, not
//! here.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use vmc_receipt::{
    Draft, GENESIS_PREV, Problem, Receipt, ReceiptSigner, TornTail, parse_line, sha256, split_log,
};

use crate::Holder;
use crate::error::{JournalError, io};
use crate::fsx::{private_dir, private_opts, sync_dir};
use crate::lock::{self, LockGuard, LockStatus};

/// The size of the blocks hashed in [`VERIFIED_FILE`].
const BLOCK: usize = 1 << 20;

/// The file next to the log that records how far its chain was verified.
const VERIFIED_FILE: &str = "receipts.jsonl.verified";

/// The contents of [`VERIFIED_FILE`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Verified {
    version: u32,
    /// The verified length of the log, in bytes (a line boundary).
    offset: u64,
    /// The receipts (lines) in those bytes.
    receipts: u64,
    /// `sha256` of the last of them ([`GENESIS_PREV`] for none).
    head: String,
    /// SHA-256 (hex) of each [`BLOCK`] bytes of the log's first `offset` bytes; the last one
    /// covers what is left (shorter than a block), none when `offset` is 0.
    blocks: Vec<String>,
}

/// Test only: when set to a number of milliseconds, every append writes half its line, flushes
/// it to disk, sleeps that long, then writes the rest — so a test can kill the process in the
/// middle of an append. Never set it in real use.
pub const APPEND_PAUSE_ENV: &str = "VMC_TEST_APPEND_PAUSE_MS";

/// The receipts and the mutation lock of one context directory.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

/// What [`Journal::repair`] cut off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub torn: TornTail,
    /// The removed bytes.
    pub bytes: Vec<u8>,
}

impl Journal {
    /// The journal in `dir` (created on first use, mode 0700).
    pub fn new(dir: impl Into<PathBuf>) -> Journal {
        Journal { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `<dir>/receipts.jsonl`.
    pub fn log_path(&self) -> PathBuf {
        self.dir.join("receipts.jsonl")
    }

    /// `<dir>/receipts.jsonl.verified`: how far the chain was verified (see the module docs).
    pub fn verified_path(&self) -> PathBuf {
        self.dir.join(VERIFIED_FILE)
    }

    /// `<dir>/mutation.lock`.
    pub fn lock_path(&self) -> PathBuf {
        lock::lock_path(&self.dir)
    }

    /// Takes the mutation lock, waiting up to `timeout` (None: fail at once with
    /// [`JournalError::Held`]). `on_wait` is told the holder once if we wait.
    pub fn lock(
        &self,
        holder: &Holder,
        timeout: Option<Duration>,
        on_wait: impl FnMut(Option<&Holder>),
    ) -> Result<LockGuard, JournalError> {
        lock::acquire(&self.dir, holder, timeout, on_wait)
    }

    /// Whether the lock is held, and by whom.
    pub fn lock_status(&self) -> Result<LockStatus, JournalError> {
        lock::status(&self.dir)
    }

    /// The whole log (empty when there is none yet).
    pub fn read(&self) -> Result<Vec<u8>, JournalError> {
        let path = self.log_path();
        match std::fs::read(&path) {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(io(path)(e)),
        }
    }

    pub(crate) fn check_guard(&self, guard: &LockGuard) -> Result<(), JournalError> {
        if guard.dir == self.dir {
            Ok(())
        } else {
            Err(JournalError::WrongGuard(guard.dir.clone()))
        }
    }

    /// Seals `draft` as the next receipt and appends it; returns once the line and the directory
    /// entry are on disk (fsync). Refuses if the log ends with a torn line
    /// ([`JournalError::TornTail`]), if its last receipt is unreadable
    /// ([`JournalError::Damaged`]) or if its chain is broken ([`JournalError::BrokenChain`]),
    /// checked from the last verified point (see the module docs).
    pub fn append(
        &self,
        guard: &LockGuard,
        draft: Draft,
        signer: Option<&dyn ReceiptSigner>,
    ) -> Result<Receipt, JournalError> {
        self.append_with(guard, |_, _| Ok(draft), signer)
    }

    /// [`Journal::append`] with the draft built from `prev` (the last receipt's hash) and the
    /// log's bytes, both read under the lock.
    pub(crate) fn append_with(
        &self,
        guard: &LockGuard,
        build: impl FnOnce(&str, &[u8]) -> Result<Draft, JournalError>,
        signer: Option<&dyn ReceiptSigner>,
    ) -> Result<Receipt, JournalError> {
        self.check_guard(guard)?;
        private_dir(&self.dir)?;
        let path = self.log_path();
        let mut file = private_opts()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io(&path))?;
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut bytes))
            .map_err(io(&path))?;
        let len = bytes.len() as u64;
        if let Some(t) = split_log(&bytes).torn {
            return Err(JournalError::TornTail {
                path,
                line: t.line,
                len: t.len,
            });
        }
        let (count, prev, known) = self.check_chain(&path, &bytes)?;
        let seq = count + 1;
        let receipt = build(&prev, &bytes)?.seal(seq, &prev, signer)?;
        let mut line = receipt.to_line()?;
        line.push('\n');
        if let Err(e) = write_line(&mut file, line.as_bytes()) {
            // Leave no partial line behind if we can help it.
            let _ = file.set_len(len).and_then(|_| file.sync_all());
            return Err(io(&path)(e));
        }
        file.sync_all().map_err(io(&path))?;
        sync_dir(&self.dir)?;
        self.remember_verified(&bytes, line.as_bytes(), seq, &receipt.sha256, known);
        Ok(receipt)
    }

    /// Checks the chain of `bytes` (the whole log, no torn tail) from the last verified point;
    /// returns the number of receipts, the head's hash and the digests of the full blocks that
    /// the sidecar vouched for (they stay valid: the log only grows).
    fn check_chain(
        &self,
        path: &Path,
        bytes: &[u8],
    ) -> Result<(u64, String, Vec<String>), JournalError> {
        let (offset, mut count, mut head, mut known) = match self.verified_prefix(bytes) {
            Some(v) => (v.offset as usize, v.receipts, v.head, v.blocks),
            None => (0, 0, GENESIS_PREV.to_string(), Vec::new()),
        };
        known.truncate(offset / BLOCK);
        let tail = split_log(&bytes[offset..]).lines;
        let last = tail.len();
        for (i, raw) in tail {
            let line = count as usize + 1;
            let problem = match parse_line(raw) {
                Err(p) if i == last => {
                    return Err(JournalError::Damaged {
                        path: path.to_path_buf(),
                        reason: format!("line {line}: {p}"),
                    });
                }
                Err(p) => p,
                Ok((r, _)) if r.seq != count + 1 => Problem::BadSeq {
                    expected: count + 1,
                    found: r.seq,
                },
                Ok((r, _)) if r.prev != head => Problem::BadPrev {
                    expected: head,
                    found: r.prev,
                },
                Ok((r, _)) => {
                    count += 1;
                    head = r.sha256;
                    continue;
                }
            };
            return Err(JournalError::BrokenChain {
                path: path.to_path_buf(),
                line,
                problem: problem.to_string(),
            });
        }
        Ok((count, head, known))
    }

    /// The sidecar, if it is readable and vouches for the first `offset` bytes of `bytes`.
    fn verified_prefix(&self, bytes: &[u8]) -> Option<Verified> {
        let v: Verified =
            serde_json::from_slice(&std::fs::read(self.verified_path()).ok()?).ok()?;
        let offset = usize::try_from(v.offset).ok()?;
        let at_boundary = offset == 0 || bytes.get(offset - 1) == Some(&b'\n');
        let matches = v.version == 1
            && offset <= bytes.len()
            && at_boundary
            && v.blocks.len() == offset.div_ceil(BLOCK)
            && bytes[..offset]
                .chunks(BLOCK)
                .zip(&v.blocks)
                .all(|(block, digest)| hex::encode(sha256(block)) == *digest);
        matches.then_some(v)
    }

    /// Records that the log, `before` then `line`, was verified, ending with `head` as receipt
    /// `receipts`; `known` are digests of its first full blocks, already computed (only the
    /// blocks after them are hashed). A cache: when it cannot be written the next append
    /// verifies the whole log, so errors are ignored, and it is not fsynced (a lost or garbled
    /// sidecar only costs that).
    fn remember_verified(
        &self,
        before: &[u8],
        line: &[u8],
        receipts: u64,
        head: &str,
        mut known: Vec<String>,
    ) {
        let len = before.len() + line.len();
        known.truncate(len / BLOCK);
        let from = known.len() * BLOCK;
        let rest = [&before[from.min(before.len())..], line].concat();
        known.extend(rest.chunks(BLOCK).map(|b| hex::encode(sha256(b))));
        let v = Verified {
            version: 1,
            offset: len as u64,
            receipts,
            head: head.to_string(),
            blocks: known,
        };
        let Ok(text) = serde_json::to_vec(&v) else {
            return;
        };
        let path = self.verified_path();
        let tmp = self
            .dir
            .join(format!(".{VERIFIED_FILE}.tmp.{}", std::process::id()));
        let written = private_opts()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .and_then(|mut f| f.write_all(&text))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Every complete line of the log as a receipt, in order; a torn final line is ignored.
    /// A complete line that is not a receipt is [`JournalError::NotAReceipt`] (hashes are not
    /// checked here: that is `vmc_receipt::verify_log`'s job).
    pub fn receipts(&self) -> Result<Vec<Receipt>, JournalError> {
        let bytes = self.read()?;
        let split = split_log(&bytes);
        split
            .lines
            .iter()
            .map(|(n, raw)| {
                serde_json::from_slice::<Receipt>(raw).map_err(|e| JournalError::NotAReceipt {
                    path: self.log_path(),
                    line: *n,
                    reason: e.to_string(),
                })
            })
            .collect()
    }

    /// The torn final line, if the log ends with one.
    pub fn torn_tail(&self) -> Result<Option<TornTail>, JournalError> {
        Ok(split_log(&self.read()?).torn)
    }

    /// Cuts off a torn final line, and nothing else. `None` when there is none.
    pub fn repair(&self, guard: &LockGuard) -> Result<Option<Repaired>, JournalError> {
        self.check_guard(guard)?;
        let bytes = self.read()?;
        let Some(torn) = split_log(&bytes).torn else {
            return Ok(None);
        };
        let path = self.log_path();
        let file = private_opts().write(true).open(&path).map_err(io(&path))?;
        file.set_len(torn.offset)
            .and_then(|_| file.sync_all())
            .map_err(io(&path))?;
        sync_dir(&self.dir)?;
        let removed = bytes[torn.offset as usize..].to_vec();
        Ok(Some(Repaired {
            torn,
            bytes: removed,
        }))
    }
}

fn write_line(file: &mut File, line: &[u8]) -> std::io::Result<()> {
    let pause = std::env::var(APPEND_PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok());
    match pause {
        Some(ms) => {
            let half = line.len() / 2;
            file.write_all(&line[..half])?;
            file.sync_all()?;
            std::thread::sleep(Duration::from_millis(ms));
            file.write_all(&line[half..])
        }
        None => file.write_all(line),
    }
}
