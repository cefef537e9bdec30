//! The CLI foundation from the built binary: help, completions, man page, contexts, settings
//! resolution order, output formats and exit codes.

use crate::common;

use common::vmc;

use predicates::prelude::*;
use tempfile::TempDir;

#[test]
fn help_lists_exit_codes_and_commands() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Exit codes: 0 ok, 1 failure, 2 invalid input",
        ))
        .stdout(predicate::str::contains("servers"));
}

#[test]
fn usage_errors_exit_2_on_stderr() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .arg("--no-such-flag")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--no-such-flag"));
    vmc(home.path())
        .args(["-o", "xml", "env"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("unknown output format `xml`"))
        .stderr(predicate::str::contains("hint:"));
}

#[test]
fn completions_for_three_shells() {
    let home = TempDir::new().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef vmc"),
        ("fish", "complete -c vmc"),
    ] {
        vmc(home.path())
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker));
    }
}

#[test]
fn man_page_is_roff() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH vmc 1"));
    let dir = home.path().join("man");
    vmc(home.path())
        .args(["man", "--out-dir"])
        .arg(&dir)
        .assert()
        .success();
    assert!(dir.join("vmc.1").is_file());
    assert!(dir.join("vmc-servers.1").is_file());
}

#[test]
fn env_lists_documented_variables_as_json() {
    let home = TempDir::new().unwrap();
    let out = vmc(home.path())
        .args(["env", "-o", "json"])
        .env("HCLOUD_TOKEN", "x")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    for n in [
        "AKASH_WALLET_ADDRESS",
        "AKASH_MNEMONIC",
        "AKASH_NETWORK",
        "AKASH_REST_ENDPOINT",
        "HCLOUD_TOKEN",
    ] {
        assert!(names.contains(&n), "{n} missing");
    }
    let hc = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "HCLOUD_TOKEN")
        .unwrap();
    assert_eq!(hc["set"], true);
    // The value of a secret variable is never printed.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"x\""));
}

#[test]
fn resolution_order_flag_env_context_default() {
    let home = TempDir::new().unwrap();
    let show = |extra: &[&str], envs: &[(&str, &str)]| -> serde_json::Value {
        let mut c = vmc(home.path());
        c.args(["context", "show", "-o", "json"]).args(extra);
        for (k, v) in envs {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // Default.
    let v = show(&[], &[]);
    assert_eq!(v["network"]["value"], "local");
    assert_eq!(v["network"]["origin"], "default");
    // Context.
    vmc(home.path())
        .args([
            "context",
            "create",
            "prod",
            "--network",
            "mainnet",
            "--akash-rest",
            "http://ctx.example",
        ])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let v = show(&[], &[]);
    assert_eq!(v["context"]["value"], "prod");
    assert_eq!(v["network"]["value"], "mainnet");
    assert_eq!(v["network"]["origin"], "context");
    assert_eq!(v["akash_rest"]["value"], "http://ctx.example");
    // Environment beats context.
    let v = show(
        &[],
        &[
            ("AKASH_NETWORK", "sandbox"),
            ("AKASH_REST_ENDPOINT", "http://env.example"),
        ],
    );
    assert_eq!(v["network"]["value"], "sandbox");
    assert_eq!(v["network"]["origin"], "env");
    assert_eq!(v["akash_rest"]["value"], "http://env.example");
    // Flag beats environment.
    let v = show(&["--network", "testnet"], &[("AKASH_NETWORK", "sandbox")]);
    assert_eq!(v["network"]["value"], "testnet");
    assert_eq!(v["network"]["origin"], "flag");
}

#[test]
fn unknown_context_is_not_found_and_network_a_usage_error() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .args(["--context", "nope", "context", "show"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("context `nope`"));
    vmc(home.path())
        .args(["--network", "moon", "context", "show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown network `moon`"));
}

#[test]
fn config_with_a_plaintext_secret_is_refused() {
    let home = TempDir::new().unwrap();
    let cfg = home.path().join("c.toml");
    std::fs::write(&cfg, "[contexts.a]\nhetzner_token = \"secret-token\"\n").unwrap();
    vmc(home.path())
        .arg("--config")
        .arg(&cfg)
        .args(["context", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("c.toml"))
        .stderr(predicate::str::contains("secret-token").not());
}

#[test]
fn table_columns_and_noheader() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .args(["context", "create", "a"])
        .assert()
        .success();
    vmc(home.path())
        .args(["context", "create", "b", "--network", "mainnet"])
        .assert()
        .success();
    vmc(home.path())
        .args([
            "context",
            "list",
            "-o",
            "columns=name,network",
            "-o",
            "noheader",
        ])
        .assert()
        .success()
        .stdout("a   local\nb   mainnet\n");
    let out = vmc(home.path())
        .args(["context", "list", "-o", "yaml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("name: b"));
}

#[test]
fn config_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .args(["context", "create", "a"])
        .assert()
        .success();
    let meta = std::fs::metadata(home.path().join("config/vmc/config.toml")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}
