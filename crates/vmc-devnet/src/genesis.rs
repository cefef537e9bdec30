//! The genesis file: chain id, start time, funded accounts, auditors, simulated providers,
//! module parameters and the opaque Hetzner section. `docs/devnet-genesis.md` documents it;
//! [`Genesis::default_embedded`] is the one `vmc devnet up` uses without `--genesis`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::keys;
use crate::state::{Account, Attr, Audit, ChainState, Params, Provider};

/// The development wallet of the devnet: the widely published Hardhat/Foundry test mnemonic.
/// It is public on purpose: never send real funds to its addresses. Account `dev` of the default
/// genesis is its key at m/44'/118'/0'/0/0, `dev-2` at …/1 and `dev-empty` at …/2.
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

const DEFAULT_GENESIS: &str = include_str!("../genesis/default.json");

#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    #[error("genesis is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("genesis: {0}")]
    Invalid(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Genesis {
    pub chain_id: String,
    /// RFC 3339; block 0's time and the manual clock's start in tests.
    pub genesis_time: String,
    #[serde(default)]
    pub params: Option<Params>,
    #[serde(default)]
    pub accounts: Vec<GenesisAccount>,
    #[serde(default)]
    pub auditors: Vec<GenesisAuditor>,
    #[serde(default)]
    pub providers: Vec<GenesisProvider>,
    /// Passed untouched to the Hetzner Cloud module.
    #[serde(default)]
    pub hetzner: serde_json::Value,
    /// The node's `application_version.version` in `/cosmos/base/tendermint/v1beta1/node_info`
    /// (default [`crate::rest::cosmos::APP_VERSION`]); e.g. `v0.38.0` makes the node claim a
    /// v1beta3-era chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAccount {
    #[serde(default)]
    pub name: Option<String>,
    /// Either an address …
    #[serde(default)]
    pub address: Option<String>,
    /// … or the index of a key of [`DEV_MNEMONIC`] (m/44'/118'/0'/0/<index>).
    #[serde(default)]
    pub dev_wallet: Option<u32>,
    /// Default: the next free number.
    #[serde(default)]
    pub account_number: Option<u64>,
    #[serde(default)]
    pub sequence: u64,
    /// Optional compressed secp256k1 public key (hex), as if the account had already signed a
    /// transaction (JWT tests need an on-chain key). Must match the address.
    #[serde(default)]
    pub pubkey: Option<String>,
    /// denom → integer amount (text).
    #[serde(default)]
    pub balances: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAuditor {
    pub name: String,
    pub address: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisProvider {
    pub name: String,
    /// Default: derived from the seed and the name.
    #[serde(default)]
    pub address: Option<String>,
    /// Default: `https://127.0.0.1:<8443 + index>` (where its gateway listens).
    #[serde(default)]
    pub host_uri: Option<String>,
    #[serde(default)]
    pub attributes: Vec<Attr>,
    #[serde(default)]
    pub audits: Vec<GenesisAudit>,
    /// Bid price as parts per million of the order's maximum (default 500000 = half).
    #[serde(default = "default_price_ppm")]
    pub price_ppm: u64,
    #[serde(default)]
    pub max_cpu_millis: u64,
    #[serde(default)]
    pub max_gpus: u64,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub website: String,
    /// Default: 1000 AKT and 1000 ACT (bid deposits are 0.5).
    #[serde(default)]
    pub balances: Option<BTreeMap<String, String>>,
}

fn default_price_ppm() -> u64 {
    500_000
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAudit {
    pub auditor: String,
    /// `"provider"` (sign exactly the provider's own attributes) or an explicit list.
    pub attributes: AuditAttributes,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AuditAttributes {
    Same(String),
    List(Vec<Attr>),
}

impl Genesis {
    /// The genesis embedded in the binary (`genesis/default.json`).
    pub fn default_embedded() -> Genesis {
        Genesis::parse(DEFAULT_GENESIS).expect("embedded genesis is valid")
    }

    pub fn parse(text: &str) -> Result<Genesis, GenesisError> {
        Ok(serde_json::from_str(text)?)
    }

    /// The same genesis with the node claiming application version `version` (e.g. `v0.38.0`).
    pub fn with_app_version(mut self, version: impl Into<String>) -> Genesis {
        self.app_version = Some(version.into());
        self
    }

    pub fn genesis_ms(&self) -> Result<i64, GenesisError> {
        let t = time::OffsetDateTime::parse(
            &self.genesis_time,
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|e| GenesisError::Invalid(format!("genesis_time: {e}")))?;
        Ok((t.unix_timestamp_nanos() / 1_000_000) as i64)
    }

    /// Builds block 0.
    pub fn build(&self, seed: u64) -> Result<ChainState, GenesisError> {
        let genesis_ms = self.genesis_ms()?;
        let mut st = ChainState {
            chain_id: self.chain_id.clone(),
            seed,
            height: 0,
            time_ms: genesis_ms,
            genesis_ms,
            next_account_number: 0,
            params: self.params.clone().unwrap_or_default(),
            accounts: BTreeMap::new(),
            deployments: BTreeMap::new(),
            groups: BTreeMap::new(),
            orders: BTreeMap::new(),
            bids: BTreeMap::new(),
            leases: BTreeMap::new(),
            escrow_accounts: BTreeMap::new(),
            payments: BTreeMap::new(),
            providers: BTreeMap::new(),
            audits: BTreeMap::new(),
            certs: BTreeMap::new(),
            txs: BTreeMap::new(),
            mempool: Vec::new(),
            pending_mints: Vec::new(),
            next_mint_id: 1,
            fresh_orders: Vec::new(),
            manifests: Default::default(),
            no_bid_orders: Default::default(),
            no_bids: false,
            last_block_hash: String::new(),
            last_block_txs: Vec::new(),
            hetzner: self.hetzner.clone(),
            provider_manifests: BTreeMap::new(),
            app_version: self
                .app_version
                .clone()
                .unwrap_or_else(crate::state::default_app_version),
            recent_blocks: Default::default(),
        };
        if self.chain_id.is_empty() {
            return Err(GenesisError::Invalid("chain_id is empty".into()));
        }
        if st.app_version.trim().is_empty() {
            return Err(GenesisError::Invalid("app_version is empty".into()));
        }
        // Explicit account numbers first, so that automatic ones never collide.
        let mut used: Vec<u64> = self
            .accounts
            .iter()
            .filter_map(|a| a.account_number)
            .collect();
        used.sort_unstable();
        for (i, a) in self.accounts.iter().enumerate() {
            let addr = self.account_address(i, a)?;
            let number = match a.account_number {
                Some(n) => n,
                None => next_free(&mut used),
            };
            if st.accounts.contains_key(&addr) {
                return Err(GenesisError::Invalid(format!(
                    "accounts[{i}]: duplicate address {addr}"
                )));
            }
            let balances = parse_balances(&a.balances, &format!("accounts[{i}]"))?;
            let pubkey = match &a.pubkey {
                None => None,
                Some(h) => {
                    let pk = hex::decode(h).ok().filter(|k| k.len() == 33);
                    match pk {
                        Some(pk) if keys::address_of(&pk) == addr => Some(pk),
                        _ => {
                            return Err(GenesisError::Invalid(format!(
                                "accounts[{i}].pubkey is not the 33-byte compressed key (hex) of {addr}"
                            )));
                        }
                    }
                }
            };
            st.accounts.insert(
                addr.clone(),
                Account {
                    address: addr,
                    number,
                    sequence: a.sequence,
                    pubkey,
                    balances,
                },
            );
        }
        st.next_account_number = used.last().map(|n| n + 1).unwrap_or(0);
        let auditors: Vec<&str> = self.auditors.iter().map(|a| a.address.as_str()).collect();
        for (i, a) in self.auditors.iter().enumerate() {
            if !keys::valid_address(&a.address) {
                return Err(GenesisError::Invalid(format!(
                    "auditors[{i}].address is not an akash address"
                )));
            }
        }
        for (i, p) in self.providers.iter().enumerate() {
            let owner = match &p.address {
                Some(a) if keys::valid_address(a) => a.clone(),
                Some(_) => {
                    return Err(GenesisError::Invalid(format!(
                        "providers[{i}].address is not an akash address"
                    )));
                }
                None => provider_address(seed, &p.name),
            };
            let host_uri = p
                .host_uri
                .clone()
                .unwrap_or_else(|| format!("https://127.0.0.1:{}", 8443 + i));
            let balances = match &p.balances {
                Some(b) => parse_balances(b, &format!("providers[{i}]"))?,
                None => BTreeMap::from([
                    ("uakt".to_string(), 1_000_000_000u128),
                    ("uact".to_string(), 1_000_000_000u128),
                ]),
            };
            if !st.accounts.contains_key(&owner) {
                let n = st.next_account_number;
                st.next_account_number += 1;
                st.accounts.insert(
                    owner.clone(),
                    Account {
                        address: owner.clone(),
                        number: n,
                        sequence: 0,
                        pubkey: None,
                        balances,
                    },
                );
            }
            for (j, au) in p.audits.iter().enumerate() {
                if !auditors.contains(&au.auditor.as_str()) {
                    return Err(GenesisError::Invalid(format!(
                        "providers[{i}].audits[{j}].auditor {} is not in `auditors`",
                        au.auditor
                    )));
                }
                let mut attributes = match &au.attributes {
                    AuditAttributes::Same(s) if s == "provider" => p.attributes.clone(),
                    AuditAttributes::Same(s) => {
                        return Err(GenesisError::Invalid(format!(
                            "providers[{i}].audits[{j}].attributes: expected \"provider\" or a list, got {s:?}"
                        )));
                    }
                    AuditAttributes::List(l) => l.clone(),
                };
                attributes.sort_by(|a, b| a.key.cmp(&b.key));
                st.audits.insert(
                    format!("{owner}/{}", au.auditor),
                    Audit {
                        owner: owner.clone(),
                        auditor: au.auditor.clone(),
                        attributes,
                    },
                );
            }
            st.providers.insert(
                owner.clone(),
                Provider {
                    owner,
                    name: p.name.clone(),
                    host_uri,
                    attributes: p.attributes.clone(),
                    email: p.email.clone(),
                    website: p.website.clone(),
                    price_ppm: p.price_ppm.min(1_000_000),
                    max_cpu_millis: p.max_cpu_millis,
                    max_gpus: p.max_gpus,
                },
            );
        }
        Ok(st)
    }

    fn account_address(&self, i: usize, a: &GenesisAccount) -> Result<String, GenesisError> {
        match (&a.address, a.dev_wallet) {
            (Some(addr), None) => {
                if keys::valid_address(addr) {
                    Ok(addr.clone())
                } else {
                    Err(GenesisError::Invalid(format!(
                        "accounts[{i}].address {addr:?} is not an akash address"
                    )))
                }
            }
            (None, Some(idx)) => Ok(dev_address(idx)),
            _ => Err(GenesisError::Invalid(format!(
                "accounts[{i}]: give exactly one of `address` and `dev_wallet`"
            ))),
        }
    }
}

fn next_free(used: &mut Vec<u64>) -> u64 {
    let mut n = 0;
    while used.contains(&n) {
        n += 1;
    }
    used.push(n);
    used.sort_unstable();
    n
}

fn parse_balances(
    b: &BTreeMap<String, String>,
    at: &str,
) -> Result<BTreeMap<String, u128>, GenesisError> {
    let mut out = BTreeMap::new();
    for (denom, amount) in b {
        let v = crate::dec::parse_int(amount).ok_or_else(|| {
            GenesisError::Invalid(format!(
                "{at}.balances.{denom}: {amount:?} is not an integer amount"
            ))
        })?;
        if v > 0 {
            out.insert(denom.clone(), v);
        }
    }
    Ok(out)
}

/// The address of key `index` of [`DEV_MNEMONIC`].
pub fn dev_address(index: u32) -> String {
    let key = keys::mnemonic_key(DEV_MNEMONIC, index).expect("dev mnemonic is valid");
    keys::address_of(&keys::pubkey33(&key))
}

/// A simulated provider's address: derived from the seed and its name.
pub fn provider_address(seed: u64, name: &str) -> String {
    keys::address_of(&keys::pubkey33(&keys::seeded_key(
        seed,
        &format!("provider/{name}"),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_genesis_builds() {
        let g = Genesis::default_embedded();
        let st = g.build(7).unwrap();
        assert_eq!(st.chain_id, "vmc-devnet-1");
        assert_eq!(st.providers.len(), 3);
        assert!(st.balance(&dev_address(0), "uact") > 0);
        // Providers are deterministic in the seed.
        assert_eq!(provider_address(7, "a"), provider_address(7, "a"));
        assert_ne!(provider_address(7, "a"), provider_address(8, "a"));
    }

    #[test]
    fn rejects_bad_accounts() {
        let g = Genesis::parse(
            r#"{"chain_id":"x","genesis_time":"2026-01-01T00:00:00Z","accounts":[{"address":"nope"}]}"#,
        )
        .unwrap();
        assert!(g.build(1).is_err());
    }
}
