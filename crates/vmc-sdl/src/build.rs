//! SDL model → on-chain GroupSpecs and the provider manifest (`akash-protocol.md` §6.1–6.4),
//! in the TS SDK's convention or the Go SDK's (§6.9).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::collate::name_cmp;
use crate::groups::*;
use crate::manifest::*;
use crate::model::*;
use crate::units::gpu_ram_go;
use crate::{Convention, Sdl};

/// GroupSpecs and manifest, built together (they share resource ids).
pub(crate) struct Built {
    pub groups: Vec<GroupSpec>,
    pub manifest: Manifest,
    /// For each group and unit: the services merged into it (for diagnostics).
    pub unit_services: Vec<Vec<Vec<String>>>,
    /// For each group and unit: its compute profile.
    pub unit_profiles: Vec<Vec<String>>,
}

/// IP endpoint name → sequence number.
fn endpoint_sequence_numbers(
    sdl: &Sdl,
    conv: Convention,
    deployed: &[&Service],
) -> BTreeMap<String, u32> {
    let mut names: Vec<String> = Vec::new();
    match conv {
        Convention::Ts => {
            for s in &sdl.services {
                for e in &s.expose {
                    for t in e.to.iter().flatten() {
                        if let Some(ip) = t.ip.as_ref().filter(|ip| t.global && !ip.is_empty()) {
                            names.push(ip.clone());
                        }
                    }
                }
            }
            // JS default sort: UTF-16 code units.
            names.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        }
        Convention::Go => {
            for s in deployed {
                for e in &s.expose {
                    for t in e.to.iter().flatten() {
                        let ip = t.ip.clone().unwrap_or_default();
                        if t.global && ip.is_empty() {
                            continue;
                        }
                        names.push(ip);
                    }
                }
            }
            names.sort();
        }
    }
    let mut out = BTreeMap::new();
    for (i, n) in names.into_iter().enumerate() {
        out.insert(n, i as u32 + 1);
    }
    out
}

fn http_options(h: Option<&HttpOptions>) -> ManifestHttpOptions {
    let d = HttpOptions::default();
    let h = h.unwrap_or(&d);
    ManifestHttpOptions {
        max_body_size: h.max_body_size.unwrap_or(1_048_576),
        read_timeout: h.read_timeout.unwrap_or(60_000),
        send_timeout: h.send_timeout.unwrap_or(60_000),
        next_tries: h.next_tries.unwrap_or(3),
        next_timeout: h.next_timeout.unwrap_or(0),
        next_cases: h
            .next_cases
            .clone()
            .unwrap_or_else(|| vec!["error".into(), "timeout".into()]),
        proxy_buffer_size: h.proxy_buffer_size.unwrap_or(0),
    }
}

/// The manifest exposes of a service, sorted by (service, port, proto, global first).
fn manifest_exposes(
    svc: &Service,
    conv: Convention,
    seqs: &BTreeMap<String, u32>,
) -> Vec<ManifestExpose> {
    let mut out = Vec::new();
    for e in &svc.expose {
        let base = ManifestExpose {
            port: e.port,
            external_port: e.external_port.unwrap_or(0),
            proto: e.proto_upper(),
            service: String::new(),
            global: false,
            hosts: e.accept.clone().unwrap_or_default(),
            http: http_options(e.http_options.as_ref()),
            ip: String::new(),
            endpoint_sequence_number: 0,
        };
        match &e.to {
            Some(to) if !to.is_empty() => {
                for t in to {
                    let ip = t.ip.clone().unwrap_or_default();
                    let seq = if t.global && !ip.is_empty() {
                        seqs.get(&ip).copied().unwrap_or(0)
                    } else {
                        0
                    };
                    out.push(ManifestExpose {
                        service: t.service.clone().unwrap_or_default(),
                        global: t.global,
                        ip,
                        endpoint_sequence_number: seq,
                        ..base.clone()
                    });
                }
            }
            _ => {
                if conv == Convention::Go {
                    out.push(base);
                }
            }
        }
    }
    out.sort_by(|a, b| {
        a.service
            .cmp(&b.service)
            .then(a.port.cmp(&b.port))
            .then(a.proto.cmp(&b.proto))
            .then(b.global.cmp(&a.global))
    });
    out
}

/// A service's endpoints. TS: in SDL expose order; Go: over the sorted manifest exposes.
fn service_endpoints(
    svc: &Service,
    conv: Convention,
    exposes: &[ManifestExpose],
    seqs: &BTreeMap<String, u32>,
) -> Vec<(EndpointKind, u32)> {
    let kind_of = |proto: &str, port: u32, ext: u32| {
        let eff = if ext == 0 { port } else { ext };
        if proto == "TCP" && eff == 80 {
            EndpointKind::SharedHttp
        } else {
            EndpointKind::RandomPort
        }
    };
    let mut out = Vec::new();
    match conv {
        Convention::Ts => {
            for e in &svc.expose {
                for t in e.to.iter().flatten().filter(|t| t.global) {
                    let kind = kind_of(&e.proto_upper(), e.port, e.external_port.unwrap_or(0));
                    out.push((kind, 0));
                    if let Some(ip) = t.ip.as_ref().filter(|i| !i.is_empty()) {
                        out.push((EndpointKind::LeasedIp, seqs.get(ip).copied().unwrap_or(0)));
                    }
                }
            }
        }
        Convention::Go => {
            for x in exposes.iter().filter(|x| x.global) {
                let mut pair = vec![(kind_of(&x.proto, x.port, x.external_port), 0)];
                if !x.ip.is_empty() {
                    pair.push((EndpointKind::LeasedIp, x.endpoint_sequence_number));
                }
                pair.sort_by_key(|p| p.1);
                out.extend(pair);
            }
        }
    }
    out
}

fn sort_attrs(conv: Convention, v: &mut [Attribute]) {
    v.sort_by(|a, b| name_cmp(conv, &a.key, &b.key));
}

fn storage_attrs(conv: Convention, vol: &Volume) -> Vec<Attribute> {
    let mut v = vol.attributes.clone().unwrap_or_default();
    if conv == Convention::Go && vol.attributes.is_some() {
        // Go: bool spellings normalised; missing persistent → false; persistent without class → default.
        for a in &mut v {
            if a.key == "persistent" {
                a.value = crate::model::truthy(&a.value).to_string();
            }
        }
        if !v.iter().any(|a| a.key == "persistent") {
            v.push(Attribute::new("persistent", "false"));
        }
        if vol.is_persistent() && !v.iter().any(|a| a.key == "class") {
            v.push(Attribute::new("class", "default"));
        }
    }
    sort_attrs(conv, &mut v);
    v
}

/// Go's storage order: size, then volumes without `persistent` first, then by the persistent
/// text, then non-persistent first, then name (stable).
fn go_volume_order(vols: &mut [(&Volume, u64)]) {
    vols.sort_by(|(a, sa), (b, sb)| {
        sa.cmp(sb)
            .then_with(|| {
                let pa = a.attribute("persistent");
                let pb = b.attribute("persistent");
                match (pa, pb) {
                    (None, Some(_)) => std::cmp::Ordering::Less,
                    (Some(_), None) => std::cmp::Ordering::Greater,
                    (Some(x), Some(y)) => x.cmp(y),
                    (None, None) => std::cmp::Ordering::Equal,
                }
            })
            .then(a.is_persistent().cmp(&b.is_persistent()))
            .then(a.name.cmp(&b.name))
    });
}

fn gpu_attributes(conv: Convention, gpu: &GpuSpec) -> Vec<Attribute> {
    let mut out = Vec::new();
    if let Some(vendors) = &gpu.vendors {
        let mut vs: Vec<&GpuVendor> = vendors.iter().collect();
        vs.sort_by(|a, b| name_cmp(conv, &a.name, &b.name));
        for v in vs {
            match &v.models {
                None => out.push(Attribute::new(format!("vendor/{}/model/*", v.name), "true")),
                Some(models) if models.is_empty() && conv == Convention::Go => {
                    out.push(Attribute::new(format!("vendor/{}/model/*", v.name), "true"))
                }
                Some(models) => {
                    for m in models {
                        let mut key = format!("vendor/{}/model/{}", v.name, m.model);
                        if let Some(ram) = m.ram.as_ref().filter(|r| !r.is_empty()) {
                            let ram = match conv {
                                Convention::Go => gpu_ram_go(ram).unwrap_or_else(|| ram.clone()),
                                Convention::Ts => ram.clone(),
                            };
                            key.push_str(&format!("/ram/{ram}"));
                        }
                        if let Some(i) = m.interface.as_ref().filter(|r| !r.is_empty()) {
                            key.push_str(&format!("/interface/{i}"));
                        }
                        out.push(Attribute::new(key, "true"));
                    }
                }
            }
        }
    }
    // TS keeps the models in SDL order; Go sorts the attributes.
    if conv == Convention::Go {
        sort_attrs(conv, &mut out);
    }
    out
}

struct GroupWork {
    spec: GroupSpec,
    /// profile of each unit
    unit_profiles: Vec<String>,
    unit_services: Vec<Vec<String>>,
    /// profile → unit index (for merging)
    unit_index: HashMap<String, usize>,
    services: Vec<ManifestService>,
    tee: Option<String>,
}

pub(crate) fn build(sdl: &Sdl, conv: Convention) -> Built {
    build_with(sdl, conv, true)
}

/// The groups alone: [`Built::manifest`] has the groups' names but no services.
pub(crate) fn build_groups(sdl: &Sdl, conv: Convention) -> Built {
    build_with(sdl, conv, false)
}

fn build_with(sdl: &Sdl, conv: Convention, with_manifest: bool) -> Built {
    // Name → item maps keep this linear in the size of the SDL.
    let services: HashMap<&str, &Service> =
        sdl.services.iter().map(|s| (s.name.as_str(), s)).collect();
    let computes: HashMap<&str, &ComputeProfile> =
        sdl.compute.iter().map(|c| (c.name.as_str(), c)).collect();
    let placements: HashMap<&str, &Placement> = sdl
        .placements
        .iter()
        .map(|p| (p.name.as_str(), p))
        .collect();
    let prices: HashMap<(&str, &str), &Price> = sdl
        .placements
        .iter()
        .flat_map(|p| {
            p.pricing
                .iter()
                .map(move |x| ((p.name.as_str(), x.profile.as_str()), x))
        })
        .collect();
    let mut by_service: HashMap<&str, Vec<&DeploymentEntry>> = HashMap::default();
    let mut names: Vec<&str> = Vec::new();
    for d in &sdl.deployment {
        if !services.contains_key(d.service.as_str()) {
            continue;
        }
        let e = by_service.entry(&d.service).or_default();
        if e.is_empty() {
            names.push(&d.service);
        }
        e.push(d);
    }
    names.sort_by(|a, b| name_cmp(conv, a, b));
    let deployed: Vec<&Service> = names
        .iter()
        .filter_map(|n| services.get(n).copied())
        .collect();
    let seqs = endpoint_sequence_numbers(sdl, conv, &deployed);
    let merge = conv == Convention::Ts || sdl.version == SdlVersion::V2_1;

    let mut groups: Vec<GroupWork> = Vec::new();
    let mut group_index: HashMap<&str, usize> = HashMap::default();
    for svc in &deployed {
        for d in by_service.get(svc.name.as_str()).into_iter().flatten() {
            let (Some(placement), Some(profile)) = (
                placements.get(d.placement.as_str()).copied(),
                computes.get(d.profile.as_str()).copied(),
            ) else {
                continue;
            };
            let Some(price) = prices
                .get(&(d.placement.as_str(), d.profile.as_str()))
                .copied()
            else {
                continue;
            };
            let gi = match group_index.get(placement.name.as_str()) {
                Some(i) => *i,
                None => {
                    group_index.insert(&placement.name, groups.len());
                    let mut attributes = placement.attributes.clone().unwrap_or_default();
                    sort_attrs(conv, &mut attributes);
                    let sb = placement.signed_by.clone().unwrap_or_default();
                    groups.push(GroupWork {
                        spec: GroupSpec {
                            name: placement.name.clone(),
                            requirements: PlacementRequirements {
                                signed_by: SignedBy {
                                    all_of: sb.all_of.unwrap_or_default(),
                                    any_of: sb.any_of.unwrap_or_default(),
                                },
                                attributes,
                            },
                            resources: Vec::new(),
                        },
                        unit_profiles: Vec::new(),
                        unit_services: Vec::new(),
                        unit_index: HashMap::default(),
                        services: Vec::new(),
                        tee: None,
                    });
                    groups.len() - 1
                }
            };
            let g = &mut groups[gi];
            let exposes = manifest_exposes(svc, conv, &seqs);
            let endpoints = service_endpoints(svc, conv, &exposes, &seqs);

            // Storage volumes in the convention's order.
            let mut vols: Vec<(&Volume, u64)> = profile
                .storage
                .iter()
                .map(|v| (v, v.size.bytes(conv)))
                .collect();
            if conv == Convention::Go {
                go_volume_order(&mut vols);
            }
            // Go names the volume of a single-mapping `storage` `default` whatever it says.
            let go_default = conv == Convention::Go && profile.storage_is_map;
            let storage: Vec<Storage> = vols
                .iter()
                .map(|(v, bytes)| Storage {
                    name: if go_default {
                        "default".to_string()
                    } else {
                        v.name.clone()
                    },
                    quantity: *bytes,
                    attributes: storage_attrs(conv, v),
                })
                .collect();
            let mut cpu_attrs = profile.cpu.attributes.clone();
            sort_attrs(conv, &mut cpu_attrs);
            let gpu_attrs = gpu_attributes(conv, &profile.gpu);
            let memory = profile.memory.bytes(conv);

            let existing = if merge {
                g.unit_index.get(&d.profile).copied()
            } else {
                None
            };
            let id = match existing {
                Some(ui) => {
                    let unit = &mut g.spec.resources[ui];
                    unit.count += d.count;
                    unit.resource
                        .endpoints
                        .extend(endpoints.iter().map(|(k, s)| Endpoint {
                            kind: *k,
                            sequence_number: *s,
                        }));
                    match conv {
                        Convention::Ts => unit
                            .resource
                            .endpoints
                            .sort_by_key(|e| (e.kind, e.sequence_number)),
                        Convention::Go => {
                            unit.resource.endpoints.sort_by_key(|e| e.sequence_number)
                        }
                    }
                    g.unit_services[ui].push(svc.name.clone());
                    unit.resource.id
                }
                None => {
                    let id = g.spec.resources.len() as u32 + 1;
                    let mut eps: Vec<Endpoint> = endpoints
                        .iter()
                        .map(|(k, s)| Endpoint {
                            kind: *k,
                            sequence_number: *s,
                        })
                        .collect();
                    if conv == Convention::Ts {
                        eps.sort_by_key(|e| (e.kind, e.sequence_number));
                    }
                    g.spec.resources.push(ResourceUnit {
                        resource: Resources {
                            id,
                            cpu: Cpu {
                                units: profile.cpu.millicores,
                                attributes: cpu_attrs.clone(),
                            },
                            memory: Memory {
                                quantity: memory,
                                attributes: Vec::new(),
                            },
                            storage: storage.clone(),
                            gpu: Gpu {
                                units: profile.gpu.units,
                                attributes: gpu_attrs.clone(),
                            },
                            endpoints: eps,
                        },
                        count: d.count,
                        price: DecCoin {
                            denom: price.denom.clone(),
                            amount: price.amount.clone(),
                        },
                    });
                    g.unit_profiles.push(d.profile.clone());
                    g.unit_services.push(vec![svc.name.clone()]);
                    g.unit_index.insert(d.profile.clone(), id as usize - 1);
                    id
                }
            };

            if let Some(tee) = svc.params.as_ref().and_then(|p| p.tee) {
                g.tee.get_or_insert_with(|| tee.as_str().to_string());
            }
            if !with_manifest {
                continue;
            }
            let params = svc.params.as_ref().map(|p| {
                let mut st: Vec<(String, String, bool)> = p
                    .storage
                    .iter()
                    .map(|s| {
                        (
                            s.volume.clone(),
                            s.mount.clone().unwrap_or_default(),
                            s.read_only.unwrap_or(false),
                        )
                    })
                    .collect();
                st.sort_by(|a, b| a.0.cmp(&b.0));
                ManifestParams {
                    storage: st,
                    permissions: p.permissions.as_ref().map(|x| x.read.clone()),
                    tee: p.tee.map(|t| t.as_str().to_string()),
                }
            });
            let credentials = svc.credentials.as_ref().map(|c| {
                let trim = conv == Convention::Go && sdl.version == SdlVersion::V2_1;
                let t = |s: &str| {
                    if trim {
                        s.trim().to_string()
                    } else {
                        s.to_string()
                    }
                };
                ManifestCredentials {
                    host: t(&c.host),
                    email: if conv == Convention::Go && sdl.version == SdlVersion::V2_0 {
                        String::new()
                    } else {
                        t(c.email.as_deref().unwrap_or(""))
                    },
                    username: t(&c.username),
                    password: t(&c.password),
                }
            });
            g.services.push(ManifestService {
                name: svc.name.clone(),
                image: svc.image.clone(),
                command: svc.command.clone().unwrap_or_default(),
                args: svc.args.clone().unwrap_or_default(),
                env: svc.env.clone().unwrap_or_default(),
                resources: ManifestResources {
                    id,
                    cpu_units: profile.cpu.millicores.to_string(),
                    cpu_attributes: cpu_attrs,
                    memory,
                    storage: storage
                        .iter()
                        .map(|s| ManifestStorage {
                            name: s.name.clone(),
                            size: s.quantity,
                            attributes: s.attributes.clone(),
                        })
                        .collect(),
                    gpu_units: profile.gpu.units,
                    gpu_attributes: gpu_attrs,
                    endpoints,
                },
                count: d.count,
                expose: exposes,
                params,
                credentials,
            });
        }
    }

    for g in &mut groups {
        if let Some(tee) = &g.tee {
            g.spec
                .requirements
                .attributes
                .push(Attribute::new("tee/type", tee.clone()));
            sort_attrs(conv, &mut g.spec.requirements.attributes);
        }
        g.services.sort_by(|a, b| name_cmp(conv, &a.name, &b.name));
    }
    groups.sort_by(|a, b| name_cmp(conv, &a.spec.name, &b.spec.name));
    let mut specs = Vec::new();
    let mut mgroups = Vec::new();
    let mut unit_services = Vec::new();
    let mut unit_profiles = Vec::new();
    for g in groups {
        mgroups.push(ManifestGroup {
            name: g.spec.name.clone(),
            services: g.services,
        });
        unit_services.push(g.unit_services);
        unit_profiles.push(g.unit_profiles);
        specs.push(g.spec);
    }
    Built {
        groups: specs,
        manifest: Manifest {
            groups: mgroups,
            convention: conv,
        },
        unit_services,
        unit_profiles,
    }
}
