//! Pure Akash SDL engine: parse, validate, groups, manifest, hash, eligibility.
//!
//! An SDL file goes through four steps, all without I/O:
//!
//! 1. [`parse`] loads the YAML (as `js-yaml` does: YAML 1.2 core schema, bounded size, depth
//!    and alias expansion), checks its structure and every semantic rule, and returns a typed
//!    [`Sdl`] or **all** the problems as [`Diagnostics`] (rule id, path, line/column, fix).
//! 2. [`Sdl::groups`] builds the on-chain [`GroupSpec`]s.
//! 3. [`Sdl::manifest`] builds the provider [`Manifest`]; [`Manifest::canonical_json`] is the exact
//!    text the provider hashes and [`Manifest::hash`] the 32-byte deployment hash.
//! 4. [`lint`] finds things that are valid but probably wrong.
//!
//! The TypeScript SDK's output is the default ([`Convention::Ts`]); [`Convention::Go`] follows the
//! Go SDL code (`provider-services`), which differs in corner cases (`akash-protocol.md` §6.9).
//!
//! Public API in short: [`parse`], [`parse_bytes`], [`parse_with_limits`] → [`Sdl`]
//! (fields `services`, `compute`, `placements`, `deployment`, `endpoints`, `reclamation`;
//! [`Sdl::groups`], [`Sdl::manifest`], [`Sdl::groups_and_manifest`],
//! [`Sdl::reclamation_seconds`], [`Sdl::locate`]); [`Manifest::canonical_json`],
//! [`Manifest::hash`], [`Manifest::hash_hex`]; [`lint`]; [`Diagnostic`] / [`Diagnostics`];
//! the typed model in [`model`]; eligibility matching in [`eligibility`].
//!
//! ```
//! let sdl = vmc_sdl::parse(r#"
//! version: "2.1"
//! services:
//!   web:
//!     image: nginx:1.27.0
//!     expose:
//!       - port: 80
//!         to: [{global: true}]
//! profiles:
//!   compute:
//!     web: {resources: {cpu: {units: 0.5}, memory: {size: 512Mi}, storage: {size: 1Gi}}}
//!   placement:
//!     dc: {pricing: {web: {denom: uact, amount: 1000}}}
//! deployment:
//!   web: {dc: {profile: web, count: 1}}
//! "#).unwrap();
//! let groups = sdl.groups(vmc_sdl::Convention::Ts);
//! assert_eq!(groups[0].resources[0].resource.cpu.units, 500);
//! let manifest = sdl.manifest(vmc_sdl::Convention::Ts);
//! assert!(manifest.canonical_json().starts_with(r#"[{"name":"dc","services":[{"args":null"#));
//! assert_eq!(manifest.hash().len(), 32);
//! ```

mod build;
mod collate;
mod convention;
pub mod diag;
pub mod eligibility;
pub mod groups;
mod lint;
pub mod manifest;
pub mod model;
mod parse;
mod suggest;
mod units;
mod validate;
pub mod yaml;

pub use diag::{Diagnostic, Diagnostics, Severity};
pub use groups::GroupSpec;
pub use lint::lint;
pub use manifest::Manifest;
pub use model::*;
pub use yaml::{Limits, Span};

use parse::{Cx, SourceIndex};

/// Which reference implementation's output to reproduce where the two differ
/// (`akash-protocol.md` §6.9). Validation is the same for both; only the built groups and
/// manifest differ. With [`Convention::Go`]:
///
/// * SDL 2.0 services sharing a compute profile in a placement get one resource unit each
///   (TS always merges them, like 2.1);
/// * merged 2.1 units sort their endpoints by sequence number only (TS: by kind, then number);
/// * IP endpoint sequence numbers also count non-global `to` entries (TS: only global + ip);
/// * an `expose` without `to` gives one non-global manifest expose (TS: none);
/// * storage volumes are sorted (size, persistence, name) and their attributes normalised
///   (`persistent` as true/false); TS keeps the SDL order;
/// * GPU `ram` is re-rendered as whole `Gi`, GPU attributes sorted (TS: models in SDL order);
/// * names sort byte-wise (TS: `localeCompare`); sizes are truncated (TS: rounded up);
/// * credentials are trimmed in 2.1 and lose `email` in 2.0;
/// * the canonical JSON escapes U+2028/U+2029 and omits an empty `nextCases`;
/// * the volume of a single-mapping `storage` is named `default`, whatever its `name`.
///
/// Go also refuses a few SDLs that TS accepts (case-insensitive size units, a service mounting
/// the renamed volume by its written name): [`Sdl::check_convention`] reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Convention {
    /// `@akashnetwork/chain-sdk` (TypeScript, used by Akash Console). The default.
    #[default]
    Ts,
    /// `pkg.akt.dev/go/sdl` (Go, used by `provider-services` and `akt`).
    Go,
}

impl std::str::FromStr for Convention {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ts" | "typescript" => Ok(Convention::Ts),
            "go" => Ok(Convention::Go),
            other => Err(format!("unknown convention `{other}` (use `ts` or `go`)")),
        }
    }
}

/// A valid SDL.
#[derive(Debug, Clone)]
pub struct Sdl {
    pub version: SdlVersion,
    /// In document order.
    pub services: Vec<Service>,
    pub compute: Vec<ComputeProfile>,
    pub placements: Vec<Placement>,
    pub deployment: Vec<DeploymentEntry>,
    pub endpoints: Vec<EndpointDecl>,
    /// `reclamation.min_window` as written and in seconds.
    pub reclamation: Option<(String, u64)>,
    index: SourceIndex,
}

/// Parses and validates SDL text with the default [`Limits`].
pub fn parse(text: &str) -> Result<Sdl, Diagnostics> {
    parse_with_limits(text, &Limits::default())
}

/// Parses raw bytes: refuses non-UTF-8 input with the place of the first bad byte.
pub fn parse_bytes(bytes: &[u8]) -> Result<Sdl, Diagnostics> {
    let limits = Limits::default();
    if let Err(e) = yaml::check_size(bytes.len(), &limits) {
        return Err(one_error("too-large", e.span, e.message, e.hint));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_with_limits(text, &limits),
        Err(e) => {
            let at = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..at]).unwrap_or("");
            let (line, column) = yaml::line_col(prefix, at);
            Err(one_error(
                "not-utf8",
                Span {
                    start: at,
                    end: at + 1,
                    line,
                    column,
                },
                format!(
                    "the file is not UTF-8 text (bad byte 0x{:02x} at offset {at})",
                    bytes[at]
                ),
                "save the file as UTF-8".into(),
            ))
        }
    }
}

/// A whole-document error (no path): what refused the file before there was a tree to point into.
fn one_error(rule: &'static str, span: Span, message: String, hint: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic::new(
        Severity::Error,
        rule,
        span,
        String::new(),
        message,
        Some(hint),
    )])
}

/// Parses and validates SDL text with explicit limits.
pub fn parse_with_limits(text: &str, limits: &Limits) -> Result<Sdl, Diagnostics> {
    let root = match yaml::load(text, limits) {
        Ok(r) => r,
        Err(e) => {
            let rule = if e.message.starts_with("YAML syntax") {
                "yaml-syntax"
            } else {
                "yaml-limit"
            };
            let rule = if e.message.starts_with("duplicate key") {
                "duplicate-key"
            } else {
                rule
            };
            return Err(one_error(rule, e.span, e.message, e.hint));
        }
    };
    let mut cx = Cx::new(&root);
    let mut parsed = parse::parse_document(&mut cx, &root);
    let sdl = Sdl {
        version: parsed.version.unwrap_or(SdlVersion::V2_1),
        services: std::mem::take(&mut parsed.services),
        compute: std::mem::take(&mut parsed.compute),
        placements: std::mem::take(&mut parsed.placements),
        deployment: std::mem::take(&mut parsed.deployment),
        endpoints: std::mem::take(&mut parsed.endpoints),
        reclamation: parsed.reclamation.take(),
        index: SourceIndex::default(),
    };
    validate::validate(&mut cx, &parsed, &sdl);
    let mut diags = cx.diags;
    if diags.is_empty() && parsed.version.is_some() {
        Ok(Sdl {
            index: SourceIndex::new(root),
            ..sdl
        })
    } else {
        diags.sort_by(|a, b| (a.start, a.rule).cmp(&(b.start, b.rule)));
        diags.dedup();
        Err(Diagnostics(diags))
    }
}

impl Sdl {
    /// The on-chain groups, one per placement, sorted by name.
    pub fn groups(&self, conv: Convention) -> Vec<GroupSpec> {
        build::build_groups(self, conv).groups
    }

    /// The provider manifest.
    pub fn manifest(&self, conv: Convention) -> Manifest {
        build::build(self, conv).manifest
    }

    /// Groups and manifest in one pass (they must come from the same convention).
    pub fn groups_and_manifest(&self, conv: Convention) -> (Vec<GroupSpec>, Manifest) {
        let b = build::build(self, conv);
        (b.groups, b.manifest)
    }

    /// The errors `conv`'s SDK adds to the shared validation: none for [`Convention::Ts`],
    /// whose rules [`parse`] applies; for [`Convention::Go`], size units it reads
    /// case-sensitively and services that mount a single-mapping volume by a name Go drops.
    pub fn check_convention(&self, conv: Convention) -> Result<(), Diagnostics> {
        let problems = convention::problems(self, conv);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// `reclamation.min_window` in seconds (`MsgCreateDeployment.reclamation`); not in the manifest.
    pub fn reclamation_seconds(&self) -> Option<u64> {
        self.reclamation.as_ref().map(|r| r.1)
    }

    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
    pub fn compute_profile(&self, name: &str) -> Option<&ComputeProfile> {
        self.compute.iter().find(|s| s.name == name)
    }
    pub fn placement(&self, name: &str) -> Option<&Placement> {
        self.placements.iter().find(|s| s.name == name)
    }

    /// Where `path` (e.g. `services.web.expose[0].port`) is in the source: the value's span, or
    /// that of its nearest ancestor.
    pub fn locate(&self, path: &str) -> Span {
        self.index.value_span(path)
    }

    /// Where the key that names `path` is in the source.
    pub fn locate_key(&self, path: &str) -> Span {
        self.index.key_span(path)
    }

    /// A diagnostic about a valid SDL, placed at `path`'s key (`at_key`) or value.
    pub(crate) fn diagnostic(
        &self,
        severity: Severity,
        rule: &'static str,
        path: String,
        at_key: bool,
        message: String,
        hint: String,
    ) -> Diagnostic {
        let span = if at_key {
            self.locate_key(&path)
        } else {
            self.locate(&path)
        };
        Diagnostic::new(severity, rule, span, path, message, Some(hint))
    }
}
