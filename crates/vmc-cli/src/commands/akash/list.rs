//! `vmc akash list [--state active|closed|all] [--owner ADDR]`: the owner's deployments with
//! their groups, leases and providers, prices per block and per month, escrow and runway.

use std::collections::HashMap;

use clap::{Args, ValueEnum};
use vmc_akash_client::MarketFilter;

use super::chain::{Session, owner};
use super::view::{self, DeploymentView, LeaseView};
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which deployments.
    #[arg(long, value_enum, default_value_t = StateArg::Active)]
    pub state: StateArg,
    /// Whose deployments (default: the configured wallet, AKASH_WALLET_ADDRESS).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    Active,
    Closed,
    All,
}

impl StateArg {
    pub fn filter(self) -> Option<&'static str> {
        match self {
            StateArg::Active => Some("active"),
            StateArg::Closed => Some("closed"),
            StateArg::All => None,
        }
    }
}

pub fn run(ctx: &mut Ctx, args: ListArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let owner = owner(ctx, args.owner.as_deref())?;
    let s = Session::open(ctx, chain)?;
    let bt = s.block_time()?;
    let all_leases = MarketFilter {
        owner: &owner,
        ..Default::default()
    };
    let (deployments, leases, head) = s.call(async {
        tokio::try_join!(
            s.client.deployments(&owner, args.state.filter()),
            s.client.leases(&all_leases),
            s.client.latest_block(),
        )
    })?;
    let mut by_dseq: HashMap<u64, Vec<LeaseView>> = HashMap::new();
    for l in &leases {
        if let Some(v) = view::lease_view(l, &bt) {
            by_dseq
                .entry(
                    l.lease
                        .as_ref()
                        .and_then(|x| x.id.as_ref())
                        .map(|i| i.dseq)
                        .unwrap_or(0),
                )
                .or_default()
                .push(v);
        }
    }
    let views: Vec<DeploymentView> = deployments
        .iter()
        .filter_map(|d| {
            let dseq = d.deployment.as_ref()?.id.as_ref()?.dseq;
            view::deployment_view(
                d,
                by_dseq.remove(&dseq).unwrap_or_default(),
                head.height,
                &bt,
            )
        })
        .collect();
    if ctx.printer.format.kind == crate::output::OutputKind::Table {
        ctx.printer
            .status(&format!("prices per month at {}", bt.describe()));
    }
    ctx.printer.data(&views, || table(&views))
}

fn table(views: &[DeploymentView]) -> Table {
    let mut t = Table::new([
        "DSEQ",
        "STATE",
        "GROUPS",
        "LEASES",
        "PROVIDER",
        "PRICE/BLOCK",
        "PRICE/MONTH",
        "ESCROW",
        "RUNWAY",
    ]);
    for d in views {
        let active: Vec<&LeaseView> = d.leases.iter().filter(|l| l.state == "active").collect();
        let providers: Vec<&str> = active.iter().map(|l| l.provider.as_str()).collect();
        let (block, month) = match active.as_slice() {
            [] => ("-".to_string(), "-".to_string()),
            [one] => (
                view::human(&one.prices.price),
                view::human(&one.prices.price_per_month),
            ),
            many => {
                let sum = |f: fn(&LeaseView) -> &view::Money| {
                    let mut total = vmc_akash::rate::Amount::zero(&f(many[0]).denom);
                    for l in many {
                        if let Ok(a) = vmc_akash::rate::Amount::parse(&f(l).denom, &f(l).amount) {
                            total.base += a.base;
                        }
                    }
                    total.human()
                };
                (sum(|l| &l.prices.price), sum(|l| &l.prices.price_per_month))
            }
        };
        let (escrow, runway) = match &d.escrow {
            Some(e) => (view::human(&e.balance), view::runway(e)),
            None => ("-".into(), "-".into()),
        };
        t.row([
            d.dseq.clone(),
            d.state.clone(),
            d.groups.len().to_string(),
            format!("{}/{}", active.len(), d.leases.len()),
            if providers.is_empty() {
                "-".into()
            } else {
                providers.join(",")
            },
            block,
            month,
            escrow,
            runway,
        ]);
    }
    t
}
