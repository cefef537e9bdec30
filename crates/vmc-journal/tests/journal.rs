//! The journal on a real file system: the lock between threads and processes, durability rules,
//! torn tails and repair.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;
use vmc_journal::{APPEND_PAUSE_ENV, Holder, Journal, JournalError, LockStatus};
use vmc_receipt::{Draft, Phase, Platform, Receipt, verify_log};

const CHILD_DIR: &str = "VMC_JOURNAL_TEST_CHILD_DIR";
const CHILD_TAG: &str = "VMC_JOURNAL_TEST_CHILD_TAG";

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

/// One whole mutation: lock (waiting), intent, outcome, unlock.
fn mutate(journal: &Journal, text: &str) -> Result<(Receipt, Receipt), JournalError> {
    let guard = journal.lock(
        &Holder::current(text, "2026-01-01T00:00:00Z"),
        Some(Duration::from_secs(120)),
        |_| {},
    )?;
    let intent = journal.append(&guard, note(text), None)?;
    let outcome = journal.append(
        &guard,
        Draft::outcome_of(&intent, "2026-01-01T00:00:01Z", Ok(json!({"ok": text}))),
        None,
    )?;
    Ok((intent, outcome))
}

fn receipts(journal: &Journal) -> Vec<Receipt> {
    String::from_utf8(journal.read().unwrap())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every note from `texts` appears exactly once, each outcome right after its intent.
fn assert_all_present(journal: &Journal, texts: &[String]) {
    let report = verify_log(&journal.read().unwrap(), None).unwrap();
    assert_eq!(report.receipts, texts.len() * 2);
    assert!(report.dangling_intents.is_empty());
    let rs = receipts(journal);
    for pair in rs.chunks(2) {
        assert_eq!(pair[0].phase, Phase::Intent);
        assert_eq!(pair[1].intent_seq, Some(pair[0].seq));
    }
    let mut seen: Vec<String> = rs
        .iter()
        .filter(|r| r.phase == Phase::Intent)
        .map(|r| r.request["text"].as_str().unwrap().to_string())
        .collect();
    seen.sort();
    let mut want = texts.to_vec();
    want.sort();
    assert_eq!(seen, want);
}

#[test]
fn threads_serialize_through_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let mut texts = Vec::new();
    std::thread::scope(|s| {
        for t in 0..6 {
            let journal = journal.clone();
            s.spawn(move || {
                for i in 0..5 {
                    mutate(&journal, &format!("t{t}-{i}")).unwrap();
                }
            });
            for i in 0..5 {
                texts.push(format!("t{t}-{i}"));
            }
        }
    });
    assert_all_present(&journal, &texts);
}

/// Not a test on its own: the child process of `sixteen_processes_serialize_through_the_lock`.
#[test]
#[ignore = "child process helper, run by sixteen_processes_serialize_through_the_lock"]
fn child_mutation() {
    let dir = std::env::var(CHILD_DIR).expect("run by the parent test");
    let tag = std::env::var(CHILD_TAG).unwrap();
    mutate(&Journal::new(dir), &tag).unwrap();
}

fn spawn_child(dir: &std::path::Path, tag: &str, pause_ms: Option<u64>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "child_mutation", "--ignored", "--quiet"])
        .env(CHILD_DIR, dir)
        .env(CHILD_TAG, tag)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    match pause_ms {
        Some(ms) => cmd.env(APPEND_PAUSE_ENV, ms.to_string()),
        None => cmd.env_remove(APPEND_PAUSE_ENV),
    };
    cmd.spawn().unwrap()
}

#[test]
fn sixteen_processes_serialize_through_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = dir.path().join("ctx");
    let texts: Vec<String> = (0..16).map(|i| format!("p{i}")).collect();
    let children: Vec<_> = texts.iter().map(|t| spawn_child(&ctx, t, None)).collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert_all_present(&Journal::new(&ctx), &texts);
}

#[test]
fn sigkill_mid_append_leaves_a_torn_tail_that_repair_cuts() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    mutate(&journal, "before-1").unwrap();
    mutate(&journal, "before-2").unwrap();
    let before = journal.read().unwrap();
    let mut child = spawn_child(journal.dir(), "killed", Some(600_000));
    // Wait for the half-written line (the child sleeps after writing it).
    while journal.torn_tail().unwrap().is_none() {
        assert!(child.try_wait().unwrap().is_none(), "child ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let err = verify_log(&journal.read().unwrap(), None).unwrap_err();
    assert_eq!(err.line, 5);
    assert!(err.to_string().contains("torn"), "{err}");
    // The kernel released the dead child's lock.
    assert!(
        matches!(eventually_free(&journal), LockStatus::Free { stale: Some(h) } if h.reason == "killed")
    );
    // A short wait, not none: a child that another test forks in this instant briefly shares
    // the descriptor of the probe above (until its exec), and with it the probe's lock.
    let guard = journal
        .lock(
            &Holder::current("repair", "t"),
            Some(Duration::from_secs(10)),
            |_| {},
        )
        .unwrap();
    // Appending on a torn tail is refused.
    let e = journal.append(&guard, note("x"), None).unwrap_err();
    assert!(matches!(e, JournalError::TornTail { line: 5, .. }), "{e}");
    let repaired = journal.repair(&guard).unwrap().unwrap();
    assert_eq!(repaired.torn.offset as usize, before.len());
    assert!(!repaired.bytes.is_empty() && !repaired.bytes.contains(&b'\n'));
    assert_eq!(journal.read().unwrap(), before, "nothing else changed");
    assert!(journal.repair(&guard).unwrap().is_none());
    drop(guard);
    mutate(&journal, "after").unwrap();
    assert_all_present(
        &journal,
        &["before-1".into(), "before-2".into(), "after".into()],
    );
}

#[test]
fn a_busy_lock_fails_at_once_naming_the_holder_then_waits_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let holder = Holder::current("rotate keys", "2026-01-01T00:00:00Z");
    let guard = journal.lock(&holder, None, |_| {}).unwrap();
    match journal.lock(&Holder::current("second", "t"), None, |_| {}) {
        Err(JournalError::Held { holder: Some(h) }) => {
            assert_eq!(h, holder);
            assert_eq!(h.pid, std::process::id());
        }
        other => panic!("expected Held, got {other:?}"),
    }
    assert_eq!(
        journal.lock_status().unwrap(),
        LockStatus::Held {
            holder: Some(holder.clone())
        }
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            journal.lock(
                &Holder::current("waiter", "t"),
                Some(Duration::from_secs(120)),
                move |h| tx.send(h.cloned()).unwrap(),
            )
        });
        // The waiter saw the lock busy and who held it; now let it go.
        assert_eq!(rx.recv().unwrap(), Some(holder.clone()));
        drop(guard);
        let g2 = waiter.join().unwrap().unwrap();
        assert!(
            matches!(journal.lock_status().unwrap(), LockStatus::Held { holder: Some(h) } if h.reason == "waiter")
        );
        drop(g2);
    });
    assert_eq!(eventually_free(&journal), LockStatus::Free { stale: None });
}

/// The lock status once it is free (failing after 5 s). Not at once: a child that another test
/// forks in this instant holds a copy of our lock descriptor, and so the lock, until its exec.
fn eventually_free(journal: &Journal) -> LockStatus {
    for _ in 0..250 {
        let st = journal.lock_status().unwrap();
        if matches!(st, LockStatus::Free { .. }) {
            return st;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the lock stayed held");
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("a/b"));
    mutate(&journal, "x").unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&journal.log_path()), 0o600);
    assert_eq!(mode(&journal.lock_path()), 0o600);
    assert_eq!(mode(journal.dir()), 0o700);
    assert_eq!(mode(&dir.path().join("a")), 0o700);
}

#[test]
fn a_damaged_last_line_stops_appends() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    mutate(&journal, "x").unwrap();
    let mut bytes = journal.read().unwrap();
    let n = bytes.len();
    bytes[n - 10] ^= 0x01;
    std::fs::write(journal.log_path(), &bytes).unwrap();
    let e = mutate(&journal, "y").unwrap_err();
    assert!(matches!(e, JournalError::Damaged { .. }), "{e}");
    assert_eq!(journal.read().unwrap(), bytes, "nothing appended");
}
