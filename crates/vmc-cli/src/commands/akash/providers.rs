//! `vmc akash providers [--eligible-for SDL] [--audited-by ADDR] [--attr k=v]`: the providers
//! on chain, their attributes and auditors; filtered by who may bid on an SDL's groups.

use std::collections::BTreeMap;

use clap::Args;
use serde::{Deserialize, Serialize};
use vmc_akash_proto::provider::{AuditedProvider, Provider};
use vmc_sdl::eligibility;

use super::bids::Attr;
use super::chain::{Session, check_address};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// Only providers that may bid on every group of this SDL file.
    #[arg(long = "eligible-for", value_name = "SDL")]
    pub eligible_for: Option<std::path::PathBuf>,
    /// Only providers this auditor signed attributes for (repeatable: all of them).
    #[arg(long = "audited-by", value_name = "ADDR")]
    pub audited_by: Vec<String>,
    /// Only providers with this attribute, own or audited (repeatable: all of them).
    #[arg(long = "attr", value_name = "KEY=VALUE")]
    pub attr: Vec<String>,
}

/// A provider as `providers` and `provider` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderView {
    pub owner: String,
    pub host_uri: String,
    pub attributes: Vec<Attr>,
    pub audits: Vec<AuditView>,
    pub email: String,
    pub website: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub auditor: String,
    pub attributes: Vec<Attr>,
}

fn attrs(a: &[vmc_akash_proto::base::Attribute]) -> Vec<Attr> {
    a.iter()
        .map(|x| Attr {
            key: x.key.clone(),
            value: x.value.clone(),
        })
        .collect()
}

pub fn provider_view(p: &Provider, audits: &[&AuditedProvider]) -> ProviderView {
    ProviderView {
        owner: p.owner.clone(),
        host_uri: p.host_uri.clone(),
        attributes: attrs(&p.attributes),
        audits: audits
            .iter()
            .map(|a| AuditView {
                auditor: a.auditor.clone(),
                attributes: attrs(&a.attributes),
            })
            .collect(),
        email: p.info.as_ref().map(|i| i.email.clone()).unwrap_or_default(),
        website: p
            .info
            .as_ref()
            .map(|i| i.website.clone())
            .unwrap_or_default(),
    }
}

/// The SDL engine's view of a provider (for eligibility).
pub fn eligibility_provider(v: &ProviderView) -> eligibility::Provider {
    let conv = |a: &[Attr]| {
        a.iter()
            .map(|x| vmc_sdl::groups::Attribute::new(&x.key, &x.value))
            .collect::<Vec<_>>()
    };
    eligibility::Provider {
        owner: v.owner.clone(),
        host_uri: Some(v.host_uri.clone()),
        attributes: conv(&v.attributes),
        audits: v
            .audits
            .iter()
            .map(|a| eligibility::Audit {
                auditor: a.auditor.clone(),
                attributes: conv(&a.attributes),
            })
            .collect(),
    }
}

pub fn run(ctx: &mut Ctx, args: ProvidersArgs, chain: &super::chain::ChainArgs) -> CliResult {
    for a in &args.audited_by {
        check_address(a, "--audited-by")?;
    }
    let wanted: Vec<(String, String)> = args
        .attr
        .iter()
        .map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| {
                    CliError::usage(format!("--attr `{a}` is not key=value"))
                        .with_hint("e.g. --attr region=us-west")
                })
        })
        .collect::<CliResult<_>>()?;
    let groups = match &args.eligible_for {
        Some(path) => Some(load_groups(path)?),
        None => None,
    };
    let s = Session::open(ctx, chain)?;
    let (providers, audits) =
        s.call(async { tokio::try_join!(s.client.providers(), s.client.audits()) })?;
    let mut by: BTreeMap<&str, Vec<&AuditedProvider>> = BTreeMap::new();
    for a in &audits {
        by.entry(a.owner.as_str()).or_default().push(a);
    }
    let views: Vec<ProviderView> = providers
        .iter()
        .map(|p| {
            provider_view(
                p,
                by.get(p.owner.as_str()).map(Vec::as_slice).unwrap_or(&[]),
            )
        })
        .filter(|v| {
            args.audited_by
                .iter()
                .all(|a| v.audits.iter().any(|x| &x.auditor == a))
        })
        .filter(|v| {
            wanted.iter().all(|(k, val)| {
                v.attributes
                    .iter()
                    .chain(v.audits.iter().flat_map(|a| a.attributes.iter()))
                    .any(|x| &x.key == k && &x.value == val)
            })
        })
        .filter(|v| {
            groups.as_ref().is_none_or(|gs| {
                let p = eligibility_provider(v);
                gs.iter().all(|g| eligibility::check(g, &p).is_eligible())
            })
        })
        .collect();
    ctx.printer.data(&views, || {
        let mut t = Table::new(["PROVIDER", "HOST", "AUDITED BY", "ATTRIBUTES"]);
        for v in &views {
            t.row([
                v.owner.clone(),
                v.host_uri.clone(),
                if v.audits.is_empty() {
                    "-".into()
                } else {
                    v.audits
                        .iter()
                        .map(|a| a.auditor.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                },
                v.attributes
                    .iter()
                    .map(|a| format!("{}={}", a.key, a.value))
                    .collect::<Vec<_>>()
                    .join(","),
            ]);
        }
        t
    })
}

/// The groups of an SDL file (its errors reported as `vmc sdl validate` does: exit 2).
fn load_groups(path: &std::path::Path) -> CliResult<Vec<vmc_sdl::GroupSpec>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::usage(format!("cannot read {}: {e}", path.display()))
            .with_hint("give the path of an SDL file, e.g. templates/akash/web.yaml")
    })?;
    let sdl = vmc_sdl::parse(&text).map_err(|d| {
        CliError::usage(format!(
            "{} is not a valid SDL: {}",
            path.display(),
            d.0.first().map(|x| x.message.clone()).unwrap_or_default()
        ))
        .with_hint(format!(
            "`vmc sdl validate {}` shows every error",
            path.display()
        ))
    })?;
    Ok(sdl.groups(vmc_sdl::Convention::default()))
}
