//! `MsgCreateDeployment` bytes for every accepted SDL vector (`msg_create_deployment.value_hex`).

#![allow(clippy::print_stderr)] // pass counts are reported on stderr

#[allow(dead_code)]
#[path = "../../vmc-sdl/tests/allowlist.rs"]
mod allowlist;

use prost::Message;
use serde_json::Value;
use vmc_akash::proto::base::{Deposit, Source};
use vmc_akash::proto::cosmos::Coin;
use vmc_akash::proto::deployment::{
    DeploymentId, DeploymentReclamation, GroupSpec, MsgCreateDeployment,
};

const OWNER: &str = "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0";
const DSEQ: u64 = 1234567;

fn accepted_vectors() -> Vec<(String, Value)> {
    let Some(dir) = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir.join("sdl")).unwrap() {
        let p = e.unwrap().path();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if v["ok"] == Value::Bool(true) {
            out.push((p.file_stem().unwrap().to_string_lossy().to_string(), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The message around `groups`, as the vectors define it.
fn message(v: &Value, groups: Vec<GroupSpec>) -> MsgCreateDeployment {
    let m = &v["msg_create_deployment"];
    let reclamation = match v.get("reclamation") {
        None | Some(Value::Null) => None,
        Some(r) => Some(serde_json::from_value::<DeploymentReclamation>(r.clone()).unwrap()),
    };
    MsgCreateDeployment {
        id: Some(DeploymentId {
            owner: OWNER.into(),
            dseq: DSEQ,
        }),
        groups,
        hash: hex::decode(v["hash_hex"].as_str().unwrap()).unwrap(),
        deposit: Some(Deposit {
            amount: Some(Coin {
                denom: m["deposit_denom"].as_str().unwrap().into(),
                amount: "5000000".into(),
            }),
            sources: vec![Source::Balance as i32],
        }),
        reclamation,
    }
}

/// From the vectors' `groups` JSON (the SDK's `GroupSpec.toJSON`) through the proto JSON layer.
#[test]
fn from_groups_json() {
    let vs = accepted_vectors();
    if vs.is_empty() {
        eprintln!("skip: no conformance vectors");
        return;
    }
    let mut failures = Vec::new();
    let mut fractional = Vec::new();
    for (name, v) in &vs {
        let m = &v["msg_create_deployment"];
        assert_eq!(
            m["type_url"],
            "/akash.deployment.v1beta4.MsgCreateDeployment"
        );
        let groups: Vec<GroupSpec> = match serde_json::from_value(v["groups"].clone()) {
            Ok(g) => g,
            Err(e) => {
                // The TS SDK writes fractional resource values (e.g. CPU "0.5" millicores) that
                // the chain cannot decode; vmc's resource values are integers and refuse them.
                assert!(
                    e.to_string().contains("does not decode to decimal digits"),
                    "{name}: {e}"
                );
                fractional.push(name.clone());
                continue;
            }
        };
        let bytes = message(v, groups).encode_to_vec();
        if hex::encode(&bytes) != m["value_hex"].as_str().unwrap() {
            failures.push(name.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ: {failures:?}",
        failures.len(),
        vs.len()
    );
    assert!(fractional.len() < 20, "too many refused: {fractional:?}");
    eprintln!(
        "msg_create_deployment from groups JSON: {}/{} byte-identical, {} refused (fractional resource values): {fractional:?}",
        vs.len() - fractional.len(),
        vs.len(),
        fractional.len()
    );
}

/// From the SDL text through `vmc_sdl::parse` → `Sdl::groups` → `group_specs_to_proto`, with
/// the hash from `Sdl::manifest`. Vectors on the SDL engine's allowlist are skipped.
#[test]
fn from_vmc_sdl() {
    let vs = accepted_vectors();
    if vs.is_empty() {
        eprintln!("skip: no conformance vectors");
        return;
    }
    let allowed: std::collections::BTreeSet<&str> =
        allowlist::ALLOWLIST.iter().map(|a| a.vector).collect();
    let (mut same, mut skipped, mut failures) = (0, 0, Vec::new());
    for (name, v) in &vs {
        if allowed.contains(name.as_str()) {
            skipped += 1;
            continue;
        }
        let sdl = match vmc_sdl::parse(v["sdl_yaml"].as_str().unwrap()) {
            Ok(s) => s,
            Err(_) => {
                failures.push(format!("{name}: vmc-sdl rejects it"));
                continue;
            }
        };
        let (groups, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::Ts);
        let mut msg = message(v, vmc_akash::groups::group_specs_to_proto(&groups));
        msg.hash = manifest.hash().to_vec();
        if let Some(secs) = sdl.reclamation_seconds() {
            let expect = msg
                .reclamation
                .as_ref()
                .and_then(|r| r.min_window)
                .map(|d| d.seconds);
            assert_eq!(Some(secs as i64), expect, "{name}: reclamation");
        }
        if hex::encode(msg.encode_to_vec())
            == v["msg_create_deployment"]["value_hex"].as_str().unwrap()
        {
            same += 1;
        } else {
            failures.push(format!("{name}: bytes differ"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ: {failures:?}",
        failures.len()
    );
    eprintln!("msg_create_deployment via vmc-sdl: {same} byte-identical, {skipped} allowlisted");
    assert!(same > 300);
}
