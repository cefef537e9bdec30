//! What the reads of one deployment (`status`, `bids`, `escrow`) start from: the dseq and owner
//! checked (exit 2), the session, the deployment itself (exit 4 naming what was looked up and
//! where), and the measured block time.

use vmc_akash::DeploymentId;
use vmc_akash::rate::BlockTime;
use vmc_akash_client::MarketFilter;
use vmc_akash_proto::deployment::QueryDeploymentResponse;

use super::bids::{deployment_or_not_found, parse_dseq};
use super::chain::{ChainArgs, Session, owner};
use crate::Ctx;
use crate::error::{CliError, CliResult};

pub struct OneDeployment {
    pub s: Session,
    pub owner: String,
    pub dseq: u64,
    pub dep: QueryDeploymentResponse,
    pub bt: BlockTime,
}

impl OneDeployment {
    pub fn open(
        ctx: &Ctx,
        chain: &ChainArgs,
        dseq: &str,
        owner_flag: Option<&str>,
    ) -> CliResult<OneDeployment> {
        let dseq = parse_dseq(dseq)?;
        let owner = owner(ctx, owner_flag)?;
        let id =
            DeploymentId::new(owner.clone(), dseq).map_err(|e| CliError::usage(e.to_string()))?;
        let s = Session::open(ctx, chain)?;
        let dep = deployment_or_not_found(&s, &id)?;
        let bt = s.block_time()?;
        Ok(OneDeployment {
            s,
            owner,
            dseq,
            dep,
            bt,
        })
    }

    /// Bids or leases of this deployment, any state.
    pub fn filter(&self) -> MarketFilter<'_> {
        MarketFilter {
            owner: &self.owner,
            dseq: Some(self.dseq),
            ..Default::default()
        }
    }
}
