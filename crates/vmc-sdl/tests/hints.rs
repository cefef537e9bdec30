//! Every SDL diagnostic says how to fix it: one fixture per rule id the crate can produce
//! (errors from `parse`, the Go convention's refusals, lint warnings), each checked for a
//! non-empty `hint`. The rule ids are read from the crate's source, so a new rule without a
//! fixture here fails the test.

use std::collections::BTreeSet;

use vmc_sdl::{Convention, Diagnostic, parse, parse_bytes};

const BASE: &str = r#"version: "2.1"
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
    dc: {profile: web, count: 1}
"#;

/// Where a fixture's diagnostics come from.
#[derive(Clone, Copy)]
enum Via {
    Parse,
    /// `check_convention(Go)` on an SDL the TS rules accept.
    Go,
    /// `lint` on a valid SDL.
    Lint,
}

fn diagnostics(bytes: &[u8], via: Via) -> Vec<Diagnostic> {
    match (parse_bytes(bytes), via) {
        (Err(d), Via::Parse) => d.0,
        (Ok(_), Via::Parse) => Vec::new(),
        (Ok(sdl), Via::Go) => sdl
            .check_convention(Convention::Go)
            .err()
            .map_or_else(Vec::new, |d| d.0),
        (Ok(sdl), Via::Lint) => vmc_sdl::lint(&sdl),
        (Err(d), _) => panic!("fixture must be valid for TS: {d:?}"),
    }
}

/// BASE with each `(from, to)` replaced (each `from` must occur).
fn edit(pairs: &[(&str, &str)]) -> String {
    let mut s = BASE.to_string();
    for (from, to) in pairs {
        assert!(s.contains(from), "fixture edit `{from}` does not apply");
        s = s.replace(from, to);
    }
    s
}

const IMAGE: &str = "    image: nginx:1.27.0\n";
const STORAGE: &str = "storage: {size: 1Gi}";
const PLACEMENT: &str = "    dc:\n      pricing:";
const TO: &str = "          - global: true\n";
const GPU: &str = "storage: {size: 1Gi}\n        gpu:\n          units: 1\n          attributes:\n            vendor:\n              nvidia:\n                - model: a100";

fn with_params(params: &str) -> String {
    edit(&[(IMAGE, &format!("{IMAGE}    params:\n{params}"))])
}

fn volumes(list: &str, params: &str) -> String {
    edit(&[
        (STORAGE, &format!("storage:\n{list}")),
        (
            IMAGE,
            &format!("{IMAGE}    params:\n      storage:\n{params}"),
        ),
    ])
}

fn with_ip(extra_expose: &str) -> String {
    edit(&[(TO, &format!("{TO}            ip: myip\n{extra_expose}"))])
        + "endpoints:\n  myip:\n    kind: ip\n"
}

/// Two services, `web` and `api`, in placement `dc` (profiles `web` and `api`).
fn two_services(api_params: &str, web_params: &str, api_profile_extra: &str) -> String {
    edit(&[
        (
            "services:\n  web:\n    image: nginx:1.27.0\n",
            &format!(
                "services:\n  api:\n    image: redis:7.4.0\n{api_params}  web:\n    image: nginx:1.27.0\n{web_params}"
            ),
        ),
        (
            "  compute:\n",
            &format!(
                "  compute:\n    api:\n      resources:\n        cpu: {{units: 1}}\n        memory: {{size: 1Gi}}\n        storage: {{size: 1Gi}}\n{api_profile_extra}"
            ),
        ),
        (
            "        web: {denom: uact, amount: 1000}\n",
            "        web: {denom: uact, amount: 1000}\n        api: {denom: uact, amount: 1000}\n",
        ),
        (
            "deployment:\n",
            "deployment:\n  api:\n    dc: {profile: api, count: 1}\n",
        ),
    ])
}

/// One fixture (or several) per rule id.
fn fixtures() -> Vec<(&'static str, Via, Vec<u8>)> {
    use Via::*;
    let t = |s: String| s.into_bytes();
    let s = |s: &str| s.as_bytes().to_vec();
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let mut not_utf8 = BASE.as_bytes().to_vec();
    not_utf8[30] = 0xff;
    vec![
        // The YAML layer.
        ("yaml-syntax", Parse, s("version: \"2.1\"\nservices:\n  web: [unclosed\n")),
        ("yaml-limit", Parse, t(bomb)),
        ("yaml-limit", Parse, t(format!("a: {}{}", "[".repeat(100), "]".repeat(100)))),
        ("yaml-limit", Parse, s("a: 1\n---\nb: 2\n")),
        ("yaml-limit", Parse, s("")),
        ("yaml-syntax", Parse, s("a: *nope\n")),
        ("yaml-limit", Parse, s("a: {<<: 1}\n")),
        ("yaml-limit", Parse, s("? [a]\n: 1\n")),
        ("yaml-limit", Parse, s("a: !!int x\n")),
        ("yaml-limit", Parse, s("a: !!binary x\n")),
        ("yaml-limit", Parse, s("a: !custom x\n")),
        ("duplicate-key", Parse, s("a: 1\na: 2\n")),
        ("not-utf8", Parse, not_utf8),
        ("too-large", Parse, vec![b'#'; 1024 * 1024 + 1]),
        // Structure.
        ("wrong-type", Parse, s("[]")),
        ("wrong-type", Parse, t(edit(&[("image: nginx:1.27.0", "image: 1")]))),
        ("wrong-type", Parse, t(edit(&[("image: nginx:1.27.0", "image:")]))),
        ("wrong-type", Parse, t(edit(&[("global: true", "global: 1")]))),
        ("wrong-type", Parse, t(edit(&[("port: 80", "port: \"80\"")]))),
        ("wrong-type", Parse, t(edit(&[("accept: [www.example.com]", "accept: www.example.com")]))),
        ("wrong-type", Parse, t(edit(&[("    expose:\n", "    expose: {}\n    x:\n")]))),
        ("wrong-type", Parse, t(edit(&[("cpu: {units: 0.5}", "cpu: {units: [1]}")]))),
        ("wrong-type", Parse, t(edit(&[(STORAGE, "storage: 1")]))),
        ("wrong-type", Parse, t(edit(&[("dc: {profile: web, count: 1}", "dc: 1")]))),
        ("wrong-type", Parse, t(edit(&[(PLACEMENT, "    dc:\n      attributes: {region: [a]}\n      pricing:")]))),
        ("wrong-type", Parse, t(edit(&[("to:\n", "ip: \"\"\n        to:\n"), (TO, "          - {global: true, ip: \"\"}\n")]))),
        ("unknown-key", Parse, t(edit(&[("image: nginx", "imgae: nginx")]))),
        ("unknown-key", Parse, t(edit(&[(IMAGE, "    image: nginx:1.27.0\n    depends_on: [db]\n")]))),
        ("missing-key", Parse, t(edit(&[("version: \"2.1\"\n", "")]))),
        ("out-of-range", Parse, t(edit(&[("port: 80\n", "port: 0\n")]))),
        ("out-of-range", Parse, t(edit(&[("count: 1", "count: 0")]))),
        ("version-unsupported", Parse, t(edit(&[("\"2.1\"", "\"3.0\"")]))),
        ("version-unsupported", Parse, t(edit(&[("\"2.1\"", "2.1")]))),
        ("image-empty", Parse, t(edit(&[("image: nginx:1.27.0", "image: \"\"")]))),
        ("proto", Parse, t(edit(&[("as: 80\n", "as: 80\n        proto: sctp\n")]))),
        ("next-cases", Parse, t(edit(&[("as: 80\n", "as: 80\n        http_options: {next_cases: [bogus]}\n")]))),
        ("next-cases", Parse, t(edit(&[("as: 80\n", "as: 80\n        http_options: {next_cases: [off, error]}\n")]))),
        ("params-storage", Parse, t(with_params("      storage:\n        data:\n"))),
        ("mount-absolute", Parse, t(with_params("      storage:\n        default: {mount: data}\n"))),
        ("permissions", Parse, t(with_params("      permissions: {read: [bogus]}\n"))),
        ("tee-type", Parse, t(with_params("      tee: sgx\n"))),
        ("credentials", Parse, t(edit(&[(IMAGE, "    image: nginx:1.27.0\n    credentials: {host: h, username: u, password: abc}\n")]))),
        ("credentials", Parse, t(edit(&[(IMAGE, "    image: nginx:1.27.0\n    credentials: {host: h, username: \" \", password: abcdefg}\n")]))),
        ("cpu-units", Parse, t(edit(&[("units: 0.5", "units: 0.0001")]))),
        ("size", Parse, t(edit(&[("size: 512Mi", "size: 512")]))),
        ("size", Parse, t(edit(&[("size: 1Gi", "size: 1Gb2")]))),
        ("storage-attributes", Parse, t(edit(&[(STORAGE, "storage: {size: 1Gi, attributes: {class: beta2}}")]))),
        ("storage-attributes", Parse, t(edit(&[(STORAGE, "storage: {size: 1Gi, attributes: {class: ram, persistent: true}}")]))),
        ("storage-attributes", Parse, t(edit(&[(STORAGE, "storage: {size: 1Gi, attributes: {class: beta2, persistent: false}}")]))),
        ("gpu-units", Parse, t(edit(&[(STORAGE, "storage: {size: 1Gi}\n        gpu: {units: x}")]))),
        ("gpu-vendor", Parse, t(edit(&[(STORAGE, "storage: {size: 1Gi}\n        gpu: {units: 1, attributes: {vendor: {}}}")]))),
        ("gpu-vendor", Parse, t(edit(&[(STORAGE, "storage: {size: 1Gi}\n        gpu: {units: 1, attributes: {}}")]))),
        ("gpu-attributes", Parse, t(edit(&[(STORAGE, "storage: {size: 1Gi}\n        gpu: {units: 1}")]))),
        ("gpu-attributes", Parse, t(edit(&[(STORAGE, GPU), ("units: 1\n", "units: 0\n")]))),
        ("gpu-interface", Parse, t(edit(&[(STORAGE, &format!("{GPU}\n                  interface: nvlink"))]))),
        ("price-denom", Parse, t(edit(&[("denom: uact", "denom: usd")]))),
        ("price-denom", Parse, t(edit(&[("denom: uact", "denom: ibc/ABC")]))),
        ("price-amount", Parse, t(edit(&[("amount: 1000", "amount: -1")]))),
        ("price-shorthand", Parse, t(edit(&[("web: {denom: uact, amount: 1000}", "web: 50uakt")]))),
        ("price-shorthand", Parse, t(edit(&[("web: {denom: uact, amount: 1000}", "web: 50")]))),
        ("endpoint-name", Parse, t(with_ip("").replace("  myip:", "  M:").replace("ip: myip", "ip: M"))),
        ("endpoint-kind", Parse, t(with_ip("").replace("kind: ip", "kind: dns"))),
        ("reclamation-window", Parse, t(format!("{BASE}reclamation:\n  min_window: 7d\n"))),
        // Semantic rules.
        ("service-name", Parse, t(edit(&[("  web:\n    image", "  Web:\n    image"), ("deployment:\n  web:", "deployment:\n  Web:")]))),
        ("image-characters", Parse, t(edit(&[("image: nginx:1.27.0", "image: \"nginx :1\"")]))),
        ("env-name", Parse, t(edit(&[(IMAGE, "    image: nginx:1.27.0\n    env: [\"1BAD=x\"]\n")]))),
        ("accept-hostname", Parse, t(edit(&[("accept: [www.example.com]", "accept: [\"*.example.com\"]")]))),
        ("accept-duplicate", Parse, t(edit(&[(TO, "          - global: true\n      - port: 81\n        accept: [www.example.com]\n        to: [{global: true}]\n")]))),
        ("service-not-deployed", Parse, t(edit(&[("deployment:\n  web:", "deployment:\n  api:")]))),
        ("deployment-service-unknown", Parse, t(edit(&[("deployment:\n  web:", "deployment:\n  api:")]))),
        ("deployment-placement-unknown", Parse, t(edit(&[("dc: {profile: web", "dcx: {profile: web")]))),
        ("deployment-profile-unknown", Parse, t(edit(&[("{profile: web,", "{profile: wbe,")]))),
        ("deployment-pricing-missing", Parse, t(edit(&[("        web: {denom", "        other: {denom")]))),
        ("params-storage-unknown-volume", Parse, t(with_params("      storage:\n        cache: {mount: /c}\n"))),
        ("mount-duplicate", Parse, t(volumes("          - size: 1Gi\n          - {name: a, size: 1Gi}\n          - {name: b, size: 1Gi}", "        a: {mount: /x}\n        b: {mount: /x}\n"))),
        ("mount-root-multiple", Parse, t(volumes("          - size: 1Gi\n          - {name: a, size: 1Gi}\n          - {name: b, size: 1Gi}", "        a: {readOnly: false}\n        b: {readOnly: false}\n"))),
        ("ram-read-only", Parse, t(volumes("          - size: 1Gi\n          - {name: shm, size: 1Gi, attributes: {class: ram, persistent: false}}", "        shm: {mount: /dev/shm, readOnly: true}\n"))),
        ("persistent-needs-mount", Parse, t(edit(&[(STORAGE, "storage:\n          - size: 1Gi\n          - {name: data, size: 10Gi, attributes: {persistent: true, class: beta2}}")]))),
        ("storage-volume-duplicate", Parse, t(edit(&[(STORAGE, "storage:\n          - {name: a, size: 1Gi}\n          - {name: a, size: 1Gi}")]))),
        ("tee-needs-gpu", Parse, t(with_params("      tee: cpu-gpu\n"))),
        ("tee-conflict", Parse, t(two_services("    params: {tee: cpu}\n", "    params: {tee: cpu-gpu}\n", "").replace(&format!("    web:\n      resources:\n        cpu: {{units: 0.5}}\n        memory: {{size: 512Mi}}\n        {STORAGE}"), &format!("    web:\n      resources:\n        cpu: {{units: 0.5}}\n        memory: {{size: 512Mi}}\n        {GPU}")))),
        ("ip-requires-global", Parse, t(with_ip("").replace("global: true\n            ip", "global: false\n            ip"))),
        ("endpoint-unknown", Parse, t(with_ip("").replace("ip: myip", "ip: other"))),
        ("endpoint-unused", Parse, t(with_ip("").replace("ip: myip", "ip: other"))),
        ("ip-port-conflict", Parse, t(with_ip("      - port: 8080\n        as: 80\n        to: [{global: true, ip: myip}]\n"))),
        ("attribute-key", Parse, t(edit(&[(PLACEMENT, "    dc:\n      attributes:\n        \"9region\": us\n      pricing:")]))),
        ("attribute-key", Parse, t(edit(&[(STORAGE, &GPU.replace("a100", "\"a 100\""))]))),
        ("price-zero", Parse, t(edit(&[("amount: 1000", "amount: 0")]))),
        ("limit-price", Parse, t(edit(&[("amount: 1000", "amount: 20000000")]))),
        ("price-denom-mixed", Parse, t(two_services("", "", "").replace("api: {denom: uact", "api: {denom: uakt"))),
        ("limit-cpu", Parse, t(edit(&[("units: 0.5", "units: 0.001")]))),
        ("limit-memory", Parse, t(edit(&[("size: 512Mi", "size: 3Ti")]))),
        ("limit-storage", Parse, t(edit(&[("size: 1Gi", "size: 1Mi")]))),
        ("limit-gpu", Parse, t(edit(&[(STORAGE, GPU), ("units: 1\n", "units: 25\n")]))),
        ("limit-group-total", Parse, t(edit(&[("count: 1", "count: 100000")]))),
        ("no-global-expose", Parse, t(edit(&[(TO, "          - global: false\n")]))),
        ("no-groups", Parse, t(edit(&[("deployment:\n  web:\n    dc: {profile: web, count: 1}\n", "deployment: {}\n")]))),
        ("signed-by-address", Parse, t(edit(&[(PLACEMENT, "    dc:\n      signedBy:\n        anyOf: [akash1123123]\n        allOf: [cosmos1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63]\n      pricing:")]))),
        // What only the Go SDK refuses.
        ("go-size-unit", Go, t(edit(&[("size: 512Mi", "size: 512mi")]))),
        ("go-storage-name", Go, t(edit(&[(STORAGE, "storage: {name: data, size: 1Gi, attributes: {persistent: true, class: beta2}}"), (IMAGE, "    image: nginx:1.27.0\n    params:\n      storage:\n        data: {mount: /data}\n")]))),
        // Lint warnings.
        ("control-characters", Lint, t(edit(&[(IMAGE, "    image: nginx:1.27.0\n    env: [\"A=\\e[2J\"]\n")]))),
        ("image-untagged", Lint, t(edit(&[("nginx:1.27.0", "nginx")]))),
        ("image-latest", Lint, t(edit(&[("nginx:1.27.0", "nginx:latest")]))),
        ("http-without-accept", Lint, t(edit(&[("        accept: [www.example.com]\n", "")]))),
        ("expose-without-to", Lint, t(edit(&[(TO, "          - global: true\n      - port: 81\n")]))),
        ("expose-to-unknown-service", Lint, t(edit(&[(TO, "          - global: true\n          - service: db\n")]))),
        ("cpu-attribute", Lint, t(edit(&[("cpu: {units: 0.5}", "cpu: {units: 0.5, attributes: {speed: fast}}")]))),
        ("storage-class", Lint, t(volumes("          - size: 1Gi\n          - {name: d, size: 1Gi, attributes: {class: gold, persistent: true}}", "        d: {mount: /d}\n"))),
        ("size-unit", Lint, t(edit(&[("size: 1Gi", "size: 1gib")]))),
        ("size-unit-case", Lint, t(edit(&[("size: 512Mi", "size: 512mi")]))),
        ("gpu-model-alias", Lint, t(edit(&[(STORAGE, &GPU.replace("a100", "rtx-4090"))]))),
        ("empty-attributes", Lint, t(edit(&[(PLACEMENT, "    dc:\n      attributes: {}\n      pricing:")]))),
        ("empty-signed-by", Lint, t(edit(&[(PLACEMENT, "    dc:\n      signedBy:\n        anyOf: []\n      pricing:")]))),
        ("empty-signed-by", Lint, t(edit(&[(PLACEMENT, "    dc:\n      signedBy: {}\n      pricing:")]))),
        ("denom-uakt", Lint, t(edit(&[("denom: uact", "denom: uakt")]))),
    ]
}

/// The rule ids written in the crate's source: the first string literal passed to a
/// diagnostic constructor (`error(`, `key_error(`, `one_error(`, `warn(`, or after a
/// `Severity::…,` argument), plus the YAML layer's ids chosen in `lib.rs`.
fn rule_ids_in_source() -> BTreeSet<String> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    let mut dirs = vec![src];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut ids = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for opener in [
            "cx.error(",
            "cx.key_error(",
            "self.error(",
            "self.key_error(",
            "one_error(",
            "warn(",
            "Severity::Error,",
            "Severity::Warning,",
        ] {
            for (at, _) in text.match_indices(opener) {
                let rest = text[at + opener.len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    let id = &lit[..lit.find('"').unwrap()];
                    if !id.is_empty()
                        && id
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    {
                        ids.insert(id.to_string());
                    }
                }
            }
        }
        for lit in ["\"yaml-syntax\"", "\"yaml-limit\"", "\"duplicate-key\""] {
            if text.contains(lit) && f.ends_with("lib.rs") {
                ids.insert(lit.trim_matches('"').to_string());
            }
        }
    }
    ids
}

#[test]
fn every_rule_has_a_fixture_and_every_diagnostic_a_hint() {
    let fixtures = fixtures();
    let covered: BTreeSet<String> = fixtures.iter().map(|f| f.0.to_string()).collect();
    let in_source = rule_ids_in_source();
    assert!(in_source.len() > 60, "found only {in_source:?}");
    let missing: Vec<&String> = in_source.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture here: {missing:?}"
    );

    let mut problems = Vec::new();
    for (rule, via, bytes) in &fixtures {
        let d = diagnostics(bytes, *via);
        if !d.iter().any(|x| x.rule == *rule) {
            problems.push(format!(
                "fixture for [{rule}] does not produce it: {:?}",
                d.iter().map(|x| x.rule).collect::<Vec<_>>()
            ));
        }
        // Every diagnostic of the fixture, not only the one it is for.
        for x in &d {
            if x.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
                problems.push(format!("[{}] has no hint: {x}", x.rule));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn base_is_valid_and_clean() {
    let sdl = parse(BASE).unwrap();
    assert!(vmc_sdl::lint(&sdl).is_empty());
    assert!(sdl.check_convention(Convention::Go).is_ok());
}
