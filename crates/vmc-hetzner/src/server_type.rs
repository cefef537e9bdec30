//! Server types (`GET /server_types`) and their per-location prices.

use serde::{Deserialize, Serialize};

use crate::common::{Amount, Architecture, Deprecation, Extra};
use crate::open_enum::open_enum;
use crate::{Client, Error};

open_enum! {
    /// Where the disk lives.
    StorageType { Local => "local", Network => "network" }
}

open_enum! {
    /// Shared or dedicated vCPUs.
    CpuType { Shared => "shared", Dedicated => "dedicated" }
}

/// A server type such as `cpx22`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerType {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub cores: serde_json::Number,
    /// GB, may be fractional.
    pub memory: serde_json::Number,
    /// GB.
    pub disk: serde_json::Number,
    /// Superseded by `locations[].deprecation`; kept when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    pub prices: Vec<Price>,
    pub storage_type: StorageType,
    pub cpu_type: CpuType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub architecture: Architecture,
    #[serde(default)]
    pub deprecation: Option<Deprecation>,
    pub locations: Vec<TypeLocation>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The price of a server type in one location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Price {
    /// Location name, e.g. `fsn1`.
    pub location: String,
    pub price_hourly: Amount,
    pub price_monthly: Amount,
    /// Bytes of outgoing traffic included per month.
    pub included_traffic: u64,
    pub price_per_tb_traffic: Amount,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Whether a server type can be ordered in a location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeLocation {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub deprecation: Option<Deprecation>,
    pub available: bool,
    pub recommended: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ServerType {
    /// The price in `location`, if the type is sold there.
    pub fn price_in(&self, location: &str) -> Option<&Price> {
        self.prices.iter().find(|p| p.location == location)
    }

    /// Names of the locations where the type can be ordered now.
    pub fn available_locations(&self) -> Vec<&str> {
        self.locations
            .iter()
            .filter(|l| l.available && l.deprecation.is_none())
            .map(|l| l.name.as_str())
            .collect()
    }
}

impl Client {
    /// Every server type.
    pub async fn list_server_types(&self) -> Result<Vec<ServerType>, Error> {
        self.get_all("/server_types", &[], "server_types").await
    }

    /// The server type with this exact name, if any.
    pub async fn server_type_by_name(&self, name: &str) -> Result<Option<ServerType>, Error> {
        let mut v: Vec<ServerType> = self
            .get_all(
                "/server_types",
                &[("name".into(), name.into())],
                "server_types",
            )
            .await?;
        Ok(v.pop())
    }
}
