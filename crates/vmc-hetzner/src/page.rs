//! Decoding one page of a list (`{"<key>": [...], "meta": {"pagination": {...}}}`).
//!
//! The items are decoded straight from the body into their types; the body is never held as a
//! `serde_json::Value` (with `preserve_order` that tree is several times the size of the body, and
//! [`PAGE_CONCURRENCY`](crate::client::PAGE_CONCURRENCY) pages are decoded at once). When that
//! direct decoding fails, the page is decoded again the old way (the whole body as a `Value`,
//! then the parts), so errors read exactly as before.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use crate::Error;
use crate::common::Pagination;

/// Decodes a page body: the items under `key` and `meta.pagination` (when absent: page `page`,
/// `per_page` per page, nothing more). `shown_url` names the request in a syntax error,
/// `decode_url` in a shape error.
pub(crate) fn decode<T: DeserializeOwned>(
    text: &[u8],
    key: &str,
    page: u64,
    per_page: u64,
    shown_url: &str,
    decode_url: &str,
) -> Result<(Vec<T>, Pagination), Error> {
    let fallback = Pagination {
        page,
        per_page,
        ..Default::default()
    };
    let mut de = serde_json::Deserializer::from_slice(text);
    let direct = PageSeed::<T> {
        key,
        _items: PhantomData,
    }
    .deserialize(&mut de)
    .and_then(|p| de.end().map(|()| p));
    if let Ok(Page {
        items: Some(items),
        meta,
    }) = direct
    {
        let pagination = match meta.and_then(|mut m| m.get_mut("pagination").map(Value::take)) {
            Some(p) => serde_json::from_value(p),
            None => Ok(fallback.clone()),
        };
        if let Ok(p) = pagination {
            return Ok((items, p));
        }
    }
    decode_via_value(text, key, fallback, shown_url, decode_url)
}

/// The page decoded as a whole `Value` first: slower and larger, but its errors are the ones
/// vmc has always reported.
fn decode_via_value<T: DeserializeOwned>(
    text: &[u8],
    key: &str,
    fallback: Pagination,
    shown_url: &str,
    decode_url: &str,
) -> Result<(Vec<T>, Pagination), Error> {
    let mut body: Value = serde_json::from_slice(text).map_err(|e| Error::Decode {
        url: shown_url.to_string(),
        message: e.to_string(),
    })?;
    let decode = |message: String| Error::Decode {
        url: decode_url.to_string(),
        message,
    };
    let items = body
        .get_mut(key)
        .map(Value::take)
        .ok_or_else(|| decode(format!("no `{key}` in the answer")))?;
    let items: Vec<T> = serde_json::from_value(items).map_err(|e| decode(e.to_string()))?;
    let meta = match body.pointer_mut("/meta/pagination").map(Value::take) {
        Some(m) => serde_json::from_value(m).map_err(|e| decode(e.to_string()))?,
        None => fallback,
    };
    Ok((items, meta))
}

/// What the direct decoding found. Like the `Value` (a map), a repeated key keeps its last value.
struct Page<T> {
    items: Option<Vec<T>>,
    /// `meta` as it came (small); only an object's `pagination` counts.
    meta: Option<Value>,
}

struct PageSeed<'k, T> {
    key: &'k str,
    _items: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for PageSeed<'_, T> {
    type Value = Page<T>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Page<T>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for PageSeed<'_, T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut page = Page {
            items: None,
            meta: None,
        };
        while let Some(k) = map.next_key::<String>()? {
            if k == self.key {
                page.items = Some(map.next_value()?);
            } else if k == "meta" {
                page.meta = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: i64,
    }

    type Decoded = Result<(Vec<Item>, Pagination), String>;

    /// The direct decoding and the old one (via a `Value`) of the same body.
    fn both(text: &str) -> (Decoded, Decoded) {
        let fallback = Pagination {
            page: 3,
            per_page: 50,
            ..Default::default()
        };
        let direct = decode::<Item>(text.as_bytes(), "things", 3, 50, "S", "D")
            .map_err(|e| format!("{e:?}"));
        let old = decode_via_value::<Item>(text.as_bytes(), "things", fallback, "S", "D")
            .map_err(|e| format!("{e:?}"));
        (direct, old)
    }

    #[test]
    fn same_as_decoding_a_value_first() {
        for text in [
            r#"{"things":[{"id":1},{"id":2}],"meta":{"pagination":{"page":3,"per_page":50,"next_page":4,"last_page":9}}}"#,
            r#"{"meta":{"pagination":{"page":3,"per_page":50,"next_page":null}},"x":[1,{"a":null}],"things":[]}"#,
            r#"{"things":[{"id":1}]}"#,
            r#"{"things":[{"id":1}],"meta":[]}"#,
            r#"{"things":[{"id":1}],"meta":{"other":1}}"#,
            r#"{"things":[{"id":1}],"meta":{"pagination":null}}"#,
            r#"{"things":[{"id":"x"}]}"#,
            r#"{"things":[{"id":1}],"things":[{"id":2}]}"#,
            r#"{"thing":[]}"#,
            r#"[]"#,
            r#"null"#,
            r#"{"things":[{"id":1}]"#,
            r#"{"things":[{"id":1}]} x"#,
            r#"{"th\u0069ngs":[{"id":1}]}"#,
        ] {
            let (direct, old) = both(text);
            assert_eq!(direct, old, "{text}");
        }
    }
}
