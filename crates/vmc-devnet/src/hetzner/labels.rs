//! Labels: validation of keys and values, and the label selector language
//! (`k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma = AND).

use std::collections::BTreeMap;

use super::error::ApiError;

/// One term of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Eq(String, String),
    Ne(String, String),
    Exists(String),
    Absent(String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
}

/// A parsed selector: all terms must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector(pub Vec<Term>);

impl Selector {
    /// Parse the `label_selector` query value.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let bad = |why: &str| ApiError::invalid_field("label_selector", why.to_string());
        let mut terms = Vec::new();
        for raw in split_top_level(text).map_err(|e| bad(&e))? {
            let t = raw.trim();
            if t.is_empty() {
                if text.trim().is_empty() {
                    continue;
                }
                return Err(bad("empty expression"));
            }
            terms.push(parse_term(t).map_err(|e| bad(&e))?);
        }
        Ok(Self(terms))
    }

    /// Whether the labels satisfy every term.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.0.iter().all(|t| match t {
            Term::Eq(k, v) => labels.get(k) == Some(v),
            Term::Ne(k, v) => labels.get(k) != Some(v),
            Term::Exists(k) => labels.contains_key(k),
            Term::Absent(k) => !labels.contains_key(k),
            Term::In(k, vs) => labels.get(k).is_some_and(|x| vs.contains(x)),
            Term::NotIn(k, vs) => labels.get(k).is_none_or(|x| !vs.contains(x)),
        })
    }
}

fn split_top_level(text: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err("unbalanced ')'".into());
                }
            }
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err("unbalanced '('".into());
    }
    out.push(&text[start..]);
    Ok(out)
}

fn parse_term(t: &str) -> Result<Term, String> {
    if let Some(open) = t.find('(') {
        let head = t[..open].trim();
        let Some(body) = t[open + 1..].trim_end().strip_suffix(')') else {
            return Err(format!("missing ')' in `{t}`"));
        };
        let mut words = head.split_whitespace();
        let (Some(key), Some(op), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!(
                "expected `key in (…)` or `key notin (…)`, got `{t}`"
            ));
        };
        check_key(key)?;
        let values: Vec<String> = body.split(',').map(|v| v.trim().to_string()).collect();
        for v in &values {
            check_value(v)?;
        }
        return match op {
            "in" => Ok(Term::In(key.into(), values)),
            "notin" => Ok(Term::NotIn(key.into(), values)),
            other => Err(format!("unknown operator `{other}`")),
        };
    }
    if let Some(key) = t.strip_prefix('!') {
        let key = key.trim();
        check_key(key)?;
        return Ok(Term::Absent(key.into()));
    }
    for (op, ne) in [("!=", true), ("==", false), ("=", false)] {
        if let Some((k, v)) = t.split_once(op) {
            let (k, v) = (k.trim(), v.trim());
            check_key(k)?;
            check_value(v)?;
            return Ok(if ne {
                Term::Ne(k.into(), v.into())
            } else {
                Term::Eq(k.into(), v.into())
            });
        }
    }
    check_key(t)?;
    Ok(Term::Exists(t.into()))
}

fn name_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn check_key(key: &str) -> Result<(), String> {
    let name = match key.rsplit_once('/') {
        Some((prefix, name)) => {
            let labels_ok = prefix.len() <= 253
                && prefix.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                });
            if !labels_ok {
                return Err(format!("label key `{key}` has an invalid prefix"));
            }
            name
        }
        None => key,
    };
    if name_ok(name) {
        Ok(())
    } else {
        Err(format!("invalid label key `{key}`"))
    }
}

fn check_value(v: &str) -> Result<(), String> {
    if v.is_empty() || name_ok(v) {
        Ok(())
    } else {
        Err(format!("invalid label value `{v}`"))
    }
}

/// Validate a label map sent in a body (`labels` field).
pub fn validate(labels: &BTreeMap<String, String>) -> Result<(), ApiError> {
    for (k, v) in labels {
        if k.starts_with("hetzner.cloud/") {
            return Err(ApiError::invalid_field(
                "labels",
                format!("label key `{k}` uses the reserved prefix hetzner.cloud/"),
            ));
        }
        check_key(k)
            .and_then(|_| check_value(v))
            .map_err(|e| ApiError::invalid_field("labels", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_operator() {
        let prod = l(&[("env", "prod"), ("tier", "web")]);
        let stage = l(&[("env", "stage"), ("legacy", "")]);
        let none = l(&[]);
        let m = |s: &str, x: &BTreeMap<String, String>| Selector::parse(s).unwrap().matches(x);
        assert!(m("env=prod", &prod) && !m("env=prod", &stage));
        assert!(m("env==prod", &prod));
        assert!(m("env!=prod", &stage) && m("env!=prod", &none) && !m("env!=prod", &prod));
        assert!(m("legacy", &stage) && !m("legacy", &prod));
        assert!(m("!legacy", &prod) && !m("!legacy", &stage));
        assert!(m("env in (prod,stage)", &stage) && !m("env in (prod,stage)", &none));
        assert!(m("env notin (prod)", &stage) && m("env notin (prod)", &none));
        assert!(!m("env notin (prod, stage)", &stage));
        assert!(m("env in (prod,stage),!legacy", &prod));
        assert!(!m("env in (prod,stage),!legacy", &stage));
        assert!(m("", &none));
        assert!(m("example.com/role=db", &l(&[("example.com/role", "db")])));
    }

    #[test]
    fn bad_selectors_are_invalid_input() {
        for s in [
            "env in (a",
            "env=pr od",
            "-x",
            "env=a,,b=c",
            "env is (a)",
            "a)b",
        ] {
            let e = Selector::parse(s).unwrap_err();
            assert_eq!(e.code, "invalid_input", "{s}");
        }
    }

    #[test]
    fn label_validation() {
        assert!(
            validate(&l(&[
                ("env", "prod"),
                ("just-a-key", ""),
                ("example.com/my", "label")
            ]))
            .is_ok()
        );
        assert!(validate(&l(&[("hetzner.cloud/x", "y")])).is_err());
        assert!(validate(&l(&[("env", "-bad")])).is_err());
        assert!(validate(&l(&[(&"k".repeat(64), "v")])).is_err());
    }
}
