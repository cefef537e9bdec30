//! Operations through the CLI: a log written before operations existed still verifies (same
//! hashes and root) and lists as intent/outcome pairs; operations with step records list with
//! their steps (table and `-o json`) and `show` names them; an operation started with
//! `mutation::begin`, dropped half-way (a crash) and continued with `mutation::resume` keeps one
//! id and a valid log.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clap::Parser;
use serde_json::{Value, json};
use tempfile::TempDir;
use vmc_cli::error::ErrorKind;
use vmc_cli::mutation::{self, MutationArgs, Plan};
use vmc_cli::output::{OutputFormat, Printer};
use vmc_cli::settings::Settings;
use vmc_cli::{Cli, Ctx};
use vmc_journal::{Holder, Journal, OperationStart};
use vmc_receipt::{Platform, StepStatus, Target, verify_log};

/// Written by vmc before operations existed (commit d9ff226): a note, a failed Hetzner create,
/// an Akash create, and an intent left without an outcome.
const LEGACY_LOG: &str = concat!(
    r#"{"action":"receipts.note","actor":"context:default","network":"local","phase":"intent","platform":"vmc","prev":"0000000000000000000000000000000000000000000000000000000000000000","reason":"testing","request":{"text":"rotated the cert by hand"},"response":null,"seq":1,"sha256":"5a7ceca610a82e5b78a71cc85227b512cc0c9fc630a7f6e1261675b03ffdb99c","target":"dseq-42","timestamp":"2026-01-01T00:00:00Z","vmc_version":"0.1.0"}"#,
    "\n",
    r#"{"action":"receipts.note","actor":"context:default","intent_seq":1,"network":"local","outcome":"success","phase":"outcome","platform":"vmc","prev":"5a7ceca610a82e5b78a71cc85227b512cc0c9fc630a7f6e1261675b03ffdb99c","reason":"testing","request":{"text":"rotated the cert by hand"},"response":null,"seq":2,"sha256":"67ed477a41a51df38c714571f64997ca53dad66c55b3ee1efc08030ccf998be2","target":"dseq-42","timestamp":"2026-01-01T00:00:01Z","vmc_version":"0.1.0"}"#,
    "\n",
    r#"{"action":"hetzner.server.create","actor":"context:default","network":"https://api.hetzner.cloud/v1","phase":"intent","platform":"hetzner","prev":"67ed477a41a51df38c714571f64997ca53dad66c55b3ee1efc08030ccf998be2","reason":"scale out","request":{"name":"web-1","token":"[redacted]","type":"cx22"},"response":null,"seq":3,"sha256":"0d69d9308dbc5bd7c6e0d1c735d54f30c5f95e04924c9f9f61e0548f0addbe6d","target":"","timestamp":"2026-01-01T00:01:00Z","vmc_version":"0.1.0"}"#,
    "\n",
    r#"{"action":"hetzner.server.create","actor":"context:default","error":"the host is on fire","intent_seq":3,"network":"https://api.hetzner.cloud/v1","outcome":"failure","phase":"outcome","platform":"hetzner","prev":"0d69d9308dbc5bd7c6e0d1c735d54f30c5f95e04924c9f9f61e0548f0addbe6d","reason":"scale out","request":{"name":"web-1","token":"[redacted]","type":"cx22"},"response":null,"seq":4,"sha256":"907f96ee19f025500e45aa67ebce4c3aced02072412fa852297eb755b12196d0","target":"","timestamp":"2026-01-01T00:01:30Z","vmc_version":"0.1.0"}"#,
    "\n",
    r#"{"action":"akash.deployment.create","actor":"akash1abc","network":"local","phase":"intent","platform":"akash","prev":"907f96ee19f025500e45aa67ebce4c3aced02072412fa852297eb755b12196d0","reason":"first deploy","request":{"count":3,"dseq":"18446744073709551615"},"response":null,"seq":5,"sha256":"39d36e9842e07ec95fe610acd3338df444525c640b75f67c5972815445666fd9","target":"","timestamp":"2026-01-01T00:02:00Z","vmc_version":"0.1.0"}"#,
    "\n",
    r#"{"action":"akash.deployment.create","actor":"akash1abc","intent_seq":5,"network":"local","outcome":"success","phase":"outcome","platform":"akash","prev":"39d36e9842e07ec95fe610acd3338df444525c640b75f67c5972815445666fd9","reason":"first deploy","request":{"count":3,"dseq":"18446744073709551615"},"response":{"dseq":"123","tx":"AB"},"seq":6,"sha256":"1d2ba0dace8e82255a1fd4dd42ca9e57d5bb0a8b10d1830c378c2e286160d829","target":"","timestamp":"2026-01-01T00:02:07Z","vmc_version":"0.1.0"}"#,
    "\n",
    r#"{"action":"receipts.note","actor":"context:default","network":"local","phase":"intent","platform":"vmc","prev":"1d2ba0dace8e82255a1fd4dd42ca9e57d5bb0a8b10d1830c378c2e286160d829","reason":"interrupted","request":{"text":"never finished"},"response":null,"seq":7,"sha256":"d6a29f0994ac7149d31a2239433d000fb42ce852f78237e07ee0dd29e65bd287","target":"","timestamp":"2026-01-01T00:03:00Z","vmc_version":"0.1.0"}"#,
    "\n",
);
const LEGACY_LAST_HASH: &str = "d6a29f0994ac7149d31a2239433d000fb42ce852f78237e07ee0dd29e65bd287";
const LEGACY_ROOT: &str = "5165476dbf2bb9f24b94abe4f788bcb8a7d54cd580a0117a4d3ec294773934ad";

const NOW: &str = "2026-01-02T00:00:00Z";

fn vmc(home: &Path) -> Command {
    let mut c = common::vmc(home);
    c.env("VMC_NOW", NOW);
    c
}

fn context_dir(home: &Path) -> PathBuf {
    home.join("data/vmc/contexts/default")
}

fn json_out(home: &Path, args: &[&str]) -> Value {
    let out = vmc(home).args(args).args(["-o", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn table_out(home: &Path, args: &[&str]) -> String {
    let out = vmc(home).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write_legacy(home: &Path) {
    std::fs::create_dir_all(context_dir(home)).unwrap();
    std::fs::write(context_dir(home).join("receipts.jsonl"), LEGACY_LOG).unwrap();
}

#[test]
fn an_old_log_verifies_and_lists_as_pairs() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    write_legacy(h);
    let report = json_out(h, &["receipts", "verify"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["receipts"], 7);
    assert_eq!(report["last_hash"], LEGACY_LAST_HASH);
    assert_eq!(report["merkle_root"], LEGACY_ROOT);
    assert_eq!(report["dangling_intents"], json!([7]));
    assert_eq!(table_out(h, &["receipts", "root"]).trim(), LEGACY_ROOT);
    let export = vmc(h).args(["receipts", "export"]).output().unwrap().stdout;
    assert_eq!(export, LEGACY_LOG.as_bytes());

    let ops = json_out(h, &["receipts", "list"]);
    let ids: Vec<&str> = ops
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["operation"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["seq-1", "seq-3", "seq-5", "seq-7"]);
    assert_eq!(ops[1]["outcome"]["error"], "the host is on fire");
    assert_eq!(ops[3]["outcome"], Value::Null);
    assert_eq!(ops[3]["steps"], json!([]));
    let unfinished = json_out(h, &["receipts", "list", "--unfinished"]);
    assert_eq!(unfinished.as_array().unwrap().len(), 1);
    assert_eq!(unfinished[0]["intent"]["seq"], 7);
    let table = table_out(h, &["receipts", "list"]);
    let last = table.lines().last().unwrap();
    assert!(
        last.contains("seq-7") && last.contains("unfinished"),
        "{table}"
    );
    assert!(table.contains("failure: the host is on fire"), "{table}");

    // New operations chain onto the old log; the old lines keep their bytes.
    vmc(h)
        .args([
            "receipts",
            "note",
            "after the upgrade",
            "--reason",
            "r",
            "--yes",
        ])
        .assert()
        .success();
    let log = std::fs::read(context_dir(h).join("receipts.jsonl")).unwrap();
    assert!(log.starts_with(LEGACY_LOG.as_bytes()));
    let report = json_out(h, &["receipts", "verify"]);
    assert_eq!(report["receipts"], 9);
    let ops = json_out(h, &["receipts", "list"]);
    assert!(ops[4]["operation"].as_str().unwrap().starts_with("op-"));
}

fn lock(journal: &Journal) -> vmc_journal::LockGuard {
    journal
        .lock(&Holder::current("test", NOW), None, |_| {})
        .unwrap()
}

fn start(action: &str) -> OperationStart {
    OperationStart {
        platform: Platform::Akash,
        network: "local".into(),
        actor: "akash1owner".into(),
        action: action.into(),
        target: Target::from(""),
        reason: "ship it".into(),
        request: json!({"sdl": "web.yaml"}),
        vmc_version: "0.1.0".into(),
    }
}

/// A finished deploy with four steps and a lease target, then an unfinished one.
fn write_operations(home: &Path) -> (String, String) {
    let journal = Journal::new(context_dir(home));
    let mut op = journal
        .begin_operation(lock(&journal), start("akash.deploy"), None)
        .unwrap();
    let done = op.id().to_string();
    op.step("create", StepStatus::Begin, json!(null)).unwrap();
    op.step("create", StepStatus::Done, json!({"dseq": "123"}))
        .unwrap();
    op.set_target(Target::fields([
        ("dseq", json!("123")),
        ("owner", json!("akash1owner")),
        ("provider", json!("akash1prov")),
    ]));
    op.step_failed("lease", "no bids yet".into(), json!(null))
        .unwrap();
    op.step("lease", StepStatus::Done, json!({"provider": "akash1prov"}))
        .unwrap();
    op.finish(Ok(json!({"dseq": "123"}))).unwrap();
    let mut op = journal
        .begin_operation(lock(&journal), start("akash.deploy"), None)
        .unwrap();
    let unfinished = op.id().to_string();
    op.step("create", StepStatus::Begin, json!(null)).unwrap();
    drop(op); // a crash
    (done, unfinished)
}

#[test]
fn operations_list_with_their_steps() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let (done, unfinished) = write_operations(h);

    let ops = json_out(h, &["receipts", "list"]);
    let ops = ops.as_array().unwrap();
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[0]["operation"], done.as_str());
    let steps = ops[0]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(
        steps[0]["step"],
        json!({"name": "create", "status": "begin"})
    );
    assert_eq!(steps[2]["error"], "no bids yet");
    assert_eq!(steps[3]["target"]["provider"], "akash1prov");
    assert_eq!(ops[0]["outcome"]["seq"], 6);
    assert_eq!(ops[1]["operation"], unfinished.as_str());
    assert_eq!(ops[1]["outcome"], Value::Null);

    let table = table_out(h, &["receipts", "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 1 + 2 + 4 + 1, "{table}");
    assert!(
        lines[1].contains(&done) && lines[1].contains("success"),
        "{table}"
    );
    assert!(
        lines[1].contains("dseq=123 owner=akash1owner provider=akash1prov"),
        "the latest target: {table}"
    );
    assert!(
        lines[2].contains("  step create") && lines[2].contains("begin"),
        "{table}"
    );
    assert!(lines[4].contains("failed: no bids yet"), "{table}");
    assert!(
        lines[6].contains(&unfinished) && lines[6].contains("unfinished"),
        "{table}"
    );
    assert!(lines[7].contains("step create"), "{table}");

    // Filters work on operations: a target field's value finds the operation.
    let count = |args: &[&str]| {
        let mut all = vec!["receipts", "list"];
        all.extend_from_slice(args);
        json_out(h, &all).as_array().unwrap().len()
    };
    assert_eq!(count(&["--target", "123"]), 1);
    assert_eq!(count(&["--target", "akash1prov"]), 1);
    assert_eq!(count(&["--action", "akash"]), 2);
    assert_eq!(count(&["--unfinished"]), 1);
    assert_eq!(count(&["--platform", "hetzner"]), 0);

    // `show` of an intent lists its steps.
    let shown = json_out(h, &["receipts", "show", "1"]);
    assert_eq!(shown["operation"], done.as_str());
    assert_eq!(shown["steps"].as_array().unwrap().len(), 4);
    let step = json_out(h, &["receipts", "show", "3"]);
    assert_eq!(step["phase"], "step");
    assert!(step.get("steps").is_none());
    let table = table_out(h, &["receipts", "show", "1"]);
    assert!(table.contains("2: create begin"), "{table}");
    assert!(table.contains("5: lease done"), "{table}");
    assert!(table.contains("6: success"), "{table}");
    let table = table_out(h, &["receipts", "show", "7"]);
    assert!(table.contains("unfinished"), "{table}");

    let out = vmc(h).args(["receipts", "verify"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("intent 7 has no outcome"), "{err}");
}

/// A `Ctx` as `vmc` would build it, on `home`'s data directory.
fn ctx(home: &Path) -> Ctx {
    let config = home.join("config/vmc/config.toml");
    let cli = Cli::try_parse_from([
        "vmc".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "receipts".as_ref(),
        "list".as_ref(),
    ])
    .unwrap();
    let mut settings = Settings::resolve(&cli.global).unwrap();
    settings.data_dir = home.join("data/vmc");
    Ctx {
        printer: Printer::new(OutputFormat::default(), true, 0, false),
        settings,
    }
}

fn yes(reason: Option<&str>) -> MutationArgs {
    MutationArgs {
        yes: true,
        reason: reason.map(str::to_string),
        lock_timeout: Some("10s".into()),
    }
}

#[test]
fn begin_into_operation_crash_and_resume() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let ctx = ctx(h);

    // A one-step mutation through Mutation::operation.
    let mut m = mutation::begin(
        &ctx,
        &yes(Some("note")),
        Plan::new(Platform::Vmc, "receipts.note", "x"),
    )
    .unwrap();
    m.operation()
        .step("write", StepStatus::Done, json!({}))
        .unwrap();
    let outcome = m.finish(Ok(json!(null))).unwrap();
    assert_eq!(outcome.seq, 3);

    // A workflow takes the operation, records a step, and "crashes".
    let mut plan = Plan::new(Platform::Akash, "akash.deploy", "");
    plan.request = json!({"sdl": "web.yaml"});
    let m = mutation::begin(&ctx, &yes(Some("first deploy")), plan).unwrap();
    let id = m.id().to_string();
    let mut op = m.into_operation();
    op.set_target(Target::fields([("dseq", json!("77"))]));
    op.step("create", StepStatus::Done, json!({"dseq": "77"}))
        .unwrap();
    drop(op);
    let listed = json_out(h, &["receipts", "list", "--unfinished"]);
    assert_eq!(listed[0]["operation"], id.as_str());

    // Resume needs no --reason: the original one stands.
    let mut op = mutation::resume(&ctx, &yes(None), &id, None).unwrap();
    assert_eq!(op.intent().reason, "first deploy");
    assert_eq!(op.last_done("create").unwrap().response["dseq"], "77");
    let s = op.step("lease", StepStatus::Done, json!({})).unwrap();
    assert_eq!(s.target.to_string(), "dseq=77");
    assert_eq!(s.reason, "first deploy");
    op.finish(Ok(json!({"dseq": "77"}))).unwrap();

    let log = std::fs::read(context_dir(h).join("receipts.jsonl")).unwrap();
    let report = verify_log(&log, None).unwrap();
    assert_eq!(report.receipts, 7);
    assert!(report.dangling_intents.is_empty());
    let ops = json_out(h, &["receipts", "list"]);
    assert_eq!(ops[1]["operation"], id.as_str());
    assert_eq!(ops[1]["steps"].as_array().unwrap().len(), 2);
    assert_eq!(ops[1]["outcome"]["target"], json!({"dseq": "77"}));

    // A finished operation is a conflict (exit 3), an unknown one is not found (exit 4).
    let e = mutation::resume(&ctx, &yes(None), &id, None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict, "{}", e.message);
    assert!(e.message.contains("is finished"), "{}", e.message);
    let e = mutation::resume(&ctx, &yes(None), "op-000000000000", None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{}", e.message);
    let e = mutation::resume(&ctx, &yes(None), "seq-1", None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{}", e.message);
}
