//! Request bodies: JSON objects checked field by field, answering `json_error` for bad JSON
//! and `invalid_input` (naming the field) for missing, mistyped or unknown fields.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::{ApiError, ApiResult};
use super::labels;

/// A decoded JSON object body.
#[derive(Debug, Clone, Default)]
pub struct Body(Map<String, Value>);

impl Body {
    /// Decode; an empty body is `{}`. Fields outside `allowed` are refused.
    pub fn parse(bytes: &[u8], allowed: &[&str]) -> ApiResult<Self> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| ApiError::json(format!("invalid JSON: {e}")))?;
        let Value::Object(map) = v else {
            return Err(ApiError::invalid("invalid input: root must be an object"));
        };
        if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(ApiError::invalid_field(
                k,
                format!("unknown field name '{k}'"),
            ));
        }
        Ok(Self(map))
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// Whether the field is present (and not null).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// An optional string.
    pub fn str(&self, key: &str) -> ApiResult<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ApiError::invalid_field(key, "must be a string")),
        }
    }

    /// A required string.
    pub fn req_str(&self, key: &str) -> ApiResult<String> {
        self.str(key)?
            .ok_or_else(|| ApiError::invalid_field(key, "Missing data for required field."))
    }

    /// An ID (integer) or name (string), as text.
    pub fn id_or_name(&self, key: &str) -> ApiResult<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) if n.is_i64() => Ok(Some(n.to_string())),
            Some(_) => Err(ApiError::invalid_field(key, "must be an ID or a name")),
        }
    }

    /// A required ID or name.
    pub fn req_id_or_name(&self, key: &str) -> ApiResult<String> {
        self.id_or_name(key)?
            .ok_or_else(|| ApiError::invalid_field(key, "Missing data for required field."))
    }

    /// An optional boolean.
    pub fn bool(&self, key: &str) -> ApiResult<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::invalid_field(key, "must be a boolean")),
        }
    }

    /// An optional array.
    pub fn array(&self, key: &str) -> ApiResult<Vec<Value>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => Ok(a.clone()),
            Some(_) => Err(ApiError::invalid_field(key, "must be an array")),
        }
    }

    /// An optional object.
    pub fn object(&self, key: &str) -> ApiResult<Option<Map<String, Value>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o.clone())),
            Some(_) => Err(ApiError::invalid_field(key, "must be an object")),
        }
    }

    /// Optional `labels`, validated.
    pub fn labels(&self) -> ApiResult<Option<BTreeMap<String, String>>> {
        let Some(o) = self.object("labels")? else {
            return Ok(None);
        };
        let mut out = BTreeMap::new();
        for (k, v) in o {
            let Value::String(s) = v else {
                return Err(ApiError::invalid_field(
                    "labels",
                    format!("value of `{k}` must be a string"),
                ));
            };
            out.insert(k, s);
        }
        labels::validate(&out)?;
        Ok(Some(out))
    }
}

/// An RFC 1123 hostname (letters, digits, dashes; dot-separated labels of 1..=63; ≤ 253).
pub fn check_hostname(field: &str, name: &str) -> ApiResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        });
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_field(
            field,
            format!(
                "`{name}` is not a valid hostname (RFC 1123: letters, digits, dashes and dots)"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        assert_eq!(Body::parse(b"{", &[]).unwrap_err().code, "json_error");
        assert_eq!(Body::parse(b"[]", &[]).unwrap_err().code, "invalid_input");
        let e = Body::parse(br#"{"nmae":"x"}"#, &["name"]).unwrap_err();
        assert_eq!(e.details["fields"][0]["name"], "nmae");
        let b = Body::parse(
            br#"{"name":"x","n":5,"b":true,"labels":{"a":"b"}}"#,
            &["name", "n", "b", "labels"],
        )
        .unwrap();
        assert_eq!(b.req_str("name").unwrap(), "x");
        assert_eq!(b.id_or_name("n").unwrap().as_deref(), Some("5"));
        assert!(b.str("n").is_err());
        assert_eq!(b.bool("b").unwrap(), Some(true));
        assert_eq!(b.labels().unwrap().unwrap()["a"], "b");
        assert!(b.req_str("missing").is_err());
        assert!(Body::parse(b"", &[]).is_ok());
    }

    #[test]
    fn hostnames() {
        assert!(check_hostname("name", "web-1.example").is_ok());
        for bad in ["", "that_server", "-x", "x-", "a..b", &"a".repeat(64)] {
            assert!(check_hostname("name", bad).is_err(), "{bad}");
        }
    }
}
