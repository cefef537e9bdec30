//! `vmc akash status DSEQ`: the deployment with its groups, orders, bids, leases and escrow;
//! and, per leased provider, the lease status from its gateway (services, URIs, replicas,
//! forwarded ports, IPs), fetched with a JWT. A provider that does not answer is shown as such;
//! the chain part still prints.

use clap::Args;
use serde::{Deserialize, Serialize};

use super::gateway::{self, LeaseServices};
use super::one::OneDeployment;
use super::view::{self, BidView, EscrowView, GroupView, LeaseView, Money};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    /// Whose deployment (default: the configured wallet, AKASH_WALLET_ADDRESS).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
    /// Only the chain part; do not ask the providers.
    #[arg(long = "no-provider")]
    pub no_provider: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub dseq: String,
    pub owner: String,
    pub state: String,
    pub created_at: String,
    pub hash: String,
    pub height: String,
    pub groups: Vec<GroupDetail>,
    pub orders: Vec<OrderView>,
    pub bids: Vec<BidView>,
    pub leases: Vec<LeaseStatusView>,
    pub escrow: Option<EscrowView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDetail {
    #[serde(flatten)]
    pub group: GroupView,
    pub resources: Vec<UnitView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitView {
    pub id: u32,
    pub count: u32,
    pub cpu_millis: String,
    pub memory_bytes: String,
    pub storage_bytes: Vec<String>,
    pub gpu: String,
    /// Per replica, per block.
    pub price: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub gseq: u32,
    pub oseq: u32,
    pub state: String,
}

/// A lease with what its provider says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseStatusView {
    #[serde(flatten)]
    pub lease: LeaseView,
    /// `ok`, `unreachable`, `refused`, `no-manifest`, `skipped` or `error`.
    pub provider_status: String,
    /// Why the provider part is missing, when it is.
    pub provider_error: Option<String>,
    #[serde(flatten)]
    pub status: LeaseServices,
}

pub fn run(ctx: &mut Ctx, args: StatusArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let one = OneDeployment::open(ctx, chain, &args.dseq, args.owner.as_deref())?;
    let filter = one.filter();
    let (s, owner, dseq, dep, bt) = (&one.s, one.owner.as_str(), one.dseq, &one.dep, one.bt);
    let (orders, bids, leases, head) = s.call(async {
        tokio::try_join!(
            s.client.orders(owner, dseq),
            s.client.bids(&filter),
            s.client.leases(&filter),
            s.client.latest_block()
        )
    })?;
    let lease_views: Vec<LeaseView> = leases
        .iter()
        .filter_map(|l| view::lease_view(l, &bt))
        .collect();
    let base =
        view::deployment_view(dep, lease_views.clone(), head.height, &bt).ok_or_else(|| {
            CliError::failure(format!(
                "deployment {dseq}: the node's answer has no deployment id"
            ))
        })?;
    let groups = dep
        .groups
        .iter()
        .zip(base.groups.iter())
        .map(|(g, gv)| GroupDetail {
            group: gv.clone(),
            resources: g
                .group_spec
                .as_ref()
                .map(|spec| spec.resources.iter().map(unit_view).collect())
                .unwrap_or_default(),
        })
        .collect();
    let auth = if args.no_provider {
        None
    } else {
        Some(gateway::Auth::for_owner(ctx, owner))
    };
    let mut out_leases = Vec::new();
    for l in lease_views {
        let (provider_status, provider_error, status) = match &auth {
            _ if l.state != "active" => (
                "skipped".to_string(),
                Some(format!("the lease is {}", l.state)),
                LeaseServices::default(),
            ),
            None => (
                "skipped".to_string(),
                Some("--no-provider".into()),
                LeaseServices::default(),
            ),
            Some(auth) => match gateway::lease_services(s, auth, &l) {
                Ok(st) => ("ok".to_string(), None, st),
                Err(e) => (
                    e.kind.to_string(),
                    Some(e.message),
                    LeaseServices::default(),
                ),
            },
        };
        out_leases.push(LeaseStatusView {
            lease: l,
            provider_status,
            provider_error,
            status,
        });
    }
    let out = StatusView {
        dseq: base.dseq,
        owner: owner.to_string(),
        state: base.state,
        created_at: base.created_at,
        hash: base.hash,
        height: head.height.to_string(),
        groups,
        orders: orders
            .iter()
            .filter_map(|o| {
                let id = o.id.as_ref()?;
                Some(OrderView {
                    gseq: id.gseq,
                    oseq: id.oseq,
                    state: view::order_state(o.state),
                })
            })
            .collect(),
        bids: bids.iter().filter_map(|b| view::bid_view(b, &bt)).collect(),
        leases: out_leases,
        escrow: base.escrow,
    };
    if ctx.printer.format.kind == crate::output::OutputKind::Table {
        ctx.printer
            .status(&format!("prices per month at {}", bt.describe()));
        for l in &out.leases {
            if let Some(e) = &l.provider_error
                && l.provider_status != "skipped"
            {
                ctx.printer
                    .warn(&format!("provider {}: {e}", l.lease.provider));
            }
        }
    }
    ctx.printer.data(&out, || status_table(&out, &bt))
}

fn unit_view(u: &vmc_akash_proto::deployment::ResourceUnit) -> UnitView {
    let r = u.resource.clone().unwrap_or_default();
    let val = |v: Option<&vmc_akash_proto::base::ResourceValue>| {
        v.map(|v| String::from_utf8_lossy(&v.val).into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "0".into())
    };
    UnitView {
        id: r.id,
        count: u.count,
        cpu_millis: val(r.cpu.as_ref().and_then(|c| c.units.as_ref())),
        memory_bytes: val(r.memory.as_ref().and_then(|m| m.quantity.as_ref())),
        storage_bytes: r.storage.iter().map(|s| val(s.quantity.as_ref())).collect(),
        gpu: val(r.gpu.as_ref().and_then(|g| g.units.as_ref())),
        price: u
            .price
            .as_ref()
            .map(|p| Money::of(&vmc_akash::rate::Amount::of_dec_coin(p)))
            .unwrap_or(Money {
                denom: "uact".into(),
                amount: "0".into(),
            }),
    }
}

/// The status as key/value lines, then one line per lease and per service.
fn status_table(s: &StatusView, bt: &vmc_akash::rate::BlockTime) -> Table {
    let mut t = Table::new(["WHAT", "STATE", "DETAIL"]);
    t.row([
        format!("deployment {}", s.dseq),
        s.state.clone(),
        format!(
            "created at {}, hash {}",
            view::block_ago(&s.created_at, s.height.parse().unwrap_or(0), bt),
            s.hash
        ),
    ]);
    for g in &s.groups {
        let units: Vec<String> = g
            .resources
            .iter()
            .map(|u| {
                format!(
                    "{}× {}m cpu {} B mem, {}/block",
                    u.count,
                    u.cpu_millis,
                    u.memory_bytes,
                    view::human(&u.price)
                )
            })
            .collect();
        t.row([
            format!("group {} {}", g.group.gseq, g.group.name),
            g.group.state.clone(),
            units.join("; "),
        ]);
    }
    for o in &s.orders {
        t.row([
            format!("order {}/{}", o.gseq, o.oseq),
            o.state.clone(),
            String::new(),
        ]);
    }
    for b in &s.bids {
        t.row([
            format!("bid {}/{}", b.gseq, b.oseq),
            b.state.clone(),
            format!(
                "{} {} per block ({}/month)",
                b.provider,
                view::human(&b.prices.price),
                view::human(&b.prices.price_per_month)
            ),
        ]);
    }
    for l in &s.leases {
        t.row([
            format!("lease {}/{}", l.lease.gseq, l.lease.oseq),
            l.lease.state.clone(),
            format!(
                "{} {} per block ({}/month); provider {}",
                l.lease.provider,
                view::human(&l.lease.prices.price),
                view::human(&l.lease.prices.price_per_month),
                l.provider_status
            ),
        ]);
        for svc in &l.status.services {
            t.row([
                format!("  service {}", svc.name),
                format!("{}/{} ready", svc.ready, svc.total),
                svc.uris.join(","),
            ]);
        }
        for p in &l.status.forwarded_ports {
            t.row([
                format!("  port {}", p.service),
                p.proto.clone(),
                format!("{}:{} -> {}", p.host, p.external_port, p.port),
            ]);
        }
        for ip in &l.status.ips {
            t.row([
                format!("  ip {}", ip.service),
                ip.protocol.clone(),
                format!("{}:{} -> {}", ip.ip, ip.external_port, ip.port),
            ]);
        }
    }
    if let Some(e) = &s.escrow {
        t.row([
            "escrow".to_string(),
            e.state.clone(),
            format!("{} left, {}", view::human(&e.balance), view::runway(e)),
        ]);
    }
    t
}
