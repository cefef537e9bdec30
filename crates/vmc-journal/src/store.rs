//! The append-only log: `receipts.jsonl`, one canonical receipt per line.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use vmc_receipt::{Draft, GENESIS_PREV, Receipt, ReceiptSigner, TornTail, parse_line, split_log};

use crate::Holder;
use crate::error::{JournalError, io};
use crate::fsx::{private_dir, private_opts, sync_dir};
use crate::lock::{self, LockGuard, LockStatus};

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
    /// entry are on disk (fsync). Refuses if the log ends with a torn line or its last receipt is
    /// unreadable.
    pub fn append(
        &self,
        guard: &LockGuard,
        draft: Draft,
        signer: Option<&dyn ReceiptSigner>,
    ) -> Result<Receipt, JournalError> {
        self.append_with(guard, |_, _| Ok(draft), signer)
    }

    /// [`Journal::append`] with the draft built from the next `seq` and `prev` (the last
    /// receipt's hash), read under the lock.
    pub(crate) fn append_with(
        &self,
        guard: &LockGuard,
        build: impl FnOnce(u64, &str) -> Result<Draft, JournalError>,
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
        let len = file.metadata().map_err(io(&path))?.len();
        let (seq, prev) = match last_line(&mut file, len).map_err(io(&path))? {
            None => (1, GENESIS_PREV.to_string()),
            Some(LastLine::Torn { line, len }) => {
                return Err(JournalError::TornTail { path, line, len });
            }
            Some(LastLine::Complete(bytes)) => match parse_line(&bytes) {
                Ok((r, _)) => (r.seq + 1, r.sha256),
                Err(p) => {
                    return Err(JournalError::Damaged {
                        path,
                        reason: p.to_string(),
                    });
                }
            },
        };
        let receipt = build(seq, &prev)?.seal(seq, &prev, signer)?;
        let mut line = receipt.to_line()?;
        line.push('\n');
        if let Err(e) = write_line(&mut file, line.as_bytes()) {
            // Leave no partial line behind if we can help it.
            let _ = file.set_len(len).and_then(|_| file.sync_all());
            return Err(io(&path)(e));
        }
        file.sync_all().map_err(io(&path))?;
        sync_dir(&self.dir)?;
        Ok(receipt)
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

enum LastLine {
    Complete(Vec<u8>),
    Torn { line: usize, len: u64 },
}

/// Reads the last line from the end of the file, in growing chunks.
fn last_line(file: &mut File, len: u64) -> std::io::Result<Option<LastLine>> {
    if len == 0 {
        return Ok(None);
    }
    let mut chunk = 4096u64;
    loop {
        let start = len.saturating_sub(chunk);
        let mut buf = vec![0u8; (len - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buf)?;
        if buf.last() != Some(&b'\n') {
            // Torn: count lines for the message (rare path, read it all).
            let mut all = Vec::new();
            file.seek(SeekFrom::Start(0))?;
            file.read_to_end(&mut all)?;
            let t = split_log(&all).torn;
            return Ok(t.map(|t| LastLine::Torn {
                line: t.line,
                len: t.len,
            }));
        }
        let body = &buf[..buf.len() - 1];
        if let Some(nl) = body.iter().rposition(|b| *b == b'\n') {
            return Ok(Some(LastLine::Complete(body[nl + 1..].to_vec())));
        }
        if start == 0 {
            return Ok(Some(LastLine::Complete(body.to_vec())));
        }
        chunk *= 4;
    }
}
