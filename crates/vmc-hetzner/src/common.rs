//! Shapes shared by several resources: labels, protection, prices, pagination.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::open_enum::open_enum;

/// Fields this version of vmc does not model, kept so JSON/YAML output mirrors the API.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// `key → value` labels.
pub type Labels = BTreeMap<String, String>;

open_enum! {
    /// CPU architecture.
    Architecture { X86 => "x86", Arm => "arm" }
}

/// Delete/rebuild protection.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Protection {
    pub delete: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rebuild: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A net and gross amount, exact decimals (the API sends strings like `"1.1900000000000000"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    pub net: Decimal,
    pub gross: Decimal,
}

/// A deprecation notice: when it was announced and after when the thing is gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deprecation {
    pub announced: String,
    pub unavailable_after: String,
}

/// `meta.pagination` of a list response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    pub page: u64,
    pub per_page: u64,
    #[serde(default)]
    pub previous_page: Option<u64>,
    #[serde(default)]
    pub next_page: Option<u64>,
    #[serde(default)]
    pub last_page: Option<u64>,
    #[serde(default)]
    pub total_entries: Option<u64>,
}

/// `meta` of a list response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub pagination: Pagination,
}

/// A label selector query (`env=prod,!legacy`), validated lightly: it must not be empty.
pub fn label_selector_param(sel: &str) -> Option<(String, String)> {
    let s = sel.trim();
    (!s.is_empty()).then(|| ("label_selector".to_string(), s.to_string()))
}
