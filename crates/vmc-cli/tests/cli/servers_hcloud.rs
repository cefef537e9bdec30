//! The same operations with Hetzner's `hcloud` CLI and with `vmc`, each against its own fresh
//! devnet, leave the same observable state. Skipped when `hcloud` is not installed
//! (`apt-get install -y hcloud-cli`) unless `VMC_REQUIRE_REAL_CLIENTS=1`.

use crate::servers_support;

use std::process::Command;

use serde_json::{Value, json};
use servers_support::{Env, TOKEN, have};

fn hcloud(env: &Env, args: &[&str]) {
    let out = Command::new("hcloud")
        .args(args)
        .env("HCLOUD_ENDPOINT", &env.hetzner)
        .env("HCLOUD_TOKEN", TOKEN)
        .env("HCLOUD_CONFIG", env.path("hcloud.toml"))
        .env("HOME", env.home.path())
        .output()
        .expect("hcloud runs");
    assert!(
        out.status.success(),
        "hcloud {args:?} failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What a user can observe: servers (without ids, addresses and times) and SSH keys.
fn state(env: &Env) -> Value {
    let (_, servers) = env.api("GET", "/servers?sort=name&per_page=50", None);
    let servers: Vec<Value> = servers["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            json!({
                "name": s["name"],
                "status": s["status"],
                "server_type": s["server_type"]["name"],
                "location": s["location"]["name"],
                "image": s["image"]["name"],
                "labels": s["labels"],
                "has_ipv4": s["public_net"]["ipv4"].is_object(),
                "primary_disk_size": s["primary_disk_size"],
                "rescue_enabled": s["rescue_enabled"],
            })
        })
        .collect();
    let (_, keys) = env.api("GET", "/ssh_keys?sort=name", None);
    let keys: Vec<Value> = keys["ssh_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| json!({"name": k["name"], "fingerprint": k["fingerprint"], "public_key": k["public_key"]}))
        .collect();
    json!({"servers": servers, "ssh_keys": keys})
}

#[test]
fn hcloud_and_vmc_leave_the_same_state() {
    if !have("hcloud") {
        assert!(
            std::env::var("VMC_REQUIRE_REAL_CLIENTS").as_deref() != Ok("1"),
            "VMC_REQUIRE_REAL_CLIENTS=1 but hcloud is not installed"
        );
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skip: hcloud is not installed");
        }
        return;
    }
    let a = Env::start();
    let b = Env::start();
    let key_a = a.pubkey("ops", 9);
    let key_b = b.pubkey("ops", 9);

    // hcloud.
    hcloud(
        &a,
        &[
            "ssh-key",
            "create",
            "--name",
            "ops",
            "--public-key-from-file",
            key_a.to_str().unwrap(),
        ],
    );
    hcloud(
        &a,
        &[
            "server",
            "create",
            "--name",
            "web",
            "--type",
            "cx22",
            "--image",
            "debian-12",
            "--location",
            "nbg1",
            "--ssh-key",
            "ops",
            "--label",
            "env=test",
        ],
    );
    hcloud(
        &a,
        &[
            "server",
            "create",
            "--name",
            "tmp",
            "--type",
            "cx22",
            "--image",
            "debian-12",
            "--location",
            "fsn1",
            "--ssh-key",
            "ops",
        ],
    );
    hcloud(&a, &["server", "add-label", "web", "owner=ops"]);
    hcloud(&a, &["server", "remove-label", "web", "env"]);
    hcloud(&a, &["server", "poweroff", "web"]);
    hcloud(&a, &["server", "change-type", "web", "cx32"]);
    hcloud(&a, &["server", "poweron", "web"]);
    hcloud(&a, &["server", "rebuild", "web", "--image", "ubuntu-24.04"]);
    hcloud(&a, &["server", "enable-rescue", "web", "--ssh-key", "ops"]);
    hcloud(&a, &["server", "delete", "tmp"]);

    // vmc.
    let m = ["--yes", "--reason", "compare", "--poll-interval", "100ms"];
    let run = |args: &[&str]| {
        let mut v = args.to_vec();
        v.extend(m);
        b.ok(&v);
    };
    let run_no_poll = |args: &[&str]| {
        let mut v = args.to_vec();
        v.extend(&m[..3]);
        b.ok(&v);
    };
    run_no_poll(&[
        "servers",
        "ssh-keys",
        "create",
        "--name",
        "ops",
        "--public-key-from-file",
        key_b.to_str().unwrap(),
    ]);
    run(&[
        "servers",
        "create",
        "--name",
        "web",
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--location",
        "nbg1",
        "--ssh-key",
        "ops",
        "--label",
        "env=test",
    ]);
    run(&[
        "servers",
        "create",
        "--name",
        "tmp",
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--location",
        "fsn1",
        "--ssh-key",
        "ops",
    ]);
    run_no_poll(&["servers", "label", "add", "web", "owner=ops"]);
    run_no_poll(&["servers", "label", "remove", "web", "env"]);
    run(&["servers", "poweroff", "web"]);
    run(&[
        "servers",
        "change-type",
        "web",
        "--type",
        "cx32",
        "--upgrade-disk",
    ]);
    run(&["servers", "poweron", "web"]);
    run(&["servers", "rebuild", "web", "--image", "ubuntu-24.04"]);
    run(&["servers", "enable-rescue", "web", "--ssh-key", "ops"]);
    run(&["servers", "delete", "tmp"]);

    // hcloud's delete does not wait for the action: let it finish.
    for _ in 0..100 {
        let (_, s) = a.api("GET", "/servers?name=tmp", None);
        if s["servers"].as_array().is_some_and(|v| v.is_empty()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let sa = state(&a);
    assert_eq!(sa["servers"].as_array().unwrap().len(), 1, "{sa:#}");
    assert_eq!(sa, state(&b));
}
