//! What one convention refuses beyond the shared validation (`akash-protocol.md` §6.9).
//!
//! [`crate::parse`] applies the TS SDK's rules. The Go SDK (`provider-services`, `akt`) reads a
//! few things more strictly, so an SDL it accepts may still fail there:
//!
//! * memory and storage sizes: Go's unit suffixes are case-sensitive (`k`, `Ki`, `M`, `Mi`, `G`,
//!   `Gi`, `T`, `Ti`, `P`, `Pi`, `E`, `Ei`); TS lower-cases the text first, so `1gi` or `512MB`
//!   only work there;
//! * a single-mapping `storage: {name: data, size: 1Gi}`: Go names that volume `default` whatever
//!   `name` says, so a service mounting `data` refers to no volume there.

use crate::diag::{Diagnostic, Severity};
use crate::{ComputeProfile, Convention, Sdl};

/// Go's size suffixes and their multipliers (`go/sdl` `unitSuffixes`).
const GO_SUFFIXES: [(&str, u64); 12] = [
    ("k", 1000),
    ("Ki", 1 << 10),
    ("M", 1_000_000),
    ("Mi", 1 << 20),
    ("G", 1_000_000_000),
    ("Gi", 1 << 30),
    ("T", 1_000_000_000_000),
    ("Ti", 1 << 40),
    ("P", 1_000_000_000_000_000),
    ("Pi", 1 << 50),
    ("E", 1_000_000_000_000_000_000),
    ("Ei", 1 << 60),
];

/// The errors `conv` adds for a valid `sdl` (none for [`Convention::Ts`]).
pub(crate) fn problems(sdl: &Sdl, conv: Convention) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if conv == Convention::Go {
        go_sizes(sdl, &mut out);
        go_map_storage_names(sdl, &mut out);
    }
    out.sort_by(|a, b| (a.start, a.rule).cmp(&(b.start, b.rule)));
    out
}

/// The sizes of `prof` that the Go SDK reads otherwise than TS (or not at all): memory, then
/// each volume, as (volume index, `None` for memory; path; text; the spelling Go reads as the
/// same bytes). Paths are built only for such a size.
pub(crate) fn go_size_fixes(
    prof: &ComputeProfile,
) -> impl Iterator<Item = (Option<usize>, String, &str, String)> + '_ {
    let volumes = prof.storage.iter().enumerate();
    std::iter::once((None, prof.memory.text.as_str()))
        .chain(volumes.map(|(i, v)| (Some(i), v.size.text.as_str())))
        .filter_map(move |(volume, text)| {
            let fix = go_size_fix(text)?;
            let path = match volume {
                None => format!("profiles.compute.{}.resources.memory.size", prof.name),
                Some(i) => format!("{}.size", prof.volume_path(i)),
            };
            Some((volume, path, text, fix))
        })
}

fn go_sizes(sdl: &Sdl, out: &mut Vec<Diagnostic>) {
    for prof in &sdl.compute {
        for (_, path, text, fix) in go_size_fixes(prof) {
            out.push(sdl.diagnostic(
                Severity::Error,
                "go-size-unit",
                path,
                false,
                format!(
                    "the Go SDK cannot read the size `{text}`: its unit suffixes are case-sensitive (k, Ki, M, Mi, G, Gi, T, Ti, P, Pi, E, Ei)"
                ),
                format!("write `{fix}`: the same number of bytes, read alike by both SDKs"),
            ));
        }
    }
}

/// `None` when Go reads `text` as TS does; otherwise the spelling Go reads as the same bytes.
/// `text` has passed TS validation: digits, at most one `.`, then a letter suffix.
pub(crate) fn go_size_fix(text: &str) -> Option<String> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, unit) = text.split_at(split);
    if GO_SUFFIXES.iter().any(|(s, _)| *s == unit) {
        return None;
    }
    // TS: the first letter is the power; exactly `i` after it means binary, anything else
    // (nothing, `b`, even `ib`) decimal.
    let lower = unit.to_ascii_lowercase();
    let power = lower.chars().next()?;
    let binary = &lower[1..] == "i";
    let suffix = match (power, binary) {
        ('k', false) => "k".to_string(),
        (p, false) => p.to_ascii_uppercase().to_string(),
        (p, true) => format!("{}i", p.to_ascii_uppercase()),
    };
    Some(format!("{num}{suffix}"))
}

fn go_map_storage_names(sdl: &Sdl, out: &mut Vec<Diagnostic>) {
    for d in &sdl.deployment {
        let Some(prof) = sdl.compute_profile(&d.profile) else {
            continue;
        };
        let [vol] = prof.storage.as_slice() else {
            continue;
        };
        if !prof.storage_is_map || vol.name == "default" {
            continue;
        }
        let Some(params) = sdl.service(&d.service).and_then(|s| s.params.as_ref()) else {
            continue;
        };
        for st in params.storage.iter().filter(|st| st.volume == vol.name) {
            let path = format!("services.{}.params.storage.{}", d.service, st.volume);
            if out.iter().any(|o| o.path == path) {
                continue; // the service is deployed in several placements
            }
            out.push(sdl.diagnostic(
                Severity::Error,
                "go-storage-name",
                path,
                true,
                format!(
                    "the Go SDK names the volume of compute profile `{}` `default`, because `storage` is a single mapping, so service `{}` mounts a volume `{}` that does not exist there",
                    prof.name, d.service, st.volume
                ),
                format!(
                    "write `storage` of profile `{}` as a one-item list (`storage: [{{name: {}, …}}]`), which both SDKs read alike",
                    prof.name, st.volume
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_reads_only_its_own_suffixes() {
        for ok in ["512Mi", "1Gi", "1k", "1.5G", "2Ti", "10M"] {
            assert_eq!(go_size_fix(ok), None, "{ok}");
        }
        let cases = [
            ("1gi", "1Gi"),
            ("512mi", "512Mi"),
            ("1K", "1k"),
            ("1Kb", "1k"),
            ("512MB", "512M"),
            ("1gib", "1G"), // TS reads `ib` as decimal
            ("1.5ti", "1.5Ti"),
        ];
        for (text, fix) in cases {
            assert_eq!(go_size_fix(text).as_deref(), Some(fix), "{text}");
        }
    }

    #[test]
    fn a_fix_means_the_same_bytes_in_both_conventions() {
        for text in ["1gi", "512MB", "1K", "1gib", "3mi", "2Kb", "1.5ti"] {
            let fix = go_size_fix(text).expect("a fix");
            let ts = crate::units::size(text).expect("TS reads it");
            let (num, unit) = fix.split_at(fix.find(|c: char| c.is_ascii_alphabetic()).unwrap());
            let mult = GO_SUFFIXES.iter().find(|(s, _)| *s == unit).unwrap().1;
            let go = num.parse::<f64>().unwrap() * mult as f64;
            assert_eq!(ts, go, "{text} → {fix}");
        }
    }
}
