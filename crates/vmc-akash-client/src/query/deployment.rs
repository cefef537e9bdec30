//! `akash.deployment.v1beta4`: deployments (with their groups and escrow account), groups, and
//! the module's parameters (minimum deposits).

use vmc_akash::DeploymentId;
use vmc_akash_proto::cosmos::Coin;
use vmc_akash_proto::deployment::{
    Group, QueryDeploymentResponse, QueryDeploymentsResponse, QueryGroupResponse,
    QueryParamsResponse,
};

use super::{StateFilter, push_opt};
use crate::{ChainClient, ClientError};

const BASE: &str = "/akash/deployment/v1beta4";

impl ChainClient {
    /// Every deployment of `owner` (active first, then closed, unless `state` says which).
    pub async fn deployments(
        &self,
        owner: &str,
        state: StateFilter<'_>,
    ) -> Result<Vec<QueryDeploymentResponse>, ClientError> {
        let mut q = vec![("filters.owner", owner.to_string())];
        push_opt(&mut q, "filters.state", state.map(str::to_string));
        self.rest
            .list(
                &format!("{BASE}/deployments/list"),
                &q,
                &format!("deployments of {owner}"),
                |r: QueryDeploymentsResponse| (r.deployments, r.pagination),
            )
            .await
    }

    /// One deployment with its groups and escrow account.
    pub async fn deployment(
        &self,
        id: &DeploymentId,
    ) -> Result<QueryDeploymentResponse, ClientError> {
        let q = [
            ("id.owner", id.owner.clone()),
            ("id.dseq", id.dseq.to_string()),
        ];
        self.rest
            .get(
                &format!("{BASE}/deployments/info"),
                &q,
                &format!("deployment {}", id.dseq),
            )
            .await
    }

    /// One group of a deployment.
    pub async fn group(&self, id: &DeploymentId, gseq: u32) -> Result<Group, ClientError> {
        let q = [
            ("id.owner", id.owner.clone()),
            ("id.dseq", id.dseq.to_string()),
            ("id.gseq", gseq.to_string()),
        ];
        let r: QueryGroupResponse = self
            .rest
            .get(
                &format!("{BASE}/groups/info"),
                &q,
                &format!("group {}/{gseq}", id.dseq),
            )
            .await?;
        r.group
            .ok_or_else(|| self.missing(&format!("{BASE}/groups/info"), "group"))
    }

    /// The minimum deposits a deployment needs, per denom.
    pub async fn deployment_min_deposits(&self) -> Result<Vec<Coin>, ClientError> {
        let r: QueryParamsResponse = self
            .rest
            .get(&format!("{BASE}/params"), &[], "deployment params")
            .await?;
        Ok(r.params.map(|p| p.min_deposits).unwrap_or_default())
    }

    /// The chain's minimum deposit in `denom` (micro units; 0 when the chain names none).
    pub async fn deployment_min_deposit(&self, denom: &str) -> Result<u128, ClientError> {
        Ok(self
            .deployment_min_deposits()
            .await?
            .iter()
            .find(|c| c.denom == denom)
            .and_then(|c| c.amount.parse().ok())
            .unwrap_or(0))
    }
}
