//! `vmc receipts list` fits the terminal: long outcomes, targets and reasons are cut with an
//! ellipsis in the table (to `COLUMNS`, the terminal's width, or a default when stdout is not a
//! terminal), and stay whole in `-o json` and `vmc receipts show`.

use crate::common;
use crate::servers_support;

use serde_json::json;
use servers_support::Env;

/// What the API said, as long as real refusals can be.
const LONG: &str = "invalid input in field 'user_data': cloud-init user data could not be \
                    parsed as YAML at line 12, column 7: mapping values are not allowed in this \
                    context; the offending key was 'write_files' under 'runcmd', which expects a \
                    list of commands, not a mapping of paths to contents";

fn list(env: &Env, columns: Option<&str>, args: &[&str]) -> String {
    let mut c = env.vmc();
    c.env_remove("COLUMNS");
    if let Some(n) = columns {
        c.env("COLUMNS", n);
    }
    let out = c.args(["receipts", "list"]).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn widest(table: &str) -> usize {
    table.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// A create the API refuses with a long message: a failed operation with a long outcome.
fn failed_create(env: &Env) {
    env.faults(&json!({"rules": [
        {"method": "POST", "path": "/servers", "times": 1, "fault": {"kind": "status",
         "code": "invalid_input", "message": LONG}},
    ]}));
    env.fails(
        &[
            "servers",
            "create",
            "--name",
            "web-1",
            "--type",
            "cx22",
            "--image",
            "debian-12",
            "--yes",
            "--reason",
            "scale out",
        ],
        2,
    );
}

#[test]
fn a_long_outcome_is_cut_to_80_columns_and_whole_elsewhere() {
    let env = Env::start();
    failed_create(&env);

    let table = list(&env, Some("80"), &[]);
    assert!(widest(&table) <= 80, "{table}");
    let row = table.lines().nth(1).unwrap();
    assert!(row.contains("hetzner.server.create"), "{table}");
    assert!(row.contains("web-1"), "{table}");
    assert!(
        row.contains("failure: invalid") && row.ends_with('…'),
        "{table}"
    );
    assert!(!table.contains("offending"), "{table}");

    // Whole in JSON and in `receipts show` (of the outcome, and of the intent).
    let ops = env.json(&["receipts", "list"]);
    let error = ops[0]["outcome"]["error"].as_str().unwrap();
    assert!(error.contains(LONG), "{error}");
    let outcome_seq = ops[0]["outcome"]["seq"].to_string();
    let intent_seq = ops[0]["intent"]["seq"].to_string();
    for seq in [&outcome_seq, &intent_seq] {
        let mut c = env.vmc();
        let shown = c
            .env("COLUMNS", "80")
            .args(["receipts", "show", seq])
            .output()
            .unwrap();
        let shown = String::from_utf8(shown.stdout).unwrap();
        assert!(shown.contains(LONG), "show {seq}: {shown}");
    }

    // The columns the user picks get the room; they are cut, never dropped.
    let picked = list(&env, Some("80"), &["-o", "columns=seq,action,outcome"]);
    assert!(widest(&picked) <= 80, "{picked}");
    let row = picked.lines().nth(1).unwrap();
    assert!(row.contains("failure: invalid input in field") && row.ends_with('…'));
    assert!(picked.starts_with("SEQ"), "{picked}");
}

#[test]
fn a_wide_terminal_shows_every_column_and_more_of_the_outcome() {
    let env = Env::start();
    failed_create(&env);
    let table = list(&env, Some("200"), &[]);
    assert!(widest(&table) <= 200, "{table}");
    let header = table.lines().next().unwrap();
    for h in [
        "SEQ",
        "OPERATION",
        "TIME",
        "PLATFORM",
        "ACTION",
        "TARGET",
        "OUTCOME",
        "REASON",
    ] {
        assert!(header.contains(h), "{h}: {table}");
    }
    let row = table.lines().nth(1).unwrap();
    assert!(row.contains("scale out"), "{table}");
    assert!(
        row.contains("could not be parsed") && row.contains('…'),
        "{table}"
    );
}

#[test]
fn without_a_terminal_a_default_width_applies() {
    let env = Env::start();
    failed_create(&env);
    // stdout is a pipe here and COLUMNS is unset.
    let table = list(&env, None, &[]);
    let w = widest(&table);
    assert!((100..=160).contains(&w), "{w}: {table}");
    assert!(
        table.contains('…') && !table.contains("offending"),
        "{table}"
    );
    // A bad COLUMNS is ignored, not an error.
    let table = list(&env, Some("wide"), &[]);
    assert_eq!(widest(&table), w, "{table}");
}

#[test]
fn long_targets_and_reasons_of_notes_are_cut_too() {
    let home = tempfile::TempDir::new().unwrap();
    let h = home.path();
    let target = format!("dseq={} owner=akash1{}", "9".repeat(20), "q".repeat(38));
    let reason = "rotated the provider certificate by hand after the incident of last week, \
                  as agreed with the provider's operators on the call";
    common::vmc(h)
        .args(["receipts", "note", "rotated the cert", "--target", &target])
        .args(["--reason", reason, "--yes"])
        .assert()
        .success();
    let out = common::vmc(h)
        .env("COLUMNS", "100")
        .args(["receipts", "list"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(widest(&table) <= 100, "{table}");
    assert!(
        !table.contains(&target) && !table.contains(reason),
        "{table}"
    );
    assert!(
        table.contains("dseq=9999") && table.contains("rotated the"),
        "{table}"
    );
    assert_eq!(table.matches('…').count(), 2, "{table}");
    // Short rows are untouched.
    let out = common::vmc(h)
        .env("COLUMNS", "400")
        .args(["receipts", "list"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains(&target) && table.contains(reason), "{table}");
    assert!(!table.contains('…'), "{table}");
}

#[test]
fn on_a_terminal_its_width_is_used() {
    // `script` gives vmc a terminal (a pty) 90 columns wide; COLUMNS is not set.
    if !servers_support::have("script") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs `script` (util-linux)"
        );
        return;
    }
    let home = tempfile::TempDir::new().unwrap();
    let h = home.path();
    let target = format!("dseq=1 owner=akash1{}", "q".repeat(38));
    common::vmc(h)
        .args(["receipts", "note", "n", "--target", &target])
        .args([
            "--reason",
            "a reason long enough to be cut on a narrow terminal",
            "--yes",
        ])
        .assert()
        .success();
    let vmc = env!("CARGO_BIN_EXE_vmc");
    let out = std::process::Command::new("script")
        .env_clear()
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join("config"))
        .env("XDG_DATA_HOME", h.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args([
            "-qec",
            &format!("stty cols 90 rows 40; exec {vmc} receipts list"),
        ])
        .arg("/dev/null")
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap().replace('\r', "");
    assert!(out.status.success(), "{table}");
    assert!(table.starts_with("SEQ"), "{table}");
    let w = widest(&table);
    assert!((81..=90).contains(&w), "{w}: {table}");
    assert!(table.contains('…') && !table.contains(&target), "{table}");
}
