//! A real credential is never used silently against the devnet: with `HCLOUD_TOKEN`,
//! `AKASH_MNEMONIC` or `AKASH_WALLET_ADDRESS` set and the network `local` only by default,
//! every command says so, the devnet gets its own token (never the user's), and a change needs
//! the network named.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

use common::free_port;

fn vmc(home: &Path, port: u16) -> Command {
    let mut c = common::vmc(home);
    c.env("VMC_DEVNET_ADDR", format!("127.0.0.1:{port}"));
    c
}

const CREATE: [&str; 8] = [
    "servers",
    "create",
    "--name",
    "web-1",
    "--type",
    "cx22",
    "--image",
    "ubuntu-24.04",
];

#[test]
fn a_real_hetzner_token_is_not_sent_to_the_devnet_and_changes_need_the_network_named() {
    let home = TempDir::new().unwrap();
    let port = free_port();
    // Before: the token went to the devnet, which refused it ("set HCLOUD_TOKEN").
    vmc(home.path(), port)
        .env("HCLOUD_TOKEN", "a-real-production-token")
        .args(["servers", "list", "-o", "json"])
        .assert()
        .success()
        .stdout("[]\n")
        .stderr(predicate::str::contains(
            "HCLOUD_TOKEN is set, but the network is `local`",
        ))
        .stderr(predicate::str::contains("--network mainnet"));
    // A change on the default network with a real token set is refused, nothing is created.
    vmc(home.path(), port)
        .env("HCLOUD_TOKEN", "a-real-production-token")
        .args(CREATE)
        .args(["--yes", "--reason", "oops"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--network local"));
    vmc(home.path(), port)
        .args(["servers", "list", "-o", "json"])
        .assert()
        .success()
        .stdout("[]\n");
    // Named explicitly, it goes ahead on the devnet (with the devnet's own token).
    vmc(home.path(), port)
        .env("HCLOUD_TOKEN", "a-real-production-token")
        .args(["--network", "local"])
        .args(CREATE)
        .args(["--yes", "--reason", "on purpose", "-o", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("HCLOUD_TOKEN is set").not());
}

#[test]
fn akash_credentials_are_named_on_every_command() {
    let home = TempDir::new().unwrap();
    let port = free_port();
    vmc(home.path(), port)
        .env(
            "AKASH_WALLET_ADDRESS",
            "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63",
        )
        .args(["akash", "list", "-o", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("AKASH_WALLET_ADDRESS is set"));
    vmc(home.path(), port)
        .env(
            "AKASH_MNEMONIC",
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        )
        .args(["akash", "deploy", "templates/akash/web.yaml", "--yes", "--reason", "x"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("AKASH_MNEMONIC is set"))
        .stderr(predicate::str::contains("--network local"));
}
