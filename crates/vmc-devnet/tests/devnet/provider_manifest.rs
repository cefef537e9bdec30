//! The gateway's manifest checks: the hash it recomputes from received JSON agrees with the
//! SDK's published hashes, a manifest whose hash matches but which does not fit the on-chain
//! groups is refused (422), and malformed manifests are refused.

use crate::akash_support;
use crate::provider_support;

use akash_support::{Net, dev_key};
use provider_support::{gateway, lease_web, token};
use serde_json::Value;
use sha2::{Digest, Sha256};
use vmc_akash::jwt::{Alg, Leases};
use vmc_devnet::Genesis;
use vmc_devnet::provider::canon;

#[test]
#[allow(clippy::print_stderr)]
fn recomputed_hashes_match_the_sdk_vectors() {
    let Some(dir) = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR")) else {
        eprintln!("skipped: conformance vectors not found");
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("sdl")).unwrap() {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let (Some(text), Some(hash)) = (v["manifest_sorted_json"].as_str(), v["hash_hex"].as_str())
        else {
            continue;
        };
        if v["ok"] != true {
            continue;
        }
        // The TS SDK leaves U+2028/U+2029 raw where Go (and the provider) escapes them.
        if text.contains(['\u{2028}', '\u{2029}']) {
            continue;
        }
        let parsed: Value = serde_json::from_str(text).unwrap();
        assert_eq!(canon::canonical(&parsed), text, "{}", v["name"]);
        assert_eq!(hex::encode(canon::hash(&parsed)), hash, "{}", v["name"]);
        checked += 1;
    }
    assert!(checked > 300, "only {checked} vectors checked");
}

#[tokio::test]
async fn manifests_must_be_well_formed_and_fit_the_groups() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let gw = gateway(&net, "provider-us-west").await;
    let jwt = token(
        &key,
        net.running.devnet().with_state(|st| st.time_ms) / 1000,
        Leases::full(),
        Alg::Es256k,
    );

    // A deployment whose on-chain hash is that of a manifest asking for more CPU than its group.
    let sdl = vmc_sdl::parse(include_str!("../../../../templates/akash/web.yaml")).unwrap();
    let real = sdl
        .groups_and_manifest(vmc_sdl::Convention::Ts)
        .1
        .canonical_json();
    let greedy = real.replace(
        r#""cpu":{"units":{"val":"500"}}"#,
        r#""cpu":{"units":{"val":"600"}}"#,
    );
    assert_ne!(greedy, real);
    let hash = Sha256::digest(greedy.as_bytes()).to_vec();
    lease_web(&net, &key, 77, &gw.address, Some(hash)).await;

    let (s, body) = gw.put_manifest(77, &greedy, &jwt).await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("cpu"), "{body}");
    let (s, body) = gw.put_manifest(77, &real, &jwt).await;
    assert_eq!(s, 422, "hash mismatch: {body}");
    assert!(body.contains("hash"), "{body}");

    // Same JSON with other key order and whitespace: the hash is recomputed, not compared as text.
    let reordered: Value = serde_json::from_str(&greedy).unwrap();
    let pretty = serde_json::to_string_pretty(&reorder(&reordered)).unwrap();
    assert_ne!(pretty, greedy);
    let (s, body) = gw.put_manifest(77, &pretty, &jwt).await;
    assert_eq!(s, 422, "still does not fit: {body}");
    assert!(body.contains("cpu"), "{body}");

    for (bad, status) in [
        ("[]", 422),
        ("not json", 400),
        (r#"[{"name":"akash"}]"#, 422),
    ] {
        let (s, body) = gw.put_manifest(77, bad, &jwt).await;
        assert_eq!(s, status, "{bad}: {body}");
    }
    let sctp = greedy.replace(r#""proto":"TCP""#, r#""proto":"SCTP""#);
    let (s, body) = gw.put_manifest(77, &sctp, &jwt).await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("SCTP"), "{body}");
    let (s, _) = gw.get("/lease/77/1/1/manifest", Some(&jwt)).await;
    assert_eq!(s, 404, "nothing was stored");

    // The real manifest for a deployment created with its hash is accepted.
    let real2 = lease_web(&net, &key, 78, &gw.address, None).await;
    assert_eq!(real2, real);
    let (s, body) = gw.put_manifest(78, &pretty_of(&real), &jwt).await;
    assert_eq!(s, 200, "{body}");
}

fn pretty_of(text: &str) -> String {
    let v: Value = serde_json::from_str(text).unwrap();
    serde_json::to_string_pretty(&reorder(&v)).unwrap()
}

/// The same value with every object's keys in reverse order.
fn reorder(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, x) in m.iter().rev() {
                out.insert(k.clone(), reorder(x));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(reorder).collect()),
        x => x.clone(),
    }
}
