//! Warnings for SDLs that are valid but probably not what the author wants.

use crate::Sdl;
use crate::diag::{Diagnostic, Severity};

/// Well-known GPU model spellings that providers do not advertise.
const GPU_ALIASES: &[(&str, &str)] = &[
    ("rtx-4090", "rtx4090"),
    ("rtx_4090", "rtx4090"),
    ("rtx-3090", "rtx3090"),
    ("rtx_3090", "rtx3090"),
    ("rtx-3080", "rtx3080"),
    ("a100-80gb", "a100 with `ram: 80Gi`"),
    ("a100-40gb", "a100 with `ram: 40Gi`"),
    ("h100-80gb", "h100 with `ram: 80Gi`"),
    ("nvidia-a100", "a100"),
    ("nvidia-h100", "h100"),
    ("tesla-t4", "t4"),
    ("A100", "a100"),
    ("H100", "h100"),
    ("T4", "t4"),
];

/// Lint warnings for a valid SDL, in source order.
pub fn lint(sdl: &Sdl) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut warn = |rule: &'static str, path: String, key: bool, message: String, hint: &str| {
        out.push(sdl.diagnostic(
            Severity::Warning,
            rule,
            path,
            key,
            message,
            hint.to_string(),
        ));
    };
    for s in &sdl.services {
        let sp = format!("services.{}", s.name);
        // Control characters (ESC, BEL, …) in what goes into the manifest: a terminal that
        // shows the manifest, a log or a `describe` would run them.
        let texts = s
            .env
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, v)| (format!("{sp}.env[{i}]"), v))
            .chain(
                s.command
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, v)| (format!("{sp}.command[{i}]"), v)),
            )
            .chain(
                s.args
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, v)| (format!("{sp}.args[{i}]"), v)),
            );
        for (path, v) in texts {
            if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                warn(
                    "control-characters",
                    path,
                    false,
                    format!("`{}` contains control characters", v.escape_debug()),
                    "remove them; write escapes in the program that needs them, not raw in the SDL",
                );
            }
        }
        let image = s.image.as_str();
        let last = image.rsplit('/').next().unwrap_or(image);
        if !image.contains('@') {
            match last.split_once(':') {
                None => warn(
                    "image-untagged",
                    format!("{sp}.image"),
                    false,
                    format!("image `{image}` has no tag, so providers pull `:latest`"),
                    "pin a version tag (e.g. `nginx:1.27.0`) or a digest so redeploys are reproducible",
                ),
                Some((_, "latest")) => warn(
                    "image-latest",
                    format!("{sp}.image"),
                    false,
                    format!("image `{image}` uses the `:latest` tag"),
                    "pin a version tag or a digest so redeploys are reproducible",
                ),
                _ => {}
            }
        }
        for (i, e) in s.expose.iter().enumerate() {
            let global = e.to.iter().flatten().any(|t| t.global);
            let http = global && e.proto_upper() == "TCP" && e.effective_port() == 80;
            if http && e.accept.as_ref().is_none_or(Vec::is_empty) {
                warn("http-without-accept", format!("{sp}.expose[{i}]"), false, "HTTP expose without `accept`: only the provider's generated host name will reach it".into(), "add `accept: [www.example.com]` to serve your own domain (point a CNAME at the provider's host name)");
            }
            if e.to.as_ref().is_none_or(Vec::is_empty) {
                warn(
                    "expose-without-to",
                    format!("{sp}.expose[{i}]"),
                    false,
                    format!("port {} is exposed to nobody (no `to`)", e.port),
                    "add `to: [{global: true}]` for the internet or `to: [{service: <name>}]` for another service",
                );
            }
            for (j, t) in e.to.iter().flatten().enumerate() {
                if let Some(other) = &t.service
                    && sdl.service(other).is_none()
                {
                    warn(
                        "expose-to-unknown-service",
                        format!("{sp}.expose[{i}].to[{j}].service"),
                        false,
                        format!("service `{other}` is not defined"),
                        "name a service from the `services` section",
                    );
                }
            }
        }
    }
    for c in &sdl.compute {
        let cp = format!("profiles.compute.{}.resources", c.name);
        // Units only the TS SDK reads (it lower-cases them): the Go SDK, which providers and
        // `akt` use, refuses them. Storage units read as powers of 1000 get `size-unit` instead.
        let sizes = crate::convention::go_size_fixes(c)
            .filter(|(volume, _, text, _)| volume.is_none() || !decimal_by_mistake(text));
        for (_, path, text, fix) in sizes {
            warn(
                "size-unit-case",
                path,
                false,
                format!(
                    "`{text}` is read by the TypeScript SDK but refused by the Go SDK (provider-services, akt), whose size units are case-sensitive (k, Ki, M, Mi, G, Gi, T, Ti)"
                ),
                &format!("write `{fix}`: the same size, read alike by both SDKs"),
            );
        }
        for a in &c.cpu.attributes {
            if a.key != "arch" {
                warn(
                    "cpu-attribute",
                    format!("{cp}.cpu.attributes.{}", a.key),
                    true,
                    format!(
                        "CPU attribute `{}` is ignored by providers (only `arch`)",
                        a.key
                    ),
                    "remove it, or use `arch: amd64`/`arm64`",
                );
            }
        }
        for (i, v) in c.storage.iter().enumerate() {
            let vp = c.volume_path(i);
            if let Some(class) = v.class()
                && !matches!(class, "default" | "beta1" | "beta2" | "beta3" | "ram")
            {
                warn(
                    "storage-class",
                    format!("{vp}.attributes.class"),
                    false,
                    format!("storage class `{class}` is not one providers offer"),
                    "use `beta1` (HDD), `beta2` (SSD), `beta3` (NVMe), `default` or `ram`",
                );
            }
            if decimal_by_mistake(&v.size.text) {
                warn(
                    "size-unit",
                    format!("{vp}.size"),
                    false,
                    format!(
                        "`{}` is read as powers of 1000 (only exactly `Gi`/`Mi` mean 1024)",
                        v.size.text
                    ),
                    "write `Gi`, `Mi`, `Ti` for binary units",
                );
            }
        }
        for v in c.gpu.vendors.iter().flatten() {
            for (i, m) in v.models.iter().flatten().enumerate() {
                if let Some((_, better)) = GPU_ALIASES.iter().find(|(a, _)| *a == m.model) {
                    warn(
                        "gpu-model-alias",
                        format!("{cp}.gpu.attributes.vendor.{}[{i}].model", v.name),
                        false,
                        format!("GPU model `{}` is not how providers name it", m.model),
                        &format!(
                            "write `{better}` (providers advertise lower-case model names without vendor prefixes)"
                        ),
                    );
                }
            }
        }
    }
    for p in &sdl.placements {
        let pp = format!("profiles.placement.{}", p.name);
        if p.attributes.as_ref().is_some_and(Vec::is_empty) {
            warn(
                "empty-attributes",
                format!("{pp}.attributes"),
                true,
                "`attributes` is empty".into(),
                "remove it, or add the provider attributes you require (e.g. `region: us-west`)",
            );
        }
        if let Some(sb) = &p.signed_by {
            for (key, list) in [("anyOf", &sb.any_of), ("allOf", &sb.all_of)] {
                if list.as_ref().is_some_and(Vec::is_empty) {
                    warn(
                        "empty-signed-by",
                        format!("{pp}.signedBy.{key}"),
                        true,
                        format!("`signedBy.{key}` is an empty list"),
                        "list auditor addresses (e.g. the Akash auditor akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63) or remove it",
                    );
                }
            }
            if sb.any_of.is_none() && sb.all_of.is_none() {
                warn(
                    "empty-signed-by",
                    format!("{pp}.signedBy"),
                    true,
                    "`signedBy` names no auditors".into(),
                    "add `anyOf: [<auditor>]` or remove `signedBy`",
                );
            }
        }
        for pr in &p.pricing {
            if pr.denom == "uakt" {
                warn(
                    "denom-uakt",
                    format!("{pp}.pricing.{}.denom", pr.profile),
                    false,
                    "priced in `uakt`: the network (v2.x) only accepts `uact` for new deployments"
                        .into(),
                    "use `denom: uact` (mint ACT from AKT with `MsgMintACT`)",
                );
            }
        }
    }
    out.sort_by_key(|d| d.start);
    out
}

/// A size written `1gib`/`512MiB`: read as powers of 1000, though it looks binary.
fn decimal_by_mistake(text: &str) -> bool {
    let unit = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    ["gib", "mib", "tib", "kib"]
        .iter()
        .any(|u| unit.eq_ignore_ascii_case(u))
}
