//! Pagination (§3.2): `pagination.key` / `offset` / `limit` / `count_total`, answers with
//! `next_key` (base64, null at the end) and `total`.
//!
//! Like the Akash stores since v1.2.0, a `next_key` carries the filters and the state being
//! iterated: when a key is given, the request's filters are ignored.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ApiError, Params};

pub const DEFAULT_LIMIT: usize = 100;

#[derive(Serialize, Deserialize)]
struct Cursor {
    /// Index into the state order.
    s: usize,
    /// Map key to resume at (inclusive).
    k: String,
    /// The filters of the first request.
    f: BTreeMap<String, String>,
}

/// What a list route declares: its filter parameters and the state order.
pub struct ListDef<'a> {
    /// Query prefix of the filters (`filters.` or `filter.`).
    pub filter_prefix: &'a str,
    /// State names in listing order (when no state filter is given).
    pub states: &'a [&'a str],
}

/// The result: the page's items and the `pagination` object.
pub struct PageOut<'a, V> {
    pub items: Vec<&'a V>,
    pub pagination: Value,
}

/// Lists `map` with filters. `build` turns the filters into a key prefix and a predicate;
/// `state_of` names an item's state.
pub fn list<'a, V>(
    map: &'a BTreeMap<String, V>,
    q: &Params,
    def: &ListDef<'_>,
    build: impl Fn(
        &BTreeMap<String, String>,
    ) -> Result<(String, Box<dyn Fn(&V) -> bool + 'a>), ApiError>,
    state_of: impl Fn(&V) -> String,
) -> Result<PageOut<'a, V>, ApiError> {
    let limit = match q.get("pagination.limit").map(String::as_str) {
        None | Some("") | Some("0") => DEFAULT_LIMIT,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| ApiError::invalid(format!("pagination.limit {v:?}: invalid request")))?,
    };
    let offset = match q.get("pagination.offset").map(String::as_str) {
        None | Some("") => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| ApiError::invalid(format!("pagination.offset {v:?}: invalid request")))?,
    };
    let count_total = q.get("pagination.count_total").is_some_and(|v| v == "true");
    let key = q.get("pagination.key").filter(|k| !k.is_empty());
    let cursor = match key {
        Some(k) => {
            let raw = B64
                .decode(k.trim())
                .map_err(|_| ApiError::invalid("invalid pagination key: invalid request"))?;
            Some(
                serde_json::from_slice::<Cursor>(&raw)
                    .map_err(|_| ApiError::invalid("invalid pagination key: invalid request"))?,
            )
        }
        None => None,
    };
    if cursor.is_some() && offset > 0 {
        return Err(ApiError::invalid(
            "paginate: invalid request, either offset or key is expected, got both",
        ));
    }
    let filters: BTreeMap<String, String> = match &cursor {
        Some(c) => c.f.clone(),
        None => q
            .iter()
            .filter(|(k, v)| k.starts_with(def.filter_prefix) && !v.is_empty())
            .map(|(k, v)| (k[def.filter_prefix.len()..].to_string(), v.clone()))
            .collect(),
    };
    let states: Vec<String> = match filters.get("state") {
        Some(s) => {
            if !def.states.contains(&s.as_str()) {
                return Err(ApiError::invalid(format!(
                    "invalid state value {s:?}: invalid request"
                )));
            }
            vec![s.clone()]
        }
        None => def.states.iter().map(|s| s.to_string()).collect(),
    };
    if offset > 0 && !filters.contains_key("state") {
        return Err(ApiError::invalid(
            "invalid request: offset is only supported together with the state filter",
        ));
    }
    let (prefix, pred) = build(&filters)?;
    let (start_s, start_k) = match &cursor {
        Some(c) => (c.s, c.k.clone()),
        None => (0, prefix.clone()),
    };
    let mut items = Vec::new();
    let mut next: Option<Cursor> = None;
    let mut skipped = 0usize;
    'outer: for (si, state) in states.iter().enumerate().skip(start_s) {
        let from = if si == start_s {
            start_k.clone()
        } else {
            prefix.clone()
        };
        for (k, v) in map
            .range(from..)
            .take_while(|(k, _)| k.starts_with(&prefix))
        {
            if state_of(v) != *state || !pred(v) {
                continue;
            }
            if skipped < offset {
                skipped += 1;
                continue;
            }
            if items.len() == limit {
                next = Some(Cursor {
                    s: si,
                    k: k.clone(),
                    f: filters.clone(),
                });
                break 'outer;
            }
            items.push(v);
        }
    }
    let total = if count_total {
        map.range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(_, v)| states.contains(&state_of(v)) && pred(v))
            .count()
    } else {
        0
    };
    let next_key = next.map(|c| B64.encode(serde_json::to_vec(&c).unwrap_or_default()));
    Ok(PageOut {
        items,
        pagination: json!({"next_key": next_key, "total": total.to_string()}),
    })
}
