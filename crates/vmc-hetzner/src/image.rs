//! Images (`GET /images`): system images, snapshots, backups and apps.

use serde::{Deserialize, Serialize};

use crate::common::{Architecture, Extra, Labels, Protection};
use crate::open_enum::open_enum;
use crate::{Client, Error};

open_enum! {
    /// The kind of image.
    ImageType { System => "system", App => "app", Snapshot => "snapshot", Backup => "backup" }
}

open_enum! {
    /// Whether the image can be used.
    ImageStatus { Available => "available", Creating => "creating", Unavailable => "unavailable" }
}

/// An image a server can be created or rebuilt from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: ImageType,
    pub status: ImageStatus,
    pub name: Option<String>,
    pub description: String,
    pub image_size: Option<serde_json::Number>,
    pub disk_size: serde_json::Number,
    pub created: String,
    pub created_from: Option<serde_json::Value>,
    pub bound_to: Option<i64>,
    /// ubuntu, debian, fedora, … or `unknown`; open-ended.
    pub os_flavor: String,
    pub os_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rapid_deploy: Option<bool>,
    pub protection: Protection,
    pub deprecated: Option<String>,
    pub deleted: Option<String>,
    pub labels: Labels,
    pub architecture: Architecture,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Filters for [`Client::list_images`].
#[derive(Debug, Clone, Default)]
pub struct ImageFilter {
    /// system, app, snapshot, backup (any of them when empty).
    pub kinds: Vec<String>,
    pub architecture: Option<String>,
    pub name: Option<String>,
    pub label_selector: Option<String>,
    pub include_deprecated: bool,
}

impl Client {
    /// Images matching the filter, sorted by name.
    pub async fn list_images(&self, f: &ImageFilter) -> Result<Vec<Image>, Error> {
        let mut q: Vec<(String, String)> = vec![("sort".into(), "name".into())];
        q.extend(f.kinds.iter().map(|k| ("type".to_string(), k.clone())));
        if let Some(a) = &f.architecture {
            q.push(("architecture".into(), a.clone()));
        }
        if let Some(n) = &f.name {
            q.push(("name".into(), n.clone()));
        }
        if let Some(s) = &f.label_selector {
            q.push(("label_selector".into(), s.clone()));
        }
        if f.include_deprecated {
            q.push(("include_deprecated".into(), "true".into()));
        }
        self.get_all("/images", &q, "images").await
    }
}
