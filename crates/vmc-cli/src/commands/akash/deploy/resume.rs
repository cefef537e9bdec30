//! `--resume DSEQ`, `--abandon DSEQ`, and the check that a plain re-run does not start a
//! second deploy of an SDL whose first one is unfinished. The journal is the evidence (which
//! SDL, which steps ran); the chain is the authority (the workflow checks each step on chain
//! before redoing it).

use serde_json::json;
use vmc_akash_deploy::deploy::{self, Run};
use vmc_journal::{Journal, OperationLog};
use vmc_receipt::Platform;

use super::plan::{self, Loaded};
use super::{ACTION, DeployArgs, execute, options, render};
use crate::Ctx;
use crate::commands::akash::chain::ChainArgs;
use crate::commands::akash::flow::Flow;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, Plan};

/// The unfinished deploys of this context (newest last).
fn unfinished(ctx: &Ctx) -> CliResult<Vec<OperationLog>> {
    let journal = Journal::new(ctx.settings.context_dir());
    Ok(journal
        .unfinished()
        .map_err(|e| CliError::failure(format!("cannot read the receipt log: {e}")))?
        .into_iter()
        .filter(|o| o.intent.action == ACTION)
        .collect())
}

fn dseq_of(o: &OperationLog) -> Option<u64> {
    // The latest step that names a dseq wins (a taken dseq moves the deploy forward).
    o.steps
        .iter()
        .rev()
        .find_map(|s| s.response.get("dseq").and_then(|d| d.as_u64()))
        .or_else(|| {
            o.intent
                .target
                .get("dseq")
                .and_then(|d| d.as_str().and_then(|s| s.parse().ok()).or(d.as_u64()))
        })
}

fn find(ctx: &Ctx, dseq: u64) -> CliResult<Option<OperationLog>> {
    Ok(unfinished(ctx)?
        .into_iter()
        .rev()
        .find(|o| dseq_of(o) == Some(dseq)))
}

/// A fresh deploy of an SDL whose earlier deploy (same owner) is unfinished: refuse, offering
/// `--resume` and `--abandon`.
pub fn refuse_if_unfinished(ctx: &Ctx, l: &Loaded, owner: &str) -> CliResult {
    for o in unfinished(ctx)? {
        let same_sdl = o.intent.request["sdl"]["sha256"].as_str() == Some(l.sha256.as_str());
        if same_sdl && o.intent.actor == owner {
            let dseq = dseq_of(&o).map_or("?".to_string(), |d| d.to_string());
            return Err(CliError::conflict(format!(
                "an earlier deploy of {} (deployment {dseq}, operation {}) did not finish",
                l.path, o.id
            ))
            .with_hint(format!(
                "finish it with `vmc akash deploy --resume {dseq} --yes`, or close it with `vmc akash deploy --abandon {dseq} --yes --reason \"…\"`"
            )));
        }
    }
    Ok(())
}

pub fn resume(ctx: &mut Ctx, args: &DeployArgs, chain: &ChainArgs, dseq: u64) -> CliResult {
    let Some(o) = find(ctx, dseq)? else {
        return Err(CliError::not_found(format!(
            "no unfinished deploy of deployment {dseq} in context `{}`",
            ctx.settings.context_name.value
        ))
        .with_hint(
            "`vmc receipts list` shows the operations; `vmc akash status DSEQ` the chain's view",
        ));
    };
    let recorded = o.intent.request["sdl"].clone();
    let path = args
        .sdl
        .given()
        .or_else(|| recorded["path"].as_str().map(Into::into))
        .ok_or_else(|| CliError::usage("the journal does not name the SDL; pass it with --sdl"))?;
    let conv = match recorded["convention"].as_str() {
        Some("go") => vmc_sdl::Convention::Go,
        _ => vmc_sdl::Convention::Ts,
    };
    let loaded = plan::load_sdl(ctx, &path, conv)?;
    if recorded["sha256"].as_str() != Some(loaded.sha256.as_str()) {
        return Err(CliError::usage(format!(
            "{} is not the SDL this deploy started with (sha256 {} then, {} now)",
            loaded.path,
            recorded["sha256"].as_str().unwrap_or("?"),
            loaded.sha256
        ))
        .with_hint("pass the original file with --sdl, or --abandon the deploy and deploy again"));
    }
    let flow = Flow::open(ctx, chain, &args.key)?;
    if o.intent.actor != flow.owner {
        return Err(CliError::usage(format!(
            "deployment {dseq} was deployed by {}, but the wallet is {}",
            o.intent.actor, flow.owner
        ))
        .with_hint("select that wallet with --wallet NAME"));
    }
    let deposit = o.intent.request["deposit"]["amount"]
        .as_str()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let mut plan = plan::plan(&loaded, &flow.owner, dseq, deposit);
    let policy = plan::policy(args)?;
    let mut opts = options(args, policy)?;
    opts.next_dseq_if_taken = false;
    ctx.printer.status(&format!(
        "resuming operation {} (deployment {dseq}, {} step records)",
        o.id,
        o.steps.len()
    ));
    let op = mutation::resume(ctx, &args.mutation, &o.id, Some(flow.signer()))?;
    execute(ctx, &flow, op, &mut plan, &mut opts)
}

pub fn abandon(ctx: &mut Ctx, args: &DeployArgs, chain: &ChainArgs, dseq: u64) -> CliResult {
    let flow = Flow::open(ctx, chain, &args.key)?;
    let open = find(ctx, dseq)?;
    let mut op = match &open {
        Some(o) => mutation::resume(ctx, &args.mutation, &o.id, Some(flow.signer()))?,
        None => {
            let mut p = Plan::new(
                Platform::Akash,
                "akash.deployment.close",
                vmc_akash_deploy::ops::deployment_target(&flow.owner, dseq, &[]),
            );
            p.summary_lines = vec![format!(
                "close deployment {dseq} of {} and return what is left in escrow",
                flow.owner
            )];
            p.request = json!({"dseq": dseq.to_string(), "why": "abandon"});
            p.actor = Some(flow.owner.clone());
            p.network = Some(flow.session.network.to_string());
            p.signer = Some(flow.signer());
            mutation::begin(ctx, &args.mutation, p)?.into_operation()
        }
    };
    // An interrupted deploy without a `create` record never signed its create (the record is
    // journaled before the broadcast): nothing of it is on chain. End the operation; closing
    // the deployment of the dseq its intent names would close nothing, or someone else's.
    if let Some(o) = &open
        && !o
            .steps
            .iter()
            .any(|s| s.step.as_ref().is_some_and(|st| st.name == "create"))
    {
        let response = json!({
            "dseq": dseq.to_string(),
            "tx_hash": null,
            "refund": null,
            "status": "not-created",
        });
        op.finish(Err(
            "abandoned before its create was sent: nothing was on chain".to_string(),
        ))
        .map_err(|e| CliError::failure(format!("the receipt failed: {e}")))?;
        ctx.printer.status(&format!(
            "the deploy of deployment {dseq} stopped before its create was sent: nothing to close"
        ));
        return ctx.printer.data(&response, || {
            let mut t = crate::output::Table::new(["DSEQ", "STATUS", "REFUND"]);
            t.row([dseq.to_string(), "not-created".to_string(), "-".to_string()]);
            t
        });
    }
    let mut sink = crate::commands::akash::flow::EventPrinter::new(&ctx.printer);
    let result = {
        let mut run = Run {
            akash: &flow.akash,
            log: &mut op,
            sink: &mut sink,
            cancel: deploy::Cancel::new(),
        };
        flow.block(deploy::close_deployment(
            &mut run,
            dseq,
            "abandoned by the operator",
        ))
    };
    sink.finish();
    match result {
        Ok(c) => {
            let response = json!({
                "dseq": dseq.to_string(),
                "tx_hash": c.tx_hash,
                "refund": c.refund,
                "status": if c.already { "already-closed" } else { "closed" },
            });
            let outcome = if open.is_some() {
                Err("abandoned: the deployment was closed".to_string())
            } else {
                Ok(response.clone())
            };
            op.finish(outcome)
                .map_err(|e| CliError::failure(format!("closed, but the receipt failed: {e}")))?;
            ctx.printer.data(&response, || {
                let mut t = crate::output::Table::new(["DSEQ", "STATUS", "REFUND"]);
                t.row([
                    dseq.to_string(),
                    response["status"].as_str().unwrap_or("").to_string(),
                    c.refund
                        .as_ref()
                        .map(|r| r.human())
                        .unwrap_or_else(|| "-".into()),
                ]);
                t
            })
        }
        Err(e) => {
            let err = render::deploy_error(ctx, &e, dseq);
            let _ = op.step_failed("close", e.to_string(), json!({"dseq": dseq}));
            if open.is_none() {
                let _ = op.finish(Err(e.to_string()));
            }
            Err(err)
        }
    }
}
