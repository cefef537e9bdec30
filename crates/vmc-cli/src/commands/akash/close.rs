//! `vmc akash close DSEQ --yes --reason R`: close a deployment (`MsgCloseDeployment`); the
//! escrow is settled and what is left comes back to the wallet, which is reported.
//!
//! Also what the other small Akash mutations (`deposit`, `mint-act`, `lease close`,
//! `manifest send`, `cert create|revoke`) share: the receipt plan of a wallet's action
//! ([`akash_plan`]), the mapping of job errors to exit codes ([`op_error`]), and the one-line
//! table output ([`print`]). Their events render through [`EventPrinter`], as the deploy's do.

use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use vmc_akash_deploy::ops::{self, OpError};
use vmc_receipt::{Platform, Target};

use super::bids::parse_dseq;
use super::flow::{EventPrinter, Flow, port_error};
use super::key::KeyArgs;
use super::view::Money;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, Mutation, MutationArgs, Plan};
use crate::output::{OutputKind, Table};

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The deployment to close.
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

/// `{dseq, tx_hash, height, refund}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseOut {
    pub dseq: String,
    pub tx_hash: String,
    pub height: String,
    /// What came back to the wallet (null when it could not be measured).
    pub refund: Option<Money>,
}

pub fn run(ctx: &mut Ctx, args: CloseArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    let flow = Flow::open(ctx, chain, &args.key)?;
    let c = flow
        .block(ops::close::check(&flow.akash, dseq))
        .map_err(|e| op_error(ctx, &e))?;
    let escrow = c
        .deployment
        .escrow
        .as_ref()
        .map(|e| e.human())
        .unwrap_or_else(|| "nothing".into());
    let target = ops::deployment_target(&flow.owner, dseq, &c.providers);
    let mut plan = akash_plan(&flow, "akash.deployment.close", target);
    plan.summary_lines.push(format!(
        "close deployment {dseq} and its {} active lease(s); the escrow ({escrow}) returns to {}",
        c.providers.len(),
        flow.owner
    ));
    plan.request = json!({ "dseq": dseq.to_string() });
    let mut m = mutation::begin(ctx, &args.mutation, plan)?;
    let why = args
        .mutation
        .reason
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_string();
    let mut events = EventPrinter::new(&ctx.printer);
    let r = flow.block(ops::close::close(
        &flow.akash,
        m.operation(),
        &mut events,
        dseq,
        &why,
    ));
    events.finish();
    let (mut m, closed) = or_fail(ctx, m, r)?;
    let height = m
        .operation()
        .last_done("close")
        .map(|r| match &r.response["height"] {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            _ => String::new(),
        })
        .unwrap_or_default();
    let out = CloseOut {
        dseq: dseq.to_string(),
        tx_hash: closed.tx_hash.clone().unwrap_or_default(),
        height,
        refund: closed.refund.as_ref().map(Money::of),
    };
    m.finish(Ok(json!({
        "tx_hash": out.tx_hash,
        "height": out.height,
        "status": "closed",
        "refund": out.refund,
    })))?;
    // The progress line on stderr already said "deployment N closed, X returned": stdout
    // holds the record, as `deposit`'s does.
    ctx.printer.data(&out, || {
        let mut t = Table::new(["FIELD", "VALUE"]);
        t.row(["dseq".to_string(), out.dseq.clone()]);
        t.row(["state".to_string(), "closed".to_string()]);
        t.row([
            "returned".to_string(),
            out.refund.as_ref().map_or_else(
                || "unknown (the balance could not be read)".to_string(),
                super::view::human_exact,
            ),
        ]);
        t.row(["height".to_string(), out.height.clone()]);
        t.row(["tx".to_string(), out.tx_hash.clone()]);
        t
    })
}

/// The receipt plan of an action of this wallet: platform `akash`, the session's network, the
/// wallet address as the actor, receipts signed with the wallet key.
pub(crate) fn akash_plan(flow: &Flow, action: &str, target: Target) -> Plan {
    let mut plan = Plan::new(Platform::Akash, action, target);
    plan.actor = Some(flow.owner.clone());
    plan.network = Some(flow.session.network.to_string());
    plan.signer = Some(flow.signer());
    plan
}

/// Gives the mutation back with the job's value, or records a failed outcome for the job's
/// error and returns that error at the CLI edge.
pub(crate) fn or_fail<T>(
    ctx: &Ctx,
    m: Mutation,
    r: Result<T, OpError>,
) -> CliResult<(Mutation, T)> {
    match r {
        Ok(v) => Ok((m, v)),
        Err(e) => {
            let err = op_error(ctx, &e);
            m.finish(Err(&err))?;
            Err(err)
        }
    }
}

/// A job error at the CLI edge (docs/exit-codes.md): invalid input and funds 2, conflict 3,
/// not found 4, the chain's refusals 1 (raw log under `-v`), an unreachable node or provider 5.
pub(crate) fn op_error(ctx: &Ctx, e: &OpError) -> CliError {
    match e {
        OpError::Invalid(m) => CliError::usage(format!("{m}; nothing was sent")),
        OpError::NotFound(m) => CliError::not_found(m.clone())
            .with_hint("list the wallet's deployments with `vmc akash list --state all`"),
        OpError::Conflict(m) => CliError::conflict(format!("{m}; nothing was sent")),
        OpError::Funds { denom, .. } => {
            let hint = if denom == "uact" {
                "mint ACT from AKT with `vmc akash mint-act AMOUNT --yes --reason …` (credited at the next epoch), or use another wallet (`vmc akash balance`)"
            } else {
                "send AKT to this wallet, or use another wallet (`vmc akash balance`)"
            };
            CliError::usage(format!("{e}; nothing was sent")).with_hint(hint)
        }
        OpError::Chain { error, .. } => port_error(ctx, error),
        OpError::Gateway { .. } => CliError::failure(e.to_string()),
        OpError::Timeout { tx_hash, .. } => {
            let err = CliError::failure(e.to_string());
            match tx_hash {
                Some(h) => err.with_hint(format!(
                    "transaction {h} is on chain; `vmc akash balance` shows when the ACT arrives"
                )),
                None => err,
            }
        }
        OpError::Journal(m) => CliError::failure(m.clone()),
    }
}

/// Prints `value` for json/yaml/jsonl, or `line` for a table.
pub(crate) fn print<T: Serialize>(ctx: &Ctx, value: &T, line: String) -> CliResult {
    if ctx.printer.format.kind == OutputKind::Table {
        ctx.printer.raw(&format!("{line}\n"))
    } else {
        ctx.printer.data(value, || Table::new(["RESULT"]))
    }
}
