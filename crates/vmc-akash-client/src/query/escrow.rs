//! `akash.escrow.v1`: escrow accounts and payments by xid.

use vmc_akash::DeploymentId;
use vmc_akash_proto::escrow::{Account, Payment, QueryAccountsResponse, QueryPaymentsResponse};

use crate::{ChainClient, ClientError};

const BASE: &str = "/akash/escrow/v1/types";

impl ChainClient {
    /// The escrow account of a deployment (`deployment/<owner>/<dseq>`).
    pub async fn escrow_account(&self, id: &DeploymentId) -> Result<Account, ClientError> {
        let q = vec![
            ("scope", "deployment".to_string()),
            ("xid", id.escrow_xid()),
        ];
        let accounts = self
            .rest
            .list(
                &format!("{BASE}/accounts"),
                &q,
                &format!("escrow account of deployment {}", id.dseq),
                |r: QueryAccountsResponse| (r.accounts, r.pagination),
            )
            .await?;
        let xid = id.escrow_xid();
        accounts
            .into_iter()
            .find(|a| a.id.as_ref().is_some_and(|i| i.xid == xid))
            .ok_or_else(|| ClientError::NotFound {
                what: format!("the escrow account of deployment {}", id.dseq),
                endpoint: self.rest.endpoint().to_string(),
            })
    }

    /// The escrow payments (one per lease) of a deployment.
    pub async fn escrow_payments(&self, id: &DeploymentId) -> Result<Vec<Payment>, ClientError> {
        let q = vec![
            ("scope", "deployment".to_string()),
            ("xid", id.escrow_xid()),
        ];
        self.rest
            .list(
                &format!("{BASE}/payments"),
                &q,
                &format!("escrow payments of deployment {}", id.dseq),
                |r: QueryPaymentsResponse| (r.payments, r.pagination),
            )
            .await
    }
}
