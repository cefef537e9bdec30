//! `vmc servers list [-l SELECTOR] [--status S] [--sort F]`.

use clap::Args;
use vmc_hetzner::ServerFilter;

use super::api::Api;
use super::render;
use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Label selector, e.g. `env=prod,tier!=db`, `k in (a,b)`, `!legacy`.
    #[arg(short = 'l', long = "selector", value_name = "SELECTOR")]
    pub selector: Option<String>,
    /// Only servers in this status (repeatable or comma-separated): running, off, initializing, …
    #[arg(long, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<String>,
    /// Sort by id, name or created, with optional :asc/:desc (repeatable). Default: id.
    #[arg(short = 's', long, value_delimiter = ',', value_name = "FIELD")]
    pub sort: Vec<String>,
}

const SORT_FIELDS: &[&str] = &["id", "name", "created"];

pub fn run(ctx: &mut Ctx, args: ListArgs) -> CliResult {
    for s in &args.status {
        if !vmc_hetzner::ServerStatus::KNOWN.contains(&s.as_str()) {
            return Err(
                CliError::usage(format!("--status `{s}` is not a server status")).with_hint(
                    format!(
                        "use one of: {}",
                        vmc_hetzner::ServerStatus::KNOWN.join(", ")
                    ),
                ),
            );
        }
    }
    for s in &args.sort {
        let (field, dir) = s.split_once(':').unwrap_or((s.as_str(), "asc"));
        if !SORT_FIELDS.contains(&field) || !matches!(dir, "asc" | "desc") {
            return Err(CliError::usage(format!("--sort `{s}` is not a sort key"))
                .with_hint("use id, name or created, optionally with :asc or :desc"));
        }
    }
    let api = Api::new(ctx)?;
    let filter = ServerFilter {
        name: None,
        label_selector: args.selector.filter(|s| !s.trim().is_empty()),
        status: args.status,
        sort: if args.sort.is_empty() {
            vec!["id:asc".into()]
        } else {
            args.sort
        },
    };
    let servers = api.call(api.client.list_servers(&filter))?;
    let now = crate::clock::now()?;
    let all = ctx.printer.format.columns.is_some();
    ctx.printer
        .data(&servers, || render::server_table(&servers, all, now))
}
