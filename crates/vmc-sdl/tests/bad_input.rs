//! Bad input: every kind of broken SDL gives clear diagnostics with a place, in bounded time and
//! memory, and never a panic. Includes a property test over random and mutated SDL bytes.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use vmc_sdl::{Diagnostic, parse, parse_bytes};

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
    dc: {profile: web, count: 1}
"#;

fn errors(text: &str) -> Vec<Diagnostic> {
    parse(text).expect_err("must be rejected").0
}

fn has(d: &[Diagnostic], rule: &str) -> bool {
    d.iter().any(|x| x.rule == rule)
}

#[test]
fn good_sdl_parses() {
    let sdl = parse(GOOD).unwrap();
    assert_eq!(sdl.services[0].name, "web");
    assert!(vmc_sdl::lint(&sdl).is_empty(), "{:?}", vmc_sdl::lint(&sdl));
}

#[test]
fn yaml_syntax_error_names_the_place() {
    let d = errors("version: \"2.1\"\nservices:\n  web: [unclosed\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].rule, "yaml-syntax");
    assert!(d[0].line >= 3, "{:?}", d[0]);
    assert!(d[0].hint.is_some());
}

#[test]
fn non_utf8_is_refused_with_offset() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes[30] = 0xff;
    let d = parse_bytes(&bytes).unwrap_err().0;
    assert_eq!(d[0].rule, "not-utf8");
    assert_eq!(d[0].start, 30);
    assert_eq!(d[0].line, 3);
}

#[test]
fn hundred_megabytes_is_refused_without_parsing() {
    let big = vec![b'a'; 100 * 1024 * 1024];
    let d = parse_bytes(&big).unwrap_err().0;
    assert_eq!(d[0].rule, "too-large");
}

#[test]
fn alias_bomb_and_deep_nesting_are_bounded() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    assert_eq!(errors(&bomb)[0].rule, "yaml-limit");
    let deep = format!("version: {}{}", "[".repeat(5000), "]".repeat(5000));
    let d = errors(&deep);
    assert!(has(&d, "yaml-limit") || has(&d, "yaml-syntax"), "{d:?}");
    let deep_block: String = (0..500)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    assert!(!errors(&deep_block).is_empty());
}

#[test]
fn all_errors_are_reported_with_paths_and_hints() {
    let text = GOOD
        .replace(
            "image: nginx:1.27.0",
            "imgae: nginx:1.27.0\n    depends_on: [db]",
        )
        .replace("port: 80\n", "port: 70000\n")
        .replace("size: 512Mi", "size: 512")
        .replace("denom: uact", "denom: usd")
        .replace("count: 1", "count: 0");
    let d = errors(&text);
    for rule in ["unknown-key", "out-of-range", "size", "price-denom"] {
        assert!(has(&d, rule), "missing {rule} in {d:#?}");
    }
    // The misspelt `imgae` is reported once, with the fix, not also as a missing `image`.
    assert!(!has(&d, "missing-key"), "{d:#?}");
    let typo = d.iter().find(|x| x.message.contains("imgae")).unwrap();
    assert_eq!(typo.path, "services.web.imgae");
    assert_eq!((typo.line, typo.column), (4, 5));
    assert_eq!(typo.hint.as_deref(), Some("did you mean `image`?"));
    let compose = d.iter().find(|x| x.message.contains("depends_on")).unwrap();
    assert!(compose.hint.as_deref().unwrap().contains("docker-compose"));
    let port = d
        .iter()
        .find(|x| x.rule == "out-of-range" && x.path.ends_with("port"))
        .unwrap();
    assert_eq!(port.path, "services.web.expose[0].port");
    assert!(d.iter().any(|x| x.path == "deployment.web.dc.count"));
    // Sorted by position.
    assert!(d.windows(2).all(|w| w[0].start <= w[1].start));
}

#[test]
fn wrong_types_everywhere_do_not_panic() {
    let skeletons = [
        "[]",
        "42",
        "version: 2.1",
        "version: '2.1'\nservices: []\nprofiles: 1\ndeployment: x",
        "version: '2.1'\nservices: {web: []}\nprofiles: {compute: [], placement: 3}\ndeployment: {web: 1}",
        "version: '2.1'\nservices: {web: {image: 1, expose: {port: 80}, env: {A: 1}}}\nprofiles: {compute: {web: {resources: {cpu: {units: [1]}, memory: {size: {}}, storage: [1]}}}, placement: {dc: {pricing: {web: []}}}}\ndeployment: {web: {dc: {profile: 1, count: '1'}}}",
    ];
    for s in skeletons {
        let d = errors(s);
        assert!(d.iter().all(|x| x.line >= 1 && x.column >= 1), "{d:?}");
    }
    let env_map = GOOD.replace(
        "image: nginx:1.27.0",
        "image: nginx:1.27.0\n    environment: {A: b}",
    );
    let d = errors(&env_map);
    assert!(d[0].hint.as_deref().unwrap().contains("`env:`"), "{d:?}");
}

#[test]
fn unquoted_version_gets_a_quoting_hint() {
    let d = errors(&GOOD.replace("version: \"2.1\"", "version: 2.1"));
    assert_eq!(d[0].rule, "version-unsupported");
    assert!(d[0].hint.as_deref().unwrap().contains("quote"), "{d:?}");
}

fn corpus() -> &'static [String] {
    static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(load_corpus)
}

fn load_corpus() -> Vec<String> {
    let mut v = vec![GOOD.to_string()];
    if let Some(dir) = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR")) {
        let mut paths: Vec<_> = std::fs::read_dir(dir.join("sdl"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths.iter().step_by(7) {
            let j: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            v.push(j["sdl_yaml"].as_str().unwrap().to_string());
        }
    }
    v
}

/// Every diagnostic says how to fix it.
#[track_caller]
fn assert_hints(d: &[Diagnostic]) {
    for x in d {
        assert!(
            x.hint.as_deref().is_some_and(|h| !h.trim().is_empty()),
            "[{}] has no hint: {x}",
            x.rule
        );
    }
}

fn exercise(bytes: &[u8]) {
    match parse_bytes(bytes) {
        Err(d) => assert_hints(&d.0),
        Ok(sdl) => {
            assert_hints(&vmc_sdl::lint(&sdl));
            if let Err(d) = sdl.check_convention(vmc_sdl::Convention::Go) {
                assert_hints(&d.0);
            }
        }
    }
    if let Ok(sdl) = parse_bytes(bytes) {
        for conv in [vmc_sdl::Convention::Ts, vmc_sdl::Convention::Go] {
            let m = sdl.manifest(conv);
            let text = m.canonical_json();
            serde_json::from_str::<serde_json::Value>(&text).expect("canonical JSON parses");
        }
    }
}

fn config() -> Config {
    Config {
        cases: 400,
        rng_seed: RngSeed::Fixed(0x5d1),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        exercise(&bytes);
    }

    #[test]
    fn mutated_corpus_never_panics(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..8),
    ) {
        let corpus = corpus();
        let mut bytes = corpus[pick.index(corpus.len())].as_bytes().to_vec();
        for (at, byte, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 => { bytes.remove(i); }
                _ => { let tail = bytes[i..].to_vec(); bytes.extend_from_slice(&tail[..tail.len().min(64)]); }
            }
        }
        exercise(&bytes);
    }
}
