//! May this provider bid on this placement group? And if not, why not.
//!
//! A pure function over a [`GroupSpec`] and a [`Provider`] (its own on-chain attributes and the
//! attributes each auditor signed for it), with the semantics of `akash-protocol.md` §9:
//!
//! * **Attribute matching** (§9.2): a requirement `key=value` is met by a candidate attribute when
//!   the requirement key, read as a Go `path.Match` glob ([`glob::go_path_match`]), matches the
//!   candidate key and the values are equal (case-sensitive).
//! * **Placement requirements** (§9.3, checked by the chain on `CreateBid`): without `signedBy`,
//!   every requirement must be met by the provider's own attributes. With `signedBy`, only audited
//!   attributes count: every `allOf` auditor, and at least one `anyOf` auditor, must have signed
//!   attributes that meet every requirement.
//! * **The provider's own attributes** (§9.5 step 1): the provider's bid engine checks the
//!   requirements against its own attributes even when `signedBy` is used, so a provider whose
//!   audited attributes match but whose own do not never bids. Both checks are reported, each
//!   labelled with who performs it ([`Checker`]).
//! * **Capabilities** (§9.4): every storage volume with attributes (`class`, `persistent`) must be
//!   offered by one `capabilities/storage/<n>/…` group, and a GPU request with attributes must
//!   match at least one `capabilities/gpu/…` key.
//!
//! Not covered (the chain cannot tell): the provider's own "order attributes" filter, its
//! inventory, its prices and `MaxGroupVolumes`.
//!
//! ```
//! use vmc_sdl::eligibility::{check, Provider};
//! use vmc_sdl::groups::{Attribute, GroupSpec, PlacementRequirements};
//!
//! let group = GroupSpec {
//!     name: "dcloud".into(),
//!     requirements: PlacementRequirements {
//!         attributes: vec![Attribute::new("region", "us-west")],
//!         ..Default::default()
//!     },
//!     resources: vec![],
//! };
//! let provider = Provider::new("akash1provider", vec![Attribute::new("region", "us-east")]);
//! let result = check(&group, &provider);
//! assert!(!result.is_eligible());
//! assert_eq!(
//!     result.reasons[0].to_string(),
//!     "own attributes: `region` is `us-east`, wants `us-west` (checked by the chain and the provider)"
//! );
//! ```

pub mod glob;
mod reason;
pub mod rest;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::groups::{Attribute, GroupSpec};

pub use reason::{AttributeProblem, AuditRule, Checker, Reason};

/// A provider as the chain knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// The provider's account address.
    pub owner: String,
    /// Its gateway, e.g. `https://provider.example.com:8443` (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_uri: Option<String>,
    /// The attributes the provider set on itself (`MsgCreateProvider`/`MsgUpdateProvider`).
    pub attributes: Vec<Attribute>,
    /// The attributes each auditor signed for this provider (one record per auditor).
    #[serde(default)]
    pub audits: Vec<Audit>,
}

impl Provider {
    pub fn new(owner: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Provider {
            owner: owner.into(),
            host_uri: None,
            attributes,
            audits: Vec::new(),
        }
    }

    /// Adds an auditor's signed attributes.
    pub fn audited_by(mut self, auditor: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        self.audits.push(Audit {
            auditor: auditor.into(),
            attributes,
        });
        self
    }
}

/// One auditor's signed attributes for one provider (`akash.audit.v1.AuditedAttributes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    pub auditor: String,
    pub attributes: Vec<Attribute>,
}

/// The verdict for one (group, provider) pair: eligible when there is no reason against it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    pub reasons: Vec<Reason>,
}

impl Eligibility {
    pub fn is_eligible(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// Checks whether `provider` may bid on `group` (see the module docs for the rules).
pub fn check(group: &GroupSpec, provider: &Provider) -> Eligibility {
    let mut reasons = Vec::new();
    let reqs = &group.requirements;
    let signed = !reqs.signed_by.is_empty();

    // The provider's own attributes: the chain's rule without signedBy (§9.3), and the
    // provider's bid engine in every case (§9.5 step 1).
    let checker = if signed {
        Checker::Provider
    } else {
        Checker::ChainAndProvider
    };
    for (requirement, problem) in unmet(&reqs.attributes, &provider.attributes) {
        reasons.push(Reason::OwnAttribute {
            checker,
            requirement,
            problem,
        });
    }

    if signed {
        check_signed_by(group, provider, &mut reasons);
    }
    check_capabilities(group, provider, &mut reasons);
    Eligibility { reasons }
}

/// §9.3 with `signedBy`: only audited attributes count.
fn check_signed_by(group: &GroupSpec, provider: &Provider, reasons: &mut Vec<Reason>) {
    let reqs = &group.requirements;
    // The chain keys records by auditor; a later record for the same auditor replaces an
    // earlier one.
    let mut by_auditor: BTreeMap<&str, &[Attribute]> = BTreeMap::new();
    for audit in &provider.audits {
        by_auditor.insert(audit.auditor.as_str(), &audit.attributes);
    }
    let per_auditor = |auditor: &str, rule: AuditRule| -> Vec<Reason> {
        match by_auditor.get(auditor) {
            None => vec![Reason::NotAudited {
                auditor: auditor.to_string(),
                rule,
            }],
            Some(signed) => unmet(&reqs.attributes, signed)
                .into_iter()
                .map(|(requirement, problem)| Reason::AuditedAttribute {
                    auditor: auditor.to_string(),
                    rule,
                    requirement,
                    problem,
                })
                .collect(),
        }
    };

    for auditor in &reqs.signed_by.all_of {
        reasons.extend(per_auditor(auditor, AuditRule::AllOf));
    }
    if !reqs.signed_by.any_of.is_empty() {
        let mut details = Vec::new();
        for auditor in &reqs.signed_by.any_of {
            let r = per_auditor(auditor, AuditRule::AnyOf);
            if r.is_empty() {
                return;
            }
            details.extend(r);
        }
        reasons.push(Reason::NoAnyOfAuditor {
            auditors: reqs.signed_by.any_of.clone(),
        });
        reasons.extend(details);
    }
}

/// §9.4: storage classes and GPU models the provider advertises under `capabilities/`.
fn check_capabilities(group: &GroupSpec, provider: &Provider, reasons: &mut Vec<Reason>) {
    let storage_groups = capabilities_group(&provider.attributes, "storage");
    let gpu_keys = capabilities_map(&provider.attributes, "gpu");
    for unit in &group.resources {
        let res = &unit.resource;
        for volume in &res.storage {
            if volume.attributes.is_empty() {
                continue;
            }
            let offered = storage_groups
                .values()
                .any(|g| unmet(&volume.attributes, g).is_empty());
            if !offered {
                reasons.push(Reason::Storage {
                    resource_id: res.id,
                    volume: volume.name.clone(),
                    attributes: volume.attributes.clone(),
                    offered: storage_groups.values().cloned().collect(),
                });
            }
        }
        if res.gpu.units > 0 && !res.gpu.attributes.is_empty() {
            let any = res
                .gpu
                .attributes
                .iter()
                .any(|want| gpu_keys.iter().any(|have| attr_matches(want, have)));
            if !any {
                reasons.push(Reason::Gpu {
                    resource_id: res.id,
                    attributes: res.gpu.attributes.clone(),
                    offered: gpu_keys.iter().map(|a| a.key.clone()).collect(),
                });
            }
        }
    }
}

/// Go `Attribute.SubsetOf`: glob key, exact value. A malformed glob matches nothing.
fn attr_matches(requirement: &Attribute, candidate: &Attribute) -> bool {
    requirement.value == candidate.value
        && glob::go_path_match(&requirement.key, &candidate.key).unwrap_or(false)
}

/// The requirements no candidate meets, each with why (Go `AttributesSubsetOf`, explained).
fn unmet(
    requirements: &[Attribute],
    candidates: &[Attribute],
) -> Vec<(Attribute, AttributeProblem)> {
    let mut out = Vec::new();
    for req in requirements {
        if candidates.iter().any(|c| attr_matches(req, c)) {
            continue;
        }
        let problem = match glob::go_path_match(&req.key, "") {
            Err(_) => AttributeProblem::BadPattern,
            Ok(_) => {
                let found: Vec<Attribute> = candidates
                    .iter()
                    .filter(|c| glob::go_path_match(&req.key, &c.key).unwrap_or(false))
                    .cloned()
                    .collect();
                if found.is_empty() {
                    AttributeProblem::Missing
                } else {
                    AttributeProblem::ValueDiffers { found }
                }
            }
        };
        out.push((req.clone(), problem));
    }
    out
}

/// Go `Attributes.GetCapabilitiesGroup(prefix)`: `capabilities/<prefix>…/<n>/<attr>` grouped by
/// `<n>`; keys with any other number of segments are skipped.
fn capabilities_group(attrs: &[Attribute], prefix: &str) -> BTreeMap<String, Vec<Attribute>> {
    let mut groups: BTreeMap<String, Vec<Attribute>> = BTreeMap::new();
    let full = format!("capabilities/{prefix}");
    for item in attrs {
        if !item.key.starts_with(&full) {
            continue;
        }
        let rest = &item.key["capabilities/".len()..];
        let tokens: Vec<&str> = rest.split('/').collect();
        if tokens.len() != 3 {
            continue;
        }
        groups
            .entry(tokens[1].to_string())
            .or_default()
            .push(Attribute::new(tokens[2], item.value.clone()));
    }
    groups
}

/// Go `Attributes.GetCapabilitiesMap(prefix)`: `capabilities/<prefix>/<rest…>` reduced to
/// `<rest…>` (at least two segments after the prefix).
fn capabilities_map(attrs: &[Attribute], prefix: &str) -> Vec<Attribute> {
    let full = format!("capabilities/{prefix}");
    attrs
        .iter()
        .filter(|a| a.key.starts_with(&full))
        .filter_map(|a| {
            let rest = &a.key["capabilities/".len()..];
            let tokens: Vec<&str> = rest.split('/').collect();
            (tokens.len() >= 3).then(|| Attribute::new(tokens[1..].join("/"), a.value.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests;
