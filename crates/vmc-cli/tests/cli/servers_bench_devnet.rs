//! Not a test: `bench/servers-list.sh` runs this (ignored) to serve the devnet's Hetzner API with
//! N servers when `vmc devnet up` does not serve it. It writes the base URL to
//! `$VMC_BENCH_URL_FILE` and serves until that file is removed.

use crate::servers_support;

use serde_json::json;
use servers_support::Env;
use vmc_devnet::hetzner::HetznerFixtures;

#[test]
#[ignore = "run by bench/servers-list.sh"]
fn serve_devnet_for_bench() {
    let Ok(url_file) = std::env::var("VMC_BENCH_URL_FILE") else {
        return;
    };
    let n: usize = std::env::var("VMC_BENCH_SERVERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let env = Env::with_fixtures(HetznerFixtures::default().with_rate_limit(1_000_000));
    for i in 0..n {
        let (status, body) = env.api(
            "POST",
            "/servers",
            Some(&json!({
                "name": format!("bench-{i}"), "server_type": "cx22", "image": "debian-12",
                "location": "fsn1", "labels": {"bench": "yes"},
            })),
        );
        assert_eq!(status, 201, "{body}");
    }
    std::fs::write(&url_file, &env.hetzner).unwrap();
    while std::path::Path::new(&url_file).exists() {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}
