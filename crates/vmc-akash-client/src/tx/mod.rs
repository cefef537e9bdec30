//! Transaction phases, one file each, as hermes shapes its Cosmos pipeline:
//! [`simulate`] (gas), [`broadcast`] (CheckTx, sync mode), [`wait`] (inclusion, by polling the
//! hash) and [`retry`] (a lost answer is looked up by hash before anything is resent, so a
//! transaction is never submitted twice). Signing happens below (`vmc_akash::tx`); these only
//! move bytes.

pub mod broadcast;
pub mod retry;
pub mod send;
pub mod simulate;
pub mod wait;

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The hash a node gives a transaction: upper-case hex of SHA-256 over the TxRaw bytes.
pub fn tx_hash(tx_raw: &[u8]) -> String {
    hex::encode_upper(Sha256::digest(tx_raw))
}

/// The parts of a `tx_response` that the phases use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct TxResponse {
    #[serde(deserialize_with = "u64_text")]
    pub height: u64,
    pub txhash: String,
    pub codespace: String,
    pub code: u32,
    pub raw_log: String,
    #[serde(deserialize_with = "u64_text")]
    pub gas_wanted: u64,
    #[serde(deserialize_with = "u64_text")]
    pub gas_used: u64,
}

impl TxResponse {
    /// The chain's refusal as an error, or `None` when the code is 0.
    pub fn refusal(&self, endpoint: &str) -> Option<crate::ClientError> {
        (self.code != 0).then(|| crate::ClientError::Chain {
            endpoint: endpoint.to_string(),
            status: 200,
            code: i64::from(self.code),
            codespace: Some(self.codespace.clone()).filter(|c| !c.is_empty()),
            message: self.raw_log.clone(),
        })
    }
}

fn u64_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        S(String),
        N(u64),
    }
    match N::deserialize(d)? {
        N::N(n) => Ok(n),
        N::S(s) if s.is_empty() => Ok(0),
        N::S(s) => s.parse().map_err(serde::de::Error::custom),
    }
}

#[derive(Deserialize)]
pub(crate) struct TxEnvelope {
    pub tx_response: TxResponse,
}
