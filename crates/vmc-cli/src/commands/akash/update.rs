//! `vmc akash update DSEQ [SDL | --sdl SDL] --yes --reason R`: a new manifest for a running
//! deployment (image, env, command, …). The chain keeps the groups, so the SDL must build the
//! same ones: what differs is explained with the redeploy alternative (exit 2). The manifest is
//! built in the convention (TS or Go) whose groups match the on-chain ones, so deployments made
//! by Akash Console or the Go CLIs can be updated.

use clap::Args;
use serde_json::json;
use vmc_akash_deploy::deploy::{Cancel, DeployOptions, Run};
use vmc_akash_deploy::port::Akash;
use vmc_akash_deploy::update;
use vmc_receipt::Platform;

use super::chain::ChainArgs;
use super::deploy::plan;
use super::flow::{EventPrinter, Flow};
use super::key::KeyArgs;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, MutationArgs, Plan};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The deployment's dseq.
    pub dseq: String,
    #[command(flatten)]
    pub sdl: super::deploy::SdlFile,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: UpdateArgs, chain: &ChainArgs) -> CliResult {
    let dseq = super::bids::parse_dseq(&args.dseq)?;
    let path = args.sdl.required(&format!(
        "vmc akash update {dseq} app.yaml --yes --reason \"new image\""
    ))?;
    let mut loaded = plan::load_sdl(ctx, &path, vmc_sdl::Convention::Ts)?;
    let flow = Flow::open(ctx, chain, &args.key)?;
    let dep = flow
        .block(flow.akash.deployment(dseq))
        .map_err(|e| super::flow::port_error(ctx, &e))?
        .ok_or_else(|| {
            CliError::not_found(format!(
                "deployment {dseq} of {} does not exist",
                flow.owner
            ))
            .with_hint("list them with `vmc akash list --state all`")
        })?;
    if dep.state != "active" {
        return Err(CliError::conflict(format!(
            "deployment {dseq} is {}: only an active deployment can be updated",
            dep.state
        ))
        .with_hint(format!(
            "deploy it anew: `vmc akash deploy {}`",
            loaded.path
        )));
    }
    let on_chain: Vec<vmc_sdl::GroupSpec> =
        dep.groups.iter().filter_map(|g| g.spec.clone()).collect();
    if on_chain.len() != dep.groups.len() {
        return Err(CliError::failure(format!(
            "the groups of deployment {dseq} do not decode; cannot compare them with the SDL"
        )));
    }
    let conv = update::pick_convention(&loaded.sdl, &on_chain).map_err(|why| {
        CliError::usage(format!(
            "the chain does not allow this update of deployment {dseq}: an update may change the \
             manifest (images, env, commands, ports within the same endpoints) but not the groups:\n  {}",
            why.join("\n  ")
        ))
        .with_hint(format!(
            "to change resources, counts, placement or pricing, deploy anew (`vmc akash deploy {}`) and close the old one (`vmc akash close {dseq}`)",
            loaded.path
        ))
    })?;
    if conv != loaded.convention {
        loaded = plan::load_sdl(ctx, &path, conv)?;
        ctx.printer.status(&format!(
            "deployment {dseq}'s groups were built the Go SDK's way: the manifest follows the Go convention"
        ));
    }
    let new = plan::plan(&loaded, &flow.owner, dseq, 0);
    let mut p = Plan::new(
        Platform::Akash,
        "akash.deployment.update",
        super::deploy::target(&new, None),
    );
    p.summary_lines = vec![
        format!(
            "update deployment {dseq} to the manifest of {}",
            loaded.path
        ),
        format!(
            "manifest hash {} → {}",
            hex::encode_upper(&dep.hash),
            hex::encode_upper(new.manifest_hash)
        ),
        "then send the new manifest to every leased provider".into(),
    ];
    p.request = json!({
        "sdl": {"path": loaded.path, "sha256": loaded.sha256, "convention": plan::convention_name(conv)},
        "sdl_hash": hex::encode_upper(new.manifest_hash),
        "previous_hash": hex::encode_upper(&dep.hash),
    });
    p.actor = Some(flow.owner.clone());
    p.network = Some(flow.session.network.to_string());
    p.signer = Some(flow.signer());
    let mut op = mutation::begin(ctx, &args.mutation, p)?.into_operation();
    let opts = DeployOptions {
        poll: flow.poll,
        ..DeployOptions::default()
    };
    let mut sink = EventPrinter::new(&ctx.printer);
    let result = {
        let mut run = Run {
            akash: &flow.akash,
            log: &mut op,
            sink: &mut sink,
            cancel: Cancel::new(),
        };
        flow.block(update::run(&mut run, &new, &opts))
    };
    sink.finish();
    match result {
        Ok(u) => {
            op.set_target(super::deploy::target(&new, Some(u.providers.clone())));
            let out = json!({
                "dseq": dseq.to_string(),
                "tx_hash": u.tx_hash,
                "manifest_hash": hex::encode_upper(new.manifest_hash),
                "convention": plan::convention_name(conv),
                "providers": u.providers,
                "status": "updated",
            });
            op.finish(Ok(out.clone())).map_err(|e| {
                CliError::failure(format!("updated, but the outcome receipt failed: {e}"))
            })?;
            ctx.printer.data(&out, || {
                let mut t = Table::new(["DSEQ", "TX", "MANIFEST HASH", "PROVIDERS"]);
                t.row([
                    dseq.to_string(),
                    u.tx_hash.clone().unwrap_or_else(|| "-".into()),
                    hex::encode_upper(new.manifest_hash),
                    u.providers.join(", "),
                ]);
                t
            })
        }
        Err(e) => {
            let err = super::deploy::render::deploy_error(ctx, &e, dseq);
            let _ = op.finish(Err(e.to_string()));
            Err(err.with_hint(format!(
                "run the same `vmc akash update {dseq} …` again: it skips what the chain already has"
            )))
        }
    }
}
