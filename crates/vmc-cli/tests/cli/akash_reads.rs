//! `vmc akash list|status|bids|leases|balance|escrow|providers|certs` against the devnet: tables
//! (snapshots), JSON (deserialized into the documented types), and bad input.

use crate::akash_support;
use crate::assert_snap;

use akash_support::{Env, WEB_SDL, dev_key, fails, ok};
use vmc_cli::commands::akash::balance::BalanceView;
use vmc_cli::commands::akash::bids::BidRow;
use vmc_cli::commands::akash::status::StatusView;
use vmc_cli::commands::akash::view::{DeploymentView, LeaseView};

/// Deployment 100: leased; deployment 200: open with bids, no lease.
fn fixture() -> (Env, String, String) {
    let env = Env::start();
    let key = dev_key(0);
    env.create(&key, WEB_SDL, 100);
    let provider = env.lease_first(&key, 100);
    env.create(&key, WEB_SDL, 200);
    (env, key.address(), provider)
}

#[test]
fn list_shows_leases_prices_and_escrow() {
    let (env, owner, provider) = fixture();
    let json = ok(env
        .vmc()
        .args(["akash", "list", "-o", "json", "--owner", &owner]));
    let list: Vec<DeploymentView> = serde_json::from_str(&json).unwrap();
    assert_eq!(list.len(), 2, "{json}");
    let d = list.iter().find(|d| d.dseq == "100").unwrap();
    assert_eq!(d.state, "active");
    assert_eq!(d.leases.len(), 1);
    let l = &d.leases[0];
    assert_eq!(
        (l.provider.as_str(), l.gseq, l.oseq, l.state.as_str()),
        (provider.as_str(), 1, 1, "active")
    );
    assert_eq!(l.prices.price.denom, "uact");
    let e = d.escrow.as_ref().unwrap();
    assert_eq!(e.balance.denom, "uact");
    assert!(e.rate.is_some() && e.blocks_left.is_some(), "{e:?}");
    let other = list.iter().find(|d| d.dseq == "200").unwrap();
    assert!(other.leases.is_empty());
    assert_eq!(other.escrow.as_ref().unwrap().balance.amount, "5000000");
    let table = ok(env.vmc().args(["akash", "list", "--owner", &owner]));
    assert_snap!("list_table", table);
}

#[test]
fn read_only_with_only_the_wallet_address() {
    let (env, owner, _) = fixture();
    for args in [
        vec!["akash", "list"],
        vec!["akash", "status", "100"],
        vec!["akash", "bids", "200"],
        vec!["akash", "balance"],
    ] {
        let out = env
            .vmc()
            .env("AKASH_WALLET_ADDRESS", &owner)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let json = ok(env
        .vmc()
        .env("AKASH_WALLET_ADDRESS", &owner)
        .args(["akash", "balance", "-o", "json"]));
    let b: BalanceView = serde_json::from_str(&json).unwrap();
    assert_eq!(b.address, owner);
    assert!(b.balances.iter().any(|c| c.denom == "uact"));
    assert!(b.balances.iter().any(|c| c.denom == "uakt"));
}

#[test]
fn status_shows_the_chain_part_and_the_provider_part() {
    let (env, owner, provider) = fixture();
    // With an address only (read-only), no key signs a JWT, not even the devnet's: the chain
    // part prints and the provider part says why it is missing.
    let json = ok(env
        .vmc()
        .env("AKASH_WALLET_ADDRESS", &owner)
        .args(["akash", "status", "100", "-o", "json"]));
    let s: StatusView = serde_json::from_str(&json).unwrap();
    assert_eq!(s.leases[0].provider_status, "no-key", "{json}");
    let json = ok(env.vmc().args(["akash", "status", "100", "-o", "json"]));
    let s: StatusView = serde_json::from_str(&json).unwrap();
    assert_eq!(s.dseq, "100");
    assert_eq!(s.groups.len(), 1);
    assert_eq!(s.leases.len(), 1);
    assert_eq!(s.leases[0].lease.provider, provider);
    // On `local` the development wallet is the owner, so vmc signs a JWT and asks the provider.
    assert_eq!(s.leases[0].provider_status, "ok", "{json}");
    let web = &s.leases[0].status.services;
    assert_eq!(web.len(), 1, "{json}");
    assert_eq!(web[0].name, "web");
    assert!(web[0].ready >= 1 && !web[0].uris.is_empty(), "{json}");
    assert!(s.escrow.is_some());
}

#[test]
fn bids_and_explain() {
    let (env, owner, _) = fixture();
    let json = ok(env
        .vmc()
        .args(["akash", "bids", "200", "-o", "json", "--owner", &owner]));
    let bids: Vec<BidRow> = serde_json::from_str(&json).unwrap();
    assert!(!bids.is_empty(), "{json}");
    for b in &bids {
        assert_eq!(b.bid.state, "open");
        assert_eq!(b.bid.prices.price.denom, "uact");
    }
    let json = ok(env.vmc().args([
        "akash",
        "bids",
        "200",
        "--explain",
        "-o",
        "json",
        "--owner",
        &owner,
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let verdicts = v["explain"][0]["providers"].as_array().unwrap();
    assert!(verdicts.iter().any(|p| p["verdict"] == "bid"), "{json}");
    let table = ok(env
        .vmc()
        .args(["akash", "bids", "200", "--explain", "--owner", &owner]));
    assert_snap!("bids_explain_table", table);
}

#[test]
fn leases_and_escrow() {
    let (env, owner, _) = fixture();
    let json = ok(env
        .vmc()
        .args(["akash", "leases", "-o", "json", "--owner", &owner]));
    let leases: Vec<LeaseView> = serde_json::from_str(&json).unwrap();
    assert_eq!(leases.len(), 1);
    assert_eq!(leases[0].dseq, "100");
    let json = ok(env
        .vmc()
        .args(["akash", "escrow", "100", "-o", "json", "--owner", &owner]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["state"], "open");
    assert!(v["time_left_secs"].as_u64().unwrap() > 0, "{v}");
}

#[test]
fn providers_and_certs() {
    let (env, _, provider) = fixture();
    let json = ok(env.vmc().args(["akash", "providers", "-o", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|p| p["owner"] == provider.as_str())
    );
    let web =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/akash/web.yaml");
    let json = ok(env
        .vmc()
        .args(["akash", "providers", "-o", "json", "--eligible-for"])
        .arg(&web));
    let eligible: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(!eligible.as_array().unwrap().is_empty());
    let json = ok(env.vmc().args(["akash", "certs", &provider, "-o", "json"]));
    let certs: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(certs[0]["state"], "valid", "{json}");
}

#[test]
fn bad_input_and_not_found() {
    let (env, owner, _) = fixture();
    let e = fails(
        env.vmc()
            .args(["akash", "status", "999", "--owner", &owner]),
        4,
    );
    assert!(e.contains("deployment 999") && e.contains(&env.base), "{e}");
    let e = fails(
        env.vmc().args(["akash", "list", "--owner", "akash1qqqq"]),
        2,
    );
    assert!(e.contains("owner"), "{e}");
    let bad_checksum = format!("{}x", &owner[..owner.len() - 1]);
    let e = fails(
        env.vmc().args(["akash", "list", "--owner", &bad_checksum]),
        2,
    );
    assert!(e.contains("checksum"), "{e}");
    let e = fails(
        env.vmc()
            .args(["akash", "status", "abc", "--owner", &owner]),
        2,
    );
    assert!(e.contains("`abc` is not a dseq"), "{e}");
    // Nothing listens there: exit 5 naming the endpoint.
    let e = fails(
        env.vmc().args([
            "akash",
            "list",
            "--owner",
            &owner,
            "--node",
            "http://127.0.0.1:9",
        ]),
        5,
    );
    assert!(e.contains("127.0.0.1:9"), "{e}");
    let e = fails(
        env.vmc().args([
            "akash",
            "list",
            "--owner",
            &owner,
            "--node",
            "http://example.com:1317",
        ]),
        2,
    );
    assert!(e.contains("loopback"), "{e}");
}

#[test]
fn provider_logs_events_and_shell_through_the_gateway() {
    let (env, owner, provider) = fixture();
    let json = ok(env
        .vmc()
        .args(["akash", "provider", &provider, "-o", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["owner"], provider.as_str());
    assert_eq!(v["gateway"]["reachable"], true, "{json}");
    assert!(v["gateway"]["status"].is_object(), "{json}");
    let logs = ok(env.vmc().args([
        "akash", "logs", "100", "--tail", "3", "-o", "jsonl", "--owner", &owner,
    ]));
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty(), "no log lines");
    assert!(
        lines
            .iter()
            .all(|l| l["name"].is_string() && l["message"].is_string())
    );
    let events = ok(env
        .vmc()
        .args(["akash", "events", "100", "-o", "jsonl", "--owner", &owner]));
    assert!(!events.trim().is_empty(), "no events");
    let out = ok(env.vmc().args([
        "akash", "shell", "100", "web", "--owner", &owner, "--", "echo", "hi",
    ]));
    assert!(out.contains("echo"), "{out}");
    // An unknown provider: exit 4; no active lease: exit 4 naming it.
    let other = akash_support::dev_key(3).address();
    fails(env.vmc().args(["akash", "provider", &other]), 4);
    let e = fails(
        env.vmc().args(["akash", "logs", "200", "--owner", &owner]),
        4,
    );
    assert!(e.contains("no active lease"), "{e}");
}

/// The web template with its placement's attributes and signedBy replaced.
fn web_with_placement(placement: &str) -> String {
    let start = WEB_SDL
        .find("      attributes:\n        host: akash")
        .unwrap();
    let end = WEB_SDL.find("      pricing:").unwrap();
    format!("{}{placement}{}", &WEB_SDL[..start], &WEB_SDL[end..])
}

/// Expected answers from the default genesis (docs/devnet-genesis.md): provider-us-west is
/// community, audited by Akash Network and the vmc devnet auditor; provider-eu-gpu is premium,
/// audited by Akash Network and Overclock Labs; provider-us-east-unaudited has no audits.
#[test]
fn explain_attributes_all_of_and_any_of_against_the_default_genesis() {
    const AKASH: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";
    const OVERCLOCK: &str = "akash18qa2a2ltfyvkyj0ggj3hkvuj6twzyumuaru9s4";
    const VMC: &str = "akash1vz375dkt0c60annyp6mkzeejfq0qpyevhseu05";
    let env = Env::start();
    let key = dev_key(0);
    let owner = key.address();
    let west = env.provider_address("provider-us-west");
    let gpu = env.provider_address("provider-eu-gpu");
    let east = env.provider_address("provider-us-east-unaudited");
    let cases = [
        (
            301,
            format!(
                "      attributes:\n        host: akash\n      signedBy:\n        allOf:\n          - {AKASH}\n          - {OVERCLOCK}\n"
            ),
            vec![&gpu],
        ),
        (
            302,
            format!(
                "      attributes:\n        tier: community\n      signedBy:\n        anyOf:\n          - {OVERCLOCK}\n          - {VMC}\n"
            ),
            vec![&west],
        ),
        (
            303,
            "      attributes:\n        region: mars\n".to_string(),
            vec![],
        ),
    ];
    for (dseq, placement, bidders) in cases {
        env.create(&key, &web_with_placement(&placement), dseq);
        let d = dseq.to_string();
        let json = ok(env.vmc().args([
            "akash",
            "bids",
            &d,
            "--explain",
            "-o",
            "json",
            "--owner",
            &owner,
        ]));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut bid: Vec<String> = v["bids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["provider"].as_str().unwrap().to_string())
            .collect();
        bid.sort();
        let mut want: Vec<String> = bidders.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(bid, want, "dseq {dseq}: {json}");
        for p in v["explain"][0]["providers"].as_array().unwrap() {
            let addr = p["provider"].as_str().unwrap();
            let expect = if want.iter().any(|w| w == addr) {
                "bid"
            } else {
                "not-eligible"
            };
            assert_eq!(p["verdict"], expect, "dseq {dseq}, {addr}: {json}");
            if expect == "not-eligible" {
                assert!(!p["reasons"].as_array().unwrap().is_empty(), "{json}");
            }
        }
        let _ = &east;
    }
    let mars = ok(env
        .vmc()
        .args(["akash", "bids", "303", "--explain", "--owner", &owner]));
    assert!(mars.contains("region"), "{mars}");
}
