//! Issue 15, point 8: a mutation appends only to a log whose chain it has checked. The check is
//! incremental: `receipts.jsonl.verified` (next to the log) records the verified length, the
//! receipts in it, the head's hash and the SHA-256 of those bytes; only lines after it are
//! verified, and the whole log is when the sidecar is missing or does not match the file.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use vmc_journal::{Holder, Journal, JournalError, OperationStart};
use vmc_receipt::{Draft, Platform, StepStatus, Target, verify_log};

fn note(text: &str) -> Draft {
    Draft::intent(
        "2026-01-01T00:00:00Z",
        Platform::Vmc,
        "local",
        "context:test",
        "receipts.note",
        "",
        "test",
        json!({ "text": text }),
        "0.1.0",
    )
}

fn lock(journal: &Journal) -> vmc_journal::LockGuard {
    journal
        .lock(
            &Holder::current("test", "2026-01-01T00:00:00Z"),
            Some(Duration::from_secs(60)),
            |_| {},
        )
        .unwrap()
}

/// One intent + outcome pair.
fn mutate(journal: &Journal, text: &str) -> Result<(), JournalError> {
    let guard = lock(journal);
    let intent = journal.append(&guard, note(text), None)?;
    journal.append(
        &guard,
        Draft::outcome_of(&intent, "2026-01-01T00:00:01Z", Ok(json!(null))),
        None,
    )?;
    Ok(())
}

/// A journal with `n` pairs (2n lines).
fn journal_with(dir: &Path, n: usize) -> Journal {
    let journal = Journal::new(dir.join("ctx"));
    for i in 0..n {
        mutate(&journal, &format!("n{i}")).unwrap();
    }
    journal
}

/// The byte range of line `n` (1-based, without its newline).
fn line_range(bytes: &[u8], n: usize) -> std::ops::Range<usize> {
    let mut start = 0;
    for _ in 1..n {
        start += bytes[start..].iter().position(|b| *b == b'\n').unwrap() + 1;
    }
    let end = start + bytes[start..].iter().position(|b| *b == b'\n').unwrap();
    start..end
}

/// Flips a letter inside line `n`'s `"text"` value: same length, the line's hash no longer
/// matches.
fn tamper_line(journal: &Journal, n: usize) -> Vec<u8> {
    let mut bytes = journal.read().unwrap();
    let r = line_range(&bytes, n);
    let at = r.start
        + bytes[r.clone()]
            .windows(8)
            .position(|w| w == b"\"text\":\"")
            .unwrap()
        + 8;
    bytes[at] ^= 0x20;
    std::fs::write(journal.log_path(), &bytes).unwrap();
    bytes
}

fn broken_line(e: &JournalError) -> Option<usize> {
    match e {
        JournalError::BrokenChain { line, .. } => Some(*line),
        _ => None,
    }
}

fn sidecar(journal: &Journal) -> std::path::PathBuf {
    journal.dir().join("receipts.jsonl.verified")
}

#[test]
fn a_tampered_middle_line_stops_appends() {
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_with(dir.path(), 3);
    let bytes = tamper_line(&journal, 2);
    let e = mutate(&journal, "after").unwrap_err();
    assert_eq!(broken_line(&e), Some(2), "{e}");
    assert!(e.to_string().contains("line 2"), "{e}");
    assert_eq!(journal.read().unwrap(), bytes, "nothing appended");
    // Every appending path refuses: an operation's intent as well.
    let start = OperationStart {
        platform: Platform::Vmc,
        network: "local".into(),
        actor: "context:test".into(),
        action: "test.op".into(),
        target: Target::from(""),
        reason: "test".into(),
        request: json!(null),
        vmc_version: "0.1.0".into(),
    };
    let e = journal
        .begin_operation(lock(&journal), start, None)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(broken_line(&e), Some(2), "{e}");
    assert_eq!(journal.read().unwrap(), bytes, "nothing appended");
}

#[test]
fn a_removed_or_swapped_middle_line_stops_appends() {
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_with(dir.path(), 3);
    let original = journal.read().unwrap();
    let lines: Vec<&[u8]> = original.split_inclusive(|b| *b == b'\n').collect();
    // Line 3 removed.
    let removed: Vec<u8> = [&lines[..2], &lines[3..]].concat().concat();
    std::fs::write(journal.log_path(), &removed).unwrap();
    let e = mutate(&journal, "after").unwrap_err();
    assert_eq!(broken_line(&e), Some(3), "{e}");
    assert_eq!(journal.read().unwrap(), removed);
    // Lines 3 and 4 swapped.
    let mut swapped = lines.clone();
    swapped.swap(2, 3);
    let swapped = swapped.concat();
    std::fs::write(journal.log_path(), &swapped).unwrap();
    let e = mutate(&journal, "after").unwrap_err();
    assert_eq!(broken_line(&e), Some(3), "{e}");
    assert_eq!(journal.read().unwrap(), swapped);
    // Put back as it was: appends again.
    std::fs::write(journal.log_path(), &original).unwrap();
    mutate(&journal, "after").unwrap();
    assert_eq!(
        verify_log(&journal.read().unwrap(), None).unwrap().receipts,
        8
    );
}

#[test]
fn an_operation_step_and_finish_refuse_a_log_broken_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_with(dir.path(), 2);
    let start = OperationStart {
        platform: Platform::Vmc,
        network: "local".into(),
        actor: "context:test".into(),
        action: "test.op".into(),
        target: Target::from(""),
        reason: "test".into(),
        request: json!(null),
        vmc_version: "0.1.0".into(),
    };
    let mut op = journal
        .begin_operation(lock(&journal), start, None)
        .unwrap();
    op.step("one", StepStatus::Done, json!({})).unwrap();
    // Someone edits line 1 while the operation runs.
    let bytes = tamper_line(&journal, 1);
    let e = op.step("two", StepStatus::Done, json!({})).unwrap_err();
    assert_eq!(broken_line(&e), Some(1), "{e}");
    let e = op.finish(Ok(json!(null))).unwrap_err();
    assert_eq!(broken_line(&e), Some(1), "{e}");
    assert_eq!(journal.read().unwrap(), bytes, "nothing appended");
}

#[cfg(unix)]
#[test]
fn the_sidecar_records_the_verified_head_privately() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_with(dir.path(), 2);
    let path = sidecar(&journal);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let s: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let log = journal.read().unwrap();
    let report = verify_log(&log, None).unwrap();
    assert_eq!(s["offset"], log.len());
    assert_eq!(s["receipts"], 4);
    assert_eq!(s["head"], report.last_hash);
    assert_eq!(
        s["blocks"],
        json!([hex(&vmc_receipt::sha256(&log))]),
        "the digest of the verified bytes (one block: the log is shorter than 1 MiB)"
    );
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// Only what follows the verified offset is verified: a sidecar that vouches for the bytes
/// before it (here forged over a broken line, to make that visible) is trusted, and one that
/// does not match them makes the whole log verified again.
#[test]
fn the_check_starts_at_the_verified_offset() {
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_with(dir.path(), 2);
    let bytes = tamper_line(&journal, 2);
    let report_head = String::from_utf8(bytes.clone())
        .unwrap()
        .lines()
        .last()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["sha256"].clone())
        .unwrap();
    let forged = json!({
        "version": 1,
        "offset": bytes.len(),
        "receipts": 4,
        "head": report_head,
        "blocks": [hex(&vmc_receipt::sha256(&bytes))],
    });
    std::fs::write(sidecar(&journal), forged.to_string()).unwrap();
    mutate(&journal, "after").unwrap();
    assert!(journal.read().unwrap().len() > bytes.len());
    // The same sidecar with a digest that does not match: verified from the start.
    let journal = journal_with(&dir.path().join("b"), 2);
    let bytes = tamper_line(&journal, 2);
    let mut wrong = forged.clone();
    wrong["offset"] = json!(bytes.len());
    wrong["blocks"] = json!(["00".repeat(32)]);
    std::fs::write(sidecar(&journal), wrong.to_string()).unwrap();
    let e = mutate(&journal, "after").unwrap_err();
    assert_eq!(broken_line(&e), Some(2), "{e}");
}

/// Lines after the verified offset are checked too: an older sidecar (the log grew since, e.g.
/// a crash between the append and the sidecar's update) and a tampered line after it.
#[test]
fn lines_after_the_verified_offset_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_with(dir.path(), 1);
    let old = std::fs::read(sidecar(&journal)).unwrap();
    mutate(&journal, "n1").unwrap();
    mutate(&journal, "n2").unwrap();
    std::fs::write(sidecar(&journal), &old).unwrap();
    // Untampered: the tail verifies, the append goes on, the sidecar moves to the new head.
    mutate(&journal, "n3").unwrap();
    let s: Value = serde_json::from_slice(&std::fs::read(sidecar(&journal)).unwrap()).unwrap();
    assert_eq!(s["receipts"], 8);
    // Tampered after the old offset.
    std::fs::write(sidecar(&journal), &old).unwrap();
    let bytes = tamper_line(&journal, 5);
    let e = mutate(&journal, "n4").unwrap_err();
    assert_eq!(broken_line(&e), Some(5), "{e}");
    assert_eq!(journal.read().unwrap(), bytes);
}

/// A log written before the sidecar existed (or with the sidecar deleted, or garbage) is
/// verified from the start, then appended to.
#[test]
fn a_missing_or_unreadable_sidecar_means_a_full_check() {
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_with(dir.path(), 2);
    std::fs::remove_file(sidecar(&journal)).unwrap();
    mutate(&journal, "x").unwrap();
    assert!(sidecar(&journal).exists());
    std::fs::write(sidecar(&journal), b"not json").unwrap();
    mutate(&journal, "y").unwrap();
    assert_eq!(
        verify_log(&journal.read().unwrap(), None).unwrap().receipts,
        8
    );
    std::fs::remove_file(sidecar(&journal)).unwrap();
    tamper_line(&journal, 3);
    let e = mutate(&journal, "z").unwrap_err();
    assert_eq!(broken_line(&e), Some(3), "{e}");
}

/// Logs longer than a block (1 MiB): the sidecar keeps a digest per block, appends that cross
/// a block boundary keep it right, and an edit in an early block is still found.
#[test]
fn logs_of_several_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let big = "x".repeat(200_000);
    let guard = lock(&journal);
    for i in 0..12 {
        journal
            .append(&guard, note(&format!("{i}{big}")), None)
            .unwrap();
        let s: Value = serde_json::from_slice(&std::fs::read(sidecar(&journal)).unwrap()).unwrap();
        let log = journal.read().unwrap();
        let expected: Vec<String> = log
            .chunks(1 << 20)
            .map(|b| hex(&vmc_receipt::sha256(b)))
            .collect();
        assert_eq!(s["blocks"], json!(expected), "after append {i}");
        assert_eq!(s["offset"], log.len());
    }
    drop(guard);
    assert!(journal.read().unwrap().len() > 2 << 20);
    let bytes = tamper_line(&journal, 1);
    let e = mutate(&journal, "after").unwrap_err();
    assert_eq!(broken_line(&e), Some(1), "{e}");
    assert_eq!(journal.read().unwrap(), bytes);
}
