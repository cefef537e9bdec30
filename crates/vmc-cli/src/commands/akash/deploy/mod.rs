//! `vmc akash deploy [SDL | --sdl SDL] --yes --reason R`: one command from a file to running
//! URLs, through the resumable workflow of `vmc-akash-deploy` (create → bids → select → lease →
//! manifest → ready). This file parses and resolves; the workflow decides and acts; `render`
//! prints. `--resume DSEQ` finishes an interrupted deploy, `--abandon DSEQ` closes it.

pub(crate) mod plan;
pub(crate) mod render;
mod resume;

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use serde_json::json;
use vmc_akash_deploy::deploy::{self, Cancel, DeployOptions, DeployPlan, Run};
use vmc_akash_deploy::port::Akash;
use vmc_receipt::{Platform, Target};

use super::chain::ChainArgs;
use super::flow::{EventPrinter, Flow, parse_amount};
use super::key::KeyArgs;
use crate::Ctx;
use crate::commands::sdl::ConventionArg;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, MutationArgs, Plan};

/// The receipt action of a deploy.
pub const ACTION: &str = "akash.deploy";

/// An SDL file given as an argument or with `--sdl` (deploy, update).
#[derive(Debug, Clone, Args)]
pub struct SdlFile {
    /// The SDL file (or --sdl).
    #[arg(value_name = "SDL", conflicts_with = "sdl")]
    pub file: Option<PathBuf>,
    /// The SDL file.
    #[arg(long, value_name = "FILE")]
    pub sdl: Option<PathBuf>,
}

impl SdlFile {
    /// The file given, if any.
    pub fn given(&self) -> Option<PathBuf> {
        self.file.clone().or(self.sdl.clone())
    }

    /// The file given, or exit 2 with `example` as the hint.
    pub fn required(&self, example: &str) -> CliResult<PathBuf> {
        self.given().ok_or_else(|| {
            CliError::usage("which SDL file? give it as an argument or with --sdl")
                .with_hint(format!("e.g. {example}"))
        })
    }
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    #[command(flatten)]
    pub sdl: SdlFile,
    /// Escrow deposit, e.g. 5act or 5000000uact (default: the chain's minimum).
    #[arg(long, value_name = "AMOUNT")]
    pub deposit: Option<String>,
    /// Deployment sequence number (default: the latest block height).
    #[arg(long, value_name = "N")]
    pub dseq: Option<u64>,
    /// Longest wait for an acceptable bid.
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub bid_timeout: String,
    /// Longest wait for the services to be ready after the manifest.
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub ready_timeout: String,
    /// Collect bids for this long, then choose (default: as soon as every group has one).
    #[arg(long, value_name = "DURATION")]
    pub wait_for_bids: Option<String>,
    /// How to choose: cheapest (default), first, interactive, or provider=ADDR.
    #[arg(long, value_name = "HOW")]
    pub select: Option<String>,
    /// Take only providers audited by this address (repeatable: all of them).
    #[arg(long = "audited-by", value_name = "ADDR")]
    pub audited_by: Vec<String>,
    /// Take only these providers (repeatable).
    #[arg(long, value_name = "ADDR")]
    pub allow: Vec<String>,
    /// Never take these providers (repeatable).
    #[arg(long, value_name = "ADDR")]
    pub deny: Vec<String>,
    /// Highest price: per block (100uact) or per hour/month (30act/month).
    #[arg(long = "max-price", value_name = "PRICE")]
    pub max_price: Option<String>,
    /// Provider attribute that must match, key=value (repeatable).
    #[arg(long = "attr", value_name = "KEY=VALUE")]
    pub attr: Vec<String>,
    /// A policy file (TOML; docs/deploy-policy.md); flags override it.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Keep the deployment open when no bid is taken (default: close it, refunding the deposit).
    #[arg(long)]
    pub keep_open: bool,
    /// Print the plan (messages, deposit, maximum price, who may bid); broadcast nothing.
    #[arg(long, conflicts_with_all = ["generate_only", "resume", "abandon"])]
    pub dry_run: bool,
    /// Print the unsigned create transaction (offline-signing JSON); broadcast nothing.
    #[arg(long, conflicts_with_all = ["resume", "abandon"])]
    pub generate_only: bool,
    /// Finish the interrupted deploy of this dseq.
    #[arg(long, value_name = "DSEQ", conflicts_with = "abandon")]
    pub resume: Option<u64>,
    /// Close the (interrupted) deployment of this dseq and report the refund.
    #[arg(long, value_name = "DSEQ")]
    pub abandon: Option<u64>,
    /// Whose manifest to build where the TS and Go SDKs differ.
    #[arg(long, value_enum, default_value_t = ConventionArg::Ts)]
    pub convention: ConventionArg,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub(crate) fn duration(flag: &str, text: &str) -> CliResult<Duration> {
    humantime::parse_duration(text).map_err(|e| {
        CliError::usage(format!("{flag} `{text}`: {e}")).with_hint("e.g. 30s, 5m, 1h30m")
    })
}

pub fn run(ctx: &mut Ctx, args: DeployArgs, chain: &ChainArgs) -> CliResult {
    if let Some(dseq) = args.abandon {
        return resume::abandon(ctx, &args, chain, dseq);
    }
    if let Some(dseq) = args.resume {
        return resume::resume(ctx, &args, chain, dseq);
    }
    let path = args
        .sdl
        .required("vmc akash deploy templates/akash/web.yaml --yes --reason \"first deploy\"")?;
    let loaded = plan::load_sdl(ctx, &path, args.convention.into())?;
    let policy = plan::policy(&args)?;
    let mut opts = options(&args, policy)?;
    let deposit_flag = match &args.deposit {
        Some(d) => Some(parse_amount(d, "uact").map_err(|e| {
            CliError::usage(format!("--deposit: {e}")).with_hint("e.g. --deposit 5act")
        })?),
        None => None,
    };
    if args.generate_only {
        let s = super::chain::Session::open(ctx, chain)?;
        let owner = super::chain::owner(ctx, None)?;
        let dseq = match args.dseq {
            Some(d) => d,
            None => s.call(s.client.latest_block())?.height.max(1),
        };
        let mut plan = plan::plan(&loaded, &owner, dseq, 0);
        plan.deposit = deposit_for(&s, &loaded.path, &plan.denom, deposit_flag.as_ref())?;
        return plan::generate_only(ctx, &plan);
    }
    if !args.dry_run {
        mutation::refuse_default_local_with_credentials(ctx)?;
    }
    let flow = Flow::open(ctx, chain, &args.key)?;
    let dseq = match args.dseq {
        Some(d) => d,
        None => flow
            .session
            .call(flow.session.client.latest_block())?
            .height
            .max(1),
    };
    let mut plan = plan::plan(&loaded, &flow.owner, dseq, 0);
    plan.deposit = deposit_for(
        &flow.session,
        &loaded.path,
        &plan.denom,
        deposit_flag.as_ref(),
    )?;
    if args.dry_run {
        return plan::dry_run(ctx, &flow.session, &plan, &opts.policy);
    }
    flow.block(deploy::preflight(&flow.akash, &plan))
        .map_err(|e| render::deploy_error(ctx, &e, plan.dseq))?;
    let request = plan::request_json(&loaded, &plan, &opts.policy);
    let mut mplan = Plan::new(Platform::Akash, ACTION, target(&plan, None));
    mplan.summary_lines = summary(&loaded, &plan);
    mplan.request = request;
    mplan.actor = Some(flow.owner.clone());
    mplan.network = Some(flow.session.network.to_string());
    mplan.signer = Some(flow.signer());
    // Under the lock: a deploy running in another process holds it (exit 3 naming it); an
    // unfinished one found here is really interrupted.
    let mut locked = mutation::lock(ctx, &args.mutation, mplan)?;
    resume::refuse_if_unfinished(ctx, &loaded, &flow.owner)?;
    // The dseq was planned before the lock. While this deploy waited for it, the holder (same
    // wallet, started in the same block) may have created the deployment of that very dseq:
    // plan from the height now, so that the intent never names another deploy's deployment
    // (which `--abandon` would then close).
    if args.dseq.is_none() {
        let now = flow
            .session
            .call(flow.session.client.latest_block())?
            .height;
        if now > plan.dseq {
            plan.dseq = now;
            locked.plan.target = target(&plan, None);
        }
    }
    let m = locked.record_intent()?;
    let op = m.into_operation();
    execute(ctx, &flow, op, &mut plan, &mut opts)
}

/// The deposit: `--deposit` (in the plan's denom) or the chain's minimum. A denom the chain
/// does not take for deployments is refused here, before anything is signed (exit 2).
fn deposit_for(
    s: &super::chain::Session,
    sdl_path: &str,
    denom: &str,
    flag: Option<&(String, u128)>,
) -> CliResult<u128> {
    // Since v2.0 (BME) the chain takes new deployments priced and funded in uact only
    // (akash-protocol.md, "Payment token").
    if denom != "uact" {
        return Err(CliError::usage(format!(
            "{sdl_path} prices the deployment in {denom}, but the chain takes new deployments in uact (ACT) only"
        ))
        .with_hint("write the pricing as {denom: uact, amount: N}; mint ACT from AKT with `vmc akash mint-act`"));
    }
    let min = s.call(s.client.deployment_min_deposit(denom))?;
    match flag {
        Some((d, v)) if *d == denom && *v >= min => Ok(*v),
        Some((d, v)) if *d == denom => Err(CliError::usage(format!(
            "--deposit {v}{d} is below the chain's minimum deposit of {min}{d}"
        ))
        .with_hint(format!(
            "give at least --deposit {min}{d}, or leave --deposit out"
        ))),
        Some((d, _)) => Err(CliError::usage(format!(
            "--deposit is in {d}, but the SDL prices the deployment in {denom}"
        ))
        .with_hint(format!(
            "give the deposit in {denom}, e.g. --deposit 5{}",
            &denom[1..]
        ))),
        None => Ok(min),
    }
}

fn options(
    args: &DeployArgs,
    policy: vmc_akash_deploy::policy::Policy,
) -> CliResult<DeployOptions> {
    let mut o = DeployOptions {
        policy,
        bid_timeout: duration("--bid-timeout", &args.bid_timeout)?,
        ready_timeout: duration("--ready-timeout", &args.ready_timeout)?,
        keep_open: args.keep_open,
        next_dseq_if_taken: args.dseq.is_none(),
        ..DeployOptions::default()
    };
    if o.policy.select == vmc_akash_deploy::policy::Select::Interactive {
        o.chooser = Some(render::interactive_chooser()?);
    }
    Ok(o)
}

fn summary(l: &plan::Loaded, p: &DeployPlan) -> Vec<String> {
    vec![
        format!("deploy {} as deployment {} of {}", l.path, p.dseq, p.owner),
        format!(
            "deposit {} into escrow (refunded on close, less what the leases consume)",
            vmc_akash::rate::Amount::of_units(&p.denom, p.deposit)
                .map(|a| a.human())
                .unwrap_or_default()
        ),
        format!(
            "{} group(s); then lease, send the manifest, wait until ready",
            p.groups.len()
        ),
    ]
}

pub(crate) fn target(plan: &DeployPlan, providers: Option<Vec<String>>) -> Target {
    vmc_akash_deploy::ops::deployment_target(&plan.owner, plan.dseq, &providers.unwrap_or_default())
}

/// Runs the workflow under `op` (fresh or resumed), renders it, and records the outcome.
pub(crate) fn execute(
    ctx: &mut Ctx,
    flow: &Flow,
    mut op: vmc_journal::Operation,
    plan: &mut DeployPlan,
    opts: &mut DeployOptions,
) -> CliResult {
    opts.poll = flow.poll;
    let cancel = Cancel::new();
    let _ctrl_c = render::on_ctrl_c(flow, cancel.clone(), ctx.printer.clone());
    let mut sink = EventPrinter::new(&ctx.printer);
    let result = {
        let mut run = Run {
            akash: &flow.akash,
            log: &mut op,
            sink: &mut sink,
            cancel,
        };
        flow.block(deploy::run(&mut run, plan, opts))
    };
    sink.finish();
    op.set_target(target(plan, None));
    match result {
        Ok(done) => {
            let providers: Vec<String> =
                done.leases.iter().map(|l| l.id.provider.clone()).collect();
            op.set_target(target(plan, Some(providers)));
            let bs = flow.block(flow.akash.block_secs());
            let response = render::response_json(&done, bs);
            op.finish(Ok(response.clone())).map_err(|e| {
                CliError::failure(format!(
                    "deployment {} is running, but its outcome receipt could not be written: {e}",
                    done.dseq
                ))
            })?;
            render::deployed(ctx, &done, bs)
        }
        Err(e) => {
            let err = render::deploy_error(ctx, &e, plan.dseq);
            if e.resumable() {
                let step = match &e {
                    vmc_akash_deploy::deploy::DeployError::Chain { step, .. }
                    | vmc_akash_deploy::deploy::DeployError::Interrupted { step } => step.as_str(),
                    vmc_akash_deploy::deploy::DeployError::Manifest { .. } => "manifest",
                    vmc_akash_deploy::deploy::DeployError::NotReady { .. } => "ready",
                    vmc_akash_deploy::deploy::DeployError::NoBids { .. } => "bids",
                    vmc_akash_deploy::deploy::DeployError::Declined { .. } => "select",
                    _ => "deploy",
                };
                // The operation stays open: `--resume` continues it.
                let _ = op.step_failed(step, e.to_string(), json!({"dseq": plan.dseq}));
            } else {
                if let vmc_akash_deploy::deploy::DeployError::NoBids { .. } = &e {
                    render::explain_no_bids(ctx, flow, plan.dseq);
                }
                let _ = op.finish(Err(e.to_string()));
            }
            Err(err)
        }
    }
}
