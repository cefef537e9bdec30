//! `vmc devnet status`: ask a running devnet what it is.

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Devnet base URL (default: http://VMC_DEVNET_ADDR).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: StatusArgs) -> CliResult {
    let url = args
        .url
        .unwrap_or_else(|| format!("http://{}", crate::settings::devnet_addr()));
    let rt = crate::runtime()?;
    let info = rt.block_on(vmc_devnet::status(&url)).map_err(|e| {
        CliError::unavailable(e.to_string()).with_hint("start one with `vmc devnet up`")
    })?;
    ctx.printer.data(&info, || {
        let mut t = Table::new(["CHAIN_ID", "HEIGHT", "ACCOUNTS", "PROVIDERS"]);
        t.row([
            info["chain_id"].as_str().unwrap_or_default().to_string(),
            info["height"].as_str().unwrap_or_default().to_string(),
            info["accounts"]
                .as_array()
                .map(|a| a.len())
                .unwrap_or(0)
                .to_string(),
            info["providers"]
                .as_array()
                .map(|a| a.len())
                .unwrap_or(0)
                .to_string(),
        ]);
        t
    })
}
