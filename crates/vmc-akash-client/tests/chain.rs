//! The chain REST client against the devnet: typed queries, `next_key` pagination, retries on
//! 5xx / 429 / slow answers, errors that say which, and the preflight.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vmc_akash_client::{ChainClient, ClientError, ClientOptions, MarketFilter};
use vmc_devnet::{DevnetConfig, FaultKind, FaultRule, Genesis, ManualClock};

async fn devnet() -> vmc_devnet::RunningDevnet {
    let genesis = Genesis::default_embedded();
    let start = genesis.genesis_ms().unwrap();
    vmc_devnet::start(DevnetConfig {
        block_time: None,
        clock: Some(ManualClock::new(start)),
        genesis,
        ..DevnetConfig::default()
    })
    .await
    .unwrap()
}

fn fast() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_millis(800),
        retry: vmc_http::RetryPolicy {
            max_retries: 3,
            base: Duration::from_millis(10),
            cap: Duration::from_millis(50),
        },
        ..ClientOptions::default()
    }
}

fn dev_address() -> String {
    let m = vmc_akash::keys::Mnemonic::parse(vmc_devnet::DEV_MNEMONIC).unwrap();
    vmc_akash::keys::SigningKey::from_mnemonic(&m, 0)
        .unwrap()
        .address()
}

fn rule(path: &str, kind: FaultKind, count: u32) -> FaultRule {
    FaultRule {
        path: path.into(),
        method: None,
        kind,
        count,
        provider: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_and_pagination() {
    let net = devnet().await;
    // Page size 1: every listing follows next_key to the end.
    let c = ChainClient::new(
        &net.url(),
        ClientOptions {
            page_limit: 1,
            ..fast()
        },
    )
    .unwrap();
    let info = c.preflight().await.unwrap();
    assert_eq!(info.app_name, "akash");
    let providers = c.providers().await.unwrap();
    assert_eq!(
        providers.len(),
        net.gateways.len(),
        "every genesis provider, one page each"
    );
    let one = c.provider(&providers[0].owner).await.unwrap();
    assert_eq!(one.owner, providers[0].owner);
    assert!(!c.audits().await.unwrap().is_empty());
    let balances = c.balances(&dev_address()).await.unwrap();
    assert!(balances.iter().any(|b| b.denom == "uact"));
    assert!(balances.iter().any(|b| b.denom == "uakt"));
    let acct = c.account(&dev_address()).await.unwrap();
    assert_eq!(acct.address, dev_address());
    let head = c.latest_block().await.unwrap();
    assert!(head.time_ms > 0, "{head:?}");
    assert!(
        c.deployments(&dev_address(), None)
            .await
            .unwrap()
            .is_empty()
    );
    let none = c
        .leases(&MarketFilter {
            owner: &dev_address(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(none.is_empty());
    // The item limit stops a listing that grows past it.
    let capped = ChainClient::new(
        &net.url(),
        ClientOptions {
            page_limit: 1,
            max_items: 1,
            ..fast()
        },
    )
    .unwrap();
    let e = capped.providers().await.unwrap_err();
    assert!(matches!(e, ClientError::TooMany { limit: 1, .. }), "{e}");
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_and_chain_errors_say_which() {
    let net = devnet().await;
    let c = ChainClient::new(&net.url(), fast()).unwrap();
    let id = vmc_akash::DeploymentId::new(dev_address(), 4242).unwrap();
    let e = c.deployment(&id).await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert!(e.to_string().contains("deployment 4242"), "{e}");
    let e = c.provider(&dev_address()).await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // An invalid state filter is the chain's InvalidArgument (code 3), not retried.
    let e = c
        .deployments(&dev_address(), Some("sleeping"))
        .await
        .unwrap_err();
    match e {
        ClientError::Chain { code, status, .. } => assert_eq!((code, status), (3, 400)),
        other => panic!("{other}"),
    }
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_5xx_429_and_slow_answers() {
    let net = devnet().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    let c = ChainClient::new(&net.url(), fast())
        .unwrap()
        .on_retry(move |n| s2.lock().unwrap().push(n.reason.clone()));
    let dev = net.devnet();
    let path = "/akash/provider/v1beta4/providers";
    dev.add_fault(rule(path, FaultKind::Status { status: 503 }, 2));
    assert!(!c.providers().await.unwrap().is_empty());
    assert_eq!(seen.lock().unwrap().len(), 2, "two 503s, then the answer");
    dev.add_fault(rule(
        path,
        FaultKind::RateLimit {
            retry_after_secs: 0,
        },
        1,
    ));
    assert!(!c.providers().await.unwrap().is_empty());
    dev.add_fault(rule(path, FaultKind::Slow { delay_ms: 2_000 }, 1));
    let t = Instant::now();
    assert!(
        !c.providers().await.unwrap().is_empty(),
        "a slow answer times out, the retry gets through"
    );
    assert!(
        t.elapsed() < Duration::from_millis(1_900),
        "{:?}",
        t.elapsed()
    );
    // Past the retries: Server, naming the endpoint and the count.
    dev.add_fault(rule(path, FaultKind::Status { status: 503 }, 10));
    let e = c.providers().await.unwrap_err();
    match &e {
        ClientError::Server {
            status,
            retries,
            endpoint,
            ..
        } => {
            assert_eq!((*status, *retries), (503, 3));
            assert!(endpoint.contains(path), "{endpoint}");
        }
        other => panic!("{other}"),
    }
    // Always slow: Timeout within the retries' bound, never a hang.
    dev.add_fault(rule(
        "/cosmos/bank",
        FaultKind::Slow { delay_ms: 5_000 },
        10,
    ));
    let t = Instant::now();
    let e = c.balances(&dev_address()).await.unwrap_err();
    assert!(matches!(e, ClientError::Timeout { .. }), "{e}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    net.shutdown().await;
}

#[tokio::test]
async fn unreachable_endpoint_and_transport_rule() {
    let c = ChainClient::new("http://127.0.0.1:9", fast()).unwrap();
    let e = c.providers().await.unwrap_err();
    assert!(matches!(e, ClientError::Unreachable { .. }), "{e}");
    assert!(e.to_string().contains("127.0.0.1:9"), "{e}");
    let e = ChainClient::new("http://node.example:1317", fast()).unwrap_err();
    assert!(e.to_string().contains("loopback"), "{e}");
}

/// A node that answers with something that is not the protocol's shape, and one of an old
/// chain version: served by a tiny HTTP server here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decode_errors_and_old_chains() {
    use axum::routing::get;
    let app = axum::Router::new()
        .route(
            "/cosmos/base/tendermint/v1beta1/node_info",
            get(|| async {
                axum::Json(serde_json::json!({
                    "default_node_info": {"network": "akashnet-2"},
                    "application_version": {"app_name": "akash", "version": "v0.38.1", "cosmos_sdk_version": "v0.45.16"}
                }))
            }),
        )
        .route(
            "/akash/provider/v1beta4/providers",
            get(|| async { axum::Json(serde_json::json!({"providers": [{"owner": 7}]})) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let c = ChainClient::new(&format!("http://{addr}"), fast()).unwrap();
    let e = c.preflight().await.unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, ClientError::UnsupportedChain { .. }), "{text}");
    assert!(
        text.contains("v0.38.1") && text.contains("v1.0.0"),
        "{text}"
    );
    let e = c.providers().await.unwrap_err();
    match &e {
        ClientError::Decode { path, .. } => assert_eq!(path, "providers[0].owner"),
        other => panic!("{other}"),
    }
}
