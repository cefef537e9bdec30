//! The per-context mutation lock: an OS advisory lock (`flock` on Unix, `LockFileEx` on Windows,
//! through `std::fs::File::try_lock`) on `mutation.lock`, plus `mutation.holder.json` beside it
//! naming the holder.
//!
//! The kernel drops the lock when the holding process exits in any way, SIGKILL included, so a
//! crashed holder never blocks anyone; its stale holder file is simply overwritten. Advisory
//! locks may not work on some network file systems (NFS without lock support): keep the data
//! directory on a local disk.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::Holder;
use crate::error::{JournalError, io};
use crate::fsx::{private_dir, private_opts, write_atomic};

const POLL: Duration = Duration::from_millis(25);

/// Holding this means holding the lock; dropping it releases the lock.
#[derive(Debug)]
pub struct LockGuard {
    pub(crate) dir: PathBuf,
    holder_path: PathBuf,
    // Dropped (closing the descriptor, which releases the lock) after the holder file is removed.
    _file: File,
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.holder_path);
    }
}

/// What `vmc lock status` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockStatus {
    /// Free. `stale` is the holder file a crashed holder left behind, if any.
    Free { stale: Option<Holder> },
    /// Held; `holder` when its file is readable.
    Held { holder: Option<Holder> },
}

pub(crate) fn lock_path(dir: &Path) -> PathBuf {
    dir.join("mutation.lock")
}

pub(crate) fn holder_path(dir: &Path) -> PathBuf {
    dir.join("mutation.holder.json")
}

fn open_lock_file(dir: &Path) -> Result<File, JournalError> {
    private_dir(dir)?;
    let path = lock_path(dir);
    private_opts()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io(&path))
}

/// Reads the holder file (None when missing or unreadable).
pub(crate) fn read_holder(dir: &Path) -> Option<Holder> {
    let text = std::fs::read_to_string(holder_path(dir)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The holder of a held lock; it may not have written its file yet, so try a few times.
fn current_holder(dir: &Path) -> Option<Holder> {
    for _ in 0..8 {
        if let Some(h) = read_holder(dir) {
            return Some(h);
        }
        std::thread::sleep(POLL);
    }
    None
}

/// Takes the lock of `dir`, waiting up to `timeout` (None or zero: fail at once). `on_wait` is
/// called once, with the holder, if the lock is busy and we are going to wait.
pub(crate) fn acquire(
    dir: &Path,
    holder: &Holder,
    timeout: Option<Duration>,
    mut on_wait: impl FnMut(Option<&Holder>),
) -> Result<LockGuard, JournalError> {
    let file = open_lock_file(dir)?;
    let deadline = timeout.map(|t| Instant::now() + t);
    let mut announced = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                let now = Instant::now();
                match deadline {
                    Some(d) if now < d => {
                        if !announced {
                            on_wait(read_holder(dir).as_ref());
                            announced = true;
                        }
                        std::thread::sleep(POLL.min(d - now));
                    }
                    _ => {
                        return Err(JournalError::Held {
                            holder: current_holder(dir),
                        });
                    }
                }
            }
            Err(TryLockError::Error(e)) => return Err(io(lock_path(dir))(e)),
        }
    }
    let holder_path = holder_path(dir);
    let text = serde_json::to_vec_pretty(holder).unwrap_or_default();
    write_atomic(&holder_path, &text)?;
    Ok(LockGuard {
        dir: dir.to_path_buf(),
        holder_path,
        _file: file,
    })
}

/// Whether the lock of `dir` is held. Probes with a non-blocking lock that it drops at once, so
/// a mutation starting in that instant with no `--lock-timeout` could see the lock busy.
pub(crate) fn status(dir: &Path) -> Result<LockStatus, JournalError> {
    if !lock_path(dir).exists() {
        return Ok(LockStatus::Free {
            stale: read_holder(dir),
        });
    }
    let file = open_lock_file(dir)?;
    match file.try_lock() {
        Ok(()) => {
            let stale = read_holder(dir);
            drop(file);
            Ok(LockStatus::Free { stale })
        }
        Err(TryLockError::WouldBlock) => Ok(LockStatus::Held {
            holder: current_holder(dir),
        }),
        Err(TryLockError::Error(e)) => Err(io(lock_path(dir))(e)),
    }
}
