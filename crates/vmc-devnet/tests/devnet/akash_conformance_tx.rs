//! Every transaction of `<conformance>/tx/tx-*.json` (signed by the official JS SDK through
//! CosmJS) is accepted by the devnet once its signer is in genesis with account number 42,
//! sequence 7 and chain id `akashnet-2`; a copy with one flipped signature byte is refused with
//! the chain's signature error (code 4).

use crate::akash_support;

use std::path::PathBuf;

use akash_support::Net;
use serde_json::{Value, json};
use vmc_devnet::Genesis;
use vmc_devnet::state::UACT;
use vmc_devnet::tx::Msg;

const PROVIDER: &str = "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf";
const DSEQ: u64 = 19582634;

fn vectors() -> Option<Vec<(String, Value)>> {
    let dir = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR"))?.join("tx");
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("tx-") && name.ends_with(".json") {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            out.push((name, v));
        }
    }
    assert!(
        out.len() >= 18,
        "expected the 20 tx vectors, found {}",
        out.len()
    );
    Some(out)
}

/// Genesis: the vector's signer (42 / 7) and the provider the lease vectors name.
fn genesis(signer: &str, legacy_uakt: bool) -> Genesis {
    let mut params = json!(null);
    if legacy_uakt {
        let mut p = serde_json::to_value(vmc_devnet::state::Params::default()).unwrap();
        p["deployment_denoms"] = json!(["uact", "uakt"]);
        params = p;
    }
    Genesis::parse(
        &json!({
            "chain_id": "akashnet-2",
            "genesis_time": "2026-01-01T00:00:00Z",
            "params": params,
            "accounts": [{"address": signer, "account_number": 42, "sequence": 7,
                          "balances": {"uakt": "100000000000", "uact": "100000000000"}}],
            "providers": [{"name": "surround-1", "address": PROVIDER,
                           "attributes": [{"key": "host", "value": "akash"}]}]
        })
        .to_string(),
    )
    .unwrap()
}

/// The deployment `DSEQ` of the signer, made from the vector's own MsgCreateDeployment priced
/// in uact (v2.x) and without placement requirements, so that PROVIDER bids on it.
fn create_deployment(net: &Net, vectors: &[(String, Value)], key: &str) {
    let create = &vectors
        .iter()
        .find(|(n, _)| *n == format!("tx-{key}-create-deployment.json"))
        .expect("create-deployment vector")
        .1;
    let any = vmc_devnet::wire::Any {
        type_url: create["messages"][0]["type_url"].as_str().unwrap().into(),
        value: hex::decode(create["messages"][0]["value_hex"].as_str().unwrap()).unwrap(),
    };
    let Msg::CreateDeployment(mut m) = Msg::decode(&any).unwrap() else {
        panic!("not a create")
    };
    for g in &mut m.groups {
        g.requirements = None;
        for r in &mut g.resources {
            r.price.as_mut().unwrap().denom = UACT.into();
        }
    }
    let dep = m.deposit.as_mut().unwrap().amount.as_mut().unwrap();
    dep.denom = UACT.into();
    m.hash = vec![7u8; 32];
    net.running
        .devnet()
        .with_state_mut(|st| vmc_devnet::exec::execute(st, &Msg::CreateDeployment(m)))
        .expect("set-up deployment");
}

async fn setup(net: &Net, name: &str, vectors: &[(String, Value)], key: &str) {
    let needs_deployment = [
        "update-deployment",
        "close-deployment",
        "account-deposit",
        "create-lease",
        "multi-lease-and-cert",
    ]
    .iter()
    .any(|s| name.ends_with(&format!("-{s}.json")));
    if needs_deployment {
        create_deployment(net, vectors, key);
        // The provider bids in the next block.
        net.advance(1, 1.0).await;
        let bids = net
            .get_ok(&format!(
                "/akash/market/v1beta5/bids/list?filters.dseq={DSEQ}&filters.provider={PROVIDER}"
            ))
            .await;
        assert_eq!(bids["bids"].as_array().unwrap().len(), 1, "{bids}");
    }
}

async fn submit(net: &Net, tx: &[u8]) -> (Value, Option<Value>) {
    let res = net.broadcast(tx).await;
    if res["code"] != 0 {
        return (res, None);
    }
    net.advance(1, 1.0).await;
    let v = net
        .get_ok(&format!(
            "/cosmos/tx/v1beta1/txs/{}",
            res["txhash"].as_str().unwrap()
        ))
        .await;
    (res, Some(v["tx_response"].clone()))
}

#[tokio::test]
async fn official_sdk_transactions_are_accepted_and_tampered_ones_refused() {
    let Some(vectors) = vectors() else { return };
    let mut checked = 0;
    for (name, v) in &vectors {
        let signer = v["signer"]["address"].as_str().unwrap().to_string();
        let key = name
            .trim_start_matches("tx-")
            .split('-')
            .next()
            .unwrap()
            .to_string();
        let tx = hex::decode(v["tx_raw_hex"].as_str().unwrap()).unwrap();
        let is_create = name.contains("-create-deployment");
        // Pre-v2 rules for the uakt-priced create vectors (see the other test for v2 rules).
        let net = Net::start(genesis(&signer, is_create)).await;
        setup(&net, name, &vectors, &key).await;

        // The flipped copy first: with the right sequence, only the signature is wrong.
        let mut bad = tx.clone();
        let n = bad.len();
        bad[n - 1] ^= 0x01;
        let res = net.broadcast(&bad).await;
        assert_eq!(res["code"], 4, "{name}: flipped signature: {res}");
        assert_eq!(res["codespace"], "sdk");
        assert!(
            res["raw_log"].as_str().unwrap().starts_with(
                "signature verification failed; please verify account number (42), sequence (7) and chain-id (akashnet-2)"
            ),
            "{name}: {res}"
        );

        let (check, included) = submit(&net, &tx).await;
        assert_eq!(check["code"], 0, "{name}: CheckTx: {check}");
        assert_eq!(check["txhash"], v["tx_hash_hex_upper"], "{name}: tx hash");
        let included = included.unwrap();
        assert_eq!(included["code"], 0, "{name}: included: {included}");
        assert_eq!(
            net.account(&signer).await,
            (42, 8),
            "{name}: sequence bumped"
        );

        // The transaction JSON the chain serves names every message type.
        let got = net
            .get_ok(&format!(
                "/cosmos/tx/v1beta1/txs/{}",
                check["txhash"].as_str().unwrap()
            ))
            .await;
        let types: Vec<&str> = got["tx"]["body"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["@type"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = v["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["type_url"].as_str().unwrap())
            .collect();
        assert_eq!(types, want, "{name}");
        net.running.shutdown().await;
        checked += 1;
    }
    assert_eq!(checked, vectors.len());
}

/// Under v2.x rules the uakt-priced create vectors pass CheckTx (the signature and fee are
/// right) and fail in the block with the deployment module's deposit error.
#[tokio::test]
async fn uakt_deployments_fail_under_v2_rules() {
    let Some(vectors) = vectors() else { return };
    for (name, v) in vectors
        .iter()
        .filter(|(n, _)| n.contains("-create-deployment"))
    {
        let signer = v["signer"]["address"].as_str().unwrap();
        let net = Net::start(genesis(signer, false)).await;
        let tx = hex::decode(v["tx_raw_hex"].as_str().unwrap()).unwrap();
        let (check, included) = submit(&net, &tx).await;
        assert_eq!(check["code"], 0, "{name}: {check}");
        let included = included.unwrap();
        assert_eq!(included["codespace"], "deployment", "{name}: {included}");
        assert_eq!(included["code"], 20, "{name}: {included}");
        assert!(
            included["raw_log"].as_str().unwrap().contains("uact"),
            "{name}: {included}"
        );
        net.running.shutdown().await;
    }
}
