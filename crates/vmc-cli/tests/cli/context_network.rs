//! `vmc context create NAME --network N` stores N: the context's network is the one `--network`
//! flag (there is no second spelling that could disagree with it), `vmc context show NAME` shows
//! it, and `--network` on a context command that cannot use it is refused instead of ignored.

use crate::common;

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn vmc(home: &Path) -> assert_cmd::Command {
    common::vmc(home)
}

fn show(home: &Path, args: &[&str]) -> Value {
    let out = vmc(home)
        .args(["context", "show"])
        .args(args)
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "context show {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn config(home: &Path) -> String {
    std::fs::read_to_string(home.join("config/vmc/config.toml")).unwrap()
}

#[test]
fn create_stores_the_network_typed() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    vmc(h)
        .args(["context", "create", "prod", "--network", "mainnet"])
        .assert()
        .success()
        .stderr(predicate::str::contains("network mainnet"));
    let v = show(h, &["prod"]);
    assert_eq!(v["context"]["value"], "prod");
    assert_eq!(v["network"]["value"], "mainnet", "{v}");
    assert_eq!(v["network"]["origin"], "context", "{v}");
    assert_eq!(v["chain_id"]["value"], "akashnet-2", "{v}");

    // Before the subcommand, too; and a context that is not the current one.
    vmc(h)
        .args(["--network", "sandbox", "context", "create", "sb"])
        .assert()
        .success();
    let v = show(h, &["sb"]);
    assert_eq!(v["context"]["value"], "sb");
    assert_eq!(v["network"]["value"], "sandbox", "{v}");
    assert_eq!(v["network"]["origin"], "context", "{v}");
    // prod stays current and on mainnet.
    let v = show(h, &[]);
    assert_eq!(v["context"]["value"], "prod");
    assert_eq!(v["network"]["value"], "mainnet", "{v}");

    let cfg = config(h);
    assert!(cfg.contains("network = \"mainnet\""), "{cfg}");
    assert!(cfg.contains("network = \"sandbox\""), "{cfg}");
    assert!(!cfg.contains("\"local\""), "{cfg}");
}

#[test]
fn create_without_network_is_local_and_says_so() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    // The environment is not what the user typed for this context.
    vmc(h)
        .env("AKASH_NETWORK", "mainnet")
        .args(["context", "create", "dev"])
        .assert()
        .success()
        .stderr(predicate::str::contains("network local"));
    let v = show(h, &["dev"]);
    assert_eq!(v["network"]["value"], "local", "{v}");
}

#[test]
fn the_old_second_flag_and_bad_networks_are_refused() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    vmc(h)
        .args(["context", "create", "prod", "--network-name", "mainnet"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--network"));
    vmc(h)
        .args(["context", "create", "prod", "--network", "moon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown network `moon`"));
    assert!(!h.join("config/vmc/config.toml").exists());
}

#[test]
fn network_on_use_and_delete_is_refused_not_ignored() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    vmc(h)
        .args(["context", "create", "prod", "--network", "mainnet"])
        .assert()
        .success();
    vmc(h).args(["context", "create", "dev"]).assert().success();
    vmc(h)
        .args(["context", "use", "dev", "--network", "mainnet"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "vmc context create dev --network mainnet",
        ));
    vmc(h)
        .args(["context", "delete", "dev", "--network", "mainnet"])
        .assert()
        .code(2);
    // Nothing changed.
    let v = show(h, &[]);
    assert_eq!(v["context"]["value"], "prod");
    assert_eq!(show(h, &["dev"])["network"]["value"], "local");
}

#[test]
fn show_of_an_unknown_context_is_not_found() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .args(["context", "show", "nope"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("nope"));
}
