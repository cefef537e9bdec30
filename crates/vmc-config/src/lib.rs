//! Config file schema, named contexts and the `VMC_*` environment variables.
//!
//! The config file is TOML, kept under the XDG config dir (`$XDG_CONFIG_HOME/vmc/config.toml`).
//! It names contexts; each context says which network to use, where its endpoints are and
//! *where* secrets come from (never the secrets themselves):
//!
//! ```
//! let cfg = vmc_config::Config::parse(r#"
//! current_context = "prod"
//! [contexts.prod]
//! network = "mainnet"
//! akash_rest = "https://rest.example"
//! wallet = { source = "keystore", name = "ops" }
//! hetzner_token = { source = "env" }
//! "#).unwrap();
//! assert_eq!(cfg.context("prod").unwrap().network.as_deref(), Some("mainnet"));
//! ```
//!
//! Resolution order, fixed for every setting: flag > environment > context > default. This crate
//! only describes the schema and the variable names; reading files and the environment happens in
//! the CLI.

pub mod env;
pub mod testing;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The context used when neither `--context` nor `VMC_CONTEXT` names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
}

/// One named context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// `local` (the devnet), `mainnet`, `sandbox` or `testnet`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Akash chain REST (gRPC-gateway) base URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub akash_rest: Option<String>,
    /// Akash CometBFT RPC base URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub akash_rpc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<String>,
    /// Gas price for fees, e.g. `0.025uakt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas_prices: Option<String>,
    /// Where the Akash wallet comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet: Option<SecretSource>,
    /// Hetzner Cloud API base URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hetzner_endpoint: Option<String>,
    /// Where the Hetzner API token comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hetzner_token: Option<SecretSource>,
}

/// Where a secret comes from. Never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "lowercase", deny_unknown_fields)]
pub enum SecretSource {
    /// An environment variable (`AKASH_MNEMONIC`, `HCLOUD_TOKEN`).
    Env,
    /// An entry of vmc's encrypted keystore.
    Keystore { name: String },
    /// An entry of the operating system's keyring.
    Keyring { name: String },
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A parse error. Only the position and message are kept: the source line could hold a
    /// secret that somebody pasted into the wrong place, so it is never echoed.
    #[error("line {line}, column {column}: {message}")]
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("could not write config: {0}")]
    Serialize(#[from] toml::ser::Error),
}

impl Config {
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            ConfigError::Parse {
                line,
                column,
                message: redact_quoted(e.message().trim()),
            }
        })
    }
    pub fn to_toml(&self) -> Result<String, ConfigError> {
        Ok(toml::to_string_pretty(self)?)
    }
    pub fn context(&self, name: &str) -> Option<&Context> {
        self.contexts.get(name)
    }
}

/// Replaces every double-quoted value in a parser message with `"…"`: values may be secrets
/// (key names are quoted with backticks and stay).
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let mut inside = true;
    for p in parts {
        if inside {
            out.push_str("\"…\"");
        } else {
            out.push_str(p);
        }
        inside = !inside;
    }
    out
}

/// Known networks and their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkDefaults {
    pub name: &'static str,
    pub chain_id: &'static str,
    pub akash_rest: &'static str,
    pub gas_prices: &'static str,
}

/// The devnet's default listen address (`vmc devnet up`).
pub const DEVNET_DEFAULT_ADDR: &str = "127.0.0.1:26680";

pub const NETWORKS: &[NetworkDefaults] = &[
    NetworkDefaults {
        name: "local",
        chain_id: "vmc-devnet-1",
        akash_rest: "http://127.0.0.1:26680",
        gas_prices: "0.025uakt",
    },
    NetworkDefaults {
        name: "mainnet",
        chain_id: "akashnet-2",
        akash_rest: "https://api.akashnet.net:443",
        gas_prices: "0.025uakt",
    },
    NetworkDefaults {
        name: "sandbox",
        chain_id: "sandbox-2",
        akash_rest: "https://api.sandbox-2.aksh.pw:443",
        gas_prices: "0.025uakt",
    },
    // The original design's `testnet` (https://api.sandbox.akash.network) is the sandbox.
    NetworkDefaults {
        name: "testnet",
        chain_id: "sandbox-2",
        akash_rest: "https://api.sandbox-2.aksh.pw:443",
        gas_prices: "0.025uakt",
    },
];

pub fn network_defaults(name: &str) -> Option<&'static NetworkDefaults> {
    NETWORKS.iter().find(|n| n.name == name)
}

/// The Hetzner Cloud API base URL outside the devnet.
pub const HETZNER_DEFAULT_ENDPOINT: &str = "https://api.hetzner.cloud/v1";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_keys_and_plain_secrets() {
        let err = Config::parse("[contexts.a]\nhetzner_token = \"abc-secret\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("line 2, column 17:"), "{text}");
        assert!(!text.contains("abc-secret"), "{text}");
        assert!(Config::parse("[contexts.a]\nmnemonic = \"abandon\"\n").is_err());
    }

    #[test]
    fn round_trips() {
        let mut cfg = Config {
            current_context: Some("x".into()),
            ..Default::default()
        };
        cfg.contexts.insert(
            "x".into(),
            Context {
                network: Some("local".into()),
                wallet: Some(SecretSource::Keystore { name: "dev".into() }),
                ..Default::default()
            },
        );
        let text = cfg.to_toml().unwrap();
        assert_eq!(Config::parse(&text).unwrap(), cfg);
    }
}
