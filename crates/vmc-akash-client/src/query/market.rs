//! `akash.market.v1beta5`: orders, bids and leases of a deployment (or of an owner).

use vmc_akash_proto::market::{
    Order, QueryBidResponse, QueryBidsResponse, QueryLeaseResponse, QueryLeasesResponse,
    QueryOrdersResponse,
};

use super::{StateFilter, push_opt};
use crate::{ChainClient, ClientError};

const BASE: &str = "/akash/market/v1beta5";

/// Which bids or leases: the owner, and optionally a deployment, group, provider and state.
#[derive(Debug, Clone, Default)]
pub struct MarketFilter<'a> {
    pub owner: &'a str,
    pub dseq: Option<u64>,
    pub gseq: Option<u32>,
    pub provider: Option<&'a str>,
    pub state: StateFilter<'a>,
}

impl MarketFilter<'_> {
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![("filters.owner", self.owner.to_string())];
        push_opt(&mut q, "filters.dseq", self.dseq.map(|d| d.to_string()));
        push_opt(&mut q, "filters.gseq", self.gseq.map(|g| g.to_string()));
        push_opt(
            &mut q,
            "filters.provider",
            self.provider.map(str::to_string),
        );
        push_opt(&mut q, "filters.state", self.state.map(str::to_string));
        q
    }
}

impl ChainClient {
    /// The orders of a deployment (one per group, and a new one after each closed lease).
    pub async fn orders(&self, owner: &str, dseq: u64) -> Result<Vec<Order>, ClientError> {
        let q = vec![
            ("filters.owner", owner.to_string()),
            ("filters.dseq", dseq.to_string()),
        ];
        self.rest
            .list(
                &format!("{BASE}/orders/list"),
                &q,
                &format!("orders of deployment {dseq}"),
                |r: QueryOrdersResponse| (r.orders, r.pagination),
            )
            .await
    }

    /// Bids matching the filter, each with its bid escrow account.
    pub async fn bids(&self, f: &MarketFilter<'_>) -> Result<Vec<QueryBidResponse>, ClientError> {
        self.rest
            .list(
                &format!("{BASE}/bids/list"),
                &f.query(),
                "bids",
                |r: QueryBidsResponse| (r.bids, r.pagination),
            )
            .await
    }

    /// Leases matching the filter, each with its escrow payment.
    pub async fn leases(
        &self,
        f: &MarketFilter<'_>,
    ) -> Result<Vec<QueryLeaseResponse>, ClientError> {
        self.rest
            .list(
                &format!("{BASE}/leases/list"),
                &f.query(),
                "leases",
                |r: QueryLeasesResponse| (r.leases, r.pagination),
            )
            .await
    }
}
