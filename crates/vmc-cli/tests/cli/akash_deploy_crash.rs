//! The crash matrix of `vmc akash deploy`: the child is killed with SIGKILL inside each step
//! (create, bids, lease, manifest, readiness), held there by a devnet `slow` fault and observed
//! through the step records of the context's receipts.jsonl; and the deploy meets each devnet
//! fault (a lost broadcast answer, sequence mismatches, an unreachable provider, a provider that
//! answers 422 to the manifest). Then `vmc akash deploy --resume DSEQ --yes`, with the fault
//! cleared, must finish it: one deployment of the owner, never a second lease of a group (leases
//! counted in any state), the escrow leased (or refunded after `--abandon`), the receipt log
//! verified, the services ready. A plain re-run of the same SDL after a crash is refused (exit 3)
//! with the exact `--resume` command.
//!
//! Every scenario has its own devnet (200 ms blocks on the system clock, replicas ready 200 ms
//! after their manifest), so the matrix runs in well under two minutes.

use crate::akash_support;

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use akash_support::{Env, dev_owner};
use serde_json::{Value, json};

const BLOCK: Duration = Duration::from_millis(200);
const TXS: &str = "/cosmos/tx/v1beta1/txs";
const AKASH: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";
const OVERCLOCK: &str = "akash18qa2a2ltfyvkyj0ggj3hkvuj6twzyumuaru9s4";

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

fn run(cmd: &mut assert_cmd::Command) -> Out {
    let o = cmd.timeout(Duration::from_secs(90)).output().unwrap();
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn template(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../templates/akash/{name}.yaml"))
}

fn web() -> PathBuf {
    template("web")
}

/// `vmc akash deploy SDL --yes --reason … --deposit 5act -o json EXTRA…`, to its end.
fn deploy(env: &Env, sdl: &Path, extra: &[&str]) -> Out {
    run(env
        .live_vmc()
        .args(["akash", "deploy"])
        .arg(sdl)
        .args([
            "--yes",
            "--reason",
            "crash matrix",
            "--deposit",
            "5act",
            "-o",
            "json",
        ])
        .args(extra))
}

/// The same deploy as a child process (stderr into a file), to kill.
fn spawn_deploy(env: &Env, sdl: &Path) -> (Child, PathBuf) {
    let err = env.home.path().join("child.stderr");
    let child = env
        .live_vmc_std()
        .args(["akash", "deploy"])
        .arg(sdl)
        .args(["--yes", "--reason", "crash matrix", "--deposit", "5act"])
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(&err).unwrap()))
        .spawn()
        .unwrap();
    (child, err)
}

fn kill(mut child: Child) {
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child had finished before the kill");
}

/// The step records of the receipt log, as `name status`.
fn step_records(env: &Env) -> Vec<(String, Value)> {
    std::fs::read_to_string(env.receipts_path())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| r["step"].is_object())
        .map(|r| {
            (
                format!(
                    "{} {}",
                    r["step"]["name"].as_str().unwrap(),
                    r["step"]["status"].as_str().unwrap()
                ),
                r["response"].clone(),
            )
        })
        .collect()
}

/// Waits until the receipt log has the step record `want` (e.g. `create begin`).
fn wait_for_step(env: &Env, want: &str) {
    wait_until(&format!("a `{want}` record"), || {
        step_records(env).iter().any(|(s, _)| s == want)
    });
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The dseq the journal's create records name.
fn journaled_dseq(env: &Env) -> u64 {
    step_records(env)
        .iter()
        .rev()
        .find_map(|(s, r)| {
            s.starts_with("create ")
                .then(|| r["dseq"].as_u64())
                .flatten()
        })
        .expect("a create record with the dseq")
}

fn active_deployment_visible(env: &Env, dseq: u64) -> bool {
    env.deployment_info(&dev_owner(), dseq)["deployment"]["state"] == "active"
}

/// A plain re-run of the same SDL after the crash: exit 3, and the exact `--resume` command.
fn plain_rerun_is_refused(env: &Env, sdl: &Path, dseq: u64) {
    let out = deploy(env, sdl, &[]);
    assert_eq!(out.code, Some(3), "{out}");
    let cmd = format!("vmc akash deploy --resume {dseq} --yes");
    assert!(out.stderr.contains(&cmd), "names `{cmd}`: {out}");
    assert!(out.stderr.contains("--abandon"), "{out}");
}

/// `--resume DSEQ --yes`: exit 0 with the services ready.
fn resume(env: &Env, dseq: u64) -> Out {
    resume_after(env, dseq, "")
}

/// [`resume`], saying what happened before in its failures.
fn resume_after(env: &Env, dseq: u64, before: &str) -> Out {
    let out = run(env.live_vmc().args([
        "akash",
        "deploy",
        "--resume",
        &dseq.to_string(),
        "--yes",
        "-o",
        "json",
    ]));
    assert_eq!(out.code, Some(0), "{before}\nresume: {out}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["dseq"], dseq.to_string().as_str(), "{v}");
    let services = v["services"].as_array().unwrap();
    assert!(!services.is_empty(), "{v}");
    for s in services {
        assert!(
            s["ready"].as_i64().unwrap() >= 1 && s["ready"] == s["total"],
            "ready: {s}"
        );
    }
    out
}

/// What every scenario ends with: exactly one deployment of the owner, at most one lease per
/// group ever (any state) and an active one for each, the escrow open and paying the lease,
/// the provider holding the manifest, and `vmc receipts verify` passing. Returns the lease
/// providers.
fn check_leased(env: &Env, dseq: u64) -> Vec<String> {
    let owner = dev_owner();
    let deps = env.deployments_of(&owner);
    assert_eq!(deps.len(), 1, "exactly one deployment: {deps:?}");
    let info = env.deployment_info(&owner, dseq);
    assert_eq!(info["deployment"]["state"], "active", "{info}");
    let groups = info["groups"].as_array().unwrap().len();
    let leases = env.leases_of(&owner, dseq);
    let mut providers = Vec::new();
    for g in 1..=groups as u64 {
        let of_group: Vec<&Value> = leases
            .iter()
            .filter(|l| l["id"]["gseq"].as_u64() == Some(g))
            .collect();
        assert_eq!(of_group.len(), 1, "one lease of group {g} ever: {leases:?}");
        assert_eq!(of_group[0]["state"], "active", "{leases:?}");
        let provider = of_group[0]["id"]["provider"].as_str().unwrap().to_string();
        let key = vmc_devnet::state::bkey(&vmc_devnet::state::BidId {
            owner: owner.clone(),
            dseq,
            gseq: g as u32,
            oseq: of_group[0]["id"]["oseq"].as_u64().unwrap() as u32,
            provider: provider.clone(),
            bseq: 0,
        });
        assert!(
            env.devnet()
                .with_state(|st| st.provider_manifests.contains_key(&key)),
            "manifest of {key}"
        );
        providers.push(provider);
    }
    assert_eq!(
        info["escrow_account"]["state"]["state"], "open",
        "the escrow pays the lease: {info}"
    );
    receipts_verify(env);
    providers
}

fn receipts_verify(env: &Env) {
    let out = run(env.live_vmc().args(["receipts", "verify"]));
    assert_eq!(out.code, Some(0), "receipts verify: {out}");
}

/// The deploy operation's outcome and step records, from `vmc receipts list -o json`.
fn deploy_operation(env: &Env) -> Value {
    let list: Value =
        serde_json::from_str(&run(env.live_vmc().args(["receipts", "list", "-o", "json"])).stdout)
            .unwrap();
    let ops: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["intent"]["action"] == "akash.deploy")
        .collect();
    assert_eq!(
        ops.len(),
        1,
        "one deploy operation (resumed, not restarted): {list}"
    );
    ops[0].clone()
}

/// Kill inside a step, refuse the plain re-run, clear the faults, resume, check. `settle`:
/// how long a request the devnet held back may still run after the kill.
fn crash_then_resume(env: &Env, sdl: &Path, settle: Duration, in_step: impl FnOnce(&Env)) -> u64 {
    let (child, _err) = spawn_deploy(env, sdl);
    in_step(env);
    kill(child);
    std::thread::sleep(settle);
    let dseq = journaled_dseq(env);
    let killed = format!(
        "killed after {:?}; then on chain: deployment active {}, leases {:?}",
        step_records(env)
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>(),
        active_deployment_visible(env, dseq),
        env.leases_of(&dev_owner(), dseq)
            .iter()
            .map(|l| l["state"].clone())
            .collect::<Vec<_>>()
    );
    plain_rerun_is_refused(env, sdl, dseq);
    env.clear_faults();
    resume_after(env, dseq, &killed);
    check_leased(env, dseq);
    let op = deploy_operation(env);
    assert_eq!(op["outcome"]["outcome"], "success", "{op}");
    dseq
}

fn slow(path: &str, method: &str, ms: u64, count: u32) -> Value {
    json!({"path": path, "method": method, "kind": {"type": "slow", "delay_ms": ms}, "count": count})
}

fn slow_provider(provider: &str, path: &str, method: &str, ms: u64, count: u32) -> Value {
    json!({"path": path, "method": method, "kind": {"type": "slow", "delay_ms": ms},
           "count": count, "provider": provider})
}

// ── SIGKILL inside each step ─────────────────────────────────────────────────────────────

/// Killed while the create broadcast is in flight (journaled `create begin`, the answer held
/// back 1.5 s): the transaction may or may not have reached the chain.
#[test]
fn crash_in_create_while_broadcasting() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [slow(TXS, "POST", 1500, 1)]}));
    crash_then_resume(&env, &web(), Duration::from_millis(1600), |env| {
        wait_for_step(env, "create begin");
        std::thread::sleep(Duration::from_millis(100));
    });
}

/// Killed after the create transaction was included but before the deploy saw it (its
/// inclusion polls held back): the resumed deploy adopts the deployment on chain.
#[test]
fn crash_in_create_after_inclusion() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [slow(&format!("{TXS}/"), "GET", 1500, 1000)]}));
    crash_then_resume(&env, &web(), Duration::ZERO, |env| {
        wait_for_step(env, "create begin");
        let dseq = journaled_dseq(env);
        wait_until("the deployment on chain", || {
            active_deployment_visible(env, dseq)
        });
        assert!(
            !step_records(env).iter().any(|(s, _)| s == "create done"),
            "still inside create"
        );
    });
}

/// Killed while waiting for bids (the bid queries held back).
#[test]
fn crash_in_bids() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [slow("/akash/market/v1beta5/bids/list", "GET", 1000, 1000)]}));
    crash_then_resume(&env, &web(), Duration::ZERO, |env| {
        wait_for_step(env, "create done");
        let err = env.home.path().join("child.stderr");
        wait_until("bids…", || {
            std::fs::read_to_string(&err).is_ok_and(|t| t.contains("bids…"))
        });
        std::thread::sleep(Duration::from_millis(200));
        assert!(
            !step_records(env)
                .iter()
                .any(|(s, _)| s.starts_with("lease"))
        );
    });
}

/// Killed while the lease broadcast is in flight (the second broadcast held back 1.5 s).
#[test]
fn crash_in_lease_while_broadcasting() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [slow(TXS, "POST", 1500, 2)]}));
    crash_then_resume(&env, &web(), Duration::from_millis(1600), |env| {
        wait_for_step(env, "lease begin");
        std::thread::sleep(Duration::from_millis(100));
    });
}

/// Killed after the lease transaction was included but before the deploy saw it: the resumed
/// deploy adopts the active lease instead of leasing a second time.
#[test]
fn crash_in_lease_after_inclusion() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [slow(&format!("{TXS}/"), "GET", 1000, 1000)]}));
    crash_then_resume(&env, &web(), Duration::ZERO, |env| {
        wait_for_step(env, "lease begin");
        let dseq = journaled_dseq(env);
        wait_until("the lease on chain", || {
            env.leases_of(&dev_owner(), dseq)
                .iter()
                .any(|l| l["state"] == "active")
        });
        assert!(!step_records(env).iter().any(|(s, _)| s == "lease done"));
    });
    let op = deploy_operation(&env);
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
    assert_eq!(
        steps.iter().filter(|s| *s == "lease begin").count(),
        1,
        "no second lease transaction: {steps:?}"
    );
}

/// Killed while the manifest PUT is in flight (held back 2 s by both possible providers).
#[test]
fn crash_in_manifest() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [
        slow_provider("provider-us-west", "/deployment/", "PUT", 2000, 1),
        slow_provider("provider-eu-gpu", "/deployment/", "PUT", 2000, 1),
    ]}));
    crash_then_resume(&env, &web(), Duration::from_millis(2100), |env| {
        wait_for_step(env, "manifest begin");
        std::thread::sleep(Duration::from_millis(100));
        assert!(!step_records(env).iter().any(|(s, _)| s == "manifest done"));
    });
}

/// Killed while waiting for the services (lease status queries held back).
#[test]
fn crash_in_readiness() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [
        slow_provider("provider-us-west", "/lease/", "GET", 1000, 1000),
        slow_provider("provider-eu-gpu", "/lease/", "GET", 1000, 1000),
    ]}));
    crash_then_resume(&env, &web(), Duration::ZERO, |env| {
        wait_for_step(env, "manifest done");
        std::thread::sleep(Duration::from_millis(300));
        assert!(!step_records(env).iter().any(|(s, _)| s == "ready done"));
    });
}

/// `--abandon DSEQ` after a crash (the lease on chain, the deploy killed): the deployment is
/// closed, its leases too, and the refund reported is what came back to the wallet.
#[test]
fn abandon_after_a_crash_closes_and_reports_the_refund() {
    let env = Env::start_live(BLOCK);
    let owner = dev_owner();
    env.faults(json!({"rules": [slow(&format!("{TXS}/"), "GET", 1000, 1000)]}));
    let (child, _) = spawn_deploy(&env, &web());
    wait_for_step(&env, "lease begin");
    let dseq = journaled_dseq(&env);
    wait_until("the lease on chain", || {
        env.leases_of(&owner, dseq)
            .iter()
            .any(|l| l["state"] == "active")
    });
    kill(child);
    env.clear_faults();
    let uact = env.balance_of(&owner, "uact");
    let out = run(env.live_vmc().args([
        "akash",
        "deploy",
        "--abandon",
        &dseq.to_string(),
        "--yes",
        "--reason",
        "crashed, give it up",
        "-o",
        "json",
    ]));
    assert_eq!(out.code, Some(0), "{out}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["status"], "closed", "{v}");
    let info = env.deployment_info(&owner, dseq);
    assert_eq!(info["deployment"]["state"], "closed", "{info}");
    assert!(
        env.leases_of(&owner, dseq)
            .iter()
            .all(|l| l["state"] != "active"),
        "{:?}",
        env.leases_of(&owner, dseq)
    );
    assert_eq!(env.deployments_of(&owner).len(), 1);
    let back = env.balance_of(&owner, "uact") - uact;
    assert!(back > 0 && back <= 5_000_000, "refund {back}");
    assert_eq!(v["refund"]["denom"], "uact", "{v}");
    let reported: u128 = v["refund"]["amount"].as_str().unwrap().parse().unwrap();
    assert_eq!(reported, back, "the refund reported is what came back: {v}");
    receipts_verify(&env);
    let op = deploy_operation(&env);
    assert!(
        !op["outcome"].is_null(),
        "abandoning finishes the operation: {op}"
    );
    // Nothing left to resume.
    let again =
        run(env
            .live_vmc()
            .args(["akash", "deploy", "--resume", &dseq.to_string(), "--yes"]));
    assert_eq!(again.code, Some(4), "{again}");
}

/// `--abandon` after a crash while waiting for bids (no lease yet): the whole deposit comes back.
#[test]
fn abandon_after_a_crash_in_bids_refunds_the_deposit() {
    let env = Env::start_live(BLOCK);
    let owner = dev_owner();
    env.faults(json!({"rules": [slow("/akash/market/v1beta5/bids/list", "GET", 1000, 1000)]}));
    let before = env.balance_of(&owner, "uact");
    let (child, _) = spawn_deploy(&env, &web());
    wait_for_step(&env, "create done");
    kill(child);
    env.clear_faults();
    let dseq = journaled_dseq(&env);
    let out = run(env.live_vmc().args([
        "akash",
        "deploy",
        "--abandon",
        &dseq.to_string(),
        "--yes",
        "--reason",
        "crashed",
    ]));
    assert_eq!(out.code, Some(0), "{out}");
    assert!(
        out.stdout.contains("5 ACT"),
        "the refund in the table: {out}"
    );
    assert_eq!(
        env.deployment_info(&owner, dseq)["deployment"]["state"],
        "closed"
    );
    assert_eq!(
        env.balance_of(&owner, "uact"),
        before,
        "the deposit came back in full"
    );
    receipts_verify(&env);
}

// ── Devnet faults ────────────────────────────────────────────────────────────────────────

/// Every broadcast's answer is lost (the transactions commit): the deploy finds its
/// transactions by hash and finishes by itself, with one deployment and one lease; there is
/// nothing left to resume.
#[test]
fn fault_lost_broadcast_answers() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [{"path": TXS, "method": "POST", "kind": {"type": "lose_answer"}, "count": 10}]}));
    let out = deploy(&env, &web(), &[]);
    assert_eq!(out.code, Some(0), "{out}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let dseq: u64 = v["dseq"].as_str().unwrap().parse().unwrap();
    env.clear_faults();
    check_leased(&env, dseq);
    let again =
        run(env
            .live_vmc()
            .args(["akash", "deploy", "--resume", &dseq.to_string(), "--yes"]));
    assert_eq!(
        again.code,
        Some(4),
        "a finished deploy has nothing to resume: {again}"
    );
}

/// One sequence mismatch is absorbed (re-signed once); three stop the deploy (exit 7, the
/// exact commands in the hint), and `--resume` finishes it.
#[test]
fn fault_sequence_mismatch() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"sequence_mismatch": 1}));
    let out = deploy(&env, &web(), &[]);
    assert_eq!(out.code, Some(0), "one mismatch is re-signed: {out}");
    let first: u64 = serde_json::from_str::<Value>(&out.stdout).unwrap()["dseq"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    check_leased(&env, first);

    let env = Env::start_live(BLOCK);
    env.faults(json!({"sequence_mismatch": 3}));
    let out = deploy(&env, &web(), &[]);
    assert_eq!(out.code, Some(7), "{out}");
    let dseq = journaled_dseq(&env);
    assert!(out.stderr.contains("sequence"), "{out}");
    assert!(
        out.stderr
            .contains(&format!("vmc akash deploy --resume {dseq} --yes")),
        "{out}"
    );
    env.clear_faults();
    resume(&env, dseq);
    check_leased(&env, dseq);
}

/// The cheapest provider's gateway does not answer: its bid is passed over for the next one,
/// and the deploy finishes there.
#[test]
fn fault_unreachable_provider_is_passed_over() {
    let env = Env::start_live(BLOCK);
    let gpu = env.provider_address("provider-eu-gpu");
    env.faults(
        json!({"rules": [{"path": "/", "kind": {"type": "unreachable"}, "count": 1000,
        "provider": "provider-us-west"}]}),
    );
    let out = deploy(&env, &web(), &[]);
    assert_eq!(out.code, Some(0), "{out}");
    assert!(out.stderr.contains("does not answer"), "{out}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let dseq: u64 = v["dseq"].as_str().unwrap().parse().unwrap();
    env.clear_faults();
    assert_eq!(check_leased(&env, dseq), vec![gpu]);
}

/// The only eligible provider's gateway does not answer: with --keep-open the deploy stops
/// without a lease (exit 6, deployment kept, resumable); once the gateway answers, `--resume`
/// leases and finishes.
#[test]
fn fault_unreachable_only_provider_then_resume() {
    let env = Env::start_live(BLOCK);
    let gpu = env.provider_address("provider-eu-gpu");
    // allOf Akash + Overclock: only provider-eu-gpu bids (docs/devnet-genesis.md).
    let sdl = akash_support::WEB_SDL.replace(
        "      signedBy:\n        anyOf:\n          - akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63\n",
        &format!("      signedBy:\n        allOf:\n          - {AKASH}\n          - {OVERCLOCK}\n"),
    );
    assert_ne!(sdl, akash_support::WEB_SDL);
    let p = env.home.path().join("eu-only.yaml");
    std::fs::write(&p, sdl).unwrap();
    env.faults(
        json!({"rules": [{"path": "/", "kind": {"type": "unreachable"}, "count": 1000,
        "provider": "provider-eu-gpu"}]}),
    );
    let out = deploy(&env, &p, &["--keep-open", "--bid-timeout", "3s"]);
    assert_eq!(out.code, Some(6), "{out}");
    let dseq = journaled_dseq(&env);
    assert!(active_deployment_visible(&env, dseq), "kept open");
    assert!(out.stderr.contains("does not answer"), "{out}");
    assert!(
        out.stderr
            .contains(&format!("vmc akash deploy --resume {dseq} --yes")),
        "{out}"
    );
    env.clear_faults();
    resume(&env, dseq);
    assert_eq!(check_leased(&env, dseq), vec![gpu]);
}

/// The provider answers 422 to the manifest: exit 7 with the lease kept; `--resume` sends
/// the manifest again and finishes, without a second lease.
#[test]
fn fault_manifest_refused_with_422() {
    let env = Env::start_live(BLOCK);
    let refuse = |p: &str| {
        json!({"path": "/deployment/", "method": "PUT", "kind": {"type": "status", "status": 422},
               "count": 1, "provider": p})
    };
    env.faults(json!({"rules": [refuse("provider-us-west"), refuse("provider-eu-gpu")]}));
    let out = deploy(&env, &web(), &[]);
    assert_eq!(out.code, Some(7), "{out}");
    assert!(out.stderr.contains("422"), "{out}");
    let dseq = journaled_dseq(&env);
    assert!(
        out.stderr
            .contains(&format!("vmc akash deploy --resume {dseq} --yes")),
        "{out}"
    );
    plain_rerun_is_refused(&env, &web(), dseq);
    env.clear_faults();
    resume(&env, dseq);
    check_leased(&env, dseq);
}

// ── Killed after the intent, before the create ───────────────────────────────────────────

/// Waits until the receipt log has `n` intents of `vmc akash deploy`; returns the last one.
fn wait_for_intents(env: &Env, n: usize) -> Value {
    let intents = || -> Vec<Value> {
        std::fs::read_to_string(env.receipts_path())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|r| r["phase"] == "intent" && r["action"] == "akash.deploy")
            .collect()
    };
    wait_until(&format!("{n} deploy intents"), || intents().len() >= n);
    intents().pop().unwrap()
}

fn intent_dseq(intent: &Value) -> u64 {
    intent["target"]["dseq"].as_str().unwrap().parse().unwrap()
}

/// Killed after its intent was journaled, before the create was signed (the deploy's first
/// chain query held back): nothing is on chain. `--resume` creates and finishes it.
#[test]
fn crash_after_the_intent_then_resume() {
    let env = Env::start_live(BLOCK);
    env.faults(
        json!({"rules": [slow("/akash/deployment/v1beta4/deployments/info", "GET", 1500, 1)]}),
    );
    let (child, _) = spawn_deploy(&env, &web());
    let dseq = intent_dseq(&wait_for_intents(&env, 1));
    std::thread::sleep(Duration::from_millis(200));
    kill(child);
    assert!(step_records(&env).is_empty(), "{:?}", step_records(&env));
    assert!(env.deployments_of(&dev_owner()).is_empty());
    plain_rerun_is_refused(&env, &web(), dseq);
    env.clear_faults();
    resume(&env, dseq);
    check_leased(&env, dseq);
}

/// The same crash, then `--abandon`: nothing was created, so nothing is closed; the
/// operation ends and the SDL can be deployed again.
#[test]
fn crash_after_the_intent_then_abandon() {
    let env = Env::start_live(BLOCK);
    env.faults(
        json!({"rules": [slow("/akash/deployment/v1beta4/deployments/info", "GET", 1500, 1)]}),
    );
    let (child, _) = spawn_deploy(&env, &web());
    let dseq = intent_dseq(&wait_for_intents(&env, 1));
    std::thread::sleep(Duration::from_millis(200));
    kill(child);
    env.clear_faults();
    let out = run(env.live_vmc().args([
        "akash",
        "deploy",
        "--abandon",
        &dseq.to_string(),
        "--yes",
        "--reason",
        "crashed before anything was sent",
    ]));
    assert_eq!(out.code, Some(0), "{out}");
    assert!(env.deployments_of(&dev_owner()).is_empty());
    let op = deploy_operation(&env);
    assert!(
        !op["outcome"].is_null(),
        "the abandoned operation is finished: {op}"
    );
    receipts_verify(&env);
    // The SDL deploys again.
    let out = deploy(&env, &web(), &[]);
    assert_eq!(out.code, Some(0), "{out}");
}

/// A deploy that waited for the lock (`--lock-timeout`) while another one of the same wallet
/// ran, started in the same block: killed after its intent, before its create. `--abandon` of
/// the dseq its journal names must not close the other deploy's deployment.
#[test]
fn abandoning_a_deploy_that_waited_for_the_lock_spares_the_holders_deployment() {
    // Blocks of 2 s, so that both deploys start in the same block.
    let env = Env::start_live(Duration::from_secs(2));
    let owner = dev_owner();
    env.faults(json!({"rules": [slow(TXS, "POST", 1000, 1)]}));
    let (first, _) = spawn_deploy(&env, &web());
    wait_for_step(&env, "create begin");
    let first_dseq = journaled_dseq(&env);
    let second = env
        .live_vmc_std()
        .args(["akash", "deploy"])
        .arg(template("redis"))
        .args([
            "--yes",
            "--reason",
            "second",
            "--deposit",
            "5act",
            "--lock-timeout",
            "60s",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Once the first is ready, hold back the next deployment queries: the second one's first
    // query comes right after its intent.
    wait_for_step(&env, "ready done");
    env.faults(
        json!({"rules": [slow("/akash/deployment/v1beta4/deployments/info", "GET", 2000, 3)]}),
    );
    let intent = wait_for_intents(&env, 2);
    std::thread::sleep(Duration::from_millis(200));
    kill(second);
    let status = { first }.wait().unwrap();
    assert!(status.success());
    env.clear_faults();
    let named = intent_dseq(&intent);
    assert_ne!(
        named, first_dseq,
        "the intent of a deploy that waited for the lock names the holder's deployment"
    );
    assert_eq!(
        env.deployment_info(&owner, first_dseq)["deployment"]["state"],
        "active"
    );
    let out = run(env.live_vmc().args([
        "akash",
        "deploy",
        "--abandon",
        &named.to_string(),
        "--yes",
        "--reason",
        "give up the second",
    ]));
    assert_eq!(
        env.deployment_info(&owner, first_dseq)["deployment"]["state"],
        "active",
        "the second deploy (intent dseq {named}) was abandoned and closed the first deploy's \
         deployment {first_dseq}: {out}"
    );
    receipts_verify(&env);
}

/// Ctrl-C (SIGINT) while waiting for bids: the step in flight finishes and is journaled, vmc
/// stops with exit 7 and the `--resume`/`--abandon` commands; `--resume` then finishes it.
#[test]
fn ctrl_c_in_bids_stops_safely_then_resume() {
    let env = Env::start_live(BLOCK);
    env.faults(json!({"rules": [slow("/akash/market/v1beta5/bids/list", "GET", 1000, 3)]}));
    let (mut child, err) = spawn_deploy(&env, &web());
    wait_for_step(&env, "create done");
    wait_until("bids…", || {
        std::fs::read_to_string(&err).is_ok_and(|t| t.contains("bids…"))
    });
    let pid = child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(7), "{stderr}");
    // The bid query in flight finishes (it may already hold the bids); vmc stops before the
    // lease is sent.
    assert!(
        stderr.contains("interrupted during bids") || stderr.contains("interrupted during lease"),
        "{stderr}"
    );
    let dseq = journaled_dseq(&env);
    assert!(
        stderr.contains(&format!("vmc akash deploy --resume {dseq} --yes")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--abandon {dseq}")), "{stderr}");
    // The journal says where it stopped; nothing was leased.
    let records = step_records(&env);
    assert!(
        records
            .iter()
            .any(|(s, _)| s == "bids failed" || s == "lease failed"),
        "{records:?}"
    );
    assert!(
        !records
            .iter()
            .any(|(s, _)| s == "lease begin" || s == "lease done")
    );
    receipts_verify(&env);
    resume(&env, dseq);
    check_leased(&env, dseq);
}
