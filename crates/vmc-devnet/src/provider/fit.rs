//! Does the manifest fit the deployment's on-chain groups (§6.6 step 3, `CheckAgainstDeployment`)?
//! One manifest group per on-chain group, by name; every service's `resources.id` is a unit of
//! that group; CPU, GPU, memory and storage (per position) equal the unit's; the services of a
//! unit add up to its count; and the endpoints per kind are used exactly (order does not matter).

use std::collections::BTreeMap;

use super::manifest::{ManifestGroup, ManifestService};
use crate::groupspec::ResourceUnit;
use crate::state::Group;

fn same_resources(s: &ManifestService, u: &ResourceUnit) -> Result<(), String> {
    let r = &s.resources;
    let want = &u.resource;
    let at = format!("service {} (resources id {})", s.name, r.id);
    if r.cpu.units.u64() != Some(want.cpu.units) {
        return Err(format!(
            "{at}: cpu {} ≠ on-chain {}",
            r.cpu.units.val, want.cpu.units
        ));
    }
    if r.gpu.units.u64() != Some(want.gpu.units) {
        return Err(format!(
            "{at}: gpu {} ≠ on-chain {}",
            r.gpu.units.val, want.gpu.units
        ));
    }
    if r.memory.size.u64() != Some(want.memory.quantity) {
        return Err(format!(
            "{at}: memory {} ≠ on-chain {}",
            r.memory.size.val, want.memory.quantity
        ));
    }
    if r.storage.len() != want.storage.len()
        || r.storage
            .iter()
            .zip(&want.storage)
            .any(|(a, b)| a.name != b.name || a.size.u64() != Some(b.quantity))
    {
        return Err(format!("{at}: storage differs from the on-chain unit"));
    }
    Ok(())
}

/// `Ok` when `manifest` fits `on_chain` (the deployment's groups).
pub fn check(manifest: &[ManifestGroup], on_chain: &[Group]) -> Result<(), String> {
    if manifest.len() != on_chain.len() {
        return Err(format!(
            "manifest has {} groups, the deployment {}",
            manifest.len(),
            on_chain.len()
        ));
    }
    for g in on_chain {
        let spec = &g.spec;
        let m = manifest
            .iter()
            .find(|m| m.name == spec.name)
            .ok_or_else(|| format!("no manifest group for on-chain group {:?}", spec.name))?;
        // Per unit id: services' total count and endpoints per kind.
        let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
        let mut endpoints: BTreeMap<(u32, u8), u32> = BTreeMap::new();
        for s in &m.services {
            let unit = spec
                .resources
                .iter()
                .find(|u| u.resource.id == s.resources.id)
                .ok_or_else(|| {
                    format!(
                        "group {}: service {} uses resources id {} that is not on chain",
                        spec.name, s.name, s.resources.id
                    )
                })?;
            same_resources(s, unit).map_err(|e| format!("group {}: {e}", spec.name))?;
            *counts.entry(unit.resource.id).or_default() += s.count;
            for e in &s.resources.endpoints {
                *endpoints
                    .entry((unit.resource.id, e.kind.unwrap_or(0)))
                    .or_default() += 1;
            }
        }
        for u in &spec.resources {
            let id = u.resource.id;
            let got = counts.get(&id).copied().unwrap_or(0);
            if got != u.count {
                return Err(format!(
                    "group {}: resources id {id}: services ask for {got} replicas, the unit has {}",
                    spec.name, u.count
                ));
            }
            let mut want: BTreeMap<u8, u32> = BTreeMap::new();
            for e in &u.resource.endpoints {
                *want.entry(e.kind as u8).or_default() += 1;
            }
            for kind in 0..=2u8 {
                let have = endpoints.get(&(id, kind)).copied().unwrap_or(0);
                let need = want.get(&kind).copied().unwrap_or(0);
                if have != need {
                    return Err(format!(
                        "group {}: resources id {id}: {have} endpoints of kind {kind} used, {need} on chain",
                        spec.name
                    ));
                }
            }
        }
    }
    Ok(())
}
