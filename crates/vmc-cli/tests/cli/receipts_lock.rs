//! The mutation lock and crash safety from the built binary: 16 processes at once, a busy lock
//! (fail at once naming the holder, or wait with --lock-timeout), a holder killed with SIGKILL in
//! the middle of an append (torn tail → verify names it → repair cuts only it → nothing lost).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;
use vmc_journal::{APPEND_PAUSE_ENV, Holder, Journal};

const NOW: &str = "2026-01-01T00:00:00Z";

/// `vmc` (std `Command`, so it can be spawned in parallel) with a hermetic environment.
fn vmc(home: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("vmc"));
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("VMC_NOW", NOW)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null());
    c
}

fn ctx_dir(home: &Path) -> PathBuf {
    home.join("data/vmc/contexts/default")
}

fn note_cmd(home: &Path, text: &str, reason: &str) -> Command {
    let mut c = vmc(home);
    c.args(["receipts", "note", text, "--reason", reason, "--yes"]);
    c
}

fn run(mut c: Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(home: &Path, args: &[&str]) -> Value {
    let mut c = vmc(home);
    c.args(args).args(["-o", "json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

/// The texts of all notes, in log order, after checking the whole log verifies and every
/// outcome directly follows its intent.
fn notes(home: &Path) -> Vec<String> {
    let report = json(home, &["receipts", "verify"]);
    assert_eq!(report["ok"], true);
    assert!(report["dangling_intents"].as_array().unwrap().is_empty());
    let ops = json(home, &["receipts", "list"]);
    let ops = ops.as_array().unwrap();
    let mut texts = Vec::new();
    for op in ops {
        let (intent, outcome) = (&op["intent"], &op["outcome"]);
        assert_eq!(intent["phase"], "intent");
        assert_eq!(outcome["intent_seq"], intent["seq"]);
        assert_eq!(outcome["seq"], intent["seq"].as_u64().unwrap() + 1);
        assert_eq!(outcome["operation"], op["operation"]);
        if intent["action"] == "receipts.note" {
            texts.push(intent["request"]["text"].as_str().unwrap().to_string());
        }
    }
    texts
}

#[test]
fn sixteen_processes_at_once_all_recorded_in_one_valid_chain() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let children: Vec<Child> = (0..16)
        .map(|i| {
            let mut c = note_cmd(h, &format!("p{i}"), "parallel");
            c.args(["--lock-timeout", "10m"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            c.spawn().unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut got = notes(h);
    got.sort();
    let mut want: Vec<String> = (0..16).map(|i| format!("p{i}")).collect();
    want.sort();
    assert_eq!(got, want);
    let bytes = std::fs::read(ctx_dir(h).join("receipts.jsonl")).unwrap();
    assert_eq!(bytes.iter().filter(|b| **b == b'\n').count(), 32);
    assert_eq!(bytes.last(), Some(&b'\n'));
}

#[test]
fn a_busy_lock_fails_at_once_naming_the_holder() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let journal = Journal::new(ctx_dir(h));
    let holder = Holder::current("maintenance window", "2026-01-01T00:00:00Z");
    let guard = journal.lock(&holder, None, |_| {}).unwrap();

    let (code, _, err) = run(note_cmd(h, "blocked", "second"));
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!("pid {}", std::process::id())),
        "{err}"
    );
    assert!(err.contains(&format!("on {}", holder.host)), "{err}");
    assert!(err.contains("reason: maintenance window"), "{err}");
    assert!(err.contains("since 2026-01-01T00:00:00Z"), "{err}");
    assert!(err.contains(&holder.command), "{err}");
    assert!(
        err.contains("--lock-timeout"),
        "the hint says how to wait: {err}"
    );

    let st = json(h, &["lock", "status"]);
    assert_eq!(st["state"], "held");
    assert_eq!(st["holder"]["pid"], std::process::id());
    assert_eq!(st["holder"]["reason"], "maintenance window");
    drop(guard);
    assert_eq!(json(h, &["lock", "status"])["state"], "free");
    assert!(
        !journal.log_path().exists(),
        "the refused mutation recorded nothing"
    );
}

#[test]
fn lock_timeout_waits_for_the_holder() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let journal = Journal::new(ctx_dir(h));
    let guard = journal
        .lock(&Holder::current("first", NOW), None, |_| {})
        .unwrap();
    let mut c = note_cmd(h, "patient", "second");
    c.args(["--lock-timeout", "10m"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    // Wait until the child says it is waiting for us, then release.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.contains("waiting up to 10m for the mutation lock"),
        "{line}"
    );
    assert!(line.contains("reason: first"), "{line}");
    drop(guard);
    assert!(child.wait().unwrap().success());
    assert_eq!(notes(h), vec!["patient".to_string()]);
}

#[test]
fn lock_timeout_from_the_environment_expires() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let journal = Journal::new(ctx_dir(h));
    let _guard = journal
        .lock(&Holder::current("long job", NOW), None, |_| {})
        .unwrap();
    let mut c = note_cmd(h, "gives up", "second");
    c.env("VMC_LOCK_TIMEOUT", "200ms");
    let (code, _, err) = run(c);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("waiting up to 200ms"), "{err}");
    assert!(err.contains("reason: long job"), "{err}");
}

#[test]
fn sigkill_mid_append_then_verify_repair_and_nothing_lost() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    for t in ["before-1", "before-2"] {
        assert_eq!(run(note_cmd(h, t, "setup")).0, 0);
    }
    let log = ctx_dir(h).join("receipts.jsonl");
    let before = std::fs::read(&log).unwrap();

    let mut c = note_cmd(h, "doomed", "crash test");
    c.env(APPEND_PAUSE_ENV, "600000")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = c.spawn().unwrap();
    let journal = Journal::new(ctx_dir(h));
    // The child writes half its intent line, then sleeps: wait for that state.
    while journal.torn_tail().unwrap().is_none() {
        assert!(child.try_wait().unwrap().is_none(), "the child ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    let st = json(h, &["lock", "status"]);
    assert_eq!(st["state"], "held");
    assert_eq!(st["holder"]["pid"], child.id());
    assert_eq!(st["holder"]["reason"], "crash test");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // The kernel released the dead holder's lock.
    let st = json(h, &["lock", "status"]);
    assert_eq!(st["state"], "free");
    assert_eq!(st["stale_holder"]["reason"], "crash test");

    let mut c = vmc(h);
    c.args(["receipts", "verify"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 1);
    assert!(err.contains("line 5: torn final line"), "{err}");
    assert!(err.contains("vmc receipts repair"), "{err}");
    // Other mutations refuse to chain onto a torn line.
    let (code, _, err) = run(note_cmd(h, "too early", "x"));
    assert_eq!(code, 1);
    assert!(err.contains("torn line 5"), "{err}");

    let mut c = vmc(h);
    c.args([
        "receipts",
        "repair",
        "--reason",
        "crash test cleanup",
        "--yes",
    ]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read(&log).unwrap();
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "nothing before the tear changed"
    );

    let ops = json(h, &["receipts", "list", "--action", "receipts.repair"]);
    let ops = ops.as_array().unwrap();
    assert_eq!(ops.len(), 1);
    let (intent, outcome) = (&ops[0]["intent"], &ops[0]["outcome"]);
    assert_eq!(intent["seq"], 5);
    assert_eq!(intent["request"]["torn_line"], 5);
    assert!(
        intent["request"]["removed_text"]
            .as_str()
            .unwrap()
            .starts_with("{\"action\":\"receipts.note\""),
        "{intent}"
    );
    assert_eq!(outcome["outcome"], "success");
    // A second repair has nothing to do and records nothing.
    let mut c = vmc(h);
    c.args(["receipts", "repair", "--reason", "again", "--yes"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0);
    assert!(err.contains("nothing to repair"), "{err}");

    assert_eq!(run(note_cmd(h, "after", "x")).0, 0);
    assert_eq!(notes(h), vec!["before-1", "before-2", "after"]);
}
