//! `vmc lock status`: whether a mutation holds this context's lock, and who.

use clap::{Args, Subcommand};
use serde_json::json;
use vmc_journal::LockStatus;

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct LockArgs {
    #[command(subcommand)]
    pub command: LockCommand,
}

#[derive(Debug, Subcommand)]
pub enum LockCommand {
    /// Show whether the mutation lock is held, and by whom (pid, host, command, reason, start).
    Status,
}

pub fn run(ctx: &mut Ctx, args: LockArgs) -> CliResult {
    match args.command {
        LockCommand::Status => status(ctx),
    }
}

fn status(ctx: &mut Ctx) -> CliResult {
    let journal = crate::commands::receipts::journal(ctx);
    let st = journal
        .lock_status()
        .map_err(|e| CliError::failure(e.to_string()))?;
    let (state, holder, stale) = match st {
        LockStatus::Free { stale } => ("free", None, stale),
        LockStatus::Held { holder } => ("held", holder, None),
    };
    let data = json!({
        "context": ctx.settings.context_name.value,
        "lock_file": journal.lock_path(),
        "state": state,
        "holder": holder,
        "stale_holder": stale,
    });
    if let Some(s) = &stale {
        ctx.printer.hint(&format!(
            "the last holder ({s}) ended without releasing cleanly; the kernel freed the lock"
        ));
    }
    ctx.printer.data(&data, || {
        let mut t = Table::new(["STATE", "PID", "HOST", "COMMAND", "REASON", "SINCE"]);
        match &holder {
            Some(h) => t.row([
                state.to_string(),
                h.pid.to_string(),
                h.host.clone(),
                h.command.clone(),
                h.reason.clone(),
                h.started.clone(),
            ]),
            None if state == "held" => t.row([state, "?", "?", "?", "?", "?"]),
            None => t.row([state, "", "", "", "", ""]),
        }
        t
    })
}
