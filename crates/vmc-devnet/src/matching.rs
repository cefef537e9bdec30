//! Who may bid on a group: the devnet's own implementation of the matching rules of the protocol
//! notes §9, independent of vmc's client crates (a mistake there must not be mirrored here).
//!
//! * [`path_match`]: Go's `path.Match` (`filepath.Match` on Unix), the glob used on attribute keys
//!   (§9.2): `*` = any run of non-`/` bytes, `?` = one non-`/` character, `[...]` / `[^...]`
//!   classes with ranges, `\` escapes; the whole name must match; a malformed pattern is an error.
//! * [`attribute_subset_of`] (Go `Attribute.SubsetOf`): the requirement key, as a glob, matches
//!   the candidate key and the values are equal. [`attributes_subset_of`] / [`attributes_any_of`].
//! * [`match_requirements`] (§9.3, Go `GroupSpec.MatchRequirements`, checked by the chain on
//!   CreateBid): with `signed_by`, only the auditors' records count; otherwise the provider's own
//!   attributes.
//! * [`match_attributes`] (§9.5 step 1): the provider's bid engine checks the requirement
//!   attributes against its own attributes even when `signed_by` is set.
//! * [`match_resources_requirements`] (§9.4, Go `GroupSpec.MatchResourcesRequirements`): storage
//!   and GPU capabilities.
//! * [`would_bid`]: all three — what a simulated provider decides (before its capacity limits).

use std::collections::BTreeMap;

use crate::groupspec::{Attribute, GroupSpec};

/// Go's `path.ErrBadPattern`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPattern;

impl std::fmt::Display for BadPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("syntax error in pattern")
    }
}

impl std::error::Error for BadPattern {}

const RUNE_ERROR: u32 = 0xFFFD;

/// Go's `utf8.DecodeRune`: (rune, width); an invalid sequence is (U+FFFD, 1), empty is (U+FFFD, 0).
fn decode_rune(b: &[u8]) -> (u32, usize) {
    let Some(&first) = b.first() else {
        return (RUNE_ERROR, 0);
    };
    let n = match first {
        0x00..=0x7F => 1,
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (RUNE_ERROR, 1),
    };
    match b.get(..n).and_then(|s| std::str::from_utf8(s).ok()) {
        Some(s) => (s.chars().next().map(|c| c as u32).unwrap_or(RUNE_ERROR), n),
        None => (RUNE_ERROR, 1),
    }
}

/// Go `scanChunk`: leading stars, then the chunk up to the next `*` outside a class.
fn scan_chunk(pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut p = pattern;
    let mut star = false;
    while let [b'*', rest @ ..] = p {
        p = rest;
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'\\' if i + 1 < p.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &p[..i], &p[i..])
}

/// Go `getEsc`: one (possibly escaped) character of a class range.
fn get_esc(chunk: &[u8]) -> Result<(u32, &[u8]), BadPattern> {
    let mut c = chunk;
    match c.first() {
        None | Some(b'-') | Some(b']') => return Err(BadPattern),
        Some(b'\\') => {
            c = &c[1..];
            if c.is_empty() {
                return Err(BadPattern);
            }
        }
        _ => {}
    }
    let (r, n) = decode_rune(c);
    if r == RUNE_ERROR && n == 1 {
        return Err(BadPattern);
    }
    let rest = &c[n..];
    if rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((r, rest))
}

/// Go `matchChunk`: `Ok(Some(rest of s))` when the chunk matches a prefix of `s`. After a
/// mismatch it keeps parsing the chunk, so that a malformed chunk is an error either way.
fn match_chunk<'s>(chunk: &[u8], s: &'s [u8]) -> Result<Option<&'s [u8]>, BadPattern> {
    let mut chunk = chunk;
    let mut s = s;
    let mut failed = false;
    while let Some(&c0) = chunk.first() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match c0 {
            b'[' => {
                let mut r = 0u32;
                if !failed {
                    let (rr, n) = decode_rune(s);
                    r = rr;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.first() == Some(&b'^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if chunk.first() == Some(&b']') && nrange > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = get_esc(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if chunk[0] == b'-' {
                        let (h, rest) = get_esc(&chunk[1..])?;
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    nrange += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            _ => {
                if c0 == b'\\' {
                    chunk = &chunk[1..];
                    if chunk.is_empty() {
                        return Err(BadPattern);
                    }
                }
                if !failed {
                    if chunk[0] != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    Ok((!failed).then_some(s))
}

/// Go's `path.Match(pattern, name)`.
pub fn path_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let mut pattern = pattern.as_bytes();
    let mut name = name.as_bytes();
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest of the name unless it has a `/`.
            return Ok(!name.contains(&b'/'));
        }
        // A match at the current position (the last chunk must use up the name).
        match match_chunk(chunk, name)? {
            Some(t) if t.is_empty() || !pattern.is_empty() => {
                name = t;
                continue;
            }
            _ => {}
        }
        if star {
            // Skip i + 1 bytes for the star, never past a `/`.
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                if let Some(t) = match_chunk(chunk, &name[i + 1..])? {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                i += 1;
            }
        }
        // No match: the rest of the pattern must still be well-formed.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, b"")?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Go `Attribute.SubsetOf`: the requirement's key (a glob) matches the candidate's key and the
/// values are equal. A malformed glob matches nothing.
pub fn attribute_subset_of(requirement: &Attribute, candidate: &Attribute) -> bool {
    requirement.value == candidate.value
        && path_match(&requirement.key, &candidate.key).unwrap_or(false)
}

/// Go `AttributesSubsetOf(a, b)`: every element of `a` matches some element of `b`.
pub fn attributes_subset_of(a: &[Attribute], b: &[Attribute]) -> bool {
    a.iter()
        .all(|req| b.iter().any(|c| attribute_subset_of(req, c)))
}

/// Go `AttributesAnyOf(a, b)`: some element of `a` matches some element of `b`.
pub fn attributes_any_of(a: &[Attribute], b: &[Attribute]) -> bool {
    a.iter()
        .any(|req| b.iter().any(|c| attribute_subset_of(req, c)))
}

/// One auditor's signed attributes for a provider (`akash.audit.v1.AuditedAttributes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub auditor: String,
    pub attributes: Vec<Attribute>,
}

/// What matching looks at for one provider: its own on-chain attributes and its audit records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderAttributes {
    pub own: Vec<Attribute>,
    pub audits: Vec<AuditRecord>,
}

/// §9.3, Go `GroupSpec.MatchRequirements`, as the chain applies it on CreateBid.
pub fn match_requirements(spec: &GroupSpec, provider: &ProviderAttributes) -> bool {
    let req = &spec.requirements;
    let sb = &req.signed_by;
    if sb.all_of.is_empty() && sb.any_of.is_empty() {
        return attributes_subset_of(&req.attributes, &provider.own);
    }
    // Only signed attributes count, and there must be at least one record.
    if provider.audits.is_empty() {
        return false;
    }
    // One record per auditor (a later record for the same auditor wins, as in Go's map).
    let by_auditor: BTreeMap<&str, &[Attribute]> = provider
        .audits
        .iter()
        .map(|a| (a.auditor.as_str(), a.attributes.as_slice()))
        .collect();
    let signed = |auditor: &String| {
        by_auditor
            .get(auditor.as_str())
            .is_some_and(|attrs| attributes_subset_of(&req.attributes, attrs))
    };
    if !sb.all_of.iter().all(signed) {
        return false;
    }
    sb.any_of.is_empty() || sb.any_of.iter().any(signed)
}

/// §9.5 step 1, Go `GroupSpec.MatchAttributes`: the requirement attributes ⊆ the provider's own.
pub fn match_attributes(spec: &GroupSpec, own: &[Attribute]) -> bool {
    attributes_subset_of(&spec.requirements.attributes, own)
}

const CAPABILITIES: &str = "capabilities/";

/// `capabilities/storage/<n>/<attr>` keys grouped by `<n>`, each as `<attr>` = value.
fn storage_groups(attrs: &[Attribute]) -> Vec<Vec<Attribute>> {
    let mut groups: BTreeMap<&str, Vec<Attribute>> = BTreeMap::new();
    for a in attrs {
        let Some(rest) = a.key.strip_prefix(CAPABILITIES) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        if let [kind, n, attr] = parts[..]
            && kind == "storage"
        {
            groups
                .entry(n)
                .or_default()
                .push(Attribute::new(attr, &a.value));
        }
    }
    groups.into_values().collect()
}

/// `capabilities/gpu/<rest>` keys as `<rest>` = value.
fn gpu_capabilities(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter_map(|a| {
            let rest = a.key.strip_prefix(CAPABILITIES)?.strip_prefix("gpu/")?;
            Some(Attribute::new(rest, &a.value))
        })
        .collect()
}

/// §9.4, Go `GroupSpec.MatchResourcesRequirements`: every storage volume with attributes is
/// offered by one storage capability group; a GPU request (units > 0) with attributes matches
/// at least one GPU capability.
pub fn match_resources_requirements(spec: &GroupSpec, attrs: &[Attribute]) -> bool {
    let storage = storage_groups(attrs);
    let gpu = gpu_capabilities(attrs);
    spec.resources.iter().all(|unit| {
        let r = &unit.resource;
        let volumes_ok = r
            .storage
            .iter()
            .filter(|s| !s.attributes.is_empty())
            .all(|s| {
                storage
                    .iter()
                    .any(|g| attributes_subset_of(&s.attributes, g))
            });
        let gpu_ok = r.gpu.units == 0
            || r.gpu.attributes.is_empty()
            || attributes_any_of(&r.gpu.attributes, &gpu);
        volumes_ok && gpu_ok
    })
}

/// Whether a provider would bid (and the chain accept the bid), capacity and price aside: its
/// own attributes (§9.5 step 1), the signed-by rules (§9.3) and the capabilities (§9.4).
pub fn would_bid(spec: &GroupSpec, provider: &ProviderAttributes) -> bool {
    match_attributes(spec, &provider.own)
        && match_requirements(spec, provider)
        && match_resources_requirements(spec, &provider.own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, n: &str) -> Result<bool, BadPattern> {
        path_match(p, n)
    }

    #[test]
    fn go_path_match_table() {
        // The table of Go's path/match_test.go semantics.
        let ok = [
            ("abc", "abc", true),
            ("*", "abc", true),
            ("*c", "abc", true),
            ("a*", "a", true),
            ("a*", "abc", true),
            ("a*", "ab/c", false),
            ("a*/b", "abc/b", true),
            ("a*/b", "a/c/b", false),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
            ("a*b?c*x", "abxbbxdbxebxczzx", true),
            ("a*b?c*x", "abxbbxdbxebxczzy", false),
            ("ab[c]", "abc", true),
            ("ab[b-d]", "abc", true),
            ("ab[e-g]", "abc", false),
            ("ab[^c]", "abc", false),
            ("ab[^b-d]", "abc", false),
            ("ab[^e-g]", "abc", true),
            ("a\\*b", "a*b", true),
            ("a\\*b", "ab", false),
            ("a?b", "a☺b", true),
            ("a[^a]b", "a☺b", true),
            ("a???b", "a☺b", false),
            ("a[^a][^a][^a]b", "a☺b", false),
            ("[a-ζ]*", "α", true),
            ("*[a-ζ]", "A", false),
            ("a?b", "a/b", false),
            ("a*b", "a/b", false),
            ("[\\]a]", "]", true),
            ("[\\-]", "-", true),
            ("[x\\-]", "x", true),
            ("[x\\-]", "-", true),
            ("[x\\-]", "z", false),
            ("[\\-x]", "x", true),
            ("[\\-x]", "-", true),
            ("[\\-x]", "a", false),
            ("*x", "xxx", true),
            ("", "", true),
            ("", "x", false),
            ("region/*", "region/us-west", true),
            ("region/*", "region/us/west", false),
        ];
        for (p, n, want) in ok {
            assert_eq!(m(p, n), Ok(want), "{p:?} vs {n:?}");
        }
        let bad = [
            ("[]a]", "]"),
            ("[-]", "-"),
            ("[x-]", "x"),
            ("[x-]", "-"),
            ("[x-]", "z"),
            ("[-x]", "x"),
            ("[-x]", "-"),
            ("[-x]", "a"),
            ("\\", "a"),
            ("[a-b-c]", "a"),
            ("[", "a"),
            ("[^", "a"),
            ("[^bc", "a"),
            ("a[", "a"),
            ("a[", "ab"),
            ("a[", "x"),
            ("a/b[", "x"),
            ("*x[", "xxx"),
        ];
        for (p, n) in bad {
            assert_eq!(m(p, n), Err(BadPattern), "{p:?} vs {n:?}");
        }
    }

    fn a(k: &str, v: &str) -> Attribute {
        Attribute::new(k, v)
    }

    fn spec(reqs: Vec<Attribute>, all_of: &[&str], any_of: &[&str]) -> GroupSpec {
        GroupSpec {
            name: "g".into(),
            requirements: crate::groupspec::PlacementRequirements {
                signed_by: crate::groupspec::SignedBy {
                    all_of: all_of.iter().map(|s| s.to_string()).collect(),
                    any_of: any_of.iter().map(|s| s.to_string()).collect(),
                },
                attributes: reqs,
            },
            resources: vec![],
        }
    }

    #[test]
    fn signed_by_rules() {
        let p = ProviderAttributes {
            own: vec![a("region", "us-west"), a("tier", "1")],
            audits: vec![
                AuditRecord {
                    auditor: "A".into(),
                    attributes: vec![a("region", "us-west")],
                },
                AuditRecord {
                    auditor: "B".into(),
                    attributes: vec![a("tier", "1")],
                },
            ],
        };
        let r = vec![a("reg*", "us-west")];
        // Values are never globs.
        assert!(!match_requirements(
            &spec(vec![a("region", "us-*")], &[], &[]),
            &p
        ));
        assert!(match_requirements(&spec(r.clone(), &[], &[]), &p));
        assert!(match_requirements(&spec(r.clone(), &["A"], &[]), &p));
        assert!(!match_requirements(&spec(r.clone(), &["A", "B"], &[]), &p));
        assert!(match_requirements(&spec(r.clone(), &[], &["B", "A"]), &p));
        assert!(!match_requirements(&spec(r.clone(), &[], &["B", "C"]), &p));
        assert!(!match_requirements(&spec(r.clone(), &["A"], &["B"]), &p));
        // Empty requirements with signedBy: the listed auditors need a record.
        assert!(match_requirements(&spec(vec![], &["B"], &[]), &p));
        assert!(!match_requirements(&spec(vec![], &["C"], &[]), &p));
        let unaudited = ProviderAttributes {
            own: p.own.clone(),
            audits: vec![],
        };
        assert!(!match_requirements(&spec(vec![], &[], &["A"]), &unaudited));
    }
}
