//! `vmc receipts show SEQ`: one receipt. An intent is shown with its operation's steps and
//! outcome (`-o json`: the receipt plus `"steps": [...]`).

use clap::Args;
use serde_json::Value;
use vmc_journal::OperationLog;
use vmc_receipt::Phase;

use super::{outcome, phase, read_receipts, step_status};
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
    let Some(r) = rs.iter().find(|r| r.seq == args.seq).cloned() else {
        return Err(
            CliError::not_found(format!("no receipt {} in this context", args.seq)).with_hint(
                format!("receipts here are numbered 1 to {last}; see `vmc receipts list`"),
            ),
        );
    };
    let op = (r.phase == Phase::Intent)
        .then(|| {
            OperationLog::group(rs)
                .into_iter()
                .find(|o| o.intent.seq == r.seq)
        })
        .flatten();
    let mut data = serde_json::to_value(&r).map_err(|e| CliError::failure(e.to_string()))?;
    if let (Some(o), Value::Object(m)) = (&op, &mut data) {
        m.insert(
            "steps".into(),
            serde_json::to_value(&o.steps).map_err(|e| CliError::failure(e.to_string()))?,
        );
    }
    ctx.printer.data(&data, || {
        let mut t = Table::new(["FIELD", "VALUE"]);
        let mut add = |k: &str, v: String| t.row([k.to_string(), v]);
        add("seq", r.seq.to_string());
        add("timestamp", r.timestamp.clone());
        add("platform", r.platform.as_str().into());
        add("network", r.network.clone());
        add("actor", r.actor.clone());
        add("action", r.action.clone());
        add("target", r.target.to_string());
        add("reason", r.reason.clone());
        add("phase", phase(&r).into());
        if let Some(id) = &r.operation {
            add("operation", id.clone());
        }
        if let Some(s) = &r.step {
            add("step", s.name.clone());
            add("status", step_status(&r));
        }
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
        if let Some(o) = &op {
            for s in &o.steps {
                let name = s.step.as_ref().map_or("?", |st| st.name.as_str());
                add(
                    "step",
                    format!(
                        "{}: {name} {} at {} {}",
                        s.seq,
                        step_status(s),
                        s.timestamp,
                        s.response
                    ),
                );
            }
            add(
                "outcome",
                o.outcome.as_ref().map_or_else(
                    || "unfinished".to_string(),
                    |x| format!("{}: {}", x.seq, outcome(x)),
                ),
            );
        }
        t
    })
}
