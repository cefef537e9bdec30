//! `vmc akash escrow DSEQ`: the deployment's escrow account: balance now, rate, blocks and
//! time left.

use clap::Args;
use serde::{Deserialize, Serialize};
use vmc_akash::rate::BlockTime;
use vmc_akash_client::MarketFilter;
use vmc_akash_proto::deployment::QueryDeploymentResponse;

use super::chain::Session;
use super::one::OneDeployment;
use super::view::{self, EscrowView, LeaseView};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct EscrowArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// Whose deployment (default: the configured wallet, AKASH_WALLET_ADDRESS).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscrowOut {
    pub dseq: String,
    pub height: String,
    /// Seconds per block the time left was computed with, and whether it was measured.
    pub block_time_secs: f64,
    pub block_time_measured: bool,
    #[serde(flatten)]
    pub escrow: EscrowView,
}

pub fn run(ctx: &mut Ctx, args: EscrowArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let one = OneDeployment::open(ctx, chain, &args.dseq, args.owner.as_deref())?;
    let filter = one.filter();
    let (s, dseq, dep, bt) = (&one.s, one.dseq, &one.dep, one.bt);
    let (escrow, height) = escrow_at_head(s, &filter, dep, &bt)?;
    let escrow = escrow.ok_or_else(|| {
        CliError::not_found(format!(
            "deployment {dseq} has no escrow account on {}",
            s.chain_id
        ))
    })?;
    let out = EscrowOut {
        dseq: dseq.to_string(),
        height: height.to_string(),
        block_time_secs: bt.secs,
        block_time_measured: bt.measured_over.is_some(),
        escrow,
    };
    if ctx.printer.format.kind == crate::output::OutputKind::Table {
        ctx.printer
            .status(&format!("time left at {}", bt.describe()));
    }
    ctx.printer.data(&out, || {
        let e = &out.escrow;
        let mut t = Table::new(["FIELD", "VALUE"]);
        t.row(["dseq".to_string(), out.dseq.clone()]);
        t.row(["state".to_string(), e.state.clone()]);
        balance_rows(&mut t, e);
        t.row([
            "blocks left".to_string(),
            e.blocks_left.clone().unwrap_or_else(|| "-".into()),
        ]);
        t.row(["time left".to_string(), view::runway(e)]);
        t.row(["settled at".to_string(), format!("block {}", e.settled_at)]);
        t.row(["height".to_string(), format!("block {}", out.height)]);
        t
    })
}

/// The escrow account of deployment `dep` at the chain head (its active leases' rate applied
/// since it was last settled), and the head's height. `filter`: the deployment's leases.
pub(crate) fn escrow_at_head(
    s: &Session,
    filter: &MarketFilter<'_>,
    dep: &QueryDeploymentResponse,
    bt: &BlockTime,
) -> CliResult<(Option<EscrowView>, u64)> {
    let (leases, head) =
        s.call(async { tokio::try_join!(s.client.leases(filter), s.client.latest_block()) })?;
    let leases: Vec<LeaseView> = leases
        .iter()
        .filter_map(|l| view::lease_view(l, bt))
        .collect();
    let refs: Vec<&LeaseView> = leases.iter().collect();
    let escrow = dep
        .escrow_account
        .as_ref()
        .and_then(|a| view::escrow_view(a, &refs, head.height, bt));
    Ok((escrow, head.height))
}

/// The `balance` and `rate` rows of an escrow account's table.
pub(crate) fn balance_rows(t: &mut Table, e: &EscrowView) {
    t.row(["balance".to_string(), view::human_exact(&e.balance)]);
    t.row([
        "rate".to_string(),
        e.rate
            .as_ref()
            .map(|r| format!("{} per block", view::human(r)))
            .unwrap_or_else(|| "- (no active lease)".into()),
    ]);
}
