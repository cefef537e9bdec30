//! Operations on a real file system: begin → steps → finish, an unfinished operation after a
//! drop, resume under the same id, refusals, and a child process killed with SIGKILL between
//! steps and in the middle of a step's append.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;
use vmc_journal::{
    APPEND_PAUSE_ENV, Holder, Journal, JournalError, LockGuard, LockStatus, Operation,
    OperationLog, OperationStart, operation_id,
};
use vmc_receipt::{Draft, Phase, Platform, StepStatus, Target, parse_line, verify_log};

const CHILD_DIR: &str = "VMC_JOURNAL_OP_TEST_DIR";
const CHILD_MODE: &str = "VMC_JOURNAL_OP_TEST_MODE";
const CHILD_ID: &str = "VMC_JOURNAL_OP_TEST_ID";

fn start(action: &str) -> OperationStart {
    OperationStart {
        platform: Platform::Akash,
        network: "local".into(),
        actor: "akash1owner".into(),
        action: action.into(),
        target: Target::from(""),
        reason: "testing operations".into(),
        request: json!({"sdl": "web.yaml", "api_token": "s3cret"}),
        vmc_version: "0.1.0".into(),
    }
}

fn lock(journal: &Journal) -> LockGuard {
    journal
        .lock(
            &Holder::current("operation test", "2026-01-01T00:00:00Z"),
            Some(Duration::from_secs(60)),
            |_| {},
        )
        .unwrap()
}

fn begin(journal: &Journal) -> Operation {
    journal
        .begin_operation(lock(journal), start("akash.deploy"), None)
        .unwrap()
}

/// The lock is free, or becomes free shortly: a child that another test forks in this instant
/// shares our lock descriptor until its exec.
fn assert_free(journal: &Journal) -> LockStatus {
    for _ in 0..250 {
        let st = journal.lock_status().unwrap();
        if matches!(st, LockStatus::Free { .. }) {
            return st;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the lock stayed held");
}

fn verified(journal: &Journal) -> vmc_receipt::LogReport {
    verify_log(&journal.read().unwrap(), None).unwrap()
}

#[test]
fn begin_steps_finish() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let mut op = begin(&journal);
    let id = op.id().to_string();
    assert!(id.starts_with("op-") && id.len() == 15, "{id}");
    assert!(id[3..].chars().all(|c| c.is_ascii_hexdigit()));
    let intent = op.intent().clone();
    assert_eq!(intent.operation.as_deref(), Some(id.as_str()));
    assert_eq!(intent.request["api_token"], "[redacted]");
    // The id is the documented hash of the log position, the time, the action and the pid.
    assert_eq!(
        id,
        operation_id(
            &intent.prev,
            &intent.timestamp,
            "akash.deploy",
            std::process::id()
        )
    );
    // The operation holds the lock.
    assert!(matches!(
        journal.lock_status().unwrap(),
        LockStatus::Held { .. }
    ));

    let s1 = op.step("create", StepStatus::Begin, json!(null)).unwrap();
    // On disk as soon as step returns.
    assert_eq!(journal.receipts().unwrap().last().unwrap(), &s1);
    op.step("create", StepStatus::Done, json!({"dseq": "123"}))
        .unwrap();
    let lease = Target::fields([
        ("dseq", json!("123")),
        ("owner", json!("akash1owner")),
        ("provider", json!("akash1prov")),
    ]);
    op.set_target(lease.clone());
    op.step_failed("lease", "no bids".into(), json!({"bids": 0}))
        .unwrap();
    op.step("lease", StepStatus::Done, json!({"provider": "akash1prov"}))
        .unwrap();
    assert_eq!(op.steps().len(), 4);
    assert_eq!(
        op.last_done("create").unwrap().response,
        json!({"dseq": "123"})
    );
    assert!(op.last_done("manifest").is_none());
    let outcome = op.finish(Ok(json!({"dseq": "123"}))).unwrap();
    assert_eq!(
        assert_free(&journal),
        LockStatus::Free { stale: None },
        "finish released the lock"
    );

    let report = verified(&journal);
    assert_eq!(report.receipts, 6);
    assert!(report.dangling_intents.is_empty());
    let rs = journal.receipts().unwrap();
    for r in &rs[1..] {
        assert_eq!(r.operation.as_deref(), Some(id.as_str()));
        assert_eq!(r.intent_seq, Some(1));
        assert_eq!(
            (&r.actor, &r.action, &r.reason, &r.network),
            (
                &intent.actor,
                &intent.action,
                &intent.reason,
                &intent.network
            )
        );
    }
    assert_eq!(rs[1].step.as_ref().unwrap().status, StepStatus::Begin);
    assert_eq!(rs[1].request, json!(null));
    assert_eq!(rs[3].error.as_deref(), Some("no bids"));
    assert_eq!(rs[2].target, Target::from(""));
    assert_eq!(rs[3].target, lease);
    assert_eq!(outcome.target, lease);
    assert_eq!(outcome.phase, Phase::Outcome);

    let ops = journal.operations().unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(
        (ops[0].id.as_str(), ops[0].steps.len(), ops[0].is_finished()),
        (id.as_str(), 4, true)
    );
    assert_eq!(ops[0].target(), &lease);
    assert!(journal.unfinished().unwrap().is_empty());
}

#[test]
fn a_dropped_operation_is_unfinished_and_resumes_under_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    // A legacy intent/outcome pair first (no operation id).
    {
        let guard = lock(&journal);
        let i = journal
            .append(
                &guard,
                Draft::intent(
                    "2026-01-01T00:00:00Z",
                    Platform::Vmc,
                    "local",
                    "context:test",
                    "receipts.note",
                    "",
                    "legacy",
                    json!({"text": "old"}),
                    "0.1.0",
                ),
                None,
            )
            .unwrap();
        journal
            .append(
                &guard,
                Draft::outcome_of(&i, "2026-01-01T00:00:01Z", Ok(json!(null))),
                None,
            )
            .unwrap();
    }
    let mut op = begin(&journal);
    let id = op.id().to_string();
    op.step("create", StepStatus::Done, json!({"dseq": "7"}))
        .unwrap();
    op.set_target(Target::fields([("dseq", json!("7"))]));
    op.step("lease", StepStatus::Begin, json!(null)).unwrap();
    drop(op);
    assert_free(&journal);

    let ops = journal.operations().unwrap();
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[0].id, "seq-1");
    assert!(ops[0].is_finished());
    let unfinished = journal.unfinished().unwrap();
    assert_eq!(unfinished.len(), 1);
    assert_eq!(
        (unfinished[0].id.as_str(), unfinished[0].steps.len()),
        (id.as_str(), 2)
    );
    assert_eq!(verified(&journal).dangling_intents, vec![3]);

    // Another operation in between does not matter.
    begin(&journal).finish(Err("gave up".into())).unwrap();

    let mut op = journal.resume_operation(lock(&journal), &id, None).unwrap();
    assert_eq!(op.id(), id);
    assert_eq!(op.intent().seq, 3);
    assert_eq!(op.steps().len(), 2, "the steps from before the crash");
    assert_eq!(op.last_done("create").unwrap().response["dseq"], "7");
    assert_eq!(
        op.target(),
        &Target::fields([("dseq", json!("7"))]),
        "the latest target"
    );
    let s = op.step("lease", StepStatus::Done, json!({})).unwrap();
    assert_eq!(
        (s.intent_seq, s.operation.as_deref()),
        (Some(3), Some(id.as_str()))
    );
    assert_eq!(s.target.to_string(), "dseq=7");
    op.finish(Ok(json!({"dseq": "7"}))).unwrap();

    let report = verified(&journal);
    assert_eq!(report.receipts, 9);
    assert!(report.dangling_intents.is_empty());
    assert!(journal.unfinished().unwrap().is_empty());
    let ops = journal.operations().unwrap();
    assert_eq!(ops.len(), 3);
    assert_eq!(ops[1].steps.len(), 3);

    // Resuming a finished, unknown or legacy operation is refused (and releases the lock).
    match journal.resume_operation(lock(&journal), &id, None) {
        Err(JournalError::OperationFinished { id: i, seq }) => {
            assert_eq!((i.as_str(), seq), (id.as_str(), 9));
        }
        other => panic!("expected OperationFinished, got {other:?}"),
    }
    for bad in ["op-000000000000", "seq-1"] {
        let e = journal
            .resume_operation(lock(&journal), bad, None)
            .unwrap_err();
        assert!(
            matches!(&e, JournalError::UnknownOperation { id } if id == bad),
            "{e}"
        );
    }
    assert_free(&journal);
}

#[test]
fn ids_are_unique_in_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let op = begin(&journal);
        assert!(ids.insert(op.id().to_string()));
        op.finish(Ok(json!(null))).unwrap();
    }
    assert_eq!(verified(&journal).receipts, 40);
}

#[test]
fn a_guard_of_another_journal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = Journal::new(dir.path().join("a"));
    let b = Journal::new(dir.path().join("b"));
    let e = b
        .begin_operation(lock(&a), start("akash.deploy"), None)
        .unwrap_err();
    assert!(matches!(e, JournalError::WrongGuard(_)), "{e}");
    assert!(b.read().unwrap().is_empty());
}

#[test]
fn an_operation_moves_into_another_thread() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let mut op = begin(&journal);
    let r = std::thread::spawn(move || {
        op.step("remote", StepStatus::Done, json!(1)).unwrap();
        op.finish(Ok(json!(null))).unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(r.seq, 3);
}

/// Not a test on its own: the child process of the SIGKILL tests. Mode `steps`: begin, three
/// steps, then wait to be killed. Mode `resume`: resume `CHILD_ID` and record one step (run with
/// the append pause, so it is killed in the middle of that step's line).
#[test]
#[ignore = "child process helper, run by the SIGKILL tests"]
fn child_operation() {
    let dir = std::env::var(CHILD_DIR).expect("run by the parent test");
    let journal = Journal::new(dir);
    let mut op = match std::env::var(CHILD_MODE).unwrap().as_str() {
        "steps" => {
            let mut op = begin(&journal);
            op.step("create", StepStatus::Begin, json!(null)).unwrap();
            op.step("create", StepStatus::Done, json!({"dseq": "9"}))
                .unwrap();
            op.step("lease", StepStatus::Begin, json!(null)).unwrap();
            op
        }
        "resume" => {
            let id = std::env::var(CHILD_ID).unwrap();
            journal.resume_operation(lock(&journal), &id, None).unwrap()
        }
        m => panic!("unknown mode {m}"),
    };
    op.step("lease", StepStatus::Done, json!({"provider": "akash1p"}))
        .unwrap();
    // Killed before this (the parent waits for a torn line or for the fourth step).
    std::thread::sleep(Duration::from_secs(600));
}

fn spawn_child(
    dir: &Path,
    mode: &str,
    id: Option<&str>,
    pause_ms: Option<u64>,
) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "child_operation", "--ignored", "--quiet"])
        .env(CHILD_DIR, dir)
        .env(CHILD_MODE, mode)
        .env(CHILD_ID, id.unwrap_or(""))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    match pause_ms {
        Some(ms) => cmd.env(APPEND_PAUSE_ENV, ms.to_string()),
        None => cmd.env_remove(APPEND_PAUSE_ENV),
    };
    cmd.spawn().unwrap()
}

/// Every line of the log is a complete, valid receipt.
fn assert_complete_lines(journal: &Journal) {
    let bytes = journal.read().unwrap();
    assert_eq!(bytes.last(), Some(&b'\n'));
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        parse_line(line).unwrap();
    }
}

#[test]
fn sigkill_between_steps_leaves_an_unfinished_operation_of_complete_steps() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let mut child = spawn_child(journal.dir(), "steps", None, None);
    // Wait until the child has recorded its fourth step.
    while journal.receipts().map_or(0, |r| r.len()) < 5 {
        assert!(child.try_wait().unwrap().is_none(), "child ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    assert_complete_lines(&journal);
    let report = verified(&journal);
    assert_eq!(report.dangling_intents, vec![1]);
    assert_free(&journal);
    let unfinished = journal.unfinished().unwrap();
    assert_eq!(unfinished.len(), 1);
    let op: &OperationLog = &unfinished[0];
    let steps: Vec<(String, StepStatus)> = op
        .steps
        .iter()
        .map(|r| {
            let s = r.step.clone().unwrap();
            (s.name, s.status)
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("create".to_string(), StepStatus::Begin),
            ("create".to_string(), StepStatus::Done),
            ("lease".to_string(), StepStatus::Begin),
            ("lease".to_string(), StepStatus::Done),
        ]
    );

    // Resume in this process and finish.
    let op = journal
        .resume_operation(lock(&journal), &unfinished[0].id, None)
        .unwrap();
    assert_eq!(op.last_done("create").unwrap().response["dseq"], "9");
    op.finish(Ok(json!({"dseq": "9"}))).unwrap();
    let report = verified(&journal);
    assert_eq!(report.receipts, 6);
    assert!(report.dangling_intents.is_empty());
}

#[test]
fn sigkill_in_the_middle_of_a_step_leaves_a_torn_line_that_reading_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("ctx"));
    let mut op = begin(&journal);
    let id = op.id().to_string();
    op.step("create", StepStatus::Done, json!({"dseq": "5"}))
        .unwrap();
    drop(op);
    let before = journal.read().unwrap();

    // The child resumes and is killed half-way through writing its step.
    let mut child = spawn_child(journal.dir(), "resume", Some(&id), Some(600_000));
    while journal.torn_tail().unwrap().is_none() {
        assert!(child.try_wait().unwrap().is_none(), "child ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    // Reading ignores the torn line: the recorded steps are the complete ones.
    let unfinished = journal.unfinished().unwrap();
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].id, id);
    assert_eq!(unfinished[0].steps.len(), 1);
    let e = verify_log(&journal.read().unwrap(), None).unwrap_err();
    assert_eq!(e.line, 3);
    // Resuming onto the torn line is refused until it is repaired.
    let mut op = journal.resume_operation(lock(&journal), &id, None).unwrap();
    let e = op.step("lease", StepStatus::Done, json!(null)).unwrap_err();
    assert!(matches!(e, JournalError::TornTail { line: 3, .. }), "{e}");
    drop(op);
    let guard = lock(&journal);
    journal.repair(&guard).unwrap().unwrap();
    assert_eq!(journal.read().unwrap(), before);
    drop(guard);

    let mut op = journal.resume_operation(lock(&journal), &id, None).unwrap();
    op.step("lease", StepStatus::Done, json!(null)).unwrap();
    op.finish(Ok(json!(null))).unwrap();
    assert_complete_lines(&journal);
    let report = verified(&journal);
    assert_eq!(report.receipts, 4);
    assert!(report.dangling_intents.is_empty());
}
