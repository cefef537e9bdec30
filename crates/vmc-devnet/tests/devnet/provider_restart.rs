//! A restarted devnet keeps its providers' certificates and the manifests they accepted; the
//! gateways move to new ports and the on-chain `host_uri` follows.

use crate::akash_support;
use crate::provider_support;

use akash_support::{Net, dev_key};
use provider_support::{gateway, lease_web, token};
use vmc_akash::jwt::{Alg, Leases};
use vmc_devnet::{DevnetConfig, Genesis, ManualClock};

async fn start(dir: &std::path::Path, clock: &ManualClock) -> Net {
    Net::start_with(DevnetConfig {
        block_time: None,
        clock: Some(clock.clone()),
        genesis: Genesis::default_embedded(),
        state_dir: Some(dir.to_path_buf()),
        ..DevnetConfig::default()
    })
    .await
}

#[tokio::test]
async fn certificates_and_manifests_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let g = Genesis::default_embedded();
    let clock = ManualClock::new(g.genesis_ms().unwrap());
    let key = dev_key(0);

    let net = start(dir.path(), &clock).await;
    let gw = gateway(&net, "provider-us-west").await;
    let manifest = lease_web(&net, &key, 5, &gw.address, None).await;
    let jwt = token(
        &key,
        net.running.devnet().with_state(|st| st.time_ms) / 1000,
        Leases::full(),
        Alg::Es256k,
    );
    let (s, body) = gw.put_manifest(5, &manifest, &jwt).await;
    assert_eq!(s, 200, "{body}");
    let first_url = gw.url.clone();
    net.running.shutdown().await;

    let net = start(dir.path(), &clock).await;
    let again = gateway(&net, "provider-us-west").await;
    assert_eq!(
        again.cert_der, gw.cert_der,
        "same certificate, still the only one"
    );
    assert_eq!(again.address, gw.address);
    let on_chain = net.get_ok("/akash/provider/v1beta4/providers").await;
    let host_uri = on_chain["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["owner"] == again.address.as_str())
        .unwrap()["host_uri"]
        .clone();
    assert_eq!(host_uri, again.url.as_str());
    if again.url != first_url {
        let old = gw.http.get(format!("{first_url}/version")).send().await;
        assert!(old.is_err(), "the old gateway is gone");
    }
    let stored = again.get_json("/lease/5/1/1/manifest", Some(&jwt)).await;
    assert_eq!(
        stored,
        serde_json::from_str::<serde_json::Value>(&manifest).unwrap()
    );
    net.running.shutdown().await;
}
