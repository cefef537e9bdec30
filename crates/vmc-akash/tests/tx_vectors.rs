//! Every `<conformance>/tx/tx-*.json` vector, byte for byte: messages built from `decoded_json`
//! through the JSON registry, then body, auth info, sign doc, signature, TxRaw and hash.

#![allow(clippy::print_stderr)] // pass counts are reported on stderr

use serde_json::Value;
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_akash::proto::cosmos::{Coin, Fee};
use vmc_akash::tx::{DecodedTx, Msg, SignerData, TxDraft};

fn vectors() -> Vec<(String, Value)> {
    let Some(dir) = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir.join("tx")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("tx-") && name.ends_with(".json") {
            out.push((
                name,
                serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap(),
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn s(v: &Value) -> &str {
    v.as_str().expect("string")
}

fn build(v: &Value) -> TxDraft {
    let messages = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let mut obj = m["decoded_json"].as_object().unwrap().clone();
            obj.insert("@type".into(), m["type_url"].clone());
            let msg = Msg::from_json(&Value::Object(obj), "msg").unwrap();
            assert_eq!(msg.type_url(), s(&m["type_url"]));
            assert_eq!(
                hex::encode(msg.to_any().value),
                s(&m["value_hex"]),
                "message bytes"
            );
            msg
        })
        .collect();
    let fee = Fee {
        amount: v["fee"]["amount"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| Coin {
                denom: s(&c["denom"]).into(),
                amount: s(&c["amount"]).into(),
            })
            .collect(),
        gas_limit: s(&v["fee"]["gas"]).parse().unwrap(),
        payer: String::new(),
        granter: String::new(),
    };
    TxDraft {
        messages,
        memo: s(&v["memo"]).into(),
        timeout_height: 0,
        fee,
    }
}

#[test]
fn every_tx_vector_byte_for_byte() {
    let vs = vectors();
    if vs.is_empty() {
        eprintln!("skip: no conformance vectors");
        return;
    }
    let mut passed = 0;
    let mut signers = std::collections::BTreeSet::new();
    for (name, v) in &vs {
        let m = Mnemonic::parse(s(&v["signer"]["mnemonic"])).unwrap();
        assert_eq!(s(&v["signer"]["hd_path"]), "m/44'/118'/0'/0/0");
        let key = SigningKey::from_mnemonic(&m, 0).unwrap();
        assert_eq!(key.address(), s(&v["signer"]["address"]), "{name}");
        assert_eq!(
            hex::encode(key.public_key_compressed()),
            s(&v["signer"]["pubkey_compressed_hex"])
        );
        signers.insert(key.address());

        let draft = build(v);
        let signer = SignerData {
            chain_id: s(&v["chain_id"]).into(),
            account_number: v["account_number"].as_u64().unwrap(),
            sequence: v["sequence"].as_u64().unwrap(),
        };
        let signed = draft.sign(&key, &signer).unwrap();
        assert_eq!(
            hex::encode(&signed.body_bytes),
            s(&v["body_bytes_hex"]),
            "{name}: body"
        );
        assert_eq!(
            hex::encode(&signed.auth_info_bytes),
            s(&v["auth_info_bytes_hex"]),
            "{name}: auth info"
        );
        assert_eq!(
            hex::encode(&signed.sign_doc_bytes),
            s(&v["sign_doc_bytes_hex"]),
            "{name}: sign doc"
        );
        assert_eq!(
            hex::encode(signed.signature),
            s(&v["signature_hex"]),
            "{name}: signature"
        );
        assert_eq!(
            hex::encode(&signed.tx_raw),
            s(&v["tx_raw_hex"]),
            "{name}: tx raw"
        );
        assert_eq!(signed.hash(), s(&v["tx_hash_hex_upper"]), "{name}: hash");

        // Decode the official TxRaw, verify it, and round-trip it through JSON.
        let raw = hex::decode(s(&v["tx_raw_hex"])).unwrap();
        let decoded = DecodedTx::from_bytes(&raw).unwrap();
        decoded
            .verify(&signer.chain_id, signer.account_number)
            .unwrap();
        assert!(
            decoded
                .verify(&signer.chain_id, signer.account_number + 1)
                .is_err()
        );
        assert_eq!(decoded.signer_addresses().unwrap(), vec![key.address()]);
        assert_eq!(decoded.messages, draft.messages);
        let again = TxDraft::from_json(&decoded.to_json()).unwrap();
        assert_eq!(again, draft, "{name}: JSON round trip");
        assert_eq!(again.sign(&key, &signer).unwrap().tx_raw, raw);
        assert_eq!(
            vmc_akash::tx::tx_raw_from_json(&decoded.to_json()).unwrap(),
            raw,
            "{name}: encode"
        );
        passed += 1;
    }
    assert_eq!(signers.len(), 2, "both mnemonics covered");
    eprintln!("tx vectors: {passed}/{} passed", vs.len());
    assert_eq!(passed, vs.len());
}
