//! `vmc devnet reset --yes`: delete the saved devnet state.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// Confirm: the devnet's chain (accounts, deployments, leases, servers) is deleted.
    #[arg(long)]
    pub yes: bool,
    /// State directory (default: <data dir>/devnet).
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: ResetArgs) -> CliResult {
    let dir = args
        .state
        .clone()
        .unwrap_or_else(|| super::default_state_dir(ctx));
    let file = vmc_devnet::persist::path(&dir);
    if !args.yes {
        return Err(CliError::usage(format!(
            "this deletes the devnet state in {}",
            dir.display()
        ))
        .with_hint("add --yes to confirm"));
    }
    let addr = crate::settings::devnet_addr();
    if args.state.is_none()
        && let Ok(sa) = addr.parse::<std::net::SocketAddr>()
        && std::net::TcpStream::connect_timeout(&sa, std::time::Duration::from_millis(300)).is_ok()
    {
        return Err(CliError::conflict(format!(
            "a devnet is running at {addr}; it would rewrite its state"
        ))
        .with_hint("stop it (Ctrl-C in its terminal), then reset"));
    }
    let removed = match std::fs::remove_file(&file) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(CliError::failure(format!(
                "cannot delete {}: {e}",
                file.display()
            )));
        }
    };
    let out = json!({"state_dir": dir.display().to_string(), "removed": removed});
    ctx.printer.data(&out, || {
        let mut t = crate::output::Table::new(["STATE_DIR", "REMOVED"]);
        t.row([dir.display().to_string(), removed.to_string()]);
        t
    })?;
    ctx.printer.status(if removed {
        "devnet state deleted; the next `vmc devnet up` starts from the genesis"
    } else {
        "there was no devnet state to delete"
    });
    Ok(())
}
