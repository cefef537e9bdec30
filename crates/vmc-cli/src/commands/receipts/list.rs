//! `vmc receipts list [--platform P] [--action A] [--target T] [--since WHEN]`.

use clap::Args;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vmc_receipt::{Platform, Receipt};

use super::{read_receipts, receipts_table};
use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this platform: akash, hetzner or vmc.
    #[arg(long, value_name = "PLATFORM")]
    pub platform: Option<Platform>,
    /// Only this action, or actions under it (`akash.deployment` matches
    /// `akash.deployment.create`).
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    /// Only receipts whose target is exactly this.
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,
    /// Only receipts at or after this time: RFC 3339 (2026-01-01T00:00:00Z) or an age (24h, 7d).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: ListArgs) -> CliResult {
    let since = args.since.as_deref().map(parse_since).transpose()?;
    let rs: Vec<Receipt> = read_receipts(ctx)?
        .into_iter()
        .filter(|r| args.platform.is_none_or(|p| r.platform == p))
        .filter(|r| {
            args.action.as_deref().is_none_or(|a| {
                r.action == a || r.action.strip_prefix(a).is_some_and(|s| s.starts_with('.'))
            })
        })
        .filter(|r| args.target.as_deref().is_none_or(|t| r.target == t))
        .filter(|r| {
            since
                .is_none_or(|s| OffsetDateTime::parse(&r.timestamp, &Rfc3339).is_ok_and(|t| t >= s))
        })
        .collect();
    ctx.printer.data(&rs, || receipts_table(&rs))
}

fn parse_since(s: &str) -> CliResult<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let age = crate::mutation::parse_duration(s).map_err(|e| {
        CliError::usage(format!(
            "--since `{s}`: not an RFC 3339 time nor an age ({e})"
        ))
        .with_hint("e.g. --since 2026-01-01T00:00:00Z or --since 24h")
    })?;
    Ok(crate::clock::now()? - age)
}
