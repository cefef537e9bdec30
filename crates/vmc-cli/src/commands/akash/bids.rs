//! `vmc akash bids DSEQ [--explain]`: the bids on a deployment with their prices, and the
//! bidding providers' attributes and auditors. `--explain` goes through every provider on
//! chain and says, per group, why it did or did not bid.

use std::collections::{BTreeMap, BTreeSet};

use clap::Args;
use serde::{Deserialize, Serialize};
use vmc_akash::rate::{Amount, BlockTime};
use vmc_akash_client::MarketFilter;
use vmc_akash_proto::deployment::GroupState;
use vmc_akash_proto::deployment::QueryDeploymentResponse;
use vmc_akash_proto::market::OrderState;
use vmc_akash_proto::provider::{AuditedProvider, Provider};
use vmc_sdl::eligibility;

use super::chain::Session;
use super::one::OneDeployment;
use super::view::{self, BidView, Money};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct BidsArgs {
    /// The deployment's sequence number.
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// Whose deployment (default: the configured wallet, AKASH_WALLET_ADDRESS).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
    /// Go through every provider on chain and say why it did or did not bid.
    #[arg(long)]
    pub explain: bool,
}

/// A bid with what the chain says about its provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidRow {
    #[serde(flatten)]
    pub bid: BidView,
    pub attributes: Vec<Attr>,
    pub audited_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attr {
    pub key: String,
    pub value: String,
}

/// Why each provider did or did not bid on one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupExplain {
    pub gseq: u32,
    pub name: String,
    pub group_state: String,
    /// The newest order's state (`open` takes bids).
    pub order_state: Option<String>,
    /// The most a bid may ask: Σ price × count, per block.
    pub max_price: Money,
    pub providers: Vec<ProviderVerdict>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderVerdict {
    pub provider: String,
    /// `bid`, `eligible-no-bid` or `not-eligible`.
    pub verdict: String,
    pub reasons: Vec<String>,
}

#[derive(Serialize)]
pub struct Explained<'a> {
    pub bids: &'a [BidRow],
    pub explain: &'a [GroupExplain],
}

/// Parses a dseq (exit 2 naming it).
pub fn parse_dseq(s: &str) -> CliResult<u64> {
    match s.trim().parse::<u64>() {
        Ok(d) if d > 0 => Ok(d),
        _ => Err(CliError::usage(format!("`{s}` is not a dseq"))
            .with_hint("a dseq is a positive integer, as `vmc akash list` shows")),
    }
}

/// The deployment or exit 4 naming what was looked up and where.
pub fn deployment_or_not_found(
    s: &Session,
    id: &vmc_akash::DeploymentId,
) -> CliResult<vmc_akash_proto::deployment::QueryDeploymentResponse> {
    match s.block(s.client.deployment(id)) {
        Ok(d) => Ok(d),
        Err(e) if e.is_not_found() => Err(CliError::not_found(format!(
            "deployment {} of {} was not found on {} ({})",
            id.dseq,
            id.owner,
            s.client.endpoint(),
            s.chain_id
        ))
        .with_hint("list the owner's deployments with `vmc akash list --state all`")),
        Err(e) => Err(super::chain::client_error(e)),
    }
}

pub fn run(ctx: &mut Ctx, args: BidsArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let one = OneDeployment::open(ctx, chain, &args.dseq, args.owner.as_deref())?;
    let (s, owner, dseq, dep, bt) = (&one.s, one.owner.as_str(), one.dseq, &one.dep, one.bt);
    let rows = bid_rows(s, owner, dseq, &bt)?;
    if !args.explain {
        if rows.is_empty() && ctx.printer.format.kind == crate::output::OutputKind::Table {
            ctx.printer.hint(&format!(
                "no bids on deployment {dseq}; `vmc akash bids {dseq} --explain` says why"
            ));
        }
        return ctx.printer.data(&rows, || bid_table(&rows));
    }
    let explain = explain(s, owner, dseq, dep, &rows)?;
    let out = Explained {
        bids: &rows,
        explain: &explain,
    };
    ctx.printer.data(&out, || {
        let mut t = bid_table(&rows);
        t.rows.push(Vec::new());
        t
    })?;
    if ctx.printer.format.kind == crate::output::OutputKind::Table {
        ctx.printer.raw(&explain_text(&explain))?;
    }
    Ok(())
}

/// The bids of a deployment with their providers' attributes and auditors.
pub fn bid_rows(s: &Session, owner: &str, dseq: u64, bt: &BlockTime) -> CliResult<Vec<BidRow>> {
    let filter = MarketFilter {
        owner,
        dseq: Some(dseq),
        ..Default::default()
    };
    let (bids, providers, audits) = s.call(async {
        tokio::try_join!(
            s.client.bids(&filter),
            s.client.providers(),
            s.client.audits()
        )
    })?;
    let audits_of = group_audits(&audits);
    let by_owner: BTreeMap<&str, &Provider> =
        providers.iter().map(|p| (p.owner.as_str(), p)).collect();
    let rows: Vec<BidRow> = bids
        .iter()
        .filter_map(|b| view::bid_view(b, bt))
        .map(|bid| {
            let p = by_owner.get(bid.provider.as_str());
            BidRow {
                attributes: p
                    .map(|p| {
                        p.attributes
                            .iter()
                            .map(|a| Attr {
                                key: a.key.clone(),
                                value: a.value.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                audited_by: audits_of
                    .get(bid.provider.as_str())
                    .map(|v| v.iter().map(|a| a.auditor.clone()).collect())
                    .unwrap_or_default(),
                bid,
            }
        })
        .collect();
    Ok(rows)
}

/// Why each provider did or did not bid on each group (`--explain`).
pub fn explain(
    s: &Session,
    owner: &str,
    dseq: u64,
    dep: &QueryDeploymentResponse,
    rows: &[BidRow],
) -> CliResult<Vec<GroupExplain>> {
    let (providers, audits, orders) = s.call(async {
        tokio::try_join!(
            s.client.providers(),
            s.client.audits(),
            s.client.orders(owner, dseq)
        )
    })?;
    let audits_of = group_audits(&audits);
    // The SDL engine's view of every provider, built once for all groups.
    let candidates: Vec<eligibility::Provider> = providers
        .iter()
        .map(|p| {
            let audits = audits_of
                .get(p.owner.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            super::providers::eligibility_provider(&super::providers::provider_view(p, audits))
        })
        .collect();
    let mut explain = Vec::new();
    for g in &dep.groups {
        let gseq = g.id.as_ref().map(|i| i.gseq).unwrap_or(0);
        let Some(spec) = &g.group_spec else { continue };
        let group = vmc_akash::groups::group_spec_from_proto(spec).map_err(|e| {
            CliError::failure(format!(
                "group {gseq} of deployment {dseq} does not decode: {e}"
            ))
        })?;
        let order = orders
            .iter()
            .filter(|o| o.id.as_ref().is_some_and(|i| i.gseq == gseq))
            .max_by_key(|o| o.id.as_ref().map(|i| i.oseq));
        let mut max = Amount::zero("uact");
        for u in &spec.resources {
            if let Some(p) = &u.price {
                let a = Amount::of_dec_coin(p);
                max.denom = a.denom.clone();
                max.base += a.base * rust_decimal::Decimal::from(u.count);
            }
        }
        let bidders: BTreeMap<&str, &BidRow> = rows
            .iter()
            .filter(|r| r.bid.gseq == gseq)
            .map(|r| (r.bid.provider.as_str(), r))
            .collect();
        let mut verdicts = Vec::new();
        for (p, candidate) in providers.iter().zip(&candidates) {
            let verdict = eligibility::check(&group, candidate);
            let (word, reasons) = if let Some(b) = bidders.get(p.owner.as_str()) {
                (
                    "bid",
                    vec![format!(
                        "bid {} per block ({}), {}",
                        view::human(&b.bid.prices.price),
                        b.bid.state,
                        view::human(&b.bid.prices.price_per_month) + "/month"
                    )],
                )
            } else if !verdict.is_eligible() {
                (
                    "not-eligible",
                    verdict.reasons.iter().map(|r| r.to_string()).collect(),
                )
            } else {
                (
                    "eligible-no-bid",
                    vec![no_bid_reason(order.map(|o| o.state), &max)],
                )
            };
            verdicts.push(ProviderVerdict {
                provider: p.owner.clone(),
                verdict: word.into(),
                reasons,
            });
        }
        explain.push(GroupExplain {
            gseq,
            name: spec.name.clone(),
            group_state: view::state_name::<GroupState>(g.state),
            order_state: order.map(|o| view::order_state(o.state)),
            max_price: Money::of(&max),
            providers: verdicts,
        });
    }
    Ok(explain)
}

fn no_bid_reason(order_state: Option<i32>, max: &Amount) -> String {
    match order_state {
        Some(s) if s == OrderState::Open as i32 => format!(
            "eligible, but no bid yet: its price may be above the order's maximum of {} per block, \
             it may lack capacity, or it is offline",
            max.human()
        ),
        Some(s) if s == OrderState::Active as i32 => {
            "eligible; the order is leased to another provider, so no more bids are taken".into()
        }
        Some(s) => format!(
            "eligible; the order is {} and takes no bids (a closed lease opens a new order)",
            view::order_state(s)
        ),
        None => "eligible; the group has no order".into(),
    }
}

fn group_audits(audits: &[AuditedProvider]) -> BTreeMap<&str, Vec<&AuditedProvider>> {
    let mut m: BTreeMap<&str, Vec<&AuditedProvider>> = BTreeMap::new();
    for a in audits {
        m.entry(a.owner.as_str()).or_default().push(a);
    }
    m
}

fn bid_table(rows: &[BidRow]) -> Table {
    let mut t = Table::new([
        "PROVIDER",
        "GSEQ",
        "OSEQ",
        "STATE",
        "PRICE/BLOCK",
        "PRICE/HOUR",
        "PRICE/MONTH",
        "AUDITED BY",
        "ATTRIBUTES",
    ]);
    for r in rows {
        let auditors: BTreeSet<&str> = r.audited_by.iter().map(String::as_str).collect();
        t.row([
            r.bid.provider.clone(),
            r.bid.gseq.to_string(),
            r.bid.oseq.to_string(),
            r.bid.state.clone(),
            view::human(&r.bid.prices.price),
            view::human(&r.bid.prices.price_per_hour),
            view::human(&r.bid.prices.price_per_month),
            if auditors.is_empty() {
                "-".into()
            } else {
                auditors.into_iter().collect::<Vec<_>>().join(",")
            },
            // Capabilities (storage classes, GPU models) are many; `-o json` has them all.
            r.attributes
                .iter()
                .filter(|a| !a.key.starts_with("capabilities/"))
                .map(|a| format!("{}={}", a.key, a.value))
                .collect::<Vec<_>>()
                .join(","),
        ]);
    }
    t
}

pub fn explain_text(groups: &[GroupExplain]) -> String {
    let mut out = String::new();
    for g in groups {
        out.push_str(&format!(
            "group {} `{}` ({}; order {}; at most {} per block):\n",
            g.gseq,
            g.name,
            g.group_state,
            g.order_state.as_deref().unwrap_or("none"),
            view::human(&g.max_price)
        ));
        for p in &g.providers {
            out.push_str(&format!("  {}  {}\n", p.provider, p.verdict));
            for r in &p.reasons {
                out.push_str(&format!("      {r}\n"));
            }
        }
    }
    out
}
