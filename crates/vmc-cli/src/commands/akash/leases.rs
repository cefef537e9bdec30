//! `vmc akash leases [--state active|closed|all] [--dseq N]`: the owner's leases.

use clap::{Args, ValueEnum};
use vmc_akash_client::MarketFilter;

use super::bids::parse_dseq;
use super::chain::{Session, owner};
use super::view::{self, LeaseView};
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct LeasesArgs {
    /// Which leases.
    #[arg(long, value_enum, default_value_t = LeaseStateArg::Active)]
    pub state: LeaseStateArg,
    /// Only this deployment's.
    #[arg(long, value_name = "DSEQ")]
    pub dseq: Option<String>,
    /// Whose leases (default: the configured wallet, AKASH_WALLET_ADDRESS).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LeaseStateArg {
    Active,
    Closed,
    InsufficientFunds,
    All,
}

pub fn run(ctx: &mut Ctx, args: LeasesArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let owner = owner(ctx, args.owner.as_deref())?;
    let dseq = args.dseq.as_deref().map(parse_dseq).transpose()?;
    let s = Session::open(ctx, chain)?;
    let bt = s.block_time()?;
    let state = match args.state {
        LeaseStateArg::Active => Some("active"),
        LeaseStateArg::Closed => Some("closed"),
        LeaseStateArg::InsufficientFunds => Some("insufficient_funds"),
        LeaseStateArg::All => None,
    };
    let filter = MarketFilter {
        owner: &owner,
        dseq,
        state,
        ..Default::default()
    };
    let (leases, head) =
        s.call(async { tokio::try_join!(s.client.leases(&filter), s.client.latest_block()) })?;
    let views: Vec<LeaseView> = leases
        .iter()
        .filter_map(|l| view::lease_view(l, &bt))
        .collect();
    ctx.printer
        .data(&views, || lease_table(&views, head.height, &bt))
}

/// The lease table `leases` and `status` print.
pub fn lease_table(views: &[LeaseView], head: u64, bt: &vmc_akash::rate::BlockTime) -> Table {
    let mut t = Table::new([
        "DSEQ",
        "GSEQ",
        "OSEQ",
        "PROVIDER",
        "STATE",
        "PRICE/BLOCK",
        "PRICE/HOUR",
        "PRICE/MONTH",
        "CREATED",
    ]);
    for l in views {
        t.row([
            l.dseq.clone(),
            l.gseq.to_string(),
            l.oseq.to_string(),
            l.provider.clone(),
            l.state.clone(),
            view::human(&l.prices.price),
            view::human(&l.prices.price_per_hour),
            view::human(&l.prices.price_per_month),
            view::block_ago(&l.created_at, head, bt),
        ]);
    }
    t
}
