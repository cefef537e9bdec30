//! Chain rules beyond the happy path: BME minting at the next epoch, provider bid and manifest
//! timeouts, a new order after a lease closes, overdrawn escrow, faults, persistence and the
//! embedded-mode helper.

use crate::akash_support;

use akash_support::{Net, WEB_SDL, create_deployment, dev_key};
use serde_json::json;
use vmc_akash::proto::bme::MsgMintAct;
use vmc_akash::proto::cosmos::Coin;
use vmc_akash::proto::market::{BidId, MsgCreateLease};
use vmc_akash::tx::Msg;
use vmc_devnet::Genesis;

fn create(owner: &str, dseq: u64, deposit: u128) -> Msg {
    let sdl = vmc_sdl::parse(WEB_SDL).unwrap();
    Msg::CreateDeployment(create_deployment(&sdl, owner, dseq, deposit))
}

async fn open_bids(net: &Net, owner: &str, dseq: u64) -> Vec<serde_json::Value> {
    net.get_ok(&format!("/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq={dseq}&filters.state=open"))
        .await["bids"]
        .as_array()
        .unwrap()
        .clone()
}

async fn lease_first_bid(
    net: &Net,
    key: &vmc_akash::keys::SigningKey,
    dseq: u64,
) -> (String, u128) {
    let owner = key.address();
    let bids = open_bids(net, &owner, dseq).await;
    let b = &bids[0]["bid"];
    let provider = b["id"]["provider"].as_str().unwrap().to_string();
    let oseq = b["id"]["oseq"].as_u64().unwrap() as u32;
    let rate: u128 = b["price"]["amount"]
        .as_str()
        .unwrap()
        .split('.')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let bid_id = BidId {
        owner,
        dseq,
        gseq: 1,
        oseq,
        provider: provider.clone(),
        bseq: 0,
    };
    let res = net
        .deliver(
            key,
            vec![Msg::CreateLease(MsgCreateLease {
                bid_id: Some(bid_id),
            })],
        )
        .await;
    assert_eq!(res["code"], 0, "{res}");
    (provider, rate)
}

#[tokio::test]
async fn mint_act_arrives_at_the_next_epoch() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(2); // `dev-empty`: 10 AKT, no ACT
    let owner = key.address();
    assert_eq!(net.balance(&owner, "uact").await, 0);
    let burn = 5_000_000u128;
    let msg = Msg::MintAct(MsgMintAct {
        owner: owner.clone(),
        to: owner.clone(),
        coins_to_burn: Some(Coin {
            denom: "uakt".into(),
            amount: burn.to_string(),
        }),
    });
    let res = net.deliver(&key, vec![msg]).await;
    assert_eq!(res["code"], 0, "{res}");
    // Burned at once, minted at the epoch boundary (every 10 blocks).
    assert_eq!(net.balance(&owner, "uact").await, 0);
    net.advance(10, 1.0).await;
    // 1 AKT = 2.5 ACT minus 25 bps.
    assert_eq!(
        net.balance(&owner, "uact").await,
        burn * 25 / 10 * 9975 / 10000
    );
    // uact cannot be sent.
    let send = Msg::Send(vmc_akash::proto::cosmos::MsgSend {
        from_address: owner.clone(),
        to_address: vmc_devnet::genesis::dev_address(0),
        amount: vec![Coin {
            denom: "uact".into(),
            amount: "1".into(),
        }],
    });
    // Simulate already says so (HTTP 500, gRPC Unknown, as the SDK's tx service answers) …
    let probe = net.sign(&key, vec![send.clone()], 200_000, 0).await;
    let (s, v) = net
        .post(
            "/cosmos/tx/v1beta1/simulate",
            json!({"tx_bytes": vmc_akash::tx::to_base64(&probe)}),
        )
        .await;
    assert_eq!((s, v["code"].as_u64()), (500, Some(2)), "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("send transactions are disabled"),
        "{v}"
    );
    // … and in a block the message fails with the bank module's code.
    let res = net.broadcast(&probe).await;
    assert_eq!(res["code"], 0, "{res}");
    net.advance(1, 1.0).await;
    let v = net
        .get_ok(&format!(
            "/cosmos/tx/v1beta1/txs/{}",
            res["txhash"].as_str().unwrap()
        ))
        .await;
    assert_eq!(v["tx_response"]["codespace"], "bank", "{v}");
    net.running.shutdown().await;
}

#[tokio::test]
async fn provider_timeouts_and_a_new_order_after_a_lease_closes() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let owner = key.address();
    assert_eq!(
        net.deliver(&key, vec![create(&owner, 1, 5_000_000)]).await["code"],
        0
    );
    net.advance(1, 1.0).await;
    assert_eq!(open_bids(&net, &owner, 1).await.len(), 2);
    // Five minutes without a lease: the providers close their bids.
    net.advance(1, 301.0).await;
    assert_eq!(open_bids(&net, &owner, 1).await.len(), 0);

    // A second deployment: lease, then no manifest for five minutes.
    assert_eq!(
        net.deliver(&key, vec![create(&owner, 2, 5_000_000)]).await["code"],
        0
    );
    net.advance(1, 1.0).await;
    let (provider, _) = lease_first_bid(&net, &key, 2).await;
    net.advance(1, 301.0).await;
    let leases = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={owner}&filters.dseq=2"
        ))
        .await;
    assert_eq!(leases["leases"][0]["lease"]["state"], "closed");
    assert_eq!(
        leases["leases"][0]["lease"]["reason"],
        "lease_closed_reason_manifest_timeout"
    );
    // The group is still open, so a new order (oseq 2) opened and gets bids in the next block.
    let orders = net.get_ok(&format!("/akash/market/v1beta5/orders/list?filters.owner={owner}&filters.dseq=2&filters.state=open")).await;
    assert_eq!(orders["orders"][0]["id"]["oseq"], 2, "{orders}");
    net.advance(1, 1.0).await;
    assert_eq!(open_bids(&net, &owner, 2).await.len(), 2);

    // With the manifest hook called, the lease survives the watchdog.
    let (provider2, _) = lease_first_bid(&net, &key, 2).await;
    let (s, _) = net
        .post("/__devnet/manifest", json!({"owner": owner, "dseq": 2, "gseq": 1, "oseq": 2, "provider": provider2, "bseq": 0}))
        .await;
    assert_eq!(s, 200);
    net.advance(1, 400.0).await;
    let lease = net
        .get_ok(&format!("/akash/market/v1beta5/leases/info?id.owner={owner}&id.dseq=2&id.gseq=1&id.oseq=2&id.provider={provider2}"))
        .await;
    assert_eq!(lease["lease"]["state"], "active");
    let _ = provider;

    // Fault: the provider drops the lease.
    let (s, _) = net
        .post("/__devnet/faults", json!({"drop_leases": [{"owner": owner, "dseq": 2, "gseq": 1, "oseq": 2, "provider": provider2, "bseq": 0}]}))
        .await;
    assert_eq!(s, 200);
    net.advance(1, 1.0).await;
    let lease = net
        .get_ok(&format!("/akash/market/v1beta5/leases/info?id.owner={owner}&id.dseq=2&id.gseq=1&id.oseq=2&id.provider={provider2}"))
        .await;
    assert_eq!(lease["lease"]["state"], "closed");
    assert_eq!(lease["lease"]["reason"], "lease_closed_reason_unspecified");
    net.running.shutdown().await;
}

#[tokio::test]
async fn overdrawn_escrow_closes_the_lease_with_insufficient_funds() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(1);
    let owner = key.address();
    // The minimum deposit, 0.5 ACT, at 500 uact per block lasts 1000 blocks.
    assert_eq!(
        net.deliver(&key, vec![create(&owner, 9, 500_000)]).await["code"],
        0
    );
    net.advance(1, 1.0).await;
    let mark = net
        .get_ok(&format!(
            "/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq=9"
        ))
        .await;
    // Mark the manifest as received so that only the funds matter.
    for b in mark["bids"].as_array().unwrap() {
        let id = &b["bid"]["id"];
        net.post("/__devnet/manifest", json!({"owner": owner, "dseq": 9, "gseq": 1, "oseq": 1, "provider": id["provider"], "bseq": 0})).await;
    }
    let (_, rate) = lease_first_bid(&net, &key, 9).await;
    let blocks = (500_000 / rate) as u32 + 2;
    net.advance(blocks, 1.0).await;
    let d = net
        .get_ok(&format!(
            "/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq=9"
        ))
        .await;
    assert_eq!(d["deployment"]["state"], "closed", "{d}");
    assert_eq!(d["groups"][0]["state"], "insufficient_funds");
    assert_eq!(d["escrow_account"]["state"]["state"], "overdrawn");
    let leases = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={owner}&filters.dseq=9"
        ))
        .await;
    assert_eq!(leases["leases"][0]["lease"]["state"], "insufficient_funds");
    assert_eq!(
        leases["leases"][0]["lease"]["reason"],
        "lease_closed_reason_insufficient_funds"
    );
    net.running.shutdown().await;
}

#[tokio::test]
async fn http_and_chain_faults() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let owner = key.address();
    let (s, _) = net
        .post(
            "/__devnet/faults",
            json!({"rules": [
                {"path": "/cosmos/auth", "kind": {"type": "status", "status": 503}, "count": 1},
                {"path": "/akash/deployment", "kind": {"type": "rate_limit", "retry_after_secs": 2}, "count": 2},
                {"path": "/cosmos/tx/v1beta1/txs", "method": "POST", "kind": {"type": "lose_answer"}, "count": 1}
            ], "no_bids": true}),
        )
        .await;
    assert_eq!(s, 200);
    let path = format!("/cosmos/auth/v1beta1/accounts/{owner}");
    let (s, v) = net.get(&path).await;
    assert_eq!(s, 503);
    assert!(v["message"].is_string());
    assert_eq!(net.get(&path).await.0, 200, "the rule was used up");
    for _ in 0..2 {
        let r = net
            .http
            .get(format!("{}/akash/deployment/v1beta4/params", net.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 429);
        assert_eq!(r.headers()["retry-after"], "2");
    }
    assert_eq!(net.get("/akash/deployment/v1beta4/params").await.0, 200);

    // The broadcast commits but its answer is lost; the tx lands in the next block anyway.
    let tx = net
        .sign(&key, vec![create(&owner, 5, 500_000)], 300_000, 0)
        .await;
    let r = net
        .http
        .post(format!("{}/cosmos/tx/v1beta1/txs", net.base))
        .json(&json!({"tx_bytes": vmc_akash::tx::to_base64(&tx), "mode": "BROADCAST_MODE_SYNC"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 504);
    net.advance(1, 1.0).await;
    let hash = vmc_akash::tx::tx_hash(&tx);
    let v = net.get_ok(&format!("/cosmos/tx/v1beta1/txs/{hash}")).await;
    assert_eq!(v["tx_response"]["code"], 0);
    // no_bids: the order never gets a bid.
    net.advance(3, 1.0).await;
    assert_eq!(open_bids(&net, &owner, 5).await.len(), 0);

    // Sequence mismatch on demand.
    net.post("/__devnet/faults", json!({"sequence_mismatch": 1}))
        .await;
    let tx = net
        .sign(&key, vec![create(&owner, 6, 500_000)], 300_000, 0)
        .await;
    let res = net.broadcast(&tx).await;
    assert_eq!(res["code"], 32, "{res}");
    let res = net.broadcast(&tx).await;
    assert_eq!(res["code"], 0, "{res}");
    let (s, _) = net
        .http
        .delete(format!("{}/__devnet/faults", net.base))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(s, 200);
    net.running.shutdown().await;
}

#[tokio::test]
async fn state_persists_across_restarts_and_ensure_running_reuses_a_listener() {
    let dir = tempfile::tempdir().unwrap();
    let genesis = Genesis::default_embedded();
    let start_ms = genesis.genesis_ms().unwrap();
    let config = vmc_devnet::DevnetConfig {
        block_time: None,
        clock: Some(vmc_devnet::ManualClock::new(start_ms)),
        genesis,
        state_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let running = vmc_devnet::start(config.clone()).await.unwrap();
    let dn = running.devnet();
    dn.advance_block();
    dn.advance_block();
    let addr = running.addr;
    // Something listens at addr: ensure_running starts nothing.
    assert!(
        vmc_devnet::ensure_running(addr, dir.path().to_path_buf())
            .await
            .unwrap()
            .is_none()
    );
    running.shutdown().await;

    let running = vmc_devnet::start(config).await.unwrap();
    assert_eq!(running.devnet().height(), 2, "continues from the snapshot");
    running.shutdown().await;

    // Nothing listens: ensure_running starts one on the saved state.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let free = probe.local_addr().unwrap();
    drop(probe);
    let started = vmc_devnet::ensure_running(free, dir.path().to_path_buf())
        .await
        .unwrap()
        .expect("started");
    assert_eq!(started.addr, free);
    assert!(started.devnet().height() >= 2);
    started.shutdown().await;
}
