//! `akash.provider.v1beta4`: the providers on chain.

use vmc_akash_proto::provider::{Provider, QueryProviderResponse, QueryProvidersResponse};

use crate::{ChainClient, ClientError};

const BASE: &str = "/akash/provider/v1beta4";

impl ChainClient {
    /// Every provider on chain.
    pub async fn providers(&self) -> Result<Vec<Provider>, ClientError> {
        self.rest
            .list(
                &format!("{BASE}/providers"),
                &[],
                "providers",
                |r: QueryProvidersResponse| (r.providers, r.pagination),
            )
            .await
    }

    /// One provider by its address.
    pub async fn provider(&self, owner: &str) -> Result<Provider, ClientError> {
        let path = format!("{BASE}/providers/{owner}");
        let r: QueryProviderResponse = self
            .rest
            .get(&path, &[], &format!("provider {owner}"))
            .await?;
        r.provider.ok_or_else(|| ClientError::NotFound {
            what: format!("provider {owner}"),
            endpoint: self.rest.endpoint().to_string(),
        })
    }
}
