//! Why a provider may not bid: one [`Reason`] per unmet rule, printable for people and
//! serializable (tagged by `kind`) for machines.

use std::fmt;

use serde::Serialize;

use crate::groups::Attribute;

/// Who enforces a rule about the provider's own attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Checker {
    /// No `signedBy`: the chain refuses the bid and the provider does not bid (§9.3, §9.5 step 1).
    ChainAndProvider,
    /// With `signedBy` the chain ignores the provider's own attributes, but the provider's bid
    /// engine still checks them and does not bid (§9.5 step 1).
    Provider,
}

/// Which `signedBy` list named the auditor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditRule {
    AllOf,
    AnyOf,
}

/// How one requirement attribute failed against a list of attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AttributeProblem {
    /// No key matches the requirement key (glob).
    Missing,
    /// Keys match but no value is equal; these are the attributes whose keys matched.
    ValueDiffers { found: Vec<Attribute> },
    /// The requirement key is not a valid glob, so it matches nothing (as on chain).
    BadPattern,
}

/// One reason a provider may not bid on a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A requirement is not met by the provider's own on-chain attributes.
    OwnAttribute {
        checker: Checker,
        requirement: Attribute,
        #[serde(flatten)]
        problem: AttributeProblem,
    },
    /// A `signedBy` auditor has signed no attributes for this provider.
    NotAudited { auditor: String, rule: AuditRule },
    /// A `signedBy` auditor signed attributes for this provider, but not this requirement.
    AuditedAttribute {
        auditor: String,
        rule: AuditRule,
        requirement: Attribute,
        #[serde(flatten)]
        problem: AttributeProblem,
    },
    /// No `anyOf` auditor signed every requirement (details follow as `any_of` reasons).
    NoAnyOfAuditor { auditors: Vec<String> },
    /// A storage volume's class/persistence is not offered by any of the provider's
    /// `capabilities/storage/<n>/…` groups.
    Storage {
        resource_id: u32,
        volume: String,
        attributes: Vec<Attribute>,
        /// The provider's storage groups (attribute names without the prefix).
        offered: Vec<Vec<Attribute>>,
    },
    /// None of the requested GPU attributes matches a `capabilities/gpu/…` key.
    Gpu {
        resource_id: u32,
        attributes: Vec<Attribute>,
        /// The provider's GPU keys without `capabilities/gpu/`.
        offered: Vec<String>,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::OwnAttribute {
                checker,
                requirement,
                problem,
            } => {
                write!(f, "own attributes: ")?;
                write_problem(f, requirement, problem, "has no")?;
                match checker {
                    Checker::ChainAndProvider => {
                        write!(f, " (checked by the chain and the provider)")
                    }
                    Checker::Provider => write!(
                        f,
                        " (checked by the provider's bid engine even with signedBy)"
                    ),
                }
            }
            Reason::NotAudited { auditor, rule } => write!(
                f,
                "{} auditor {auditor} has not signed any attributes for this provider",
                rule_name(*rule)
            ),
            Reason::AuditedAttribute {
                auditor,
                rule,
                requirement,
                problem,
            } => {
                write!(f, "{} auditor {auditor}: ", rule_name(*rule))?;
                write_problem(f, requirement, problem, "did not sign")
            }
            Reason::NoAnyOfAuditor { auditors } => write!(
                f,
                "none of the anyOf auditors ({}) signed all required attributes",
                auditors.join(", ")
            ),
            Reason::Storage {
                resource_id,
                volume,
                attributes,
                offered,
            } => {
                write!(
                    f,
                    "storage: volume `{volume}` (resource {resource_id}) needs {}; provider offers ",
                    join_attrs(attributes)
                )?;
                if offered.is_empty() {
                    write!(f, "no storage classes")
                } else {
                    let groups: Vec<String> = offered
                        .iter()
                        .map(|g| format!("[{}]", join_attrs(g)))
                        .collect();
                    write!(f, "{}", groups.join(" "))
                }
            }
            Reason::Gpu {
                resource_id,
                attributes,
                offered,
            } => {
                let wanted: Vec<&str> = attributes.iter().map(|a| a.key.as_str()).collect();
                write!(
                    f,
                    "gpu: none of {} (resource {resource_id}) is offered; provider offers ",
                    wanted.join(", ")
                )?;
                if offered.is_empty() {
                    write!(f, "no GPUs")
                } else {
                    write!(f, "{}", offered.join(", "))
                }
            }
        }
    }
}

fn rule_name(rule: AuditRule) -> &'static str {
    match rule {
        AuditRule::AllOf => "allOf",
        AuditRule::AnyOf => "anyOf",
    }
}

fn write_problem(
    f: &mut fmt::Formatter<'_>,
    req: &Attribute,
    problem: &AttributeProblem,
    missing_verb: &str,
) -> fmt::Result {
    let has_glob = req.key.contains(['*', '?', '[', '\\']);
    match problem {
        AttributeProblem::Missing if has_glob => write!(
            f,
            "{missing_verb} attribute matching `{}` (wants `{}={}`)",
            req.key, req.key, req.value
        ),
        AttributeProblem::Missing => write!(
            f,
            "{missing_verb} `{}` attribute (wants `{}={}`)",
            req.key, req.key, req.value
        ),
        AttributeProblem::ValueDiffers { found } => {
            let values: Vec<String> = found
                .iter()
                .map(|a| {
                    if a.key == req.key {
                        format!("`{}`", a.value)
                    } else {
                        format!("`{}={}`", a.key, a.value)
                    }
                })
                .collect();
            write!(
                f,
                "`{}` is {}, wants `{}`",
                req.key,
                values.join(" or "),
                req.value
            )
        }
        AttributeProblem::BadPattern => write!(
            f,
            "requirement key `{}` is not a valid glob, so no attribute can match it",
            req.key
        ),
    }
}

fn join_attrs(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .map(|a| format!("{}={}", a.key, a.value))
        .collect::<Vec<_>>()
        .join(", ")
}
