//! Network `local` with nothing configured: each command starts the devnet inside its own
//! process on the persisted state, so a new user needs no second terminal (issue 5 §7).

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

#[test]
fn servers_work_on_a_fresh_machine_through_the_embedded_devnet() {
    let home = TempDir::new().unwrap();
    let port = free_port();
    // First command: announced once on stderr, empty list on stdout.
    vmc(home.path(), port)
        .args(["servers", "list", "-o", "json"])
        .assert()
        .success()
        .stdout("[]\n")
        .stderr(predicate::str::contains("network: local"));
    // Not announced again.
    vmc(home.path(), port)
        .args(["servers", "list", "-o", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("network: local").not());
    vmc(home.path(), port)
        .args([
            "servers",
            "create",
            "--name",
            "web-1",
            "--type",
            "cx22",
            "--image",
            "ubuntu-24.04",
        ])
        .args(["--yes", "--reason", "first try", "-o", "json"])
        .assert()
        .success();
    // A new process, a new in-process devnet on the persisted state: the server is still there.
    let out = vmc(home.path(), port)
        .args(["servers", "list", "-o", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["web-1"]);
    assert!(home.path().join("data/vmc/devnet").is_dir());
    // The mutation left a valid receipt chain.
    vmc(home.path(), port)
        .args(["receipts", "verify"])
        .assert()
        .success();
    // No devnet is left running after the commands end.
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn a_configured_endpoint_never_starts_the_devnet() {
    let home = TempDir::new().unwrap();
    let port = free_port();
    let unused = free_port();
    vmc(home.path(), port)
        .env(
            "VMC_HETZNER_ENDPOINT",
            format!("http://127.0.0.1:{unused}/v1"),
        )
        .args(["servers", "list"])
        .assert()
        .code(5)
        .stdout(predicate::str::is_empty());
    assert!(!home.path().join("data/vmc/devnet").exists());
}
