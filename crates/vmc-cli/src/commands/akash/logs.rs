//! `vmc akash logs DSEQ [--service S] [--follow] [--tail N]` and `vmc akash events DSEQ
//! [--follow]`: the lease's container logs and Kubernetes events from each leased provider,
//! over its websocket (a followed stream reconnects after a drop and says so on stderr).

use clap::Args;
use vmc_akash::DeploymentId;
use vmc_akash_client::MarketFilter;
use vmc_akash_client::gateway::{LogOptions, StreamNotice};

use super::bids::{deployment_or_not_found, parse_dseq};
use super::chain::{Session, owner};
use super::gateway::{Auth, client_for, owner_auth};
use super::view::{self, LeaseView};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct LogsArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// Only this service (repeatable).
    #[arg(long, value_name = "NAME")]
    pub service: Vec<String>,
    /// Keep streaming new lines.
    #[arg(short, long)]
    pub follow: bool,
    /// Lines per replica to show first (default: all).
    #[arg(long, value_name = "N")]
    pub tail: Option<i64>,
    /// Whose deployment (default: the configured wallet).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// Keep streaming new events.
    #[arg(short, long)]
    pub follow: bool,
    /// Whose deployment (default: the configured wallet).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
}

/// The active leases of a deployment, and the owner's JWT (exit 1 without the key).
pub fn active_leases(
    ctx: &Ctx,
    s: &Session,
    owner: &str,
    dseq: u64,
) -> CliResult<(Vec<LeaseView>, Auth)> {
    let id =
        DeploymentId::new(owner.to_string(), dseq).map_err(|e| CliError::usage(e.to_string()))?;
    deployment_or_not_found(s, &id)?;
    let bt = vmc_akash::rate::BlockTime::assumed(vmc_akash::rate::DEFAULT_BLOCK_SECS);
    let leases = s.call(s.client.leases(&MarketFilter {
        owner,
        dseq: Some(dseq),
        state: Some("active"),
        ..Default::default()
    }))?;
    let leases: Vec<LeaseView> = leases
        .iter()
        .filter_map(|l| view::lease_view(l, &bt))
        .collect();
    if leases.is_empty() {
        return Err(
            CliError::not_found(format!("deployment {dseq} has no active lease")).with_hint(
                format!("`vmc akash status {dseq}` shows its orders and bids"),
            ),
        );
    }
    Ok((leases, Auth::for_owner(ctx, owner)))
}

fn notice(ctx: &Ctx, provider: &str, n: StreamNotice) {
    match n {
        StreamNotice::Reconnecting {
            attempt,
            delay,
            reason,
        } => ctx.printer.status(&format!(
            "{provider}: stream dropped ({reason}); reconnecting (attempt {attempt}) in {:.1}s",
            delay.as_secs_f64()
        )),
        StreamNotice::Reconnected { attempt } => ctx.printer.status(&format!(
            "{provider}: reconnected after {attempt} attempt(s)"
        )),
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

fn gateway_error(provider: &str, e: super::gateway::ProviderProblem) -> CliError {
    let kind = match e.kind {
        "unreachable" => crate::error::ErrorKind::Unavailable,
        "no-manifest" => crate::error::ErrorKind::NotFound,
        _ => crate::error::ErrorKind::Failure,
    };
    CliError::new(kind, format!("provider {provider}: {}", e.message))
}

pub fn run_logs(ctx: &mut Ctx, args: LogsArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    let owner = owner(ctx, args.owner.as_deref())?;
    let s = Session::open(ctx, chain)?;
    let (leases, auth) = active_leases(ctx, &s, &owner, dseq)?;
    let jsonl =
        ctx.printer.format.kind == OutputKind::Jsonl || ctx.printer.format.kind == OutputKind::Json;
    let opts = LogOptions {
        follow: args.follow,
        tail: args.tail,
        services: args.service.clone(),
    };
    for l in &leases {
        let gw = client_for(
            &s,
            &l.provider,
            owner_auth(&auth).map_err(|e| gateway_error(&l.provider, e))?,
        )
        .map_err(|e| gateway_error(&l.provider, e))?;
        let printer = ctx.printer.clone();
        let r = s.block(gw.logs(
            dseq,
            l.gseq,
            l.oseq,
            &opts,
            |line| {
                let text = if jsonl {
                    serde_json::json!({"name": line.name, "message": line.message}).to_string()
                        + "\n"
                } else {
                    format!("[{}] {}\n", line.name, line.message)
                };
                let _ = printer.raw(&text);
            },
            |n| notice(ctx, &l.provider, n),
        ));
        r.map_err(|e| CliError::failure(e.to_string()))?;
    }
    Ok(())
}

pub fn run_events(ctx: &mut Ctx, args: EventsArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    let owner = owner(ctx, args.owner.as_deref())?;
    let s = Session::open(ctx, chain)?;
    let (leases, auth) = active_leases(ctx, &s, &owner, dseq)?;
    let jsonl = ctx.printer.format.kind != OutputKind::Table;
    for l in &leases {
        let gw = client_for(
            &s,
            &l.provider,
            owner_auth(&auth).map_err(|e| gateway_error(&l.provider, e))?,
        )
        .map_err(|e| gateway_error(&l.provider, e))?;
        let printer = ctx.printer.clone();
        let r = s.block(gw.events(
            dseq,
            l.gseq,
            l.oseq,
            args.follow,
            &[],
            |ev| {
                let text = if jsonl {
                    serde_json::to_string(&ev).unwrap_or_default() + "\n"
                } else {
                    format!(
                        "{} {} {}: {}\n",
                        ev.kind, ev.reason, ev.object.name, ev.note
                    )
                };
                let _ = printer.raw(&text);
            },
            |n| notice(ctx, &l.provider, n),
        ));
        r.map_err(|e| CliError::failure(e.to_string()))?;
    }
    Ok(())
}
