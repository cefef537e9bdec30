//! From an SDL file and the flags to a [`DeployPlan`] and [`Policy`]; `--dry-run` and
//! `--generate-only`, which print and broadcast nothing.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use vmc_akash_deploy::deploy::DeployPlan;
use vmc_akash_deploy::policy::{MaxPrice, Policy, check_address};
use vmc_sdl::{Convention, Sdl, eligibility};

use super::DeployArgs;
use crate::Ctx;
use crate::commands::akash::chain::Session;
use crate::error::{CliError, CliResult};

/// The SDL as read: its path, the SHA-256 of its bytes, and what it builds.
pub struct Loaded {
    pub path: String,
    pub sha256: String,
    pub sdl: Sdl,
    pub convention: Convention,
}

pub fn load_sdl(ctx: &Ctx, path: &Path, convention: Convention) -> CliResult<Loaded> {
    let p = path.to_string_lossy().to_string();
    let (src, sdl) = crate::commands::sdl::input::load(ctx, &p, convention)?;
    Ok(Loaded {
        sha256: hex::encode(Sha256::digest(&src.bytes)),
        path: p,
        sdl,
        convention,
    })
}

/// The plan for `owner` at `dseq` with `deposit` micro units.
pub fn plan(l: &Loaded, owner: &str, dseq: u64, deposit: u128) -> DeployPlan {
    let (groups, manifest) = l.sdl.groups_and_manifest(l.convention);
    let denom = groups
        .iter()
        .flat_map(|g| g.resources.iter())
        .map(|r| r.price.denom.clone())
        .next()
        .unwrap_or_else(|| "uact".into());
    let mut expect_uris = BTreeSet::new();
    for s in &l.sdl.services {
        let http = s.expose.iter().any(|e| {
            e.proto_upper() == "TCP"
                && e.effective_port() == 80
                && e.to.iter().flatten().any(|t| t.global)
        });
        if http {
            expect_uris.insert(s.name.clone());
        }
    }
    DeployPlan {
        owner: owner.to_string(),
        dseq,
        groups,
        denom,
        manifest_json: manifest.canonical_json(),
        manifest_hash: manifest.hash(),
        deposit,
        reclamation_secs: l.sdl.reclamation_seconds(),
        expect_uris,
    }
}

/// The policy: the file (`--policy`) first, then each flag given overrides it.
pub fn policy(args: &DeployArgs) -> CliResult<Policy> {
    let mut p = match &args.policy {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::usage(format!("--policy {}: {e}", path.display()))
                    .with_hint("see docs/deploy-policy.md for the format")
            })?;
            Policy::from_toml(&text).map_err(|e| {
                CliError::usage(format!("--policy {}: {e}", path.display()))
                    .with_hint("see docs/deploy-policy.md for the format")
            })?
        }
        None => Policy::default(),
    };
    if let Some(s) = &args.select {
        p.select = s
            .parse()
            .map_err(|e: String| CliError::usage(format!("--select: {e}")))?;
    }
    for (flag, list, into) in [
        ("--audited-by", &args.audited_by, &mut p.audited_by),
        ("--allow", &args.allow, &mut p.allow),
        ("--deny", &args.deny, &mut p.deny),
    ] {
        for a in list {
            check_address(a).map_err(|e| CliError::usage(format!("{flag}: {e}")))?;
            into.push(a.clone());
        }
    }
    if let Some(m) = &args.max_price {
        p.max_price = Some(m.parse().map_err(|e: String| {
            CliError::usage(format!("--max-price: {e}"))
                .with_hint("e.g. --max-price 100uact (per block) or --max-price 30act/month")
        })?);
    }
    for a in &args.attr {
        let (k, v) = a
            .split_once('=')
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| {
                CliError::usage(format!("--attr `{a}` is not key=value"))
                    .with_hint("e.g. --attr region=us-west")
            })?;
        p.attributes.push((k, v));
    }
    if let Some(w) = &args.wait_for_bids {
        p.wait_for_bids = Some(super::duration("--wait-for-bids", w)?);
    }
    Ok(p)
}

/// The receipt's `request`: what was asked, no secrets (the SDL's env values stay out).
pub fn request_json(l: &Loaded, plan: &DeployPlan, policy: &Policy) -> Value {
    let resources: Vec<Value> = plan
        .groups
        .iter()
        .map(|g| {
            json!({
                "group": g.name,
                "units": g.resources.iter().map(|r| json!({
                    "count": r.count,
                    "cpu_millis": r.resource.cpu.units,
                    "memory_bytes": r.resource.memory.quantity.to_string(),
                    "price": {"denom": r.price.denom, "amount": r.price.amount},
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "sdl": {"path": l.path, "sha256": l.sha256, "convention": convention_name(l.convention)},
        "sdl_hash": hex::encode_upper(plan.manifest_hash),
        "resources": resources,
        "deposit": {"denom": plan.denom, "amount": plan.deposit.to_string()},
        "max_price": policy.max_price.as_ref().map(MaxPrice::to_string),
        "policy": policy,
    })
}

pub fn convention_name(c: Convention) -> &'static str {
    match c {
        Convention::Ts => "ts",
        Convention::Go => "go",
    }
}

#[derive(Serialize)]
struct DryRun<'a> {
    dseq: u64,
    owner: &'a str,
    deposit: vmc_akash::rate::Amount,
    manifest_hash: String,
    max_price: Option<String>,
    policy: &'a Policy,
    messages: Vec<Value>,
    may_bid: Vec<Value>,
}

/// `--dry-run`: the messages, deposit, maximum price and the providers that may bid.
pub fn dry_run(ctx: &Ctx, s: &Session, plan: &DeployPlan, policy: &Policy) -> CliResult {
    let (providers, audits) =
        s.call(async { tokio::try_join!(s.client.providers(), s.client.audits()) })?;
    let mut may_bid = Vec::new();
    for p in &providers {
        let mine: Vec<_> = audits.iter().filter(|a| a.owner == p.owner).collect();
        let view = crate::commands::akash::providers::provider_view(p, &mine);
        let candidate = crate::commands::akash::providers::eligibility_provider(&view);
        let ok = plan
            .groups
            .iter()
            .all(|g| eligibility::check(g, &candidate).is_eligible());
        let audited = policy
            .audited_by
            .iter()
            .all(|a| view.audits.iter().any(|x| &x.auditor == a));
        if ok && audited {
            may_bid.push(json!({"provider": p.owner, "host_uri": p.host_uri}));
        }
    }
    let msg = plan.create_msg();
    let out = DryRun {
        dseq: plan.dseq,
        owner: &plan.owner,
        deposit: vmc_akash::rate::Amount::of_units(&plan.denom, plan.deposit)
            .unwrap_or_else(|| vmc_akash::rate::Amount::zero(&plan.denom)),
        manifest_hash: hex::encode_upper(plan.manifest_hash),
        max_price: policy.max_price.as_ref().map(MaxPrice::to_string),
        policy,
        messages: vec![msg.to_json()],
        may_bid,
    };
    ctx.printer.status("dry run: nothing was broadcast");
    ctx.printer.data(&out, || {
        let mut t = crate::output::Table::new(["FIELD", "VALUE"]);
        t.row(["dseq".to_string(), out.dseq.to_string()]);
        t.row(["owner".to_string(), out.owner.to_string()]);
        t.row(["deposit".to_string(), out.deposit.human()]);
        t.row(["manifest hash".to_string(), out.manifest_hash.clone()]);
        t.row([
            "max price".to_string(),
            out.max_price.clone().unwrap_or_else(|| "-".into()),
        ]);
        t.row(["groups".to_string(), plan.groups.len().to_string()]);
        t.row([
            "may bid".to_string(),
            if out.may_bid.is_empty() {
                "nobody (see `vmc sdl match`)".to_string()
            } else {
                out.may_bid
                    .iter()
                    .filter_map(|v| v["provider"].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ]);
        t
    })
}

/// The gas limit `--generate-only` writes (MsgCreateDeployment uses well under it).
const GENERATE_GAS: u64 = 400_000;

/// `--generate-only`: the unsigned transaction in the offline-signing JSON
/// (`vmc akash tx sign` signs it).
pub fn generate_only(ctx: &Ctx, plan: &DeployPlan) -> CliResult {
    let draft = vmc_akash::tx::TxDraft {
        messages: vec![plan.create_msg()],
        memo: String::new(),
        timeout_height: 0,
        fee: vmc_akash::tx::fee_for_gas(GENERATE_GAS, vmc_akash::tx::DEFAULT_GAS_PRICE)
            .map_err(|e| CliError::failure(e.to_string()))?,
    };
    ctx.printer.status(&format!(
        "unsigned; gas limit {GENERATE_GAS} at {} uakt/gas. Sign with `vmc akash tx sign`",
        vmc_akash::tx::DEFAULT_GAS_PRICE
    ));
    let doc = draft.to_json();
    ctx.printer.data(&doc, || {
        let mut t = crate::output::Table::new(["TX"]);
        t.row([serde_json::to_string_pretty(&doc).unwrap_or_default()]);
        t
    })
}
