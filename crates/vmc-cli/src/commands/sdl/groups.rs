//! `vmc sdl groups FILE`: the GroupSpecs as the chain's REST (gRPC-gateway) JSON shows them:
//! proto field names, resource values as `{"val": "<decimal>"}`, enums by name, DecCoin amounts
//! with 18 decimals.

use clap::Args;
use serde_json::{Value, json};
use vmc_sdl::GroupSpec;
use vmc_sdl::groups::{Attribute, EndpointKind};

use super::{ConventionArg, input};
use crate::Ctx;
use crate::error::CliResult;
use crate::output::{OutputKind, Table};

#[derive(Debug, Args)]
pub struct GroupsArgs {
    /// SDL file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Reproduce the TypeScript (default) or the Go SDK's groups where they differ.
    #[arg(long, value_enum, default_value_t = ConventionArg::Ts)]
    pub convention: ConventionArg,
}

/// A decimal amount as a cosmos LegacyDec in JSON: 18 fractional digits.
pub fn legacy_dec(amount: &str) -> String {
    let (i, f) = amount.split_once('.').unwrap_or((amount, ""));
    let mut f = f.to_string();
    while f.len() < 18 {
        f.push('0');
    }
    format!("{i}.{f}")
}

fn attrs(v: &[Attribute]) -> Value {
    Value::Array(
        v.iter()
            .map(|a| json!({"key": a.key, "value": a.value}))
            .collect(),
    )
}

fn kind_name(k: EndpointKind) -> &'static str {
    match k {
        EndpointKind::SharedHttp => "SHARED_HTTP",
        EndpointKind::RandomPort => "RANDOM_PORT",
        EndpointKind::LeasedIp => "LEASED_IP",
    }
}

/// One GroupSpec in REST JSON.
pub fn rest_json(g: &GroupSpec) -> Value {
    json!({
        "name": g.name,
        "requirements": {
            "signed_by": {
                "all_of": g.requirements.signed_by.all_of,
                "any_of": g.requirements.signed_by.any_of,
            },
            "attributes": attrs(&g.requirements.attributes),
        },
        "resources": g.resources.iter().map(|u| {
            let r = &u.resource;
            json!({
                "resource": {
                    "id": r.id,
                    "cpu": {"units": {"val": r.cpu.units.to_string()}, "attributes": attrs(&r.cpu.attributes)},
                    "memory": {"quantity": {"val": r.memory.quantity.to_string()}, "attributes": attrs(&r.memory.attributes)},
                    "storage": r.storage.iter().map(|s| json!({
                        "name": s.name,
                        "quantity": {"val": s.quantity.to_string()},
                        "attributes": attrs(&s.attributes),
                    })).collect::<Vec<_>>(),
                    "gpu": {"units": {"val": r.gpu.units.to_string()}, "attributes": attrs(&r.gpu.attributes)},
                    "endpoints": r.endpoints.iter().map(|e| json!({
                        "kind": kind_name(e.kind),
                        "sequence_number": e.sequence_number,
                    })).collect::<Vec<_>>(),
                },
                "count": u.count,
                "price": {"denom": u.price.denom, "amount": legacy_dec(&u.price.amount)},
            })
        }).collect::<Vec<_>>(),
    })
}

pub fn run(ctx: &mut Ctx, args: GroupsArgs) -> CliResult {
    let conv = args.convention.into();
    let (_, sdl) = input::load(ctx, &args.file, conv)?;
    let groups = sdl.groups(conv);
    let value = Value::Array(groups.iter().map(rest_json).collect());
    if ctx.printer.format.kind == OutputKind::Table && ctx.printer.format.columns.is_none() {
        // The REST JSON is the point of this command: print it unless a table was asked for.
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        return ctx.printer.raw(&s);
    }
    ctx.printer.data(&value, || {
        let mut t = Table::new([
            "GROUP", "ID", "CPU", "MEMORY", "STORAGE", "GPU", "COUNT", "PRICE",
        ]);
        for g in &groups {
            for u in &g.resources {
                let r = &u.resource;
                t.row([
                    g.name.clone(),
                    r.id.to_string(),
                    format!("{}m", r.cpu.units),
                    r.memory.quantity.to_string(),
                    r.storage
                        .iter()
                        .map(|s| format!("{}={}", s.name, s.quantity))
                        .collect::<Vec<_>>()
                        .join(","),
                    r.gpu.units.to_string(),
                    u.count.to_string(),
                    format!("{}{}", u.price.amount, u.price.denom),
                ]);
            }
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::legacy_dec;

    #[test]
    fn legacy_dec_has_18_decimals() {
        assert_eq!(legacy_dec("1000"), "1000.000000000000000000");
        assert_eq!(legacy_dec("0.5"), "0.500000000000000000");
    }
}
