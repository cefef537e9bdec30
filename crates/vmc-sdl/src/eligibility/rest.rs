//! Providers and audited attributes from the chain's REST (LCD) JSON (`akash-protocol.md` §3.4).
//!
//! Accepted documents, any number of them (several pages, several endpoints):
//!
//! * a providers list, `GET /akash/provider/v1beta4/providers`:
//!   `{"providers": [{"owner", "host_uri", "attributes": [{"key","value"}], "info"}], "pagination"}`;
//! * one provider, `GET /akash/provider/v1beta4/providers/{owner}`: `{"provider": {…}}`;
//! * audited attributes, `GET /akash/audit/v1/audit/attributes/list` or
//!   `…/attributes/{owner}/list` or `…/{auditor}/{owner}`:
//!   `{"providers": [{"owner", "auditor", "attributes"}], "pagination"}` (told apart from a
//!   providers list by the `auditor` field of its items);
//! * a wrapper object `{"providers": <list or response>, "audited": <list or response>}`
//!   (`provider_attributes` is an alias of `audited`);
//! * a JSON array of any of the above (e.g. the two responses concatenated).
//!
//! Audit records are attached to the provider they name; records for an owner that is not in
//! the providers list are ignored (an unregistered provider cannot bid).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::{Audit, Provider};
use crate::groups::Attribute;

/// The document is not one of the accepted REST shapes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestError {
    #[error("{path}: {message}")]
    Shape { path: String, message: String },
}

fn shape(path: &str, message: impl Into<String>) -> RestError {
    RestError::Shape {
        path: path.into(),
        message: message.into(),
    }
}

#[derive(Debug, Deserialize)]
struct RestProvider {
    owner: String,
    #[serde(default)]
    host_uri: Option<String>,
    #[serde(default)]
    attributes: Option<Vec<Attribute>>,
}

#[derive(Debug, Deserialize)]
struct RestAudit {
    owner: String,
    auditor: String,
    #[serde(default)]
    attributes: Option<Vec<Attribute>>,
}

/// Providers with their audits, in the order the providers first appear.
#[derive(Debug, Default)]
struct Collected {
    providers: Vec<RestProvider>,
    audits: Vec<RestAudit>,
}

/// Parses one REST document (see the module docs) into providers with their audits attached.
pub fn providers_from_json(doc: &Value) -> Result<Vec<Provider>, RestError> {
    let mut c = Collected::default();
    collect(doc, "$", &mut c)?;

    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Provider> = Vec::new();
    for p in c.providers {
        if index.contains_key(&p.owner) {
            continue;
        }
        index.insert(p.owner.clone(), out.len());
        out.push(Provider {
            owner: p.owner,
            host_uri: p.host_uri.filter(|u| !u.is_empty()),
            attributes: p.attributes.unwrap_or_default(),
            audits: Vec::new(),
        });
    }
    for a in c.audits {
        if let Some(&i) = index.get(&a.owner) {
            out[i].audits.push(Audit {
                auditor: a.auditor,
                attributes: a.attributes.unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// Parses JSON text (see [`providers_from_json`]).
pub fn providers_from_str(text: &str) -> Result<Vec<Provider>, RestError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        shape(
            &format!("line {} column {}", e.line(), e.column()),
            format!("not valid JSON: {e}"),
        )
    })?;
    providers_from_json(&doc)
}

fn collect(doc: &Value, path: &str, c: &mut Collected) -> Result<(), RestError> {
    match doc {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, &format!("{path}[{i}]"), c)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            let mut known = false;
            if let Some(p) = map.get("provider") {
                known = true;
                c.providers.push(parse(p, &format!("{path}.provider"))?);
            }
            for key in ["audited", "provider_attributes"] {
                if let Some(v) = map.get(key) {
                    known = true;
                    collect_list(v, &format!("{path}.{key}"), c, Some(true))?;
                }
            }
            if let Some(v) = map.get("providers") {
                known = true;
                collect_list(v, &format!("{path}.providers"), c, None)?;
            }
            if known {
                Ok(())
            } else {
                Err(shape(
                    path,
                    "expected a REST response with `providers` or `provider`, or an object with \
                     `providers` and `audited`",
                ))
            }
        }
        _ => Err(shape(path, "expected a JSON object or array")),
    }
}

/// A list of providers or audit records, or a response object holding one under `providers`.
/// `audit`: `Some(true)` when the caller knows these are audit records, `None` to decide per
/// item by the `auditor` field.
fn collect_list(
    v: &Value,
    path: &str,
    c: &mut Collected,
    audit: Option<bool>,
) -> Result<(), RestError> {
    match v {
        Value::Null => Ok(()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let is_audit =
                    audit.unwrap_or_else(|| item.get("auditor").is_some_and(|a| !a.is_null()));
                if is_audit {
                    c.audits.push(parse(item, &p)?);
                } else {
                    c.providers.push(parse(item, &p)?);
                }
            }
            Ok(())
        }
        Value::Object(map) if map.contains_key("providers") => {
            collect_list(&map["providers"], &format!("{path}.providers"), c, audit)
        }
        _ => Err(shape(
            path,
            "expected a list, or a REST response object with a `providers` list",
        )),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(v: &Value, path: &str) -> Result<T, RestError> {
    T::deserialize(v).map_err(|e| shape(path, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUDITOR: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";

    fn providers_response() -> Value {
        serde_json::json!({
            "providers": [
                {"owner": "akash1aaa", "host_uri": "https://p1.example.com:8443",
                 "attributes": [{"key": "region", "value": "us-west"}],
                 "info": {"email": "", "website": ""}},
                {"owner": "akash1bbb", "host_uri": "https://p2.example.com:8443",
                 "attributes": [], "info": {"email": "", "website": ""}}
            ],
            "pagination": {"next_key": null, "total": "2"}
        })
    }

    fn audit_response() -> Value {
        serde_json::json!({
            "providers": [
                {"owner": "akash1aaa", "auditor": AUDITOR,
                 "attributes": [{"key": "region", "value": "us-west"}]},
                {"owner": "akash1zzz", "auditor": AUDITOR, "attributes": []}
            ],
            "pagination": {"next_key": null, "total": "2"}
        })
    }

    #[test]
    fn wrapper_object() {
        let doc =
            serde_json::json!({"providers": providers_response(), "audited": audit_response()});
        let ps = providers_from_json(&doc).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].owner, "akash1aaa");
        assert_eq!(
            ps[0].host_uri.as_deref(),
            Some("https://p1.example.com:8443")
        );
        assert_eq!(ps[0].attributes, vec![Attribute::new("region", "us-west")]);
        assert_eq!(ps[0].audits.len(), 1);
        assert_eq!(ps[0].audits[0].auditor, AUDITOR);
        assert!(ps[1].audits.is_empty());
    }

    #[test]
    fn wrapper_with_bare_lists_and_alias() {
        let doc = serde_json::json!({
            "providers": providers_response()["providers"],
            "provider_attributes": audit_response()["providers"],
        });
        let ps = providers_from_json(&doc).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].audits.len(), 1);
    }

    #[test]
    fn concatenated_array_in_any_order() {
        let doc = Value::Array(vec![audit_response(), providers_response()]);
        let ps = providers_from_json(&doc).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(
            ps[0].audits.len(),
            1,
            "audit records recognised by `auditor`"
        );
    }

    #[test]
    fn single_provider_and_null_attributes() {
        let doc = serde_json::json!({"provider": {"owner": "akash1ccc", "host_uri": "", "attributes": null}});
        let ps = providers_from_json(&doc).unwrap();
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].host_uri, None);
        assert!(ps[0].attributes.is_empty());
    }

    #[test]
    fn duplicate_owners_kept_once() {
        let doc = Value::Array(vec![providers_response(), providers_response()]);
        assert_eq!(providers_from_json(&doc).unwrap().len(), 2);
    }

    #[test]
    fn bad_shapes_name_the_place() {
        let err = providers_from_json(&serde_json::json!({"foo": 1})).unwrap_err();
        assert!(err.to_string().starts_with("$: expected"), "{err}");
        let err = providers_from_json(&serde_json::json!({"providers": [{"host_uri": "x"}]}))
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("$.providers[0]: missing field `owner`"),
            "{err}"
        );
        let err = providers_from_json(&serde_json::json!([1])).unwrap_err();
        assert!(err.to_string().starts_with("$[0]: expected"), "{err}");
        let err = providers_from_str("{").unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
        let err = providers_from_json(&serde_json::json!({"audited": "x"})).unwrap_err();
        assert!(
            err.to_string().starts_with("$.audited: expected a list"),
            "{err}"
        );
    }
}
