//! Rate limiting (`RateLimit-*` headers, 429, refill over clock time) and faults on demand,
//! through the Rust handle and the admin HTTP route.

use crate::hetzner_support;

use std::time::Duration;

use hetzner_support::start;
use serde_json::json;
use vmc_devnet::hetzner::{FaultKind, FaultRule, HetznerFixtures};

#[tokio::test]
async fn rate_limit_headers_429_and_refill() {
    // 3 per hour: one request comes back every 20 minutes.
    let (dn, clock) = start(HetznerFixtures::default().with_rate_limit(3)).await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let a = dn.get("/locations").await;
        assert_eq!(a.status, 200);
        assert_eq!(a.header("ratelimit-limit"), "3");
        remaining.push(a.header("ratelimit-remaining"));
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let over = dn.get("/locations").await;
    assert_eq!(
        (over.status.as_u16(), over.code()),
        (429, "rate_limit_exceeded")
    );
    assert_eq!(over.header("ratelimit-remaining"), "0");
    let reset: i64 = over.header("ratelimit-reset").parse().unwrap();
    assert_eq!(
        reset,
        hetzner_support::T0 / 1000 + 3600,
        "full again in an hour"
    );
    // Unauthenticated requests count too.
    let anon = dn
        .client
        .get(format!("{}/locations", dn.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 429);

    clock.advance_ms(20 * 60 * 1000);
    let back = dn.get("/locations").await;
    assert_eq!(back.status, 200);
    assert_eq!(back.header("ratelimit-remaining"), "0");
    assert_eq!(dn.get("/locations").await.status, 429);
}

/// Limit, Remaining and Reset of an answer, and what a client derives from them: the time one
/// request takes to come back, `(Reset − now) / (Limit − Remaining)`, in ms.
fn budget(a: &hetzner_support::Answer, now_ms: i64) -> (i64, i64, i64, Option<i64>) {
    let n = |h: &str| a.header(h).parse::<i64>().unwrap();
    let (limit, remaining, reset) = (
        n("ratelimit-limit"),
        n("ratelimit-remaining"),
        n("ratelimit-reset"),
    );
    let per = (limit > remaining).then(|| (reset * 1000 - now_ms) / (limit - remaining));
    (limit, remaining, reset, per)
}

#[tokio::test]
async fn rate_limit_headers_agree_across_a_burst_and_on_injected_429s() {
    // The default 3600/h: one request back per second.
    let (dn, clock) = start(HetznerFixtures::default()).await;
    let t0 = hetzner_support::T0;
    for i in 0..30 {
        let a = dn.get("/locations").await;
        assert_eq!(a.status, 200);
        // One less per request; full again one second later per request.
        assert_eq!(
            budget(&a, t0),
            (3600, 3599 - i, t0 / 1000 + 1 + i, Some(1000))
        );
    }
    // Ten seconds later ten have come back.
    clock.advance_ms(10_000);
    let now = t0 + 10_000;
    let a = dn.get("/locations").await;
    assert_eq!(budget(&a, now), (3600, 3579, now / 1000 + 21, Some(1000)));

    // Several injected 429s: each reads as a spent budget (0 left, full again in an hour), so
    // a client waits a second per request instead of retrying at once.
    dn.state
        .faults()
        .add_rule(FaultRule::new(Some("GET"), "/servers", FaultKind::RateLimit).times(3));
    for _ in 0..3 {
        let a = dn.get("/servers").await;
        assert_eq!((a.status.as_u16(), a.code()), (429, "rate_limit_exceeded"));
        assert_eq!(budget(&a, now), (3600, 0, now / 1000 + 3600, Some(1000)));
    }
    // The bucket itself only counted them: the next answer goes on from where it was.
    let a = dn.get("/servers").await;
    assert_eq!(a.status, 200);
    assert_eq!(budget(&a, now), (3600, 3575, now / 1000 + 25, Some(1000)));
}

#[tokio::test]
async fn route_faults_from_rust() {
    let (dn, _clock) = start(HetznerFixtures::default()).await;
    let faults = dn.state.faults();
    faults.fail_route(Some("GET"), "/servers", 503, 2);
    for _ in 0..2 {
        let a = dn.get("/servers").await;
        assert_eq!((a.status.as_u16(), a.code()), (503, "unavailable"));
        assert!(!a.header("ratelimit-remaining").is_empty());
    }
    assert_eq!(dn.get("/servers").await.status, 200, "only twice");
    assert_eq!(dn.get("/pricing").await.status, 200);

    faults.add_rule(FaultRule::new(
        None,
        "/servers/*/actions/**",
        FaultKind::RateLimit,
    ));
    let id = dn.create("x", json!({})).await;
    let a = dn
        .post(&format!("/servers/{id}/actions/poweroff"), json!({}))
        .await;
    assert_eq!((a.status.as_u16(), a.code()), (429, "rate_limit_exceeded"));
    assert_eq!(a.header("ratelimit-remaining"), "0");

    faults.add_rule(FaultRule::new(
        Some("POST"),
        "/servers",
        FaultKind::Status {
            status: None,
            code: Some("conflict".into()),
            message: None,
        },
    ));
    let c = dn
        .post(
            "/servers",
            json!({"name": "y", "server_type": "cx22", "image": "ubuntu-24.04"}),
        )
        .await;
    assert_eq!((c.status.as_u16(), c.code()), (409, "conflict"));
    assert!(faults.pending().rules.is_empty());
    assert_eq!(
        dn.get("/servers?name=y").await.body["servers"],
        json!([]),
        "the faulted create did nothing"
    );
}

#[tokio::test]
async fn delays_and_hangs_meet_client_timeouts() {
    let (dn, _clock) = start(HetznerFixtures::default()).await;
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let faults = dn.state.faults();

    faults.add_rule(FaultRule::new(Some("GET"), "/locations", FaultKind::Hang));
    let hung = quick
        .get(format!("{}/locations", dn.base))
        .bearer_auth(&dn.token)
        .send()
        .await;
    assert!(hung.unwrap_err().is_timeout());

    faults.add_rule(FaultRule::new(
        Some("GET"),
        "/locations",
        FaultKind::Delay { ms: 5_000 },
    ));
    let slow = quick
        .get(format!("{}/locations", dn.base))
        .bearer_auth(&dn.token)
        .send()
        .await;
    assert!(slow.unwrap_err().is_timeout());

    faults.add_rule(FaultRule::new(
        Some("GET"),
        "/locations",
        FaultKind::Delay { ms: 50 },
    ));
    let late_ok = dn.get("/locations").await;
    assert_eq!(late_ok.status, 200, "a delay still answers");
    let ok = quick
        .get(format!("{}/locations", dn.base))
        .bearer_auth(&dn.token)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn failing_actions_and_locks_over_the_admin_route() {
    let (dn, clock) = start(HetznerFixtures::default().with_action_ms(1000)).await;
    let admin = |body: serde_json::Value| {
        let dn = &dn;
        async move {
            dn.client
                .post(format!("{}/faults", dn.admin))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };

    // The next start_server fails: the create succeeds, the server stays off.
    let r = admin(json!({"fail_actions": [{"command": "start_server", "code": "boot_failed", "message": "no bootable disk"}]})).await;
    assert_eq!(r.status(), 200);
    let a = dn
        .post(
            "/servers",
            json!({"name": "f", "server_type": "cx22", "image": "ubuntu-24.04"}),
        )
        .await;
    let id = a.body["server"]["id"].as_i64().unwrap();
    let start_id = a.body["next_actions"][0]["id"].as_i64().unwrap();
    assert!(
        a.body["next_actions"][0]["error"].is_null(),
        "the error shows once the action ends"
    );
    clock.advance_ms(2000);
    let s = dn.action(start_id).await;
    assert_eq!(s["status"], "error");
    assert_eq!(
        s["error"],
        json!({"code": "boot_failed", "message": "no bootable disk"})
    );
    assert_eq!(dn.server(id).await["status"], "off");
    // A failing create takes its queued start down too.
    admin(json!({"fail_actions": [{"command": "create_server"}]})).await;
    let b = dn
        .post(
            "/servers",
            json!({"name": "g", "server_type": "cx22", "image": "ubuntu-24.04"}),
        )
        .await;
    clock.advance_ms(2000);
    let gid = b.body["server"]["id"].as_i64().unwrap();
    assert_eq!(
        dn.action(b.body["action"]["id"].as_i64().unwrap()).await["error"]["code"],
        "action_failed"
    );
    assert_eq!(
        dn.action(b.body["next_actions"][0]["id"].as_i64().unwrap())
            .await["status"],
        "error"
    );
    assert_eq!(dn.server(gid).await["status"], "off");

    // Lock a server: locked=true, changes answer 423, reads work; unlock.
    assert_eq!(
        admin(json!({"lock_servers": [{"id": id}]})).await.status(),
        200
    );
    assert_eq!(dn.server(id).await["locked"], true);
    let l = dn
        .post(&format!("/servers/{id}/actions/poweron"), json!({}))
        .await;
    assert_eq!((l.status.as_u16(), l.code()), (423, "locked"));
    admin(json!({"lock_servers": [{"id": id, "locked": false}]})).await;
    assert_eq!(
        dn.post(&format!("/servers/{id}/actions/poweron"), json!({}))
            .await
            .status,
        201
    );
    let unknown = admin(json!({"lock_servers": [{"id": 1}]})).await;
    assert_eq!(unknown.status(), 404);

    // Route rules over HTTP; list and clear them.
    admin(json!({"rules": [{"method": "GET", "path": "/pricing", "times": 3, "fault": {"kind": "status", "status": 500}}]})).await;
    assert_eq!(dn.get("/pricing").await.code(), "server_error");
    let listed: serde_json::Value = dn
        .client
        .get(format!("{}/faults", dn.admin))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["faults"]["rules"][0]["times"], 2);
    let cleared = dn
        .client
        .delete(format!("{}/faults", dn.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert_eq!(dn.get("/pricing").await.status, 200);
    let bad = admin(json!({"rules": [{"path": "/x", "fault": {"kind": "explode"}}]})).await;
    assert_eq!(bad.status(), 400);
}
