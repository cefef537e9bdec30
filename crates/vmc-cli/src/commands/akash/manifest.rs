//! `vmc akash manifest get DSEQ`: the manifest each leased provider holds
//! (`GET /lease/{dseq}/{gseq}/{oseq}/manifest`, JWT of the owner).
//!
//! `vmc akash manifest send DSEQ SDL --yes --reason R`: send the manifest built from the SDL
//! again to every provider with an active lease (after a provider lost it). The SDL must be the
//! deployed one: its manifest is built in both conventions (TS and Go) and the one whose hash is
//! the deployment's on-chain hash is sent; if neither is, exit 2 showing the hashes. A mutation
//! without a transaction: receipts record the intent, a `manifest` step per provider, and the
//! outcome.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use vmc_akash_client::gateway::GatewayAuth;
use vmc_akash_deploy::ops::{
    self,
    manifest::{Candidate, ManifestOptions},
};
use vmc_akash_deploy::port::Akash;
use vmc_sdl::Convention;

use super::bids::parse_dseq;
use super::close::{akash_plan, op_error, or_fail, print};
use super::flow::{EventPrinter, Flow, port_error};
use super::key::KeyArgs;
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::mutation::{self, MutationArgs, parse_duration};

#[derive(Debug, Args)]
pub struct ManifestArgs {
    #[command(subcommand)]
    pub command: ManifestCommand,
}

#[derive(Debug, Subcommand)]
pub enum ManifestCommand {
    /// The manifest each leased provider holds for the deployment (JSON).
    Get(ManifestGetArgs),
    /// Send the SDL's manifest again to every provider with an active lease.
    Send(ManifestSendArgs),
}

#[derive(Debug, Args)]
pub struct ManifestGetArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    #[command(flatten)]
    pub key: KeyArgs,
}

#[derive(Debug, Args)]
pub struct ManifestSendArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// The deployed SDL (`-` reads stdin).
    #[arg(value_name = "SDL", required_unless_present = "sdl_flag")]
    pub sdl: Option<PathBuf>,
    /// The deployed SDL, as a flag.
    #[arg(long = "sdl", value_name = "SDL", conflicts_with = "sdl")]
    pub sdl_flag: Option<PathBuf>,
    /// How long transient provider failures are retried, e.g. 30s, 2m.
    #[arg(long, value_name = "DURATION", default_value = "60s")]
    pub retry_for: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

/// One lease's manifest as its provider holds it: `manifest` is the provider's JSON (an array
/// of groups), or null with `error` saying why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseManifest {
    pub dseq: String,
    pub gseq: u32,
    pub oseq: u32,
    pub provider: String,
    pub manifest: Option<Value>,
    pub error: Option<String>,
}

/// `{dseq, convention, manifest_hash, providers}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestSendOut {
    pub dseq: String,
    /// `ts` or `go`: the convention whose hash is the deployment's.
    pub convention: String,
    /// Hex.
    pub manifest_hash: String,
    /// The providers that accepted it.
    pub providers: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: ManifestArgs, chain: &super::chain::ChainArgs) -> CliResult {
    match args.command {
        ManifestCommand::Get(a) => get(ctx, a, chain),
        ManifestCommand::Send(a) => send(ctx, a, chain),
    }
}

fn get(ctx: &mut Ctx, args: ManifestGetArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    let flow = Flow::open(ctx, chain, &args.key)?;
    let d = flow
        .block(flow.akash.deployment(dseq))
        .map_err(|e| port_error(ctx, &e))?;
    if d.is_none() {
        return Err(op_error(
            ctx,
            &ops::OpError::NotFound(format!(
                "deployment {dseq} of {} does not exist on chain",
                flow.owner
            )),
        ));
    }
    let leases: Vec<_> = flow
        .block(flow.akash.leases(dseq))
        .map_err(|e| port_error(ctx, &e))?
        .into_iter()
        .filter(|l| l.state == "active")
        .collect();
    if leases.is_empty() {
        return Err(CliError::not_found(format!(
            "deployment {dseq} has no active lease: no provider holds its manifest"
        ))
        .with_hint(format!("`vmc akash status {dseq}` shows its leases")));
    }
    let now = crate::clock::now()?.unix_timestamp();
    let claims = vmc_akash::jwt::default_claims(&flow.owner, now, vmc_akash::jwt::Leases::full());
    let jwt = vmc_akash::jwt::issue(&flow.key, &claims, vmc_akash::jwt::Alg::Es256k)
        .map_err(|e| CliError::failure(format!("could not sign the provider JWT: {e}")))?;
    let mut out = Vec::new();
    let mut unreachable = 0usize;
    for l in &leases {
        let id = &l.id;
        let got =
            super::gateway::client_for(&flow.session, &id.provider, GatewayAuth::Jwt(jwt.clone()))
                .map_err(|p| (p.kind == "unreachable", p.message))
                .and_then(|gw| {
                    flow.block(gw.lease_manifest(dseq, id.gseq, id.oseq))
                        .map_err(|e| (e.is_transient(), e.to_string()))
                });
        let (manifest, error) = match got {
            Ok(v) => (Some(v), None),
            Err((transient, m)) => {
                if transient {
                    unreachable += 1;
                }
                ctx.printer
                    .warn(&format!("lease {dseq}/{}/{}: {m}", id.gseq, id.oseq));
                (None, Some(m))
            }
        };
        out.push(LeaseManifest {
            dseq: dseq.to_string(),
            gseq: id.gseq,
            oseq: id.oseq,
            provider: id.provider.clone(),
            manifest,
            error,
        });
    }
    if out.iter().all(|m| m.manifest.is_none()) {
        let kind = if unreachable == out.len() {
            ErrorKind::Unavailable
        } else {
            ErrorKind::Failure
        };
        return Err(CliError::new(
            kind,
            format!("no provider of deployment {dseq} gave its manifest"),
        )
        .with_hint(format!(
            "send it again with `vmc akash manifest send {dseq} SDL --yes --reason …`"
        )));
    }
    if ctx.printer.format.kind == crate::output::OutputKind::Table {
        // People read the manifest itself: the one lease's, or every lease's with its id.
        let v = match out.as_slice() {
            [one] => one.manifest.clone().unwrap_or(Value::Null),
            many => serde_json::to_value(many).unwrap_or(Value::Null),
        };
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        return ctx.printer.raw(&format!("{text}\n"));
    }
    ctx.printer
        .data(&out, || crate::output::Table::new(["MANIFEST"]))
}

fn send(ctx: &mut Ctx, args: ManifestSendArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    let window = parse_duration(&args.retry_for).map_err(|e| {
        CliError::usage(format!("--retry-for `{}`: {e}", args.retry_for)).with_hint("e.g. 30s, 2m")
    })?;
    let path = args
        .sdl
        .as_ref()
        .or(args.sdl_flag.as_ref())
        .ok_or_else(|| {
            CliError::usage("give the deployed SDL: `vmc akash manifest send DSEQ SDL`")
        })?
        .to_string_lossy()
        .to_string();
    let (src, sdl) = crate::commands::sdl::input::load(ctx, &path, Convention::Ts)?;
    let sdl_sha256 = hex::encode(Sha256::digest(&src.bytes));
    let mut candidates = Vec::new();
    for (name, conv) in [("ts", Convention::Ts), ("go", Convention::Go)] {
        if conv != Convention::Ts && sdl.check_convention(conv).is_err() {
            continue;
        }
        let m = sdl.manifest(conv);
        candidates.push(Candidate {
            convention: name.to_string(),
            manifest_json: m.canonical_json(),
            hash: m.hash(),
        });
    }
    let flow = Flow::open(ctx, chain, &args.key)?;
    let plan_ = flow
        .block(ops::manifest::check(&flow.akash, dseq, &candidates))
        .map_err(|e| {
            let err = op_error(ctx, &e);
            if matches!(e, ops::OpError::Invalid(_)) {
                err.with_hint(
                    "pass the SDL the deployment was created (or last updated) with; `vmc sdl hash SDL` shows its hash",
                )
            } else {
                err
            }
        })?;
    let target = ops::deployment_target(&flow.owner, dseq, &plan_.providers);
    let mut plan = akash_plan(&flow, "akash.manifest.send", target);
    plan.summary_lines.push(format!(
        "send the manifest of {path} (hash {}, {} convention) to {}",
        plan_.manifest_hash,
        plan_.convention,
        plan_.providers.join(", ")
    ));
    plan.request = json!({
        "dseq": dseq.to_string(),
        "sdl": path,
        "sdl_sha256": sdl_sha256,
        "convention": plan_.convention,
        "manifest_hash": plan_.manifest_hash,
    });
    let mut m = mutation::begin(ctx, &args.mutation, plan)?;
    let mut events = EventPrinter::new(&ctx.printer);
    let opts = ManifestOptions { window };
    let r = flow.block(ops::manifest::send(
        &flow.akash,
        m.operation(),
        &mut events,
        &plan_,
        &opts,
    ));
    events.finish();
    let (m, sent) = or_fail(ctx, m, r)?;
    m.finish(Ok(json!({
        "status": "sent",
        "convention": sent.convention,
        "manifest_hash": sent.manifest_hash,
        "providers": sent.providers,
    })))?;
    let out = ManifestSendOut {
        dseq: dseq.to_string(),
        convention: sent.convention,
        manifest_hash: sent.manifest_hash,
        providers: sent.providers,
    };
    let line = format!(
        "manifest of deployment {dseq} ({} convention, hash {}) accepted by {}",
        out.convention,
        out.manifest_hash,
        out.providers.join(", ")
    );
    print(ctx, &out, line)
}
