//! `vmc akash close|deposit|mint-act|lease close|manifest get/send|cert create/revoke` against
//! the embedded devnet, from the built binary. Expected values come from the devnet (its REST
//! answers and its state), not from vmc's code. Blocks: a background thread produces one whenever
//! a transaction waits in the mempool (so the height moves only with vmc's own transactions), or
//! one every 100 ms while a command waits for an epoch.

use crate::akash_support;
use crate::assert_snap;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use akash_support::{Env, WEB_SDL, dev_key, fails, ok};
use serde_json::Value;
use vmc_cli::commands::akash::cert::{CertCreateOut, CertRevokeOut};
use vmc_cli::commands::akash::close::CloseOut;
use vmc_cli::commands::akash::deposit::DepositOut;
use vmc_cli::commands::akash::lease::LeaseCloseOut;
use vmc_cli::commands::akash::manifest::{LeaseManifest, ManifestSendOut};
use vmc_cli::commands::akash::mint_act::MintOut;
use vmc_cli::commands::akash::status::StatusView;

/// Produces blocks in the background until dropped.
struct Blocks {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Blocks {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn blocks(env: &Env, always: bool) -> Blocks {
    let devnet = env.devnet();
    let stop = Arc::new(AtomicBool::new(false));
    let s = stop.clone();
    let thread = std::thread::spawn(move || {
        while !s.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(if always { 100 } else { 20 }));
            if always || devnet.with_state(|st| !st.mempool.is_empty()) {
                devnet.advance_secs(1);
            }
        }
    });
    Blocks {
        stop,
        thread: Some(thread),
    }
}

/// A block whenever a transaction waits.
fn blocks_on_tx(env: &Env) -> Blocks {
    blocks(env, false)
}

fn get(env: &Env, path: &str) -> Value {
    env.rt.block_on(async {
        reqwest::get(format!("{}{path}", env.base))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

fn deployment(env: &Env, owner: &str, dseq: u64) -> Value {
    get(
        env,
        &format!("/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq={dseq}"),
    )
}

/// The escrow account's funds in uact, as the devnet reports them (a decimal string).
fn escrow_funds(env: &Env, owner: &str, dseq: u64) -> String {
    let d = deployment(env, owner, dseq);
    d["escrow_account"]["state"]["funds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["denom"] == "uact")
        .map(|f| f["amount"].as_str().unwrap().to_string())
        .unwrap_or_else(|| "0".into())
}

/// A decimal string (`"700.000000000000000000"`) as LegacyDec atomics (× 10^18).
fn atomics(dec: &str) -> u128 {
    let (int, frac) = dec.split_once('.').unwrap_or((dec, ""));
    let frac = format!("{frac:0<18}");
    int.parse::<u128>().unwrap() * vmc_devnet::dec::SCALE + frac[..18].parse::<u128>().unwrap()
}

/// The integer part of a decimal string.
fn whole(dec: &str) -> u128 {
    dec.split('.').next().unwrap().parse().unwrap()
}

fn balance(env: &Env, addr: &str, denom: &str) -> u128 {
    let v = get(env, &format!("/cosmos/bank/v1beta1/balances/{addr}"));
    v["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["denom"] == denom)
        .map(|c| c["amount"].as_str().unwrap().parse().unwrap())
        .unwrap_or(0)
}

/// The transaction hash in a table's `tx` row.
fn tx_of_table(table: &str) -> String {
    table
        .lines()
        .find_map(|l| l.strip_prefix("tx"))
        .map(|h| h.trim().to_string())
        .expect("a tx row")
}

fn height(env: &Env) -> u64 {
    env.devnet().height()
}

/// The operations of `action` in the context's receipt log (`vmc receipts list`).
fn operations(env: &Env, action: &str) -> Vec<Value> {
    let json = ok(env
        .vmc()
        .args(["receipts", "list", "--action", action, "-o", "json"]));
    serde_json::from_str(&json).unwrap()
}

/// `vmc receipts verify` accepts the log, signatures included.
fn receipts_verify(env: &Env) {
    let json = ok(env.vmc().args(["receipts", "verify", "-o", "json"]));
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["ok"], true, "{json}");
    assert!(v["signatures_checked"].as_u64().unwrap() > 0, "{json}");
}

/// The one finished, successful operation of `action`, with its target checked.
fn one_success(env: &Env, action: &str, owner: &str, dseq: Option<&str>) -> Value {
    let ops = operations(env, action);
    assert_eq!(ops.len(), 1, "{ops:#?}");
    let op = ops[0].clone();
    let intent = &op["intent"];
    assert_eq!(intent["platform"], "akash");
    assert_eq!(intent["actor"], owner);
    assert_eq!(intent["target"]["owner"], owner, "{intent}");
    if let Some(d) = dseq {
        assert_eq!(intent["target"]["dseq"], d, "{intent}");
    }
    assert!(intent["signature"].is_string(), "{intent}");
    let outcome = &op["outcome"];
    assert!(outcome.is_object(), "no outcome: {op:#}");
    assert_eq!(outcome["target"], intent["target"]);
    assert!(outcome["error"].is_null(), "{outcome}");
    op
}

const REASON: [&str; 3] = ["--yes", "--reason", "test"];

#[test]
fn close_refunds_the_escrow_and_closing_again_is_a_conflict() {
    let env = Env::start();
    let key = dev_key(0);
    let owner = key.address();
    env.create(&key, WEB_SDL, 100);
    let provider = env.lease_first(&key, 100);
    env.create(&key, WEB_SDL, 200);
    let _blocks = blocks_on_tx(&env);

    // The refund is the escrow balance at the close: the funds the devnet reports, less what
    // the lease owes from the last settlement to the close's block, truncated to whole uact.
    let before = deployment(&env, &owner, 100);
    let state = &before["escrow_account"]["state"];
    let funds = atomics(state["funds"][0]["amount"].as_str().unwrap());
    let settled_at: u64 = state["settled_at"].as_str().unwrap().parse().unwrap();
    let leases = get(
        &env,
        &format!("/akash/market/v1beta5/leases/list?filters.owner={owner}&filters.dseq=100"),
    );
    let rate = atomics(
        leases["leases"][0]["lease"]["price"]["amount"]
            .as_str()
            .unwrap(),
    );
    let uact_before = balance(&env, &owner, "uact");
    let json = ok(env
        .vmc()
        .args(["akash", "close", "100", "-o", "json"])
        .args(REASON));
    let out: CloseOut = serde_json::from_str(&json).unwrap();
    assert_eq!(out.dseq, "100");
    let tx = get(&env, &format!("/cosmos/tx/v1beta1/txs/{}", out.tx_hash));
    assert_eq!(tx["tx_response"]["height"], out.height.as_str(), "{tx}");
    let close_height: u64 = out.height.parse().unwrap();
    let owed = rate * u128::from(close_height - settled_at);
    let expected = (funds - owed) / vmc_devnet::dec::SCALE;
    assert!(expected > 0 && rate > 0);
    let refund = out.refund.clone().expect("a refund");
    assert_eq!(refund.denom, "uact");
    assert_eq!(refund.amount, expected.to_string(), "{json}");
    assert_eq!(
        balance(&env, &owner, "uact") - uact_before,
        expected,
        "the wallet got the refund"
    );
    let d = deployment(&env, &owner, 100);
    assert_eq!(d["deployment"]["state"], "closed");

    // Again: exit 3, nothing sent.
    let h = height(&env);
    let e = fails(env.vmc().args(["akash", "close", "100"]).args(REASON), 3);
    assert!(e.contains("already closed"), "{e}");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(height(&env), h, "no transaction was sent");

    // Unknown: exit 4.
    let e = fails(env.vmc().args(["akash", "close", "999"]).args(REASON), 4);
    assert!(e.contains("999"), "{e}");

    // The table of a deployment without a lease: the whole deposit returns.
    let table = ok(env.vmc().args(["akash", "close", "200"]).args(REASON));
    let tx = table
        .lines()
        .find_map(|l| l.strip_prefix("tx "))
        .map(str::trim)
        .unwrap_or_else(|| panic!("a tx row: {table}"));
    assert_snap!("close_table", table.replace(tx, "[TX]"));

    let ops = operations(&env, "akash.deployment.close");
    assert_eq!(ops.len(), 2, "refusals leave no receipt: {ops:#?}");
    let op = &ops[0];
    let t = &op["intent"]["target"];
    assert_eq!(
        (&t["dseq"], &t["owner"], &t["provider"]),
        (
            &Value::from("100"),
            &Value::from(owner.as_str()),
            &Value::from(provider.as_str())
        )
    );
    let steps: Vec<(&str, &str)> = op["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"]["name"].as_str().unwrap(),
                s["step"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(steps, vec![("close", "begin"), ("close", "done")]);
    let resp = &op["outcome"]["response"];
    assert_eq!(resp["tx_hash"], out.tx_hash.as_str());
    assert_eq!(resp["refund"]["amount"], refund.amount.as_str());
    assert_eq!(op["outcome"]["reason"], "test");
    receipts_verify(&env);
}

#[test]
fn deposit_raises_the_escrow_by_exactly_the_amount() {
    let env = Env::start();
    let key = dev_key(0);
    let owner = key.address();
    env.create(&key, WEB_SDL, 300);
    let _blocks = blocks_on_tx(&env);

    let before = escrow_funds(&env, &owner, 300);
    let json = ok(env
        .vmc()
        .args(["akash", "deposit", "300", "2.5act", "-o", "json"])
        .args(REASON));
    let out: DepositOut = serde_json::from_str(&json).unwrap();
    let after = escrow_funds(&env, &owner, 300);
    assert_eq!(
        whole(&after) - whole(&before),
        2_500_000,
        "{before} → {after}"
    );
    assert_eq!(
        (out.deposited.denom.as_str(), out.deposited.amount.as_str()),
        ("uact", "2500000")
    );
    let escrow = out.escrow.expect("the escrow view");
    assert_eq!(escrow.balance.amount, whole(&after).to_string());
    assert_eq!(escrow.state, "open");
    // A bare number is micro units of the deployment's denom.
    let table = ok(env
        .vmc()
        .args(["akash", "deposit", "300", "500000"])
        .args(REASON));
    let tx = tx_of_table(&table);
    assert_snap!("deposit_table", table.replace(&tx, "[TX]"));
    assert_eq!(
        whole(&escrow_funds(&env, &owner, 300)),
        whole(&after) + 500_000
    );

    // Another denom: exit 2 naming both, nothing sent.
    let (h, uakt, funds) = (
        height(&env),
        balance(&env, &owner, "uakt"),
        escrow_funds(&env, &owner, 300),
    );
    let e = fails(
        env.vmc()
            .args(["akash", "deposit", "300", "1akt"])
            .args(REASON),
        2,
    );
    assert!(e.contains("uact") && e.contains("uakt"), "{e}");
    assert!(e.contains("nothing was sent"), "{e}");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(height(&env), h);
    assert_eq!(balance(&env, &owner, "uakt"), uakt);
    assert_eq!(escrow_funds(&env, &owner, 300), funds);
    // More than the wallet holds: exit 2 with the missing amount; no reason: exit 2.
    let e = fails(
        env.vmc()
            .args(["akash", "deposit", "300", "2000000act"])
            .args(REASON),
        2,
    );
    assert!(e.contains("missing"), "{e}");
    fails(
        env.vmc().args(["akash", "deposit", "300", "1act", "--yes"]),
        2,
    );
    assert_eq!(height(&env), h);

    let ops = operations(&env, "akash.deployment.deposit");
    assert_eq!(ops.len(), 2, "{ops:#?}");
    let op = &ops[0];
    assert_eq!(op["intent"]["target"]["dseq"], "300");
    assert_eq!(op["intent"]["request"]["amount"]["amount"], "2500000");
    assert_eq!(op["outcome"]["response"]["tx_hash"], out.tx_hash.as_str());
    receipts_verify(&env);
}

#[test]
fn mint_act_credits_uact_at_the_epoch() {
    let env = Env::start();
    let key = dev_key(0);
    let owner = key.address();
    let (rate, scale) = (
        env.devnet().with_state(|st| st.params.bme_uact_per_uakt),
        vmc_devnet::dec::SCALE,
    );
    let burn: u128 = 10_000_000;
    let expected = burn * rate / scale;
    let uact_before = balance(&env, &owner, "uact");
    let uakt_before = balance(&env, &owner, "uakt");
    let blocks = blocks(&env, true);
    let json = ok(env
        .vmc()
        .args([
            "akash",
            "mint-act",
            "10akt",
            "--timeout",
            "60s",
            "-o",
            "json",
        ])
        .args(REASON));
    drop(blocks);
    let out: MintOut = serde_json::from_str(&json).unwrap();
    assert_eq!(out.minted.amount, expected.to_string(), "{json}");
    assert_eq!(out.burned.amount, burn.to_string());
    let uact_after = balance(&env, &owner, "uact");
    assert_eq!(uact_after - uact_before, expected);
    assert_eq!(out.balance.amount, uact_after.to_string());
    assert!(uakt_before - balance(&env, &owner, "uakt") >= burn);
    let epoch = env.devnet().with_state(|st| st.params.bme_epoch_blocks);
    let credited: u64 = out.credited_at.parse().unwrap();
    assert!(credited > out.height.parse().unwrap(), "{json}");
    assert!(credited >= epoch, "{json}");

    // A wallet with 10 AKT cannot burn 20: exit 2 with what is missing, nothing sent.
    let poor = dev_key(2).address();
    let (h, poor_uakt) = (height(&env), balance(&env, &poor, "uakt"));
    let e = fails(
        env.vmc()
            .args(["akash", "mint-act", "20akt", "--account-index", "2"])
            .args(REASON),
        2,
    );
    assert!(e.contains("missing") && e.contains("AKT"), "{e}");
    assert_eq!((height(&env), balance(&env, &poor, "uakt")), (h, poor_uakt));
    // ACT is not what is burned.
    fails(
        env.vmc().args(["akash", "mint-act", "5act"]).args(REASON),
        2,
    );

    let op = one_success(&env, "akash.act.mint", &owner, None);
    let steps: Vec<(&str, &str)> = op["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"]["name"].as_str().unwrap(),
                s["step"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(steps, vec![("mint", "begin"), ("mint", "done")]);
    assert_eq!(op["steps"][1]["response"]["tx_hash"], out.tx_hash.as_str());
    let resp = &op["outcome"]["response"];
    assert_eq!(resp["minted"]["amount"], expected.to_string());
    assert_eq!(resp["status"], "credited");
    receipts_verify(&env);
}

#[test]
fn lease_close_closes_the_lease_and_a_new_order_opens() {
    let env = Env::start();
    let key = dev_key(0);
    let owner = key.address();
    env.create(&key, WEB_SDL, 400);
    let provider = env.lease_first(&key, 400);
    let _blocks = blocks_on_tx(&env);

    let json = ok(env
        .vmc()
        .args(["akash", "lease", "close", "400", "-o", "json"])
        .args(REASON));
    let out: LeaseCloseOut = serde_json::from_str(&json).unwrap();
    assert_eq!(out.closed.len(), 1);
    assert_eq!(
        (
            out.closed[0].provider.as_str(),
            out.closed[0].gseq,
            out.closed[0].oseq
        ),
        (provider.as_str(), 1, 1)
    );
    let leases = get(
        &env,
        &format!("/akash/market/v1beta5/leases/list?filters.owner={owner}&filters.dseq=400"),
    );
    assert_eq!(leases["leases"][0]["lease"]["state"], "closed", "{leases}");
    // §7.2: the group is still open, so the chain opened order 2.
    let orders = get(
        &env,
        &format!("/akash/market/v1beta5/orders/list?filters.owner={owner}&filters.dseq=400"),
    );
    let open: Vec<(u64, &str)> = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["id"]["oseq"].as_u64().unwrap(),
                o["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(open.contains(&(2, "open")), "{orders}");
    assert!(
        out.open_orders
            .iter()
            .any(|o| (o.gseq, o.oseq, o.state.as_str()) == (1, 2, "open")),
        "{json}"
    );
    assert_eq!(
        deployment(&env, &owner, 400)["deployment"]["state"],
        "active"
    );

    // Nothing active any more: exit 3; an unknown provider filter: exit 4.
    let e = fails(
        env.vmc()
            .args(["akash", "lease", "close", "400"])
            .args(REASON),
        3,
    );
    assert!(e.contains("closed"), "{e}");
    let other = dev_key(3).address();
    fails(
        env.vmc()
            .args(["akash", "lease", "close", "400", "--provider", &other])
            .args(REASON),
        4,
    );

    let op = one_success(&env, "akash.lease.close", &owner, Some("400"));
    assert_eq!(op["intent"]["target"]["provider"], provider.as_str());
    assert_eq!(op["intent"]["target"]["gseq"], 1);
    assert_eq!(op["outcome"]["response"]["tx_hash"], out.tx_hash.as_str());
    receipts_verify(&env);
}

#[test]
fn manifest_send_restores_a_lost_manifest() {
    let env = Env::start();
    let key = dev_key(0);
    let owner = key.address();
    env.create(&key, WEB_SDL, 500);
    let provider = env.lease_first(&key, 500);
    let status = |env: &Env| -> StatusView {
        let json = ok(env.vmc().args(["akash", "status", "500", "-o", "json"]));
        serde_json::from_str(&json).unwrap()
    };
    assert_eq!(status(&env).leases[0].provider_status, "ok");

    let json = ok(env
        .vmc()
        .args(["akash", "manifest", "get", "500", "-o", "json"]));
    let got: Vec<LeaseManifest> = serde_json::from_str(&json).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].provider, provider);
    let groups = got[0].manifest.as_ref().expect("a manifest");
    assert!(groups.to_string().contains("\"web\""), "{groups}");

    // The provider loses the manifest (the lease stays active on chain).
    env.devnet()
        .with_state_mut(|st| st.provider_manifests.clear());
    assert_eq!(status(&env).leases[0].provider_status, "no-manifest");
    fails(env.vmc().args(["akash", "manifest", "get", "500"]), 1);

    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/akash");
    let h = height(&env);
    let json = ok(env
        .vmc()
        .args(["akash", "manifest", "send", "500"])
        .arg(web.join("web.yaml"))
        .args(["-o", "json"])
        .args(REASON));
    let out: ManifestSendOut = serde_json::from_str(&json).unwrap();
    assert_eq!(out.convention, "ts");
    assert_eq!(out.providers, vec![provider.clone()]);
    let on_chain = deployment(&env, &owner, 500)["deployment"]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    use base64::Engine;
    let on_chain = hex::encode(
        base64::engine::general_purpose::STANDARD
            .decode(on_chain)
            .unwrap(),
    );
    assert_eq!(out.manifest_hash, on_chain);
    assert_eq!(height(&env), h, "no transaction");
    env.advance(3);
    assert_eq!(status(&env).leases[0].provider_status, "ok");

    // Another SDL: exit 2 with the on-chain hash and the SDL's, nothing sent.
    let e = fails(
        env.vmc()
            .args(["akash", "manifest", "send", "500", "--sdl"])
            .arg(web.join("redis.yaml"))
            .args(REASON),
        2,
    );
    assert!(
        e.contains("not the one deployed") && e.contains(&on_chain),
        "{e}"
    );
    assert!(e.contains("(ts"), "{e}");

    let op = one_success(&env, "akash.manifest.send", &owner, Some("500"));
    assert_eq!(op["intent"]["target"]["provider"], provider.as_str());
    assert_eq!(op["intent"]["request"]["manifest_hash"], on_chain.as_str());
    let steps: Vec<&str> = op["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, vec!["begin", "done"]);
    receipts_verify(&env);
}

#[test]
fn cert_create_lists_valid_and_revoke_revokes() {
    let env = Env::start();
    let owner = dev_key(0).address();
    let _blocks = blocks_on_tx(&env);

    let json = ok(env
        .vmc()
        .env("VMC_KEYSTORE_PASSPHRASE", "cert tests")
        .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1")
        .args(["akash", "cert", "create", "-o", "json"])
        .args(REASON));
    assert!(!json.contains("PRIVATE KEY"), "{json}");
    let out: CertCreateOut = serde_json::from_str(&json).unwrap();
    assert_eq!(out.owner, owner);
    // The key is sealed in the keystore: its file never holds it in the clear.
    let key_text = std::fs::read_to_string(&out.key_path).unwrap();
    assert!(!key_text.contains("PRIVATE KEY"), "{key_text}");
    assert!(key_text.contains("private_key_pem"), "{key_text}");
    assert!(out.key_path.starts_with(env.home.path().to_str().unwrap()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out.key_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let certs = |env: &Env| -> Vec<Value> {
        let json = ok(env.vmc().args(["akash", "certs", "-o", "json"]));
        serde_json::from_str(&json).unwrap()
    };
    let listed = certs(&env);
    let c = listed
        .iter()
        .find(|c| c["serial"] == out.serial.as_str())
        .unwrap_or_else(|| panic!("{listed:?}"));
    assert_eq!(c["state"], "valid");
    assert_eq!(c["subject_cn"], owner.as_str());

    // A stored certificate is replaced only with --overwrite.
    let e = fails(
        env.vmc()
            .env("VMC_KEYSTORE_PASSPHRASE", "cert tests")
            .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1")
            .args(["akash", "cert", "create"])
            .args(REASON),
        3,
    );
    assert!(e.contains("--overwrite"), "{e}");

    let json = ok(env
        .vmc()
        .args(["akash", "cert", "revoke", "-o", "json"])
        .args(REASON));
    let r: CertRevokeOut = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (r.serial.as_str(), r.state.as_str()),
        (out.serial.as_str(), "revoked")
    );
    assert!(r.removed_local && !std::path::Path::new(&out.key_path).exists());
    let listed = certs(&env);
    let c = listed
        .iter()
        .find(|c| c["serial"] == out.serial.as_str())
        .unwrap();
    assert_eq!(c["state"], "revoked");

    // Revoked already: exit 3; unknown: exit 4; none stored and no SERIAL: exit 2.
    fails(
        env.vmc()
            .args(["akash", "cert", "revoke", &out.serial])
            .args(REASON),
        3,
    );
    fails(
        env.vmc()
            .args(["akash", "cert", "revoke", "12345"])
            .args(REASON),
        4,
    );
    fails(env.vmc().args(["akash", "cert", "revoke"]).args(REASON), 2);

    let op = one_success(&env, "akash.cert.create", &owner, None);
    assert_eq!(op["intent"]["target"]["serial"], out.serial.as_str());
    assert!(!op.to_string().contains("PRIVATE KEY"));
    let op = one_success(&env, "akash.cert.revoke", &owner, None);
    assert_eq!(op["outcome"]["response"]["tx_hash"], r.tx_hash.as_str());
    receipts_verify(&env);
}
