//! `vmc receipts`: the tamper-evident log of every mutation in this context
//! (`<data dir>/contexts/<context>/receipts.jsonl`).

mod export;
mod list;
mod note;
mod repair;
mod root;
mod show;
mod verify;

use clap::{Args, Subcommand};
use vmc_journal::Journal;
use vmc_receipt::{Receipt, split_log};

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct ReceiptsArgs {
    #[command(subcommand)]
    pub command: ReceiptsCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReceiptsCommand {
    /// List operations (intent, steps, outcome), oldest first, optionally filtered.
    List(list::ListArgs),
    /// Show one receipt by its sequence number (an intent with its operation's steps).
    Show(show::ShowArgs),
    /// Check every hash, the chain and the signatures; name the first bad line.
    Verify(verify::VerifyArgs),
    /// Print all receipts as JSON Lines (default, byte-identical to the log) or `-o json`.
    Export(export::ExportArgs),
    /// Print the Merkle root (RFC 6962) over the receipt hashes, for anchoring elsewhere.
    Root(root::RootArgs),
    /// Cut off a torn final line left by a crash (and nothing else), recording a receipt.
    Repair(repair::RepairArgs),
    /// Record an operator note in the log (a mutation: needs --reason and --yes).
    Note(note::NoteArgs),
}

pub fn run(ctx: &mut Ctx, args: ReceiptsArgs) -> CliResult {
    match args.command {
        ReceiptsCommand::List(a) => list::run(ctx, a),
        ReceiptsCommand::Show(a) => show::run(ctx, a),
        ReceiptsCommand::Verify(a) => verify::run(ctx, a),
        ReceiptsCommand::Export(a) => export::run(ctx, a),
        ReceiptsCommand::Root(a) => root::run(ctx, a),
        ReceiptsCommand::Repair(a) => repair::run(ctx, a),
        ReceiptsCommand::Note(a) => note::run(ctx, a),
    }
}

/// The journal of the active context.
pub(crate) fn journal(ctx: &Ctx) -> Journal {
    Journal::new(ctx.settings.context_dir())
}

fn read_log(ctx: &Ctx) -> CliResult<Vec<u8>> {
    journal(ctx)
        .read()
        .map_err(|e| CliError::failure(e.to_string()))
}

/// The receipts that parse, in order; lines that do not (and a torn tail) are skipped with a
/// warning pointing at `vmc receipts verify`. Read-only commands stay useful on a damaged log.
pub(crate) fn read_receipts(ctx: &Ctx) -> CliResult<Vec<Receipt>> {
    let bytes = read_log(ctx)?;
    let split = split_log(&bytes);
    let mut out = Vec::with_capacity(split.lines.len());
    for (line, raw) in &split.lines {
        match serde_json::from_slice::<Receipt>(raw) {
            Ok(r) => out.push(r),
            Err(e) => ctx.printer.warn(&format!(
                "line {line} is not a valid receipt ({e}); run `vmc receipts verify`"
            )),
        }
    }
    if let Some(t) = split.torn {
        ctx.printer.warn(&format!(
            "line {} is torn ({} bytes without a newline); run `vmc receipts repair --reason …`",
            t.line, t.len
        ));
    }
    Ok(out)
}

/// One row per receipt.
pub(crate) fn receipts_table(rs: &[Receipt]) -> Table {
    let mut t = Table::new([
        "SEQ", "TIME", "PLATFORM", "ACTION", "TARGET", "PHASE", "OUTCOME", "REASON",
    ]);
    for r in rs {
        t.row([
            r.seq.to_string(),
            r.timestamp.clone(),
            r.platform.as_str().to_string(),
            r.action.clone(),
            r.target.to_string(),
            phase(r).to_string(),
            if r.phase == vmc_receipt::Phase::Step {
                step_status(r)
            } else {
                outcome(r)
            },
            r.reason.clone(),
        ]);
    }
    t
}

pub(crate) fn phase(r: &Receipt) -> &'static str {
    r.phase.as_str()
}

/// A step's status, with its error when it failed: `done`, `failed: no bids`.
pub(crate) fn step_status(r: &Receipt) -> String {
    match (&r.step, &r.error) {
        (Some(s), Some(e)) => format!("{}: {e}", s.status.as_str()),
        (Some(s), None) => s.status.as_str().to_string(),
        (None, _) => String::new(),
    }
}

pub(crate) fn outcome(r: &Receipt) -> String {
    match (r.outcome, &r.error) {
        (Some(vmc_receipt::Outcome::Success), _) => "success".into(),
        (Some(vmc_receipt::Outcome::Failure), Some(e)) => format!("failure: {e}"),
        (Some(vmc_receipt::Outcome::Failure), None) => "failure".into(),
        (None, _) => String::new(),
    }
}
