/*!
The receipt log on disk and the per-context mutation lock (std only, no async).

# Brief overview

* [`Journal`] owns one context directory: `receipts.jsonl` (append-only JSON Lines, mode 0600,
  directory 0700), `mutation.lock` and `mutation.holder.json`.
* [`Journal::lock`] takes the OS advisory lock (`std::fs::File::try_lock`), waiting up to a
  timeout, and writes who holds it ([`Holder`]: pid, host, command, reason, start time). A busy
  lock gives [`JournalError::Held`] naming the holder. The kernel releases the lock when the
  holder dies, even by SIGKILL.
* [`Journal::append`] needs the [`LockGuard`]: it reads the last receipt, seals the next one
  (`seq`, `prev`, hash, optional signature), writes the line and fsyncs the file **and** the
  directory before returning. It refuses to append after a torn final line.
* [`Journal::repair`] cuts off a torn final line (an append a crash interrupted) and nothing else.

Verification and the Merkle root are pure and live in `vmc-receipt`; give them [`Journal::read`].

# Example

```
use serde_json::json;
use vmc_journal::{Holder, Journal};
use vmc_receipt::{Draft, Platform, verify_log};

let dir = std::env::temp_dir().join(format!("vmc-journal-doc-{}", std::process::id()));
let journal = Journal::new(&dir);
let guard = journal
    .lock(&Holder::current("doc example", "2026-01-01T00:00:00Z"), None, |_| {})
    .unwrap();
let intent = journal
    .append(&guard, Draft::intent("2026-01-01T00:00:00Z", Platform::Vmc, "local",
        "context:default", "receipts.note", "", "doc example", json!({"text": "hi"}), "0.1.0"), None)
    .unwrap();
journal
    .append(&guard, Draft::outcome_of(&intent, "2026-01-01T00:00:01Z", Ok(json!(null))), None)
    .unwrap();
drop(guard);
assert_eq!(verify_log(&journal.read().unwrap(), None).unwrap().receipts, 2);
# std::fs::remove_dir_all(&dir).unwrap();
```
*/

mod error;
mod fsx;
mod holder;
mod lock;
mod store;

pub use error::JournalError;
pub use holder::{Holder, command_line, hostname};
pub use lock::{LockGuard, LockStatus};
pub use store::{APPEND_PAUSE_ENV, Journal, Repaired};
