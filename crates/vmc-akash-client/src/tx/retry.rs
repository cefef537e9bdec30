//! Phase 4: submit without ever submitting twice. When the broadcast's answer is lost (a
//! timeout, a dropped connection, a 5xx), the hash is looked up first; only a transaction the
//! node has not seen is sent again, and only once. A sequence mismatch (code 32) is reported
//! as such, so that the caller refreshes the account and signs again.

use std::time::Duration;

use super::{TxResponse, tx_hash};
use crate::{ChainClient, ClientError};

/// The Cosmos SDK's "account sequence mismatch" (codespace `sdk`).
pub const CODE_SEQUENCE_MISMATCH: u32 = 32;

/// How a submission ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// Accepted by CheckTx (or found by its hash after a lost answer).
    Accepted { hash: String },
    /// Refused for the signer's sequence: sign again with a fresh sequence.
    SequenceMismatch { raw_log: String },
}

impl ChainClient {
    /// Broadcasts `tx_raw`; on an ambiguous failure waits `settle`, looks the hash up, and
    /// re-broadcasts once only if the node does not have it.
    pub async fn submit(&self, tx_raw: &[u8], settle: Duration) -> Result<Submitted, ClientError> {
        let hash = tx_hash(tx_raw);
        let mut resent = false;
        loop {
            match self.broadcast(tx_raw).await {
                Ok(r) => return accepted(self, r, hash),
                Err(e) if ambiguous(&e) => {
                    tokio::time::sleep(settle).await;
                    if self.find_tx(&hash).await?.is_some() {
                        return Ok(Submitted::Accepted { hash });
                    }
                    if resent {
                        return Err(e);
                    }
                    resent = true;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

fn accepted(c: &ChainClient, r: TxResponse, hash: String) -> Result<Submitted, ClientError> {
    if r.code == CODE_SEQUENCE_MISMATCH {
        return Ok(Submitted::SequenceMismatch { raw_log: r.raw_log });
    }
    // "tx already in mempool" (codespace sdk, code 19): the first send got through.
    if r.code == 19 && r.codespace == "sdk" {
        return Ok(Submitted::Accepted { hash });
    }
    match r.refusal(c.endpoint()) {
        Some(e) => Err(e),
        None => Ok(Submitted::Accepted {
            hash: if r.txhash.is_empty() { hash } else { r.txhash },
        }),
    }
}

/// Errors after which the transaction may or may not have reached the node.
fn ambiguous(e: &ClientError) -> bool {
    matches!(
        e,
        ClientError::Timeout { .. }
            | ClientError::Server { .. }
            | ClientError::Unreachable { .. }
            | ClientError::Decode { .. }
    )
}
