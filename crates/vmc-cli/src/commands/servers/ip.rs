//! `vmc servers ip NAME [-6]`: the public address, for scripts.

use clap::Args;

use super::api::Api;
use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct IpArgs {
    /// Server name or ID.
    pub server: String,
    /// The IPv6 network's first address instead of IPv4.
    #[arg(short = '6', long)]
    pub ipv6: bool,
}

pub fn run(ctx: &mut Ctx, args: IpArgs) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let ip = if args.ipv6 {
        s.ipv6().map(|net| {
            let base = net.split('/').next().unwrap_or(net);
            format!("{base}1")
        })
    } else {
        s.ipv4().map(str::to_string)
    };
    let ip = ip.ok_or_else(|| {
        CliError::not_found(format!(
            "server `{}` has no public {}",
            s.name,
            if args.ipv6 { "IPv6" } else { "IPv4" }
        ))
    })?;
    if ctx.printer.format.kind == crate::output::OutputKind::Table {
        // Bare, for `ssh root@$(vmc servers ip web)`.
        return ctx.printer.raw(&format!("{ip}\n"));
    }
    ctx.printer.data(&serde_json::json!({ "ip": ip }), || {
        crate::output::Table::new(["IP"])
    })
}
