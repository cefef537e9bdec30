//! Waiting for actions with progress on stderr: a bar per action on a terminal, plain lines
//! otherwise, nothing on stdout. A failed action becomes an error with its code and message.

use std::collections::HashMap;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use vmc_hetzner::{Action, WaitOptions};

use super::api::{Api, api_error};
use crate::Ctx;
use crate::error::{CliError, CliResult};

/// Polls every action to its end. `Err` when one failed (exit 1, its code and message).
pub fn wait(ctx: &Ctx, api: &Api, actions: &[Action], poll: Duration) -> CliResult<Vec<Action>> {
    if actions.is_empty() {
        return Ok(Vec::new());
    }
    let opts = WaitOptions {
        poll_interval: poll,
        ..WaitOptions::default()
    };
    let bars = (ctx.printer.interactive && !ctx.printer.quiet).then(|| {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template("{spinner} {msg:40} [{bar:30}] {pos:>3}% {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        let map: HashMap<i64, ProgressBar> = actions
            .iter()
            .map(|a| {
                let b = multi.add(ProgressBar::new(100));
                b.set_style(style.clone());
                b.set_message(a.describe());
                b.enable_steady_tick(Duration::from_millis(120));
                (a.id, b)
            })
            .collect();
        (multi, map)
    });
    let mut announced: HashMap<i64, bool> = HashMap::new();
    let printer = ctx.printer.clone();
    let result = api.block(api.client.wait_for_actions(actions, opts, |state| {
        for a in state {
            if let Some((_, map)) = &bars {
                if let Some(b) = map.get(&a.id) {
                    b.set_position(a.progress.clamp(0, 100) as u64);
                    if a.is_finished() && !b.is_finished() {
                        let mark = if a.failed() { "failed" } else { "done" };
                        b.finish_with_message(format!("{} {mark}", a.describe()));
                    }
                }
                continue;
            }
            let finished = a.is_finished();
            match announced.get(&a.id) {
                None => {
                    if finished {
                        printer.status(&format!("{}: {}", a.describe(), outcome(a)));
                    } else {
                        printer.status(&format!("waiting for {} …", a.describe()));
                    }
                    announced.insert(a.id, finished);
                }
                Some(false) if finished => {
                    printer.status(&format!("{}: {}", a.describe(), outcome(a)));
                    announced.insert(a.id, true);
                }
                _ => {}
            }
        }
    }));
    if let Some((multi, map)) = bars {
        for b in map.values() {
            if !b.is_finished() {
                b.abandon();
            }
        }
        let _ = multi.clear();
    }
    let done = result.map_err(api_error)?;
    if let Some(bad) = done.iter().find(|a| a.failed()) {
        let (code, message) = bad
            .error
            .as_ref()
            .map(|e| (e.code.as_str(), e.message.as_str()))
            .unwrap_or((bad.status.as_str(), "no error message"));
        return Err(CliError::failure(format!(
            "action {} {} failed: {message} ({code})",
            bad.id,
            bad.describe()
        )));
    }
    Ok(done)
}

fn outcome(a: &Action) -> String {
    if a.failed() {
        match &a.error {
            Some(e) => format!("failed: {} ({})", e.message, e.code),
            None => format!("failed ({})", a.status),
        }
    } else {
        "done".into()
    }
}

/// The `--no-wait` answer: the action ids, as data.
pub fn print_actions(ctx: &Ctx, actions: &[Action]) -> CliResult {
    ctx.printer.data(&actions, || {
        let mut t = crate::output::Table::new(["ID", "COMMAND", "STATUS", "PROGRESS", "RESOURCES"]);
        for a in actions {
            t.row([
                a.id.to_string(),
                a.command.clone(),
                a.status.to_string(),
                a.progress.to_string(),
                a.resources
                    .iter()
                    .map(|r| format!("{}:{}", r.kind, r.id))
                    .collect::<Vec<_>>()
                    .join(","),
            ]);
        }
        t
    })
}
