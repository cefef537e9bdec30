//! The receipt schema with operations: logs written before `operation`, `step` and structured
//! targets existed verify byte for byte with the same hashes; new logs (intent → steps → outcome)
//! verify; tampering with a step, or a step naming the wrong operation, is caught.

use serde_json::{Value, json};
use vmc_receipt::{
    Draft, GENESIS_PREV, Phase, Problem, Receipt, StepStatus, Target, parse_line, verify_log,
};

/// Written by vmc-receipt before operations existed (commit d9ff226): a note, a failed Hetzner
/// create (with a redacted token), an Akash create, and an intent left without an outcome.
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

/// The hashes of the seven lines above, and their RFC 6962 root, as computed back then.
const LEGACY_HASHES: [&str; 7] = [
    "5a7ceca610a82e5b78a71cc85227b512cc0c9fc630a7f6e1261675b03ffdb99c",
    "67ed477a41a51df38c714571f64997ca53dad66c55b3ee1efc08030ccf998be2",
    "0d69d9308dbc5bd7c6e0d1c735d54f30c5f95e04924c9f9f61e0548f0addbe6d",
    "907f96ee19f025500e45aa67ebce4c3aced02072412fa852297eb755b12196d0",
    "39d36e9842e07ec95fe610acd3338df444525c640b75f67c5972815445666fd9",
    "1d2ba0dace8e82255a1fd4dd42ca9e57d5bb0a8b10d1830c378c2e286160d829",
    "d6a29f0994ac7149d31a2239433d000fb42ce852f78237e07ee0dd29e65bd287",
];
const LEGACY_ROOT: &str = "5165476dbf2bb9f24b94abe4f788bcb8a7d54cd580a0117a4d3ec294773934ad";

#[test]
fn an_old_log_verifies_with_the_same_hashes_and_root() {
    let report = verify_log(LEGACY_LOG.as_bytes(), None).unwrap();
    assert_eq!(report.receipts, 7);
    let hashes: Vec<String> = report.hashes.iter().map(hex::encode).collect();
    assert_eq!(hashes, LEGACY_HASHES);
    assert_eq!(report.last_hash, LEGACY_HASHES[6]);
    assert_eq!(report.merkle_root_hex(), LEGACY_ROOT);
    assert_eq!(report.dangling_intents, vec![7]);
    // Every line parses into today's Receipt and serializes back to the same bytes.
    for line in LEGACY_LOG.lines() {
        let (r, digest) = parse_line(line.as_bytes()).unwrap();
        assert_eq!(r.to_line().unwrap(), line);
        assert_eq!(hex::encode(digest), r.sha256);
        assert!(matches!(r.target, Target::Text(_)));
        assert_eq!((r.operation.as_deref(), r.step.as_ref()), (None, None));
    }
}

fn seal(d: Draft, prev: &mut Vec<Receipt>) -> Receipt {
    let (seq, p) = prev.last().map_or((1, GENESIS_PREV.to_string()), |r| {
        (r.seq + 1, r.sha256.clone())
    });
    let r = d.seal(seq, &p, None).unwrap();
    prev.push(r.clone());
    r
}

fn intent(op: &str) -> Draft {
    let mut d = Draft::intent(
        "2026-01-01T00:00:00Z",
        vmc_receipt::Platform::Akash,
        "local",
        "akash1owner",
        "akash.deploy",
        "",
        "ship it",
        json!({"sdl_sha256": "ab"}),
        "0.1.0",
    );
    d.operation = Some(op.to_string());
    d
}

fn step(i: &Receipt, name: &str, status: StepStatus, data: Value) -> Draft {
    Draft::step_of(i, "2026-01-01T00:00:01Z", name, status, data, None)
}

fn to_log(rs: &[Receipt]) -> String {
    rs.iter().map(|r| r.to_line().unwrap() + "\n").collect()
}

/// intent → create begin/done → (lease target known) lease begin/done → outcome, with a legacy
/// pair before it.
fn operation_log() -> Vec<Receipt> {
    let mut rs = Vec::new();
    for l in LEGACY_LOG.lines().take(2) {
        rs.push(parse_line(l.as_bytes()).unwrap().0);
    }
    let i = seal(intent("op-0123456789ab"), &mut rs);
    seal(step(&i, "create", StepStatus::Begin, json!(null)), &mut rs);
    seal(
        step(
            &i,
            "create",
            StepStatus::Done,
            json!({"dseq": "123", "tx": "AB"}),
        ),
        &mut rs,
    );
    let lease = Target::fields([
        ("dseq", json!("123")),
        ("owner", json!("akash1owner")),
        ("provider", json!("akash1prov")),
    ]);
    let mut d = step(&i, "lease", StepStatus::Begin, json!(null));
    d.target = lease.clone();
    seal(d, &mut rs);
    let mut d = step(&i, "lease", StepStatus::Done, json!({"state": "active"}));
    d.target = lease.clone();
    seal(d, &mut rs);
    let mut d = Draft::outcome_of(&i, "2026-01-01T00:00:09Z", Ok(json!({"dseq": "123"})));
    d.target = lease;
    seal(d, &mut rs);
    rs
}

#[test]
fn a_new_log_with_intent_steps_and_outcome_verifies() {
    let rs = operation_log();
    let log = to_log(&rs);
    let report = verify_log(log.as_bytes(), None).unwrap();
    assert_eq!(report.receipts, 8);
    assert!(report.dangling_intents.is_empty());
    // The legacy pair at the start keeps its hashes.
    assert_eq!(hex::encode(report.hashes[1]), LEGACY_HASHES[1]);

    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[2]["operation"], "op-0123456789ab");
    assert!(lines[2].get("step").is_none());
    assert_eq!(lines[3]["phase"], "step");
    assert_eq!(
        lines[3]["step"],
        json!({"name": "create", "status": "begin"})
    );
    assert_eq!(lines[3]["intent_seq"], 3);
    assert_eq!(lines[3]["request"], Value::Null);
    assert_eq!(lines[4]["response"]["dseq"], "123");
    assert_eq!(
        lines[5]["target"],
        json!({"dseq": "123", "owner": "akash1owner", "provider": "akash1prov"})
    );
    assert_eq!(lines[7]["phase"], "outcome");
    assert_eq!(lines[7]["operation"], "op-0123456789ab");
    assert_eq!(
        rs[7].target.to_string(),
        "dseq=123 owner=akash1owner provider=akash1prov"
    );
    // Structured targets round-trip byte for byte too.
    for l in log.lines() {
        assert_eq!(parse_line(l.as_bytes()).unwrap().0.to_line().unwrap(), l);
    }

    // An unfinished operation is a dangling intent.
    let report = verify_log(to_log(&rs[..7]).as_bytes(), None).unwrap();
    assert_eq!(report.dangling_intents, vec![3]);
}

#[test]
fn tampering_with_a_step_is_detected() {
    let log = to_log(&operation_log());
    let start = log.lines().take(3).map(|l| l.len() + 1).sum::<usize>();
    let end = start + log.lines().nth(3).unwrap().len();
    let good = log.into_bytes();
    for pos in start..end {
        let mut bad = good.clone();
        bad[pos] ^= 0x01;
        let e = verify_log(&bad, None).expect_err(&format!("flip at {pos} unnoticed"));
        assert_eq!(e.line, 4, "flip at {pos}: {e}");
    }
    // Rewriting the step's status with a fresh hash still breaks the chain after it.
    let mut rs = operation_log();
    rs[4].step.as_mut().unwrap().status = StepStatus::Failed;
    rs[4].sha256 = hex::encode(rs[4].digest().unwrap());
    let e = verify_log(to_log(&rs).as_bytes(), None).unwrap_err();
    assert_eq!(e.line, 6);
    assert!(matches!(e.problem, Problem::BadPrev { .. }), "{e}");
}

#[test]
fn a_step_naming_the_wrong_operation_is_detected() {
    let mut rs = Vec::new();
    let a = seal(intent("op-aaaaaaaaaaaa"), &mut rs);
    let b = seal(intent("op-bbbbbbbbbbbb"), &mut rs);
    // A step of `a`'s intent that claims to belong to operation b.
    let mut d = step(&a, "create", StepStatus::Begin, json!(null));
    d.operation = b.operation.clone();
    seal(d, &mut rs);
    let e = verify_log(to_log(&rs).as_bytes(), None).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(
        e.to_string().contains(
            "intent 1 is operation `op-aaaaaaaaaaaa`, this step names operation `op-bbbbbbbbbbbb`"
        ),
        "{e}"
    );
    // An outcome without the operation of its intent.
    rs.truncate(2);
    let mut d = Draft::outcome_of(&b, "2026-01-01T00:00:02Z", Ok(json!(null)));
    d.operation = None;
    seal(d, &mut rs);
    let e = verify_log(to_log(&rs).as_bytes(), None).unwrap_err();
    assert!(
        e.to_string().contains("this outcome names no operation"),
        "{e}"
    );
    // A step pointing at a step, not an intent.
    rs.truncate(2);
    let s = seal(step(&b, "x", StepStatus::Begin, json!(null)), &mut rs);
    let mut d = step(&b, "y", StepStatus::Begin, json!(null));
    d.intent_seq = Some(s.seq);
    seal(d, &mut rs);
    let e = verify_log(to_log(&rs).as_bytes(), None).unwrap_err();
    assert_eq!(e.line, 4);
    assert!(e.to_string().contains("receipt 3 is not an intent"), "{e}");
}

#[test]
fn steps_after_the_outcome_and_reused_ids_are_refused() {
    let mut rs = Vec::new();
    let a = seal(intent("op-aaaaaaaaaaaa"), &mut rs);
    seal(
        Draft::outcome_of(&a, "2026-01-01T00:00:02Z", Ok(json!(null))),
        &mut rs,
    );
    seal(step(&a, "late", StepStatus::Done, json!(null)), &mut rs);
    let e = verify_log(to_log(&rs).as_bytes(), None).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(
        e.to_string()
            .contains("a step after the outcome of intent 1"),
        "{e}"
    );

    rs.truncate(2);
    seal(intent("op-aaaaaaaaaaaa"), &mut rs);
    let e = verify_log(to_log(&rs).as_bytes(), None).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.to_string().contains("already has an intent"), "{e}");
}

#[test]
fn consistency_rules_for_steps() {
    let mut rs = Vec::new();
    let i = seal(intent("op-aaaaaaaaaaaa"), &mut rs);
    let ok = step(&i, "create", StepStatus::Begin, json!(null));
    let seal2 = |d: Draft| {
        d.seal(2, &i.sha256, None)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert_eq!(seal2(ok.clone()), Ok(()));
    let mut d = ok.clone();
    d.operation = None;
    assert!(seal2(d).unwrap_err().contains("needs `operation`"));
    let mut d = ok.clone();
    d.step = None;
    assert!(seal2(d).unwrap_err().contains("needs `step`"));
    let mut d = ok.clone();
    d.intent_seq = None;
    assert!(seal2(d).unwrap_err().contains("needs `intent_seq`"));
    let mut d = ok.clone();
    d.intent_seq = Some(2);
    assert!(seal2(d).unwrap_err().contains("earlier receipt"));
    let mut d = ok.clone();
    d.outcome = Some(vmc_receipt::Outcome::Success);
    assert!(seal2(d).unwrap_err().contains("no `outcome`"));
    let mut d = ok.clone();
    d.error = Some("boom".into());
    assert!(seal2(d).unwrap_err().contains("only a failed step"));
    let d = Draft::step_of(
        &i,
        "t",
        "create",
        StepStatus::Failed,
        json!(null),
        Some("boom".into()),
    );
    assert_eq!(seal2(d), Ok(()));
    // Intents and outcomes carry no step.
    let mut d = intent("op-cccccccccccc");
    d.step = ok.step.clone();
    assert!(
        d.seal(1, GENESIS_PREV, None)
            .unwrap_err()
            .to_string()
            .contains("an intent has no")
    );
    let mut d = Draft::outcome_of(&i, "t", Ok(json!(null)));
    d.step = ok.step.clone();
    assert!(seal2(d).unwrap_err().contains("no `step`"));
    assert_eq!(ok.phase, Phase::Step);
}
