//! `vmc receipts` and the mutation guard rails from the built binary: notes, list filters,
//! show, export → verify, root, tampering (flip a byte, delete a line, swap two lines), and the
//! refusals (no reason, no --yes off a terminal). Operations with steps and logs written before
//! operations existed: `receipts_operations`.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2026-01-01T00:00:00Z";

/// `vmc` with a hermetic environment rooted in `home` and a fixed clock.
fn vmc(home: &Path) -> Command {
    let mut c = common::vmc(home);
    c.env("VMC_NOW", NOW);
    c
}

fn log_path(home: &Path) -> PathBuf {
    home.join("data/vmc/contexts/default/receipts.jsonl")
}

fn note(home: &Path, text: &str, extra: &[&str]) {
    vmc(home)
        .args(["receipts", "note", text, "--reason", "testing", "--yes"])
        .args(extra)
        .assert()
        .success();
}

fn json_out(home: &Path, args: &[&str]) -> Value {
    let out = vmc(home).args(args).args(["-o", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `vmc receipts verify [FILE]`; returns (exit code, stderr).
fn verify(home: &Path, file: Option<&Path>) -> (i32, String) {
    let mut c = vmc(home);
    c.args(["receipts", "verify"]);
    if let Some(f) = file {
        c.arg(f);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_note_records_intent_and_outcome_that_list_show_and_verify_see() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    note(h, "rotated the cert by hand", &["--target", "dseq-42"]);
    note(h, "second", &[]);
    // One entry per operation: its intent, its steps (none for a note) and its outcome.
    let ops = json_out(h, &["receipts", "list"]);
    let ops = ops.as_array().unwrap();
    assert_eq!(ops.len(), 2);
    let id = ops[0]["operation"].as_str().unwrap();
    assert!(id.starts_with("op-") && id.len() == 15, "{id}");
    assert_ne!(ops[0]["operation"], ops[1]["operation"]);
    assert_eq!(ops[0]["steps"], Value::Array(vec![]));
    let i = &ops[0]["intent"];
    assert_eq!(i["seq"], 1);
    assert_eq!(i["phase"], "intent");
    assert_eq!(i["operation"], id);
    assert_eq!(i["action"], "receipts.note");
    assert_eq!(i["target"], "dseq-42");
    assert_eq!(i["reason"], "testing");
    assert_eq!(i["timestamp"], NOW);
    assert_eq!(i["actor"], "context:default");
    assert_eq!(i["request"]["text"], "rotated the cert by hand");
    let o = &ops[0]["outcome"];
    assert_eq!(o["phase"], "outcome");
    assert_eq!(o["outcome"], "success");
    assert_eq!(o["intent_seq"], 1);
    assert_eq!(o["operation"], id);
    assert_eq!(o["prev"], i["sha256"]);
    let rs: Vec<&Value> = ops
        .iter()
        .flat_map(|op| [&op["intent"], &op["outcome"]])
        .collect();

    // `show` of an intent adds its operation's steps; of an outcome it is the receipt as is.
    let mut shown = json_out(h, &["receipts", "show", "3"]);
    assert_eq!(shown["steps"], Value::Array(vec![]));
    shown.as_object_mut().unwrap().remove("steps");
    assert_eq!(&shown, rs[2]);
    assert_eq!(&json_out(h, &["receipts", "show", "4"]), rs[3]);
    vmc(h)
        .args(["receipts", "show", "5"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no receipt 5"));

    let report = json_out(h, &["receipts", "verify"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["receipts"], 4);
    assert_eq!(report["last_hash"], rs[3]["sha256"]);
    // The root printed on its own matches the verifier's.
    let root = vmc(h).args(["receipts", "root"]).output().unwrap();
    let root = String::from_utf8(root.stdout).unwrap();
    assert_eq!(root.trim(), report["merkle_root"].as_str().unwrap());
    assert_eq!(root.trim().len(), 64);

    // Table output has one row per operation (no steps here) plus the header.
    let table = vmc(h).args(["receipts", "list"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.contains(id) && table.contains("success"), "{table}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(log_path(h)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn list_filters() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    note(h, "a", &["--target", "web-1"]);
    note(h, "b", &["--target", "web-2"]);
    let count = |args: &[&str]| {
        let mut all = vec!["receipts", "list"];
        all.extend_from_slice(args);
        json_out(h, &all).as_array().unwrap().len()
    };
    // Counted in operations (each note is an intent and an outcome).
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--target", "web-2"]), 1);
    assert_eq!(count(&["--target", "web"]), 0);
    assert_eq!(count(&["--platform", "vmc"]), 2);
    assert_eq!(count(&["--platform", "akash"]), 0);
    assert_eq!(count(&["--action", "receipts"]), 2);
    assert_eq!(count(&["--action", "receipts.note"]), 2);
    assert_eq!(count(&["--action", "receipts.no"]), 0);
    assert_eq!(count(&["--since", "2026-01-01T00:00:00Z"]), 2);
    assert_eq!(count(&["--since", "2026-01-01T00:00:01Z"]), 0);
    assert_eq!(count(&["--since", "1h"]), 2);
    assert_eq!(count(&["--unfinished"]), 0);
    vmc(h)
        .args(["receipts", "list", "--since", "yesterday"])
        .assert()
        .code(2);
    vmc(h)
        .args(["receipts", "list", "--platform", "aws"])
        .assert()
        .code(2);
}

#[test]
fn guard_rails_refuse_without_reason_or_confirmation() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    vmc(h)
        .args(["receipts", "note", "x", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--reason is required"));
    vmc(h)
        .args(["receipts", "note", "x", "--yes", "--reason", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--reason is required"));
    // Not a terminal (assert_cmd pipes stdin/stderr): refused with the command to re-run.
    let out = vmc(h)
        .args(["receipts", "note", "it's done", "--reason", "why not"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to make this change without --yes"),
        "{err}"
    );
    assert!(
        err.contains("record the note: it's done"),
        "the plan is shown: {err}"
    );
    assert!(
        err.contains(r"receipts note 'it'\''s done' --reason 'why not' --yes"),
        "{err}"
    );
    vmc(h)
        .args([
            "receipts",
            "note",
            "x",
            "--yes",
            "--reason",
            "r",
            "--lock-timeout",
            "soon",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--lock-timeout `soon`"));
    assert!(!log_path(h).exists(), "nothing was recorded");
}

#[test]
fn export_round_trips_through_verify() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    note(h, "one", &[]);
    note(h, "two", &[]);
    let jsonl = vmc(h).args(["receipts", "export"]).output().unwrap().stdout;
    assert_eq!(jsonl, std::fs::read(log_path(h)).unwrap());
    let file = h.join("export.jsonl");
    std::fs::write(&file, &jsonl).unwrap();
    assert_eq!(verify(h, Some(&file)).0, 0);
    let arr = json_out(h, &["receipts", "export"]);
    assert_eq!(arr.as_array().unwrap().len(), 4);
    let jsonl2 = vmc(h)
        .args(["receipts", "export", "-o", "jsonl"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(jsonl2, jsonl);
    vmc(h)
        .args(["receipts", "verify", "/no/such/file"])
        .assert()
        .code(4);
}

fn line_of(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos].iter().filter(|b| **b == b'\n').count() + 1
}

#[test]
fn tampering_fails_verify_naming_the_line() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    for t in ["a", "b", "c"] {
        note(h, t, &[]);
    }
    let good = std::fs::read(log_path(h)).unwrap();
    let file = h.join("t.jsonl");
    // Flip one byte at a spread of positions (the library test flips every byte).
    for pos in (0..good.len()).step_by(good.len() / 23) {
        let mut bad = good.clone();
        bad[pos] ^= 0x01;
        std::fs::write(&file, &bad).unwrap();
        let (code, err) = verify(h, Some(&file));
        assert_eq!(code, 1, "flip at {pos} unnoticed");
        assert!(
            err.contains(&format!("line {}:", line_of(&good, pos))),
            "flip at {pos}: {err}"
        );
    }
    let lines: Vec<&[u8]> = good.split_inclusive(|b| *b == b'\n').collect();
    // Delete line 3.
    let deleted: Vec<u8> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .flat_map(|(_, l)| l.to_vec())
        .collect();
    std::fs::write(&file, deleted).unwrap();
    let (code, err) = verify(h, Some(&file));
    assert_eq!(code, 1);
    assert!(err.contains("line 3: seq is 4, expected 3"), "{err}");
    // Swap lines 2 and 5.
    let mut swapped = lines.clone();
    swapped.swap(1, 4);
    std::fs::write(&file, swapped.concat()).unwrap();
    let (code, err) = verify(h, Some(&file));
    assert_eq!(code, 1);
    assert!(err.contains("line 2: seq is 5, expected 2"), "{err}");
    // Edit a field of the real log: verify, root and appends all refuse.
    let edited =
        String::from_utf8(good.clone())
            .unwrap()
            .replacen("\"text\":\"b\"", "\"text\":\"B\"", 1);
    std::fs::write(log_path(h), edited).unwrap();
    let (code, err) = verify(h, None);
    assert_eq!(code, 1);
    assert!(err.contains("line 3: hash mismatch"), "{err}");
    vmc(h).args(["receipts", "root"]).assert().code(1);
    let out = vmc(h)
        .args(["-o", "json", "receipts", "verify"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["ok"].clone(), v["line"].clone()),
        (Value::Bool(false), 3.into())
    );
}
