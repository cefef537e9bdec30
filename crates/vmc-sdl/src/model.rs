//! The typed SDL model: what a valid SDL says, in document order, with values already converted
//! (CPU in millicores, sizes in bytes, prices as normalized decimal text).
//!
//! Every item keeps the `path` it was read from (`services.web`, `profiles.compute.web`, …) so
//! later checks can point at the source through [`crate::Sdl::locate`].

use crate::groups::Attribute;

/// SDL `version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SdlVersion {
    V2_0,
    V2_1,
}

impl SdlVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            SdlVersion::V2_0 => "2.0",
            SdlVersion::V2_1 => "2.1",
        }
    }
}

/// `services.<name>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub image: String,
    pub command: Option<Vec<String>>,
    pub args: Option<Vec<String>>,
    pub env: Option<Vec<String>>,
    pub expose: Vec<Expose>,
    pub dependencies: Vec<String>,
    pub params: Option<ServiceParams>,
    pub credentials: Option<Credentials>,
}

/// One `expose` item.
#[derive(Debug, Clone, PartialEq)]
pub struct Expose {
    pub port: u32,
    /// `as`.
    pub external_port: Option<u32>,
    /// `proto` as written (`tcp`, `UDP`, …); `None` means TCP.
    pub proto: Option<String>,
    /// `to`; `None` when absent.
    pub to: Option<Vec<ExposeTo>>,
    pub accept: Option<Vec<String>>,
    pub http_options: Option<HttpOptions>,
}

impl Expose {
    /// `TCP` or `UDP`.
    pub fn proto_upper(&self) -> String {
        match &self.proto {
            Some(p) if !p.is_empty() => p.to_ascii_uppercase(),
            _ => "TCP".into(),
        }
    }
    /// `as`, else `port`.
    pub fn effective_port(&self) -> u32 {
        self.external_port.filter(|p| *p != 0).unwrap_or(self.port)
    }
}

/// One `expose[].to` item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExposeTo {
    pub global: bool,
    pub service: Option<String>,
    pub ip: Option<String>,
}

/// `expose[].http_options`; absent fields take the defaults when the manifest is built.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpOptions {
    pub max_body_size: Option<u64>,
    pub read_timeout: Option<u64>,
    pub send_timeout: Option<u64>,
    pub next_tries: Option<u64>,
    pub next_timeout: Option<u64>,
    pub next_cases: Option<Vec<String>>,
    pub proxy_buffer_size: Option<u64>,
}

/// `services.<name>.params`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceParams {
    /// Volume name → mount, in document order.
    pub storage: Vec<StorageParam>,
    pub permissions: Option<Permissions>,
    pub tee: Option<TeeType>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StorageParam {
    pub volume: String,
    pub mount: Option<String>,
    pub read_only: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Permissions {
    pub read: Option<Vec<String>>,
}

/// Confidential computing (`params.tee`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeeType {
    Cpu,
    CpuGpu,
}

impl TeeType {
    pub fn as_str(self) -> &'static str {
        match self {
            TeeType::Cpu => "cpu",
            TeeType::CpuGpu => "cpu-gpu",
        }
    }
}

/// Private registry credentials (they go to the provider in the manifest, never on chain).
#[derive(Clone, PartialEq)]
pub struct Credentials {
    pub host: String,
    pub username: String,
    pub password: String,
    pub email: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("host", &self.host)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("email", &self.email)
            .finish()
    }
}

/// `profiles.compute.<name>`.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputeProfile {
    pub name: String,
    pub cpu: CpuSpec,
    pub memory: Size,
    /// In SDL order.
    pub storage: Vec<Volume>,
    /// `storage` was written as one mapping (`storage: {size: 1Gi}`), not a list. The Go SDK
    /// names such a volume `default` whatever its `name` says; the TS SDK keeps the name.
    pub storage_is_map: bool,
    pub gpu: GpuSpec,
}

impl ComputeProfile {
    /// Where volume `i` is written: `profiles.compute.<name>.resources.storage` for the
    /// single-mapping form, `…storage[i]` for a list.
    pub fn volume_path(&self, i: usize) -> String {
        if self.storage_is_map {
            format!("profiles.compute.{}.resources.storage", self.name)
        } else {
            format!("profiles.compute.{}.resources.storage[{i}]", self.name)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CpuSpec {
    /// Millicores.
    pub millicores: u64,
    /// Sorted by key.
    pub attributes: Vec<Attribute>,
}

/// A memory or storage size: the text written and its value in bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Size {
    pub text: String,
    /// The exact product before rounding (TS rounds up, Go truncates).
    pub raw: f64,
}

impl Size {
    /// Bytes, rounded the way the convention does it.
    pub fn bytes(&self, conv: crate::Convention) -> u64 {
        let v = match conv {
            crate::Convention::Ts => self.raw.ceil(),
            crate::Convention::Go => self.raw.trunc(),
        };
        if v <= 0.0 {
            0
        } else if v >= u64::MAX as f64 {
            u64::MAX
        } else {
            v as u64
        }
    }
}

/// One storage volume of a compute profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    /// `default` when not written.
    pub name: String,
    pub size: Size,
    /// `attributes` as written (`class`, `persistent`), values as text; `None` when absent.
    pub attributes: Option<Vec<Attribute>>,
}

impl Volume {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .as_ref()?
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }
    /// `persistent` is true (`true`, `"true"`, `yes`, `on`, `1`).
    pub fn is_persistent(&self) -> bool {
        self.attribute("persistent").is_some_and(truthy)
    }
    pub fn class(&self) -> Option<&str> {
        self.attribute("class")
    }
}

pub(crate) fn truthy(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "yes" | "on" | "1" | "y"
    )
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GpuSpec {
    pub units: u64,
    /// `attributes.vendor`: vendor → models (`None` = any model), vendors sorted.
    pub vendors: Option<Vec<GpuVendor>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GpuVendor {
    pub name: String,
    pub models: Option<Vec<GpuModel>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GpuModel {
    pub model: String,
    pub ram: Option<String>,
    pub interface: Option<String>,
}

/// `profiles.placement.<name>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub name: String,
    /// As written (values as text); `None` when absent.
    pub attributes: Option<Vec<Attribute>>,
    pub signed_by: Option<SignedByDef>,
    /// Compute profile → price, in SDL order.
    pub pricing: Vec<Price>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignedByDef {
    pub any_of: Option<Vec<String>>,
    pub all_of: Option<Vec<String>>,
}

/// A price per replica per block.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    pub profile: String,
    pub denom: String,
    /// Normalized decimal text (`"1000"`, `"0.5"`).
    pub amount: String,
}

/// One `deployment.<service>.<placement>` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentEntry {
    pub service: String,
    pub placement: String,
    pub profile: String,
    pub count: u32,
}

/// `endpoints.<name>` (only `kind: ip` exists).
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointDecl {
    pub name: String,
}
