//! Phase 1: simulate, to learn the gas a transaction uses.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Deserialize;
use serde_json::json;

use crate::{ChainClient, ClientError};

#[derive(Deserialize)]
struct SimulateResponse {
    gas_info: GasInfo,
}

#[derive(Deserialize)]
struct GasInfo {
    #[serde(deserialize_with = "super::u64_text")]
    gas_used: u64,
}

impl ChainClient {
    /// The gas the transaction uses (`POST /cosmos/tx/v1beta1/simulate`). A refusal (bad
    /// sequence, insufficient funds, a module error) comes back as [`ClientError::Chain`].
    pub async fn simulate(&self, tx_raw: &[u8]) -> Result<u64, ClientError> {
        let r: SimulateResponse = self
            .rest
            .post_once(
                "/cosmos/tx/v1beta1/simulate",
                &json!({"tx_bytes": B64.encode(tx_raw)}),
            )
            .await?;
        Ok(r.gas_info.gas_used)
    }
}

/// The gas limit for a simulated amount: `used × adjustment`, rounded up.
pub fn gas_limit(used: u64, adjustment: f64) -> u64 {
    ((used as f64) * adjustment).ceil() as u64
}
