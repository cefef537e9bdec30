//! The Akash client: the chain's REST API and the providers' gateways, as a library (no
//! arguments, no printing) that the CLI, the deploy workflow and the multi-cloud layer call.
//!
//! Shaped like hermes's Cosmos pipeline: one file per query family ([`query`]) and per
//! transaction phase ([`tx`]: simulate, broadcast, wait, retry); the [`preflight`] reads the
//! node's version once per client and refuses a chain vmc does not speak; [`ChainQueries`] is
//! the trait that workflows are written against, so that they can be tested with a fake.
//! Progress (retries) is reported through callbacks, never printed.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vmc_akash_client::ClientError> {
//! use vmc_akash_client::{ChainClient, ClientOptions};
//! let chain = ChainClient::new("http://127.0.0.1:26680", ClientOptions::default())?;
//! chain.preflight().await?;
//! for d in chain.deployments("akash1…", Some("active")).await? {
//!     println!("{:?}", d.deployment.and_then(|d| d.id).map(|id| id.dseq));
//! }
//! # Ok(()) }
//! ```

pub mod api;
pub mod blocktime;
pub mod error;
pub mod gateway;
pub mod network;
pub mod preflight;
pub mod query;
pub mod rest;
pub mod tx;

pub use api::ChainQueries;
pub use error::ClientError;
pub use network::Network;
pub use query::cert::CertFilter;
pub use query::market::MarketFilter;
pub use rest::{ClientOptions, RetryNotice};

use std::sync::Arc;

use query::node::NodeInfo;

/// A client of one chain node's REST API. Cheap to clone; clones share the cached node info.
#[derive(Debug, Clone)]
pub struct ChainClient {
    pub(crate) rest: rest::Rest,
    pub(crate) node_info: Arc<tokio::sync::OnceCell<NodeInfo>>,
}

impl ChainClient {
    /// A client for `endpoint` (`https://…`, or `http://` to a loopback address unless the
    /// options allow plain HTTP elsewhere).
    pub fn new(endpoint: &str, opts: ClientOptions) -> Result<ChainClient, ClientError> {
        Ok(ChainClient {
            rest: rest::Rest::new(endpoint, opts)?,
            node_info: Arc::new(tokio::sync::OnceCell::new()),
        })
    }

    /// Calls `hook` before every retry of a read.
    pub fn on_retry(mut self, hook: impl Fn(&RetryNotice) + Send + Sync + 'static) -> Self {
        self.rest.on_retry(hook);
        self
    }

    /// The endpoint, without credentials.
    pub fn endpoint(&self) -> &str {
        self.rest.endpoint()
    }

    /// The REST half, for the transaction phases.
    pub fn rest(&self) -> &rest::Rest {
        &self.rest
    }

    pub(crate) fn missing(&self, path: &str, field: &str) -> ClientError {
        ClientError::Decode {
            endpoint: format!("{}{path}", self.rest.endpoint()),
            path: field.to_string(),
            message: "missing".into(),
        }
    }
}
