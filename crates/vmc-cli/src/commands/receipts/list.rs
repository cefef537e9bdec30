//! `vmc receipts list [--platform P] [--action A] [--target T] [--since WHEN] [--unfinished]`:
//! the operations of this context, oldest first, each with its intent, its steps and its
//! outcome.
//!
//! `-o json|yaml` gives `[{"operation": ID, "intent": {…}, "steps": [{…}, …], "outcome": {…} |
//! null}]` (the receipts as stored). Receipts written before operations existed are
//! intent/outcome pairs with the id `seq-<intent seq>` and no steps.
//!
//! The table fits the terminal (`COLUMNS`, else the terminal's width, else 160 when stdout is
//! not a terminal): long targets, outcomes and reasons are cut with `…`, and on a narrow terminal
//! OPERATION, PLATFORM and REASON are left out (unless picked with `-o columns=…`); TIME is to
//! the second. `-o json` and `vmc receipts show SEQ` keep everything whole.

use clap::Args;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vmc_journal::OperationLog;
use vmc_receipt::{Platform, Receipt};

use super::{outcome, read_receipts, step_status};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::{Table, table_width};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this platform: akash, hetzner or vmc.
    #[arg(long, value_name = "PLATFORM")]
    pub platform: Option<Platform>,
    /// Only this action, or actions under it (`akash.deployment` matches
    /// `akash.deployment.create`).
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    /// Only operations with a receipt whose target is exactly this (for a structured target:
    /// its `k=v …` form or the value of one field, e.g. a dseq).
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,
    /// Only operations with a receipt at or after this time: RFC 3339 (2026-01-01T00:00:00Z) or
    /// an age (24h, 7d).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only operations without an outcome (interrupted, or still running).
    #[arg(long)]
    pub unfinished: bool,
}

pub fn run(ctx: &mut Ctx, args: ListArgs) -> CliResult {
    let since = args.since.as_deref().map(parse_since).transpose()?;
    let ops: Vec<OperationLog> = OperationLog::group(read_receipts(ctx)?)
        .into_iter()
        .filter(|o| args.platform.is_none_or(|p| o.intent.platform == p))
        .filter(|o| {
            args.action.as_deref().is_none_or(|a| {
                let act = &o.intent.action;
                act == a || act.strip_prefix(a).is_some_and(|s| s.starts_with('.'))
            })
        })
        .filter(|o| {
            args.target
                .as_deref()
                .is_none_or(|t| o.receipts().any(|r| r.target.matches(t)))
        })
        .filter(|o| {
            since.is_none_or(|s| {
                o.receipts()
                    .any(|r| OffsetDateTime::parse(&r.timestamp, &Rfc3339).is_ok_and(|t| t >= s))
            })
        })
        .filter(|o| !args.unfinished || !o.is_finished())
        .collect();
    let data: Vec<Value> = ops.iter().map(operation_json).collect();
    ctx.printer.data(&data, || {
        operations_table(&ops).fit(table_width(), &FIT_SHRINK, &FIT_DROP)
    })
}

/// Cut with `…` to fit the terminal (whole in `-o json` and `vmc receipts show`).
const FIT_SHRINK: [&str; 3] = ["TARGET", "OUTCOME", "REASON"];
/// Left out of a narrow terminal, in this order: `receipts show SEQ` has them.
const FIT_DROP: [&str; 3] = ["OPERATION", "PLATFORM", "REASON"];

/// `2026-01-02T03:04:05.123456789Z` as `2026-01-02T03:04:05Z`: the table's TIME to the second.
fn to_the_second(ts: &str) -> String {
    match ts.split_once('.') {
        Some((head, frac)) => format!(
            "{head}{}",
            frac.trim_start_matches(|c: char| c.is_ascii_digit())
        ),
        None => ts.to_string(),
    }
}

/// `{"operation", "intent", "steps", "outcome"}`.
pub(crate) fn operation_json(o: &OperationLog) -> Value {
    json!({
        "operation": o.id,
        "intent": o.intent,
        "steps": o.steps,
        "outcome": o.outcome,
    })
}

/// One row per operation (its intent, its latest target and its outcome, or `unfinished`), and
/// under it one indented row per step.
pub(crate) fn operations_table(ops: &[OperationLog]) -> Table {
    let mut t = Table::new([
        "SEQ",
        "OPERATION",
        "TIME",
        "PLATFORM",
        "ACTION",
        "TARGET",
        "OUTCOME",
        "REASON",
    ]);
    for o in ops {
        let i = &o.intent;
        t.row([
            i.seq.to_string(),
            o.id.clone(),
            to_the_second(&i.timestamp),
            i.platform.as_str().to_string(),
            i.action.clone(),
            o.target().to_string(),
            o.outcome
                .as_ref()
                .map_or_else(|| "unfinished".to_string(), outcome),
            i.reason.clone(),
        ]);
        for s in &o.steps {
            t.row(step_row(s));
        }
    }
    t
}

fn step_row(s: &Receipt) -> [String; 8] {
    let name = s.step.as_ref().map_or("?", |st| st.name.as_str());
    [
        s.seq.to_string(),
        String::new(),
        to_the_second(&s.timestamp),
        String::new(),
        format!("  step {name}"),
        s.target.to_string(),
        step_status(s),
        String::new(),
    ]
}

fn parse_since(s: &str) -> CliResult<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let age = crate::mutation::parse_duration(s).map_err(|e| {
        CliError::usage(format!(
            "--since `{s}`: not an RFC 3339 time nor an age ({e})"
        ))
        .with_hint("e.g. --since 2026-01-01T00:00:00Z or --since 24h")
    })?;
    Ok(crate::clock::now()? - age)
}
