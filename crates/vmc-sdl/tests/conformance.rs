//! Conformance with the official SDK vectors (`<conformance>/sdl/*.json`, see its README):
//! accepted vectors must give the same manifest text, hash and group specs; rejected ones must be
//! rejected; `go_reference` outputs must match with `Convention::Go`. Deviations are listed, with
//! reasons, in `allowlist.rs`.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod allowlist;

use std::collections::BTreeMap;
use std::path::PathBuf;

use allowlist::{ALLOWLIST, Deviation};
use base64::Engine;
use serde_json::{Value, json};
use vmc_sdl::{Convention, GroupSpec};

fn vectors() -> Option<Vec<(String, Value)>> {
    let dir = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR"))?;
    let sdl: PathBuf = dir.join("sdl");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&sdl).expect("read sdl dir") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "json") {
            let v: Value =
                serde_json::from_str(&std::fs::read_to_string(&p).expect("read")).expect("json");
            out.push((p.file_stem().unwrap().to_string_lossy().into_owned(), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

fn norm_amount(s: &str) -> String {
    let s = s.trim();
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    let i = if i.is_empty() { "0" } else { i };
    if f.is_empty() {
        i.to_string()
    } else {
        format!("{i}.{f}")
    }
}

fn kind_num(v: Option<&Value>) -> u64 {
    match v {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) => n.as_u64().unwrap_or(99),
        Some(Value::String(s)) => match s.as_str() {
            "SHARED_HTTP" => 0,
            "RANDOM_PORT" => 1,
            "LEASED_IP" => 2,
            _ => 99,
        },
        _ => 99,
    }
}

fn attrs(v: Option<&Value>) -> Value {
    let list = v.and_then(Value::as_array).cloned().unwrap_or_default();
    Value::Array(list.iter().map(|a| json!([a["key"], a["value"]])).collect())
}

fn strs(v: Option<&Value>) -> Value {
    v.and_then(Value::as_array)
        .cloned()
        .map(Value::Array)
        .unwrap_or(json!([]))
}

/// A rendering of group specs (TS `toJSON` with base64 `val`s, Go JSON, or ours) in one form.
fn norm_groups(v: &Value, b64: bool) -> Value {
    let val = |x: &Value| -> String {
        let s = x["val"].as_str().unwrap_or("");
        if b64 {
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(s)
                    .unwrap_or_default(),
            )
            .unwrap_or_default()
        } else {
            s.to_string()
        }
    };
    let val_or0 = |x: &Value| -> String {
        if x.is_null() {
            "0".into()
        } else {
            let s = val(x);
            if s.is_empty() { "0".into() } else { s }
        }
    };
    Value::Array(
        v.as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let r = &g["requirements"];
                json!({
                    "name": g["name"],
                    "attributes": attrs(r.get("attributes")),
                    "all_of": strs(r["signed_by"].get("all_of")),
                    "any_of": strs(r["signed_by"].get("any_of")),
                    "resources": g["resources"].as_array().unwrap().iter().map(|u| {
                        let res = &u["resource"];
                        let q = |x: &Value| if x.get("quantity").is_some() { x["quantity"].clone() } else { x["size"].clone() };
                        json!({
                            "id": res["id"],
                            "cpu": val_or0(&res["cpu"]["units"]),
                            "cpu_attrs": attrs(res["cpu"].get("attributes")),
                            "memory": val_or0(&q(&res["memory"])),
                            "storage": res["storage"].as_array().cloned().unwrap_or_default().iter().map(|s| json!([s["name"], val_or0(&q(s)), attrs(s.get("attributes"))])).collect::<Vec<_>>(),
                            "gpu": val_or0(&res["gpu"]["units"]),
                            "gpu_attrs": attrs(res["gpu"].get("attributes")),
                            "endpoints": res["endpoints"].as_array().cloned().unwrap_or_default().iter().map(|e| json!([kind_num(e.get("kind")), e.get("sequence_number").and_then(Value::as_u64).unwrap_or(0)])).collect::<Vec<_>>(),
                            "count": u["count"],
                            "price": [u["price"]["denom"], norm_amount(u["price"]["amount"].as_str().unwrap_or(""))],
                        })
                    }).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn ours(groups: &[GroupSpec]) -> Value {
    let v: Vec<Value> = groups
        .iter()
        .map(|g| {
            json!({
                "name": g.name,
                "requirements": {
                    "signed_by": {"all_of": g.requirements.signed_by.all_of, "any_of": g.requirements.signed_by.any_of},
                    "attributes": g.requirements.attributes.iter().map(|a| json!({"key": a.key, "value": a.value})).collect::<Vec<_>>(),
                },
                "resources": g.resources.iter().map(|u| {
                    let r = &u.resource;
                    let at = |v: &[vmc_sdl::groups::Attribute]| v.iter().map(|a| json!({"key": a.key, "value": a.value})).collect::<Vec<_>>();
                    json!({
                        "resource": {
                            "id": r.id,
                            "cpu": {"units": {"val": r.cpu.units.to_string()}, "attributes": at(&r.cpu.attributes)},
                            "memory": {"quantity": {"val": r.memory.quantity.to_string()}},
                            "storage": r.storage.iter().map(|s| json!({"name": s.name, "quantity": {"val": s.quantity.to_string()}, "attributes": at(&s.attributes)})).collect::<Vec<_>>(),
                            "gpu": {"units": {"val": r.gpu.units.to_string()}, "attributes": at(&r.gpu.attributes)},
                            "endpoints": r.endpoints.iter().map(|e| json!({"kind": e.kind as u64, "sequence_number": e.sequence_number})).collect::<Vec<_>>(),
                        },
                        "count": u.count,
                        "price": {"denom": u.price.denom, "amount": u.price.amount},
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    norm_groups(&Value::Array(v), false)
}

/// Compares JSON values treating all numbers as f64 (js-yaml numbers vs ours).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn first_diff(a: &str, b: &str) -> String {
    let i = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let from = a[..i]
        .char_indices()
        .rev()
        .nth(60)
        .map(|(j, _)| j)
        .unwrap_or(0);
    let end = |s: &str| {
        s.char_indices()
            .nth(i - from + 80)
            .map(|(j, _)| j)
            .unwrap_or(s.len() - from)
    };
    let _ = end;
    format!(
        "\n  ours: …{}\n  ts:   …{}",
        a.get(from..(i + 80).min(a.len())).unwrap_or(""),
        b.get(from..(i + 80).min(b.len())).unwrap_or("")
    )
}

#[test]
fn yaml_loader_matches_js_yaml() {
    let Some(vs) = vectors() else { return };
    let mut bad = Vec::new();
    let mut n = 0;
    for (name, v) in &vs {
        let Some(expected) = v.get("sdl_parsed_json") else {
            continue;
        };
        let yaml = v["sdl_yaml"].as_str().unwrap();
        match vmc_sdl::yaml::load(yaml, &vmc_sdl::Limits::default()) {
            Ok(node) => {
                n += 1;
                if !same_json(&node.value.to_json(), expected) {
                    bad.push(format!("{name}: loaded value differs from js-yaml"));
                }
            }
            Err(e) => {
                if !expected.is_null() {
                    bad.push(format!("{name}: js-yaml loads it, we fail: {}", e.message));
                }
            }
        }
    }
    println!("yaml loader: {n} documents equal to js-yaml");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn sdl_vectors() {
    let Some(vs) = vectors() else { return };
    let allow: BTreeMap<&str, &allowlist::Allowed> =
        ALLOWLIST.iter().map(|a| (a.vector, a)).collect();
    let mut failures = Vec::new();
    let (mut acc, mut rej, mut allowed, mut go_ok, mut groups_ok) = (0, 0, 0, 0, 0);
    let mut seen_allowed = Vec::new();
    for (name, v) in &vs {
        let yaml = v["sdl_yaml"].as_str().unwrap();
        let expect_ok = v["ok"].as_bool().unwrap();
        let got = vmc_sdl::parse(yaml);
        let deviation = match (&got, expect_ok) {
            (Ok(_), false) => Some(Deviation::Accepted),
            (Err(_), true) => Some(Deviation::Rejected),
            (Err(_), false) => None,
            (Ok(sdl), true) => {
                let (groups, m) = sdl.groups_and_manifest(Convention::Ts);
                let text = m.canonical_json();
                let same = text == v["manifest_sorted_json"].as_str().unwrap()
                    && m.hash_hex() == v["hash_hex"].as_str().unwrap();
                if same {
                    if ours(&groups) == norm_groups(&v["groups"], true) {
                        groups_ok += 1;
                    } else {
                        failures.push(format!("{name}: manifest matches but group specs differ:\n  ours: {}\n  ts:   {}", ours(&groups), norm_groups(&v["groups"], true)));
                    }
                    // Reclamation.
                    let want = v
                        .get("reclamation")
                        .and_then(|r| r["min_window"]["seconds"].as_str())
                        .map(|s| s.parse::<u64>().unwrap());
                    if sdl.reclamation_seconds() != want {
                        failures.push(format!(
                            "{name}: reclamation {:?} != {want:?}",
                            sdl.reclamation_seconds()
                        ));
                    }
                    None
                } else {
                    if !allow.contains_key(name.as_str()) {
                        failures.push(format!(
                            "{name}: manifest differs{}",
                            first_diff(&text, v["manifest_sorted_json"].as_str().unwrap())
                        ));
                    }
                    Some(Deviation::Manifest)
                }
            }
        };
        if let Some(g) = v.get("go_reference").filter(|g| !g.is_null()) {
            match &got {
                Ok(sdl) if sdl.check_convention(Convention::Go).is_err() => failures.push(format!(
                    "{name}: the Go SDK accepts it but vmc's Go rules refuse it: {}",
                    sdl.check_convention(Convention::Go).unwrap_err()
                )),
                Ok(sdl) => {
                    let (groups, m) = sdl.groups_and_manifest(Convention::Go);
                    let ours_m: Value = serde_json::from_str(&m.canonical_json()).unwrap();
                    if m.hash_hex() != g["go_hash_hex"].as_str().unwrap()
                        || ours_m != g["manifest_json"]
                    {
                        failures.push(format!(
                            "{name}: Go convention manifest differs\n  ours: {}\n  go:   {}",
                            m.canonical_json(),
                            g["manifest_json"]
                        ));
                    } else if ours(&groups) != norm_groups(&g["group_specs_json"], false) {
                        failures.push(format!(
                            "{name}: Go convention group specs differ\n  ours: {}\n  go:   {}",
                            ours(&groups),
                            norm_groups(&g["group_specs_json"], false)
                        ));
                    } else {
                        go_ok += 1;
                    }
                }
                Err(e) => failures.push(format!(
                    "{name}: has a Go reference but vmc rejects it: {e}"
                )),
            }
        }
        match deviation {
            None => {
                if expect_ok {
                    acc += 1
                } else {
                    rej += 1
                }
                if allow.contains_key(name.as_str()) {
                    failures.push(format!(
                        "{name}: allowlisted but no longer differs; remove it from allowlist.rs"
                    ));
                }
            }
            Some(d) => match allow.get(name.as_str()) {
                Some(a) if a.deviation == d => {
                    allowed += 1;
                    seen_allowed.push(format!("  {name}: {:?}: {}", d, a.reason));
                }
                Some(a) => failures.push(format!(
                    "{name}: differs as {d:?} but allowlisted as {:?}",
                    a.deviation
                )),
                None if d != Deviation::Manifest => {
                    let why = match &got {
                        Err(e) => format!(
                            "vmc rejects: {}",
                            e.0.iter()
                                .map(|d| format!("[{}] {} at {}", d.rule, d.message, d.path))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                        Ok(_) => format!("TS rejects: {}", v["error"]),
                    };
                    failures.push(format!("{name}: {d:?}: {why}"));
                }
                None => {}
            },
        }
    }
    for a in ALLOWLIST {
        if !vs.iter().any(|(n, _)| n == a.vector) {
            failures.push(format!("allowlist names unknown vector {}", a.vector));
        }
    }
    println!(
        "SDL conformance over {} vectors: {acc} accepted match (manifest + hash; {groups_ok} also group specs), {rej} rejected match, {allowed} allowlisted, {go_ok} Go references match",
        vs.len()
    );
    for s in &seen_allowed {
        println!("{s}");
    }
    assert!(
        failures.is_empty(),
        "{} unexplained differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
