//! Networks vmc knows by name, and which endpoints it will talk to.
//!
//! `mainnet` is `akashnet-2`, `sandbox` is `sandbox-2`, and `testnet` is accepted as the name
//! the original design used for the sandbox (its `https://api.sandbox.akash.network`): it
//! resolves to `sandbox`, and [`Network::resolve`] says so, so the caller can tell the user.
//! `local` is the vmc devnet.

use url::Url;

use crate::ClientError;

/// The names `resolve` accepts.
pub const NAMES: &[&str] = &["local", "mainnet", "sandbox", "testnet"];

/// A network name resolved to its preset (from `vmc_config::NETWORKS`, the one table of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    pub preset: &'static vmc_config::NetworkDefaults,
    /// Set when the name given was an alias (`testnet` → `sandbox`): the name that was given.
    pub alias_of: Option<&'static str>,
}

impl Network {
    /// `local`, `mainnet`, `sandbox`, or `testnet` (= `sandbox`). `None` for anything else.
    pub fn resolve(name: &str) -> Option<Network> {
        let (canonical, alias_of) = match name {
            "testnet" => ("sandbox", Some("testnet")),
            n => (n, None),
        };
        let preset = vmc_config::network_defaults(canonical)?;
        Some(Network { preset, alias_of })
    }

    /// The canonical name (`sandbox` for `testnet`).
    pub fn name(&self) -> &'static str {
        self.preset.name
    }
}

/// Parses an endpoint and applies the transport rule: HTTPS anywhere; plain HTTP only to a
/// loopback address (`127.0.0.0/8`, `::1`, `localhost`) unless `allow_insecure` is set.
pub fn endpoint_url(endpoint: &str, allow_insecure: bool) -> Result<Url, ClientError> {
    let bad = |reason: &str| ClientError::Endpoint {
        endpoint: vmc_http::redact::url_str(endpoint),
        reason: reason.to_string(),
    };
    let url = Url::parse(endpoint.trim()).map_err(|e| bad(&format!("{e}")))?;
    if url.host().is_none() {
        return Err(bad("it names no host"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_insecure || is_loopback(&url) => Ok(url),
        "http" => Err(bad(
            "plain HTTP is allowed only to a loopback address; use https:// (or --allow-insecure-http)",
        )),
        s => Err(bad(&format!("scheme `{s}` is not http or https"))),
    }
}

/// True when the URL's host is a loopback address.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(a)) => a.is_loopback(),
        Some(url::Host::Ipv6(a)) => a.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_alias() {
        assert_eq!(
            Network::resolve("mainnet").unwrap().preset.chain_id,
            "akashnet-2"
        );
        let t = Network::resolve("testnet").unwrap();
        assert_eq!(t.name(), "sandbox");
        assert_eq!(t.preset.chain_id, "sandbox-2");
        assert_eq!(t.alias_of, Some("testnet"));
        assert!(Network::resolve("devnet").is_none());
    }

    #[test]
    fn http_only_to_loopback() {
        assert!(endpoint_url("https://api.example:443", false).is_ok());
        assert!(endpoint_url("http://127.0.0.1:26680", false).is_ok());
        assert!(endpoint_url("http://localhost:1317", false).is_ok());
        assert!(endpoint_url("http://[::1]:1317", false).is_ok());
        let e = endpoint_url("http://node.example:1317", false).unwrap_err();
        assert!(e.to_string().contains("loopback"), "{e}");
        assert!(endpoint_url("http://node.example:1317", true).is_ok());
        assert!(endpoint_url("ftp://x", false).is_err());
        assert!(endpoint_url("not a url", false).is_err());
    }
}
