//! `vmc servers …` end to end: the built binary against the devnet's Hetzner API.

use crate::servers_support;

use serde_json::Value;
use servers_support::Env;

const M: [&str; 3] = ["--yes", "--reason", "test"];

fn with_m<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(M);
    v
}

#[test]
fn catalog_types_locations_images() {
    let env = Env::start();
    let types = env.json(&["servers", "types"]);
    let arr = types.as_array().unwrap();
    assert!(!arr.is_empty());
    let t = &arr[0];
    // Prices stay exact decimal strings, as in the API.
    assert!(t["prices"][0]["price_hourly"]["net"].is_string(), "{t}");
    assert!(t["locations"].is_array());
    let arm = env.json(&["servers", "types", "--arch", "arm"]);
    assert!(!arm.as_array().unwrap().is_empty());
    assert!(
        arm.as_array()
            .unwrap()
            .iter()
            .all(|t| t["architecture"] == "arm")
    );
    let big = env.json(&["servers", "types", "--cores", "8", "--memory", "16"]);
    for t in big.as_array().unwrap() {
        assert!(t["cores"].as_f64().unwrap() >= 8.0 && t["memory"].as_f64().unwrap() >= 16.0);
    }
    assert!(big.as_array().unwrap().len() < arr.len());
    let table = env.ok(&["servers", "types", "--location", "fsn1"]);
    assert!(table.starts_with("NAME"), "{table}");
    assert!(table.lines().skip(1).all(|l| l.contains("fsn1")), "{table}");
    let locs = env.json(&["servers", "locations"]);
    assert!(locs.as_array().unwrap().iter().any(|l| l["name"] == "fsn1"));
    let imgs = env.json(&["servers", "images", "--type", "system", "--arch", "x86"]);
    assert!(
        imgs.as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == "debian-12")
    );
    assert!(
        imgs.as_array()
            .unwrap()
            .iter()
            .all(|i| i["architecture"] == "x86")
    );
    env.fails(&["servers", "types", "--arch", "sparc"], 2);
}

#[test]
fn whole_lifecycle() {
    let env = Env::start();
    // SSH key.
    let key = env.pubkey("ops", 7);
    let k = env.json(&with_m(&[
        "servers",
        "ssh-keys",
        "create",
        "--name",
        "ops",
        "--public-key-from-file",
        key.to_str().unwrap(),
    ]));
    assert_eq!(k["name"], "ops");
    let keys = env.json(&["servers", "ssh-keys", "list"]);
    assert_eq!(keys.as_array().unwrap().len(), 1);

    // Create, waiting for create_server and start_server.
    let s = env.json(&with_m(&[
        "servers",
        "create",
        "--name",
        "web-1",
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--location",
        "fsn1",
        "--ssh-key",
        "ops",
        "--label",
        "env=test",
        "--label",
        "tier=web",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(s["name"], "web-1");
    assert_eq!(s["status"], "running", "{s}");
    assert_eq!(s["location"]["name"], "fsn1");
    assert_eq!(s["server_type"]["name"], "cx22");
    assert_eq!(s["labels"]["env"], "test");
    let id = s["id"].as_i64().unwrap().to_string();

    // A second one, left off.
    env.json(&with_m(&[
        "servers",
        "create",
        "--name",
        "db-1",
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--label",
        "env=prod",
        "--start-after-create",
        "false",
        "--poll-interval",
        "100ms",
    ]));

    // list: selector, status, sort, columns, noheader.
    let list = env.json(&["servers", "list", "-l", "env=test"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["web-1"]);
    let off = env.json(&["servers", "list", "--status", "off"]);
    assert_eq!(off[0]["name"], "db-1", "{off}");
    let sorted = env.ok(&[
        "servers",
        "list",
        "--sort",
        "name:desc",
        "-o",
        "columns=name,status",
        "-o",
        "noheader",
    ]);
    assert_eq!(sorted, "web-1   running\ndb-1    off\n");
    let table = env.ok(&["servers", "list"]);
    assert!(table.starts_with("ID"), "{table}");
    assert!(table.contains("web-1") && table.contains("fsn1"), "{table}");
    let yaml = env.ok(&["servers", "list", "-o", "yaml", "-l", "env=test"]);
    assert!(yaml.contains("name: web-1"), "{yaml}");

    // show by name and by id; ip.
    let by_name = env.json(&["servers", "show", "web-1"]);
    let by_id = env.json(&["servers", "show", &id]);
    assert_eq!(by_name["id"], by_id["id"]);
    let ip = env.ok(&["servers", "ip", "web-1"]);
    assert_eq!(
        ip.trim(),
        by_name["public_net"]["ipv4"]["ip"].as_str().unwrap()
    );
    env.fails(&["servers", "show", "nope"], 4);

    // Power cycle and change type.
    let a = env.json(&with_m(&[
        "servers",
        "poweroff",
        "web-1",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(a[0]["command"], "stop_server");
    assert_eq!(a[0]["status"], "success");
    assert_eq!(env.json(&["servers", "show", "web-1"])["status"], "off");
    env.json(&with_m(&[
        "servers",
        "change-type",
        "web-1",
        "--type",
        "cx32",
        "--upgrade-disk",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(
        env.json(&["servers", "show", "web-1"])["server_type"]["name"],
        "cx32"
    );
    env.json(&with_m(&[
        "servers",
        "poweron",
        "web-1",
        "--poll-interval",
        "100ms",
    ]));
    env.json(&with_m(&[
        "servers",
        "reboot",
        "web-1",
        "--poll-interval",
        "100ms",
    ]));
    env.json(&with_m(&[
        "servers",
        "reset",
        "web-1",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(env.json(&["servers", "show", "web-1"])["status"], "running");

    // Labels.
    let l = env.json(&with_m(&["servers", "label", "add", "web-1", "owner=ops"]));
    assert_eq!(l["owner"], "ops");
    env.fails(
        &with_m(&["servers", "label", "add", "web-1", "owner=dev"]),
        3,
    );
    env.json(&with_m(&[
        "servers",
        "label",
        "add",
        "web-1",
        "owner=dev",
        "--overwrite",
    ]));
    let l = env.json(&with_m(&["servers", "label", "remove", "web-1", "tier"]));
    assert!(l.get("tier").is_none());
    assert_eq!(
        env.json(&["servers", "show", "web-1"])["labels"]["owner"],
        "dev"
    );

    // Rebuild and rescue.
    let a = env.json(&with_m(&[
        "servers",
        "rebuild",
        "web-1",
        "--image",
        "ubuntu-24.04",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(a[0]["command"], "rebuild_server");
    let a = env.json(&with_m(&[
        "servers",
        "enable-rescue",
        "web-1",
        "--ssh-key",
        "ops",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(a[0]["command"], "enable_rescue");
    assert_eq!(
        env.json(&["servers", "show", "web-1"])["rescue_enabled"],
        true
    );

    // Delete both; the key too.
    env.json(&with_m(&[
        "servers",
        "delete",
        "web-1",
        "--poll-interval",
        "100ms",
    ]));
    env.json(&with_m(&[
        "servers",
        "delete",
        "db-1",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(env.json(&["servers", "list"]), Value::Array(vec![]));
    env.ok(&with_m(&["servers", "ssh-keys", "delete", "ops"]));
    assert_eq!(
        env.json(&["servers", "ssh-keys", "list"]),
        Value::Array(vec![])
    );

    // Every change left an intent and an outcome receipt.
    let receipts = env.json(&["receipts", "list"]);
    let text = receipts.to_string();
    for action in [
        "hetzner.server.create",
        "hetzner.server.poweroff",
        "hetzner.server.change_type",
        "hetzner.server.label_add",
        "hetzner.server.rebuild",
        "hetzner.server.enable_rescue",
        "hetzner.server.delete",
        "hetzner.ssh_key.create",
    ] {
        assert!(text.contains(action), "no receipt for {action}: {text}");
    }
    assert!(
        !text.contains(servers_support::TOKEN),
        "the token leaked into receipts"
    );
}

#[test]
fn guard_rails_and_no_wait() {
    let env = Env::start();
    let create = [
        "servers",
        "create",
        "--name",
        "g-1",
        "--type",
        "cx22",
        "--image",
        "debian-12",
    ];
    // No --reason: refused, nothing created.
    let err = env.fails(&[&create[..], &["--yes"]].concat(), 2);
    assert!(err.contains("--reason"), "{err}");
    // No --yes without a terminal: refused.
    env.fails(&[&create[..], &["--reason", "t"]].concat(), 2);
    assert_eq!(env.json(&["servers", "list"]), Value::Array(vec![]));

    // --no-wait: the action ids at once, still running.
    let acts = env.json(&with_m(&[&create[..], &["--no-wait"]].concat()));
    let acts = acts.as_array().unwrap();
    assert_eq!(acts[0]["command"], "create_server");
    assert_eq!(acts[0]["status"], "running");
    assert!(
        acts.iter().any(|a| a["command"] == "start_server"),
        "{acts:?}"
    );

    // An unknown type and an unknown location name the alternatives; nothing changes.
    let err = env.fails(
        &with_m(&[
            "servers",
            "create",
            "--name",
            "g-2",
            "--type",
            "nope",
            "--image",
            "debian-12",
        ]),
        2,
    );
    assert!(err.contains("cx22"), "{err}");
    let err = env.fails(
        &with_m(&[
            "servers",
            "create",
            "--name",
            "g-2",
            "--type",
            "cx22",
            "--image",
            "debian-12",
            "--location",
            "atlantis",
        ]),
        2,
    );
    // atlantis does not exist: said so, with the locations that do.
    assert!(
        err.contains("no location `atlantis`") && err.contains("fsn1"),
        "{err}"
    );
    // Bad inputs.
    env.fails(
        &with_m(&[
            "servers",
            "create",
            "--name",
            "g-3",
            "--type",
            "cx22",
            "--image",
            "debian-12",
            "--label",
            "novalue",
        ]),
        2,
    );
    env.fails(&["servers", "list", "--status", "sleeping"], 2);
    env.fails(&["servers", "list", "--sort", "price"], 2);
}

#[test]
fn token_resolution_and_auth_errors() {
    let env = Env::start();
    // A wrong token: the API's error, with the code and correlation id, and a hint. (Off
    // `local`: on `local` the user's token is never sent; the devnet's own is.)
    let out = env
        .vmc()
        .args(["servers", "list"])
        .env("HCLOUD_TOKEN", "wrong")
        .env("AKASH_NETWORK", "mainnet")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unauthorized") && err.contains("correlation id"),
        "{err}"
    );
    assert!(err.contains("HCLOUD_TOKEN"), "{err}");
    assert!(!err.contains("wrong"), "the token was printed: {err}");
    // On network local the devnet's token is used, whatever HCLOUD_TOKEN says.
    let out = env
        .vmc()
        .args(["servers", "list", "-o", "json"])
        .env("HCLOUD_TOKEN", "wrong")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // On network local without HCLOUD_TOKEN, the devnet's token is used.
    let out = env
        .vmc()
        .args(["servers", "list", "-o", "json"])
        .env_remove("HCLOUD_TOKEN")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Elsewhere there is no token: a usage error naming the fix.
    let out = env
        .vmc()
        .args(["servers", "list"])
        .env_remove("HCLOUD_TOKEN")
        .env("AKASH_NETWORK", "mainnet")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("set-token"));
}

#[test]
fn set_token_keeps_it_encrypted() {
    let env = Env::start();
    let secret = "vmc-devnet-token";
    let out = env
        .vmc()
        .args(["context", "set-token", "--stdin"])
        .env_remove("HCLOUD_TOKEN")
        .env("VMC_KEYSTORE_PASSPHRASE", "pass phrase")
        .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1")
        .env("AKASH_NETWORK", "mainnet")
        .write_stdin(format!("{secret}\n"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing in plain text on disk.
    for entry in walk(env.home.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "token in plain text in {}",
            entry.display()
        );
    }
    let cfg = std::fs::read_to_string(env.path("vmc-config/config.toml")).unwrap();
    assert!(cfg.contains("keystore"), "{cfg}");
    // The context's token now works off-devnet-defaults (mainnet network, devnet endpoint).
    let out = env
        .vmc()
        .args(["servers", "list", "-o", "json"])
        .env_remove("HCLOUD_TOKEN")
        .env("VMC_KEYSTORE_PASSPHRASE", "pass phrase")
        .env("AKASH_NETWORK", "mainnet")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A wrong passphrase fails without printing anything secret.
    let out = env
        .vmc()
        .args(["servers", "list"])
        .env_remove("HCLOUD_TOKEN")
        .env("VMC_KEYSTORE_PASSPHRASE", "wrong")
        .env("AKASH_NETWORK", "mainnet")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
