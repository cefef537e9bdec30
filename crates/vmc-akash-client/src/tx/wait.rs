//! Phase 3: wait for inclusion by polling the hash.

use std::time::{Duration, Instant};

use super::TxResponse;
use crate::{ChainClient, ClientError};

/// The transaction was not seen in a block in time.
#[derive(Debug, thiserror::Error)]
pub enum WaitError {
    #[error("transaction {hash} was not included within {secs} s")]
    NotIncluded { hash: String, secs: u64 },
    #[error(transparent)]
    Client(#[from] ClientError),
}

impl ChainClient {
    /// Polls `GET /cosmos/tx/v1beta1/txs/{hash}` every `poll` until the transaction is in a
    /// block or `timeout` passes; `on_poll(elapsed)` is called after each miss.
    pub async fn wait_for_tx(
        &self,
        hash: &str,
        timeout: Duration,
        poll: Duration,
        mut on_poll: impl FnMut(Duration),
    ) -> Result<TxResponse, WaitError> {
        let start = Instant::now();
        loop {
            if let Some(r) = self.find_tx(hash).await? {
                return Ok(r);
            }
            let elapsed = start.elapsed();
            if elapsed >= timeout {
                return Err(WaitError::NotIncluded {
                    hash: hash.to_string(),
                    secs: timeout.as_secs(),
                });
            }
            on_poll(elapsed);
            tokio::time::sleep(poll.min(timeout - elapsed)).await;
        }
    }
}
