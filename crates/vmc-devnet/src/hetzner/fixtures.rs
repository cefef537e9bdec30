//! What the Hetzner half starts with: tokens, the catalog (locations, server types, images),
//! initial SSH keys and servers, action timings and the rate limit.
//!
//! Loaded from the `hetzner` section of the devnet genesis (JSON or TOML); every field has a
//! default, so `{}` gives the stock catalog of [`HetznerFixtures::default`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::catalog;

/// The default API token of the devnet.
pub const DEFAULT_TOKEN: &str = "vmc-devnet-token";

/// Everything the Hetzner half is seeded with.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct HetznerFixtures {
    /// API tokens accepted as `Authorization: Bearer <token>`.
    pub tokens: Vec<TokenFixture>,
    /// Currency of every price (`EUR`).
    pub currency: String,
    /// VAT rate in percent as a decimal string (`19.00`); gross = net × (1 + rate/100).
    pub vat_rate: String,
    /// Locations, each with its one datacenter.
    pub locations: Vec<LocationFixture>,
    /// Server types with per-location prices.
    pub server_types: Vec<ServerTypeFixture>,
    /// System images.
    pub images: Vec<ImageFixture>,
    /// SSH keys present at genesis.
    pub ssh_keys: Vec<SshKeyFixture>,
    /// Servers present at genesis (already running or off, no actions).
    pub servers: Vec<ServerFixture>,
    /// Requests per hour before `429 rate_limit_exceeded` (the real API: 3600).
    pub rate_limit_per_hour: u32,
    /// How long an action runs when `action_ms` has no entry for its command.
    pub default_action_ms: u64,
    /// Per-command action durations in ms (`create_server`, `start_server`, …).
    pub action_ms: BTreeMap<String, u64>,
    /// After a successful `shutdown_server` action, how long until the server is `off`.
    pub shutdown_delay_ms: u64,
}

impl Default for HetznerFixtures {
    fn default() -> Self {
        Self {
            tokens: vec![TokenFixture {
                token: DEFAULT_TOKEN.to_string(),
                read_only: false,
            }],
            currency: "EUR".to_string(),
            vat_rate: "19.00".to_string(),
            locations: catalog::locations(),
            server_types: catalog::server_types(),
            images: catalog::images(),
            ssh_keys: Vec::new(),
            servers: Vec::new(),
            rate_limit_per_hour: 3600,
            default_action_ms: 1000,
            action_ms: catalog::action_ms(),
            shutdown_delay_ms: 2000,
        }
    }
}

impl HetznerFixtures {
    /// Make every action (and the shutdown delay) take `ms` (tests use small values).
    pub fn with_action_ms(mut self, ms: u64) -> Self {
        self.default_action_ms = ms;
        self.action_ms.clear();
        self.shutdown_delay_ms = ms;
        self
    }

    /// Set the hourly request budget.
    pub fn with_rate_limit(mut self, per_hour: u32) -> Self {
        self.rate_limit_per_hour = per_hour;
        self
    }

    /// Duration of an action with this command.
    pub fn action_duration(&self, command: &str) -> u64 {
        self.action_ms
            .get(command)
            .copied()
            .unwrap_or(self.default_action_ms)
            .max(1)
    }

    /// Check the references between fixtures (prices name known locations, servers name known
    /// types/images/locations, names are unique). Returns a message naming the bad entry.
    pub fn validate(&self) -> Result<(), String> {
        let loc = |n: &str| self.locations.iter().any(|l| l.name == n);
        for t in &self.server_types {
            for p in &t.prices {
                if !loc(&p.location) {
                    return Err(format!(
                        "hetzner.server_types[{}].prices: unknown location `{}`",
                        t.name, p.location
                    ));
                }
            }
            for u in &t.unavailable {
                if !loc(u) {
                    return Err(format!(
                        "hetzner.server_types[{}].unavailable: unknown location `{u}`",
                        t.name
                    ));
                }
            }
        }
        for s in &self.servers {
            if !self.server_types.iter().any(|t| t.name == s.server_type) {
                return Err(format!(
                    "hetzner.servers[{}]: unknown server_type `{}`",
                    s.name, s.server_type
                ));
            }
            if !self.images.iter().any(|i| i.name == s.image) {
                return Err(format!(
                    "hetzner.servers[{}]: unknown image `{}`",
                    s.name, s.image
                ));
            }
            if !loc(&s.location) {
                return Err(format!(
                    "hetzner.servers[{}]: unknown location `{}`",
                    s.name, s.location
                ));
            }
        }
        if self.tokens.is_empty() {
            return Err("hetzner.tokens: at least one token is needed".to_string());
        }
        Ok(())
    }
}

/// An API token. Its Debug output hides the secret.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TokenFixture {
    /// The bearer token.
    pub token: String,
    /// A read-only token may only GET (`401 token_readonly` otherwise).
    #[serde(default)]
    pub read_only: bool,
}

impl fmt::Debug for TokenFixture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenFixture")
            .field("token", &"<redacted>")
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// A location and its datacenter.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocationFixture {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub country: String,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub network_zone: String,
    /// The datacenter served in the legacy `datacenter` object and `/datacenters`.
    pub datacenter: DatacenterFixture,
}

/// A datacenter (legacy API object, still read by hcloud-cli 1.30.3).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatacenterFixture {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// A server type.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServerTypeFixture {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub cores: u32,
    pub memory: f64,
    pub disk: u32,
    /// `local` or `network`.
    pub storage_type: String,
    /// `shared` or `dedicated`.
    pub cpu_type: String,
    pub category: String,
    /// `x86` or `arm`.
    pub architecture: String,
    /// One entry per location where the type is sold.
    pub prices: Vec<PriceFixture>,
    /// Locations where the type is sold out (`412 resource_unavailable` on create).
    #[serde(default)]
    pub unavailable: Vec<String>,
}

impl ServerTypeFixture {
    /// The price entry for a location, if the type is sold there.
    pub fn price_in(&self, location: &str) -> Option<&PriceFixture> {
        self.prices.iter().find(|p| p.location == location)
    }

    /// Sold in this location and not sold out.
    pub fn available_in(&self, location: &str) -> bool {
        self.price_in(location).is_some() && !self.unavailable.iter().any(|u| u == location)
    }
}

/// Net prices (decimal strings) of a server type in one location.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PriceFixture {
    pub location: String,
    pub hourly_net: String,
    pub monthly_net: String,
    /// Included outgoing traffic in bytes.
    pub included_traffic: u64,
    pub per_tb_traffic_net: String,
}

/// A system image.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImageFixture {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub os_flavor: String,
    pub os_version: String,
    /// `x86` or `arm`.
    pub architecture: String,
    pub disk_size: f64,
    pub image_size: Option<f64>,
    /// RFC 3339 time since which the image is deprecated.
    #[serde(default)]
    pub deprecated: Option<String>,
    pub created: String,
}

/// An SSH key present at genesis.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SshKeyFixture {
    pub name: String,
    pub public_key: String,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// A server present at genesis.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServerFixture {
    pub name: String,
    pub server_type: String,
    pub image: String,
    pub location: String,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// `running` (default) or `off`.
    #[serde(default = "running")]
    pub status: String,
}

fn running() -> String {
    "running".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_section_gives_the_stock_catalog() {
        let f: HetznerFixtures = serde_json::from_str("{}").unwrap();
        assert_eq!(f, HetznerFixtures::default());
        f.validate().unwrap();
        assert!(f.server_types.iter().any(|t| t.name == "cx22"));
        assert_eq!(f.locations.len(), 6);
    }

    #[test]
    fn unknown_keys_are_refused() {
        let e = serde_json::from_str::<HetznerFixtures>(r#"{"tokenz": []}"#).unwrap_err();
        assert!(e.to_string().contains("tokenz"), "{e}");
    }

    #[test]
    fn bad_reference_is_named() {
        let mut f = HetznerFixtures::default();
        f.servers.push(ServerFixture {
            name: "a".into(),
            server_type: "cx99".into(),
            image: "ubuntu-24.04".into(),
            location: "fsn1".into(),
            labels: BTreeMap::new(),
            status: running(),
        });
        assert!(f.validate().unwrap_err().contains("cx99"));
    }

    #[test]
    fn token_debug_is_redacted() {
        let f = HetznerFixtures::default();
        assert!(!format!("{f:?}").contains(DEFAULT_TOKEN));
    }
}
