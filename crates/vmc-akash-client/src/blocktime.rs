//! The block time, measured from recent blocks (the time between the latest block and one
//! `window` blocks before it), so that prices per block can be shown per hour and per month.

use vmc_akash::rate::BlockTime;

use crate::{ChainClient, ClientError};

/// How many blocks back the measurement looks.
pub const WINDOW: u64 = 100;

impl ChainClient {
    /// The measured block time, or `fallback` (marked as assumed) when the node cannot serve
    /// an older block (pruned, or a chain younger than two blocks).
    pub async fn block_time(&self, fallback_secs: f64) -> Result<BlockTime, ClientError> {
        let latest = self.latest_block().await?;
        let back = WINDOW.min(latest.height.saturating_sub(1));
        if back == 0 {
            return Ok(BlockTime::assumed(fallback_secs));
        }
        let old = match self.block(latest.height - back).await {
            Ok(b) => b,
            Err(ClientError::NotFound { .. }) | Err(ClientError::Chain { .. }) => {
                return Ok(BlockTime::assumed(fallback_secs));
            }
            Err(e) => return Err(e),
        };
        let ms = latest.time_ms - old.time_ms;
        if ms <= 0 {
            return Ok(BlockTime::assumed(fallback_secs));
        }
        Ok(BlockTime::measured(ms as f64 / 1000.0 / back as f64, back))
    }
}
