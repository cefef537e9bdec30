//! The full Akash flow through the devnet's HTTP API only, with transactions built and signed by
//! vmc's protocol crate and groups from vmc's SDL engine: create deployment → bids from eligible
//! providers only → lease → escrow settles per block → close with refund.

use crate::akash_support;

use akash_support::{Net, WEB_SDL, create_deployment, dev_key};
use vmc_akash::proto::deployment::{DeploymentId, MsgCloseDeployment, MsgCreateDeployment};
use vmc_akash::proto::market::{BidId, MsgCreateLease};
use vmc_akash::tx::Msg;
use vmc_devnet::Genesis;

const AKASH_AUDITOR: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";

fn create_msg(owner: &str, dseq: u64, deposit: u128) -> (MsgCreateDeployment, u128) {
    let sdl = vmc_sdl::parse(WEB_SDL).expect("template parses");
    let max: u128 = sdl
        .groups(vmc_sdl::Convention::Ts)
        .iter()
        .flat_map(|g| g.resources.iter())
        .map(|r| r.price.amount.parse::<u128>().unwrap() * r.count as u128)
        .sum();
    (create_deployment(&sdl, owner, dseq, deposit), max)
}

#[tokio::test]
async fn deployment_bids_lease_escrow_and_refund() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let owner = key.address();
    assert_eq!(owner, vmc_devnet::genesis::dev_address(0));

    let info = net
        .get_ok("/cosmos/base/tendermint/v1beta1/node_info")
        .await;
    assert_eq!(info["default_node_info"]["network"], "vmc-devnet-1");
    let uact_before = net.balance(&owner, "uact").await;

    // 1. Create the deployment.
    let dseq = 1000;
    let deposit = 5_000_000u128;
    let (msg, max_price) = create_msg(&owner, dseq, deposit);
    let res = net.deliver(&key, vec![Msg::CreateDeployment(msg)]).await;
    assert_eq!(res["code"], 0, "{res}");
    assert_eq!(net.balance(&owner, "uact").await, uact_before - deposit);
    let d = net
        .get_ok(&format!(
            "/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq={dseq}"
        ))
        .await;
    assert_eq!(d["deployment"]["state"], "active");
    assert_eq!(d["groups"][0]["state"], "open");
    assert_eq!(
        d["escrow_account"]["state"]["funds"][0]["amount"],
        "5000000.000000000000000000"
    );

    // 2. Bids arrive in the next block, only from providers the placement allows: it requires
    //    `host: akash` signed by the Akash auditor, which the unaudited provider lacks.
    let bids_path = format!(
        "/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq={dseq}&filters.state=open"
    );
    assert_eq!(
        net.get_ok(&bids_path).await["bids"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    net.advance(1, 1.0).await;
    let bids = net.get_ok(&bids_path).await;
    let bids = bids["bids"].as_array().unwrap().clone();
    let audits = net.get_ok("/akash/audit/v1/audit/attributes/list").await;
    let audited_by_akash: Vec<String> = audits["providers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["auditor"] == AKASH_AUDITOR)
        .map(|a| a["owner"].as_str().unwrap().to_string())
        .collect();
    let providers = net.get_ok("/akash/provider/v1beta4/providers").await;
    assert_eq!(providers["providers"].as_array().unwrap().len(), 3);
    assert_eq!(audited_by_akash.len(), 2);
    let mut bidders: Vec<String> = bids
        .iter()
        .map(|b| b["bid"]["id"]["provider"].as_str().unwrap().to_string())
        .collect();
    bidders.sort();
    let mut expected = audited_by_akash.clone();
    expected.sort();
    assert_eq!(bidders, expected, "exactly the eligible providers bid");
    for b in &bids {
        let price: f64 = b["bid"]["price"]["amount"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            price <= max_price as f64 && price > 0.0,
            "bid price {price} within the order maximum {max_price}"
        );
        assert_eq!(b["bid"]["price"]["denom"], "uact");
        assert_eq!(b["escrow_account"]["id"]["scope"], "bid");
    }

    // 3. Accept the cheapest bid.
    let cheapest = bids
        .iter()
        .min_by(|a, b| {
            let pa: f64 = a["bid"]["price"]["amount"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            let pb: f64 = b["bid"]["price"]["amount"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            pa.total_cmp(&pb)
        })
        .unwrap()
        .clone();
    let provider = cheapest["bid"]["id"]["provider"]
        .as_str()
        .unwrap()
        .to_string();
    let rate: u128 = cheapest["bid"]["price"]["amount"]
        .as_str()
        .unwrap()
        .split('.')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let provider_before = net.balance(&provider, "uact").await;
    let bid_id = BidId {
        owner: owner.clone(),
        dseq,
        gseq: 1,
        oseq: 1,
        provider: provider.clone(),
        bseq: 0,
    };
    let res = net
        .deliver(
            &key,
            vec![Msg::CreateLease(MsgCreateLease {
                bid_id: Some(bid_id),
            })],
        )
        .await;
    assert_eq!(res["code"], 0, "{res}");
    let leases = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={owner}&filters.dseq={dseq}"
        ))
        .await;
    let lease = &leases["leases"][0];
    assert_eq!(lease["lease"]["state"], "active");
    assert_eq!(lease["escrow_payment"]["state"]["state"], "open");
    let lost = net
        .get_ok(&format!("/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq={dseq}&filters.state=lost"))
        .await;
    assert_eq!(
        lost["bids"].as_array().unwrap().len(),
        1,
        "the other bid is lost"
    );
    let order = net
        .get_ok(&format!(
            "/akash/market/v1beta5/orders/info?id.owner={owner}&id.dseq={dseq}&id.gseq=1&id.oseq=1"
        ))
        .await;
    assert_eq!(order["order"]["state"], "active");

    // 4. Escrow settles every block at the lease price.
    net.advance(5, 1.0).await;
    let d = net
        .get_ok(&format!(
            "/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq={dseq}"
        ))
        .await;
    let transferred = d["escrow_account"]["state"]["transferred"][0]["amount"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        transferred,
        format!("{}.000000000000000000", rate * 5),
        "5 blocks at the lease rate"
    );
    assert_eq!(
        net.balance(&provider, "uact").await,
        provider_before + rate * 5
    );

    // 5. Close the deployment: the lease closes, the rest of the deposit comes back.
    let res = net
        .deliver(
            &key,
            vec![Msg::CloseDeployment(MsgCloseDeployment {
                id: Some(DeploymentId {
                    owner: owner.clone(),
                    dseq,
                }),
            })],
        )
        .await;
    assert_eq!(res["code"], 0, "{res}");
    // The provider got the lease payments (the close block settled one more block) and its
    // 0.5 ACT bid deposit back.
    let paid = net.balance(&provider, "uact").await - provider_before - 500_000;
    assert_eq!(paid, rate * 6, "provider paid {paid}");
    assert_eq!(
        net.balance(&owner, "uact").await,
        uact_before - paid,
        "refund = deposit - what the lease cost"
    );
    let d = net
        .get_ok(&format!(
            "/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq={dseq}"
        ))
        .await;
    assert_eq!(d["deployment"]["state"], "closed");
    assert_eq!(d["escrow_account"]["state"]["state"], "closed");
    let leases = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={owner}&filters.dseq={dseq}"
        ))
        .await;
    assert_eq!(leases["leases"][0]["lease"]["state"], "closed");
    assert_eq!(leases["leases"][0]["lease"]["reason"], "lease_closed_owner");
    net.running.shutdown().await;
}

#[tokio::test]
async fn chain_errors_have_the_real_codes() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(1);
    let owner = key.address();
    let (msg, _) = create_msg(&owner, 7, 5_000_000);

    // Wrong sequence: code 32 naming expected and got.
    let tx = net
        .sign(&key, vec![Msg::CreateDeployment(msg.clone())], 200_000, 3)
        .await;
    let res = net.broadcast(&tx).await;
    assert_eq!(res["code"], 32, "{res}");
    assert_eq!(res["codespace"], "sdk");
    assert!(
        res["raw_log"]
            .as_str()
            .unwrap()
            .contains("expected 0, got 3"),
        "{res}"
    );

    // Fee below gas × 0.025uakt: code 13.
    let (number, seq) = net.account(&owner).await;
    let draft = vmc_akash::tx::TxDraft {
        messages: vec![Msg::CreateDeployment(msg.clone())],
        memo: String::new(),
        timeout_height: 0,
        fee: vmc_akash::tx::fee(1, 200_000),
    };
    let signer = vmc_akash::tx::SignerData {
        chain_id: "vmc-devnet-1".into(),
        account_number: number,
        sequence: seq,
    };
    let res = net
        .broadcast(&draft.sign(&key, &signer).unwrap().tx_raw)
        .await;
    assert_eq!(res["code"], 13, "{res}");

    // Flipped signature byte: code 4.
    let mut tx = net
        .sign(&key, vec![Msg::CreateDeployment(msg.clone())], 200_000, 0)
        .await;
    let n = tx.len();
    tx[n - 1] ^= 0x01;
    let res = net.broadcast(&tx).await;
    assert_eq!(res["code"], 4, "{res}");
    assert!(
        res["raw_log"]
            .as_str()
            .unwrap()
            .starts_with("signature verification failed"),
        "{res}"
    );

    // A uakt deposit is refused once included (v2.x: deployments are uact only).
    let mut uakt = msg.clone();
    uakt.deposit
        .as_mut()
        .unwrap()
        .amount
        .as_mut()
        .unwrap()
        .denom = "uakt".into();
    for g in &mut uakt.groups {
        for r in &mut g.resources {
            r.price.as_mut().unwrap().denom = "uakt".into();
        }
    }
    let tx = net
        .sign(&key, vec![Msg::CreateDeployment(uakt)], 300_000, 0)
        .await;
    let res = net.broadcast(&tx).await;
    assert_eq!(res["code"], 0, "CheckTx passes: {res}");
    let hash = res["txhash"].as_str().unwrap().to_string();
    net.advance(1, 1.0).await;
    let v = net.get_ok(&format!("/cosmos/tx/v1beta1/txs/{hash}")).await;
    assert_eq!(v["tx_response"]["codespace"], "deployment", "{v}");
    assert_eq!(v["tx_response"]["code"], 20, "{v}");
    // The fee was charged and the sequence bumped even though the message failed.
    assert_eq!(net.account(&owner).await.1, 1);

    // Queries: unknown deployment 404 with the gateway body; bad state filter 400.
    let (s, v) = net
        .get(&format!(
            "/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq=99"
        ))
        .await;
    assert_eq!(s, 404);
    assert_eq!(v["code"], 5);
    let (s, v) = net
        .get("/akash/deployment/v1beta4/deployments/list?filters.state=nope")
        .await;
    assert_eq!(s, 400);
    assert_eq!(v["code"], 3);
    let (s, _) = net
        .get("/cosmos/auth/v1beta1/accounts/akash1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")
        .await;
    assert!(s == 400 || s == 404);
    net.running.shutdown().await;
}
