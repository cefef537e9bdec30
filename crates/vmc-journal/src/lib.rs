/*!
The receipt log on disk, the per-context mutation lock, and *operations*: mutations recorded as
an intent, step records and an outcome, that survive a crash (std only, no async).

# Brief overview

* [`Journal`] owns one context directory: `receipts.jsonl` (append-only JSON Lines, mode 0600,
  directory 0700), `mutation.lock` and `mutation.holder.json`.
* [`Journal::lock`] takes the OS advisory lock (`std::fs::File::try_lock`), waiting up to a
  timeout, and writes who holds it ([`Holder`]: pid, host, command, reason, start time). A busy
  lock gives [`JournalError::Held`] naming the holder. The kernel releases the lock when the
  holder dies, even by SIGKILL.
* [`Journal::begin_operation`] takes the [`LockGuard`] and appends the intent with a fresh
  operation id (`op-` + 12 hex digits, [`operation_id`]); the [`Operation`] then records steps
  ([`Operation::step`]: `begin`, `done` or `failed`, with data) and ends with
  [`Operation::finish`] (the outcome; the lock is released). Every record is on disk (fsync)
  before the call returns, so after a crash the log says which steps were done.
  [`Journal::unfinished`] lists operations without an outcome, [`Journal::resume_operation`]
  continues one under the same id, [`Journal::operations`] reads them all (records written
  before operations existed come back as intent/outcome pairs with id `seq-<intent seq>`).
* [`Journal::append`] is the single-record primitive underneath: it needs the [`LockGuard`],
  reads the last receipt, seals the next one (`seq`, `prev`, hash, optional signature), writes
  the line and fsyncs the file **and** the directory before returning. It refuses to append
  after a torn final line, and onto a log whose hash chain does not check out (incrementally,
  from the verified head recorded in `receipts.jsonl.verified`).
* [`Journal::repair`] cuts off a torn final line (an append a crash interrupted) and nothing else.
* [`clock::now_rfc3339`] is the time receipts carry: UTC, or `VMC_NOW` when set.

Verification and the Merkle root are pure and live in `vmc-receipt`; give them [`Journal::read`].

# Example: an operation

```
use serde_json::json;
use vmc_journal::{Holder, Journal, OperationStart};
use vmc_receipt::{Platform, StepStatus, Target, verify_log};

let dir = std::env::temp_dir().join(format!("vmc-journal-doc-op-{}", std::process::id()));
# let _ = std::fs::remove_dir_all(&dir);
let journal = Journal::new(&dir);
let start = || OperationStart {
    platform: Platform::Akash,
    network: "local".into(),
    actor: "akash1owner".into(),
    action: "akash.deploy".into(),
    target: Target::from(""),
    reason: "doc example".into(),
    request: json!({"sdl": "web.yaml"}),
    vmc_version: "0.1.0".into(),
};
let lock = || journal.lock(&Holder::current("doc example", "2026-01-01T00:00:00Z"), None, |_| {});

// begin → step → finish
let mut op = journal.begin_operation(lock().unwrap(), start(), None).unwrap();
op.step("create", StepStatus::Begin, json!(null)).unwrap();
op.step("create", StepStatus::Done, json!({"dseq": "123"})).unwrap();
op.set_target(Target::fields([("dseq", json!("123"))]));
let outcome = op.finish(Ok(json!({"dseq": "123"}))).unwrap();
assert_eq!(outcome.target.to_string(), "dseq=123");

// A crash after the first step (here: the operation is dropped without finishing; the lock is
// released, the intent and the step stay).
let mut op = journal.begin_operation(lock().unwrap(), start(), None).unwrap();
op.step("create", StepStatus::Done, json!({"dseq": "124"})).unwrap();
let id = op.id().to_string();
drop(op);
let unfinished = journal.unfinished().unwrap();
assert_eq!(unfinished.len(), 1);
assert_eq!(unfinished[0].id, id);

// Resume: the steps already done are known, so they are not redone.
let mut op = journal.resume_operation(lock().unwrap(), &id, None).unwrap();
let dseq = op.last_done("create").unwrap().response["dseq"].clone();
op.step("lease", StepStatus::Done, json!({"dseq": dseq})).unwrap();
op.finish(Ok(json!({"dseq": dseq}))).unwrap();

assert!(journal.unfinished().unwrap().is_empty());
let report = verify_log(&journal.read().unwrap(), None).unwrap();
assert_eq!(report.receipts, 4 + 4);
# std::fs::remove_dir_all(&dir).unwrap();
```

# Example: single records

```
use serde_json::json;
use vmc_journal::{Holder, Journal};
use vmc_receipt::{Draft, Platform, verify_log};

let dir = std::env::temp_dir().join(format!("vmc-journal-doc-{}", std::process::id()));
# let _ = std::fs::remove_dir_all(&dir);
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

pub mod clock;
mod error;
mod fsx;
mod holder;
mod lock;
mod operation;
mod store;

pub use error::JournalError;
pub use holder::{Holder, command_line, hostname};
pub use lock::{LockGuard, LockStatus};
pub use operation::{Operation, OperationLog, OperationSigner, OperationStart, operation_id};
pub use store::{APPEND_PAUSE_ENV, Journal, Repaired};
