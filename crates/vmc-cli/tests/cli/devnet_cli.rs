//! `vmc devnet up|status|reset` from the built binary: endpoints and funded accounts on stdout,
//! a state file that survives a restart, and reset.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

fn vmc(home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vmc"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("VMC_DATA_DIR", home.join("vmc-data"))
        .env("VMC_DEVNET_ADDR", "127.0.0.1:9");
    c
}

/// Starts `vmc devnet up -o json` and reads its summary (a pretty-printed JSON object).
fn up(home: &std::path::Path) -> (Child, Value) {
    let mut child = vmc(home)
        .args([
            "devnet",
            "up",
            "--listen",
            "127.0.0.1:0",
            "--block-time",
            "200ms",
            "--seed",
            "5",
            "-o",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            panic!("vmc devnet up ended early: {text}");
        }
        text.push_str(&line);
        if line.trim_end() == "}" {
            break;
        }
    }
    (child, serde_json::from_str(&text).unwrap())
}

fn stop(mut child: Child) {
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "vmc devnet up exits 0 on Ctrl-C: {status}"
    );
}

#[test]
fn up_status_restart_and_reset() {
    let home = tempfile::tempdir().unwrap();
    let (child, summary) = up(home.path());
    assert_eq!(summary["chain_id"], "vmc-devnet-1");
    let rest = summary["rest"].as_str().unwrap().to_string();
    assert!(
        summary["hetzner"]
            .as_str()
            .unwrap()
            .ends_with("/hetzner/v1")
    );
    let dev = vmc_devnet::genesis::dev_address(0);
    let accounts = summary["accounts"].as_array().unwrap();
    let a = accounts.iter().find(|a| a["name"] == "dev").unwrap();
    assert_eq!(a["address"], dev.as_str());
    assert!(
        a["balances"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["denom"] == "uact")
    );
    assert_eq!(summary["providers"].as_array().unwrap().len(), 3);
    // Each provider's gateway is listed and listening (HTTPS on loopback).
    let gateways = summary["gateways"].as_array().unwrap();
    assert_eq!(gateways.len(), 3, "{summary}");
    for g in gateways {
        let url = g["url"].as_str().unwrap();
        let hostport = url.strip_prefix("https://127.0.0.1:").expect(url);
        let port: u16 = hostport.trim_end_matches('/').parse().expect(url);
        std::net::TcpStream::connect(("127.0.0.1", port)).expect("the gateway accepts connections");
    }
    // The mnemonic itself never reaches stdout.
    assert!(!summary.to_string().contains(vmc_devnet::DEV_MNEMONIC));

    let out = vmc(home.path())
        .args(["devnet", "status", "--url", &rest, "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st["chain_id"], "vmc-devnet-1");
    stop(child);

    let state = home.path().join("vmc-data/devnet/state.json");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let h1 = saved["chain"]["height"].as_u64().unwrap();

    // A restart continues from the saved height.
    let (child, summary) = up(home.path());
    let h2: u64 = summary["height"].as_str().unwrap().parse().unwrap();
    assert!(h2 >= h1, "restart continues: {h2} >= {h1}");
    stop(child);

    // Nothing listens any more: status says unavailable (exit 5).
    let out = vmc(home.path())
        .args(["devnet", "status", "--url", &rest])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));

    // Reset needs --yes; then the state is gone.
    let out = vmc(home.path()).args(["devnet", "reset"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(state.exists());
    let out = vmc(home.path())
        .args(["devnet", "reset", "--yes", "-o", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["removed"], true);
    assert!(!state.exists());
}

#[test]
fn bad_flags_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["devnet", "up", "--listen", "nowhere"][..],
        &["devnet", "up", "--block-time", "soon"][..],
        &["devnet", "up", "--block-time", "0s"][..],
        &["devnet", "up", "--genesis", "/nonexistent/genesis.json"][..],
    ] {
        let out = vmc(home.path()).args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
