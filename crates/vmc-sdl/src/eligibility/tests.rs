//! Eligibility rules, including the examples of Akash's audited-attributes guide.

use super::*;
use crate::groups::{
    Cpu, DecCoin, Gpu, Memory, PlacementRequirements, ResourceUnit, Resources, SignedBy, Storage,
};

/// The auditor of the audited-attributes guide (Akash Network's own).
const AKASH_AUDITOR: &str = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";
const OTHER_AUDITOR: &str = "akash1auditor2xxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

fn attrs(pairs: &[(&str, &str)]) -> Vec<Attribute> {
    pairs.iter().map(|(k, v)| Attribute::new(*k, *v)).collect()
}

fn unit(id: u32) -> ResourceUnit {
    ResourceUnit {
        resource: Resources {
            id,
            cpu: Cpu {
                units: 100,
                attributes: vec![],
            },
            memory: Memory {
                quantity: 512 << 20,
                attributes: vec![],
            },
            storage: vec![Storage {
                name: "default".into(),
                quantity: 512 << 20,
                attributes: vec![],
            }],
            gpu: Gpu::default(),
            endpoints: vec![],
        },
        count: 1,
        price: DecCoin {
            denom: "uact".into(),
            amount: "100".into(),
        },
    }
}

fn group(req: &[(&str, &str)], all_of: &[&str], any_of: &[&str]) -> GroupSpec {
    GroupSpec {
        name: "dcloud".into(),
        requirements: PlacementRequirements {
            signed_by: SignedBy {
                all_of: all_of.iter().map(|s| s.to_string()).collect(),
                any_of: any_of.iter().map(|s| s.to_string()).collect(),
            },
            attributes: attrs(req),
        },
        resources: vec![unit(1)],
    }
}

/// The guide's placement `ewr1-provider0`: host=akash, datacenter=equinix-metal-ewr1, signed by
/// the Akash auditor (anyOf).
fn guide_ewr1() -> GroupSpec {
    group(
        &[("datacenter", "equinix-metal-ewr1"), ("host", "akash")],
        &[],
        &[AKASH_AUDITOR],
    )
}

fn ewr1_provider() -> Provider {
    let a = attrs(&[("host", "akash"), ("datacenter", "equinix-metal-ewr1")]);
    Provider::new("akash1ewr1", a.clone()).audited_by(AKASH_AUDITOR, a)
}

#[test]
fn no_requirements_any_provider_may_bid() {
    let g = group(&[], &[], &[]);
    assert!(check(&g, &Provider::new("akash1p", vec![])).is_eligible());
}

#[test]
fn guide_example_audited_provider_is_eligible() {
    assert!(check(&guide_ewr1(), &ewr1_provider()).is_eligible());
}

#[test]
fn guide_example_other_datacenter_is_not() {
    // Audited, but for sjc1: the ewr1 placement's datacenter requirement fails in both checks.
    let a = attrs(&[("host", "akash"), ("datacenter", "equinix-metal-sjc1")]);
    let p = Provider::new("akash1sjc1", a.clone()).audited_by(AKASH_AUDITOR, a);
    let r = check(&guide_ewr1(), &p);
    assert_eq!(
        r.reasons,
        vec![
            Reason::OwnAttribute {
                checker: Checker::Provider,
                requirement: Attribute::new("datacenter", "equinix-metal-ewr1"),
                problem: AttributeProblem::ValueDiffers {
                    found: attrs(&[("datacenter", "equinix-metal-sjc1")])
                },
            },
            Reason::NoAnyOfAuditor {
                auditors: vec![AKASH_AUDITOR.into()]
            },
            Reason::AuditedAttribute {
                auditor: AKASH_AUDITOR.into(),
                rule: AuditRule::AnyOf,
                requirement: Attribute::new("datacenter", "equinix-metal-ewr1"),
                problem: AttributeProblem::ValueDiffers {
                    found: attrs(&[("datacenter", "equinix-metal-sjc1")])
                },
            },
        ]
    );
    // And the same provider fits the guide's sjc1 placement.
    let sjc1 = group(
        &[("datacenter", "equinix-metal-sjc1"), ("host", "akash")],
        &[],
        &[AKASH_AUDITOR],
    );
    assert!(check(&sjc1, &p).is_eligible());
}

#[test]
fn guide_example_unaudited_provider_is_not() {
    // Same own attributes, nobody signed them: the chain refuses the bid.
    let a = attrs(&[("host", "akash"), ("datacenter", "equinix-metal-ewr1")]);
    let r = check(&guide_ewr1(), &Provider::new("akash1self", a));
    assert_eq!(
        r.reasons,
        vec![
            Reason::NoAnyOfAuditor {
                auditors: vec![AKASH_AUDITOR.into()]
            },
            Reason::NotAudited {
                auditor: AKASH_AUDITOR.into(),
                rule: AuditRule::AnyOf
            },
        ]
    );
}

#[test]
fn audited_by_someone_else_does_not_count() {
    let a = attrs(&[("host", "akash"), ("datacenter", "equinix-metal-ewr1")]);
    let p = Provider::new("akash1p", a.clone()).audited_by(OTHER_AUDITOR, a);
    let r = check(&guide_ewr1(), &p);
    assert!(!r.is_eligible());
    assert!(r.reasons.contains(&Reason::NotAudited {
        auditor: AKASH_AUDITOR.into(),
        rule: AuditRule::AnyOf
    }));
}

#[test]
fn with_signed_by_own_attributes_still_checked_by_provider() {
    // The auditor signed everything, but the provider's own attributes lack `host`: the chain
    // would accept a bid, the provider's bid engine never makes one (§9.5 step 1).
    let p = Provider::new("akash1p", attrs(&[("datacenter", "equinix-metal-ewr1")])).audited_by(
        AKASH_AUDITOR,
        attrs(&[("host", "akash"), ("datacenter", "equinix-metal-ewr1")]),
    );
    let r = check(&guide_ewr1(), &p);
    assert_eq!(
        r.reasons,
        vec![Reason::OwnAttribute {
            checker: Checker::Provider,
            requirement: Attribute::new("host", "akash"),
            problem: AttributeProblem::Missing,
        }]
    );
    assert_eq!(
        r.reasons[0].to_string(),
        "own attributes: has no `host` attribute (wants `host=akash`) (checked by the provider's \
         bid engine even with signedBy)"
    );
}

#[test]
fn without_signed_by_audits_are_ignored() {
    // Only the provider's own attributes count; an audit cannot stand in for them.
    let g = group(&[("tier", "community")], &[], &[]);
    let p =
        Provider::new("akash1p", vec![]).audited_by(AKASH_AUDITOR, attrs(&[("tier", "community")]));
    let r = check(&g, &p);
    assert_eq!(
        r.reasons,
        vec![Reason::OwnAttribute {
            checker: Checker::ChainAndProvider,
            requirement: Attribute::new("tier", "community"),
            problem: AttributeProblem::Missing,
        }]
    );
}

/// tier/host/region as the guide's "attribute syntax" section uses them.
fn thr() -> Vec<Attribute> {
    attrs(&[
        ("host", "akash"),
        ("region", "us-west"),
        ("tier", "community"),
    ])
}

#[test]
fn all_of_needs_every_auditor() {
    let g = group(
        &[("host", "akash"), ("tier", "community")],
        &[AKASH_AUDITOR, OTHER_AUDITOR],
        &[],
    );
    let one = Provider::new("akash1p", thr()).audited_by(AKASH_AUDITOR, thr());
    assert_eq!(
        check(&g, &one).reasons,
        vec![Reason::NotAudited {
            auditor: OTHER_AUDITOR.into(),
            rule: AuditRule::AllOf
        }]
    );
    let both = one.clone().audited_by(OTHER_AUDITOR, thr());
    assert!(check(&g, &both).is_eligible());
    // The second auditor signed, but a different tier.
    let differs = one.audited_by(
        OTHER_AUDITOR,
        attrs(&[("host", "akash"), ("tier", "premium")]),
    );
    let r = check(&g, &differs);
    assert_eq!(
        r.reasons,
        vec![Reason::AuditedAttribute {
            auditor: OTHER_AUDITOR.into(),
            rule: AuditRule::AllOf,
            requirement: Attribute::new("tier", "community"),
            problem: AttributeProblem::ValueDiffers {
                found: attrs(&[("tier", "premium")])
            },
        }]
    );
    assert_eq!(
        r.reasons[0].to_string(),
        format!("allOf auditor {OTHER_AUDITOR}: `tier` is `premium`, wants `community`")
    );
}

#[test]
fn any_of_needs_one_auditor() {
    let g = group(
        &[("region", "us-west")],
        &[],
        &[OTHER_AUDITOR, AKASH_AUDITOR],
    );
    let p = Provider::new("akash1p", thr()).audited_by(AKASH_AUDITOR, thr());
    assert!(check(&g, &p).is_eligible());
    // The first anyOf auditor signed the wrong region, the second nothing.
    let p = Provider::new("akash1p", thr())
        .audited_by(OTHER_AUDITOR, attrs(&[("region", "eu-central")]));
    let r = check(&g, &p);
    assert_eq!(r.reasons.len(), 3);
    assert_eq!(
        r.reasons[0].to_string(),
        format!(
            "none of the anyOf auditors ({OTHER_AUDITOR}, {AKASH_AUDITOR}) signed all required \
             attributes"
        )
    );
    assert_eq!(
        r.reasons[2].to_string(),
        format!("anyOf auditor {AKASH_AUDITOR} has not signed any attributes for this provider")
    );
}

#[test]
fn all_of_and_any_of_together() {
    let g = group(&[("tier", "community")], &[AKASH_AUDITOR], &[OTHER_AUDITOR]);
    let only_all = Provider::new("akash1p", thr()).audited_by(AKASH_AUDITOR, thr());
    let r = check(&g, &only_all);
    assert!(matches!(r.reasons[0], Reason::NoAnyOfAuditor { .. }));
    let both = only_all.audited_by(OTHER_AUDITOR, thr());
    assert!(check(&g, &both).is_eligible());
    let only_any = Provider::new("akash1p", thr()).audited_by(OTHER_AUDITOR, thr());
    assert_eq!(
        check(&g, &only_any).reasons,
        vec![Reason::NotAudited {
            auditor: AKASH_AUDITOR.into(),
            rule: AuditRule::AllOf
        }]
    );
}

#[test]
fn signed_by_without_attributes_needs_only_a_record() {
    let g = group(&[], &[], &[AKASH_AUDITOR]);
    let p = Provider::new("akash1p", vec![]);
    assert!(!check(&g, &p).is_eligible());
    assert!(check(&g, &p.audited_by(AKASH_AUDITOR, vec![])).is_eligible());
}

#[test]
fn a_later_record_of_the_same_auditor_wins() {
    let g = group(&[("tier", "community")], &[AKASH_AUDITOR], &[]);
    let p = Provider::new("akash1p", thr())
        .audited_by(AKASH_AUDITOR, thr())
        .audited_by(AKASH_AUDITOR, attrs(&[("tier", "premium")]));
    assert!(!check(&g, &p).is_eligible());
}

#[test]
fn glob_keys_and_exact_values() {
    let p = Provider::new(
        "akash1p",
        attrs(&[("region/us-west", "true"), ("tier", "Community")]),
    );
    assert!(check(&group(&[("region/*", "true")], &[], &[]), &p).is_eligible());
    assert!(check(&group(&[("reg?on/us-west", "true")], &[], &[]), &p).is_eligible());
    assert!(check(&group(&[("region/us-[vw]est", "true")], &[], &[]), &p).is_eligible());
    // `*` does not cross '/'.
    let r = check(&group(&[("region*", "true")], &[], &[]), &p);
    assert_eq!(
        r.reasons[0].to_string(),
        "own attributes: has no attribute matching `region*` (wants `region*=true`) (checked by \
         the chain and the provider)"
    );
    // Values are exact and case-sensitive.
    let r = check(&group(&[("tier", "community")], &[], &[]), &p);
    assert!(matches!(
        &r.reasons[0],
        Reason::OwnAttribute { problem: AttributeProblem::ValueDiffers { found }, .. }
            if found == &attrs(&[("tier", "Community")])
    ));
    // The glob applies to the requirement key only, never to the provider's key.
    let p = Provider::new("akash1p", attrs(&[("region/*", "true")]));
    assert!(!check(&group(&[("region/us-west", "true")], &[], &[]), &p).is_eligible());
}

#[test]
fn malformed_glob_matches_nothing() {
    let p = Provider::new("akash1p", attrs(&[("a[", "x")]));
    let r = check(&group(&[("a[", "x")], &[], &[]), &p);
    assert_eq!(
        r.reasons,
        vec![Reason::OwnAttribute {
            checker: Checker::ChainAndProvider,
            requirement: Attribute::new("a[", "x"),
            problem: AttributeProblem::BadPattern,
        }]
    );
}

fn with_storage(volumes: Vec<Storage>) -> GroupSpec {
    let mut g = group(&[], &[], &[]);
    g.resources[0].resource.storage = volumes;
    g
}

fn volume(name: &str, a: &[(&str, &str)]) -> Storage {
    Storage {
        name: name.into(),
        quantity: 1 << 30,
        attributes: attrs(a),
    }
}

#[test]
fn storage_class_must_be_offered_in_one_group() {
    let g = with_storage(vec![
        volume("default", &[]),
        volume("data", &[("class", "beta3"), ("persistent", "true")]),
    ]);
    let offers = Provider::new(
        "akash1p",
        attrs(&[
            ("capabilities/storage/1/class", "beta2"),
            ("capabilities/storage/1/persistent", "true"),
            ("capabilities/storage/2/class", "beta3"),
            ("capabilities/storage/2/persistent", "true"),
        ]),
    );
    assert!(check(&g, &offers).is_eligible());

    // class beta3 exists, but only as non-persistent; persistent=true is in another group.
    let split = Provider::new(
        "akash1p",
        attrs(&[
            ("capabilities/storage/1/class", "beta3"),
            ("capabilities/storage/1/persistent", "false"),
            ("capabilities/storage/2/class", "beta2"),
            ("capabilities/storage/2/persistent", "true"),
        ]),
    );
    let r = check(&g, &split);
    assert_eq!(r.reasons.len(), 1);
    assert_eq!(
        r.reasons[0].to_string(),
        "storage: volume `data` (resource 1) needs class=beta3, persistent=true; provider offers \
         [class=beta3, persistent=false] [class=beta2, persistent=true]"
    );

    let none = Provider::new("akash1p", vec![]);
    assert_eq!(
        check(&g, &none).reasons[0].to_string(),
        "storage: volume `data` (resource 1) needs class=beta3, persistent=true; provider offers \
         no storage classes"
    );
}

#[test]
fn storage_capability_keys_of_other_shapes_are_ignored() {
    let g = with_storage(vec![volume(
        "data",
        &[("class", "beta3"), ("persistent", "true")],
    )]);
    let p = Provider::new(
        "akash1p",
        attrs(&[
            ("capabilities/storage/class", "beta3"),
            ("capabilities/storage/1/x/persistent", "true"),
        ]),
    );
    assert!(!check(&g, &p).is_eligible());
}

#[test]
fn ram_volume_needs_a_ram_class() {
    let g = with_storage(vec![volume(
        "shm",
        &[("class", "ram"), ("persistent", "false")],
    )]);
    let p = Provider::new(
        "akash1p",
        attrs(&[
            ("capabilities/storage/1/class", "ram"),
            ("capabilities/storage/1/persistent", "false"),
        ]),
    );
    assert!(check(&g, &p).is_eligible());
}

fn with_gpu(units: u64, keys: &[&str]) -> GroupSpec {
    let mut g = group(&[], &[], &[]);
    g.resources[0].resource.gpu = Gpu {
        units,
        attributes: keys.iter().map(|k| Attribute::new(*k, "true")).collect(),
    };
    g
}

fn gpu_provider() -> Provider {
    Provider::new(
        "akash1gpu",
        attrs(&[
            ("capabilities/gpu", "nvidia"),
            ("capabilities/gpu/vendor/nvidia/model/a100", "true"),
            ("capabilities/gpu/vendor/nvidia/model/a100/ram/80Gi", "true"),
            (
                "capabilities/gpu/vendor/nvidia/model/a100/interface/sxm",
                "true",
            ),
        ]),
    )
}

#[test]
fn gpu_model_must_be_offered() {
    let p = gpu_provider();
    assert!(check(&with_gpu(1, &["vendor/nvidia/model/a100"]), &p).is_eligible());
    assert!(check(&with_gpu(1, &["vendor/nvidia/model/a100/ram/80Gi"]), &p).is_eligible());
    assert!(check(&with_gpu(1, &["vendor/nvidia/model/*"]), &p).is_eligible());
    // Any one of the requested models is enough.
    assert!(
        check(
            &with_gpu(1, &["vendor/nvidia/model/h100", "vendor/nvidia/model/a100"]),
            &p
        )
        .is_eligible()
    );
    let r = check(&with_gpu(2, &["vendor/nvidia/model/h100"]), &p);
    assert_eq!(r.reasons.len(), 1);
    assert_eq!(
        r.reasons[0].to_string(),
        "gpu: none of vendor/nvidia/model/h100 (resource 1) is offered; provider offers \
         vendor/nvidia/model/a100, vendor/nvidia/model/a100/ram/80Gi, \
         vendor/nvidia/model/a100/interface/sxm"
    );
    let r = check(&with_gpu(1, &["vendor/nvidia/model/a100/ram/40Gi"]), &p);
    assert!(!r.is_eligible());
}

#[test]
fn gpu_glob_does_not_cross_slash() {
    // A provider advertising only the ram-suffixed key does not match `model/*`.
    let p = Provider::new(
        "akash1p",
        attrs(&[("capabilities/gpu/vendor/nvidia/model/t4/ram/16Gi", "true")]),
    );
    assert!(!check(&with_gpu(1, &["vendor/nvidia/model/*"]), &p).is_eligible());
}

#[test]
fn gpu_without_units_or_attributes_is_not_checked() {
    let none = Provider::new("akash1p", vec![]);
    assert!(check(&with_gpu(0, &["vendor/nvidia/model/a100"]), &none).is_eligible());
    assert!(check(&with_gpu(1, &[]), &none).is_eligible());
    assert_eq!(
        check(&with_gpu(1, &["vendor/nvidia/model/a100"]), &none).reasons[0].to_string(),
        "gpu: none of vendor/nvidia/model/a100 (resource 1) is offered; provider offers no GPUs"
    );
}

#[test]
fn reasons_serialize_tagged() {
    let a = attrs(&[("host", "akash"), ("datacenter", "equinix-metal-sjc1")]);
    let r = check(&guide_ewr1(), &Provider::new("akash1p", a));
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["reasons"][0]["kind"], "own_attribute");
    assert_eq!(v["reasons"][0]["checker"], "provider");
    assert_eq!(v["reasons"][0]["problem"], "value_differs");
    assert_eq!(v["reasons"][0]["requirement"]["key"], "datacenter");
    assert_eq!(v["reasons"][0]["found"][0]["value"], "equinix-metal-sjc1");
    assert_eq!(v["reasons"][2]["kind"], "not_audited");
    assert_eq!(v["reasons"][2]["rule"], "any_of");
}
