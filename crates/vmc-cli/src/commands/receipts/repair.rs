//! `vmc receipts repair --reason R [--yes]`: cut off a torn final line, and nothing else.
//!
//! A crash (or SIGKILL, or a full disk) in the middle of an append leaves a final line without
//! its newline, and no further receipt can be chained after it. Repair truncates the file to the
//! end of the last complete line, then records a `receipts.repair` intent and outcome saying what
//! was cut (length, SHA-256 and text of the removed bytes). Damage anywhere else is not touched:
//! `vmc receipts verify` names it, and only a person can judge it. Unlike other mutations, the
//! intent is written after the fix, because nothing can be appended before it.

use clap::Args;
use serde_json::json;
use vmc_receipt::Platform;

use super::journal;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, MutationArgs, Plan};

/// At most this much of the removed text goes into the receipt.
const MAX_TEXT: usize = 4096;

#[derive(Debug, Args)]
pub struct RepairArgs {
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: RepairArgs) -> CliResult {
    let j = journal(ctx);
    let path = j.log_path();
    let Some(torn) = j
        .torn_tail()
        .map_err(|e| CliError::failure(e.to_string()))?
    else {
        ctx.printer.status(&format!(
            "nothing to repair: {} has no torn final line",
            path.display()
        ));
        return Ok(());
    };
    let mut plan = Plan::new(Platform::Vmc, "receipts.repair", path.display().to_string());
    plan.summary_lines.push(format!(
        "cut the torn final line {} ({} bytes) from {}",
        torn.line,
        torn.len,
        path.display()
    ));
    let mut locked = mutation::lock(ctx, &args.mutation, plan)?;
    let repaired = locked
        .journal()
        .repair(locked.guard())
        .map_err(|e| CliError::failure(e.to_string()))?;
    let Some(r) = repaired else {
        ctx.printer
            .status("nothing to repair: another process repaired the log meanwhile");
        return Ok(());
    };
    let text = String::from_utf8_lossy(&r.bytes);
    let text: String = text.chars().take(MAX_TEXT).collect();
    locked.plan.request = json!({
        "torn_line": r.torn.line,
        "removed_bytes": r.torn.len,
        "removed_sha256": hex_sha256(&r.bytes),
        "removed_text": text,
        "truncated_to": r.torn.offset,
    });
    let m = locked.record_intent()?;
    let outcome = m.finish(Ok(json!({ "truncated_to": r.torn.offset })))?;
    ctx.printer.status(&format!(
        "cut torn line {} ({} bytes); recorded receipts {} and {}",
        r.torn.line,
        r.torn.len,
        outcome.seq - 1,
        outcome.seq
    ));
    let data = json!({
        "torn_line": r.torn.line,
        "removed_bytes": r.torn.len,
        "receipt": outcome.seq,
    });
    ctx.printer.data(&data, || {
        let mut t = crate::output::Table::new(["TORN_LINE", "REMOVED_BYTES", "RECEIPT"]);
        t.row([
            r.torn.line.to_string(),
            r.torn.len.to_string(),
            outcome.seq.to_string(),
        ]);
        t
    })
}

fn hex_sha256(bytes: &[u8]) -> String {
    vmc_receipt::sha256(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
