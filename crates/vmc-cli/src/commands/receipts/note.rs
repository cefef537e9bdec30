//! `vmc receipts note TEXT --reason R [--yes]`: record an operator note (e.g. "rotated the
//! provider's certificate by hand") in the log, as an intent and outcome like any mutation.

use clap::Args;
use serde_json::json;
use vmc_receipt::Platform;

use super::receipts_table;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, MutationArgs, Plan};

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The note.
    pub text: String,
    /// What the note is about (free text, e.g. a dseq or a server name).
    #[arg(long, default_value = "")]
    pub target: String,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: NoteArgs) -> CliResult {
    if args.text.trim().is_empty() {
        return Err(CliError::usage("the note is empty")
            .with_hint("vmc receipts note \"what happened\" --reason … --yes"));
    }
    let mut plan = Plan::new(Platform::Vmc, "receipts.note", args.target.clone());
    plan.summary_lines
        .push(format!("record the note: {}", args.text));
    plan.request = json!({ "text": args.text });
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    let intent = m.intent().clone();
    let outcome = m.finish(Ok(serde_json::Value::Null))?;
    let rs = vec![intent, outcome];
    ctx.printer.data(&rs, || receipts_table(&rs))
}
