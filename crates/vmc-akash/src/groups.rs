//! SDL group specs (`vmc_sdl::GroupSpec`) → protobuf `GroupSpec`.
//!
//! Resource quantities become ASCII decimal bytes; the price becomes LegacyDec atomics.

use vmc_akash_proto::base as bw;
use vmc_akash_proto::cosmos::DecCoin;
use vmc_akash_proto::deployment as dw;
use vmc_akash_proto::legacy_dec::{PRECISION, decimal_to_atomics};
use vmc_sdl::groups as sdl;

fn attrs(a: &[sdl::Attribute]) -> Vec<bw::Attribute> {
    a.iter()
        .map(|a| bw::Attribute {
            key: a.key.clone(),
            value: a.value.clone(),
        })
        .collect()
}

fn val(v: u64) -> Option<bw::ResourceValue> {
    Some(bw::ResourceValue::from_u64(v))
}

/// Decimal text → atomics. The SDL engine hands over normalized decimals with at most 18
/// fractional digits; any further digits are cut off (never rounded up).
fn atomics(amount: &str) -> String {
    if let Ok(a) = decimal_to_atomics(amount) {
        return a;
    }
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let frac: String = frac.chars().take(PRECISION).collect();
    decimal_to_atomics(&format!("{int}.{frac}")).unwrap_or_else(|_| "0".into())
}

/// `vmc_sdl` resources → protobuf `Resources`.
pub fn resources_to_proto(r: &sdl::Resources) -> bw::Resources {
    {
        bw::Resources {
            id: r.id,
            cpu: Some(bw::Cpu {
                units: val(r.cpu.units),
                attributes: attrs(&r.cpu.attributes),
            }),
            memory: Some(bw::Memory {
                quantity: val(r.memory.quantity),
                attributes: attrs(&r.memory.attributes),
            }),
            storage: r
                .storage
                .iter()
                .map(|s| bw::Storage {
                    name: s.name.clone(),
                    quantity: val(s.quantity),
                    attributes: attrs(&s.attributes),
                })
                .collect(),
            gpu: Some(bw::Gpu {
                units: val(r.gpu.units),
                attributes: attrs(&r.gpu.attributes),
            }),
            endpoints: r
                .endpoints
                .iter()
                .map(|e| bw::Endpoint {
                    kind: e.kind as i32,
                    sequence_number: e.sequence_number,
                })
                .collect(),
        }
    }
}

/// `vmc_sdl::GroupSpec` → protobuf `GroupSpec` (what `MsgCreateDeployment.groups` holds).
///
/// A free function (and [`GroupSpecExt`]) rather than `From`: both types live in other crates.
pub fn group_spec_to_proto(g: &sdl::GroupSpec) -> dw::GroupSpec {
    {
        dw::GroupSpec {
            name: g.name.clone(),
            requirements: Some(bw::PlacementRequirements {
                signed_by: Some(bw::SignedBy {
                    all_of: g.requirements.signed_by.all_of.clone(),
                    any_of: g.requirements.signed_by.any_of.clone(),
                }),
                attributes: attrs(&g.requirements.attributes),
            }),
            resources: g
                .resources
                .iter()
                .map(|u| dw::ResourceUnit {
                    resource: Some(resources_to_proto(&u.resource)),
                    count: u.count,
                    price: Some(DecCoin {
                        denom: u.price.denom.clone(),
                        amount: atomics(&u.price.amount),
                    }),
                })
                .collect(),
        }
    }
}

/// `group_spec.to_proto()` for SDL group specs.
pub trait GroupSpecExt {
    fn to_proto(&self) -> dw::GroupSpec;
}

impl GroupSpecExt for sdl::GroupSpec {
    fn to_proto(&self) -> dw::GroupSpec {
        group_spec_to_proto(self)
    }
}

/// Convert a list of SDL group specs.
pub fn group_specs_to_proto(groups: &[sdl::GroupSpec]) -> Vec<dw::GroupSpec> {
    groups.iter().map(group_spec_to_proto).collect()
}

/// Reads a `ResourceValue` (ASCII decimal digits); absent or empty is 0.
fn read_val(v: &Option<bw::ResourceValue>, what: &str) -> Result<u64, String> {
    match v {
        None => Ok(0),
        Some(rv) if rv.val.is_empty() => Ok(0),
        Some(rv) => std::str::from_utf8(&rv.val)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or_else(|| format!("{what}: the resource value is not a decimal integer")),
    }
}

fn attrs_back(a: &[bw::Attribute]) -> Vec<sdl::Attribute> {
    a.iter()
        .map(|a| sdl::Attribute::new(&a.key, &a.value))
        .collect()
}

/// An on-chain `GroupSpec` → `vmc_sdl::GroupSpec`, so that the SDL engine's eligibility rules
/// can judge groups made by any client (Console, the Go CLIs). Fails, naming the field, on a
/// resource value that is not a decimal integer or an unknown endpoint kind.
pub fn group_spec_from_proto(g: &dw::GroupSpec) -> Result<sdl::GroupSpec, String> {
    let reqs = g.requirements.clone().unwrap_or_default();
    let signed = reqs.signed_by.unwrap_or_default();
    let mut resources = Vec::with_capacity(g.resources.len());
    for (i, u) in g.resources.iter().enumerate() {
        let r = u.resource.clone().unwrap_or_default();
        let at = |f: &str| format!("resources[{i}].{f}");
        let cpu = r.cpu.unwrap_or_default();
        let mem = r.memory.unwrap_or_default();
        let gpu = r.gpu.unwrap_or_default();
        let mut storage = Vec::new();
        for (j, s) in r.storage.iter().enumerate() {
            storage.push(sdl::Storage {
                name: s.name.clone(),
                quantity: read_val(&s.quantity, &at(&format!("storage[{j}]")))?,
                attributes: attrs_back(&s.attributes),
            });
        }
        let mut endpoints = Vec::new();
        for e in &r.endpoints {
            let kind = match e.kind {
                0 => sdl::EndpointKind::SharedHttp,
                1 => sdl::EndpointKind::RandomPort,
                2 => sdl::EndpointKind::LeasedIp,
                k => return Err(format!("{}: unknown endpoint kind {k}", at("endpoints"))),
            };
            endpoints.push(sdl::Endpoint {
                kind,
                sequence_number: e.sequence_number,
            });
        }
        let price = u.price.clone().unwrap_or_default();
        resources.push(sdl::ResourceUnit {
            resource: sdl::Resources {
                id: r.id,
                cpu: sdl::Cpu {
                    units: read_val(&cpu.units, &at("cpu"))?,
                    attributes: attrs_back(&cpu.attributes),
                },
                memory: sdl::Memory {
                    quantity: read_val(&mem.quantity, &at("memory"))?,
                    attributes: attrs_back(&mem.attributes),
                },
                storage,
                gpu: sdl::Gpu {
                    units: read_val(&gpu.units, &at("gpu"))?,
                    attributes: attrs_back(&gpu.attributes),
                },
                endpoints,
            },
            count: u.count,
            price: sdl::DecCoin {
                denom: price.denom.clone(),
                amount: vmc_akash_proto::legacy_dec::atomics_to_decimal(&price.amount)
                    .map(|d| {
                        let t = d.trim_end_matches('0');
                        t.trim_end_matches('.').to_string()
                    })
                    .map_err(|e| format!("{}: {e}", at("price")))?,
            },
        });
    }
    Ok(sdl::GroupSpec {
        name: g.name.clone(),
        requirements: sdl::PlacementRequirements {
            signed_by: sdl::SignedBy {
                all_of: signed.all_of,
                any_of: signed.any_of,
            },
            attributes: attrs_back(&reqs.attributes),
        },
        resources,
    })
}

#[cfg(test)]
mod round_trip {
    use super::*;

    #[test]
    fn from_proto_undoes_to_proto() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../templates/akash/web.yaml"
        ))
        .unwrap();
        let sdl = vmc_sdl::parse(&text).unwrap();
        for g in sdl.groups(vmc_sdl::Convention::default()) {
            assert_eq!(group_spec_from_proto(&group_spec_to_proto(&g)).unwrap(), g);
        }
    }
}
