//! The full Akash flow through the devnet's HTTP APIs, provider gateway included: transactions
//! signed by vmc's protocol crate, the SDL template through vmc's SDL engine; create deployment →
//! bids from eligible providers only → lease → tampered manifest refused (422) → manifest
//! accepted (JWT over TLS, the provider's certificate checked against the chain) → lease status
//! (replicas ready after the delay on the manual clock) → logs → shell echo → close with refund.

use crate::akash_support;
use crate::provider_support;

use akash_support::{Net, WEB_SDL, create_deployment, dev_key};
use futures_util::{SinkExt, StreamExt};
use provider_support::{gateway, token};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use vmc_akash::jwt::{Alg, Leases};
use vmc_akash::proto::deployment::{DeploymentId, MsgCloseDeployment, MsgCreateDeployment};
use vmc_akash::proto::market::{BidId, MsgCreateLease};
use vmc_akash::tx::Msg;
use vmc_devnet::Genesis;

fn deployment(owner: &str, dseq: u64, deposit: u128) -> (MsgCreateDeployment, String) {
    let sdl = vmc_sdl::parse(WEB_SDL).expect("template parses");
    let manifest = sdl.manifest(vmc_sdl::Convention::Ts).canonical_json();
    (create_deployment(&sdl, owner, dseq, deposit), manifest)
}

fn now_s(net: &Net) -> i64 {
    net.running.devnet().with_state(|st| st.time_ms) / 1000
}

/// Reads text frames until the server closes; returns them and the close code.
async fn read_all<S>(ws: &mut S) -> (Vec<Value>, u16)
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let mut frames = Vec::new();
    while let Some(m) = ws.next().await {
        match m.unwrap() {
            Message::Text(t) => frames.push(serde_json::from_str(&t).unwrap()),
            Message::Close(c) => return (frames, c.map(|c| u16::from(c.code)).unwrap_or(0)),
            _ => {}
        }
    }
    (frames, 0)
}

#[tokio::test]
async fn deployment_through_the_provider_gateway() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let owner = key.address();
    let uact_before = net.balance(&owner, "uact").await;

    // Gateways run for every provider, their host_uri on chain is where they listen.
    assert_eq!(net.running.gateways.len(), 3);
    let providers = net.get_ok("/akash/provider/v1beta4/providers").await;
    for gw in &net.running.gateways {
        let p = providers["providers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["owner"] == gw.address.as_str())
            .unwrap();
        assert_eq!(p["host_uri"], gw.url.as_str());
        assert!(gw.url.starts_with("https://127.0.0.1:"));
    }

    // 1. Create the deployment.
    let dseq = 4242;
    let deposit = 5_000_000u128;
    let (msg, manifest_json) = deployment(&owner, dseq, deposit);
    let res = net.deliver(&key, vec![Msg::CreateDeployment(msg)]).await;
    assert_eq!(res["code"], 0, "{res}");

    // 2. Bids only from eligible providers (the template wants the Akash auditor's signature).
    net.advance(1, 1.0).await;
    let bids = net
        .get_ok(&format!(
            "/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq={dseq}&filters.state=open"
        ))
        .await;
    let bidders: Vec<String> = bids["bids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["bid"]["id"]["provider"].as_str().unwrap().to_string())
        .collect();
    let name_of = |addr: &str| {
        net.running
            .gateways
            .iter()
            .find(|g| g.address == addr)
            .unwrap()
            .name
            .clone()
    };
    let mut names: Vec<String> = bidders.iter().map(|a| name_of(a)).collect();
    names.sort();
    assert_eq!(names, ["provider-eu-gpu", "provider-us-west"]);

    // 3. Lease with provider-us-west.
    let gw = gateway(&net, "provider-us-west").await;
    let provider_before = net.balance(&gw.address, "uact").await;
    let res = net
        .deliver(
            &key,
            vec![Msg::CreateLease(MsgCreateLease {
                bid_id: Some(BidId {
                    owner: owner.clone(),
                    dseq,
                    gseq: 1,
                    oseq: 1,
                    provider: gw.address.clone(),
                    bseq: 0,
                }),
            })],
        )
        .await;
    assert_eq!(res["code"], 0, "{res}");

    // Public endpoints, over TLS 1.3 with the on-chain certificate as the only root.
    let addr = gw.get_json("/address", None).await;
    assert_eq!(addr["address"], gw.address.as_str());
    assert!(gw.get_json("/version", None).await["akash"]["version"].is_string());
    let status = gw.get_json("/status", None).await;
    assert_eq!(status["cluster"]["leases"], 1);
    assert_eq!(status["manifest"]["deployments"], 0);
    let (s, _) = gw.get(&format!("/lease/{dseq}/1/1/status"), None).await;
    assert_eq!(s, 401, "lease endpoints need auth");

    // 4. Manifest: a tampered one is refused, the real one accepted.
    let jwt = token(&key, now_s(&net), Leases::full(), Alg::Es256kAdr36);
    let tampered = manifest_json.replace("nginx:1.27.4", "nginx:evil");
    assert_ne!(tampered, manifest_json);
    let (s, body) = gw.put_manifest(dseq, &tampered, &jwt).await;
    assert_eq!(s, 422, "{body}");
    let (s, _) = gw
        .get(&format!("/lease/{dseq}/1/1/status"), Some(&jwt))
        .await;
    assert_eq!(s, 404, "no manifest stored yet");
    let (s, body) = gw.put_manifest(dseq, &manifest_json, &jwt).await;
    assert_eq!(s, 200, "{body}");
    assert!(body.is_empty());
    let (s, _) = gw.put_manifest(dseq + 1, &manifest_json, &jwt).await;
    assert_eq!(s, 404, "no lease for another deployment");
    let stored = gw
        .get_json(&format!("/lease/{dseq}/1/1/manifest"), Some(&jwt))
        .await;
    let sent: Value = serde_json::from_str(&manifest_json).unwrap();
    assert_eq!(stored, sent, "the lease's group as sent");

    // 5. Lease status: replicas not ready until the delay has passed on the devnet clock.
    let st = gw
        .get_json(&format!("/lease/{dseq}/1/1/status"), Some(&jwt))
        .await;
    let web = &st["services"]["web"];
    assert_eq!(web["total"], 1);
    assert_eq!(web["ready_replicas"], 0);
    let uris: Vec<&str> = web["uris"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 2, "{uris:?}");
    assert!(uris[0].ends_with(".ingress.devnet.localhost"), "{uris:?}");
    assert_eq!(uris[1], "www.example.com");
    assert_eq!(
        st["forwarded_ports"],
        serde_json::json!({}),
        "port 80 is HTTP"
    );
    net.advance(1, 2.0).await;
    let st = gw
        .get_json(&format!("/lease/{dseq}/1/1/status"), Some(&jwt))
        .await;
    assert_eq!(st["services"]["web"]["ready_replicas"], 1);
    assert_eq!(st["services"]["web"]["uris"][0], uris[0], "stable URI");
    let one = gw
        .get_json(&format!("/lease/{dseq}/1/1/service/web/status"), Some(&jwt))
        .await;
    assert_eq!(one["available"], 1);
    let (s, _) = gw
        .get(&format!("/lease/{dseq}/1/1/service/db/status"), Some(&jwt))
        .await;
    assert_eq!(s, 404);
    assert_eq!(
        gw.get_json("/status", None).await["manifest"]["deployments"],
        1
    );

    // 6. Logs: the deterministic start-up lines; `tail` keeps the last ones.
    let mut ws = gw
        .ws(&format!("/lease/{dseq}/1/1/logs?follow=false"), &jwt)
        .await;
    let (lines, code) = read_all(&mut ws).await;
    assert_eq!(code, 1000);
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(lines.iter().all(|l| l["name"] == "web-0"));
    assert_eq!(lines[0]["message"], "devnet: pulled image nginx:1.27.4");
    assert_eq!(lines[4]["message"], "devnet: web replica 0 ready");
    let mut ws = gw
        .ws(&format!("/lease/{dseq}/1/1/logs?tail=2&service=web"), &jwt)
        .await;
    let (tail, _) = read_all(&mut ws).await;
    assert_eq!(tail, lines[3..].to_vec());
    let mut ws = gw.ws(&format!("/lease/{dseq}/1/1/kubeevents"), &jwt).await;
    let (events, code) = read_all(&mut ws).await;
    assert_eq!(code, 1000);
    let reasons: Vec<&str> = events
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    );
    assert_eq!(events[0]["object"]["name"], "web-0");

    // 7. Shell: it reports the argv, echoes stdin, and ends with exit code 0.
    let mut sh = gw
        .ws(
            &format!(
                "/lease/{dseq}/1/1/shell?cmd0=cat&cmd1=-n&service=web&podIndex=0&tty=0&stdin=1"
            ),
            &jwt,
        )
        .await;
    let Some(Ok(Message::Binary(first))) = sh.next().await else {
        panic!("no stdout frame");
    };
    assert_eq!(first[0], 100);
    let text = String::from_utf8_lossy(&first[1..]).to_string();
    assert!(text.contains(r#"["cat","-n"]"#), "{text}");
    sh.send(Message::Binary([&[104u8][..], b"hello"].concat().into()))
        .await
        .unwrap();
    let Some(Ok(Message::Binary(echo))) = sh.next().await else {
        panic!("no echo");
    };
    assert_eq!(&echo[..], &[&[100u8][..], b"hello"].concat()[..]);
    sh.send(Message::Binary(vec![104u8].into())).await.unwrap();
    let Some(Ok(Message::Binary(result))) = sh.next().await else {
        panic!("no result frame");
    };
    assert_eq!(result[0], 102);
    let r: Value = serde_json::from_slice(&result[1..]).unwrap();
    assert_eq!(r, serde_json::json!({"exit_code": 0}));

    // 8. Close the deployment: the lease ends, the gateway forgets it, the deposit comes back.
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
    let (s, _) = gw
        .get(&format!("/lease/{dseq}/1/1/status"), Some(&jwt))
        .await;
    assert_eq!(s, 404, "closed lease");
    let paid = net.balance(&gw.address, "uact").await - provider_before - 500_000;
    assert!(paid > 0, "the provider was paid");
    assert_eq!(
        net.balance(&owner, "uact").await,
        uact_before - paid,
        "refund = deposit - what the lease cost"
    );
}

#[tokio::test]
async fn followed_logs_move_with_the_devnet_clock() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let gw = gateway(&net, "provider-us-west").await;
    let manifest = provider_support::lease_web(&net, &key, 31, &gw.address, None).await;
    let jwt = token(&key, now_s(&net), Leases::full(), Alg::Es256k);
    assert_eq!(gw.put_manifest(31, &manifest, &jwt).await.0, 200);

    // No replica is ready yet: "no running pods".
    let mut ws = gw.ws("/lease/31/1/1/logs", &jwt).await;
    let (lines, code) = read_all(&mut ws).await;
    assert_eq!((lines.len(), code), (0, 4000));

    net.advance(1, 2.0).await;
    let mut ws = gw.ws("/lease/31/1/1/logs?follow=true&tail=1", &jwt).await;
    let first = next(&mut ws).await.unwrap();
    assert_eq!(first["message"], "devnet: web replica 0 ready", "tail=1");
    // Three devnet seconds later: three heartbeats.
    net.advance(1, 3.0).await;
    for i in 1..=3 {
        let l = next(&mut ws).await.unwrap();
        assert_eq!(l["message"], format!("devnet: heartbeat {i}"));
    }
    // The lease ends: the stream closes normally.
    let lease = net.running.devnet().with_state(|st| {
        st.leases
            .values()
            .find(|l| l.id.dseq == 31)
            .unwrap()
            .id
            .clone()
    });
    net.running.devnet().drop_lease(lease);
    net.advance(1, 0.0).await;
    assert_eq!(next(&mut ws).await.unwrap_err(), Some(1000));
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>;

/// The next text frame, or the close code (waits at most 30 s so a bug cannot hang the test).
async fn next(ws: &mut Ws) -> Result<Value, Option<u16>> {
    loop {
        let m = tokio::time::timeout(std::time::Duration::from_secs(30), ws.next())
            .await
            .expect("a frame within 30 s")
            .unwrap()
            .unwrap();
        match m {
            Message::Text(t) => return Ok(serde_json::from_str(&t).unwrap()),
            Message::Close(c) => return Err(c.map(|c| u16::from(c.code))),
            _ => {}
        }
    }
}
