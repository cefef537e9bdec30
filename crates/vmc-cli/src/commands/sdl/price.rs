//! `vmc sdl price FILE`: the most a deployment can cost. Per placement the order's maximum
//! price is Σ price × count over its resource units (per block); per hour and per 30-day month
//! follow from the block time.

use clap::Args;
use serde::Serialize;

use super::input;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct PriceArgs {
    /// SDL file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Seconds per block.
    #[arg(long, default_value_t = 6.098, value_name = "SECONDS")]
    pub block_time: f64,
}

#[derive(Debug, Serialize)]
struct Row {
    placement: String,
    denom: String,
    /// Exact, in the denom's base unit.
    per_block: String,
    per_hour: String,
    per_month: String,
    /// Whole tokens (ACT for uact, AKT for uakt).
    token: String,
    per_hour_tokens: String,
    per_month_tokens: String,
}

const SCALE: u128 = 1_000_000_000_000_000_000;

/// Decimal text → value × 10^18.
fn atomics(s: &str) -> Option<u128> {
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    if f.len() > 18 {
        return None;
    }
    let i: u128 = i.parse().ok()?;
    let f_val: u128 = if f.is_empty() {
        0
    } else {
        format!("{f:0<18}").parse().ok()?
    };
    i.checked_mul(SCALE)?.checked_add(f_val)
}

fn format_atomics(a: u128) -> String {
    let i = a / SCALE;
    let f = a % SCALE;
    if f == 0 {
        i.to_string()
    } else {
        let fs = format!("{f:018}");
        format!("{i}.{}", fs.trim_end_matches('0'))
    }
}

fn fixed(v: f64) -> String {
    format!("{v:.6}")
}

pub fn run(ctx: &mut Ctx, args: PriceArgs) -> CliResult {
    if !(args.block_time.is_finite() && args.block_time > 0.0) {
        return Err(CliError::usage(format!(
            "--block-time {} must be a positive number of seconds",
            args.block_time
        ))
        .with_hint("the Akash mainnet average is about 6.098 s"));
    }
    let (_, sdl) = input::load(ctx, &args.file, vmc_sdl::Convention::Ts)?;
    let per_hour_blocks = 3600.0 / args.block_time;
    let per_month_blocks = 30.0 * 24.0 * 3600.0 / args.block_time;
    let mut rows = Vec::new();
    for g in sdl.groups(vmc_sdl::Convention::Ts) {
        let denom = g
            .resources
            .first()
            .map(|u| u.price.denom.clone())
            .unwrap_or_default();
        let mut total: u128 = 0;
        for u in &g.resources {
            let a = atomics(&u.price.amount).ok_or_else(|| {
                CliError::usage(format!("price `{}` is not a decimal", u.price.amount))
            })?;
            total = total.saturating_add(a.saturating_mul(u.count as u128));
        }
        let per_block = total as f64 / SCALE as f64;
        let token = denom
            .strip_prefix('u')
            .unwrap_or(&denom)
            .to_ascii_uppercase();
        rows.push(Row {
            placement: g.name.clone(),
            per_block: format_atomics(total),
            per_hour: fixed(per_block * per_hour_blocks),
            per_month: fixed(per_block * per_month_blocks),
            per_hour_tokens: fixed(per_block * per_hour_blocks / 1e6),
            per_month_tokens: fixed(per_block * per_month_blocks / 1e6),
            token,
            denom,
        });
    }
    ctx.printer.data(&rows, || {
        let mut t = Table::new([
            "PLACEMENT",
            "PER BLOCK",
            "PER HOUR",
            "PER MONTH",
            "TOKENS PER MONTH",
        ]);
        for r in &rows {
            t.row([
                r.placement.clone(),
                format!("{} {}", r.per_block, r.denom),
                format!("{} {}", r.per_hour, r.denom),
                format!("{} {}", r.per_month, r.denom),
                format!("{} {}", r.per_month_tokens, r.token),
            ]);
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_atomics() {
        assert_eq!(atomics("1000"), Some(1000 * SCALE));
        assert_eq!(format_atomics(atomics("0.5").unwrap() * 3), "1.5");
        assert_eq!(atomics("1.0000000000000000001"), None);
    }
}
