//! `vmc sdl match FILE --providers FILE` from the built binary, with the audited-attributes
//! guide's placements (two datacenters, signed by the Akash auditor) and the chain's REST JSON.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};
use tempfile::TempDir;

const AUDITOR: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";
const EWR1: &str = "akash1ewr1providerxxxxxxxxxxxxxxxxxxxxxxxxx";
const SJC1: &str = "akash1sjc1providerxxxxxxxxxxxxxxxxxxxxxxxxx";
const SELF: &str = "akash1selfclaimedxxxxxxxxxxxxxxxxxxxxxxxxxx";

/// The guide's sample SDL, priced in uact, plus a persistent volume.
const SDL: &str = r#"
version: "2.0"
services:
  web:
    image: ovrclk/lunie-light:v1.0.0
    expose:
      - port: 3000
        as: 80
        accept: [www.example.com]
        to:
          - global: true
    params:
      storage:
        data: {mount: /data}
profiles:
  compute:
    web:
      resources:
        cpu: {units: 0.1}
        memory: {size: 512Mi}
        storage:
          - size: 512Mi
          - name: data
            size: 1Gi
            attributes: {persistent: true, class: beta2}
  placement:
    ewr1-provider0:
      attributes:
        host: akash
        datacenter: equinix-metal-ewr1
      signedBy:
        anyOf:
          - akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63
      pricing:
        web: {denom: uact, amount: 100}
    sjc1-provider0:
      attributes:
        host: akash
        datacenter: equinix-metal-sjc1
      signedBy:
        anyOf:
          - akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63
      pricing:
        web: {denom: uact, amount: 100}
deployment:
  web:
    ewr1-provider0: {profile: web, count: 1}
    sjc1-provider0: {profile: web, count: 1}
"#;

fn vmc(home: &Path) -> Command {
    let mut c = common::vmc(home);
    c.env("VMC_DATA_DIR", home.join("vmcdata"))
        .current_dir(home);
    c
}

fn kv(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect(),
    )
}

fn storage_beta2() -> Vec<(&'static str, &'static str)> {
    vec![
        ("capabilities/storage/1/class", "beta2"),
        ("capabilities/storage/1/persistent", "true"),
    ]
}

/// `/akash/provider/v1beta4/providers`.
fn providers_response() -> Value {
    let with = |dc: &str| {
        let mut a = vec![("host", "akash"), ("datacenter", dc)];
        a.extend(storage_beta2());
        kv(&a)
    };
    json!({
        "providers": [
            {"owner": EWR1, "host_uri": "https://ewr1.example.com:8443",
             "attributes": with("equinix-metal-ewr1"), "info": {"email": "", "website": ""}},
            {"owner": SJC1, "host_uri": "https://sjc1.example.com:8443",
             "attributes": with("equinix-metal-sjc1"), "info": {"email": "", "website": ""}},
            {"owner": SELF, "host_uri": "https://self.example.com:8443",
             "attributes": with("equinix-metal-ewr1"), "info": {"email": "", "website": ""}}
        ],
        "pagination": {"next_key": null, "total": "3"}
    })
}

/// `/akash/audit/v1/audit/attributes/list`: the auditor signed ewr1 and sjc1, not SELF.
fn audit_response() -> Value {
    json!({
        "providers": [
            {"owner": EWR1, "auditor": AUDITOR,
             "attributes": kv(&[("datacenter", "equinix-metal-ewr1"), ("host", "akash")])},
            {"owner": SJC1, "auditor": AUDITOR,
             "attributes": kv(&[("datacenter", "equinix-metal-sjc1"), ("host", "akash")])}
        ],
        "pagination": {"next_key": null, "total": "2"}
    })
}

fn setup(providers: &Value) -> (TempDir, PathBuf, PathBuf) {
    let home = TempDir::new().unwrap();
    let sdl = home.path().join("deploy.yaml");
    std::fs::write(&sdl, SDL).unwrap();
    let p = home.path().join("providers.json");
    std::fs::write(&p, serde_json::to_string_pretty(providers).unwrap()).unwrap();
    (home, sdl, p)
}

fn run_json(home: &Path, extra: &[&str]) -> Vec<Value> {
    let out = vmc(home)
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
            "-o",
            "json",
        ])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn row<'a>(rows: &'a [Value], placement: &str, provider: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["placement"] == placement && r["provider"] == provider)
        .unwrap_or_else(|| panic!("no row {placement}/{provider} in {rows:?}"))
}

#[test]
fn guide_example_wrapper_object() {
    let doc = json!({"providers": providers_response(), "audited": audit_response()});
    let (home, _, _) = setup(&doc);
    let rows = run_json(home.path(), &[]);
    assert_eq!(rows.len(), 6, "2 placements x 3 providers");

    let ok = row(&rows, "ewr1-provider0", EWR1);
    assert_eq!(ok["eligible"], true);
    assert_eq!(ok["host_uri"], "https://ewr1.example.com:8443");
    assert_eq!(ok["reasons"], json!([]));
    assert_eq!(row(&rows, "sjc1-provider0", SJC1)["eligible"], true);

    // SJC1 for the ewr1 placement: its own and its audited datacenter differ.
    let wrong_dc = row(&rows, "ewr1-provider0", SJC1);
    assert_eq!(wrong_dc["eligible"], false);
    let kinds: Vec<&str> = wrong_dc["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["own_attribute", "no_any_of_auditor", "audited_attribute"]
    );
    assert_eq!(
        wrong_dc["reasons"][0]["message"],
        "own attributes: `datacenter` is `equinix-metal-sjc1`, wants `equinix-metal-ewr1` \
         (checked by the provider's bid engine even with signedBy)"
    );

    // SELF claims the right datacenter but nobody audited it.
    let unaudited = row(&rows, "ewr1-provider0", SELF);
    assert_eq!(unaudited["eligible"], false);
    assert_eq!(
        unaudited["reasons"][1]["message"],
        format!("anyOf auditor {AUDITOR} has not signed any attributes for this provider")
    );
}

#[test]
fn concatenated_responses_and_table() {
    let doc = json!([audit_response(), providers_response()]);
    let (home, _, _) = setup(&doc);
    let rows = run_json(home.path(), &[]);
    assert_eq!(row(&rows, "ewr1-provider0", EWR1)["eligible"], true);

    let out = vmc(home.path())
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["PLACEMENT", "PROVIDER", "ELIGIBLE", "REASONS"]);
    // Eligible providers come first in each placement.
    let first: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(first, ["ewr1-provider0", EWR1, "yes"]);
    assert!(text.contains("none of the anyOf auditors"), "{text}");
}

#[test]
fn storage_and_filters() {
    // A provider without the beta2 storage class cannot host the persistent volume.
    let mut providers = providers_response();
    providers["providers"][0]["attributes"] =
        kv(&[("host", "akash"), ("datacenter", "equinix-metal-ewr1")]);
    let doc = json!({"providers": providers, "audited": audit_response()});
    let (home, _, _) = setup(&doc);
    let rows = run_json(home.path(), &["--placement", "ewr1-provider0"]);
    assert_eq!(rows.len(), 3);
    let r = row(&rows, "ewr1-provider0", EWR1);
    assert_eq!(r["eligible"], false);
    assert_eq!(r["reasons"][0]["kind"], "storage");
    assert_eq!(r["reasons"][0]["volume"], "data");

    let rows = run_json(home.path(), &["--eligible-only"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["provider"], SJC1);

    vmc(home.path())
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
        ])
        .args(["--placement", "ewr1-provider0"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "placement `ewr1-provider0`: none of the 3 providers may bid",
        ));
}

#[test]
fn bad_providers_file_is_a_usage_error() {
    let (home, _, p) = setup(&json!({"foo": []}));
    vmc(home.path())
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("providers.json: $: expected"))
        .stderr(predicate::str::contains("hint:"));
    std::fs::write(&p, "{\"providers\": [{\"host_uri\": 1}]}").unwrap();
    vmc(home.path())
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("$.providers[0]"));
    std::fs::write(&p, "not json").unwrap();
    vmc(home.path())
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid JSON"));
    vmc(home.path())
        .args(["sdl", "match", "deploy.yaml", "--providers", "nope.json"])
        .assert()
        .code(4);
    vmc(home.path())
        .args(["sdl", "match", "-", "--providers", "-"])
        .assert()
        .code(2);
}

#[test]
fn unknown_placement_and_invalid_sdl() {
    let (home, sdl, _) = setup(&providers_response());
    vmc(home.path())
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
        ])
        .args(["--placement", "nowhere"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("ewr1-provider0"));
    std::fs::write(&sdl, "version: \"2.0\"\nservices: 3\n").unwrap();
    vmc(home.path())
        .args([
            "sdl",
            "match",
            "deploy.yaml",
            "--providers",
            "providers.json",
        ])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn help_documents_the_accepted_shapes() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .args(["sdl", "match", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "/akash/provider/v1beta4/providers",
        ))
        .stdout(predicate::str::contains(
            "/akash/audit/v1/audit/attributes/list",
        ))
        .stdout(predicate::str::contains("\"audited\""));
}
