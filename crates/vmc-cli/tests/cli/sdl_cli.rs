//! `vmc sdl …` from the built binary: validate, lint, manifest, groups, hash, price; stdin;
//! exit codes; stdout carries data only.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const GOOD: &str = r#"version: "2.1"
services:
  web:
    image: nginx:1.27.0
    expose:
      - port: 80
        as: 80
        accept: [www.example.com]
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu: {units: 0.5}
        memory: {size: 512Mi}
        storage: {size: 1Gi}
  placement:
    dc:
      pricing:
        web: {denom: uact, amount: 1000}
deployment:
  web:
    dc: {profile: web, count: 2}
"#;

fn vmc(home: &Path) -> Command {
    let mut c = Command::cargo_bin("vmc").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("VMC_DATA_DIR", home.join("data"))
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(home);
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn sha256_hex(bytes: &[u8]) -> String {
    // Independent check through the library (the CLI must print the same).
    let sdl = vmc_sdl::parse_bytes(bytes).unwrap();
    sdl.manifest(vmc_sdl::Convention::Ts).hash_hex()
}

#[test]
fn validate_ok_and_errors_with_snippet_and_hint() {
    let home = TempDir::new().unwrap();
    let good = write(home.path(), "good.yaml", GOOD);
    vmc(home.path())
        .args(["sdl", "validate"])
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("valid"));

    let bad = write(
        home.path(),
        "bad.yaml",
        &GOOD
            .replace("image: nginx", "imgae: nginx")
            .replace("size: 1Gi", "size: 1Gb2"),
    );
    vmc(home.path())
        .args(["sdl", "validate"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "bad.yaml:4:5: error[unknown-key]: unknown key `imgae`",
        ))
        .stderr(predicate::str::contains(" 4 |     imgae: nginx:1.27.0"))
        .stderr(predicate::str::contains("   |     ^^^^^"))
        .stderr(predicate::str::contains("hint: did you mean `image`?"))
        .stderr(predicate::str::contains("error[size]"));
}

#[test]
fn validate_json_is_machine_readable() {
    let home = TempDir::new().unwrap();
    let bad = write(
        home.path(),
        "bad.yaml",
        &GOOD.replace("port: 80\n", "port: 0\n"),
    );
    let out = vmc(home.path())
        .args(["-o", "json", "sdl", "validate"])
        .arg(&bad)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d = &v[0]["diagnostics"][0];
    assert_eq!(v[0]["valid"], false);
    assert_eq!(d["rule"], "out-of-range");
    assert_eq!(d["path"], "services.web.expose[0].port");
    assert_eq!(d["line"], 6);
    assert_eq!(d["severity"], "error");
}

#[test]
fn manifest_is_exactly_the_hashed_bytes_and_hash_matches() {
    let home = TempDir::new().unwrap();
    let good = write(home.path(), "good.yaml", GOOD);
    let out = vmc(home.path())
        .args(["sdl", "manifest"])
        .arg(&good)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"[{\"name\":\"dc\""));
    assert!(!out.ends_with(b"\n"));
    let hash = sha256_hex(GOOD.as_bytes());
    use std::fmt::Write;
    let digest = {
        // sha256 of the printed bytes must be the hash the CLI prints.
        let sdl = vmc_sdl::parse(GOOD).unwrap();
        let m = sdl.manifest(vmc_sdl::Convention::Ts);
        assert_eq!(m.canonical_json().as_bytes(), &out[..]);
        let mut s = String::new();
        for b in m.hash() {
            write!(s, "{b:02x}").unwrap();
        }
        s
    };
    assert_eq!(digest, hash);
    vmc(home.path())
        .args(["sdl", "hash", "good.yaml"])
        .assert()
        .success()
        .stdout(format!("{hash}  good.yaml\n"));
}

#[test]
fn hash_continues_after_a_rejected_file_and_fails() {
    let home = TempDir::new().unwrap();
    write(home.path(), "a.yaml", GOOD);
    write(home.path(), "b.yaml", "version: \"2.1\"\nservices: [\n");
    write(home.path(), "c.yaml", &GOOD.replace("count: 2", "count: 3"));
    let out = vmc(home.path())
        .args(["sdl", "hash", "a.yaml", "b.yaml", "c.yaml", "missing.yaml"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("b.yaml:"))
        .stderr(predicate::str::contains("error[yaml-syntax]"))
        .stderr(predicate::str::contains("missing.yaml"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].ends_with("  a.yaml") && lines[1].ends_with("  c.yaml"));
    assert_ne!(lines[0][..64], lines[1][..64]);
}

#[test]
fn hash_on_several_threads_keeps_argument_order() {
    let home = TempDir::new().unwrap();
    // 60 files: distinct valid ones, a syntax error every 7th, a missing one every 11th.
    let mut args = vec!["sdl".to_string(), "hash".to_string()];
    let mut want = String::new();
    let mut rejected = Vec::new();
    for i in 0..60 {
        let name = format!("f{i:02}.yaml");
        if i % 11 == 5 {
            rejected.push(name.clone());
        } else if i % 7 == 3 {
            write(home.path(), &name, "version: \"2.1\"\nservices: [\n");
            rejected.push(name.clone());
        } else {
            let text = GOOD.replace("amount: 1000", &format!("amount: {}", 1000 + i));
            write(home.path(), &name, &text);
            want.push_str(&format!("{}  {name}\n", sha256_hex(text.as_bytes())));
        }
        args.push(name);
    }
    // `--jobs 2` hands out runs of 3 files, `--jobs 4` single files.
    for jobs in ["1", "2", "4"] {
        let out = vmc(home.path())
            .args(&args)
            .args(["--jobs", jobs])
            .assert()
            .failure()
            .get_output()
            .clone();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            want,
            "--jobs {jobs}"
        );
        // Errors come in argument order too.
        let err = String::from_utf8(out.stderr).unwrap();
        let at: Vec<usize> = rejected
            .iter()
            .map(|f| {
                err.find(f.as_str())
                    .unwrap_or_else(|| panic!("{f} in {err}"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "--jobs {jobs}: {err}");
    }
}

#[test]
fn stdin_dash_and_convention_flag() {
    let home = TempDir::new().unwrap();
    let ts = vmc(home.path())
        .args(["sdl", "hash", "-"])
        .write_stdin(GOOD)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(ts).unwrap(),
        format!("{}  <stdin>\n", sha256_hex(GOOD.as_bytes()))
    );
    // Two services sharing a profile in SDL 2.0: TS merges them into one unit, Go does not.
    let shared = GOOD
        .replace("\"2.1\"", "\"2.0\"")
        .replace("deployment:\n  web:\n    dc: {profile: web, count: 2}\n", "deployment:\n  web:\n    dc: {profile: web, count: 2}\n  api:\n    dc: {profile: web, count: 1}\n")
        .replace("services:\n", "services:\n  api:\n    image: nginx:1.27.0\n");
    let groups = |conv: &str| -> serde_json::Value {
        let out = vmc(home.path())
            .args(["sdl", "groups", "--convention", conv, "-"])
            .write_stdin(shared.clone())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let ts = groups("ts");
    let go = groups("go");
    assert_eq!(ts[0]["resources"].as_array().unwrap().len(), 1);
    assert_eq!(ts[0]["resources"][0]["count"], 3);
    assert_eq!(go[0]["resources"].as_array().unwrap().len(), 2);
}

#[test]
fn groups_show_rest_json() {
    let home = TempDir::new().unwrap();
    write(home.path(), "good.yaml", GOOD);
    let out = vmc(home.path())
        .args(["sdl", "groups", "good.yaml"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let u = &v[0]["resources"][0];
    assert_eq!(v[0]["name"], "dc");
    assert_eq!(u["price"]["amount"], "1000.000000000000000000");
    assert_eq!(u["price"]["denom"], "uact");
    assert_eq!(u["resource"]["cpu"]["units"]["val"], "500");
    assert_eq!(u["resource"]["memory"]["quantity"]["val"], "536870912");
    assert_eq!(u["resource"]["endpoints"][0]["kind"], "SHARED_HTTP");
    assert_eq!(
        v[0]["requirements"]["signed_by"]["all_of"],
        serde_json::json!([])
    );
}

#[test]
fn lint_warns_but_succeeds() {
    let home = TempDir::new().unwrap();
    write(
        home.path(),
        "l.yaml",
        &GOOD
            .replace("nginx:1.27.0", "nginx")
            .replace("denom: uact", "denom: uakt")
            .replace("        accept: [www.example.com]\n", ""),
    );
    vmc(home.path())
        .args(["sdl", "lint", "l.yaml"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("warning[image-untagged]"))
        .stderr(predicate::str::contains("warning[denom-uakt]"))
        .stderr(predicate::str::contains("warning[http-without-accept]"));
    let out = vmc(home.path())
        .args(["-o", "json", "sdl", "lint", "l.yaml"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3, "{v}");
    write(home.path(), "clean.yaml", GOOD);
    vmc(home.path())
        .args(["sdl", "lint", "clean.yaml"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no warnings"));
}

#[test]
fn price_per_block_hour_month() {
    let home = TempDir::new().unwrap();
    write(home.path(), "good.yaml", GOOD);
    let out = vmc(home.path())
        .args([
            "-o",
            "json",
            "sdl",
            "price",
            "good.yaml",
            "--block-time",
            "6",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // 1000 uact × 2 replicas per block; 600 blocks per hour; 432000 per 30 days.
    assert_eq!(v[0]["per_block"], "2000");
    assert_eq!(v[0]["per_hour"], "1200000.000000");
    assert_eq!(v[0]["per_month"], "864000000.000000");
    assert_eq!(v[0]["per_month_tokens"], "864.000000");
    assert_eq!(v[0]["token"], "ACT");
    vmc(home.path())
        .args(["sdl", "price", "good.yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2000 uact"));
    vmc(home.path())
        .args(["sdl", "price", "good.yaml", "--block-time", "0"])
        .assert()
        .code(2);
}

#[test]
fn bad_input_files() {
    let home = TempDir::new().unwrap();
    std::fs::write(home.path().join("bin.yaml"), [0x76, 0x3a, 0x20, 0xff, 0xfe]).unwrap();
    vmc(home.path())
        .args(["sdl", "validate", "bin.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[not-utf8]"));
    std::fs::write(home.path().join("big.yaml"), vec![b'#'; 100 * 1024 * 1024]).unwrap();
    vmc(home.path())
        .args(["sdl", "validate", "big.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[too-large]"))
        // Only 1 MiB + 1 byte is read, so the message must not pass that off as the file's size.
        .stderr(predicate::str::contains("larger than 1048576 bytes"))
        .stderr(predicate::str::contains("1048577").not());
    // A missing file is "not found" (4, docs/exit-codes.md) in every `sdl` command alike.
    for cmd in ["validate", "lint", "price", "manifest", "groups", "hash"] {
        vmc(home.path())
            .args(["sdl", cmd, "nope.yaml"])
            .assert()
            .code(4)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("nope.yaml: no such file"));
    }
}

/// `signedBy` entries that are not Akash addresses and the `50uakt` price shorthand are refused
/// by `validate` and `lint` (exit 2) with the place and what to write instead.
#[test]
fn bad_auditors_and_price_shorthand_are_refused_with_the_fix() {
    let home = TempDir::new().unwrap();
    let text = GOOD
        .replace(
            "    dc:\n      pricing:",
            "    dc:\n      signedBy:\n        anyOf: [akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx64]\n      pricing:",
        )
        .replace("web: {denom: uact, amount: 1000}", "web: 50uakt");
    let file = write(home.path(), "bad.yaml", &text);
    for cmd in ["validate", "lint"] {
        vmc(home.path())
            .args(["sdl", cmd])
            .arg(&file)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "bad.yaml:21:17: error[signed-by-address]: `akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx64` in `signedBy.anyOf` is not an Akash address: its checksum does not match",
            ))
            .stderr(predicate::str::contains(
                "e.g. the Akash auditor akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63",
            ))
            .stderr(predicate::str::contains("error[price-shorthand]"))
            .stderr(predicate::str::contains(
                "hint: write `web: {denom: uact, amount: 50}`",
            ))
            .stderr(predicate::str::contains("since Akash v2.0"));
    }
}

/// `512mi` works with the TS SDK but not with the Go SDK: a warning from `lint` (exit 0).
#[test]
fn lint_warns_about_units_only_ts_reads() {
    let home = TempDir::new().unwrap();
    let file = write(
        home.path(),
        "lower.yaml",
        &GOOD.replace("{size: 512Mi}", "{size: 512mi}"),
    );
    vmc(home.path())
        .args(["sdl", "lint"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning[size-unit-case]"))
        .stderr(predicate::str::contains("hint: write `512Mi`"));
}

/// The help lists the command's own options apart from the global ones.
#[test]
fn help_lists_global_options_apart() {
    let home = TempDir::new().unwrap();
    let out = vmc(home.path())
        .args(["sdl", "validate", "-h"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("sdl_validate_help", String::from_utf8(out).unwrap());
}

/// What only the Go SDK refuses: `--convention go` reports it with place and fix, exits 2 and
/// prints no data; the default (TS) convention accepts the same file.
#[test]
fn go_convention_refuses_what_go_cannot_read() {
    let home = TempDir::new().unwrap();
    let text = GOOD.replace("{size: 512Mi}", "{size: 512mi}");
    let file = write(home.path(), "lower.yaml", &text);
    vmc(home.path())
        .args(["sdl", "validate"])
        .arg(&file)
        .assert()
        .success();
    for cmd in ["validate", "manifest", "groups", "hash"] {
        vmc(home.path())
            .args(["sdl", cmd, "--convention", "go"])
            .arg(&file)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "lower.yaml:16:24: error[go-size-unit]",
            ))
            .stderr(predicate::str::contains("write `512Mi`"));
    }
    // Go names a single-mapping volume `default`: the built groups say so.
    let named = GOOD.replace(
        "storage: {size: 1Gi}",
        "storage: {name: scratch, size: 1Gi}",
    );
    let file = write(home.path(), "named.yaml", &named);
    let volume = |conv: &str| -> serde_json::Value {
        let out = vmc(home.path())
            .args(["sdl", "groups", "--convention", conv])
            .arg(&file)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()[0]["resources"][0]["resource"]
            ["storage"][0]["name"]
            .clone()
    };
    assert_eq!(volume("ts"), "scratch");
    assert_eq!(volume("go"), "default");
}
