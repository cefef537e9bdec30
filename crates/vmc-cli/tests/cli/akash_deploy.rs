//! `vmc akash deploy` from the built binary against a devnet in this process: every bundled
//! template, a lease per group, placements (attributes, `signedBy.allOf`/`anyOf`), the bid
//! policy (flags and file), bad input that broadcasts nothing, the mutation lock, and the README
//! flow (deploy → status → logs → close). Expected answers come from the devnet's REST and state
//! and from docs/devnet-genesis.md (providers, auditors, prices), never from vmc's code.
//!
//! The devnet makes a block every 200 ms on the system clock (deploy waits for inclusion), with
//! replicas ready 200 ms after their manifest; bad input runs on a devnet without a block timer
//! so that "nothing was broadcast" can be checked on the height too.

use crate::akash_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use akash_support::{Env, WEB_SDL, dev_owner, ok};
use assert_cmd::Command;
use serde_json::{Value, json};

/// The auditors of the default genesis (docs/devnet-genesis.md).
const AKASH: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";
const OVERCLOCK: &str = "akash18qa2a2ltfyvkyj0ggj3hkvuj6twzyumuaru9s4";
const VMC_AUDITOR: &str = "akash1vz375dkt0c60annyp6mkzeejfq0qpyevhseu05";

const BLOCK: Duration = Duration::from_millis(200);

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl std::fmt::Display for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn run(cmd: &mut Command) -> Out {
    let o = cmd.timeout(Duration::from_secs(120)).output().unwrap();
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/akash")
}

fn templates() -> Vec<PathBuf> {
    let mut t: Vec<PathBuf> = std::fs::read_dir(templates_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    t.sort();
    assert!(t.len() >= 6, "{t:?}");
    t
}

/// `vmc akash deploy SDL --yes --reason … -o json EXTRA…`.
fn deploy(env: &Env, sdl: &Path, extra: &[&str]) -> Out {
    run(env
        .live_vmc()
        .args(["akash", "deploy"])
        .arg(sdl)
        .args(["--yes", "--reason", "akash deploy test", "-o", "json"])
        .args(extra))
}

fn write_sdl(env: &Env, name: &str, text: &str) -> PathBuf {
    let p = env.home.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The web template with its placement's attributes and signedBy replaced.
fn web_with_placement(placement: &str) -> String {
    let start = WEB_SDL
        .find("      attributes:\n        host: akash")
        .unwrap();
    let end = WEB_SDL.find("      pricing:").unwrap();
    format!("{}{placement}{}", &WEB_SDL[..start], &WEB_SDL[end..])
}

fn dseq_of(v: &Value) -> u64 {
    v["dseq"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .or(v["dseq"].as_u64())
        .unwrap_or_else(|| panic!("no dseq: {v}"))
}

/// Checks a successful deploy's `-o json` against the chain: the documented fields, one
/// active lease per group on chain (and no other lease), each lease's manifest accepted by its
/// provider's gateway, the deployment active. Returns (dseq, lease provider by group name).
fn check_deployed(env: &Env, out: &Out) -> (u64, Vec<(String, String)>) {
    assert_eq!(out.code, Some(0), "{out}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out}"));
    let dseq = dseq_of(&v);
    let owner = dev_owner();
    let leases = v["leases"].as_array().unwrap_or_else(|| panic!("{v}"));
    for l in leases {
        assert!(l["provider"].as_str().unwrap().starts_with("akash1"), "{l}");
        assert!(l["gseq"].as_u64().unwrap() >= 1, "{l}");
        assert!(l["oseq"].as_u64().unwrap() >= 1, "{l}");
        assert_eq!(l["price"]["denom"], "uact", "{l}");
        let amount: f64 = l["price"]["amount"].as_str().unwrap().parse().unwrap();
        assert!(amount > 0.0, "{l}");
    }
    let services = v["services"].as_array().unwrap_or_else(|| panic!("{v}"));
    assert!(!services.is_empty(), "{v}");
    for s in services {
        assert!(s["name"].is_string(), "{s}");
        assert!(
            s["uris"].as_array().unwrap().iter().all(|u| u.is_string()),
            "{s}"
        );
    }
    // The chain's view.
    let info = env.deployment_info(&owner, dseq);
    assert_eq!(info["deployment"]["state"], "active", "{info}");
    let groups: Vec<(u64, String)> = info["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["id"]["gseq"].as_u64().unwrap(),
                g["group_spec"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let on_chain = env.leases_of(&owner, dseq);
    assert_eq!(
        on_chain.len(),
        groups.len(),
        "one lease per group: {on_chain:?}"
    );
    assert_eq!(leases.len(), groups.len(), "{v}");
    let mut by_group = Vec::new();
    for (gseq, name) in &groups {
        let l = on_chain
            .iter()
            .find(|l| l["id"]["gseq"].as_u64() == Some(*gseq))
            .unwrap_or_else(|| panic!("no lease of group {gseq}: {on_chain:?}"));
        assert_eq!(l["state"], "active", "{l}");
        let provider = l["id"]["provider"].as_str().unwrap().to_string();
        let printed = leases
            .iter()
            .find(|p| p["gseq"].as_u64() == Some(*gseq))
            .unwrap();
        assert_eq!(printed["provider"], provider.as_str());
        let id = vmc_devnet::state::BidId {
            owner: owner.clone(),
            dseq,
            gseq: *gseq as u32,
            oseq: l["id"]["oseq"].as_u64().unwrap() as u32,
            provider: provider.clone(),
            bseq: 0,
        };
        let key = vmc_devnet::state::bkey(&id);
        assert!(
            env.devnet()
                .with_state(|st| st.provider_manifests.contains_key(&key)),
            "the gateway of {provider} holds no manifest for {key}"
        );
        by_group.push((name.clone(), provider));
    }
    (dseq, by_group)
}

/// The bidders of a deployment on chain (any bid state).
fn bidders(env: &Env, dseq: u64) -> BTreeSet<String> {
    let v = env.get_json(&format!(
        "/akash/market/v1beta5/bids/list?filters.owner={}&filters.dseq={dseq}",
        dev_owner()
    ));
    v["bids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["bid"]["id"]["provider"].as_str().unwrap().to_string())
        .collect()
}

fn dseqs(env: &Env) -> BTreeSet<u64> {
    env.deployments_of(&dev_owner())
        .iter()
        .map(|d| {
            d["deployment"]["id"]["dseq"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect()
}

/// The deployment this step created: the one dseq not in `before`.
fn new_dseq(env: &Env, before: &BTreeSet<u64>) -> u64 {
    let now = dseqs(env);
    let new: Vec<_> = now.difference(before).copied().collect();
    assert_eq!(new.len(), 1, "exactly one new deployment: {new:?}");
    new[0]
}

/// `receipts verify` exits 0 and `receipts list -o json` holds a deploy operation per dseq in
/// `dseqs`, with its step records and an outcome. Returns the deploy operations.
fn receipts_ok(env: &Env, dseqs: &[u64]) -> Vec<Value> {
    let out = run(env.live_vmc().args(["receipts", "verify"]));
    assert_eq!(out.code, Some(0), "receipts verify: {out}");
    let list: Value =
        serde_json::from_str(&ok(env.live_vmc().args(["receipts", "list", "-o", "json"]))).unwrap();
    let ops: Vec<Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["intent"]["action"] == "akash.deploy")
        .cloned()
        .collect();
    for d in dseqs {
        let op = ops
            .iter()
            .find(|o| op_dseq(o) == Some(*d))
            .unwrap_or_else(|| panic!("no deploy operation of {d}: {list}"));
        let steps: Vec<String> = op["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    s["step"]["name"].as_str().unwrap(),
                    s["step"]["status"].as_str().unwrap()
                )
            })
            .collect();
        assert!(steps.iter().any(|s| s == "create done"), "{steps:?}");
        assert!(!op["outcome"].is_null(), "deploy {d} has no outcome: {op}");
        assert!(
            steps.first().is_some_and(|s| s == "create begin"),
            "the create is journaled before its broadcast: {steps:?}"
        );
    }
    ops
}

/// The dseq a deploy operation ended with: its outcome's target, else the latest step that
/// names one (a deploy whose planned dseq was taken moves on to the next).
fn op_dseq(op: &Value) -> Option<u64> {
    let text = |v: &Value| v.as_str().and_then(|s| s.parse().ok()).or(v.as_u64());
    text(&op["outcome"]["target"]["dseq"]).or_else(|| {
        op["steps"]
            .as_array()?
            .iter()
            .rev()
            .find_map(|s| text(&s["response"]["dseq"]))
    })
}

fn steps_of(op: &Value) -> Vec<String> {
    op["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["step"]["name"].as_str().unwrap(),
                s["step"]["status"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn every_bundled_template_deploys_with_a_lease_per_group_and_the_manifest_accepted() {
    let env = Env::start_live(BLOCK);
    let west = env.provider_address("provider-us-west");
    let gpu = env.provider_address("provider-eu-gpu");
    let mut done = Vec::new();
    for t in templates() {
        let name = t.file_stem().unwrap().to_string_lossy().to_string();
        // A deposit that outlasts the test at GPU prices (0.5 ACT lasts seconds at 200 ms blocks).
        let out = deploy(&env, &t, &["--deposit", "50act"]);
        let (dseq, leases) = check_deployed(&env, &out);
        // docs/devnet-genesis.md: GPU templates only on provider-eu-gpu; the others on the
        // cheaper of the eligible ones, provider-us-west (half the maximum vs 70 %).
        let want = if name == "gpu" || name == "llm-inference" {
            &gpu
        } else {
            &west
        };
        assert_eq!(leases.len(), 1, "{name}: {leases:?}");
        assert_eq!(&leases[0].1, want, "{name}: {out}");
        let v: Value = serde_json::from_str(&out.stdout).unwrap();
        // Global HTTP exposes get an ingress URI; the others a forwarded port.
        for s in v["services"].as_array().unwrap() {
            let http = ["web", "static-site", "gpu", "llm-inference"].contains(&name.as_str());
            if http {
                assert!(!s["uris"].as_array().unwrap().is_empty(), "{name}: {s}");
            }
            assert!(s["ready"].as_i64().unwrap() >= 1, "{name}: {s}");
        }
        done.push(dseq);
    }
    let ops = receipts_ok(&env, &done);
    for op in &ops {
        let steps = steps_of(op);
        for want in [
            "create begin",
            "create done",
            "lease begin",
            "lease done",
            "manifest begin",
            "manifest done",
            "ready done",
        ] {
            assert!(steps.iter().any(|s| s == want), "{want}: {steps:?}");
        }
        assert_eq!(op["outcome"]["outcome"], "success", "{op}");
    }
}

/// Two placements (groups): each gets its own lease, from the provider its `signedBy.allOf`
/// admits (us-west: Akash + vmc auditor; eu-gpu: Akash + Overclock).
#[test]
fn two_groups_get_one_lease_each() {
    let env = Env::start_live(BLOCK);
    let west = env.provider_address("provider-us-west");
    let gpu = env.provider_address("provider-eu-gpu");
    let sdl = format!(
        r#"version: "2.0"
services:
  web:
    image: nginx:1.27.4
    expose:
      - port: 80
        as: 80
        to:
          - global: true
  cache:
    image: redis:7.4.2-alpine
    expose:
      - port: 6379
        as: 6379
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
    west:
      signedBy:
        allOf:
          - {AKASH}
          - {VMC_AUDITOR}
      pricing:
        small:
          denom: uact
          amount: 1000
    eu:
      signedBy:
        allOf:
          - {AKASH}
          - {OVERCLOCK}
      pricing:
        small:
          denom: uact
          amount: 1000
deployment:
  web:
    west:
      profile: small
      count: 1
  cache:
    eu:
      profile: small
      count: 1
"#
    );
    let p = write_sdl(&env, "two-groups.yaml", &sdl);
    let out = deploy(&env, &p, &["--deposit", "5act"]);
    let (dseq, leases) = check_deployed(&env, &out);
    let mut leases = leases;
    leases.sort();
    assert_eq!(
        leases,
        vec![
            ("eu".to_string(), gpu.clone()),
            ("west".to_string(), west.clone())
        ],
        "{out}"
    );
    receipts_ok(&env, &[dseq]);
}

#[test]
fn placement_all_of_any_of_and_attributes_nobody_has() {
    let env = Env::start_live(BLOCK);
    let owner = dev_owner();
    let west = env.provider_address("provider-us-west");
    let gpu = env.provider_address("provider-eu-gpu");
    let mut done = Vec::new();
    let cases = [
        // allOf Akash + Overclock: only provider-eu-gpu is signed by both.
        (
            "all-of-overclock.yaml",
            format!(
                "      attributes:\n        host: akash\n      signedBy:\n        allOf:\n          - {AKASH}\n          - {OVERCLOCK}\n"
            ),
            vec![gpu.clone()],
            gpu.clone(),
        ),
        // allOf Akash + the vmc devnet auditor: only provider-us-west.
        (
            "all-of-vmc.yaml",
            format!(
                "      attributes:\n        host: akash\n      signedBy:\n        allOf:\n          - {AKASH}\n          - {VMC_AUDITOR}\n"
            ),
            vec![west.clone()],
            west.clone(),
        ),
        // anyOf Overclock or vmc: both audited providers (each signed by one), never the
        // unaudited one; the cheaper (us-west) is taken.
        (
            "any-of.yaml",
            format!(
                "      attributes:\n        host: akash\n      signedBy:\n        anyOf:\n          - {OVERCLOCK}\n          - {VMC_AUDITOR}\n"
            ),
            vec![gpu.clone(), west.clone()],
            west.clone(),
        ),
    ];
    for (file, placement, want_bidders, want_lease) in cases {
        let p = write_sdl(&env, file, &web_with_placement(&placement));
        let out = deploy(&env, &p, &["--deposit", "5act"]);
        let (dseq, leases) = check_deployed(&env, &out);
        assert_eq!(leases[0].1, want_lease, "{file}: {out}");
        let want: BTreeSet<String> = want_bidders.into_iter().collect();
        assert_eq!(bidders(&env, dseq), want, "{file}");
        done.push(dseq);
    }
    // Attributes nobody has: no bid within --bid-timeout, exit 6, closed, the deposit back.
    let p = write_sdl(
        &env,
        "mars.yaml",
        &web_with_placement("      attributes:\n        region: mars\n"),
    );
    let before = dseqs(&env);
    let uact = env.balance_of(&owner, "uact");
    let out = deploy(&env, &p, &["--bid-timeout", "3s"]);
    assert_eq!(out.code, Some(6), "{out}");
    let dseq = new_dseq(&env, &before);
    let info = env.deployment_info(&owner, dseq);
    assert_eq!(info["deployment"]["state"], "closed", "{info}");
    assert!(env.leases_of(&owner, dseq).is_empty());
    assert!(bidders(&env, dseq).is_empty());
    assert_eq!(
        env.balance_of(&owner, "uact"),
        uact,
        "the deposit came back in full"
    );
    assert!(
        out.stderr
            .contains(&format!("why no provider took deployment {dseq}")),
        "{out}"
    );
    assert!(
        out.stderr.contains("region"),
        "the explanation names the attribute: {out}"
    );
    assert!(out.stderr.contains("closed"), "{out}");
    let ops = receipts_ok(&env, &[done.clone(), vec![dseq]].concat());
    let mars = ops.iter().find(|o| op_dseq(o) == Some(dseq)).unwrap();
    assert_eq!(mars["outcome"]["outcome"], "failure", "{mars}");
    assert!(
        steps_of(mars).iter().any(|s| s == "close done"),
        "{:?}",
        steps_of(mars)
    );
}

#[test]
fn bid_policy_from_flags_and_from_a_file() {
    let env = Env::start_live(BLOCK);
    let owner = dev_owner();
    let west = env.provider_address("provider-us-west");
    let gpu = env.provider_address("provider-eu-gpu");
    let web = templates_dir().join("web.yaml");
    let mut done = Vec::new();
    // web bids: us-west 500 uact/block, eu-gpu 700 (half and 70 % of the 1000 maximum).
    let select = format!("provider={gpu}");
    let policy = write_sdl(
        &env,
        "policy.toml",
        &format!("deny = [\"{west}\"]\nmax_price = \"800uact\"\nselect = \"cheapest\"\n"),
    );
    let policy = policy.to_string_lossy().to_string();
    let cases: Vec<(&str, Vec<&str>, &String)> = vec![
        ("--audited-by", vec!["--audited-by", OVERCLOCK], &gpu),
        ("--audited-by vmc", vec!["--audited-by", VMC_AUDITOR], &west),
        ("--select", vec!["--select", &select], &gpu),
        ("--deny", vec!["--deny", &west], &gpu),
        (
            "--max-price above one bid",
            vec!["--max-price", "600uact"],
            &west,
        ),
        ("--policy", vec!["--policy", &policy], &gpu),
        // A flag overrides the file's key.
        (
            "--policy + --max-price",
            vec!["--policy", &policy, "--max-price", "900uact"],
            &gpu,
        ),
    ];
    for (what, flags, want) in cases {
        let mut args = flags.clone();
        args.extend(["--deposit", "5act"]);
        let out = deploy(&env, &web, &args);
        let (dseq, leases) = check_deployed(&env, &out);
        assert_eq!(&leases[0].1, want, "{what}: {out}");
        done.push(dseq);
    }
    // --max-price below every bid: exit 6, closed, refunded, explained.
    let before = dseqs(&env);
    let uact = env.balance_of(&owner, "uact");
    let out = deploy(
        &env,
        &web,
        &["--max-price", "100uact", "--bid-timeout", "3s"],
    );
    assert_eq!(out.code, Some(6), "{out}");
    let dseq = new_dseq(&env, &before);
    assert_eq!(
        env.deployment_info(&owner, dseq)["deployment"]["state"],
        "closed"
    );
    assert!(env.leases_of(&owner, dseq).is_empty());
    assert_eq!(env.balance_of(&owner, "uact"), uact);
    assert!(out.stderr.contains("passed the policy"), "{out}");
    assert!(
        out.stderr
            .contains(&format!("why no provider took deployment {dseq}")),
        "{out}"
    );
    receipts_ok(&env, &[done, vec![dseq]].concat());
}

/// Bad input on a devnet without a block timer: exit 2, and the chain's height, transactions,
/// mempool and the wallet's balances are as before (nothing was broadcast).
/// The fee check asks for three simulated fees (create, lease, close), not a fixed 0.1 AKT:
/// a wallet with 0.02 AKT deploys (exit 2 "not enough uakt" before).
#[test]
fn a_wallet_with_a_little_akt_pays_its_fees() {
    let env = Env::start_live(BLOCK);
    let owner = dev_owner();
    const KEEP: u128 = 20_000;
    // `fund` sends from the development wallet, paying a fixed 50,000 uakt fee.
    let have = env.balance_of(&owner, "uakt");
    let elsewhere = akash_support::dev_key(9).address();
    env.fund(&elsewhere, &[("uakt", have - 50_000 - KEEP)]);
    assert_eq!(env.balance_of(&owner, "uakt"), KEEP);
    let out = deploy(&env, &templates_dir().join("web.yaml"), &[]);
    check_deployed(&env, &out);
    let spent = KEEP - env.balance_of(&owner, "uakt");
    assert!(spent > 0 && spent < KEEP, "fees paid: {spent} uakt");
}

#[test]
fn bad_input_broadcasts_nothing() {
    let env = Env::start();
    env.advance(3);
    let owner = dev_owner();
    // A fresh wallet with AKT for fees but no ACT: key 7 of the development mnemonic.
    let poor = akash_support::dev_key(7).address();
    env.fund(&poor, &[("uakt", 5_000_000)]);
    let out = run(env
        .live_vmc()
        .args([
            "wallet",
            "import",
            "poor",
            "--stdin",
            "--account-index",
            "7",
        ])
        .write_stdin(format!("{}\n", vmc_devnet::DEV_MNEMONIC)));
    assert_eq!(out.code, Some(0), "{out}");
    let footprint = || {
        (
            env.chain_footprint(),
            env.balance_of(&owner, "uact"),
            env.balance_of(&owner, "uakt"),
            env.balance_of(&poor, "uakt"),
        )
    };
    let before = footprint();
    let web = templates_dir().join("web.yaml");
    let vmc = |args: &[&str]| {
        run(env
            .vmc()
            .env("VMC_KEYSTORE_PASSPHRASE", "akash deploy tests")
            .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1")
            .args(["akash", "deploy"])
            .args(args))
    };
    let web_s = web.to_string_lossy().to_string();
    // An SDL with errors: the diagnostics, file:line:col and rule.
    let bad = write_sdl(
        &env,
        "bad.yaml",
        &WEB_SDL.replace("profile: web", "profile: nope"),
    );
    let out = vmc(&[bad.to_str().unwrap(), "--yes", "--reason", "bad sdl"]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stderr.contains("bad.yaml:") && out.stderr.contains("deployment-profile-unknown"),
        "{out}"
    );
    assert_eq!(footprint(), before);
    // --deposit in AKT for a deployment priced in ACT.
    let out = vmc(&[
        &web_s,
        "--deposit",
        "5akt",
        "--yes",
        "--reason",
        "akt deposit",
    ]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stderr.contains("uact") && out.stderr.contains("uakt"),
        "{out}"
    );
    assert_eq!(footprint(), before);
    // Policy files: a bad value, an unknown key, not TOML, missing.
    for (name, text, says) in [
        ("bad-select.toml", "select = \"bogus\"\n", "select"),
        ("unknown.toml", "nonsense = 1\n", "nonsense"),
        ("not-toml.toml", "deny = [\n", "--policy"),
        ("bad-addr.toml", "deny = [\"akash1nope\"]\n", "deny"),
    ] {
        let p = write_sdl(&env, name, text);
        let out = vmc(&[
            &web_s,
            "--policy",
            p.to_str().unwrap(),
            "--yes",
            "--reason",
            "bad policy",
        ]);
        assert_eq!(out.code, Some(2), "{name}: {out}");
        assert!(out.stderr.contains(says), "{name}: {out}");
        assert_eq!(footprint(), before, "{name}");
    }
    let out = vmc(&[
        &web_s,
        "--policy",
        "/nonexistent/p.toml",
        "--yes",
        "--reason",
        "x",
    ]);
    assert_eq!(out.code, Some(2), "{out}");
    // Not enough ACT: names uact, the missing amount and mint-act.
    let out = vmc(&[&web_s, "--wallet", "poor", "--yes", "--reason", "poor"]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(out.stderr.contains("uact"), "{out}");
    assert!(
        out.stderr.contains("0.5 ACT"),
        "the deposit it lacks: {out}"
    );
    assert!(out.stderr.contains("mint-act"), "{out}");
    assert!(out.stderr.contains("nothing was sent"), "{out}");
    assert_eq!(footprint(), before);
    // --dry-run: the plan, nothing broadcast.
    let out = vmc(&[&web_s, "--dry-run", "-o", "json"]);
    assert_eq!(out.code, Some(0), "{out}");
    let plan: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(plan["owner"], owner.as_str(), "{plan}");
    assert_eq!(
        plan["deposit"],
        json!({"denom": "uact", "amount": "500000"}),
        "{plan}"
    );
    assert_eq!(
        plan["messages"][0]["@type"],
        "/akash.deployment.v1beta4.MsgCreateDeployment"
    );
    let may_bid: BTreeSet<&str> = plan["may_bid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["provider"].as_str().unwrap())
        .collect();
    let west = env.provider_address("provider-us-west");
    let gpu = env.provider_address("provider-eu-gpu");
    assert_eq!(
        may_bid,
        BTreeSet::from([west.as_str(), gpu.as_str()]),
        "{plan}"
    );
    assert!(out.stderr.contains("nothing was broadcast"), "{out}");
    assert_eq!(footprint(), before);
    // --generate-only: the unsigned transaction, which `vmc akash tx sign` signs.
    let out = vmc(&[&web_s, "--generate-only", "-o", "json"]);
    assert_eq!(out.code, Some(0), "{out}");
    let tx: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        tx["body"]["messages"][0]["@type"], "/akash.deployment.v1beta4.MsgCreateDeployment",
        "{tx}"
    );
    assert_eq!(tx["body"]["messages"][0]["id"]["owner"], owner.as_str());
    let unsigned = write_sdl(&env, "unsigned.json", &out.stdout);
    let acct = env.get_json(&format!("/cosmos/auth/v1beta1/accounts/{owner}"));
    let num = acct["account"]["account_number"]
        .as_str()
        .unwrap()
        .to_string();
    let seq = acct["account"]["sequence"].as_str().unwrap().to_string();
    let signed = run(env.vmc().args([
        "akash",
        "tx",
        "sign",
        unsigned.to_str().unwrap(),
        "--offline",
        "--account-number",
        &num,
        "--sequence",
        &seq,
        "--chain-id",
        &env.chain_id,
        "-o",
        "json",
    ]));
    assert_eq!(signed.code, Some(0), "{signed}");
    assert!(!signed.stdout.trim().is_empty(), "{signed}");
    assert_eq!(footprint(), before);
    // Nothing was journaled either: no deploy operation.
    let list = run(env.vmc().args(["receipts", "list", "-o", "json"]));
    assert_eq!(list.code, Some(0), "{list}");
    assert!(!list.stdout.contains("akash.deploy"), "{list}");
}

/// Polls the receipt log until a step record `name status` appears.
fn wait_for_step(env: &Env, name: &str, status: &str, within: Duration) {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(env.receipts_path()).unwrap_or_default();
        let found = text.lines().any(|l| {
            serde_json::from_str::<Value>(l)
                .is_ok_and(|r| r["step"]["name"] == name && r["step"]["status"] == status)
        });
        if found {
            return;
        }
        assert!(
            start.elapsed() < within,
            "no `{name} {status}` record within {within:?}: {text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A second deploy while the first holds the mutation lock: exit 3 naming the holder (its pid
/// and reason), never a sequence error; with --lock-timeout it waits, then deploys.
#[test]
fn a_second_deploy_while_one_holds_the_lock() {
    let env = Env::start_live(BLOCK);
    let owner = dev_owner();
    let web = templates_dir().join("web.yaml");
    let redis = templates_dir().join("redis.yaml");
    // The first deploy's create broadcast takes 3 s: it holds the lock meanwhile.
    env.faults(
        json!({"rules": [{"path": "/cosmos/tx/v1beta1/txs", "method": "POST",
        "kind": {"type": "slow", "delay_ms": 3000}, "count": 1}]}),
    );
    let mut first = env
        .live_vmc_std()
        .args(["akash", "deploy"])
        .arg(&web)
        .args(["--yes", "--reason", "first holder", "--deposit", "5act"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = first.id().to_string();
    wait_for_step(&env, "create", "begin", Duration::from_secs(20));
    // Another SDL: the lock.
    let other = deploy(&env, &redis, &[]);
    assert_eq!(other.code, Some(3), "{other}");
    assert!(
        other.stderr.contains(&pid) && other.stderr.contains("first holder"),
        "names the holder: {other}"
    );
    // The same SDL: also the lock (its deploy is running, not unfinished).
    let same = deploy(&env, &web, &[]);
    assert_eq!(same.code, Some(3), "{same}");
    assert!(
        same.stderr.contains(&pid) && same.stderr.contains("first holder"),
        "a deploy in progress is reported as the lock holder, not as one to --resume: {same}"
    );
    // With --lock-timeout: waits for the first to finish, then deploys.
    let waited = deploy(
        &env,
        &redis,
        &["--lock-timeout", "60s", "--deposit", "5act"],
    );
    let status = first.wait().unwrap();
    let mut first_err = String::new();
    std::io::Read::read_to_string(first.stderr.as_mut().unwrap(), &mut first_err).unwrap();
    assert!(status.success(), "first: {first_err}");
    let (second, _) = check_deployed(&env, &waited);
    assert!(waited.stderr.contains("waiting up to 60s"), "{waited}");
    for s in [&other.stderr, &same.stderr, &waited.stderr, &first_err] {
        assert!(!s.to_lowercase().contains("sequence"), "{s}");
    }
    let deps = env.deployments_of(&owner);
    assert_eq!(deps.len(), 2, "{deps:?}");
    let first_dseq = dseqs(&env).into_iter().find(|d| *d != second).unwrap();
    receipts_ok(&env, &[first_dseq, second]);
}

/// The README flow: deploy, then `status`, `logs`, and `close` (when the command exists).
#[test]
fn readme_flow_deploy_status_logs_close() {
    let env = Env::start_live(BLOCK);
    let owner = dev_owner();
    let web = templates_dir().join("web.yaml");
    // Table output, as a person runs it: the next commands are in the hint.
    let out = run(env.live_vmc().args(["akash", "deploy"]).arg(&web).args([
        "--yes",
        "--reason",
        "first deploy",
        "--deposit",
        "5act",
    ]));
    assert_eq!(out.code, Some(0), "{out}");
    let dseq = *dseqs(&env).iter().next().unwrap();
    let d = dseq.to_string();
    assert!(out.stdout.contains("ingress.devnet.localhost"), "{out}");
    assert!(
        out.stderr.contains(&format!("vmc akash status {d}")),
        "the hint names the next commands: {out}"
    );
    let json = ok(env.live_vmc().args(["akash", "status", &d, "-o", "json"]));
    let status: vmc_cli::commands::akash::status::StatusView = serde_json::from_str(&json).unwrap();
    assert_eq!(status.dseq, d, "{json}");
    assert_eq!(status.leases.len(), 1, "{json}");
    assert_eq!(status.leases[0].provider_status, "ok", "{json}");
    let services = &status.leases[0].status.services;
    assert!(
        services.len() == 1 && services[0].ready >= 1 && !services[0].uris.is_empty(),
        "{json}"
    );
    let logs = ok(env
        .live_vmc()
        .args(["akash", "logs", &d, "--tail", "2", "-o", "jsonl"]));
    assert!(!logs.trim().is_empty(), "no log lines");
    for l in logs.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        assert!(v["name"].is_string() && v["message"].is_string(), "{l}");
    }
    if run(env.live_vmc().args(["akash", "close", "--help"])).code == Some(0) {
        let uact = env.balance_of(&owner, "uact");
        let out =
            run(env
                .live_vmc()
                .args(["akash", "close", &d, "--yes", "--reason", "done with it"]));
        assert_eq!(out.code, Some(0), "{out}");
        assert_eq!(
            env.deployment_info(&owner, dseq)["deployment"]["state"],
            "closed"
        );
        assert!(
            env.leases_of(&owner, dseq)
                .iter()
                .all(|l| l["state"] == "closed"),
            "{:?}",
            env.leases_of(&owner, dseq)
        );
        assert!(
            env.balance_of(&owner, "uact") > uact,
            "the escrow came back"
        );
    }
    receipts_ok(&env, &[dseq]);
}
