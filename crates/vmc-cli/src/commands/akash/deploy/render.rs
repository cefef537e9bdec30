//! Printing a deploy: the result (URIs, providers, prices per block/hour/month, escrow
//! runway), the errors with the exact `--resume`/`--abandon` commands, the why-no-bids
//! explanation, the interactive chooser and Ctrl-C.

use std::io::{BufRead, IsTerminal, Write};

use serde::Serialize;
use serde_json::{Value, json};
use vmc_akash::rate::{Amount, BlockTime};
use vmc_akash_deploy::deploy::{Chooser, DeployError, Deployed};
use vmc_akash_deploy::policy::Candidate;

use super::super::flow::{Flow, port_error};
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{Printer, Table};

#[derive(Serialize)]
struct LeaseOutJson {
    provider: String,
    gseq: u32,
    oseq: u32,
    price: Amount,
    price_per_hour: Amount,
    price_per_month: Amount,
}

#[derive(Serialize)]
struct ServiceJson {
    name: String,
    uris: Vec<String>,
    forwarded_ports: Vec<String>,
    ready: i64,
    total: i64,
}

#[derive(Serialize)]
struct EscrowJson {
    balance: Option<Amount>,
    rate_per_block: Amount,
    blocks_left: Option<u64>,
    time_left_secs: Option<u64>,
}

#[derive(Serialize)]
struct DeployedJson {
    dseq: String,
    create_tx: Option<String>,
    lease_tx: Option<String>,
    leases: Vec<LeaseOutJson>,
    services: Vec<ServiceJson>,
    escrow: EscrowJson,
    block_time_secs: f64,
}

fn view(d: &Deployed, block_secs: f64) -> DeployedJson {
    let bt = BlockTime::assumed(block_secs);
    let mut rate = Amount::zero(
        d.leases
            .first()
            .map(|l| l.price.denom.as_str())
            .unwrap_or("uact"),
    );
    for l in &d.leases {
        rate.base += l.price.base;
    }
    let blocks_left = d.escrow.as_ref().and_then(|e| e.runway_blocks(&rate));
    DeployedJson {
        dseq: d.dseq.to_string(),
        create_tx: d.create_tx.clone(),
        lease_tx: d.lease_tx.clone(),
        leases: d
            .leases
            .iter()
            .map(|l| LeaseOutJson {
                provider: l.id.provider.clone(),
                gseq: l.id.gseq,
                oseq: l.id.oseq,
                price: l.price.clone(),
                price_per_hour: l.price.per_hour(&bt),
                price_per_month: l.price.per_month(&bt),
            })
            .collect(),
        services: d
            .services
            .iter()
            .map(|s| ServiceJson {
                name: s.name.clone(),
                uris: s.uris.clone(),
                forwarded_ports: s.forwarded.clone(),
                ready: s.ready,
                total: s.total,
            })
            .collect(),
        escrow: EscrowJson {
            balance: d.escrow.clone(),
            rate_per_block: rate,
            blocks_left,
            time_left_secs: blocks_left.map(|b| bt.duration(b).as_secs()),
        },
        block_time_secs: block_secs,
    }
}

/// The outcome receipt's `response`.
pub fn response_json(d: &Deployed, block_secs: f64) -> Value {
    let v = view(d, block_secs);
    json!({
        "tx_hash": v.create_tx,
        "lease_tx": v.lease_tx,
        "leases": v.leases,
        "lease_price": v.escrow.rate_per_block,
        "services": v.services,
        "status": "ready",
    })
}

/// Prints a finished deploy: the leases, the services and their URIs, the escrow runway.
pub fn deployed(ctx: &Ctx, d: &Deployed, block_secs: f64) -> CliResult {
    let v = view(d, block_secs);
    if ctx.printer.format.kind != crate::output::OutputKind::Table {
        return ctx.printer.data(&v, || Table::new(["DSEQ"]));
    }
    let mut t = Table::new([
        "DSEQ",
        "GROUP",
        "PROVIDER",
        "PRICE/BLOCK",
        "PER HOUR",
        "PER MONTH",
    ]);
    for l in &v.leases {
        t.row([
            v.dseq.clone(),
            l.gseq.to_string(),
            l.provider.clone(),
            l.price.human(),
            l.price_per_hour.human(),
            l.price_per_month.human(),
        ]);
    }
    let mut s = Table::new(["SERVICE", "READY", "URIS"]);
    for svc in &v.services {
        let mut uris = svc.uris.clone();
        uris.extend(svc.forwarded_ports.iter().cloned());
        s.row([
            svc.name.clone(),
            format!("{}/{}", svc.ready, svc.total),
            if uris.is_empty() {
                "-".into()
            } else {
                uris.join(", ")
            },
        ]);
    }
    let escrow = format!(
        "escrow: {}{}\n",
        v.escrow
            .balance
            .as_ref()
            .map(|b| b.human())
            .unwrap_or_else(|| "-".into()),
        match v.escrow.time_left_secs {
            Some(secs) => format!(
                " at {}/block, runway {} ({} blocks)",
                v.escrow.rate_per_block.human(),
                vmc_akash::rate::human_duration(std::time::Duration::from_secs(secs)),
                v.escrow.blocks_left.unwrap_or(0)
            ),
            None => String::new(),
        }
    );
    let fmt = &ctx.printer.format;
    ctx.printer
        .raw(&format!("{}\n{}\n{escrow}", t.render(fmt)?, s.render(fmt)?))?;
    ctx.printer.hint(&format!(
        "`vmc akash status {0}`, `vmc akash logs {0}`, and `vmc akash close {0} --yes --reason …` when done",
        d.dseq
    ));
    Ok(())
}

fn resume_hint(dseq: u64) -> String {
    format!(
        "finish it with `vmc akash deploy --resume {dseq} --yes`, or close it (refunding the escrow) with `vmc akash deploy --abandon {dseq} --yes --reason \"…\"`"
    )
}

/// A workflow error at the CLI edge: exit code, message, and the commands that continue.
pub fn deploy_error(ctx: &Ctx, e: &DeployError, dseq: u64) -> CliError {
    match e {
        DeployError::Invalid(m) => CliError::usage(m.clone()),
        DeployError::Funds { denom, .. } => {
            let hint = if denom == "uact" {
                "mint ACT from AKT with `vmc akash mint-act AMOUNT --yes --reason …` (ACT is credited at the next epoch), deposit less with --deposit, or use another wallet (`vmc akash balance`)"
            } else {
                "send AKT to this wallet for fees, or use another wallet (`vmc akash balance`)"
            };
            CliError::usage(format!("{e}; nothing was sent")).with_hint(hint)
        }
        DeployError::NoBids { closed, .. } => {
            let mut msg = e.to_string();
            let hint = match closed {
                Some(c) => {
                    msg.push_str(&format!(
                        "; deployment {} was closed{}",
                        c.dseq,
                        c.refund
                            .as_ref()
                            .map(|r| format!(" and {} returned", r.human()))
                            .unwrap_or_default()
                    ));
                    format!(
                        "`vmc akash bids {dseq} --explain` says why each provider did not bid; relax the policy, raise the SDL's pricing, or use --keep-open"
                    )
                }
                None => resume_hint(dseq),
            };
            CliError::new(ErrorKind::NoProvider, msg).with_hint(hint)
        }
        DeployError::Chain { error, .. } => {
            let base = port_error(ctx, error);
            CliError::new(ErrorKind::Incomplete, format!("{e}")).with_hint(format!(
                "{}{}",
                base.hint.map(|h| format!("{h}; ")).unwrap_or_default(),
                resume_hint(dseq)
            ))
        }
        DeployError::Refused { error, .. } => {
            let base = port_error(ctx, error);
            let err = CliError::failure(e.to_string());
            match base.hint {
                Some(h) => err.with_hint(h),
                None => err,
            }
        }
        DeployError::Manifest { .. } | DeployError::NotReady { .. } => {
            if let DeployError::NotReady { services, .. } = e {
                for s in services {
                    ctx.printer
                        .status(&format!("  {}: {}/{} ready", s.name, s.ready, s.total));
                }
            }
            CliError::new(
                ErrorKind::Incomplete,
                format!("{e}; the lease is kept (the journal records where the deploy stopped)"),
            )
            .with_hint(resume_hint(dseq))
        }
        DeployError::Interrupted { .. } => {
            CliError::new(ErrorKind::Incomplete, format!("{e}; stopped safely"))
                .with_hint(resume_hint(dseq))
        }
        DeployError::Declined { .. } => CliError::new(
            ErrorKind::Incomplete,
            format!("{e}; deployment {dseq} stays open with its deposit"),
        )
        .with_hint(format!(
            "choose again with `vmc akash deploy --resume {dseq} --select interactive --yes`, or close it (refunding the escrow) with `vmc akash deploy --abandon {dseq} --yes --reason \"…\"`"
        )),
        DeployError::AlreadyClosed { .. } => CliError::conflict(e.to_string()),
        DeployError::Conflict(_) => CliError::conflict(e.to_string()),
        DeployError::Journal(_) => CliError::failure(e.to_string()).with_hint(resume_hint(dseq)),
    }
}

/// After a deploy without a taker: why each provider did not bid (`bids --explain`), on
/// stderr in table mode.
pub fn explain_no_bids(ctx: &Ctx, flow: &Flow, dseq: u64) {
    let id = match vmc_akash::DeploymentId::new(flow.owner.clone(), dseq) {
        Ok(id) => id,
        Err(_) => return,
    };
    let Ok(dep) = crate::commands::akash::bids::deployment_or_not_found(&flow.session, &id) else {
        return;
    };
    let Ok(bt) = flow.session.block_time() else {
        return;
    };
    let bids = crate::commands::akash::bids::bid_rows(&flow.session, &flow.owner, dseq, &bt)
        .unwrap_or_default();
    let Ok(explain) =
        crate::commands::akash::bids::explain(&flow.session, &flow.owner, dseq, &dep, &bids)
    else {
        return;
    };
    ctx.printer
        .status(&format!("why no provider took deployment {dseq}:"));
    ctx.printer
        .status(crate::commands::akash::bids::explain_text(&explain).trim_end());
}

/// `--select interactive`: a numbered list on stderr, the answer from the terminal. An answer
/// that is not one of the numbers asks again; an empty line, `q` or end of input takes none.
pub fn interactive_chooser() -> CliResult<Chooser> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(
            CliError::usage("--select interactive needs a terminal (stdin and stderr)")
                .with_hint("use --select cheapest, first or provider=ADDR in scripts"),
        );
    }
    Ok(Box::new(|gseq: u32, candidates: &[Candidate]| {
        crate::commands::akash::flow::suspend_progress(|| ask(gseq, candidates))
    }))
}

/// The chooser's dialogue for one group.
fn ask(gseq: u32, candidates: &[Candidate]) -> Option<usize> {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "bids for group {gseq}, cheapest first:");
    for (i, c) in candidates.iter().enumerate() {
        let _ = writeln!(
            err,
            "  [{}] {} at {}/block",
            i + 1,
            crate::output::escape_controls(&c.bid.id.provider),
            c.per_block.human()
        );
    }
    let mut input = std::io::stdin().lock();
    loop {
        let _ = write!(
            err,
            "take which? [1-{}, empty to take none] ",
            candidates.len()
        );
        let _ = err.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        match pick(&line, candidates.len()) {
            Pick::Take(i) => return Some(i),
            Pick::None => return None,
            Pick::Again => {
                let _ = writeln!(
                    err,
                    "`{}` is not one of 1-{}",
                    crate::output::escape_controls(line.trim()),
                    candidates.len()
                );
            }
        }
    }
}

#[derive(Debug, PartialEq)]
enum Pick {
    Take(usize),
    None,
    Again,
}

/// One answer to the chooser's prompt, over `n` candidates.
fn pick(line: &str, n: usize) -> Pick {
    match line.trim() {
        "" | "q" | "quit" | "none" => Pick::None,
        t => match t.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => Pick::Take(k - 1),
            _ => Pick::Again,
        },
    }
}

/// The first Ctrl-C asks the workflow to stop after the step in flight; a second one exits at
/// once (exit 130; the journal still tells `--resume` what to check).
pub fn on_ctrl_c(
    flow: &Flow,
    cancel: vmc_akash_deploy::deploy::Cancel,
    printer: Printer,
) -> tokio::task::JoinHandle<()> {
    let _guard = flow.session.enter();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        cancel.cancel();
        printer.warn(
            "stopping after the current step (its result is journaled); press Ctrl-C again to stop now",
        );
        if tokio::signal::ctrl_c().await.is_ok() {
            printer.warn("stopped; `vmc akash deploy --resume DSEQ` checks what was done");
            #[allow(clippy::exit)]
            std::process::exit(130);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{Pick, pick};

    #[test]
    fn answers_to_the_chooser() {
        assert_eq!(pick("2\n", 3), Pick::Take(1));
        assert_eq!(pick(" 1 ", 1), Pick::Take(0));
        assert_eq!(pick("\n", 3), Pick::None);
        assert_eq!(pick("q\n", 3), Pick::None);
        assert_eq!(pick("4\n", 3), Pick::Again);
        assert_eq!(pick("0\n", 3), Pick::Again);
        assert_eq!(pick("two\n", 3), Pick::Again);
    }
}
