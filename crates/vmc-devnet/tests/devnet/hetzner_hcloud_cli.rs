//! The official Hetzner CLI (Debian's `hcloud-cli`, 1.30.3) against the devnet: it must see the
//! same state as a plain HTTP client. Skips when `hcloud` is missing, unless
//! `VMC_REQUIRE_REAL_CLIENTS=1` (CI), which makes a missing tool a failure.

use crate::hetzner_support;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hetzner_support::{Devnet, serve};
use serde_json::Value;
use vmc_devnet::hetzner::{Clock, DEFAULT_TOKEN, HetznerFixtures, HetznerState, SystemClock};

fn hcloud_binary() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("hcloud"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let required = std::env::var("VMC_REQUIRE_REAL_CLIENTS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "hcloud not found on PATH and VMC_REQUIRE_REAL_CLIENTS=1 (install the Debian package hcloud-cli)"
        );
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipping: hcloud not found (apt-get install hcloud-cli)");
        }
    }
    found
}

struct Cli {
    bin: PathBuf,
    endpoint: String,
    home: tempfile::TempDir,
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

impl Cli {
    async fn run(&self, args: &[&str]) -> Run {
        let config = self.home.path().join("cli.toml");
        let out = tokio::process::Command::new(&self.bin)
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("HCLOUD_CONFIG", &config)
            .env("HCLOUD_ENDPOINT", &self.endpoint)
            .env("HCLOUD_TOKEN", DEFAULT_TOKEN)
            .env("HCLOUD_DEBUG", "1")
            .env("HCLOUD_DEBUG_FILE", self.home.path().join("debug.log"))
            .kill_on_drop(true)
            .output();
        let out = tokio::time::timeout(Duration::from_secs(60), out)
            .await
            .expect("hcloud finished within a minute")
            .expect("hcloud ran");
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    async fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args).await;
        let debug = std::fs::read_to_string(self.home.path().join("debug.log")).unwrap_or_default();
        assert!(
            r.ok,
            "hcloud {args:?} failed\nstdout: {}\nstderr: {}\ndebug log:\n{debug}",
            r.stdout, r.stderr
        );
        r.stdout
    }
}

async fn wait_gone(dn: &Devnet, id: i64) {
    for _ in 0..100 {
        if dn.get(&format!("/servers/{id}")).await.status == 404 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server {id} still there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hcloud_cli_sees_the_same_servers() {
    let Some(bin) = hcloud_binary() else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let dn = serve(HetznerState::new(
        HetznerFixtures::default().with_action_ms(300),
        clock,
        11,
    ))
    .await;
    let cli = Cli {
        bin,
        endpoint: dn.base.clone(),
        home: tempfile::tempdir().unwrap(),
    };

    // create: waits for create and start, prints the id and the root password.
    let out = cli
        .ok(&[
            "server",
            "create",
            "--name",
            "cli-1",
            "--type",
            "cx22",
            "--image",
            "ubuntu-24.04",
        ])
        .await;
    let id: i64 = out
        .lines()
        .find_map(|l| {
            l.strip_prefix("Server ")?
                .strip_suffix(" created")?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no `Server N created` in {out}"));
    assert!(out.contains("Root password:"), "{out}");
    let api = dn.server(id).await;
    assert_eq!(api["name"], "cli-1");
    assert_eq!(
        api["status"], "running",
        "hcloud waited for the start action"
    );
    assert!(
        out.contains(api["public_net"]["ipv4"]["ip"].as_str().unwrap()),
        "{out}"
    );

    // list -o json: the same server, fields decoded by hcloud-go's own model.
    let list: Value =
        serde_json::from_str(&cli.ok(&["server", "list", "-o", "json"]).await).unwrap();
    let listed = list.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{list}");
    let s = &listed[0];
    assert_eq!(s["id"], id);
    assert_eq!(s["name"], "cli-1");
    assert_eq!(s["status"], "running");
    assert_eq!(s["server_type"]["name"], "cx22");
    assert_eq!(s["datacenter"]["name"], api["datacenter"]["name"]);
    assert_eq!(
        s["public_net"]["ipv4"]["ip"],
        api["public_net"]["ipv4"]["ip"]
    );
    assert_eq!(s["image"]["name"], "ubuntu-24.04");
    // The default table names the datacenter too.
    let table = cli.ok(&["server", "list"]).await;
    assert!(
        table.contains("cli-1") && table.contains(api["datacenter"]["name"].as_str().unwrap()),
        "{table}"
    );

    // describe by name.
    let d = cli.ok(&["server", "describe", "cli-1"]).await;
    for needle in [
        "ID:".to_string(),
        id.to_string(),
        "running".into(),
        "cx22".into(),
        "fsn1".into(),
    ] {
        assert!(d.contains(&needle), "describe lacks {needle}: {d}");
    }

    // poweroff waits for the action; the API agrees.
    let off = cli.ok(&["server", "poweroff", "cli-1"]).await;
    assert!(off.contains(&format!("Server {id} stopped")), "{off}");
    assert_eq!(dn.server(id).await["status"], "off");
    let list: Value =
        serde_json::from_str(&cli.ok(&["server", "list", "-o", "json"]).await).unwrap();
    assert_eq!(list[0]["status"], "off");

    // A missing server is an error, exit non-zero.
    let missing = cli.run(&["server", "describe", "nope"]).await;
    assert!(
        !missing.ok && missing.stderr.contains("not found"),
        "{}",
        missing.stderr
    );

    // delete: gone from the API once the delete action ends.
    let del = cli.ok(&["server", "delete", "cli-1"]).await;
    // 1.30.3 echoes the argument ("Server cli-1 deleted"); newer versions print the id.
    assert!(
        del.contains("Server cli-1 deleted") || del.contains(&format!("Server {id} deleted")),
        "{del}"
    );
    wait_gone(&dn, id).await;
    let list: Value =
        serde_json::from_str(&cli.ok(&["server", "list", "-o", "json"]).await).unwrap();
    // hcloud-go encodes an empty list as `null`.
    assert!(list.is_null() || list == serde_json::json!([]), "{list}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hcloud_cli_catalog_labels_keys_and_power() {
    let Some(bin) = hcloud_binary() else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let dn = serve(HetznerState::new(
        HetznerFixtures::default().with_action_ms(300),
        clock,
        12,
    ))
    .await;
    let cli = Cli {
        bin,
        endpoint: dn.base.clone(),
        home: tempfile::tempdir().unwrap(),
    };

    // Catalog reads decode.
    let types: Value =
        serde_json::from_str(&cli.ok(&["server-type", "list", "-o", "json"]).await).unwrap();
    assert!(
        types
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "cax11"),
        "{types}"
    );
    let locs = cli.ok(&["location", "list"]).await;
    assert!(locs.contains("hel1") && locs.contains("sin"), "{locs}");
    let dcs = cli.ok(&["datacenter", "list"]).await;
    assert!(dcs.contains("fsn1-dc14"), "{dcs}");
    let imgs = cli.ok(&["image", "list", "--type", "system"]).await;
    assert!(imgs.contains("debian-12"), "{imgs}");

    // An SSH key, then a server with it in another location: no root password.
    let key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ3ZbYp9fG0cNn1x1o7D9Qp0m1hCq2hXk0m5o1s3kQ4 ci@vmc";
    cli.ok(&["ssh-key", "create", "--name", "ci", "--public-key", key])
        .await;
    let keys = dn.get("/ssh_keys?name=ci").await;
    assert_eq!(keys.body["ssh_keys"][0]["public_key"], key);
    let out = cli
        .ok(&[
            "server",
            "create",
            "--name",
            "cli-2",
            "--type",
            "cpx11",
            "--image",
            "debian-12",
            "--location",
            "ash",
            "--ssh-key",
            "ci",
            "--label",
            "env=ci",
        ])
        .await;
    assert!(!out.contains("Root password"), "{out}");
    let listed = dn.get("/servers?name=cli-2").await.body["servers"][0].clone();
    let id = listed["id"].as_i64().unwrap();
    assert_eq!(listed["location"]["name"], "ash");
    assert_eq!(listed["labels"], serde_json::json!({"env": "ci"}));

    // Labels via GET-merge-PUT, then selected with -l.
    cli.ok(&["server", "add-label", "cli-2", "tier=web"]).await;
    assert_eq!(dn.server(id).await["labels"]["tier"], "web");
    let sel: Value = serde_json::from_str(
        &cli.ok(&[
            "server",
            "list",
            "-l",
            "env=ci,tier in (web,db)",
            "-o",
            "json",
        ])
        .await,
    )
    .unwrap();
    assert_eq!(sel.as_array().map(Vec::len), Some(1), "{sel}");
    let none: Value = serde_json::from_str(
        &cli.ok(&["server", "list", "-l", "!tier", "-o", "json"])
            .await,
    )
    .unwrap();
    assert!(none.is_null() || none == serde_json::json!([]), "{none}");

    // Power cycle and rescue: each waits for its action.
    cli.ok(&["server", "reboot", "cli-2"]).await;
    cli.ok(&["server", "shutdown", "cli-2"]).await;
    cli.ok(&["server", "poweron", "cli-2"]).await;
    let rescue = cli.ok(&["server", "enable-rescue", "cli-2"]).await;
    assert!(rescue.contains("root password: "), "{rescue}");
    assert_eq!(dn.server(id).await["rescue_enabled"], true);
    let actions = dn.get(&format!("/servers/{id}/actions?sort=id")).await;
    let commands: Vec<&str> = actions.body["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        commands,
        [
            "create_server",
            "start_server",
            "reboot_server",
            "shutdown_server",
            "start_server",
            "enable_rescue"
        ]
    );

    // A failing action surfaces as an hcloud error.
    dn.state
        .faults()
        .fail_next_action("stop_server", "action_failed", "Action failed");
    let failed = cli.run(&["server", "poweroff", "cli-2"]).await;
    assert!(!failed.ok, "{}", failed.stdout);
    assert!(
        failed.stderr.contains("action_failed") || failed.stderr.contains("Action failed"),
        "{}",
        failed.stderr
    );
}
