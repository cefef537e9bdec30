//! [`ChainQueries`]: the reads a workflow needs, as a trait, so that the deploy workflow and
//! the multi-cloud layer can be tested against a fake as well as against the devnet.

use std::future::Future;

use vmc_akash::DeploymentId;
use vmc_akash_proto::cosmos::Coin;
use vmc_akash_proto::deployment::QueryDeploymentResponse;
use vmc_akash_proto::market::{QueryBidResponse, QueryLeaseResponse};
use vmc_akash_proto::provider::{AuditedProvider, Provider};

use crate::query::bank::AccountInfo;
use crate::query::node::BlockStamp;
use crate::{ChainClient, ClientError, MarketFilter};

/// The chain reads the workflows use. [`ChainClient`] implements it over REST.
pub trait ChainQueries: Send + Sync {
    fn deployments(
        &self,
        owner: &str,
        state: Option<&str>,
    ) -> impl Future<Output = Result<Vec<QueryDeploymentResponse>, ClientError>> + Send;
    fn deployment(
        &self,
        id: &DeploymentId,
    ) -> impl Future<Output = Result<QueryDeploymentResponse, ClientError>> + Send;
    fn bids(
        &self,
        f: &MarketFilter<'_>,
    ) -> impl Future<Output = Result<Vec<QueryBidResponse>, ClientError>> + Send;
    fn leases(
        &self,
        f: &MarketFilter<'_>,
    ) -> impl Future<Output = Result<Vec<QueryLeaseResponse>, ClientError>> + Send;
    fn providers(&self) -> impl Future<Output = Result<Vec<Provider>, ClientError>> + Send;
    fn audits(&self) -> impl Future<Output = Result<Vec<AuditedProvider>, ClientError>> + Send;
    fn balances(
        &self,
        address: &str,
    ) -> impl Future<Output = Result<Vec<Coin>, ClientError>> + Send;
    fn account(
        &self,
        address: &str,
    ) -> impl Future<Output = Result<AccountInfo, ClientError>> + Send;
    fn latest_block(&self) -> impl Future<Output = Result<BlockStamp, ClientError>> + Send;
}

impl ChainQueries for ChainClient {
    async fn deployments(
        &self,
        owner: &str,
        state: Option<&str>,
    ) -> Result<Vec<QueryDeploymentResponse>, ClientError> {
        ChainClient::deployments(self, owner, state).await
    }
    async fn deployment(&self, id: &DeploymentId) -> Result<QueryDeploymentResponse, ClientError> {
        ChainClient::deployment(self, id).await
    }
    async fn bids(&self, f: &MarketFilter<'_>) -> Result<Vec<QueryBidResponse>, ClientError> {
        ChainClient::bids(self, f).await
    }
    async fn leases(&self, f: &MarketFilter<'_>) -> Result<Vec<QueryLeaseResponse>, ClientError> {
        ChainClient::leases(self, f).await
    }
    async fn providers(&self) -> Result<Vec<Provider>, ClientError> {
        ChainClient::providers(self).await
    }
    async fn audits(&self) -> Result<Vec<AuditedProvider>, ClientError> {
        ChainClient::audits(self).await
    }
    async fn balances(&self, address: &str) -> Result<Vec<Coin>, ClientError> {
        ChainClient::balances(self, address).await
    }
    async fn account(&self, address: &str) -> Result<AccountInfo, ClientError> {
        ChainClient::account(self, address).await
    }
    async fn latest_block(&self) -> Result<BlockStamp, ClientError> {
        ChainClient::latest_block(self).await
    }
}
