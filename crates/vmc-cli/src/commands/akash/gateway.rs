//! The provider side of the reads: a JWT for the owner (when vmc holds the owner's key), the
//! provider's gateway client (TLS checked against its on-chain certificate), and the lease
//! status in the documented shape.

use serde::{Deserialize, Serialize};
use vmc_akash_client::gateway::{
    GatewayAuth, GatewayClient, GatewayError, GatewayOptions, LeaseStatus, Trust,
};

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
        // A read-only wallet (an address only) signs nothing, not even with the devnet's key.
        if crate::settings::env_var(vmc_config::env::AKASH_WALLET_ADDRESS).is_some()
            && crate::settings::env_var(vmc_config::env::AKASH_MNEMONIC).is_none()
            && ctx.settings.context.wallet.is_none()
        {
            return Auth::NoKey(
                "AKASH_WALLET_ADDRESS names an address only: there is no key to sign a JWT".into(),
            );
        }
        let key = match crate::commands::wallet::source::resolve_source(ctx, None, false) {
            Ok(_) => crate::commands::wallet::source::load_signing_key(ctx, None),
            Err(e) => Err(e),
        };
        match key {
            Ok(k)
                if k.address() == owner
                    && ctx.settings.network.value == "local"
                    && !crate::commands::wallet::source::is_devnet_test_key(owner) =>
            {
                Auth::NoKey(
                    "on network `local` vmc gives the devnet no JWT of a real wallet".into(),
                )
            }
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

impl ProviderProblem {
    fn of(e: &GatewayError) -> ProviderProblem {
        let kind = match e {
            GatewayError::Unreachable { .. } | GatewayError::Timeout { .. } => "unreachable",
            GatewayError::Unauthorized { .. } | GatewayError::Tls { .. } => "refused",
            GatewayError::NotFound { .. } => "no-manifest",
            _ => "error",
        };
        ProviderProblem {
            kind,
            message: e.to_string(),
        }
    }
}

/// A gateway client for `provider`: its host URI and valid certificates from the chain (the
/// TLS trust of §8.4), with `auth`.
pub fn client_for(
    s: &Session,
    provider: &str,
    auth: GatewayAuth,
) -> Result<GatewayClient, ProviderProblem> {
    let chain_problem = |e: vmc_akash_client::ClientError| ProviderProblem {
        kind: "error",
        message: e.to_string(),
    };
    let (p, trust) = s
        .block(async {
            tokio::try_join!(
                s.client.provider(provider),
                Trust::fetch(&s.client, provider)
            )
        })
        .map_err(chain_problem)?;
    GatewayClient::new(&p.host_uri, trust, auth, &GatewayOptions::default())
        .map_err(|e| ProviderProblem::of(&e))
}

/// The owner's credentials for the gateway, or why there are none.
pub fn owner_auth(auth: &Auth) -> Result<GatewayAuth, ProviderProblem> {
    match auth {
        Auth::NoKey(why) => Err(ProviderProblem {
            kind: "no-key",
            message: why.clone(),
        }),
        Auth::Jwt(t) => Ok(GatewayAuth::Jwt(t.clone())),
    }
}

/// The lease's status from its provider's gateway.
pub fn lease_services(
    s: &Session,
    auth: &Auth,
    lease: &LeaseView,
) -> Result<LeaseServices, ProviderProblem> {
    let dseq: u64 = lease.dseq.parse().unwrap_or(0);
    let client = client_for(s, &lease.provider, owner_auth(auth)?)?;
    let st = s
        .block(client.lease_status(dseq, lease.gseq, lease.oseq))
        .map_err(|e| ProviderProblem::of(&e))?;
    Ok(services_view(&st))
}

/// §8.2 lease status → the documented shape.
pub fn services_view(st: &LeaseStatus) -> LeaseServices {
    let n = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
    LeaseServices {
        services: st
            .services
            .iter()
            .map(|(name, x)| ServiceView {
                name: if x.name.is_empty() {
                    name.clone()
                } else {
                    x.name.clone()
                },
                uris: x.uris.clone(),
                ready: n(x.ready_replicas),
                total: n(x.total),
                available: n(x.available),
            })
            .collect(),
        forwarded_ports: st
            .forwarded_ports
            .iter()
            .flat_map(|(svc, ports)| {
                ports.iter().map(move |p| PortView {
                    service: svc.clone(),
                    host: p.host.clone(),
                    port: p.port,
                    external_port: p.external_port,
                    proto: p.proto.clone(),
                })
            })
            .collect(),
        ips: st
            .ips
            .iter()
            .flat_map(|(svc, ips)| {
                ips.iter().map(move |i| IpView {
                    service: svc.clone(),
                    ip: i.ip.clone(),
                    port: i.port,
                    external_port: i.external_port,
                    protocol: i.protocol.clone(),
                })
            })
            .collect(),
    }
}
