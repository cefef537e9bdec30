//! `vmc akash tx sign|encode|decode` from the built binary: offline signing reproduces the
//! official vector, round-trips through encode/decode, and bad input fails cleanly.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};
use tempfile::TempDir;

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const ADDR: &str = "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0";
const OTHER: &str = "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf";

fn vmc(home: &Path) -> Command {
    let mut c = common::vmc(home);
    c.env("VMC_DATA_DIR", home.join("vmcdata"));
    c
}

fn unsigned_send(memo: &str) -> Value {
    json!({
        "body": {"messages": [{"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": ADDR,
            "to_address": OTHER, "amount": [{"denom": "uakt", "amount": "1000000"}]}],
            "memo": memo, "timeout_height": "0"},
        "auth_info": {"signer_infos": [], "fee": {"amount": [{"denom": "uakt", "amount": "5000"}], "gas_limit": "200000"}},
        "signatures": []
    })
}

fn write(dir: &Path, name: &str, v: &Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

fn sign_args(file: &Path) -> Vec<String> {
    [
        "akash",
        "tx",
        "sign",
        file.to_str().unwrap(),
        "--offline",
        "--account-number",
        "42",
        "--sequence",
        "7",
        "--chain-id",
        "akashnet-2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The official bank-send vector, signed by the binary with the key from stdin.
#[test]
fn sign_reproduces_official_vector() {
    let Some(dir) = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR")) else {
        return;
    };
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("tx/tx-abandon-bank-send.json")).unwrap(),
    )
    .unwrap();
    let mut msg = v["messages"][0]["decoded_json"].clone();
    msg["@type"] = v["messages"][0]["type_url"].clone();
    let doc = json!({"body": {"messages": [msg], "memo": v["memo"]},
        "auth_info": {"fee": {"amount": v["fee"]["amount"], "gas_limit": v["fee"]["gas"]}}});
    let home = TempDir::new().unwrap();
    let f = write(home.path(), "tx.json", &doc);
    let out = vmc(home.path())
        .args(sign_args(&f))
        .args(["--encoding", "base64", "--mnemonic-stdin"])
        .write_stdin(format!("{}\n", v["signer"]["mnemonic"].as_str().unwrap()))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            v["tx_hash_hex_upper"].as_str().unwrap(),
        ))
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap().trim(),
        v["tx_raw_base64"].as_str().unwrap()
    );
}

#[test]
fn sign_encode_decode_round_trip() {
    let home = TempDir::new().unwrap();
    let f = write(home.path(), "tx.json", &unsigned_send("round trip"));
    let assert = vmc(home.path())
        .args(sign_args(&f))
        .env("AKASH_MNEMONIC", ABANDON)
        .assert()
        .success()
        .stderr(predicate::str::contains("leak to child processes"));
    let out = assert.get_output();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        !stdout.contains("abandon") && !stderr.contains("abandon"),
        "the mnemonic leaked"
    );
    let signed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        signed["body"]["messages"],
        unsigned_send("")["body"]["messages"]
    );
    assert_eq!(signed["auth_info"]["signer_infos"][0]["sequence"], "7");
    assert_eq!(signed["signatures"].as_array().unwrap().len(), 1);

    // encode the signed JSON → base64; decode → the same JSON; the signature verifies.
    let sf = write(home.path(), "signed.json", &signed);
    let b64 = String::from_utf8(
        vmc(home.path())
            .args(["akash", "tx", "encode", sf.to_str().unwrap()])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    let decoded = String::from_utf8(
        vmc(home.path())
            .args(["akash", "tx", "decode", b64.trim()])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert_eq!(serde_json::from_str::<Value>(&decoded).unwrap(), signed);
    let raw = vmc_akash::tx::from_base64(&b64).unwrap();
    let tx = vmc_akash::tx::DecodedTx::from_bytes(&raw).unwrap();
    tx.verify("akashnet-2", 42).unwrap();
    assert_eq!(tx.signer_addresses().unwrap(), vec![ADDR.to_string()]);
}

#[test]
fn bad_input_fails_cleanly() {
    let home = TempDir::new().unwrap();
    let f = write(home.path(), "tx.json", &unsigned_send(""));

    // No --offline: needs the network.
    vmc(home.path())
        .args([
            "akash",
            "tx",
            "sign",
            f.to_str().unwrap(),
            "--account-number",
            "1",
            "--sequence",
            "1",
        ])
        .env("AKASH_MNEMONIC", ABANDON)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("needs the network"));

    // A misspelled word is named by position, and the phrase is not echoed.
    let bad = ABANDON.replace("about", "abuot");
    vmc(home.path())
        .args(sign_args(&f))
        .arg("--mnemonic-stdin")
        .write_stdin(bad)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("word 12").and(predicate::str::contains("abuot").not()));

    // Wrong checksum.
    vmc(home.path())
        .args(sign_args(&f))
        .arg("--mnemonic-stdin")
        .write_stdin(ABANDON.replace("about", "abandon"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("checksum"));

    // Unknown @type is named.
    let mut doc = unsigned_send("");
    doc["body"]["messages"][0]["@type"] = json!("/akash.nope.v1.MsgNope");
    let g = write(home.path(), "bad.json", &doc);
    vmc(home.path())
        .args(sign_args(&g))
        .env("AKASH_MNEMONIC", ABANDON)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("/akash.nope.v1.MsgNope"));

    // Malformed amount.
    let mut doc = unsigned_send("");
    doc["body"]["messages"][0]["amount"][0]["amount"] = json!("1.5");
    let doc_fee = {
        let mut d = doc.clone();
        d["auth_info"]["fee"]["amount"][0]["amount"] = json!("lots");
        d
    };
    let g = write(home.path(), "bad-fee.json", &doc_fee);
    vmc(home.path())
        .args(sign_args(&g))
        .env("AKASH_MNEMONIC", ABANDON)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("auth_info.fee.amount[0]"));

    // Someone else's message.
    let mut doc = unsigned_send("");
    doc["body"]["messages"][0]["from_address"] = json!(OTHER);
    let g = write(home.path(), "other.json", &doc);
    vmc(home.path())
        .args(sign_args(&g))
        .env("AKASH_MNEMONIC", ABANDON)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("must be signed by"));

    // Not base64 / not a TxRaw.
    vmc(home.path())
        .args(["akash", "tx", "decode", "%%%"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
}
