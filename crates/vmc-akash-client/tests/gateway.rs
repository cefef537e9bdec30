//! The provider gateway client against the devnet's gateways: public endpoints, the §8.4
//! certificate check (on-chain, Web PKI, refusals), JWT auth, lease status and manifest, logs
//! (tail, follow across a dropped connection), events, shell, and unreachable gateways.

mod gateway_support;

use std::time::{Duration, Instant};

use gateway_support::{Net, Proxy, dev_key, socket_addr, stranger_key, token};
use vmc_akash_client::gateway::{
    GatewayAuth, GatewayClient, GatewayError, GatewayOptions, KubeEvent, LogLine, LogOptions,
    ShellIo, ShellRequest, StreamNotice, Trust,
};
use vmc_devnet::{FaultKind, FaultRule};
use vmc_http::RetryPolicy;

const US_WEST: &str = "provider-us-west";
const EU_GPU: &str = "provider-eu-gpu";

fn opts() -> GatewayOptions {
    GatewayOptions {
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            max_retries: 2,
            base: Duration::from_millis(20),
            cap: Duration::from_millis(100),
        },
        reconnect: RetryPolicy {
            max_retries: 5,
            base: Duration::from_millis(50),
            cap: Duration::from_millis(200),
        },
        ..GatewayOptions::default()
    }
}

fn client(url: &str, trust: Trust, auth: GatewayAuth) -> GatewayClient {
    GatewayClient::new(url, trust, auth, &opts()).unwrap()
}

async fn logs_of(
    gw: &GatewayClient,
    dseq: u64,
    opts: LogOptions,
) -> Result<Vec<LogLine>, GatewayError> {
    let mut lines = Vec::new();
    gw.logs(dseq, 1, 1, &opts, |l| lines.push(l), |_| {})
        .await?;
    Ok(lines)
}

/// `fut`, or a panic after 20 s (so a bug cannot hang the test).
async fn within<F: std::future::IntoFuture>(
    fut: F,
) -> Result<F::Output, tokio::time::error::Elapsed> {
    tokio::time::timeout(Duration::from_secs(20), fut).await
}

fn tls_message(e: GatewayError) -> String {
    match e {
        GatewayError::Tls { message, .. } => message,
        other => panic!("expected a TLS refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn public_endpoints_without_auth() {
    let net = Net::start().await;
    let info = net.gateway(US_WEST);
    let gw = client(&info.url, net.trust(&info.address).await, GatewayAuth::None);
    assert_eq!(gw.endpoint(), info.url);

    let v = gw.version().await.unwrap();
    assert_eq!(v.akash.version.as_deref(), Some("v0.10.0-vmc-devnet"));
    assert_eq!(v.kube.major.as_deref(), Some("1"));
    assert_eq!(
        v.akash.extra["cosmosSdkVersion"], "v0.53",
        "unknown fields are kept"
    );
    let st = gw.status().await.unwrap();
    assert_eq!(st.address.as_deref(), Some(info.address.as_str()));
    assert_eq!(st.cluster.active_leases(), Some(0));
    assert_eq!(st.manifest.deployments, 0);
    assert_eq!(
        st.cluster_public_hostname.as_deref(),
        Some("devnet.localhost")
    );
    assert_eq!(gw.address().await.unwrap(), info.address);

    // Owner endpoints need credentials: the provider's message comes through.
    match gw.lease_status(1, 1, 1).await.unwrap_err() {
        GatewayError::Unauthorized {
            status, message, ..
        } => assert_eq!((status, message.as_str()), (401, "unauthorized access")),
        other => panic!("{other:?}"),
    }
    net.running.shutdown().await;
}

#[tokio::test]
async fn certificate_must_be_the_lease_providers_on_chain_one() {
    let net = Net::start().await;
    let us = net.gateway(US_WEST);
    let eu = net.gateway(EU_GPU);
    let us_trust = net.trust(&us.address).await;
    let eu_trust = net.trust(&eu.address).await;

    // No on-chain certificate known: refused.
    let none = Trust {
        provider: us.address.clone(),
        onchain_certs: vec![],
    };
    let msg = tls_message(
        client(&us.url, none.clone(), GatewayAuth::None)
            .version()
            .await
            .unwrap_err(),
    );
    assert!(
        msg.contains("not among the provider's valid on-chain certificates (0 known)"),
        "{msg}"
    );
    assert!(msg.contains(&us.address), "{msg}");

    // Another provider's certificates: refused.
    let wrong_certs = Trust {
        provider: us.address.clone(),
        onchain_certs: eu_trust.onchain_certs.clone(),
    };
    let msg = tls_message(
        client(&us.url, wrong_certs, GatewayAuth::None)
            .status()
            .await
            .unwrap_err(),
    );
    assert!(
        msg.contains("not among the provider's valid on-chain certificates (1 known)"),
        "{msg}"
    );

    // The gateway is not the lease's provider (even with its real certificate at hand).
    let wrong_provider = Trust {
        provider: eu.address.clone(),
        onchain_certs: us_trust.onchain_certs.clone(),
    };
    let msg = tls_message(
        client(&us.url, wrong_provider, GatewayAuth::None)
            .version()
            .await
            .unwrap_err(),
    );
    assert!(
        msg.contains(&format!(
            "presents the certificate of {}, but the lease's provider is {}",
            us.address, eu.address
        )),
        "{msg}"
    );

    // The websockets go through the same check.
    let jwt = GatewayAuth::Jwt(token(&dev_key(0), net.now_s()));
    let err = logs_of(
        &client(&us.url, none.clone(), jwt),
        1,
        LogOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(tls_message(err).contains("(0 known)"));

    // Step 1, Web PKI: a root that vouches for the host name is enough on its own ...
    let mut o = opts();
    o.web_pki_roots = vec![net.cert_der(&us.address).await.into()];
    let web = GatewayClient::new(&us.url, none.clone(), GatewayAuth::None, &o).unwrap();
    assert!(web.version().await.is_ok());
    // ... a root that does not, is not; and the on-chain step still decides.
    o.web_pki_roots = vec![net.cert_der(&eu.address).await.into()];
    let msg = tls_message(
        GatewayClient::new(&us.url, none, GatewayAuth::None, &o)
            .unwrap()
            .version()
            .await
            .unwrap_err(),
    );
    assert!(msg.contains("Web PKI refused the certificate"), "{msg}");
    let both = GatewayClient::new(&us.url, us_trust, GatewayAuth::None, &o).unwrap();
    assert!(both.version().await.is_ok());

    // Garbage where a PEM belongs is refused up front.
    let bad = Trust {
        provider: us.address.clone(),
        onchain_certs: vec![b"not a certificate".to_vec()],
    };
    assert!(matches!(
        GatewayClient::new(&us.url, bad, GatewayAuth::None, &opts()),
        Err(GatewayError::Tls { .. })
    ));
    assert!(matches!(
        GatewayClient::new(
            "http://127.0.0.1:1",
            Trust::default(),
            GatewayAuth::None,
            &opts()
        ),
        Err(GatewayError::Endpoint { .. })
    ));
    net.running.shutdown().await;
}

#[tokio::test]
async fn manifest_status_logs_events_and_shell_with_a_jwt() {
    let net = Net::start().await;
    let key = dev_key(0);
    let info = net.gateway(US_WEST);
    let trust = net.trust(&info.address).await;
    let dseq = 77;
    let manifest = net.lease_web(&key, dseq, &info.address).await;
    let jwt = token(&key, net.now_s());
    let gw = client(&info.url, trust.clone(), GatewayAuth::Jwt(jwt.clone()));
    let shown = format!("{gw:?}");
    assert!(
        !shown.contains(jwt.expose()) && shown.contains("REDACTED"),
        "{shown}"
    );

    // Before the manifest: no status; a tampered manifest is refused with the provider's word.
    assert!(
        gw.lease_status(dseq, 1, 1)
            .await
            .unwrap_err()
            .is_not_found()
    );
    let tampered = manifest.replace("nginx:1.27.4", "nginx:evil");
    match gw
        .send_manifest(dseq, tampered.as_bytes())
        .await
        .unwrap_err()
    {
        GatewayError::Http { status: 422, .. } => {}
        other => panic!("{other:?}"),
    }
    assert!(
        gw.send_manifest(dseq + 1, manifest.as_bytes())
            .await
            .unwrap_err()
            .is_not_found(),
        "no lease for that deployment"
    );
    gw.send_manifest(dseq, manifest.as_bytes()).await.unwrap();
    gw.send_manifest(dseq, manifest.as_bytes()).await.unwrap(); // idempotent

    // Manifest and status.
    let stored = gw.lease_manifest(dseq, 1, 1).await.unwrap();
    assert_eq!(
        stored,
        serde_json::from_str::<serde_json::Value>(&manifest).unwrap()
    );
    let st = gw.lease_status(dseq, 1, 1).await.unwrap();
    let web = &st.services["web"];
    assert_eq!((web.total, web.ready_replicas), (1, 0));
    assert_eq!(web.uris.len(), 2, "{:?}", web.uris);
    assert!(st.forwarded_ports.is_empty() && !st.all_ready());

    // Not ready yet: the logs stream closes with 4000 "no running pods".
    match logs_of(&gw, dseq, LogOptions::default()).await.unwrap_err() {
        GatewayError::Closed {
            code: 4000, reason, ..
        } => assert_eq!(reason, "no running pods"),
        other => panic!("{other:?}"),
    }
    net.advance(1, 2.0).await;
    assert!(gw.lease_status(dseq, 1, 1).await.unwrap().all_ready());

    // Logs: all, then the tail of one service.
    let all = logs_of(&gw, dseq, LogOptions::default()).await.unwrap();
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all.iter().all(|l| l.name == "web-0"));
    assert_eq!(all[0].message, "devnet: pulled image nginx:1.27.4");
    let tail = logs_of(
        &gw,
        dseq,
        LogOptions {
            tail: Some(2),
            services: vec!["web".into()],
            ..LogOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(tail, all[3..].to_vec());
    match logs_of(
        &gw,
        dseq,
        LogOptions {
            services: vec!["db".into()],
            ..LogOptions::default()
        },
    )
    .await
    .unwrap_err()
    {
        GatewayError::Closed {
            code: 4000, reason, ..
        } => assert!(reason.contains("db"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(
        logs_of(&gw, dseq + 5, LogOptions::default())
            .await
            .unwrap_err()
            .is_not_found()
    );

    // Events.
    let mut events: Vec<KubeEvent> = Vec::new();
    gw.events(dseq, 1, 1, false, &[], |e| events.push(e), |_| {})
        .await
        .unwrap();
    let reasons: Vec<&str> = events.iter().map(|e| e.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    );
    assert_eq!(events[0].object.name, "web-0");
    assert_eq!(events[0].kind, "Normal");

    // Shell: a command and its exit code; then stdin echoed back.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let req = ShellRequest {
        service: "web".into(),
        replica: 0,
        tty: false,
        stdin: false,
        argv: vec!["echo".into(), "hi there".into()],
    };
    let outcome = gw
        .shell(dseq, 1, 1, &req, ShellIo::new(&mut out, &mut err))
        .await
        .unwrap();
    assert_eq!((outcome.exit_code, outcome.message), (0, None));
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(r#"["echo","hi there"]"#), "{text}");
    assert!(err.is_empty());

    let mut out = Vec::new();
    let req = ShellRequest {
        stdin: true,
        argv: vec!["cat".into()],
        ..req
    };
    let io = ShellIo::new(&mut out, Vec::new()).with_stdin(&b"hello from stdin"[..]);
    let outcome = gw.shell(dseq, 1, 1, &req, io).await.unwrap();
    assert_eq!(outcome.exit_code, 0);
    assert!(
        String::from_utf8(out)
            .unwrap()
            .ends_with("hello from stdin")
    );

    let req = ShellRequest {
        replica: 3,
        stdin: false,
        ..req
    };
    let outcome = gw
        .shell(dseq, 1, 1, &req, ShellIo::new(Vec::new(), Vec::new()))
        .await
        .unwrap();
    assert_eq!(outcome.exit_code, 1);
    assert!(outcome.message.unwrap().contains("out of range"));

    // A JWT of a key the chain does not know: 401 with the provider's message.
    let stranger = client(
        &info.url,
        trust.clone(),
        GatewayAuth::Jwt(token(&stranger_key(), net.now_s())),
    );
    match stranger.lease_status(dseq, 1, 1).await.unwrap_err() {
        GatewayError::Unauthorized {
            status: 401,
            message,
            ..
        } => {
            assert!(message.contains("JWT"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    match logs_of(&stranger, dseq, LogOptions::default())
        .await
        .unwrap_err()
    {
        GatewayError::Unauthorized { status: 401, .. } => {}
        other => panic!("{other:?}"),
    }
    // An expired one, too.
    let old = client(
        &info.url,
        trust.clone(),
        GatewayAuth::Jwt(token(&key, net.now_s() - 3600)),
    );
    assert!(matches!(
        old.lease_manifest(dseq, 1, 1).await.unwrap_err(),
        GatewayError::Unauthorized { status: 401, .. }
    ));
    // Another owner's valid JWT sees no such lease.
    let other_owner = dev_key(1);
    let other = client(
        &info.url,
        trust,
        GatewayAuth::Jwt(token(&other_owner, net.now_s())),
    );
    if net.running.devnet().with_state(|st| {
        st.accounts
            .get(&other_owner.address())
            .is_some_and(|a| a.pubkey.is_some())
    }) {
        assert!(
            other
                .lease_status(dseq, 1, 1)
                .await
                .unwrap_err()
                .is_not_found()
        );
    }
    net.running.shutdown().await;
}

#[tokio::test]
async fn followed_logs_survive_a_dropped_connection() {
    let net = Net::start().await;
    let key = dev_key(0);
    let info = net.gateway(US_WEST);
    let dseq = 78;
    let manifest = net.lease_web(&key, dseq, &info.address).await;
    let proxy = Proxy::start(socket_addr(&info.url)).await;
    let gw = client(
        &proxy.url(),
        net.trust(&info.address).await,
        GatewayAuth::Jwt(token(&key, net.now_s())),
    );
    gw.send_manifest(dseq, manifest.as_bytes()).await.unwrap();
    net.advance(1, 2.0).await;

    let (line_tx, mut lines) = tokio::sync::mpsc::unbounded_channel::<LogLine>();
    let (note_tx, mut notices) = tokio::sync::mpsc::unbounded_channel::<StreamNotice>();
    let follower = gw.clone();
    let task = tokio::spawn(async move {
        let opts = LogOptions {
            follow: true,
            tail: Some(1),
            services: vec![],
        };
        follower
            .logs(
                dseq,
                1,
                1,
                &opts,
                move |l| {
                    let _ = line_tx.send(l);
                },
                move |n| {
                    let _ = note_tx.send(n);
                },
            )
            .await
    });
    let next_line = async |lines: &mut tokio::sync::mpsc::UnboundedReceiver<LogLine>| {
        within(lines.recv())
            .await
            .expect("a line within 20 s")
            .expect("stream open")
            .message
    };

    assert_eq!(
        next_line(&mut lines).await,
        "devnet: web replica 0 ready",
        "tail=1"
    );
    net.advance(1, 2.0).await;
    assert_eq!(next_line(&mut lines).await, "devnet: heartbeat 1");
    assert_eq!(next_line(&mut lines).await, "devnet: heartbeat 2");

    // Drop the connection: the client reconnects (reported), asking for no backlog.
    let before = proxy.accepted();
    proxy.cut();
    let n = within(notices.recv()).await.unwrap().unwrap();
    assert!(
        matches!(n, StreamNotice::Reconnecting { attempt: 1, .. }),
        "{n:?}"
    );
    let n = within(notices.recv()).await.unwrap().unwrap();
    assert!(matches!(n, StreamNotice::Reconnected { .. }), "{n:?}");
    assert!(proxy.accepted() > before, "a new connection");
    net.advance(1, 1.0).await;
    assert_eq!(
        next_line(&mut lines).await,
        "devnet: heartbeat 3",
        "nothing repeated"
    );

    // The lease ends: the stream ends normally.
    net.drop_lease(dseq).await;
    within(task).await.unwrap().unwrap().unwrap();
    assert!(lines.try_recv().is_err(), "no more lines");
    net.running.shutdown().await;
}

#[tokio::test]
async fn unreachable_gateways() {
    let net = Net::start().await;
    let info = net.gateway(US_WEST);
    let trust = net.trust(&info.address).await;

    // Nothing listens: Unreachable, naming the gateway, quickly.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("https://127.0.0.1:{port}");
    let gw = client(&url, trust.clone(), GatewayAuth::None);
    let t = Instant::now();
    let err = gw.version().await.unwrap_err();
    assert!(matches!(err, GatewayError::Unreachable { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
    assert!(t.elapsed() < opts().connect_timeout, "{:?}", t.elapsed());
    let err = logs_of(&gw, 1, LogOptions::default()).await.unwrap_err();
    assert!(matches!(err, GatewayError::Unreachable { .. }), "{err:?}");

    // Accepts TCP but never answers: Timeout within the configured time.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", silent.local_addr().unwrap());
    let mut o = opts();
    o.connect_timeout = Duration::from_millis(400);
    o.timeout = Duration::from_millis(800);
    let gw = GatewayClient::new(&url, trust.clone(), GatewayAuth::None, &o).unwrap();
    let t = Instant::now();
    let err = gw.status().await.unwrap_err();
    assert!(matches!(err, GatewayError::Timeout { .. }), "{err:?}");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    let t = Instant::now();
    let err = logs_of(&gw, 1, LogOptions::default()).await.unwrap_err();
    assert!(matches!(err, GatewayError::Timeout { .. }), "{err:?}");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());

    // The devnet resets connections before TLS: retried (reported), then given up.
    let devnet = net.running.devnet();
    let reset = |count| FaultRule {
        path: "/".into(),
        method: None,
        kind: FaultKind::Unreachable,
        count,
        provider: Some(info.name.clone()),
    };
    let retries = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = retries.clone();
    let gw = client(&info.url, trust, GatewayAuth::None)
        .on_retry(move |n| seen.lock().unwrap().push(n.retry));
    devnet.add_fault(reset(1));
    assert!(
        gw.version().await.is_ok(),
        "one reset, then the retry succeeds"
    );
    assert_eq!(*retries.lock().unwrap(), [1]);
    devnet.add_fault(reset(3));
    let fresh = client(&info.url, net.trust(&info.address).await, GatewayAuth::None);
    let err = fresh.version().await.unwrap_err();
    assert!(matches!(err, GatewayError::Unreachable { .. }), "{err:?}");
    net.running.shutdown().await;
}
