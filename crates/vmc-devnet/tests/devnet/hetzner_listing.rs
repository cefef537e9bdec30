//! Lists: pagination over 500 servers, sorting, filters, label selectors, and the catalog.

use crate::hetzner_support;

use std::collections::BTreeSet;

use hetzner_support::start;
use serde_json::{Value, json};
use vmc_devnet::hetzner::HetznerFixtures;

fn ids(v: &Value, key: &str) -> Vec<i64> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn five_hundred_servers_paginate_and_sort() {
    let (dn, _clock) = start(HetznerFixtures::default()).await;
    let mut created = Vec::new();
    for i in 0..500 {
        let env = ["prod", "stage", "dev"][i % 3];
        created.push(
            dn.create(
                &format!("srv-{i:03}"),
                json!({"env": env, "n": i.to_string()}),
            )
            .await,
        );
    }

    // Walk every page by following next_page.
    let mut seen = Vec::new();
    let mut page = 1;
    let mut pages = 0;
    loop {
        let a = dn.get(&format!("/servers?page={page}&per_page=50")).await;
        assert_eq!(a.status, 200);
        let p = &a.body["meta"]["pagination"];
        assert_eq!(
            (p["page"].as_i64(), p["per_page"].as_i64()),
            (Some(page), Some(50))
        );
        assert_eq!(
            (p["last_page"].as_i64(), p["total_entries"].as_i64()),
            (Some(10), Some(500))
        );
        assert_eq!(
            p["previous_page"].as_i64(),
            if page == 1 { None } else { Some(page - 1) }
        );
        let link = a.header("link");
        assert!(link.contains("rel=\"last\""), "{link}");
        assert_eq!(link.contains("rel=\"next\""), page < 10, "{link}");
        seen.extend(ids(&a.body, "servers"));
        pages += 1;
        match p["next_page"].as_i64() {
            Some(n) => page = n,
            None => break,
        }
    }
    assert_eq!(pages, 10);
    assert_eq!(seen, created, "every server once, in id order");

    // Past the end: empty page, honest meta.
    let past = dn.get("/servers?page=11&per_page=50").await;
    assert_eq!(past.body["servers"], json!([]));
    assert!(past.body["meta"]["pagination"]["next_page"].is_null());

    // Default per_page is 25; above 50 is capped at 50.
    assert_eq!(
        dn.get("/servers").await.body["servers"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
    assert_eq!(
        dn.get("/servers?per_page=500").await.body["meta"]["pagination"]["per_page"],
        50
    );

    // Sorting.
    let desc = dn.get("/servers?sort=id:desc&per_page=3").await;
    assert_eq!(
        ids(&desc.body, "servers"),
        vec![created[499], created[498], created[497]]
    );
    let by_name = dn.get("/servers?sort=name:desc&per_page=2").await;
    assert_eq!(by_name.body["servers"][0]["name"], "srv-499");
    let asc = dn.get("/servers?sort=name&per_page=1").await;
    assert_eq!(asc.body["servers"][0]["name"], "srv-000");
    let created_sort = dn
        .get("/servers?sort=created:asc&sort=id:desc&per_page=1")
        .await;
    assert_eq!(
        ids(&created_sort.body, "servers"),
        vec![created[499]],
        "ties on created broken by id:desc"
    );

    // name filter (exact), status filter.
    let one = dn.get("/servers?name=srv-042").await;
    assert_eq!(ids(&one.body, "servers"), vec![created[42]]);
    assert_eq!(
        dn.get("/servers?name=srv-04").await.body["servers"],
        json!([])
    );
    let init = dn.get("/servers?status=initializing&per_page=1").await;
    assert_eq!(init.body["meta"]["pagination"]["total_entries"], 500);
    let none = dn.get("/servers?status=running&status=off").await;
    assert_eq!(none.body["meta"]["pagination"]["total_entries"], 0);

    // Label selectors through the API (URL-encoded as clients send them).
    let count = |sel: &str| {
        let dn = &dn;
        let url = format!("/servers?per_page=1&label_selector={}", url_encode(sel));
        async move {
            dn.get(&url).await.body["meta"]["pagination"]["total_entries"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(count("env=prod").await, 167);
    assert_eq!(count("env==stage").await, 167);
    assert_eq!(count("env!=prod").await, 333);
    assert_eq!(count("env in (prod,dev)").await, 333);
    assert_eq!(count("env notin (prod,dev)").await, 167);
    assert_eq!(count("env").await, 500);
    assert_eq!(count("!env").await, 0);
    assert_eq!(count("env=prod,n=3").await, 1);
    assert_eq!(count("env=prod,n in (3,4,6)").await, 2);
    assert_eq!(count("missing").await, 0);
    let bad = dn
        .get(&format!(
            "/servers?label_selector={}",
            url_encode("env in (prod")
        ))
        .await;
    assert_eq!((bad.status.as_u16(), bad.code()), (422, "invalid_input"));
    assert_eq!(
        bad.body["error"]["details"]["fields"][0]["name"],
        "label_selector"
    );
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn catalog_endpoints() {
    let mut fx = HetznerFixtures::default();
    fx.server_types
        .iter_mut()
        .find(|t| t.name == "cpx11")
        .unwrap()
        .unavailable
        .push("sin".into());
    let (dn, _clock) = start(fx).await;

    let st = dn.get("/server_types?per_page=50").await;
    let names: BTreeSet<&str> = st.body["server_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for n in ["cx22", "cx32", "cpx11", "cax11", "ccx13"] {
        assert!(names.contains(n), "{n}");
    }
    let cx22 = dn.get("/server_types?name=cx22").await.body["server_types"][0].clone();
    assert_eq!(
        (
            cx22["cores"].as_i64(),
            cx22["memory"].as_f64(),
            cx22["disk"].as_i64()
        ),
        (Some(2), Some(4.0), Some(40))
    );
    let fsn = cx22["prices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["location"] == "fsn1")
        .unwrap()
        .clone();
    assert_eq!(fsn["price_monthly"]["net"], "3.7900000000");
    assert_eq!(fsn["price_monthly"]["gross"], "4.5101000000000000");
    assert_eq!(fsn["included_traffic"], 21_990_232_555_520u64);
    let cx22_id = cx22["id"].as_i64().unwrap();
    assert_eq!(
        dn.get(&format!("/server_types/{cx22_id}")).await.body["server_type"]["name"],
        "cx22"
    );
    let cpx11 = dn.get("/server_types?name=cpx11").await.body["server_types"][0].clone();
    let sin = cpx11["locations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "sin")
        .unwrap()
        .clone();
    assert_eq!(
        (sin["available"].as_bool(), sin["recommended"].as_bool()),
        (Some(false), Some(false))
    );

    let locs = dn.get("/locations?sort=name:asc").await;
    let names: Vec<&str> = locs.body["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ash", "fsn1", "hel1", "hil", "nbg1", "sin"]);
    assert_eq!(
        dn.get("/locations?name=hel1").await.body["locations"][0]["country"],
        "FI"
    );
    assert_eq!(
        dn.get("/locations/1").await.body["location"]["network_zone"],
        "eu-central"
    );

    let dcs = dn.get("/datacenters").await;
    assert_eq!(dcs.body["datacenters"].as_array().unwrap().len(), 6);
    let sin_dc = dcs.body["datacenters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["location"]["name"] == "sin")
        .unwrap()
        .clone();
    let cpx11_id = cpx11["id"].clone();
    assert!(
        sin_dc["server_types"]["supported"]
            .as_array()
            .unwrap()
            .contains(&cpx11_id)
    );
    assert!(
        !sin_dc["server_types"]["available"]
            .as_array()
            .unwrap()
            .contains(&cpx11_id)
    );
    let dc_id = sin_dc["id"].as_i64().unwrap();
    assert_eq!(
        dn.get(&format!("/datacenters/{dc_id}")).await.body["datacenter"]["name"],
        "sin-dc1"
    );

    let ubuntu = dn.get("/images?name=ubuntu-24.04").await;
    assert_eq!(
        ubuntu.body["images"].as_array().unwrap().len(),
        2,
        "x86 and arm"
    );
    let arm = dn.get("/images?name=ubuntu-24.04&architecture=arm").await;
    assert_eq!(arm.body["images"][0]["architecture"], "arm");
    let without = dn.get("/images?per_page=50").await;
    let with = dn.get("/images?per_page=50&include_deprecated=true").await;
    assert_eq!(
        with.body["images"].as_array().unwrap().len(),
        without.body["images"].as_array().unwrap().len() + 1
    );
    assert_eq!(
        dn.get("/images?type=snapshot").await.body["images"],
        json!([])
    );
    let img_id = ubuntu.body["images"][0]["id"].as_i64().unwrap();
    assert_eq!(
        dn.get(&format!("/images/{img_id}")).await.body["image"]["os_flavor"],
        "ubuntu"
    );

    let p = dn.get("/pricing").await;
    assert_eq!(p.body["pricing"]["currency"], "EUR");
    assert_eq!(p.body["pricing"]["vat_rate"], "19.00");
    assert!(
        p.body["pricing"]["server_types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "ccx13")
    );
}
