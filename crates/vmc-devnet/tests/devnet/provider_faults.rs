//! Provider faults on demand: an unreachable gateway (connections reset), a forced 422 on the
//! manifest, and a provider that drops a lease (and forgets its manifest).

use crate::akash_support;
use crate::provider_support;

use akash_support::{Net, dev_key};
use provider_support::{client, gateway, lease_web, token};
use serde_json::json;
use vmc_akash::jwt::{Alg, Leases};
use vmc_devnet::{FaultKind, FaultRule, Genesis};

#[tokio::test]
async fn unreachable_forced_422_and_dropped_lease() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let gw = gateway(&net, "provider-us-west").await;
    let other = gateway(&net, "provider-eu-gpu").await;

    // Unreachable, set through the admin route: the next connection is reset.
    let (s, v) = net
        .post(
            "/__devnet/faults",
            json!({"rules": [{"path": "/", "kind": {"type": "unreachable"}, "provider": "provider-us-west", "count": 1}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = net.get("/__devnet/faults").await;
    assert_eq!(s, 200);
    assert_eq!(v["rules"][0]["provider"], "provider-us-west");
    let fresh = client(&gw.cert_der, None);
    let err = fresh
        .get(format!("{}/version", gw.url))
        .send()
        .await
        .expect_err("connection reset");
    assert!(err.is_connect() || err.is_request(), "{err}");
    let again = client(&gw.cert_der, None);
    let ok = again
        .get(format!("{}/version", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200, "only one connection was dropped");
    assert_eq!(
        other.get("/version", None).await.0,
        200,
        "other providers are not affected"
    );

    // A forced 422 on the manifest, then the real answer.
    let manifest = lease_web(&net, &key, 9, &gw.address, None).await;
    let jwt = token(
        &key,
        net.running.devnet().with_state(|st| st.time_ms) / 1000,
        Leases::full(),
        Alg::Es256kAdr36,
    );
    net.running.devnet().add_fault(FaultRule {
        path: "/deployment/".into(),
        method: Some("PUT".into()),
        kind: FaultKind::Status { status: 422 },
        count: 1,
        provider: Some(gw.address.clone()),
    });
    let (s, body) = gw.put_manifest(9, &manifest, &jwt).await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = gw.put_manifest(9, &manifest, &jwt).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(gw.get("/lease/9/1/1/status", Some(&jwt)).await.0, 200);

    // The provider drops the lease: closed on chain in the next block, manifest forgotten.
    let lease = net.running.devnet().with_state(|st| {
        st.leases
            .values()
            .find(|l| l.id.dseq == 9)
            .map(|l| l.id.clone())
            .unwrap()
    });
    net.running.devnet().drop_lease(lease);
    net.advance(1, 1.0).await;
    assert_eq!(gw.get("/lease/9/1/1/status", Some(&jwt)).await.0, 404);
    assert!(
        net.running
            .devnet()
            .with_state(|st| st.provider_manifests.is_empty()),
        "the stored manifest is gone"
    );
    let leases = net
        .get_ok(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={}&filters.dseq=9",
            key.address()
        ))
        .await;
    assert_eq!(leases["leases"][0]["lease"]["state"], "closed");
}
