//! The manifest hash as the provider recomputes it (§6.5): the received JSON decoded into
//! generic values and re-encoded the Go way (`sdk.SortJSON`): object keys sorted by bytes at
//! every level, compact, numbers as Go float64 text, strings with Go's escapes (`<` `>` `&`
//! U+2028 U+2029 as `\uXXXX`). SHA-256 of that text is the deployment hash.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical text of `v`.
pub fn canonical(v: &Value) -> String {
    let mut out = String::with_capacity(1024);
    write(&mut out, v);
    out
}

/// SHA-256 of [`canonical`].
pub fn hash(v: &Value) -> [u8; 32] {
    Sha256::digest(canonical(v).as_bytes()).into()
}

fn write(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => number(out, n),
        Value::String(s) => string(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, k);
                out.push(':');
                write(out, &m[k]);
            }
            out.push('}');
        }
    }
}

/// Go decodes every number into a float64 and prints it with the shortest representation
/// (`'f'` format below 1e21).
fn number(out: &mut String, n: &serde_json::Number) {
    use std::fmt::Write;
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e21 => {
            let _ = write!(out, "{f:.0}");
        }
        Some(f) => {
            let _ = write!(out, "{f}");
        }
        None => out.push_str(&n.to_string()),
    }
}

fn string(out: &mut String, s: &str) {
    use std::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_keys_and_escapes_like_go() {
        let v: Value = serde_json::from_str(
            r#"{"b": [1, 2.5, null], "a": {"z": "x<y>&\n\u2028", "y": true}, "A": 1e3}"#,
        )
        .unwrap();
        assert_eq!(
            canonical(&v),
            r#"{"A":1000,"a":{"y":true,"z":"x\u003cy\u003e\u0026\n\u2028"},"b":[1,2.5,null]}"#
        );
    }

    #[test]
    fn canonical_text_is_a_fixed_point() {
        let text = r#"[{"name":"akash","services":[{"args":null,"command":null,"count":1,"credentials":null,"env":null,"expose":[{"endpointSequenceNumber":0,"externalPort":80,"global":true,"hosts":null,"httpOptions":{"maxBodySize":1048576,"nextCases":["error","timeout"],"nextTimeout":0,"nextTries":3,"readTimeout":60000,"sendTimeout":60000},"ip":"","port":80,"proto":"TCP","service":""}],"image":"nginx","name":"web","resources":{"cpu":{"units":{"val":"100"}},"endpoints":[{"sequence_number":0}],"gpu":{"units":{"val":"0"}},"id":1,"memory":{"size":{"val":"536870912"}},"storage":[{"name":"default","size":{"val":"536870912"}}]}}]}]"#;
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(canonical(&v), text);
    }
}
