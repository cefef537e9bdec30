//! The error envelope and codes: auth, not found, bad input, uniqueness, locked,
//! unavailable types, change_type preconditions.

use crate::hetzner_support;

use hetzner_support::start;
use reqwest::Method;
use serde_json::json;
use vmc_devnet::hetzner::{HetznerFixtures, TokenFixture};

fn assert_envelope(body: &serde_json::Value) {
    let e = &body["error"];
    assert!(e["code"].is_string() && e["message"].is_string(), "{body}");
    assert!(e.as_object().unwrap().contains_key("details"), "{body}");
}

#[tokio::test]
async fn authentication() {
    let mut fx = HetznerFixtures::default();
    fx.tokens.push(TokenFixture {
        token: "reader".into(),
        read_only: true,
    });
    let (mut dn, _clock) = start(fx).await;

    let none = dn
        .client
        .get(format!("{}/servers", dn.base))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    assert!(
        none.headers().contains_key("ratelimit-remaining"),
        "headers on every answer"
    );
    let body: serde_json::Value = none.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert_envelope(&body);

    dn.token = "wrong".into();
    assert_eq!(dn.get("/servers").await.code(), "unauthorized");

    dn.token = "reader".into();
    assert_eq!(dn.get("/servers").await.status, 200);
    let w = dn
        .post(
            "/servers",
            json!({"name": "x", "server_type": "cx22", "image": "ubuntu-24.04"}),
        )
        .await;
    assert_eq!((w.status.as_u16(), w.code()), (401, "token_readonly"));
    assert_eq!(
        dn.get("/servers").await.body["servers"],
        json!([]),
        "nothing was created"
    );
}

#[tokio::test]
async fn not_found_method_and_json_errors() {
    let (dn, _clock) = start(HetznerFixtures::default()).await;
    for path in [
        "/servers/999",
        "/servers/abc",
        "/actions/1",
        "/ssh_keys/5",
        "/images/1",
        "/nope",
    ] {
        let a = dn.get(path).await;
        assert_eq!((a.status.as_u16(), a.code()), (404, "not_found"), "{path}");
        assert_envelope(&a.body);
    }
    let m = dn.call(Method::PATCH, "/servers", None).await;
    assert_eq!((m.status.as_u16(), m.code()), (405, "method_not_allowed"));

    let raw = dn
        .client
        .post(format!("{}/servers", dn.base))
        .bearer_auth(&dn.token)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(body["error"]["code"], "json_error");
}

#[tokio::test]
async fn invalid_input_names_the_field() {
    let (dn, _clock) = start(HetznerFixtures::default()).await;
    let cases = [
        (
            json!({"server_type": "cx22", "image": "ubuntu-24.04"}),
            "name",
        ),
        (
            json!({"name": "bad_name", "server_type": "cx22", "image": "ubuntu-24.04"}),
            "name",
        ),
        (json!({"name": "a", "image": "ubuntu-24.04"}), "server_type"),
        (
            json!({"name": "a", "server_type": "cx99", "image": "ubuntu-24.04"}),
            "server_type",
        ),
        (
            json!({"name": "a", "server_type": "cx22", "image": "windows-95"}),
            "image",
        ),
        (
            json!({"name": "a", "server_type": "cx22", "image": 161547270}),
            "image",
        ),
        (
            json!({"name": "a", "server_type": "cx22", "image": "ubuntu-24.04", "location": "mars1"}),
            "location",
        ),
        (
            json!({"name": "a", "server_type": "cx22", "image": "ubuntu-24.04", "ssh_keys": ["nokey"]}),
            "ssh_keys",
        ),
        (
            json!({"name": "a", "server_type": "cx22", "image": "ubuntu-24.04", "labels": {"hetzner.cloud/x": "y"}}),
            "labels",
        ),
        (
            json!({"name": "a", "server_type": "cx22", "image": "ubuntu-24.04", "start_after_create": "yes"}),
            "start_after_create",
        ),
        (
            json!({"name": "a", "type": "cx22", "image": "ubuntu-24.04"}),
            "type",
        ),
        (
            json!({"name": "a", "server_type": "cx22", "image": "ubuntu-24.04", "volumes": [5]}),
            "volumes",
        ),
    ];
    for (body, field) in cases {
        let a = dn.post("/servers", body.clone()).await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (422, "invalid_input"),
            "{body}: {}",
            a.body
        );
        assert_eq!(
            a.body["error"]["details"]["fields"][0]["name"], field,
            "{body}: {}",
            a.body
        );
    }
    for q in [
        "sort=size",
        "sort=id:up",
        "status=sleeping",
        "page=0",
        "per_page=-1",
    ] {
        let a = dn.get(&format!("/servers?{q}")).await;
        assert_eq!((a.status.as_u16(), a.code()), (422, "invalid_input"), "{q}");
    }
    let a = dn.get("/actions").await;
    assert_eq!(
        a.body["error"]["details"]["fields"][0]["name"], "id",
        "GET /actions needs id"
    );
    assert_eq!(
        dn.get("/servers").await.body["servers"],
        json!([]),
        "nothing was created"
    );
}

#[tokio::test]
async fn uniqueness_locked_unavailable_and_change_type_rules() {
    let mut fx = HetznerFixtures::default().with_action_ms(1000);
    fx.server_types
        .iter_mut()
        .find(|t| t.name == "cx32")
        .unwrap()
        .unavailable
        .push("hel1".into());
    let (dn, clock) = start(fx).await;

    let id = dn.create("taken", json!({})).await;
    let dup = dn
        .post(
            "/servers",
            json!({"name": "taken", "server_type": "cx22", "image": "ubuntu-24.04"}),
        )
        .await;
    assert_eq!((dup.status.as_u16(), dup.code()), (409, "uniqueness_error"));
    assert_eq!(dup.body["error"]["details"]["fields"][0]["name"], "name");

    // Busy while create/start run.
    let busy = dn.delete(&format!("/servers/{id}")).await;
    assert_eq!((busy.status.as_u16(), busy.code()), (423, "locked"));
    clock.advance_ms(2000);
    assert_eq!(dn.server(id).await["status"], "running");

    // Sold out / not sold.
    let sold_out = dn.post("/servers", json!({"name": "b", "server_type": "cx32", "image": "ubuntu-24.04", "location": "hel1"})).await;
    assert_eq!(
        (sold_out.status.as_u16(), sold_out.code()),
        (412, "resource_unavailable")
    );
    let not_sold = dn
        .post(
            "/servers",
            json!({"name": "b", "server_type": "cx22", "image": "ubuntu-24.04", "location": "ash"}),
        )
        .await;
    assert_eq!(
        (not_sold.status.as_u16(), not_sold.code()),
        (412, "resource_unavailable")
    );
    let by_dc = dn.post("/servers", json!({"name": "b", "server_type": "cx22", "image": "ubuntu-24.04", "datacenter": "hel1-dc2"})).await;
    assert_eq!(by_dc.status, 201, "legacy datacenter field: {}", by_dc.body);
    assert_eq!(by_dc.body["server"]["location"]["name"], "hel1");

    // change_type: must be off; compatible type only; upgrade_disk required.
    let on = dn
        .post(
            &format!("/servers/{id}/actions/change_type"),
            json!({"server_type": "cx32", "upgrade_disk": false}),
        )
        .await;
    assert_eq!((on.status.as_u16(), on.code()), (422, "server_not_stopped"));
    dn.post(&format!("/servers/{id}/actions/poweroff"), json!({}))
        .await;
    clock.advance_ms(1000);
    let arm = dn
        .post(
            &format!("/servers/{id}/actions/change_type"),
            json!({"server_type": "cax21", "upgrade_disk": false}),
        )
        .await;
    assert_eq!(
        (arm.status.as_u16(), arm.code()),
        (422, "invalid_server_type")
    );
    let no_flag = dn
        .post(
            &format!("/servers/{id}/actions/change_type"),
            json!({"server_type": "cx32"}),
        )
        .await;
    assert_eq!(
        no_flag.body["error"]["details"]["fields"][0]["name"],
        "upgrade_disk"
    );
    let up = dn
        .post(
            &format!("/servers/{id}/actions/change_type"),
            json!({"server_type": "cx42", "upgrade_disk": true}),
        )
        .await;
    assert_eq!(up.status, 201);
    clock.advance_ms(1000);
    let down = dn
        .post(
            &format!("/servers/{id}/actions/change_type"),
            json!({"server_type": "cx22", "upgrade_disk": false}),
        )
        .await;
    assert_eq!(
        down.code(),
        "invalid_server_type",
        "the disk grew to 160 GB, cx22 has 40"
    );

    // Unsupported and unknown actions, rescue type.
    let img = dn
        .post(&format!("/servers/{id}/actions/create_image"), json!({}))
        .await;
    assert_eq!(
        (img.status.as_u16(), img.code()),
        (422, "unsupported_error")
    );
    assert_eq!(
        dn.post(&format!("/servers/{id}/actions/fly"), json!({}))
            .await
            .status,
        404
    );
    let rescue = dn
        .post(
            &format!("/servers/{id}/actions/enable_rescue"),
            json!({"type": "freebsd64"}),
        )
        .await;
    assert_eq!(rescue.code(), "invalid_input");

    // SSH keys: bad key, duplicate fingerprint, duplicate name.
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ3ZbYp9fG0cNn1x1o7D9Qp0m1hCq2hXk0m5o1s3kQ4";
    assert_eq!(
        dn.post("/ssh_keys", json!({"name": "k", "public_key": "nonsense"}))
            .await
            .code(),
        "invalid_input"
    );
    assert_eq!(
        dn.post("/ssh_keys", json!({"name": "k", "public_key": key}))
            .await
            .status,
        201
    );
    let same_key = dn
        .post("/ssh_keys", json!({"name": "k2", "public_key": key}))
        .await;
    assert_eq!(
        (same_key.status.as_u16(), same_key.code()),
        (409, "uniqueness_error")
    );
    assert_eq!(
        same_key.body["error"]["details"]["fields"][0]["name"],
        "public_key"
    );
    let same_name = dn
        .post(
            "/ssh_keys",
            json!({"name": "k", "public_key": key.replace("IGJ3", "IGJ4")}),
        )
        .await;
    assert_eq!(
        same_name.body["error"]["details"]["fields"][0]["name"],
        "name"
    );

    // Renaming onto a taken name.
    let other = dn.create("other", json!({})).await;
    let clash = dn
        .put(&format!("/servers/{other}"), json!({"name": "taken"}))
        .await;
    assert_eq!(clash.code(), "uniqueness_error");
}
