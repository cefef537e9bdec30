//! Bulk seeding (`Devnet::seed_deployments`, `POST /__devnet/seed`) gives deployments that the
//! REST routes show exactly like ones made by real transactions, and the node's application
//! version is configurable through the genesis.

use crate::akash_support;

use akash_support::{Net, WEB_SDL, create_deployment, dev_key};
use serde_json::{Value, json};
use vmc_akash::proto::market::{BidId, MsgCreateLease};
use vmc_akash::tx::Msg;
use vmc_devnet::Genesis;

/// Asserts `a` and `b` have the same JSON structure: the same object keys at every level, the
/// same leaf types, arrays compared element-wise over their common length.
fn same_shape(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<_> = x.keys().collect();
            let ky: Vec<_> = y.keys().collect();
            assert_eq!(kx, ky, "keys at {at}");
            for (k, v) in x {
                same_shape(v, &y[k], &format!("{at}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                same_shape(p, q, &format!("{at}[{i}]"));
            }
        }
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => {}
        _ => panic!("{at}: {a} vs {b}"),
    }
}

/// A real deployment of the web template with an accepted lease (transactions only).
async fn real_leased_deployment(net: &Net, dseq: u64) -> String {
    let key = dev_key(0);
    let owner = key.address();
    let sdl = vmc_sdl::parse(WEB_SDL).unwrap();
    let msg = create_deployment(&sdl, &owner, dseq, 5_000_000);
    let res = net.deliver(&key, vec![Msg::CreateDeployment(msg)]).await;
    assert_eq!(res["code"], 0, "{res}");
    net.advance(1, 1.0).await;
    let bids = net
        .get_ok(&format!(
            "/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq={dseq}"
        ))
        .await;
    let provider = bids["bids"][0]["bid"]["id"]["provider"]
        .as_str()
        .unwrap()
        .to_string();
    let bid_id = BidId {
        owner: owner.clone(),
        dseq,
        gseq: 1,
        oseq: 1,
        provider,
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
    owner
}

fn num(v: &Value) -> u128 {
    v.as_str()
        .unwrap()
        .split('.')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn seeded_deployments_look_like_real_ones() {
    let net = Net::start(Genesis::default_embedded()).await;
    let owner = real_leased_deployment(&net, 1000).await;
    let seeder = dev_key(1).address();
    let before = net.balance(&seeder, "uact").await;

    // Library entry: 5 deployments; admin route: 3 more.
    let lib = net.running.devnet().seed_deployments(&seeder, 5);
    assert_eq!(lib.len(), 5);
    let (s, v) = net
        .post("/__devnet/seed", json!({"owner": seeder, "deployments": 3}))
        .await;
    assert_eq!(s, 200, "{v}");
    let routed: Vec<u64> = v["dseqs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(routed.len(), 3);
    let mut all = lib.clone();
    all.extend(&routed);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8, "distinct dseqs {all:?}");
    assert_eq!(
        net.balance(&seeder, "uact").await,
        before,
        "deposits are minted"
    );

    // The lists show them.
    let list = net
        .get_ok(&format!(
            "/akash/deployment/v1beta4/deployments/list?filters.owner={seeder}&filters.state=active"
        ))
        .await;
    assert_eq!(list["deployments"].as_array().unwrap().len(), 8);
    let leases = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={seeder}&filters.state=active"
        ))
        .await;
    assert_eq!(leases["leases"].as_array().unwrap().len(), 8);

    // Same structure as the real deployment, lease, order, bid and escrow account.
    let dseq = lib[0];
    let info = |o: &str, d: u64| {
        format!("/akash/deployment/v1beta4/deployments/info?id.owner={o}&id.dseq={d}")
    };
    let real = net.get_ok(&info(&owner, 1000)).await;
    let seeded = net.get_ok(&info(&seeder, dseq)).await;
    same_shape(&real, &seeded, "deployment info");
    assert_eq!(seeded["deployment"]["state"], "active");
    assert_eq!(seeded["groups"][0]["state"], "open");
    assert_eq!(seeded["escrow_account"]["state"]["state"], "open");
    assert_eq!(
        seeded["escrow_account"]["state"]["funds"][0]["denom"],
        "uact"
    );
    assert_eq!(
        num(&seeded["escrow_account"]["state"]["funds"][0]["amount"]),
        vmc_devnet::seed::DEPOSIT_UACT
    );
    for (path, what) in [
        ("/akash/market/v1beta5/leases/list", "leases"),
        ("/akash/market/v1beta5/bids/list", "bids"),
        ("/akash/market/v1beta5/orders/list", "orders"),
    ] {
        let r = net
            .get_ok(&format!("{path}?filters.owner={owner}&filters.dseq=1000"))
            .await;
        let s = net
            .get_ok(&format!(
                "{path}?filters.owner={seeder}&filters.dseq={dseq}"
            ))
            .await;
        let (r, s) = (&r[what], &s[what]);
        assert_eq!(s.as_array().unwrap().len(), 1, "{what}: {s}");
        same_shape(
            &r.as_array()
                .unwrap()
                .iter()
                .find(|x| x.to_string().contains("\"active\""))
                .cloned()
                .unwrap(),
            &s[0],
            what,
        );
    }
    let lease = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={seeder}&filters.dseq={dseq}"
        ))
        .await;
    let lease = &lease["leases"][0];
    assert_eq!(lease["lease"]["state"], "active");
    assert_eq!(lease["escrow_payment"]["state"]["state"], "open");
    let rate = num(&lease["lease"]["price"]["amount"]);
    assert!(rate > 0 && rate <= 1000, "rate {rate}");
    assert_eq!(
        num(&lease["escrow_payment"]["state"]["rate"]["amount"]),
        rate
    );
    let bid = net
        .get_ok(&format!(
            "/akash/market/v1beta5/bids/list?filters.owner={seeder}&filters.dseq={dseq}"
        ))
        .await;
    assert_eq!(bid["bids"][0]["bid"]["state"], "active");
    assert_eq!(bid["bids"][0]["escrow_account"]["id"]["scope"], "bid");
    let order = net
        .get_ok(&format!(
            "/akash/market/v1beta5/orders/list?filters.owner={seeder}&filters.dseq={dseq}"
        ))
        .await;
    assert_eq!(order["orders"][0]["state"], "active");
    let accounts = net
        .get_ok(&format!(
            "/akash/escrow/v1/types/accounts?scope=deployment&xid={seeder}/{dseq}"
        ))
        .await;
    let real_accounts = net
        .get_ok(&format!(
            "/akash/escrow/v1/types/accounts?scope=deployment&xid={owner}/1000"
        ))
        .await;
    same_shape(&real_accounts, &accounts, "escrow accounts");

    // Escrow settles them per block like real leases; the watchdog leaves them (manifest sent).
    net.advance(2, 1.0).await;
    let after = net.get_ok(&info(&seeder, dseq)).await;
    assert_eq!(
        num(&after["escrow_account"]["state"]["transferred"][0]["amount"]),
        rate * 2
    );
    net.advance(1, 400.0).await;
    let after = net.get_ok(&info(&seeder, dseq)).await;
    assert_eq!(after["deployment"]["state"], "active");
    let lease = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={seeder}&filters.dseq={dseq}"
        ))
        .await;
    assert_eq!(lease["leases"][0]["lease"]["state"], "active");

    // Refusals.
    let (s, v) = net
        .post(
            "/__devnet/seed",
            json!({"owner": "akash1nope", "deployments": 1}),
        )
        .await;
    assert_eq!(s, 400, "{v}");
    let (s, _) = net
        .post(
            "/__devnet/seed",
            json!({"owner": seeder, "deployments": 1, "x": 1}),
        )
        .await;
    assert!(s >= 400, "unknown field refused");
    let (s, v) = net
        .post("/__devnet/seed", json!({"owner": seeder, "deployments": 0}))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["dseqs"], json!([]));
    net.running.shutdown().await;
}

#[tokio::test]
async fn seeding_many_is_quick_and_rotates_providers() {
    let net = Net::start(Genesis::default_embedded()).await;
    let seeder = dev_key(2).address();
    let t = std::time::Instant::now();
    let dseqs = net.running.devnet().seed_deployments(&seeder, 1000);
    assert_eq!(dseqs.len(), 1000);
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    let providers = net.running.devnet().with_state(|st| {
        let mut p: Vec<String> = st
            .leases
            .values()
            .filter(|l| l.id.owner == seeder)
            .map(|l| l.id.provider.clone())
            .collect();
        p.sort();
        p.dedup();
        p
    });
    assert_eq!(providers.len(), 3, "every genesis provider leases some");
    net.advance(1, 1.0).await;
    net.running.shutdown().await;
}

#[tokio::test]
async fn application_version_is_configurable() {
    let net = Net::start(Genesis::default_embedded()).await;
    let info = net
        .get_ok("/cosmos/base/tendermint/v1beta1/node_info")
        .await;
    assert_eq!(info["application_version"]["version"], "v2.1.0");
    net.running.shutdown().await;

    let net = Net::start(Genesis::default_embedded().with_app_version("v0.38.0")).await;
    let info = net
        .get_ok("/cosmos/base/tendermint/v1beta1/node_info")
        .await;
    assert_eq!(info["application_version"]["version"], "v0.38.0");
    net.running.shutdown().await;

    // In a genesis file, and an empty one refused.
    let mut g = serde_json::to_value(Genesis::default_embedded()).unwrap();
    g["app_version"] = json!("v0.36.0");
    let parsed = Genesis::parse(&g.to_string()).unwrap();
    assert_eq!(parsed.build(1).unwrap().app_version, "v0.36.0");
    g["app_version"] = json!(" ");
    assert!(Genesis::parse(&g.to_string()).unwrap().build(1).is_err());

    // A snapshot written before the field existed loads with the default.
    let mut st = serde_json::to_value(Genesis::default_embedded().build(1).unwrap()).unwrap();
    st.as_object_mut().unwrap().remove("app_version");
    let st: vmc_devnet::ChainState = serde_json::from_value(st).unwrap();
    assert_eq!(st.app_version, "v2.1.0");
}
