//! Semantic rules (`akash-protocol.md` §5.8) and the chain limits that can be checked offline
//! (§2.5). Runs on whatever parsed; parts that failed to parse are skipped.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::Convention;
use crate::parse::{Cx, Parsed, child};

const MIN_CPU: u64 = 10;
const MAX_CPU: u64 = 384_000;
const MAX_GPU: u64 = 24;
const MI: u64 = 1024 * 1024;
const MIN_MEMORY: u64 = MI;
const MAX_MEMORY: u64 = 2 * 1024 * 1024 * MI;
const MIN_STORAGE: u64 = 5 * MI;
const MAX_STORAGE: u64 = 32 * 1024 * 1024 * MI;
const MAX_PRICE: u64 = 10_000_000;
const GROUP_TOTAL_FACTOR: u64 = 50;

/// `^[a-z]([-a-z0-9]*[a-z0-9])?$`
pub fn service_name_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && *b.last().unwrap_or(&b'-') != b'-'
}

/// Kubernetes env var names: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
fn env_name_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || matches!(b[0], b'-' | b'.' | b'_'))
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
}

/// Chain attribute keys: `^([a-zA-Z][\w\/\.\-]{1,126}[\w\*]?)$`.
pub fn attribute_key_ok(k: &str) -> bool {
    let b = k.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_alphabetic() {
        return false;
    }
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mid = |c: u8| word(c) || matches!(c, b'/' | b'.' | b'-');
    let last = b[b.len() - 1];
    let rest = &b[1..];
    if last == b'*' {
        let body = &b[1..b.len() - 1];
        (1..=126).contains(&body.len()) && body.iter().all(|c| mid(*c))
    } else {
        rest.iter().all(|c| mid(*c)) && (rest.len() <= 126 || (rest.len() == 127 && word(last)))
    }
}

/// DNS-1123 subdomain, at most 253 characters.
fn hostname_ok(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        })
}

pub fn validate(cx: &mut Cx, p: &Parsed, sdl: &crate::Sdl) {
    let deploy_ok = !p.broken.contains(&"deployment");
    let services_ok = !p.broken.contains(&"services");
    let profiles_ok = !p.broken.contains(&"profiles");

    // Services: names, env, hostnames.
    // Paths are only written out for a diagnostic: a valid file builds none.
    let mut hosts: HashMap<&str, (&str, usize)> = HashMap::default();
    for s in &sdl.services {
        if !service_name_ok(&s.name) {
            cx.key_error(
                "service-name",
                &child("services", &s.name),
                format!("service name `{}` is not allowed", s.name),
                "use lower-case letters, digits and `-`, starting with a letter and not ending with `-` (e.g. `web-1`)".to_string(),
            );
        }
        if s.image.chars().any(char::is_control) || s.image.chars().any(char::is_whitespace) {
            cx.error(
                "image-characters",
                &format!("services.{}.image", s.name),
                format!(
                    "the image `{}` contains control characters or spaces",
                    s.image.escape_debug()
                ),
                "write the image reference only, e.g. `nginx:1.27.0` or `ghcr.io/org/app:1.2`"
                    .to_string(),
            );
        }
        for (i, e) in s.env.iter().flatten().enumerate() {
            let name = e.split('=').next().unwrap_or("");
            if !env_name_ok(name) {
                cx.error(
                    "env-name",
                    &format!("services.{}.env[{i}]", s.name),
                    format!("`{name}` is not a valid environment variable name"),
                    "write `NAME=value` with NAME made of letters, digits, `_`, `-`, `.` (not starting with a digit)".to_string(),
                );
            }
        }
        for (i, e) in s.expose.iter().enumerate() {
            for (j, h) in e.accept.iter().flatten().enumerate() {
                let hp = || format!("services.{}.expose[{i}].accept[{j}]", s.name);
                if !hostname_ok(h) {
                    cx.error("accept-hostname", &hp(), format!("`{h}` is not a valid host name"), "use a lower-case DNS name such as `www.example.com` (no scheme, port, path or wildcard)".to_string());
                } else if let Some((prev, pi)) = hosts.get(h.as_str()) {
                    cx.error(
                        "accept-duplicate",
                        &hp(),
                        format!(
                            "host name `{h}` is already accepted by `services.{prev}.expose[{pi}]`"
                        ),
                        "a host name may appear only once in a deployment".to_string(),
                    );
                } else {
                    hosts.insert(h, (&s.name, i));
                }
            }
        }
    }

    // Name → item lookups (linear overall, whatever the size of the SDL).
    let deployed_services: HashSet<&str> =
        sdl.deployment.iter().map(|d| d.service.as_str()).collect();
    let placements: HashMap<&str, &crate::Placement> = sdl
        .placements
        .iter()
        .map(|x| (x.name.as_str(), x))
        .collect();
    let priced: HashSet<(&str, &str)> = sdl
        .placements
        .iter()
        .flat_map(|pl| {
            pl.pricing
                .iter()
                .map(move |x| (pl.name.as_str(), x.profile.as_str()))
        })
        .collect();
    let services: HashMap<&str, &crate::Service> =
        sdl.services.iter().map(|x| (x.name.as_str(), x)).collect();
    let computes: HashMap<&str, &crate::ComputeProfile> =
        sdl.compute.iter().map(|x| (x.name.as_str(), x)).collect();
    let service_names: HashSet<&str> = p.service_names.iter().map(String::as_str).collect();
    let placement_names: HashSet<&str> = p.placement_names.iter().map(String::as_str).collect();
    let compute_names: HashSet<&str> = p.compute_names.iter().map(String::as_str).collect();
    let mut deployed_profiles: HashMap<&str, HashSet<&str>> = HashMap::default();
    for d in &sdl.deployment {
        deployed_profiles
            .entry(&d.placement)
            .or_default()
            .insert(&d.profile);
    }

    // Deployment relations.
    if deploy_ok && services_ok {
        for s in &sdl.services {
            if !deployed_services.contains(s.name.as_str()) {
                cx.key_error(
                    "service-not-deployed",
                    &child("services", &s.name),
                    format!("service `{}` is not in the `deployment` section", s.name),
                    format!("add `deployment: {{{}: {{<placement>: {{profile: <profile>, count: 1}}}}}}` or remove the service", s.name),
                );
            }
        }
    }
    if deploy_ok {
        for d in &sdl.deployment {
            let dp = || format!("deployment.{}.{}", d.service, d.placement);
            if services_ok && !service_names.contains(d.service.as_str()) {
                let names: Vec<&str> = p.service_names.iter().map(String::as_str).collect();
                cx.key_error(
                    "deployment-service-unknown",
                    &child("deployment", &d.service),
                    format!(
                        "deployment names service `{}`, which is not defined under `services`",
                        d.service
                    ),
                    suggest_name(&d.service, &names, "services"),
                );
            }
            if !profiles_ok {
                continue;
            }
            let placement = placements.get(d.placement.as_str());
            if !placement_names.contains(d.placement.as_str()) {
                let names: Vec<&str> = p.placement_names.iter().map(String::as_str).collect();
                cx.key_error(
                    "deployment-placement-unknown",
                    &dp(),
                    format!(
                        "placement `{}` is not defined in `profiles.placement`",
                        d.placement
                    ),
                    suggest_name(&d.placement, &names, "profiles.placement"),
                );
            }
            if !compute_names.contains(d.profile.as_str()) {
                let names: Vec<&str> = p.compute_names.iter().map(String::as_str).collect();
                cx.error(
                    "deployment-profile-unknown",
                    &child(&dp(), "profile"),
                    format!(
                        "compute profile `{}` is not defined in `profiles.compute`",
                        d.profile
                    ),
                    suggest_name(&d.profile, &names, "profiles.compute"),
                );
            }
            if let Some(pl) = placement
                && !priced.contains(&(pl.name.as_str(), d.profile.as_str()))
            {
                cx.error(
                    "deployment-pricing-missing",
                    &format!("profiles.placement.{}.pricing", pl.name),
                    format!(
                        "placement `{}` has no price for compute profile `{}`",
                        pl.name, d.profile
                    ),
                    format!(
                        "add `{}: {{denom: uact, amount: 1000}}` under `pricing`",
                        d.profile
                    ),
                );
            }
        }
    }

    // Storage params, persistent mounts, GPU/TEE per deployed service.
    let mut tee_by_placement: BTreeMap<&str, (&str, String)> = BTreeMap::new();
    for d in &sdl.deployment {
        let (Some(s), Some(prof)) = (
            services.get(d.service.as_str()).copied(),
            computes.get(d.profile.as_str()).copied(),
        ) else {
            continue;
        };
        let mut mounts: HashMap<&str, &str> = HashMap::default();
        let mut rootless: Option<&str> = None;
        if let Some(params) = &s.params {
            for st in &params.storage {
                let vp = || format!("services.{}.params.storage.{}", s.name, st.volume);
                let Some(vol) = prof.storage.iter().find(|v| v.name == st.volume) else {
                    let names: Vec<&str> = prof.storage.iter().map(|v| v.name.as_str()).collect();
                    cx.key_error("params-storage-unknown-volume", &vp(), format!("service `{}` mounts volume `{}`, which compute profile `{}` does not define", s.name, st.volume, prof.name), suggest_name(&st.volume, &names, &format!("profiles.compute.{}.resources.storage", prof.name)));
                    continue;
                };
                match &st.mount {
                    Some(m) => {
                        if let Some(prev) = mounts.get(m.as_str()) {
                            cx.error(
                                "mount-duplicate",
                                &child(&vp(), "mount"),
                                format!("mount `{m}` is already used by volume `{prev}`"),
                                "give each volume its own mount path".to_string(),
                            );
                        } else {
                            mounts.insert(m, &st.volume);
                        }
                    }
                    None => {
                        if let Some(prev) = rootless {
                            cx.error(
                                "mount-root-multiple",
                                &vp(),
                                format!(
                                    "volumes `{prev}` and `{}` both have no mount path",
                                    st.volume
                                ),
                                "give every volume but one a `mount:`".to_string(),
                            );
                        }
                        rootless = Some(&st.volume);
                    }
                }
                if sdl.version == crate::SdlVersion::V2_1
                    && vol.class() == Some("ram")
                    && st.read_only == Some(true)
                {
                    cx.error(
                        "ram-read-only",
                        &child(&vp(), "readOnly"),
                        format!("RAM volume `{}` cannot be read-only", st.volume),
                        "remove `readOnly: true`".to_string(),
                    );
                }
            }
        }
        for (i, v) in prof.storage.iter().enumerate() {
            if v.is_persistent() {
                let mounted = s.params.as_ref().is_some_and(|pr| {
                    pr.storage
                        .iter()
                        .any(|x| x.volume == v.name && x.mount.is_some())
                });
                if !mounted {
                    cx.error(
                        "persistent-needs-mount",
                        &prof.volume_path(i),
                        format!(
                            "persistent volume `{}` is not mounted by service `{}`",
                            v.name, s.name
                        ),
                        format!(
                            "add `params: {{storage: {{{}: {{mount: /data}}}}}}` to service `{}`",
                            v.name, s.name
                        ),
                    );
                }
            }
        }
        let mut names = HashSet::default();
        for (i, v) in prof.storage.iter().enumerate() {
            // One volume cannot repeat a name (and needs no set).
            if prof.storage.len() > 1 && !names.insert(v.name.as_str()) {
                cx.error(
                    "storage-volume-duplicate",
                    &prof.volume_path(i),
                    format!(
                        "volume name `{}` is used twice in compute profile `{}`",
                        v.name, prof.name
                    ),
                    "give every volume a unique `name:` (only one may be unnamed: `default`)"
                        .to_string(),
                );
            }
        }
        if let Some(tee) = s.params.as_ref().and_then(|x| x.tee) {
            let tp = || format!("services.{}.params.tee", s.name);
            if tee == crate::TeeType::CpuGpu && prof.gpu.units == 0 {
                cx.error(
                    "tee-needs-gpu",
                    &tp(),
                    format!(
                        "`tee: cpu-gpu` needs GPU units, but compute profile `{}` has none",
                        prof.name
                    ),
                    "add `gpu: {units: 1, attributes: …}` to the profile or use `tee: cpu`"
                        .to_string(),
                );
            }
            match tee_by_placement.get(d.placement.as_str()) {
                Some((other, first)) if *other != tee.as_str() => {
                    cx.error("tee-conflict", &tp(), format!("placement `{}` mixes TEE types `{other}` ({first}) and `{}`", d.placement, tee.as_str()), "use one TEE type per placement, or put the services in different placements".to_string());
                }
                Some(_) => {}
                None => {
                    tee_by_placement.insert(
                        &d.placement,
                        (tee.as_str(), format!("service `{}`", s.name)),
                    );
                }
            }
        }
    }
    let _ = &tee_by_placement;

    // IP endpoints.
    let endpoint_names: HashSet<&str> = sdl.endpoints.iter().map(|e| e.name.as_str()).collect();
    let mut used = HashSet::default();
    let mut ports: HashMap<String, String> = HashMap::default();
    for s in &sdl.services {
        for (i, e) in s.expose.iter().enumerate() {
            for (j, t) in e.to.iter().flatten().enumerate() {
                let Some(ip) = &t.ip else { continue };
                let tp = format!("services.{}.expose[{i}].to[{j}]", s.name);
                if !t.global {
                    cx.error(
                        "ip-requires-global",
                        &tp,
                        "an `ip` endpoint needs `global: true`",
                        "add `global: true` to this `to` entry".to_string(),
                    );
                }
                if !endpoint_names.contains(ip.as_str()) && !p.broken.contains(&"endpoints") {
                    cx.error(
                        "endpoint-unknown",
                        &child(&tp, "ip"),
                        format!("endpoint `{ip}` is not declared"),
                        format!("add `endpoints: {{{ip}: {{kind: ip}}}}`"),
                    );
                }
                used.insert(ip.clone());
                let key = format!("{ip}-{}-{}", e.effective_port(), e.proto_upper());
                if let Some(prev) = ports.get(&key) {
                    cx.error(
                        "ip-port-conflict",
                        &child(&tp, "ip"),
                        format!(
                            "IP endpoint `{ip}` port {} {} is already used by service `{prev}`",
                            e.effective_port(),
                            e.proto_upper()
                        ),
                        "use another external port (`as:`) or another endpoint".to_string(),
                    );
                } else {
                    ports.insert(key, s.name.clone());
                }
            }
        }
    }
    if services_ok {
        for ep in &sdl.endpoints {
            if !used.contains(&ep.name) {
                cx.key_error(
                    "endpoint-unused",
                    &child("endpoints", &ep.name),
                    format!("endpoint `{}` is declared but never used", ep.name),
                    "reference it from an expose (`to: [{global: true, ip: <name>}]`) or remove it"
                        .to_string(),
                );
            }
        }
    }

    // Placement attributes and denoms.
    let mut first_denom: Option<(&str, &str)> = None;
    for pl in &sdl.placements {
        let pp = || child("profiles.placement", &pl.name);
        for a in pl.attributes.iter().flatten() {
            if !attribute_key_ok(&a.key) {
                cx.key_error("attribute-key", &format!("{}.attributes.{}", pp(), a.key), format!("attribute key `{}` is not allowed on chain", a.key), "keys start with a letter, then 1–126 of letters, digits, `_`, `/`, `.`, `-`, optionally ending in `*`".to_string());
            }
        }
        let empty = HashSet::default();
        let used_profiles = deployed_profiles.get(pl.name.as_str()).unwrap_or(&empty);
        let mut denoms: Vec<&str> = Vec::new();
        for pr in pl
            .pricing
            .iter()
            .filter(|pr| used_profiles.contains(pr.profile.as_str()))
        {
            let ap = || format!("{}.pricing.{}.amount", pp(), pr.profile);
            if pr.amount.trim_start_matches(['0', '.']).is_empty() {
                cx.error(
                    "price-zero",
                    &ap(),
                    "the price must be more than 0",
                    "set the most you will pay per replica per block, e.g. `amount: 1000`"
                        .to_string(),
                );
            }
            let int: u64 = pr
                .amount
                .split('.')
                .next()
                .unwrap_or("0")
                .parse()
                .unwrap_or(u64::MAX);
            if int > MAX_PRICE || (int == MAX_PRICE && pr.amount.contains('.')) {
                cx.error(
                    "limit-price",
                    &ap(),
                    format!(
                        "price {} {} per block is above the chain maximum of {MAX_PRICE}",
                        pr.amount, pr.denom
                    ),
                    "the chain refuses unit prices above 10000000 (10 tokens per block)"
                        .to_string(),
                );
            }
            if !denoms.contains(&pr.denom.as_str()) {
                denoms.push(&pr.denom);
            }
            match &first_denom {
                None => first_denom = Some((&pr.denom, &pl.name)),
                Some((d, where_)) if *d != pr.denom && *where_ != pl.name => {
                    cx.error(
                        "price-denom-mixed",
                        &format!("{}.pricing.{}.denom", pp(), pr.profile),
                        format!(
                            "placement `{}` is priced in `{}` but `{where_}` in `{d}`",
                            pl.name, pr.denom
                        ),
                        "a deployment is paid in one denom: use `uact` everywhere".to_string(),
                    );
                }
                _ => {}
            }
        }
        if denoms.len() > 1 {
            cx.error(
                "price-denom-mixed",
                &child(&pp(), "pricing"),
                format!(
                    "placement `{}` mixes price denoms {}",
                    pl.name,
                    denoms
                        .iter()
                        .map(|d| format!("`{d}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                "the chain refuses a group priced in several denoms: use `uact` everywhere"
                    .to_string(),
            );
        }
    }

    // Chain limits on the groups as built.
    if p.broken.is_empty() {
        let built = crate::build::build_groups(sdl, Convention::Ts);
        let mut any_global = false;
        for (gi, g) in built.groups.iter().enumerate() {
            let mut totals = (0u128, 0u128, 0u128, BTreeMap::<&str, u128>::new());
            for (ui, u) in g.resources.iter().enumerate() {
                any_global |= !u.resource.endpoints.is_empty();
                let cp = || format!("profiles.compute.{}.resources", built.unit_profiles[gi][ui]);
                let r = &u.resource;
                if r.cpu.units < MIN_CPU || r.cpu.units > MAX_CPU {
                    let svc = built.unit_services[gi][ui].join("`, `");
                    cx.error("limit-cpu", &format!("{}.cpu.units", cp()), format!("{} millicores of CPU is outside the chain's limits ({MIN_CPU}m to {}) for `{svc}`", r.cpu.units, MAX_CPU / 1000), "use between 0.01 and 384 cores".to_string());
                }
                if r.memory.quantity < MIN_MEMORY || r.memory.quantity > MAX_MEMORY {
                    cx.error(
                        "limit-memory",
                        &format!("{}.memory.size", cp()),
                        format!(
                            "{} bytes of memory is outside the chain's limits (1Mi to 2Ti)",
                            r.memory.quantity
                        ),
                        "use between `1Mi` and `2Ti`".to_string(),
                    );
                }
                for (si, st) in r.storage.iter().enumerate() {
                    if st.quantity < MIN_STORAGE || st.quantity > MAX_STORAGE {
                        // TS builds volumes in SDL order: `si` is the profile's index.
                        let sp = sdl
                            .compute_profile(&built.unit_profiles[gi][ui])
                            .map_or_else(|| format!("{}.storage", cp()), |p| p.volume_path(si));
                        cx.error("limit-storage", &format!("{sp}.size"), format!("volume `{}` of {} bytes is outside the chain's limits (5Mi to 32Ti)", st.name, st.quantity), "use between `5Mi` and `32Ti`".to_string());
                    }
                }
                if r.gpu.units > MAX_GPU {
                    cx.error(
                        "limit-gpu",
                        &format!("{}.gpu.units", cp()),
                        format!(
                            "{} GPUs per replica is above the chain maximum of {MAX_GPU}",
                            r.gpu.units
                        ),
                        format!(
                            "ask for at most {MAX_GPU} GPUs per replica; for more, raise `count` in `deployment`"
                        ),
                    );
                }
                for a in &r.gpu.attributes {
                    if !attribute_key_ok(&a.key) {
                        cx.error(
                            "attribute-key",
                            &format!("{}.gpu.attributes", cp()),
                            format!("GPU attribute `{}` is not allowed on chain", a.key),
                            "model names may use letters, digits, `_`, `.`, `-`".to_string(),
                        );
                    }
                }
                let c = u.count as u128;
                totals.0 += r.cpu.units as u128 * c;
                totals.1 += r.memory.quantity as u128 * c;
                totals.2 += r.gpu.units as u128 * c;
                for st in &r.storage {
                    *totals.3.entry(&st.name).or_default() += st.quantity as u128 * c;
                }
            }
            let f = GROUP_TOTAL_FACTOR as u128;
            if totals.0 > MAX_CPU as u128 * f
                || totals.1 > MAX_MEMORY as u128 * f
                || totals.2 > MAX_GPU as u128 * f
                || totals.3.values().any(|v| *v > MAX_STORAGE as u128 * f)
            {
                cx.error("limit-group-total", &format!("profiles.placement.{}", g.name), format!("placement `{}` asks for more in total (units × count) than the chain allows per group", g.name), "lower the counts or split the services over several placements".to_string());
            }
        }
        if !any_global && !built.groups.is_empty() {
            cx.error("no-global-expose", "services", "no service is exposed globally, so the deployment cannot be reached and providers refuse the manifest", "add `to: [{global: true}]` to at least one `expose` entry".to_string());
        }
        if built.groups.is_empty() {
            cx.error(
                "no-groups",
                "deployment",
                "the deployment section deploys nothing",
                "add `deployment: {<service>: {<placement>: {profile: <profile>, count: 1}}}`"
                    .to_string(),
            );
        }
    }
}

/// Akash Network's own auditor (the example in hints).
pub(crate) const AKASH_AUDITOR: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";

/// Why `a` is not an Akash account address as the chain writes it (bech32, prefix `akash`,
/// lower case, 20 or 32 bytes), or `None` when it is one. An auditor named by anything else has
/// signed no provider's attributes, so no provider could ever bid on the placement.
pub(crate) fn auditor_address_problem(a: &str) -> Option<String> {
    use bech32::primitives::decode::{CharError, CheckedHrpstring, CheckedHrpstringError};
    use bech32::primitives::decode::{ChecksumError, UncheckedHrpstringError};
    const CHARSET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    if a.is_empty() {
        return Some("it is empty".into());
    }
    if a.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains a space or another invisible character".into());
    }
    if a.chars().any(|c| c.is_ascii_uppercase()) {
        return Some(
            "addresses are written in lower case (the chain compares auditors as text)".into(),
        );
    }
    let Some(data) = a.strip_prefix("akash1") else {
        return Some(match a.rsplit_once('1') {
            Some((prefix, _)) if prefix.starts_with("akash") => {
                format!("it starts with `{prefix}1`, which is not an account address (`akash1…`)")
            }
            Some((prefix, _)) if !prefix.is_empty() => {
                format!("it starts with `{prefix}`, another network's prefix, not `akash`")
            }
            _ => "it does not start with `akash1`".to_string(),
        });
    };
    let mut bad: Vec<char> = data.chars().filter(|c| !CHARSET.contains(*c)).collect();
    bad.dedup();
    if !bad.is_empty() {
        let shown: Vec<String> = bad
            .iter()
            .map(|c| format!("`{}`", c.escape_debug()))
            .collect();
        return Some(format!(
            "it contains {}, which bech32 addresses never use (after `akash1`: digits and lower-case letters except `1`, `b`, `i` and `o`)",
            shown.join(", ")
        ));
    }
    match CheckedHrpstring::new::<bech32::Bech32>(a) {
        Ok(checked) => {
            let bytes = checked.byte_iter().len();
            (bytes != 20 && bytes != 32)
                .then(|| format!("it holds {bytes} bytes; an account address holds 20 (or 32)"))
        }
        Err(CheckedHrpstringError::Checksum(
            ChecksumError::InvalidResidue | ChecksumError::InvalidLength,
        ))
        | Err(CheckedHrpstringError::Parse(UncheckedHrpstringError::Char(
            CharError::NothingAfterSeparator,
        ))) => {
            Some("its checksum does not match (a character is mistyped, missing or extra)".into())
        }
        Err(e) => Some(format!("it is not valid bech32 ({e})")),
    }
}

fn suggest_name(name: &str, names: &[&str], section: &str) -> String {
    match crate::suggest::closest(name, names) {
        Some(b) => format!("did you mean `{b}`?"),
        None if names.is_empty() => format!("define it under `{section}`"),
        None => format!(
            "define it under `{section}` (defined: {})",
            names.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_keys() {
        assert!(attribute_key_ok("region"));
        assert!(attribute_key_ok("capabilities/storage/1/class"));
        assert!(attribute_key_ok("region*"));
        assert!(!attribute_key_ok("r"));
        assert!(!attribute_key_ok("1region"));
        assert!(!attribute_key_ok("has space"));
    }

    #[test]
    fn names() {
        assert!(service_name_ok("web-1"));
        assert!(!service_name_ok("Web"));
        assert!(!service_name_ok("web-"));
        assert!(env_name_ok("FOO_BAR"));
        assert!(!env_name_ok("FOO\u{1b}[2J"));
        assert!(!hostname_ok("www.example.com\u{7}"));
        assert!(!env_name_ok("1FOO"));
        assert!(hostname_ok("www.example.com"));
        assert!(!hostname_ok("*.example.com"));
    }
}
