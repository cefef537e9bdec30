//! `vmc akash mint-act AMOUNT --yes --reason R`: burn AKT for ACT (`MsgMintACT`, `to` = the
//! wallet). The chain credits the ACT at the next BME epoch, so vmc waits for the uact balance
//! to rise (progress on stderr, `--timeout`, default 3m), then shows what was minted.
//!
//! Receipts: the intent, the step `mint` (`begin` with the hash before the broadcast, `done`
//! once included), and the outcome after the epoch.

use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vmc_akash_deploy::ops::{self, mint::MintOptions};
use vmc_receipt::Target;

use super::close::{akash_plan, op_error, or_fail, print};
use super::flow::{EventPrinter, Flow, parse_amount};
use super::key::KeyArgs;
use super::view::Money;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, MutationArgs, parse_duration};

#[derive(Debug, Args)]
pub struct MintActArgs {
    /// AKT to burn: `10akt`, `10000000uakt` (bare numbers are uakt).
    #[arg(value_name = "AMOUNT")]
    pub amount: String,
    /// How long to wait for the epoch that credits the ACT, e.g. 90s, 5m.
    #[arg(long, value_name = "DURATION", default_value = "3m")]
    pub timeout: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

/// `{tx_hash, height, burned, minted, balance, credited_at}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MintOut {
    pub tx_hash: String,
    /// Height of the mint transaction.
    pub height: String,
    /// The AKT burned (uakt).
    pub burned: Money,
    /// What the uact balance rose by.
    pub minted: Money,
    /// The uact balance afterwards.
    pub balance: Money,
    /// The first height at which the ACT was seen.
    pub credited_at: String,
}

pub fn run(ctx: &mut Ctx, args: MintActArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let (denom, burn) = parse_amount(&args.amount, "uakt").map_err(|m| {
        CliError::usage(m).with_hint("give the AKT to burn, e.g. `10akt` or `10000000uakt`")
    })?;
    if denom != "uakt" {
        return Err(CliError::usage(format!(
            "mint-act burns AKT, but `{}` is {denom}; nothing was sent",
            args.amount
        ))
        .with_hint("give the amount in akt or uakt, e.g. `vmc akash mint-act 10akt`"));
    }
    let timeout = parse_duration(&args.timeout).map_err(|e| {
        CliError::usage(format!("--timeout `{}`: {e}", args.timeout)).with_hint("e.g. 90s, 5m")
    })?;
    let flow = Flow::open(ctx, chain, &args.key)?;
    let funds = flow
        .block(ops::mint::check(&flow.akash, burn))
        .map_err(|e| op_error(ctx, &e))?;
    let target = Target::fields([("owner", json!(flow.owner))]);
    let mut plan = akash_plan(&flow, "akash.act.mint", target);
    let burned = Money {
        denom: "uakt".into(),
        amount: burn.to_string(),
    };
    plan.summary_lines.push(format!(
        "burn {} of {} for ACT, credited at the next BME epoch",
        super::view::human(&burned),
        flow.owner
    ));
    plan.request = json!({ "burn": burned });
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    let mut m = m;
    let mut events = EventPrinter::new(&ctx.printer);
    let opts = MintOptions {
        timeout,
        ..MintOptions::default()
    };
    let r = flow.block(ops::mint::mint(
        &flow.akash,
        m.operation(),
        &mut events,
        burn,
        funds.uact,
        &opts,
    ));
    events.finish();
    let (m, minted) = or_fail(ctx, m, r)?;
    let out = MintOut {
        tx_hash: minted.tx_hash.clone(),
        height: minted.height.to_string(),
        burned: Money::of(&minted.burned),
        minted: Money::of(&minted.minted),
        balance: Money::of(&minted.balance),
        credited_at: minted.credited_at.to_string(),
    };
    m.finish(Ok(json!({
        "tx_hash": out.tx_hash,
        "height": out.height,
        "status": "credited",
        "burned": out.burned,
        "minted": out.minted,
        "balance": out.balance,
        "credited_at": out.credited_at,
    })))?;
    let line = format!(
        "minted {} for {} (credited at block {}); the wallet holds {}",
        minted.minted.human(),
        minted.burned.human(),
        out.credited_at,
        minted.balance.human()
    );
    print(ctx, &out, line)
}
