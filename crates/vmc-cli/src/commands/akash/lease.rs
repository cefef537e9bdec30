//! `vmc akash lease close DSEQ [--gseq N] [--oseq N] [--provider ADDR] [--all]`: close active
//! leases of a deployment (`MsgCloseLease`) and keep the deployment: the chain opens a new order
//! for each group that is still open, so providers may bid again (§7.2). One active lease needs
//! no filter; several need filters that pick one, or `--all`.
//!
//! (`vmc akash leases`, plural, lists leases.)

use clap::{Args, Subcommand};
use serde::{Deserialize, Serialize};
use serde_json::json;
use vmc_akash_deploy::ops::{self, lease::LeaseSelector};

use super::bids::parse_dseq;
use super::chain::check_address;
use super::close::{akash_plan, op_error, or_fail, print};
use super::flow::{EventPrinter, Flow};
use super::key::KeyArgs;
use super::view::order_state;
use crate::Ctx;
use crate::error::CliResult;
use crate::mutation::{self, MutationArgs};

#[derive(Debug, Args)]
pub struct LeaseArgs {
    #[command(subcommand)]
    pub command: LeaseCommand,
}

#[derive(Debug, Subcommand)]
pub enum LeaseCommand {
    /// Close active leases of a deployment; the deployment stays and its groups get new orders.
    Close(LeaseCloseArgs),
}

#[derive(Debug, Args)]
pub struct LeaseCloseArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// Only the lease of this group.
    #[arg(long, value_name = "N")]
    pub gseq: Option<u32>,
    /// Only the lease of this order.
    #[arg(long, value_name = "N")]
    pub oseq: Option<u32>,
    /// Only leases with this provider.
    #[arg(long, value_name = "ADDR")]
    pub provider: Option<String>,
    /// Close every active lease that matches (otherwise exactly one must match).
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

/// A lease's id without its owner and bseq.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseRef {
    pub dseq: String,
    pub gseq: u32,
    pub oseq: u32,
    pub provider: String,
}

/// An order of the deployment after the close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    pub gseq: u32,
    pub oseq: u32,
    pub state: String,
}

/// `{dseq, tx_hash, height, closed: [LeaseRef], open_orders: [OrderRef]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseCloseOut {
    pub dseq: String,
    pub tx_hash: String,
    pub height: String,
    pub closed: Vec<LeaseRef>,
    /// The deployment's open orders after the close (the new ones providers may bid on).
    pub open_orders: Vec<OrderRef>,
}

pub fn run(ctx: &mut Ctx, args: LeaseArgs, chain: &super::chain::ChainArgs) -> CliResult {
    match args.command {
        LeaseCommand::Close(a) => close(ctx, a, chain),
    }
}

fn close(ctx: &mut Ctx, args: LeaseCloseArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    if let Some(p) = &args.provider {
        check_address(p, "--provider")?;
    }
    let flow = Flow::open(ctx, chain, &args.key)?;
    let sel = LeaseSelector {
        gseq: args.gseq,
        oseq: args.oseq,
        provider: args.provider.clone(),
        all: args.all,
    };
    let leases = flow
        .block(ops::lease::select(&flow.akash, dseq, &sel))
        .map_err(|e| op_error(ctx, &e))?;
    let providers: Vec<String> = leases.iter().map(|l| l.id.provider.clone()).collect();
    let mut target = ops::deployment_target(&flow.owner, dseq, &providers);
    if let ([l], vmc_receipt::Target::Fields(f)) = (leases.as_slice(), &mut target) {
        f.insert("gseq".into(), json!(l.id.gseq));
        f.insert("oseq".into(), json!(l.id.oseq));
    }
    let mut plan = akash_plan(&flow, "akash.lease.close", target);
    for l in &leases {
        plan.summary_lines.push(format!(
            "close lease {} at {}/block; deployment {dseq} stays open",
            ops::lease::lease_name(&l.id),
            l.price.human()
        ));
    }
    let refs: Vec<LeaseRef> = leases
        .iter()
        .map(|l| LeaseRef {
            dseq: l.id.dseq.to_string(),
            gseq: l.id.gseq,
            oseq: l.id.oseq,
            provider: l.id.provider.clone(),
        })
        .collect();
    plan.request = json!({
        "dseq": dseq.to_string(),
        "gseq": args.gseq,
        "oseq": args.oseq,
        "provider": args.provider,
        "all": args.all,
        "leases": refs,
    });
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    let mut events = EventPrinter::new(&ctx.printer);
    let r = flow.block(ops::lease::close_leases(
        &flow.akash,
        &mut events,
        dseq,
        &leases,
    ));
    events.finish();
    let (m, done) = or_fail(ctx, m, r)?;
    m.finish(Ok(json!({
        "tx_hash": done.tx_hash,
        "height": done.height.to_string(),
        "status": "closed",
        "closed": refs,
    })))?;
    let open_orders = match flow
        .session
        .call(flow.session.client.orders(&flow.owner, dseq))
    {
        Ok(orders) => orders
            .iter()
            .filter_map(|o| {
                let id = o.id.as_ref()?;
                Some(OrderRef {
                    gseq: id.gseq,
                    oseq: id.oseq,
                    state: order_state(o.state),
                })
            })
            .filter(|o| o.state == "open")
            .collect(),
        Err(e) => {
            ctx.printer.warn(&format!(
                "the leases are closed, but the orders could not be read: {}",
                e.message
            ));
            Vec::new()
        }
    };
    let out = LeaseCloseOut {
        dseq: dseq.to_string(),
        tx_hash: done.tx_hash.clone(),
        height: done.height.to_string(),
        closed: refs,
        open_orders,
    };
    let mut lines: Vec<String> = out
        .closed
        .iter()
        .map(|l| {
            format!(
                "lease {}/{}/{} with {} closed",
                l.dseq, l.gseq, l.oseq, l.provider
            )
        })
        .collect();
    for o in &out.open_orders {
        lines.push(format!(
            "group {}: order {dseq}/{}/{} is open for bids",
            o.gseq, o.gseq, o.oseq
        ));
    }
    print(ctx, &out, lines.join("\n"))
}
