//! Known-answer tests. The expected bytes and hashes were computed independently with Python:
//! `json.dumps(record, sort_keys=True, separators=(',', ':'), ensure_ascii=False)` (equal to
//! RFC 8785 for records with ASCII keys and integer numbers) and `hashlib.sha256`, and the Merkle
//! roots with a 10-line RFC 6962 implementation over `sha256(str(i))` leaves.

use serde_json::json;
use vmc_receipt::{Draft, GENESIS_PREV, Platform, merkle_root, sha256, verify_log};

fn intent() -> Draft {
    Draft::intent(
        "2026-01-01T00:00:00Z",
        Platform::Akash,
        "local",
        "akash1abc",
        "akash.deployment.create",
        "",
        "first deploy",
        json!({
            "name": "web-1",
            "count": 3,
            "labels": {"b": "2", "a": "1"},
            "note": "café €",
            "dseq": "18446744073709551615"
        }),
        "0.1.0",
    )
}

const INTENT_HASHED: &str = r#"{"action":"akash.deployment.create","actor":"akash1abc","network":"local","phase":"intent","platform":"akash","prev":"0000000000000000000000000000000000000000000000000000000000000000","reason":"first deploy","request":{"count":3,"dseq":"18446744073709551615","labels":{"a":"1","b":"2"},"name":"web-1","note":"café €"},"response":null,"seq":1,"target":"","timestamp":"2026-01-01T00:00:00Z","vmc_version":"0.1.0"}"#;
const INTENT_SHA256: &str = "b48cef53ee2041636ad506aa974efdae605fa9d3ae187fcffa78d55da56a56c0";
const INTENT_LINE: &str = r#"{"action":"akash.deployment.create","actor":"akash1abc","network":"local","phase":"intent","platform":"akash","prev":"0000000000000000000000000000000000000000000000000000000000000000","reason":"first deploy","request":{"count":3,"dseq":"18446744073709551615","labels":{"a":"1","b":"2"},"name":"web-1","note":"café €"},"response":null,"seq":1,"sha256":"b48cef53ee2041636ad506aa974efdae605fa9d3ae187fcffa78d55da56a56c0","target":"","timestamp":"2026-01-01T00:00:00Z","vmc_version":"0.1.0"}"#;
const OUTCOME_SHA256: &str = "24513f58602d167a618d620e96e22f14ce87cb578e615a18e7f99687ef08b59e";

#[test]
fn intent_canonical_form_and_hash() {
    let r = intent().seal(1, GENESIS_PREV, None).unwrap();
    assert_eq!(
        String::from_utf8(r.hashed_bytes().unwrap()).unwrap(),
        INTENT_HASHED
    );
    assert_eq!(r.sha256, INTENT_SHA256);
    assert_eq!(r.to_line().unwrap(), INTENT_LINE);
}

#[test]
fn failed_outcome_hash() {
    let i = intent().seal(1, GENESIS_PREV, None).unwrap();
    let o = Draft::outcome_of(&i, "2026-01-01T00:00:07Z", Err("provider refused".into()))
        .seal(2, &i.sha256, None)
        .unwrap();
    assert_eq!(o.prev, INTENT_SHA256);
    assert_eq!(o.sha256, OUTCOME_SHA256);
    let log = format!("{}\n{}\n", i.to_line().unwrap(), o.to_line().unwrap());
    let report = verify_log(log.as_bytes(), None).unwrap();
    assert_eq!(report.receipts, 2);
    assert_eq!(report.last_hash, OUTCOME_SHA256);
    assert!(report.dangling_intents.is_empty());
}

#[test]
fn merkle_roots_match_rfc6962_reference() {
    let leaves: Vec<[u8; 32]> = (0..7).map(|i| sha256(i.to_string().as_bytes())).collect();
    let expected = [
        (
            0,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            1,
            "13a77175e35eb1d9da91ee14df0d7772cea71289800206e2b45c882ecb06efbf",
        ),
        (
            2,
            "bbb441530bdded54e6e2bfcdc829819ff39b30768eb9f023071dffc16b410f10",
        ),
        (
            3,
            "8be871f13785b4c81a1700459c76ac2b3ae2caebb7876c376e223c6adff98c47",
        ),
        (
            5,
            "4e23fb40d8876f1299cca9b3c28432a01b11d1a20126606914612892ff2e09a7",
        ),
        (
            7,
            "5653c4ab2514ccd6ea4f0159702d2aba901f2562aa75abcff5a19e344bee038f",
        ),
    ];
    for (n, root) in expected {
        assert_eq!(hex::encode(merkle_root(&leaves[..n])), root, "{n} leaves");
    }
}

#[test]
fn refuses_big_integers_and_floats() {
    let mut d = intent();
    d.request = json!({"amount": 9007199254740993u64});
    let e = d.clone().seal(1, GENESIS_PREV, None).unwrap_err();
    assert!(e.to_string().contains("$.request.amount"), "{e}");
    d.request = json!({"price": 0.5});
    assert!(d.seal(1, GENESIS_PREV, None).is_err());
}

#[test]
fn refuses_empty_reason() {
    let mut d = intent();
    d.reason = "  ".into();
    assert_eq!(
        d.seal(1, GENESIS_PREV, None).unwrap_err().to_string(),
        "receipt field `reason` must not be empty"
    );
}
