//! `vmc receipts export [-o jsonl|json]`: all receipts, for backup or for another machine.
//! JSON Lines (the default) are the log's lines byte for byte, so `vmc receipts verify FILE`
//! works on the export.

use clap::Args;
use vmc_receipt::split_log;

use super::{read_log, read_receipts};
use crate::Ctx;
use crate::error::CliResult;
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct ExportArgs {}

pub fn run(ctx: &mut Ctx, _args: ExportArgs) -> CliResult {
    match ctx.printer.format.kind {
        OutputKind::Table | OutputKind::Jsonl => {
            let bytes = read_log(ctx)?;
            let split = split_log(&bytes);
            if let Some(t) = split.torn {
                ctx.printer.warn(&format!(
                    "line {} is torn and was left out; run `vmc receipts repair --reason …`",
                    t.line
                ));
            }
            let mut out = String::new();
            for (_, l) in split.lines {
                out.push_str(&String::from_utf8_lossy(l));
                out.push('\n');
            }
            ctx.printer.raw(&out)
        }
        OutputKind::Json | OutputKind::Yaml => {
            let rs = read_receipts(ctx)?;
            ctx.printer.data(&rs, Default::default)
        }
    }
}
