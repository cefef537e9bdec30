//! `vmc receipts verify [FILE]`: every hash, the chain, the signatures. Exit 1 naming the first
//! bad line.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;
use vmc_receipt::verify_log;

use super::journal;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::AkashSignatureVerifier;
use crate::output::{OutputKind, Table};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A receipts file (e.g. from `vmc receipts export`); default: this context's log.
    pub file: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: VerifyArgs) -> CliResult {
    let path = args.file.unwrap_or_else(|| journal(ctx).log_path());
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(
                CliError::not_found(format!("{}: no such file", path.display()))
                    .with_hint("no receipts yet in this context, or a wrong FILE"),
            );
        }
        Err(e) => return Err(CliError::failure(format!("{}: {e}", path.display()))),
    };
    let file = path.display().to_string();
    match verify_log(&bytes, Some(&AkashSignatureVerifier)) {
        Ok(report) => {
            for seq in &report.dangling_intents {
                ctx.printer.warn(&format!(
                    "intent {seq} has no outcome: that command was interrupted (or is still running)"
                ));
            }
            let root = report.merkle_root_hex();
            let data = json!({
                "file": file,
                "ok": true,
                "receipts": report.receipts,
                "last_hash": report.last_hash,
                "merkle_root": root,
                "signatures_checked": report.signatures_checked,
                "dangling_intents": report.dangling_intents,
            });
            ctx.printer.data(&data, || {
                let mut t = Table::new(["FIELD", "VALUE"]);
                t.row(["file", &file]);
                t.row(["result", "ok: every hash, link and signature checks out"]);
                t.row(["receipts", &report.receipts.to_string()]);
                t.row(["last_hash", &report.last_hash]);
                t.row(["merkle_root", &root]);
                t.row(["signatures", &report.signatures_checked.to_string()]);
                t
            })
        }
        Err(e) => {
            if ctx.printer.format.kind != OutputKind::Table {
                ctx.printer.data(
                    &json!({"file": file, "ok": false, "line": e.line, "error": e.problem.to_string()}),
                    Table::default,
                )?;
            }
            let hint = if matches!(e.problem, vmc_receipt::Problem::TornTail { .. }) {
                "a crash interrupted an append; `vmc receipts repair --reason …` cuts the torn line and nothing else"
            } else {
                "the log was changed after it was written; compare with a backup or an anchored `vmc receipts root`"
            };
            Err(CliError::failure(format!("{file}: {e}")).with_hint(hint))
        }
    }
}
