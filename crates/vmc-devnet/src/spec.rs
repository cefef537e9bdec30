//! Wire GroupSpecs → domain GroupSpecs, with the chain's stateless group validation (§2.5).

use crate::dec;
use crate::groupspec as g;
use crate::tx::TxError;
use crate::wire;

const MI: u64 = 1 << 20;
const TI: u64 = 1 << 40;

fn gs_err(log: String) -> TxError {
    TxError::new("deployment", 19, format!("{log}: GroupSpec invalid"))
}

fn val(v: &Option<wire::ResourceValue>, what: &str) -> Result<u64, TxError> {
    match v {
        None => Ok(0),
        Some(rv) if rv.val.is_empty() => Ok(0),
        Some(rv) => std::str::from_utf8(&rv.val)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or_else(|| gs_err(format!("{what}: resource value is not a decimal integer"))),
    }
}

fn attrs(a: &[wire::Attribute]) -> Vec<g::Attribute> {
    a.iter()
        .map(|x| g::Attribute::new(&x.key, &x.value))
        .collect()
}

fn valid_attr_key(k: &str) -> bool {
    // ^([a-zA-Z][\w\/\.\-]{1,126}[\w\*]?)$
    let b = k.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_alphabetic() {
        return false;
    }
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mid = |c: u8| word(c) || c == b'/' || c == b'.' || c == b'-';
    let (body, last) = (&b[1..], b[b.len() - 1]);
    if mid(last) {
        body.len() <= 127 && body.iter().all(|&c| mid(c))
    } else if last == b'*' {
        let inner = &body[..body.len() - 1];
        !inner.is_empty() && inner.len() <= 126 && inner.iter().all(|&c| mid(c))
    } else {
        false
    }
}

fn check_attrs(a: &[g::Attribute], at: &str) -> Result<(), TxError> {
    let mut seen = std::collections::BTreeSet::new();
    for x in a {
        if !valid_attr_key(&x.key) {
            return Err(gs_err(format!("{at}: invalid attribute key {:?}", x.key)));
        }
        if !seen.insert(x.key.as_str()) {
            return Err(gs_err(format!("{at}: duplicate attribute key {:?}", x.key)));
        }
    }
    Ok(())
}

/// Converts and validates one group. Returns the domain spec and the price denom.
pub fn from_wire(w: &wire::GroupSpec) -> Result<g::GroupSpec, TxError> {
    let name = w.name.clone();
    if name.is_empty() {
        return Err(gs_err("group name is empty".into()));
    }
    if w.resources.is_empty() {
        return Err(gs_err(format!("group {name}: no resources")));
    }
    let req = w.requirements.clone().unwrap_or_default();
    let sb = req.signed_by.unwrap_or_default();
    let mut req_attrs = attrs(&req.attributes);
    check_attrs(&req_attrs, &format!("group {name}: requirements"))?;
    req_attrs.sort();
    let mut units = Vec::new();
    let mut denom: Option<String> = None;
    let mut ids = std::collections::BTreeSet::new();
    let (mut tcpu, mut tmem, mut tgpu) = (0u128, 0u128, 0u128);
    for ru in &w.resources {
        let r = ru.resource.clone().unwrap_or_default();
        let at = format!("group {name}: resource {}", r.id);
        if r.id == 0 || !ids.insert(r.id) {
            return Err(gs_err(format!("{at}: resource id must be > 0 and unique")));
        }
        let cpu = r.cpu.clone().unwrap_or_default();
        let mem = r.memory.clone().unwrap_or_default();
        let gpu = r.gpu.clone().unwrap_or_default();
        let cpu_units = val(&cpu.units, &at)?;
        let mem_q = val(&mem.quantity, &at)?;
        let gpu_units = val(&gpu.units, &at)?;
        if !(10..=384_000).contains(&cpu_units) {
            return Err(gs_err(format!(
                "{at}: cpu {cpu_units} millicores out of range 10..384000"
            )));
        }
        if !(MI..=2 * TI).contains(&mem_q) {
            return Err(gs_err(format!(
                "{at}: memory {mem_q} bytes out of range 1Mi..2Ti"
            )));
        }
        if gpu_units > 24 {
            return Err(gs_err(format!("{at}: gpu {gpu_units} out of range 0..24")));
        }
        if gpu_units == 0 && !gpu.attributes.is_empty() {
            return Err(gs_err(format!("{at}: gpu attributes without gpu units")));
        }
        let mut storage = Vec::new();
        for s in &r.storage {
            let q = val(&s.quantity, &at)?;
            if !(5 * MI..=32 * TI).contains(&q) {
                return Err(gs_err(format!(
                    "{at}: storage {} of {q} bytes out of range 5Mi..32Ti",
                    s.name
                )));
            }
            let a = attrs(&s.attributes);
            check_attrs(&a, &at)?;
            storage.push(g::Storage {
                name: s.name.clone(),
                quantity: q,
                attributes: a,
            });
        }
        if ru.count == 0 {
            return Err(gs_err(format!("{at}: count must be > 0")));
        }
        let price = ru.price.clone().unwrap_or_default();
        let atomics = dec::parse_atomics(&price.amount).ok_or_else(|| {
            TxError::new(
                "deployment",
                24,
                format!("{at}: price amount {:?}: invalid price", price.amount),
            )
        })?;
        if atomics > 10_000_000 * dec::SCALE {
            return Err(TxError::new(
                "deployment",
                24,
                format!("{at}: price above 10000000 per block: invalid price"),
            ));
        }
        match &denom {
            None => denom = Some(price.denom.clone()),
            Some(d) if *d != price.denom => {
                return Err(gs_err(format!(
                    "group {name}: multi-denomination group ({d} and {})",
                    price.denom
                )));
            }
            _ => {}
        }
        tcpu += cpu_units as u128 * ru.count as u128;
        tmem += mem_q as u128 * ru.count as u128;
        tgpu += gpu_units as u128 * ru.count as u128;
        let endpoints = r
            .endpoints
            .iter()
            .map(|e| {
                let kind = match e.kind {
                    0 => Ok(g::EndpointKind::SharedHttp),
                    1 => Ok(g::EndpointKind::RandomPort),
                    2 => Ok(g::EndpointKind::LeasedIp),
                    k => Err(gs_err(format!("{at}: unknown endpoint kind {k}"))),
                }?;
                Ok(g::Endpoint {
                    kind,
                    sequence_number: e.sequence_number,
                })
            })
            .collect::<Result<Vec<_>, TxError>>()?;
        units.push(g::ResourceUnit {
            resource: g::Resources {
                id: r.id,
                cpu: g::Cpu {
                    units: cpu_units,
                    attributes: attrs(&cpu.attributes),
                },
                memory: g::Memory {
                    quantity: mem_q,
                    attributes: attrs(&mem.attributes),
                },
                storage,
                gpu: g::Gpu {
                    units: gpu_units,
                    attributes: attrs(&gpu.attributes),
                },
                endpoints,
            },
            count: ru.count,
            price: g::DecCoin {
                denom: price.denom.clone(),
                amount: dec::fmt_dec_short(atomics),
            },
        });
    }
    if tcpu > 384_000 * 50 || tmem > 2 * TI as u128 * 50 || tgpu > 24 * 50 {
        return Err(gs_err(format!(
            "group {name}: total resources above the group limit"
        )));
    }
    Ok(g::GroupSpec {
        name,
        requirements: g::PlacementRequirements {
            signed_by: g::SignedBy {
                all_of: sb.all_of,
                any_of: sb.any_of,
            },
            attributes: req_attrs,
        },
        resources: units,
    })
}

/// The denom of a (validated) group.
pub fn denom(spec: &g::GroupSpec) -> &str {
    spec.resources
        .first()
        .map(|r| r.price.denom.as_str())
        .unwrap_or("")
}

/// Σ unit price × count, in atomics: the order's maximum price per block.
pub fn max_price(spec: &g::GroupSpec) -> u128 {
    spec.resources
        .iter()
        .map(|r| dec::parse_dec(&r.price.amount).unwrap_or(0) * r.count as u128)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_keys() {
        assert!(valid_attr_key("region"));
        assert!(valid_attr_key("capabilities/storage/1/class"));
        assert!(valid_attr_key("region*"));
        assert!(!valid_attr_key("1region"));
        assert!(!valid_attr_key("a"));
        assert!(!valid_attr_key("reg ion"));
    }
}
