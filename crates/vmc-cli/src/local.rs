//! The embedded devnet of network `local` (issue 5 §7).
//!
//! With `--network local` — the default when nothing is configured — vmc talks to the devnet at
//! its default address. When nothing listens there, the command starts one inside its own process
//! on the persisted state (`<data dir>/devnet`), so a new user needs no second terminal; the
//! devnet stops and writes its state when the command ends. A devnet started with
//! `vmc devnet up` is used as it is.

use std::net::SocketAddr;

use tokio::runtime::Runtime;

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::settings::{Origin, Resolved, devnet_addr};

/// A devnet running inside this process for the length of one command. Dropping it stops the
/// devnet and writes its final snapshot.
pub struct EmbeddedDevnet {
    running: Option<vmc_devnet::RunningDevnet>,
    handle: tokio::runtime::Handle,
}

impl Drop for EmbeddedDevnet {
    fn drop(&mut self) {
        if let Some(dev) = self.running.take() {
            self.handle.block_on(dev.shutdown());
        }
    }
}

/// On network `local`, when `endpoint` is the devnet's default (not configured elsewhere) and no
/// devnet answers at the devnet address, starts one in this process. Returns `None` when there is
/// nothing to do (another network, a configured endpoint, or a devnet already running).
pub fn ensure(
    ctx: &Ctx,
    rt: &Runtime,
    endpoint: &Resolved<String>,
) -> CliResult<Option<EmbeddedDevnet>> {
    if ctx.settings.network.value != "local" || endpoint.origin != Origin::Default {
        return Ok(None);
    }
    let addr_text = devnet_addr();
    let addr: SocketAddr = addr_text.parse().map_err(|_| {
        CliError::usage(format!(
            "VMC_DEVNET_ADDR=`{addr_text}` is not an address like 127.0.0.1:26680"
        ))
    })?;
    let state_dir = ctx.settings.data_dir.join("devnet");
    if ctx.settings.network.origin == Origin::Default {
        announce_once(ctx, addr, &state_dir);
    }
    // The devnet's state (keys of its simulated providers) is private, whatever the umask.
    let _ = private_dir(&state_dir);
    let running = rt.block_on(vmc_devnet::ensure_running(addr, state_dir.clone())).map_err(|e| {
        CliError::unavailable(format!("could not start the local devnet at {addr}: {e}"))
            .with_hint("start one in another terminal with `vmc devnet up`, or set VMC_DEVNET_ADDR to a free address")
    })?;
    match running {
        None => Ok(None),
        Some(running) => {
            ctx.printer.debug(&format!(
                "devnet: started in this process at {addr} on {}",
                state_dir.display()
            ));
            Ok(Some(EmbeddedDevnet {
                running: Some(running),
                handle: rt.handle().clone(),
            }))
        }
    }
}

/// Says once (per data directory) that the unconfigured default is the local devnet; a marker
/// file in the devnet state directory remembers that it was said.
fn announce_once(ctx: &Ctx, addr: SocketAddr, state_dir: &std::path::Path) {
    let marker = state_dir.join(".network-local-announced");
    if marker.exists() {
        return;
    }
    ctx.printer.status(&format!(
        "network: local — the vmc devnet at {addr}, started inside vmc when none is running \
         (no network is configured; use --network, AKASH_NETWORK or a context for a real one)"
    ));
    let _ = private_dir(state_dir).and_then(|()| std::fs::write(&marker, b""));
}

/// Creates `dir` (and missing parents) with mode 0700, whatever the umask.
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}
