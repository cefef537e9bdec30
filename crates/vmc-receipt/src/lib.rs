/*!
Pure receipt records: canonical JSON (RFC 8785 JCS), a SHA-256 hash chain, verification, a Merkle
root, and a signature hook. No I/O, clock or key type: the caller supplies the time, stores the
lines (see `vmc-journal`) and plugs in a signer.

# Brief overview

* [`Draft`] is what a mutating command knows (platform, action, target, reason, request, …);
  [`Draft::seal`] redacts secrets ([`redact`]), refuses inexact numbers, and adds `seq`, `prev`
  and `sha256` (and a signature through [`ReceiptSigner`]) to make a [`Receipt`].
* A multi-step *operation* is an intent, any number of [`Phase::Step`] records
  ([`Draft::step_of`]: a [`Step`] name and [`StepStatus`], the step's data in `response`) and an
  outcome, all carrying the same `operation` id; the steps say how far a crashed operation got.
  Writing them (ids, fsync, resume) is `vmc-journal`'s job.
* [`Target`] is what was acted on: text (every older record) or named fields such as an Akash
  lease's `{dseq, owner, provider}`.
* [`Receipt::to_line`] is the stored line: the record's canonical JSON. Fields added later
  (`operation`, `step`, a structured `target`) are absent from older records, which therefore
  keep their bytes and hashes.
* [`verify_log`] checks a whole JSON Lines log and names the first bad line ([`LineError`]);
  [`split_log`] finds a torn final line left by a crash.
* [`merkle_root`] is the RFC 6962 tree hash over the receipt hashes.

The hash is SHA-256 over the JCS bytes of the record without `sha256` and `signature`; the
signature signs that 32-byte digest. `signer` (scheme + public key) is inside the hash.

# Example

```
use serde_json::json;
use vmc_receipt::{Draft, Platform, GENESIS_PREV, verify_log, merkle_root};

let intent = Draft::intent(
    "2026-01-01T00:00:00Z", Platform::Hetzner, "hetzner", "context:default",
    "hetzner.server.create", "web-1", "new web node",
    json!({"name": "web-1", "token": "s3cret"}), "0.1.0",
)
.seal(1, GENESIS_PREV, None)
.unwrap();
assert_eq!(intent.request["token"], "[redacted]");

let outcome = Draft::outcome_of(&intent, "2026-01-01T00:00:05Z", Ok(json!({"id": 42})))
    .seal(2, &intent.sha256, None)
    .unwrap();

let log = format!("{}\n{}\n", intent.to_line().unwrap(), outcome.to_line().unwrap());
let report = verify_log(log.as_bytes(), None).unwrap();
assert_eq!(report.receipts, 2);
let _anchor = hex::encode(merkle_root(&report.hashes));

let tampered = log.replace("web-1", "web-2");
assert_eq!(verify_log(tampered.as_bytes(), None).unwrap_err().line, 1);
```
*/

mod canonical;
mod error;
mod log;
mod merkle;
mod record;
pub mod redact;
mod sign;
mod target;

pub use canonical::{MAX_EXACT_INT, canonical_bytes, check_numbers, sha256};
pub use error::ReceiptError;
pub use log::{
    LineError, LogReport, Problem, SplitLog, TornTail, parse_line, split_log, verify_log,
};
pub use merkle::merkle_root;
pub use record::{Draft, GENESIS_PREV, Outcome, Phase, Platform, Receipt, Step, StepStatus};
pub use sign::{ReceiptSigner, SignatureVerifier, SignerInfo};
pub use target::Target;
