//! `akash.audit.v1`: attributes that auditors signed for providers (§9.1).

use vmc_akash_proto::provider::{AuditedProvider, QueryAuditedProvidersResponse};

use crate::{ChainClient, ClientError};

const BASE: &str = "/akash/audit/v1/audit/attributes";

impl ChainClient {
    /// Every audit record on chain (provider, auditor, attributes).
    pub async fn audits(&self) -> Result<Vec<AuditedProvider>, ClientError> {
        self.rest
            .list(
                &format!("{BASE}/list"),
                &[],
                "audited attributes",
                |r: QueryAuditedProvidersResponse| (r.providers, r.pagination),
            )
            .await
    }

    /// The audit records of one provider, one per auditor.
    pub async fn audits_of(&self, provider: &str) -> Result<Vec<AuditedProvider>, ClientError> {
        let r = self
            .rest
            .list(
                &format!("{BASE}/{provider}/list"),
                &[],
                &format!("audits of provider {provider}"),
                |r: QueryAuditedProvidersResponse| (r.providers, r.pagination),
            )
            .await;
        match r {
            // A provider nobody audited has no records, which some nodes answer with NotFound.
            Err(ClientError::NotFound { .. }) => Ok(Vec::new()),
            other => other,
        }
    }
}
