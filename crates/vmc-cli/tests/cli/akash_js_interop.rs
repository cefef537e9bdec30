//! Interop with the official Akash JS SDK (`@akashnetwork/chain-sdk` from npm, signing with
//! CosmJS as Akash Console does; `tests/js/`), both ways, on a devnet with real blocks:
//!
//! * **JS → vmc**: a deployment the SDK creates (its SDL helper's groups and hash, its
//!   MsgCreateDeployment signed with the dev wallet) is listed by `vmc akash list`, shown by
//!   `vmc akash status` with the SDK's groups, leased from JS (bid, lease, manifest with the
//!   SDK's JWT), updated by `vmc akash update` to an SDL with another image (the chain's hash is
//!   then the SDK's hash of that SDL; vmc picks the TS convention the groups were made with: the
//!   SDL has two services sharing a compute profile, which TS merges into one unit and Go does
//!   not), and closed (`vmc akash close` when this build has it, else from JS), which the SDK's
//!   query client reports.
//! * **vmc → JS**: a deployment `vmc akash deploy` makes is read back by the SDK's query client
//!   with the groups and manifest hash the SDK computes from the same SDL file.
//!
//! Needs node and the npm packages (`npm install` in tests/js, as .ci/run does); without them the
//! tests skip with a message, unless `VMC_REQUIRE_REAL_CLIENTS=1`, which makes that a failure.

use crate::akash_support;

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::time::Duration;

use akash_support::{Env, ok, vmc_in};
use serde_json::Value;

/// Block time of the test devnet: real blocks (vmc waits for them), short ones.
const BLOCK: Duration = Duration::from_millis(250);

/// Two services on one compute profile in one placement: TS merges them into one resource unit
/// (count 2), Go makes two, so the on-chain groups say which convention built them.
const SDL_1: &str = r#"version: "2.0"
services:
  web:
    image: nginx:1.27.4
    expose:
      - port: 80
        as: 80
        accept:
          - www.example.com
        to:
          - global: true
  api:
    image: hashicorp/http-echo:1.0
    args:
      - -text=hello
    env:
      - MODE=prod
    expose:
      - port: 5678
        as: 8080
        to:
          - global: true
profiles:
  compute:
    small:
      resources:
        cpu:
          units: 0.5
        memory:
          size: 512Mi
        storage:
          size: 1Gi
  placement:
    akash:
      attributes:
        host: akash
      signedBy:
        anyOf:
          - akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63
      pricing:
        small:
          denom: uact
          amount: 1000
deployment:
  web:
    akash:
      profile: small
      count: 1
  api:
    akash:
      profile: small
      count: 1
"#;

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

const PACKAGES: [&str; 5] = [
    "@akashnetwork/chain-sdk",
    "@cosmjs/amino",
    "@cosmjs/proto-signing",
    "@cosmjs/stargate",
    "js-yaml",
];

fn installed() -> bool {
    PACKAGES.iter().all(|p| {
        js_dir()
            .join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
    })
}

/// node is there and the packages of tests/js/package.json are installed (installs them if not).
fn ensure_sdk() -> bool {
    if StdCommand::new("node").arg("--version").output().is_err() {
        skip("node is not installed");
        return false;
    }
    if installed() {
        return true;
    }
    let out = StdCommand::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-package-lock"])
        .current_dir(js_dir())
        .output();
    match out {
        Ok(o) if o.status.success() && installed() => true,
        Ok(o) => {
            skip(&format!(
                "the npm packages of tests/js are missing and npm install failed: {}",
                String::from_utf8_lossy(&o.stderr)
            ));
            false
        }
        Err(e) => {
            skip(&format!(
                "the npm packages of tests/js are missing and npm is not available: {e}"
            ));
            false
        }
    }
}

struct Interop {
    env: Env,
    dir: tempfile::TempDir,
}

impl Interop {
    fn start() -> Interop {
        let env = Env::start_with(|c| {
            // The system clock and a block every BLOCK: vmc's deploy and update wait for blocks,
            // and the JWTs of both sides are made with the system time.
            c.clock = None;
            c.block_time = Some(BLOCK);
        });
        Interop {
            env,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `node interop.mjs ARGS…` with the dev wallet's mnemonic in its environment; its JSON.
    fn js(&self, args: &[&str]) -> Value {
        let out = StdCommand::new("node")
            .arg("interop.mjs")
            .args(args)
            .env("VMC_JS_MNEMONIC", vmc_devnet::DEV_MNEMONIC)
            .current_dir(js_dir())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "node interop.mjs {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "node interop.mjs {args:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// `vmc` against the devnet, with the system time (not the harness's manual `VMC_NOW`).
    fn vmc(&self, args: &[&str]) -> Value {
        let mut c = vmc_in(self.env.home.path());
        c.env("AKASH_REST_ENDPOINT", &self.env.base).args(args);
        let out = ok(&mut c);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("vmc {args:?}: not JSON ({e}): {out}"))
    }

    fn has_vmc_close(&self) -> bool {
        vmc_in(self.env.home.path())
            .args(["akash", "close", "--help"])
            .output()
            .unwrap()
            .status
            .success()
    }

    fn show(&self, owner: &str, dseq: &str) -> Value {
        self.js(&["show", &self.env.base, owner, dseq])
    }
}

fn owner() -> String {
    akash_support::dev_key(0).address()
}

/// The SDK's reading of the chain's groups equals its own groups for the SDL: every field as
/// the SDK's REST client decodes it, and the resource quantities from the REST JSON.
fn assert_same_groups(shown: &Value, sdk: &Value) {
    let chain: Vec<&Value> = shown["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["spec"])
        .collect();
    let want: Vec<&Value> = sdk["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["spec_as_sdk_reads_rest"])
        .collect();
    assert_eq!(
        chain, want,
        "group specs (SDK query client vs SDK's SDL helper)"
    );
    assert_eq!(
        shown["resource_values"], sdk["resource_values"],
        "resource quantities (chain REST vs SDK's SDL helper)"
    );
    let names: Vec<&Value> = shown["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["name"])
        .collect();
    let want_names: Vec<&Value> = sdk["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["name"])
        .collect();
    assert_eq!(names, want_names);
}

#[test]
fn js_sdk_deployment_is_listed_shown_updated_and_closed_by_vmc() {
    if !ensure_sdk() {
        return;
    }
    let t = Interop::start();
    let base = t.env.base.clone();
    let owner = owner();
    let sdl1 = t.file("app.yaml", SDL_1);
    let sdl2 = t.file(
        "app-v2.yaml",
        &SDL_1.replace("hashicorp/http-echo:1.0", "hashicorp/http-echo:1.0.0"),
    );
    let (sdl1, sdl2) = (sdl1.to_str().unwrap(), sdl2.to_str().unwrap());
    let sdk1 = t.js(&["sdl", sdl1]);
    let sdk2 = t.js(&["sdl", sdl2]);
    assert_eq!(
        sdk1["groups"], sdk2["groups"],
        "same resources, another image"
    );
    assert_ne!(sdk1["hash"], sdk2["hash"]);
    assert_eq!(
        sdk1["groups"][0]["summary"].as_array().unwrap().len(),
        1,
        "TS merges the two services into one unit: {}",
        sdk1["groups"]
    );

    // The SDK creates the deployment (its groups, its hash, 5 ACT), signed with the dev wallet.
    let dseq = "424242";
    let created = t.js(&["create", &base, sdl1, dseq, "5000000"]);
    assert_eq!(created["owner"], owner.as_str());
    assert_eq!(created["hash"], sdk1["hash"]);

    // vmc lists it and shows the SDK's groups.
    let list = t.vmc(&["akash", "list", "-o", "json"]);
    let d = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dseq"] == dseq)
        .unwrap_or_else(|| panic!("vmc akash list misses {dseq}: {list}"));
    assert_eq!(d["state"], "active");
    assert_eq!(d["hash"].as_str().unwrap().to_lowercase(), sdk1["hash"]);
    let status = t.vmc(&["akash", "status", dseq, "-o", "json"]);
    assert_eq!(status["owner"], owner.as_str());
    assert_eq!(
        status["hash"].as_str().unwrap().to_lowercase(),
        sdk1["hash"]
    );
    let groups = status["groups"].as_array().unwrap();
    let want = sdk1["groups"].as_array().unwrap();
    assert_eq!(groups.len(), want.len(), "{status}");
    for (g, w) in groups.iter().zip(want) {
        assert_eq!(g["name"], w["name"]);
        assert_eq!(
            g["resources"], w["summary"],
            "vmc status vs the SDK's groups"
        );
    }

    // JS takes the cheapest bid, leases it and sends the manifest (JWT from the SDK).
    let lease = t.js(&["lease", &base, dseq, sdl1]);
    let provider = lease["provider"].as_str().unwrap().to_string();
    assert_eq!(lease["manifest_status"], 200, "{lease}");

    // vmc updates it: TS convention (the groups were made so), the SDK's hash of SDL2 on chain.
    let updated = t.vmc(&[
        "akash",
        "update",
        dseq,
        sdl2,
        "--yes",
        "--reason",
        "js interop",
        "-o",
        "json",
    ]);
    assert_eq!(updated["convention"], "ts", "{updated}");
    assert_eq!(updated["status"], "updated");
    assert_eq!(
        updated["manifest_hash"].as_str().unwrap().to_lowercase(),
        sdk2["hash"]
    );
    assert_eq!(updated["providers"], serde_json::json!([provider]));
    let shown = t.show(&owner, dseq);
    assert_eq!(
        shown["hash"], sdk2["hash"],
        "the chain's hash after vmc's update"
    );
    assert_eq!(shown["state"], "active");
    assert_same_groups(&shown, &sdk2);

    // Closed by vmc (or, in a build without `vmc akash close`, by the SDK).
    if t.has_vmc_close() {
        let closed = t.vmc(&[
            "akash",
            "close",
            dseq,
            "--yes",
            "--reason",
            "js interop",
            "-o",
            "json",
        ]);
        assert_eq!(closed["dseq"], dseq, "{closed}");
    } else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("note: this vmc has no `akash close`; closing {dseq} with the JS SDK");
        }
        t.js(&["close", &base, dseq]);
    }
    let shown = t.show(&owner, dseq);
    assert_eq!(shown["state"], "closed", "{shown}");
    for l in shown["leases"].as_array().unwrap() {
        assert_eq!(l["state"], "closed", "{shown}");
    }
}

#[test]
fn vmc_deployment_reads_back_in_js_sdk_with_the_sdks_groups_and_hash() {
    if !ensure_sdk() {
        return;
    }
    let t = Interop::start();
    let owner = owner();
    let sdl = t.file("app.yaml", SDL_1);
    let sdl = sdl.to_str().unwrap();
    let deployed = t.vmc(&[
        "akash",
        "deploy",
        sdl,
        "--deposit",
        "5act",
        "--yes",
        "--reason",
        "js interop",
        "-o",
        "json",
    ]);
    let dseq = deployed["dseq"].as_str().unwrap();
    let provider = deployed["leases"][0]["provider"].as_str().unwrap();

    let sdk = t.js(&["sdl", sdl]);
    let shown = t.show(&owner, dseq);
    assert_eq!(shown["state"], "active", "{shown}");
    assert_eq!(shown["hash"], sdk["hash"], "vmc's hash vs the SDK's");
    assert_same_groups(&shown, &sdk);
    let leases = shown["leases"].as_array().unwrap();
    assert_eq!(leases.len(), 1, "{shown}");
    assert_eq!(leases[0]["provider"], provider);
    assert_eq!(leases[0]["state"], "active");
}
