//! `vmc receipts show SEQ`.

use clap::Args;

use super::{outcome, phase, read_receipts};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The receipt's sequence number (its line number in the log).
    pub seq: u64,
}

pub fn run(ctx: &mut Ctx, args: ShowArgs) -> CliResult {
    let rs = read_receipts(ctx)?;
    let last = rs.last().map_or(0, |r| r.seq);
    let r = rs.into_iter().find(|r| r.seq == args.seq).ok_or_else(|| {
        CliError::not_found(format!("no receipt {} in this context", args.seq)).with_hint(format!(
            "receipts here are numbered 1 to {last}; see `vmc receipts list`"
        ))
    })?;
    ctx.printer.data(&r, || {
        let mut t = Table::new(["FIELD", "VALUE"]);
        let mut add = |k: &str, v: String| t.row([k.to_string(), v]);
        add("seq", r.seq.to_string());
        add("timestamp", r.timestamp.clone());
        add("platform", r.platform.as_str().into());
        add("network", r.network.clone());
        add("actor", r.actor.clone());
        add("action", r.action.clone());
        add("target", r.target.clone());
        add("reason", r.reason.clone());
        add("phase", phase(&r).into());
        if let Some(i) = r.intent_seq {
            add("intent_seq", i.to_string());
        }
        if r.outcome.is_some() {
            add("outcome", outcome(&r));
        }
        add("request", r.request.to_string());
        add("response", r.response.to_string());
        add("vmc_version", r.vmc_version.clone());
        if let Some(s) = &r.signer {
            add("signer", format!("{} {}", s.scheme, s.pubkey));
        }
        add("prev", r.prev.clone());
        add("sha256", r.sha256.clone());
        t
    })
}
