//! The node itself: its version (for the preflight) and its blocks (for the dseq and the
//! measured block time).

use serde::Deserialize;

use crate::{ChainClient, ClientError};

/// What `node_info` says about the chain and its software.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    /// The chain id (`akashnet-2`).
    pub network: String,
    /// `akash`.
    pub app_name: String,
    /// `v2.1.0`.
    pub version: String,
    pub cosmos_sdk_version: String,
}

/// A block header's height and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockStamp {
    pub height: u64,
    /// Unix time in milliseconds.
    pub time_ms: i64,
}

impl ChainClient {
    /// `GET /cosmos/base/tendermint/v1beta1/node_info`, uncached (see [`ChainClient::preflight`]).
    pub async fn fetch_node_info(&self) -> Result<NodeInfo, ClientError> {
        let r: NodeInfoResponse = self
            .rest
            .get(
                "/cosmos/base/tendermint/v1beta1/node_info",
                &[],
                "node info",
            )
            .await?;
        Ok(NodeInfo {
            network: r.default_node_info.network,
            app_name: r.application_version.app_name,
            version: r.application_version.version,
            cosmos_sdk_version: r.application_version.cosmos_sdk_version,
        })
    }

    /// The latest block's height and time.
    pub async fn latest_block(&self) -> Result<BlockStamp, ClientError> {
        self.block_at(
            "/cosmos/base/tendermint/v1beta1/blocks/latest",
            "the latest block",
        )
        .await
    }

    /// The block at `height`.
    pub async fn block(&self, height: u64) -> Result<BlockStamp, ClientError> {
        self.block_at(
            &format!("/cosmos/base/tendermint/v1beta1/blocks/{height}"),
            &format!("block {height}"),
        )
        .await
    }

    async fn block_at(&self, path: &str, what: &str) -> Result<BlockStamp, ClientError> {
        let r: BlockResponse = self.rest.get(path, &[], what).await?;
        let h = r.block.header;
        let bad = |field: &str, message: String| ClientError::Decode {
            endpoint: format!("{}{path}", self.rest.endpoint()),
            path: format!("block.header.{field}"),
            message,
        };
        let height = h
            .height
            .parse::<u64>()
            .map_err(|_| bad("height", format!("`{}` is not a height", h.height)))?;
        let t =
            time::OffsetDateTime::parse(&h.time, &time::format_description::well_known::Rfc3339)
                .map_err(|e| bad("time", format!("`{}`: {e}", h.time)))?;
        Ok(BlockStamp {
            height,
            time_ms: (t.unix_timestamp_nanos() / 1_000_000) as i64,
        })
    }
}

#[derive(Deserialize)]
struct NodeInfoResponse {
    default_node_info: DefaultNodeInfo,
    application_version: AppVersion,
}

#[derive(Deserialize)]
struct DefaultNodeInfo {
    #[serde(default)]
    network: String,
}

#[derive(Deserialize)]
struct AppVersion {
    #[serde(default)]
    app_name: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    cosmos_sdk_version: String,
}

#[derive(Deserialize)]
struct BlockResponse {
    block: Block,
}

#[derive(Deserialize)]
struct Block {
    header: Header,
}

#[derive(Deserialize)]
struct Header {
    height: String,
    time: String,
}
