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
