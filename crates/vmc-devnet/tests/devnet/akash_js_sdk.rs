//! The official JS SDK's REST query client (`@akashnetwork/chain-sdk`, npm) lists deployments
//! (following `next_key`) and bids from the devnet. Needs node and npm; without them the test
//! skips, unless `VMC_REQUIRE_REAL_CLIENTS=1` (CI), which makes a missing tool a failure.

use crate::akash_support;

use std::path::Path;
use std::process::Command;

use akash_support::{Net, WEB_SDL, create_deployment, dev_key};
use vmc_akash::tx::Msg;
use vmc_devnet::Genesis;

fn required() -> bool {
    std::env::var("VMC_REQUIRE_REAL_CLIENTS").is_ok_and(|v| v == "1" || v == "true")
}

fn skip(why: &str) {
    if required() {
        panic!("VMC_REQUIRE_REAL_CLIENTS=1 but {why}");
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!("skipping: {why}");
    }
}

fn js_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js"))
}

fn ensure_sdk() -> bool {
    if Command::new("node").arg("--version").output().is_err() {
        skip("node is not installed");
        return false;
    }
    if js_dir()
        .join("node_modules/@akashnetwork/chain-sdk/package.json")
        .is_file()
    {
        return true;
    }
    let out = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-package-lock"])
        .current_dir(js_dir())
        .output();
    match out {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            skip(&format!(
                "npm install failed: {}",
                String::from_utf8_lossy(&o.stderr)
            ));
            false
        }
        Err(e) => {
            skip(&format!("npm is not available: {e}"));
            false
        }
    }
}

#[tokio::test]
async fn official_js_sdk_lists_deployments_and_bids() {
    if !ensure_sdk() {
        return;
    }
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let owner = key.address();
    let sdl = vmc_sdl::parse(WEB_SDL).unwrap();
    // Three deployments, so that a page size of 2 needs next_key.
    for dseq in [11u64, 12, 13] {
        let msg = create_deployment(&sdl, &owner, dseq, 500_000);
        let res = net.deliver(&key, vec![Msg::CreateDeployment(msg)]).await;
        assert_eq!(res["code"], 0, "{res}");
    }
    net.advance(1, 1.0).await;

    let base = net.base.clone();
    let owner2 = owner.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("list.mjs")
            .arg(&base)
            .arg(&owner2)
            .current_dir(js_dir())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let deps = v["deployments"].as_array().unwrap();
    let dseqs: Vec<&str> = deps.iter().map(|d| d["dseq"].as_str().unwrap()).collect();
    assert_eq!(dseqs, ["11", "12", "13"], "{v}");
    for d in deps {
        assert_eq!(d["owner"], owner.as_str());
        assert_eq!(d["groups"], 1);
        assert_eq!(d["escrow_funds"][0], "500000.000000000000000000uact", "{v}");
    }
    // Two audited providers bid on each of the three orders.
    let bids = v["bids"].as_array().unwrap();
    assert_eq!(bids.len(), 6, "{v}");
    assert!(
        bids.iter()
            .all(|b| b["price"].as_str().unwrap().ends_with("uact"))
    );
    net.running.shutdown().await;
}
