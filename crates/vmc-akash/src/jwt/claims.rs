//! JWT claims (chain-sdk `specs/jwt-schema.json`, `akash-protocol.md` §8.4).

use serde::{Deserialize, Serialize};

use super::JwtError;

/// The only claims version.
pub const VERSION: &str = "v1";

/// What the token grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Everything, on every provider.
    Full,
    /// The listed scopes.
    Scoped,
    /// Per provider (and optionally per deployment) permissions.
    Granular,
}

/// A provider API permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    SendManifest,
    GetManifest,
    Logs,
    Shell,
    Events,
    Status,
    Restart,
    HostnameMigrate,
    IpMigrate,
    Attestation,
}

/// `leases` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leases {
    pub access: Access,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<Scope>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<Permission>>,
}

/// One provider's permission in a `granular` token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    pub provider: String,
    pub access: Access,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<Scope>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployments: Option<Vec<DeploymentPermission>>,
}

/// Scopes on one deployment (optionally one group/order) and its services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentPermission {
    pub scope: Vec<Scope>,
    pub dseq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gseq: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oseq: Option<u32>,
    pub services: Vec<String>,
}

/// The claims of a provider token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// The tenant (lease owner) address.
    pub iss: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub version: String,
    pub leases: Leases,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

impl Leases {
    /// Full access.
    pub fn full() -> Leases {
        Leases {
            access: Access::Full,
            scope: None,
            permissions: None,
        }
    }
    /// The given scopes.
    pub fn scoped(scope: Vec<Scope>) -> Leases {
        Leases {
            access: Access::Scoped,
            scope: Some(scope),
            permissions: None,
        }
    }
    /// Per-provider permissions.
    pub fn granular(permissions: Vec<Permission>) -> Leases {
        Leases {
            access: Access::Granular,
            scope: None,
            permissions: Some(permissions),
        }
    }
}

fn check_scope(scope: &Option<Vec<Scope>>, access: Access, place: &str) -> Result<(), JwtError> {
    let bad = |r: &str| Err(JwtError::Claims(format!("{place}: {r}")));
    match (access, scope) {
        (Access::Scoped, None) => bad("`scoped` access needs a `scope` list"),
        (Access::Scoped, Some(s)) if s.is_empty() => bad("`scope` must not be empty"),
        (Access::Scoped, Some(s)) => {
            let mut u = s.clone();
            u.sort();
            u.dedup();
            if u.len() != s.len() {
                bad("`scope` entries must be unique")
            } else {
                Ok(())
            }
        }
        (_, Some(_)) => bad("`scope` is only allowed with `scoped` access"),
        _ => Ok(()),
    }
}

impl Claims {
    /// Schema checks: version, time order, access shapes, unique providers.
    pub fn validate(&self) -> Result<(), JwtError> {
        if self.version != VERSION {
            return Err(JwtError::Claims(format!(
                "version is `{}`, expected `{VERSION}`",
                self.version
            )));
        }
        crate::keys::validate_address(&self.iss, crate::keys::ACCOUNT_PREFIX)
            .map_err(|e| JwtError::Claims(format!("iss: {e}")))?;
        if !(self.nbf <= self.exp && self.iat <= self.exp) {
            return Err(JwtError::Claims("exp must be after iat and nbf".into()));
        }
        let l = &self.leases;
        check_scope(&l.scope, l.access, "leases")?;
        match (l.access, &l.permissions) {
            (Access::Granular, None) => {
                return Err(JwtError::Claims(
                    "leases: `granular` access needs `permissions`".into(),
                ));
            }
            (Access::Granular, Some(perms)) => {
                let mut seen = std::collections::BTreeSet::new();
                for (i, p) in perms.iter().enumerate() {
                    if !seen.insert(p.provider.as_str()) {
                        return Err(JwtError::Claims(format!(
                            "permissions[{i}]: provider repeated"
                        )));
                    }
                    crate::keys::validate_address(&p.provider, crate::keys::ACCOUNT_PREFIX)
                        .map_err(|e| JwtError::Claims(format!("permissions[{i}].provider: {e}")))?;
                    check_scope(&p.scope, p.access, &format!("permissions[{i}]"))?;
                    if p.access != Access::Granular && p.deployments.is_some() {
                        return Err(JwtError::Claims(format!(
                            "permissions[{i}]: `deployments` only with `granular` access"
                        )));
                    }
                }
            }
            (_, Some(_)) => {
                return Err(JwtError::Claims(
                    "leases: `permissions` only with `granular` access".into(),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}
