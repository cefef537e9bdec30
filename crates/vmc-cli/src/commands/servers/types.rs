//! `vmc servers types [--cores N] [--memory GB] [--arch x86|arm] [--location L]`: one row per
//! type and location, with the price per hour and per month.

use clap::Args;

use super::api::Api;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct TypesArgs {
    /// At least this many cores.
    #[arg(long)]
    pub cores: Option<f64>,
    /// At least this much memory, in GB.
    #[arg(long)]
    pub memory: Option<f64>,
    /// CPU architecture: x86 or arm.
    #[arg(long)]
    pub arch: Option<String>,
    /// Only this location.
    #[arg(long)]
    pub location: Option<String>,
    /// Also list locations where the type cannot be ordered now.
    #[arg(long)]
    pub all: bool,
}

pub fn run(ctx: &mut Ctx, args: TypesArgs) -> CliResult {
    if let Some(a) = &args.arch
        && !vmc_hetzner::Architecture::KNOWN.contains(&a.as_str())
    {
        return Err(CliError::usage(format!("--arch `{a}` is not x86 or arm")));
    }
    let api = Api::new(ctx)?;
    let types: Vec<_> = api
        .call(api.client.list_server_types())?
        .into_iter()
        .filter(|t| {
            args.cores
                .is_none_or(|c| t.cores.as_f64().unwrap_or(0.0) >= c)
        })
        .filter(|t| {
            args.memory
                .is_none_or(|m| t.memory.as_f64().unwrap_or(0.0) >= m)
        })
        .filter(|t| {
            args.arch
                .as_deref()
                .is_none_or(|a| t.architecture.as_str() == a)
        })
        .filter(|t| {
            args.location
                .as_deref()
                .is_none_or(|l| t.prices.iter().any(|p| p.location == l))
        })
        .collect();
    ctx.printer.data(&types, || {
        let mut t = Table::new([
            "NAME",
            "ARCH",
            "CORES",
            "CPU",
            "MEMORY",
            "DISK",
            "LOCATION",
            "AVAILABLE",
            "HOURLY_NET",
            "MONTHLY_NET",
            "HOURLY_GROSS",
            "MONTHLY_GROSS",
        ]);
        for st in &types {
            for p in &st.prices {
                if args.location.as_deref().is_some_and(|l| l != p.location) {
                    continue;
                }
                let avail = st
                    .locations
                    .iter()
                    .find(|l| l.name == p.location)
                    .is_some_and(|l| l.available && l.deprecation.is_none());
                if !avail && !args.all {
                    continue;
                }
                t.row([
                    st.name.clone(),
                    st.architecture.to_string(),
                    st.cores.to_string(),
                    st.cpu_type.to_string(),
                    format!("{} GB", st.memory),
                    format!("{} GB", st.disk),
                    p.location.clone(),
                    if avail { "yes" } else { "no" }.to_string(),
                    p.price_hourly.net.normalize().to_string(),
                    p.price_monthly.net.normalize().to_string(),
                    p.price_hourly.gross.normalize().to_string(),
                    p.price_monthly.gross.normalize().to_string(),
                ]);
            }
        }
        t
    })
}
