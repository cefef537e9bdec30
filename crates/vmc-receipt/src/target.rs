//! What a receipt's action was applied to: free text (a server name, a dseq, a path) or a
//! structured set of fields (an Akash lease: `{dseq, owner, provider}`).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The `target` of a receipt.
///
/// Serialized untagged: [`Target::Text`] is a JSON string (every receipt written before
/// structured targets existed, byte for byte), [`Target::Fields`] a JSON object. Put big
/// integers such as a `dseq` in as strings, like everything else in a receipt.
///
/// ```
/// use serde_json::json;
/// use vmc_receipt::Target;
///
/// let t = Target::fields([("owner", json!("akash1o")), ("dseq", json!("123"))]);
/// assert_eq!(t.to_string(), "dseq=123 owner=akash1o");
/// assert_eq!(t.get("dseq"), Some(&json!("123")));
/// assert_eq!(serde_json::to_string(&Target::from("web-1")).unwrap(), "\"web-1\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Target {
    /// Free text; may be empty before the thing exists.
    Text(String),
    /// Named fields (their order in the stored line is the canonical, sorted one).
    Fields(Map<String, Value>),
}

impl Target {
    /// A structured target from `(name, value)` pairs.
    pub fn fields<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Target {
        Target::Fields(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Empty text, or no fields.
    pub fn is_empty(&self) -> bool {
        match self {
            Target::Text(s) => s.is_empty(),
            Target::Fields(m) => m.is_empty(),
        }
    }

    /// A field of a structured target (`None` for text).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Target::Text(_) => None,
            Target::Fields(m) => m.get(key),
        }
    }

    /// Whether `query` names this target: the text itself, or for fields their display form
    /// (`dseq=1 owner=…`) or the value of any one field (`1`).
    pub fn matches(&self, query: &str) -> bool {
        match self {
            Target::Text(s) => s == query,
            Target::Fields(m) => {
                let shown = self.to_string();
                shown == query || m.values().any(|v| value_text(v) == query)
            }
        }
    }
}

impl Default for Target {
    fn default() -> Target {
        Target::Text(String::new())
    }
}

impl From<String> for Target {
    fn from(s: String) -> Target {
        Target::Text(s)
    }
}

impl From<&String> for Target {
    fn from(s: &String) -> Target {
        Target::Text(s.clone())
    }
}

impl From<&str> for Target {
    fn from(s: &str) -> Target {
        Target::Text(s.to_string())
    }
}

impl From<Map<String, Value>> for Target {
    fn from(m: Map<String, Value>) -> Target {
        Target::Fields(m)
    }
}

impl PartialEq<str> for Target {
    fn eq(&self, other: &str) -> bool {
        matches!(self, Target::Text(s) if s == other)
    }
}

impl PartialEq<&str> for Target {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

/// A field value as shown: strings as they are, anything else as JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Text as it is; fields as `k=v k=v` sorted by key (strings unquoted, other values as JSON).
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Text(s) => f.write_str(s),
            Target::Fields(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{k}={}", value_text(&m[k.as_str()]))?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_and_fields_round_trip() {
        for t in [
            Target::from(""),
            Target::from("web-1 (42)"),
            Target::fields([
                ("provider", json!("akash1p")),
                ("dseq", json!("123")),
                ("owner", json!("akash1o")),
            ]),
        ] {
            let s = serde_json::to_string(&t).unwrap();
            assert_eq!(serde_json::from_str::<Target>(&s).unwrap(), t, "{s}");
        }
        assert_eq!(
            serde_json::from_str::<Target>("\"x\"").unwrap(),
            Target::from("x")
        );
        assert!(serde_json::from_str::<Target>("12").is_err());
    }

    #[test]
    fn display_get_and_matches() {
        let t = Target::fields([
            ("provider", json!("akash1p")),
            ("dseq", json!("123")),
            ("owner", json!("akash1o")),
            ("gseq", json!(1)),
        ]);
        assert_eq!(
            t.to_string(),
            "dseq=123 gseq=1 owner=akash1o provider=akash1p"
        );
        assert_eq!(t.get("owner"), Some(&json!("akash1o")));
        assert_eq!(Target::from("x").get("owner"), None);
        assert!(t.matches("123") && t.matches("akash1p") && t.matches(&t.to_string()));
        assert!(!t.matches("12"));
        assert!(Target::from("web").matches("web") && !Target::from("web").matches("we"));
        assert!(Target::from("").is_empty() && Target::Fields(Map::new()).is_empty());
        assert!(!t.is_empty());
        let a = Target::from("a");
        assert!(a == "a" && a != "b");
    }
}
