//! Issue 15, point 8: a mutation appends only to a receipt log whose chain it has checked. After
//! a middle line is tampered with, `vmc receipts note` (and every other mutation) refuses with
//! the `vmc receipts verify` hint and leaves the file as it was.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

fn vmc(home: &Path) -> Command {
    let mut c = common::vmc(home);
    c.env("VMC_NOW", "2026-01-01T00:00:00Z");
    c
}

fn log_path(home: &Path) -> PathBuf {
    home.join("data/vmc/contexts/default/receipts.jsonl")
}

fn note(home: &Path, text: &str) -> std::process::Output {
    vmc(home)
        .args(["receipts", "note", text, "--yes", "--reason", "x"])
        .output()
        .unwrap()
}

/// Changes one letter of the note text in line `n` (same length; the line's hash no longer
/// matches its content).
fn tamper_line(path: &Path, n: usize) -> Vec<u8> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let line = &mut lines[n - 1];
    let at = line.find("\"text\":\"").unwrap() + 8;
    let flipped = (line.as_bytes()[at] ^ 0x20) as char;
    line.replace_range(at..at + 1, &flipped.to_string());
    let bytes = format!("{}\n", lines.join("\n")).into_bytes();
    std::fs::write(path, &bytes).unwrap();
    bytes
}

#[test]
fn a_note_refuses_a_log_tampered_in_the_middle() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    for text in ["first", "second", "third"] {
        let out = note(h, text);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Six lines (three intent/outcome pairs); line 3 is the second note's intent.
    let tampered = tamper_line(&log_path(h), 3);
    let out = note(h, "after the tamper");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("receipt chain is broken at line 3"),
        "{stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");
    assert!(stderr.contains("vmc receipts verify"), "{stderr}");
    assert!(stderr.contains("vmc receipts repair"), "{stderr}");
    assert_eq!(
        std::fs::read(log_path(h)).unwrap(),
        tampered,
        "the log is unchanged"
    );
    // `verify` names the same line.
    let out = vmc(h).args(["receipts", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
}

#[test]
fn a_note_refuses_a_log_tampered_before_any_sidecar_existed() {
    // A log written by an earlier vmc has no `receipts.jsonl.verified`: the whole log is checked.
    let home = TempDir::new().unwrap();
    let h = home.path();
    for text in ["first", "second"] {
        assert!(note(h, text).status.success());
    }
    let sidecar = log_path(h).with_file_name("receipts.jsonl.verified");
    let _ = std::fs::remove_file(&sidecar);
    let tampered = tamper_line(&log_path(h), 1);
    let out = note(h, "after");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("receipt chain is broken at line 1"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(log_path(h)).unwrap(), tampered);
    // An intact log without a sidecar is appended to, and gets one.
    std::fs::remove_file(log_path(h)).unwrap();
    assert!(note(h, "fresh").status.success());
    std::fs::remove_file(&sidecar).unwrap();
    assert!(note(h, "again").status.success());
    assert!(sidecar.exists());
}
