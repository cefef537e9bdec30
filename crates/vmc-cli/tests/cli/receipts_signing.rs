//! Receipts signed with an Akash wallet key (secp256k1) verify against the actor's address, and
//! `vmc receipts verify FILE` checks them.

use crate::common;

use common::vmc;

use serde_json::{Value, json};
use tempfile::TempDir;
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_cli::mutation::{AkashReceiptSigner, AkashSignatureVerifier};
use vmc_receipt::{Draft, GENESIS_PREV, Platform, Problem, ReceiptSigner, verify_log};

const MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn key(index: u32) -> SigningKey {
    SigningKey::from_mnemonic(&Mnemonic::parse(MNEMONIC).unwrap(), index).unwrap()
}

/// An intent and its outcome by `actor`, signed by `signer`.
fn signed_log(actor: &str, signer: &dyn ReceiptSigner) -> String {
    let intent = Draft::intent(
        "2026-01-01T00:00:00Z",
        Platform::Akash,
        "local",
        actor,
        "akash.deployment.close",
        "42",
        "done with it",
        json!({"dseq": "42"}),
        "0.1.0",
    )
    .seal(1, GENESIS_PREV, Some(signer))
    .unwrap();
    let outcome = Draft::outcome_of(&intent, "2026-01-01T00:00:06Z", Ok(json!({"tx": "AB"})))
        .seal(2, &intent.sha256, Some(signer))
        .unwrap();
    format!(
        "{}\n{}\n",
        intent.to_line().unwrap(),
        outcome.to_line().unwrap()
    )
}

#[test]
fn signed_receipts_verify_against_the_actor_address() {
    let k = key(0);
    let addr = k.address();
    let log = signed_log(&addr, &AkashReceiptSigner(k.clone()));
    let r = verify_log(log.as_bytes(), Some(&AkashSignatureVerifier)).unwrap();
    assert_eq!(r.signatures_checked, 2);
    let first: Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!(first["signer"]["scheme"], "secp256k1");
    assert_eq!(
        first["signer"]["pubkey"],
        hex_lower(&k.public_key_compressed())
    );
    assert_eq!(first["signature"].as_str().unwrap().len(), 128);

    let home = TempDir::new().unwrap();
    let file = home.path().join("signed.jsonl");
    std::fs::write(&file, &log).unwrap();
    let out = vmc(home.path())
        .args(["receipts", "verify", "-o", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["signatures_checked"], 2);
}

#[test]
fn a_key_that_is_not_the_actors_fails() {
    // Signed by key 1 while claiming to be key 0's address.
    let log = signed_log(&key(0).address(), &AkashReceiptSigner(key(1)));
    let err = verify_log(log.as_bytes(), Some(&AkashSignatureVerifier)).unwrap_err();
    assert_eq!(err.line, 1);
    assert!(matches!(err.problem, Problem::BadSignature(_)), "{err}");

    let home = TempDir::new().unwrap();
    let file = home.path().join("forged.jsonl");
    std::fs::write(&file, &log).unwrap();
    let out = vmc(home.path())
        .args(["receipts", "verify"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1: bad signature"), "{err}");
}

#[test]
fn a_signature_over_another_digest_fails() {
    let k = key(0);
    let log = signed_log(&k.address(), &AkashReceiptSigner(k.clone()));
    let mut lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Put the first receipt's (valid) signature on the second.
    lines[1]["signature"] = lines[0]["signature"].clone();
    let text: String = lines
        .iter()
        .map(|v| String::from_utf8(vmc_receipt::canonical_bytes(v).unwrap()).unwrap() + "\n")
        .collect();
    let err = verify_log(text.as_bytes(), Some(&AkashSignatureVerifier)).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(matches!(err.problem, Problem::BadSignature(_)), "{err}");
}

fn hex_lower(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
