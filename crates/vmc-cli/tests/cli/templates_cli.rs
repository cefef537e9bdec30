//! Bundled templates: every file under `templates/akash/` is listed, valid and lint-clean;
//! `vmc templates list|show` and `vmc sdl init` from the built binary.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn vmc(home: &Path) -> Command {
    let mut c = common::vmc(home);
    c.env("VMC_DATA_DIR", home.join("vmcdata"))
        .current_dir(home);
    c
}

/// Runs `vmc ARGS` and checks that it fails with `code`, prints no data, and says `says`.
fn refused(home: &Path, args: &[&str], code: i32, says: &str) {
    vmc(home)
        .args(args)
        .assert()
        .code(code)
        .stdout("")
        .stderr(predicate::str::contains(says));
}

/// Runs `vmc ARGS -o json`, which must succeed, and parses its stdout.
fn json_of(home: &Path, args: &[&str]) -> Value {
    let out = vmc(home)
        .args(args)
        .args(["-o", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// Runs `vmc sdl init ARGS -o json` and checks that the file it reports holds template `web`.
fn init_web_as_json(home: &Path, args: &[&str]) -> Value {
    let v = json_of(home, &[&["sdl", "init"], args].concat());
    assert_eq!(v["template"], "web");
    let web = std::fs::read_to_string(templates_dir().join("web.yaml")).unwrap();
    let written = home.join(v["path"].as_str().unwrap());
    assert_eq!(std::fs::read_to_string(written).unwrap(), web);
    v
}

fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/akash")
}

/// `(name, text)` of every `templates/akash/*.yaml`, sorted by name.
fn template_files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(templates_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_template_is_valid_lint_clean_and_priced_in_uact() {
    let files = template_files();
    assert!(files.len() >= 6, "{files:?}");
    for (name, text) in &files {
        let sdl = vmc_sdl::parse(text).unwrap_or_else(|d| panic!("{name}.yaml is invalid: {d:?}"));
        let warnings = vmc_sdl::lint(&sdl);
        assert!(
            warnings.is_empty(),
            "{name}.yaml has lint warnings: {warnings:?}"
        );
        for g in sdl.groups(vmc_sdl::Convention::Ts) {
            for u in &g.resources {
                assert_eq!(u.price.denom, "uact", "{name}.yaml");
            }
        }
        assert!(!text.contains(":latest"), "{name}.yaml");
        assert!(
            text.starts_with("# "),
            "{name}.yaml needs a description comment first"
        );
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for required in [
        "web",
        "gpu",
        "postgres",
        "static-site",
        "llm-inference",
        "redis",
    ] {
        assert!(names.contains(&required), "missing template {required}");
    }
}

#[test]
fn gpu_templates_request_gpus() {
    for name in ["gpu", "llm-inference"] {
        let text = std::fs::read_to_string(templates_dir().join(format!("{name}.yaml"))).unwrap();
        let sdl = vmc_sdl::parse(&text).unwrap();
        let groups = sdl.groups(vmc_sdl::Convention::Ts);
        let gpu = &groups[0].resources[0].resource.gpu;
        assert!(gpu.units >= 1, "{name}");
        assert!(
            gpu.attributes
                .iter()
                .all(|a| a.key.starts_with("vendor/nvidia/model/")),
            "{name}: {gpu:?}"
        );
    }
}

#[test]
fn list_shows_every_template_file() {
    let home = TempDir::new().unwrap();
    let v = json_of(home.path(), &["templates", "list"]);
    let listed: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    let files = template_files();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        sorted, names,
        "a template file is not embedded, or vice versa"
    );

    let web = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "web")
        .unwrap();
    assert_eq!(web["max_price_per_block"]["denom"], "uact");
    assert_eq!(web["resources"]["cpu_millis"], 500);
    assert_eq!(web["resources"]["memory_bytes"], 512u64 << 20);
    assert!(!web["description"].as_str().unwrap().is_empty());

    vmc(home.path())
        .args(["templates", "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("NAME"))
        .stdout(predicate::str::contains("DESCRIPTION"))
        .stdout(predicate::str::contains("RESOURCES"))
        .stdout(predicate::str::contains("uact/block max"))
        .stdout(predicate::str::contains("1 GPU (rtx4090|a100|h100)"));
}

#[test]
fn show_prints_the_file_byte_for_byte() {
    let home = TempDir::new().unwrap();
    for (name, text) in template_files() {
        vmc(home.path())
            .args(["templates", "show", &name])
            .assert()
            .success()
            .stdout(text);
    }
}

#[test]
fn show_unknown_template_is_not_found() {
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .args(["templates", "show", "wordpress"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("no template named `wordpress`"))
        .stderr(predicate::str::contains("llm-inference"));
}

#[test]
fn init_writes_the_template_and_refuses_to_overwrite() {
    let home = TempDir::new().unwrap();
    let expected = std::fs::read_to_string(templates_dir().join("postgres.yaml")).unwrap();
    let target = home.path().join("db.yaml");

    vmc(home.path())
        .args(["sdl", "init", "--template", "postgres", "--out", "db.yaml"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote db.yaml"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);

    // A second run must not touch the (edited) file.
    std::fs::write(&target, "# mine\n").unwrap();
    vmc(home.path())
        .args(["sdl", "init", "--template", "web", "-f", "db.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "# mine\n");

    let web = std::fs::read_to_string(templates_dir().join("web.yaml")).unwrap();
    vmc(home.path())
        .args([
            "sdl",
            "init",
            "--template",
            "web",
            "-f",
            "db.yaml",
            "--force",
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), web);

    // The written file validates with the CLI too.
    vmc(home.path())
        .args(["sdl", "validate", "db.yaml"])
        .assert()
        .success();
}

#[test]
fn init_defaults_json_and_stdout() {
    let home = TempDir::new().unwrap();
    // Default template `web`, default file `deploy.yaml`; `-o json` reports what was written.
    let v = init_web_as_json(home.path(), &[]);
    assert_eq!(v["path"], "deploy.yaml");
    let redis = std::fs::read_to_string(templates_dir().join("redis.yaml")).unwrap();
    vmc(home.path())
        .args(["sdl", "init", "-t", "redis", "--out", "-"])
        .assert()
        .success()
        .stdout(redis);
}

#[test]
fn init_takes_its_file_from_dash_o() {
    let home = TempDir::new().unwrap();
    let web = std::fs::read_to_string(templates_dir().join("web.yaml")).unwrap();
    // `-o FILE`, as the issue spells it; a format next to it still picks the report's format.
    let v = init_web_as_json(home.path(), &["--template", "web", "-o", "site.yaml"]);
    assert_eq!(v["path"], "site.yaml");
    // A file named like a format is written as `./json`.
    vmc(home.path())
        .args(["sdl", "init", "-o", "./json"])
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(home.path().join("json")).unwrap(),
        web
    );
    // `-o -` prints the SDL.
    vmc(home.path())
        .args(["sdl", "init", "-o", "-"])
        .assert()
        .success()
        .stdout(web);
    // Two files: refused, nothing written.
    refused(
        home.path(),
        &["sdl", "init", "-o", "a.yaml", "--out", "b.yaml"],
        2,
        "two files to write",
    );
    assert!(!home.path().join("a.yaml").exists());
    assert!(!home.path().join("b.yaml").exists());
    // Other commands keep `-o` as the output format only.
    refused(
        home.path(),
        &["templates", "list", "-o", "x.yaml"],
        2,
        "unknown output format",
    );
}

#[test]
fn init_bad_input_changes_nothing() {
    let home = TempDir::new().unwrap();
    refused(
        home.path(),
        &["sdl", "init", "--template", "nope", "--out", "x.yaml"],
        4,
        "available templates: web",
    );
    assert!(!home.path().join("x.yaml").exists());
    refused(
        home.path(),
        &["sdl", "init", "--out", "missing/dir/x.yaml"],
        4,
        "folder does not exist",
    );
}
