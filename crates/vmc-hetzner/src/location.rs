//! Locations (`GET /locations`).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::{Client, Error};

/// A location such as `fsn1` (Falkenstein).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub country: String,
    pub city: String,
    pub latitude: serde_json::Number,
    pub longitude: serde_json::Number,
    pub network_zone: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Client {
    /// Every location, sorted by name.
    pub async fn list_locations(&self) -> Result<Vec<Location>, Error> {
        self.get_all("/locations", &[("sort".into(), "name".into())], "locations")
            .await
    }
}
