//! `vmc akash deposit DSEQ AMOUNT --yes --reason R`: top up a deployment's escrow account
//! (`MsgAccountDeposit` from the wallet's balance), then show the new balance and runway.
//! AMOUNT is `5act`, `5000000uact` (a bare number is micro units) in the deployment's denom.

use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vmc_akash_client::MarketFilter;
use vmc_akash_deploy::ops;

use super::bids::{deployment_or_not_found, parse_dseq};
use super::close::{akash_plan, op_error, or_fail};
use super::escrow::{balance_rows, escrow_at_head};
use super::flow::{EventPrinter, Flow, parse_amount, port_error};
use super::key::KeyArgs;
use super::view::{self, EscrowView, Money};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, MutationArgs};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct DepositArgs {
    /// The deployment to fund.
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// How much: `5act`, `0.5act`, `5000000uact` (bare numbers are micro units), in the
    /// deployment's denom.
    #[arg(value_name = "AMOUNT")]
    pub amount: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

/// `{dseq, tx_hash, height, deposited, escrow}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositOut {
    pub dseq: String,
    pub tx_hash: String,
    pub height: String,
    pub deposited: Money,
    /// The escrow account after the deposit (as `vmc akash escrow` shows it).
    pub escrow: Option<EscrowView>,
}

pub fn run(ctx: &mut Ctx, args: DepositArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    let flow = Flow::open(ctx, chain, &args.key)?;
    let dep = flow
        .block(vmc_akash_deploy::port::Akash::deployment(&flow.akash, dseq))
        .map_err(|e| port_error(ctx, &e))?;
    let default_denom = dep
        .as_ref()
        .map(ops::deposit::deployment_denom)
        .unwrap_or_else(|| "uact".into());
    let (denom, amount) = parse_amount(&args.amount, &default_denom).map_err(|m| {
        CliError::usage(m).with_hint("e.g. `5act` or `5000000uact`; nothing was sent")
    })?;
    let plan_ = flow
        .block(ops::deposit::check(&flow.akash, dseq, &denom, amount))
        .map_err(|e| op_error(ctx, &e))?;
    let mut plan = akash_plan(
        &flow,
        "akash.deployment.deposit",
        ops::deployment_target(&flow.owner, dseq, &plan_.providers),
    );
    plan.summary_lines.push(format!(
        "deposit {} from {} into the escrow of deployment {dseq}{}",
        ops::deposit::describe(&plan_),
        flow.owner,
        plan_
            .escrow_before
            .as_ref()
            .map(|e| format!(" (now {})", e.human()))
            .unwrap_or_default()
    ));
    plan.request = json!({
        "dseq": dseq.to_string(),
        "amount": {"denom": denom, "amount": amount.to_string()},
    });
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    let mut events = EventPrinter::new(&ctx.printer);
    let r = flow.block(ops::deposit::deposit(&flow.akash, &mut events, &plan_));
    events.finish();
    let (m, done) = or_fail(ctx, m, r)?;
    m.finish(Ok(json!({
        "tx_hash": done.tx_hash,
        "height": done.height.to_string(),
        "status": "deposited",
        "amount": Money::of(&done.amount),
    })))?;
    let escrow = match escrow_now(&flow, dseq) {
        Ok(e) => e,
        Err(e) => {
            ctx.printer.warn(&format!(
                "the deposit is on chain, but the escrow account could not be read: {}",
                e.message
            ));
            None
        }
    };
    let out = DepositOut {
        dseq: dseq.to_string(),
        tx_hash: done.tx_hash.clone(),
        height: done.height.to_string(),
        deposited: Money::of(&done.amount),
        escrow,
    };
    ctx.printer.data(&out, || {
        let mut t = Table::new(["FIELD", "VALUE"]);
        t.row(["dseq".to_string(), out.dseq.clone()]);
        t.row(["deposited".to_string(), view::human_exact(&out.deposited)]);
        if let Some(e) = &out.escrow {
            balance_rows(&mut t, e);
            t.row(["time left".to_string(), view::runway(e)]);
        }
        t.row(["tx".to_string(), out.tx_hash.clone()]);
        t
    })
}

/// The deployment's escrow account now, as `vmc akash escrow` computes it.
pub(crate) fn escrow_now(flow: &Flow, dseq: u64) -> CliResult<Option<EscrowView>> {
    let s = &flow.session;
    let id = vmc_akash::DeploymentId::new(flow.owner.clone(), dseq)
        .map_err(|e| CliError::usage(e.to_string()))?;
    let dep = deployment_or_not_found(s, &id)?;
    let filter = MarketFilter {
        owner: &flow.owner,
        dseq: Some(dseq),
        ..Default::default()
    };
    Ok(escrow_at_head(s, &filter, &dep, &s.block_time()?)?.0)
}
