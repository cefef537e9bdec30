//! `cosmos.bank` and `cosmos.auth`: balances and accounts.

use serde::Deserialize;
use vmc_akash_proto::cosmos::{Coin, QueryAllBalancesResponse};

use crate::{ChainClient, ClientError};

/// What a transaction needs to know about its signer's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    pub address: String,
    pub account_number: u64,
    pub sequence: u64,
    /// False until the account has signed its first transaction (providers need the on-chain
    /// key to check a JWT, §8.4).
    pub has_pubkey: bool,
}

impl ChainClient {
    /// Every balance of an address (an address that never received funds has none).
    pub async fn balances(&self, address: &str) -> Result<Vec<Coin>, ClientError> {
        self.rest
            .list(
                &format!("/cosmos/bank/v1beta1/balances/{address}"),
                &[],
                &format!("balances of {address}"),
                |r: QueryAllBalancesResponse| (r.balances, r.pagination),
            )
            .await
    }

    /// The account's number and sequence. NotFound for an address that never received funds.
    pub async fn account(&self, address: &str) -> Result<AccountInfo, ClientError> {
        let path = format!("/cosmos/auth/v1beta1/accounts/{address}");
        let r: AccountResponse = self
            .rest
            .get(&path, &[], &format!("account {address}"))
            .await?;
        let base = r.account.base();
        let num = |s: &str, field: &str| {
            s.parse::<u64>().map_err(|_| ClientError::Decode {
                endpoint: format!("{}{path}", self.rest.endpoint()),
                path: format!("account.{field}"),
                message: format!("`{s}` is not an unsigned integer"),
            })
        };
        Ok(AccountInfo {
            address: base.address.clone(),
            account_number: num(&base.account_number, "account_number")?,
            sequence: num(&base.sequence, "sequence")?,
            has_pubkey: base.pub_key.as_ref().is_some_and(|v| !v.is_null()),
        })
    }
}

#[derive(Deserialize)]
struct AccountResponse {
    account: AnyAccount,
}

/// A BaseAccount, or a vesting / module account wrapping one.
#[derive(Deserialize)]
struct AnyAccount {
    #[serde(flatten)]
    base: Option<BaseAccount>,
    #[serde(default)]
    base_account: Option<BaseAccount>,
    #[serde(default)]
    base_vesting_account: Option<VestingBase>,
}

#[derive(Deserialize)]
struct VestingBase {
    base_account: BaseAccount,
}

#[derive(Deserialize, Clone, Default)]
struct BaseAccount {
    #[serde(default)]
    address: String,
    #[serde(default)]
    pub_key: Option<serde_json::Value>,
    #[serde(default)]
    account_number: String,
    #[serde(default)]
    sequence: String,
}

impl AnyAccount {
    fn base(&self) -> BaseAccount {
        if let Some(v) = &self.base_vesting_account {
            return v.base_account.clone();
        }
        if let Some(b) = &self.base_account {
            return b.clone();
        }
        self.base.clone().unwrap_or_default()
    }
}
