//! Typed answers of the gateway: `/version`, `/status` (§8.1) and the lease status (§8.2).
//! Fields the provider may leave out default; unknown fields are kept in `extra` so that a
//! newer provider's answer still decodes and nothing is lost when re-printed. Go's `null`
//! maps and lists read as empty.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `GET /version`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderVersion {
    #[serde(default, deserialize_with = "null_default")]
    pub akash: AkashVersion,
    #[serde(default, deserialize_with = "null_default")]
    pub kube: KubeVersion,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The provider software's version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AkashVersion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The Kubernetes version of the provider's cluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KubeVersion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor: Option<String>,
    #[serde(
        rename = "gitVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub git_version: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /status`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderStatus {
    #[serde(default, deserialize_with = "null_default")]
    pub cluster: ClusterStatus,
    #[serde(default, deserialize_with = "null_default")]
    pub bidengine: BidEngineStatus,
    #[serde(default, deserialize_with = "null_default")]
    pub manifest: ManifestStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_public_hostname: Option<String>,
    /// Nanoseconds, when the provider reclaims resources of leases that ran out of funds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reclamation_window: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `status.cluster`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterStatus {
    /// A count (`n`), or an object of counts in some provider versions; see
    /// [`ClusterStatus::active_leases`].
    #[serde(default)]
    pub leases: Value,
    #[serde(default)]
    pub inventory: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ClusterStatus {
    /// The number of active leases: `leases` as a number, or its `active` member.
    pub fn active_leases(&self) -> Option<u64> {
        self.leases
            .as_u64()
            .or_else(|| self.leases.get("active").and_then(Value::as_u64))
    }
}

/// `status.bidengine`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BidEngineStatus {
    #[serde(default)]
    pub orders: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `status.manifest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ManifestStatus {
    #[serde(default)]
    pub deployments: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /lease/{dseq}/{gseq}/{oseq}/status` (§8.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeaseStatus {
    #[serde(default, deserialize_with = "null_default")]
    pub services: BTreeMap<String, ServiceStatus>,
    #[serde(default, deserialize_with = "null_default")]
    pub forwarded_ports: BTreeMap<String, Vec<ForwardedPortStatus>>,
    #[serde(default, deserialize_with = "null_default")]
    pub ips: BTreeMap<String, Vec<LeasedIpStatus>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub errors: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LeaseStatus {
    /// True when every service has all its replicas ready.
    pub fn all_ready(&self) -> bool {
        !self.services.is_empty()
            && self
                .services
                .values()
                .all(|s| s.total > 0 && s.ready_replicas >= s.total)
    }
}

/// One service of a lease.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceStatus {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub available: i64,
    #[serde(default)]
    pub total: i64,
    /// Host names of the HTTP ingress.
    #[serde(default, deserialize_with = "null_default")]
    pub uris: Vec<String>,
    #[serde(default)]
    pub observed_generation: i64,
    #[serde(default)]
    pub replicas: i64,
    #[serde(default)]
    pub updated_replicas: i64,
    #[serde(default)]
    pub ready_replicas: i64,
    #[serde(default)]
    pub available_replicas: i64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A global non-HTTP expose: where the container port is reachable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ForwardedPortStatus {
    #[serde(default)]
    pub host: String,
    /// The container port.
    #[serde(default)]
    pub port: u32,
    /// The node port actually assigned.
    #[serde(rename = "externalPort", default)]
    pub external_port: u32,
    #[serde(default)]
    pub proto: String,
    #[serde(default)]
    pub name: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A leased IP endpoint (Go struct without JSON tags: capitalized keys).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeasedIpStatus {
    #[serde(rename = "Port", default)]
    pub port: u32,
    #[serde(rename = "ExternalPort", default)]
    pub external_port: u32,
    #[serde(rename = "Protocol", default)]
    pub protocol: String,
    #[serde(rename = "IP", default)]
    pub ip: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lease_status_of_section_8_2() {
        let v: LeaseStatus = serde_json::from_value(serde_json::json!({
            "services": {"web": {"name": "web", "available": 1, "total": 1, "uris": null,
                "observed_generation": 1, "replicas": 1, "updated_replicas": 1,
                "ready_replicas": 1, "available_replicas": 1}},
            "forwarded_ports": {"db": [{"host": "p.example", "port": 5432,
                "externalPort": 31234, "proto": "TCP", "name": "db"}]},
            "ips": {"db": [{"Port": 5432, "ExternalPort": 5432, "Protocol": "TCP",
                "IP": "203.0.113.7"}]},
            "new_field": true
        }))
        .unwrap();
        assert!(v.all_ready());
        assert!(v.services["web"].uris.is_empty());
        assert_eq!(v.forwarded_ports["db"][0].external_port, 31234);
        assert_eq!(v.ips["db"][0].ip, "203.0.113.7");
        assert_eq!(v.extra["new_field"], true);
        let none: LeaseStatus =
            serde_json::from_str(r#"{"services":null,"forwarded_ports":null,"ips":null}"#).unwrap();
        assert!(none.services.is_empty() && !none.all_ready());
    }
}
