//! Query strings: repeated keys (`?status=a&status=b`), pagination (`page`, `per_page`,
//! `meta.pagination`, `Link` header) and sorting (`sort=field[:asc|:desc]`, repeatable).

use std::cmp::Ordering;

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::error::ApiError;

/// The decoded query string and what is needed to write `Link` URLs.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pairs: Vec<(String, String)>,
    /// `http://host/original/path` of the request.
    base_url: String,
}

impl ListQuery {
    /// Decode a raw query string.
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Self {
            pairs,
            base_url: String::new(),
        }
    }

    /// The first value of a key.
    pub fn one(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable key (comma-separated values are split too).
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Values of an enum-typed repeatable key, each checked against `allowed`.
    pub fn enum_values(&self, key: &str, allowed: &[&str]) -> Result<Vec<String>, ApiError> {
        self.all(key)
            .into_iter()
            .map(|v| {
                if allowed.contains(&v) {
                    Ok(v.to_string())
                } else {
                    Err(ApiError::invalid_field(
                        key,
                        format!("`{v}` is not one of {}", allowed.join(", ")),
                    ))
                }
            })
            .collect()
    }

    /// A boolean key (`true`/`false`).
    pub fn flag(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.one(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(v) => Err(ApiError::invalid_field(
                key,
                format!("`{v}` is not a boolean"),
            )),
        }
    }

    /// `page` and `per_page` (default 1 and 25; `per_page` is capped at 50).
    pub fn page(&self) -> Result<Page, ApiError> {
        let num = |key: &str, default: u64| -> Result<u64, ApiError> {
            match self.one(key) {
                None => Ok(default),
                Some(v) => match v.parse::<u64>() {
                    Ok(n) if n >= 1 => Ok(n),
                    _ => Err(ApiError::invalid_field(
                        key,
                        format!("`{v}` is not a positive integer"),
                    )),
                },
            }
        };
        Ok(Page {
            page: num("page", 1)?,
            per_page: num("per_page", 25)?.min(50),
        })
    }

    /// The `sort` keys, each checked against the fields this list can be sorted by.
    pub fn sort(&self, fields: &[&str]) -> Result<Vec<SortKey>, ApiError> {
        self.all("sort")
            .into_iter()
            .map(|s| {
                let (field, desc) = match s.split_once(':') {
                    None => (s, false),
                    Some((f, "asc")) => (f, false),
                    Some((f, "desc")) => (f, true),
                    Some(_) => {
                        return Err(ApiError::invalid_field(
                            "sort",
                            format!("`{s}`: the direction must be asc or desc"),
                        ));
                    }
                };
                if !fields.contains(&field) {
                    return Err(ApiError::invalid_field(
                        "sort",
                        format!("cannot sort by `{field}`; use one of {}", fields.join(", ")),
                    ));
                }
                Ok(SortKey {
                    field: field.to_string(),
                    desc,
                })
            })
            .collect()
    }

    fn link(&self, page: u64, per_page: u64) -> String {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.pairs {
            if k != "page" && k != "per_page" {
                ser.append_pair(k, v);
            }
        }
        ser.append_pair("page", &page.to_string());
        ser.append_pair("per_page", &per_page.to_string());
        format!("{}?{}", self.base_url, ser.finish())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ListQuery {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let mut q = Self::parse(parts.uri.query());
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map(|o| o.0.path().to_string())
            .unwrap_or_else(|| parts.uri.path().to_string());
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        q.base_url = format!("http://{host}{path}");
        Ok(q)
    }
}

/// A requested page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub page: u64,
    pub per_page: u64,
}

/// One sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub desc: bool,
}

/// Sort JSON items by the keys (then by `id` so the order is total).
pub fn sort_values(items: &mut [Value], keys: &[SortKey]) {
    items.sort_by(|a, b| {
        for k in keys {
            let o = cmp_json(&a[&k.field], &b[&k.field]);
            let o = if k.desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        cmp_json(&a["id"], &b["id"])
    });
}

fn cmp_json(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// The `meta.pagination` object for `total` entries.
pub fn pagination(page: Page, total: u64) -> Value {
    let last = total.div_ceil(page.per_page).max(1);
    let opt = |c: bool, v: u64| if c { json!(v) } else { Value::Null };
    json!({
        "page": page.page,
        "per_page": page.per_page,
        "previous_page": opt(page.page > 1, page.page.saturating_sub(1).min(last)),
        "next_page": opt(page.page < last, page.page + 1),
        "last_page": last,
        "total_entries": total,
    })
}

/// A list answer: `{"<key>": [page of items], "meta": {"pagination": …}}` with a `Link` header.
pub fn list_response(key: &str, items: Vec<Value>, q: &ListQuery) -> Result<Response, ApiError> {
    let page = q.page()?;
    let total = items.len();
    let (start, end) = page_range(total, page);
    let slice = items.into_iter().skip(start).take(end - start).collect();
    Ok(page_response(key, slice, total, q, page, Map::new()))
}

/// The index range of `page` among `total` items.
pub fn page_range(total: usize, page: Page) -> (usize, usize) {
    let start = ((page.page - 1).saturating_mul(page.per_page)).min(total as u64) as usize;
    (start, (start + page.per_page as usize).min(total))
}

/// A list answer from one already-cut page of `total` items, with extra top-level keys.
pub fn page_response(
    key: &str,
    slice: Vec<Value>,
    total: usize,
    q: &ListQuery,
    page: Page,
    extra: Map<String, Value>,
) -> Response {
    let meta = pagination(page, total as u64);
    let mut body = Map::new();
    body.insert(key.to_string(), Value::Array(slice));
    body.extend(extra);
    body.insert("meta".into(), json!({ "pagination": meta }));
    let mut links = Vec::new();
    if let Some(p) = meta["previous_page"].as_u64() {
        links.push(format!("<{}>; rel=\"prev\"", q.link(p, page.per_page)));
    }
    if let Some(n) = meta["next_page"].as_u64() {
        links.push(format!("<{}>; rel=\"next\"", q.link(n, page.per_page)));
    }
    if let Some(l) = meta["last_page"].as_u64() {
        links.push(format!("<{}>; rel=\"last\"", q.link(l, page.per_page)));
    }
    let mut resp = axum::Json(Value::Object(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
        resp.headers_mut().insert(header::LINK, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_encoded_keys() {
        let q = ListQuery::parse(Some(
            "status=running&status=off&label_selector=env%3Dprod&sort=name%3Adesc",
        ));
        assert_eq!(q.all("status"), vec!["running", "off"]);
        assert_eq!(q.one("label_selector"), Some("env=prod"));
        let s = q.sort(&["id", "name"]).unwrap();
        assert_eq!(
            s,
            vec![SortKey {
                field: "name".into(),
                desc: true
            }]
        );
        assert!(q.sort(&["id"]).is_err());
    }

    #[test]
    fn pagination_edges() {
        let p = |page, per_page| Page { page, per_page };
        let m = pagination(p(1, 25), 0);
        assert_eq!(m["last_page"], 1);
        assert!(m["next_page"].is_null() && m["previous_page"].is_null());
        let m = pagination(p(2, 50), 120);
        assert_eq!(
            (
                m["previous_page"].clone(),
                m["next_page"].clone(),
                m["last_page"].clone()
            ),
            (json!(1), json!(3), json!(3))
        );
        assert!(pagination(p(3, 50), 120)["next_page"].is_null());
        let q = ListQuery::parse(Some("per_page=500&page=2"));
        assert_eq!(q.page().unwrap(), p(2, 50));
        assert!(ListQuery::parse(Some("page=0")).page().is_err());
        assert!(ListQuery::parse(Some("per_page=x")).page().is_err());
    }

    #[test]
    fn sorting_is_total() {
        let mut v = vec![
            json!({"id": 3, "name": "b"}),
            json!({"id": 1, "name": "b"}),
            json!({"id": 2, "name": "a"}),
        ];
        sort_values(
            &mut v,
            &[SortKey {
                field: "name".into(),
                desc: true,
            }],
        );
        let ids: Vec<i64> = v.iter().map(|x| x["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, vec![1, 3, 2]);
    }
}
