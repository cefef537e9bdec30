//! `vmc devnet up`: run the devnet in the foreground.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct UpArgs {
    /// Address to listen on (default: VMC_DEVNET_ADDR or 127.0.0.1:26680).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Time between blocks, e.g. 1s (default) or 6s like mainnet.
    #[arg(long, value_name = "DUR", default_value = "1s")]
    pub block_time: String,
    /// Seed for the simulated providers' keys (default: VMC_SEED or 1).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Genesis file (default: the built-in one; see docs/devnet-genesis.md). Read only when
    /// there is no saved state.
    #[arg(long, value_name = "FILE")]
    pub genesis: Option<PathBuf>,
    /// State directory (default: <data dir>/devnet).
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: UpArgs) -> CliResult {
    let listen_text = args
        .listen
        .clone()
        .unwrap_or_else(crate::settings::devnet_addr);
    let listen: SocketAddr = listen_text.parse().map_err(|_| {
        CliError::usage(format!("--listen {listen_text:?} is not an address"))
            .with_hint("give IP:PORT, e.g. --listen 127.0.0.1:26680")
    })?;
    let block_time = vmc_devnet::parse_duration(&args.block_time).map_err(|e| {
        CliError::usage(format!("--block-time {:?}: {e}", args.block_time))
            .with_hint("e.g. --block-time 6s")
    })?;
    if block_time.is_zero() {
        return Err(
            CliError::usage("--block-time must be more than 0").with_hint("e.g. --block-time 1s")
        );
    }
    let seed = match args.seed {
        Some(s) => s,
        None => match crate::settings::env_var(vmc_config::env::VMC_SEED) {
            Some(s) => s
                .parse()
                .map_err(|_| CliError::usage(format!("VMC_SEED={s:?} is not a number")))?,
            None => 1,
        },
    };
    let genesis = match &args.genesis {
        None => vmc_devnet::Genesis::default_embedded(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                CliError::usage(format!("cannot read the genesis {}: {e}", p.display()))
            })?;
            vmc_devnet::Genesis::parse(&text).map_err(|e| {
                CliError::usage(format!("{}: {e}", p.display()))
                    .with_hint("see docs/devnet-genesis.md")
            })?
        }
    };
    let state_dir = args
        .state
        .clone()
        .unwrap_or_else(|| super::default_state_dir(ctx));
    let config = vmc_devnet::DevnetConfig {
        listen,
        block_time: Some(block_time),
        seed,
        genesis: genesis.clone(),
        state_dir: Some(state_dir.clone()),
        clock: None,
    };
    let rt = crate::runtime()?;
    rt.block_on(async {
        let running = vmc_devnet::start(config).await.map_err(|e| match e {
            vmc_devnet::DevnetError::Bind { .. } => CliError::conflict(e.to_string())
                .with_hint("another devnet may be running: `vmc devnet status`, or pick --listen"),
            vmc_devnet::DevnetError::Genesis(_) => {
                CliError::usage(e.to_string()).with_hint("see docs/devnet-genesis.md")
            }
            other => CliError::failure(other.to_string())
                .with_hint("`vmc devnet reset --yes` starts over from the genesis"),
        })?;
        // Listen for Ctrl-C before announcing the endpoints: a caller that reads them and sends
        // SIGINT at once must find the handler installed, not the default (kill) disposition.
        let mut interrupt =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|e| CliError::failure(format!("could not listen for Ctrl-C: {e}")))?;
        let summary = summary(&running, &genesis, &state_dir, block_time);
        ctx.printer.data(&summary, || table(&summary))?;
        ctx.printer.status(&format!(
            "devnet running at {} (chain {}); Ctrl-C stops it, the state is kept in {}",
            running.url(),
            summary["chain_id"].as_str().unwrap_or_default(),
            state_dir.display()
        ));
        interrupt.recv().await;
        ctx.printer.status("stopping the devnet");
        running.shutdown().await;
        Ok::<(), CliError>(())
    })
}

fn summary(
    running: &vmc_devnet::RunningDevnet,
    genesis: &vmc_devnet::Genesis,
    state_dir: &std::path::Path,
    block_time: std::time::Duration,
) -> Value {
    let url = running.url();
    running.devnet().with_state(|st| {
        let accounts: Vec<Value> = genesis
            .accounts
            .iter()
            .filter_map(|a| {
                let address = match (&a.address, a.dev_wallet) {
                    (Some(addr), _) => addr.clone(),
                    (None, Some(i)) => vmc_devnet::genesis::dev_address(i),
                    _ => return None,
                };
                let balances = st
                    .accounts
                    .get(&address)
                    .map(|acc| {
                        acc.balances
                            .iter()
                            .map(|(d, v)| json!({"denom": d, "amount": v.to_string()}))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                Some(json!({
                    "name": a.name.clone().unwrap_or_default(),
                    "address": address,
                    "dev_wallet_index": a.dev_wallet,
                    "balances": balances,
                }))
            })
            .collect();
        let providers: Vec<Value> = st
            .providers
            .values()
            .map(|p| json!({"name": p.name, "address": p.owner, "host_uri": p.host_uri}))
            .collect();
        let gateways: Vec<Value> = running
            .gateways
            .iter()
            .map(|g| json!({"name": g.name, "address": g.address, "url": g.url}))
            .collect();
        json!({
            "rest": url,
            "hetzner": format!("{url}/hetzner/v1"),
            "chain_id": st.chain_id,
            "height": st.height.to_string(),
            "block_time": humanize(block_time),
            "state_dir": state_dir.display().to_string(),
            "dev_mnemonic": "see vmc_devnet::genesis::DEV_MNEMONIC / docs/devnet-genesis.md",
            "accounts": accounts,
            "providers": providers,
            "gateways": gateways,
        })
    })
}

fn humanize(d: std::time::Duration) -> String {
    format!("{}ms", d.as_millis())
}

fn table(v: &Value) -> Table {
    let mut t = Table::new(["KIND", "NAME", "ADDRESS", "DETAIL"]);
    t.row([
        "endpoint",
        "akash rest",
        v["rest"].as_str().unwrap_or_default(),
        v["chain_id"].as_str().unwrap_or_default(),
    ]);
    t.row([
        "endpoint",
        "hetzner",
        v["hetzner"].as_str().unwrap_or_default(),
        "",
    ]);
    for g in v["gateways"].as_array().into_iter().flatten() {
        t.row([
            "endpoint",
            &format!("gateway {}", g["name"].as_str().unwrap_or_default()),
            g["url"].as_str().unwrap_or_default(),
            g["address"].as_str().unwrap_or_default(),
        ]);
    }
    for a in v["accounts"].as_array().into_iter().flatten() {
        let bal = a["balances"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| {
                format!(
                    "{}{}",
                    b["amount"].as_str().unwrap_or_default(),
                    b["denom"].as_str().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        t.row([
            "account",
            a["name"].as_str().unwrap_or_default(),
            a["address"].as_str().unwrap_or_default(),
            &bal,
        ]);
    }
    for p in v["providers"].as_array().into_iter().flatten() {
        t.row([
            "provider",
            p["name"].as_str().unwrap_or_default(),
            p["address"].as_str().unwrap_or_default(),
            p["host_uri"].as_str().unwrap_or_default(),
        ]);
    }
    t
}
