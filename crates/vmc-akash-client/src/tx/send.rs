//! The whole pipeline for one transaction: account → simulate → sign → submit (never twice) →
//! wait for inclusion → the result in plain words.
//!
//! * The gas limit is the simulated use × an adjustment; the fee is the limit × the gas price.
//! * Before the broadcast, `on_signed` is told the hash, so a caller can journal it: after a
//!   crash the hash is the evidence to look up.
//! * A sequence mismatch (the account's sequence moved under us) refreshes the account and signs
//!   again, once. A lost broadcast answer is looked up by hash before any resend
//!   ([`ChainClient::submit`]).
//! * A refusal, at CheckTx or after inclusion, becomes [`SendError::Refused`] with a plain
//!   sentence ([`plain_refusal`]) and the raw log kept for `-v`.

use std::time::Duration;

use vmc_akash::keys::SigningKey;
use vmc_akash::tx::{DEFAULT_GAS_PRICE, Msg, SignerData, TxDraft, fee, fee_for_gas};

use super::retry::Submitted;
use super::wait::WaitError;
use crate::{ChainClient, ClientError};

/// How transactions are priced and waited for.
#[derive(Debug, Clone)]
pub struct TxSettings {
    /// Simulated gas × this (default 1.5).
    pub gas_adjustment: f64,
    /// uakt per gas unit (default `0.025`).
    pub gas_price: String,
    pub memo: String,
    /// How long to wait for inclusion (default 60 s).
    pub include_timeout: Duration,
    /// How often to poll the hash (default 300 ms).
    pub poll: Duration,
    /// Pause before looking a lost broadcast up (default 500 ms).
    pub settle: Duration,
}

impl Default for TxSettings {
    fn default() -> Self {
        TxSettings {
            gas_adjustment: 1.5,
            gas_price: DEFAULT_GAS_PRICE.to_string(),
            memo: String::new(),
            include_timeout: Duration::from_secs(60),
            poll: Duration::from_millis(300),
            settle: Duration::from_millis(500),
        }
    }
}

/// A transaction the chain has included with code 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Included {
    pub hash: String,
    pub height: u64,
    pub gas_used: u64,
    pub gas_wanted: u64,
    /// The fee paid, in uakt.
    pub fee_uakt: u128,
}

/// A signed transaction about to be broadcast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub hash: String,
    pub tx_raw: Vec<u8>,
    pub gas_limit: u64,
    pub fee_uakt: u128,
    pub sequence: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error(transparent)]
    Client(#[from] ClientError),
    /// The chain refused the transaction (CheckTx or execution).
    #[error("{plain}")]
    Refused {
        plain: String,
        code: u32,
        codespace: String,
        raw_log: String,
        /// Set when the refusal came after inclusion (the fee was paid).
        hash: Option<String>,
    },
    #[error("transaction {hash} was broadcast but not included within {secs} s")]
    NotIncluded { hash: String, secs: u64 },
    #[error("cannot build the transaction: {0}")]
    Build(String),
    /// The caller's `on_signed` refused (e.g. the journal could not be written): nothing sent.
    #[error("{0}")]
    Aborted(String),
}

impl ChainClient {
    /// Simulates and signs `msgs` for `key` at the account's current sequence.
    pub async fn prepare(
        &self,
        key: &SigningKey,
        msgs: &[Msg],
        settings: &TxSettings,
    ) -> Result<Prepared, SendError> {
        let chain_id = self.preflight().await?.network.clone();
        let address = key.address();
        let account = self.account(&address).await?;
        let signer = SignerData {
            chain_id,
            account_number: account.account_number,
            sequence: account.sequence,
        };
        let mut draft = TxDraft {
            messages: msgs.to_vec(),
            memo: settings.memo.clone(),
            timeout_height: 0,
            fee: fee(0, 1),
        };
        let probe = draft
            .sign(key, &signer)
            .map_err(|e| SendError::Build(e.to_string()))?;
        let used = self.simulate(&probe.tx_raw).await.map_err(chain_refusal)?;
        let gas_limit = super::simulate::gas_limit(used, settings.gas_adjustment).max(1);
        draft.fee = fee_for_gas(gas_limit, &settings.gas_price)
            .map_err(|e| SendError::Build(e.to_string()))?;
        let fee_uakt = draft
            .fee
            .amount
            .first()
            .and_then(|c| c.amount.parse().ok())
            .unwrap_or(0);
        let signed = draft
            .sign(key, &signer)
            .map_err(|e| SendError::Build(e.to_string()))?;
        Ok(Prepared {
            hash: signed.hash(),
            tx_raw: signed.tx_raw,
            gas_limit,
            fee_uakt,
            sequence: signer.sequence,
        })
    }

    /// Prepares, tells `on_signed` the hash, submits and waits for inclusion. See the module
    /// docs for what is retried.
    pub async fn send(
        &self,
        key: &SigningKey,
        msgs: &[Msg],
        settings: &TxSettings,
        on_signed: &mut dyn FnMut(&Prepared) -> Result<(), String>,
    ) -> Result<Included, SendError> {
        let mut resigned = false;
        loop {
            let prepared = self.prepare(key, msgs, settings).await?;
            on_signed(&prepared).map_err(SendError::Aborted)?;
            match self.submit(&prepared.tx_raw, settings.settle).await {
                Ok(Submitted::Accepted { hash }) => {
                    return self.include(&hash, prepared.fee_uakt, settings).await;
                }
                Ok(Submitted::SequenceMismatch { raw_log }) => {
                    if resigned {
                        return Err(refused(
                            super::retry::CODE_SEQUENCE_MISMATCH,
                            "sdk",
                            &raw_log,
                            None,
                        ));
                    }
                    resigned = true;
                }
                Err(e) => return Err(chain_refusal(e)),
            }
        }
    }

    /// Waits for `hash` and checks its execution result.
    pub async fn include(
        &self,
        hash: &str,
        fee_uakt: u128,
        settings: &TxSettings,
    ) -> Result<Included, SendError> {
        let r = match self
            .wait_for_tx(hash, settings.include_timeout, settings.poll, |_| {})
            .await
        {
            Ok(r) => r,
            Err(WaitError::NotIncluded { hash, secs }) => {
                return Err(SendError::NotIncluded { hash, secs });
            }
            Err(WaitError::Client(e)) => return Err(e.into()),
        };
        if r.code != 0 {
            return Err(refused(
                r.code,
                &r.codespace,
                &r.raw_log,
                Some(hash.to_string()),
            ));
        }
        Ok(Included {
            hash: hash.to_string(),
            height: r.height,
            gas_used: r.gas_used,
            gas_wanted: r.gas_wanted,
            fee_uakt,
        })
    }
}

/// A chain answer that refuses (code ≠ 0) is a [`SendError::Refused`]; anything else stays a
/// client error.
pub fn chain_refusal(e: ClientError) -> SendError {
    match e {
        ClientError::Chain {
            code,
            codespace,
            message,
            ..
        } => refused(code as u32, &codespace.unwrap_or_default(), &message, None),
        e => e.into(),
    }
}

fn refused(code: u32, codespace: &str, raw_log: &str, hash: Option<String>) -> SendError {
    SendError::Refused {
        plain: plain_refusal(code, codespace, raw_log),
        code,
        codespace: codespace.to_string(),
        raw_log: raw_log.to_string(),
        hash,
    }
}

/// A chain refusal in plain words (the raw log stays available for `-v`).
pub fn plain_refusal(code: u32, codespace: &str, raw_log: &str) -> String {
    // Execution failures are wrapped: "failed to execute message; message index: 0: <why>".
    let raw_log = match raw_log.split_once("message index: ") {
        Some((_, rest)) => rest.split_once(": ").map_or(rest, |(_, why)| why),
        None => raw_log,
    };
    let raw_log = raw_log
        .split(" With gas wanted")
        .next()
        .unwrap_or(raw_log)
        .trim();
    let log = raw_log.to_ascii_lowercase();
    let known: &[(&str, &str)] = &[
        (
            "insufficient funds",
            "the wallet does not hold enough funds for this transaction",
        ),
        (
            "insufficient fee",
            "the fee is too low for this node's minimum gas price",
        ),
        (
            "out of gas",
            "the transaction ran out of gas; raise the gas adjustment",
        ),
        (
            "deployment exists",
            "a deployment with this dseq already exists",
        ),
        ("deposit invalid", "the deposit is not accepted"),
        ("deployment closed", "the deployment is closed"),
        ("deployment not found", "no such deployment"),
        ("unknown deployment", "no such deployment"),
        (
            "bid not open",
            "the bid is no longer open (the provider closed it, or another bid won)",
        ),
        (
            "order not open",
            "the order is no longer open (it was leased or closed)",
        ),
        ("unknown bid", "no such bid"),
        ("lease not active", "the lease is not active"),
        ("unknown lease", "no such lease"),
        (
            "account sequence mismatch",
            "the wallet's sequence moved while signing (another transaction from the same wallet?)",
        ),
        (
            "hash unchanged",
            "the deployment already has this SDL's hash: nothing to update",
        ),
    ];
    let what = known
        .iter()
        .find(|(needle, _)| log.contains(needle))
        .map(|(_, plain)| (*plain).to_string());
    let detail = raw_log
        .split(": ")
        .next()
        .filter(|d| !d.is_empty())
        .unwrap_or(raw_log);
    match what {
        Some(p) if detail.to_ascii_lowercase() != log => format!("{p}: {detail}"),
        Some(p) => p,
        None if codespace.is_empty() => {
            format!("the chain refused the transaction (code {code}): {raw_log}")
        }
        None => format!("the chain refused the transaction ({codespace} code {code}): {raw_log}"),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_refusal;

    #[test]
    fn plain_words_keep_the_detail() {
        assert_eq!(
            plain_refusal(
                5,
                "sdk",
                "spendable balance 10uact is smaller than 500000uact: insufficient funds"
            ),
            "the wallet does not hold enough funds for this transaction: spendable balance 10uact is smaller than 500000uact"
        );
        assert_eq!(
            plain_refusal(12, "market", "bid x/1/1/1/p/0: bid not open"),
            "the bid is no longer open (the provider closed it, or another bid won): bid x/1/1/1/p/0"
        );
        assert!(plain_refusal(99, "x", "weird").contains("x code 99"));
        assert_eq!(
            plain_refusal(
                20,
                "deployment",
                "failed to execute message; message index: 0: deployments must be priced and funded in uact (got uakt): Deposit invalid With gas wanted: '1' and gas used: '0' "
            ),
            "the deposit is not accepted: deployments must be priced and funded in uact (got uakt)"
        );
    }
}
