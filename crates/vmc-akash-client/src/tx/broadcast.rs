//! Phase 2: broadcast in sync mode (the answer is CheckTx's; inclusion is [`super::wait`]'s).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::json;

use super::{TxEnvelope, TxResponse};
use crate::{ChainClient, ClientError};

impl ChainClient {
    /// `POST /cosmos/tx/v1beta1/txs` with `BROADCAST_MODE_SYNC`, sent once. A non-zero code in
    /// the answer is CheckTx's refusal and is returned as is (see [`TxResponse::refusal`]).
    pub async fn broadcast(&self, tx_raw: &[u8]) -> Result<TxResponse, ClientError> {
        let r: TxEnvelope = self
            .rest
            .post_once(
                "/cosmos/tx/v1beta1/txs",
                &json!({"tx_bytes": B64.encode(tx_raw), "mode": "BROADCAST_MODE_SYNC"}),
            )
            .await?;
        Ok(r.tx_response)
    }

    /// The transaction with this hash once it is in a block; `None` while it is not.
    pub async fn find_tx(&self, hash: &str) -> Result<Option<TxResponse>, ClientError> {
        match self
            .rest
            .get::<TxEnvelope>(
                &format!("/cosmos/tx/v1beta1/txs/{hash}"),
                &[],
                &format!("transaction {hash}"),
            )
            .await
        {
            Ok(r) => Ok(Some(r.tx_response)),
            Err(ClientError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
