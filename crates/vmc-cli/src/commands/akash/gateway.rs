//! The provider side of the reads: a JWT for the owner (when vmc holds the owner's key), the
//! provider's gateway client (TLS checked against its on-chain certificate), and the lease
//! status in the documented shape.

use serde::{Deserialize, Serialize};

use super::chain::Session;
use super::view::LeaseView;
use crate::Ctx;

/// How vmc authenticates to providers for one owner.
pub enum Auth {
    /// A JWT signed by the owner's key, held in memory.
    Jwt(vmc_akash::jwt::Token),
    /// No key for this owner (read-only: `AKASH_WALLET_ADDRESS` or `--owner`): why.
    NoKey(String),
}

impl Auth {
    /// A JWT when the configured wallet is the owner; otherwise why there is none.
    pub fn for_owner(ctx: &Ctx, owner: &str) -> Auth {
        let key = match crate::commands::wallet::source::resolve_source(ctx, None, false) {
            Ok(_) => crate::commands::wallet::source::load_signing_key(ctx, None),
            Err(e) => Err(e),
        };
        match key {
            Ok(k) if k.address() == owner => {
                let now = crate::clock::now().map(|t| t.unix_timestamp()).unwrap_or(0);
                let claims =
                    vmc_akash::jwt::default_claims(owner, now, vmc_akash::jwt::Leases::full());
                match vmc_akash::jwt::issue(&k, &claims, vmc_akash::jwt::Alg::Es256k) {
                    Ok(t) => Auth::Jwt(t),
                    Err(e) => Auth::NoKey(format!("could not sign a JWT: {e}")),
                }
            }
            Ok(k) => Auth::NoKey(format!(
                "the wallet's key is {}, not the owner's; providers answer only the owner",
                k.address()
            )),
            Err(e) => Auth::NoKey(format!(
                "the lease status needs the owner's key (a JWT): {}",
                e.message
            )),
        }
    }
}

/// What a provider says about a lease (§8.2), in the documented shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseServices {
    pub services: Vec<ServiceView>,
    pub forwarded_ports: Vec<PortView>,
    pub ips: Vec<IpView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceView {
    pub name: String,
    pub uris: Vec<String>,
    /// Replicas ready.
    pub ready: u32,
    /// Replicas wanted.
    pub total: u32,
    pub available: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortView {
    pub service: String,
    pub host: String,
    pub port: u32,
    pub external_port: u32,
    pub proto: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpView {
    pub service: String,
    pub ip: String,
    pub port: u32,
    pub external_port: u32,
    pub protocol: String,
}

/// Why the provider part is missing.
pub struct ProviderProblem {
    /// `unreachable`, `refused`, `no-manifest`, `no-key` or `error`.
    pub kind: &'static str,
    pub message: String,
}

/// The lease's status from its provider's gateway.
pub fn lease_services(
    _s: &Session,
    auth: &Auth,
    _lease: &LeaseView,
) -> Result<LeaseServices, ProviderProblem> {
    match auth {
        Auth::NoKey(why) => Err(ProviderProblem {
            kind: "no-key",
            message: why.clone(),
        }),
        Auth::Jwt(_) => Err(ProviderProblem {
            kind: "error",
            message: "the gateway client is not wired in yet".into(),
        }),
    }
}
