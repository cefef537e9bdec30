//! The devnet's own §9 matching (`vmc_devnet::matching`) and vmc's client-side eligibility
//! (`vmc_sdl::eligibility`) are written independently; here they must agree on many generated
//! placements × providers: requirement keys with globs (and malformed ones), `signedBy` allOf /
//! anyOf over several auditors whose records sign subsets of the provider's attributes, storage
//! volumes with class/persistence against `capabilities/storage/<n>/…` groups, and GPU models
//! against `capabilities/gpu/…` keys. The groups also cross the devnet's persisted JSON form
//! unchanged (its group types serialize exactly as vmc's).

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use vmc_devnet::groupspec as dg;
use vmc_devnet::matching::{self, AuditRecord, ProviderAttributes};
use vmc_sdl::eligibility::{self, Provider};
use vmc_sdl::groups::{
    Attribute, Cpu, DecCoin, Gpu, GroupSpec, Memory, PlacementRequirements, ResourceUnit,
    Resources, SignedBy, Storage,
};

const OWN_KEYS: &[&str] = &["region", "tier", "host", "datacenter/zone", "organization"];
const VALUES: &[&str] = &["us-west", "us-east", "1", "2"];
/// Requirement keys: literal keys, globs that do and do not match, escapes, malformed globs.
const REQ_KEYS: &[&str] = &[
    "region",
    "tier",
    "host",
    "datacenter/zone",
    "reg*",
    "re?ion",
    "*",
    "datacenter/*",
    "d*/zone",
    "*/zone",
    "data*",
    "[rt]*",
    "[^r]*",
    "tie[a-z]",
    "t\\ier",
    "region/*",
    "region*",
    "[",
    "tier\\",
    "[a-]",
];
const AUDITORS: &[&str] = &["akash1auditora", "akash1auditorb", "akash1auditorc"];
/// Names in `signedBy` (one auditor never signs anything).
const SIGNERS: &[&str] = &[
    "akash1auditora",
    "akash1auditorb",
    "akash1auditorc",
    "akash1auditord",
];
const CLASSES: &[&str] = &["beta1", "beta2", "beta3", "ram"];
const GPU_CAPS: &[&str] = &[
    "capabilities/gpu/vendor/nvidia/model/a100",
    "capabilities/gpu/vendor/nvidia/model/a100/ram/80Gi",
    "capabilities/gpu/vendor/nvidia/model/a100/interface/pcie",
    "capabilities/gpu/vendor/nvidia/model/h100/interface/sxm",
    "capabilities/gpu/vendor/amd/model/mi100",
];
const GPU_REQS: &[&str] = &[
    "vendor/nvidia/model/a100",
    "vendor/nvidia/model/*",
    "vendor/nvidia/model/a100/ram/80Gi",
    "vendor/nvidia/model/a100/ram/*",
    "vendor/nvidia/model/h100",
    "vendor/amd/model/*",
    "vendor/*/model/mi100",
    "vendor/nvidia/*",
];

fn attr(k: &str, v: &str) -> Attribute {
    Attribute::new(k, v)
}

fn own_plain() -> impl Strategy<Value = Vec<Attribute>> {
    proptest::collection::vec(
        proptest::option::weighted(0.75, select(VALUES)),
        OWN_KEYS.len(),
    )
    .prop_map(|vals| {
        OWN_KEYS
            .iter()
            .zip(vals)
            .filter_map(|(k, v)| v.map(|v| attr(k, v)))
            .collect()
    })
}

/// `capabilities/storage/<n>/…` groups, sometimes with a key the grouping must ignore.
fn storage_caps() -> impl Strategy<Value = Vec<Attribute>> {
    let group = (
        select(&["1", "2", "default"][..]),
        proptest::option::weighted(0.8, select(CLASSES)),
        proptest::option::weighted(0.7, select(&["true", "false"][..])),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(n, class, persistent, junk)| {
            let mut out = Vec::new();
            if let Some(c) = class {
                out.push(attr(&format!("capabilities/storage/{n}/class"), c));
            }
            if let Some(p) = persistent {
                out.push(attr(&format!("capabilities/storage/{n}/persistent"), p));
            }
            if junk {
                out.push(attr(
                    &format!("capabilities/storage/{n}/class/extra"),
                    "beta3",
                ));
                out.push(attr("capabilities/storage/class", "ram"));
            }
            out
        });
    proptest::collection::vec(group, 0..=3).prop_map(|g| g.concat())
}

fn gpu_caps() -> impl Strategy<Value = Vec<Attribute>> {
    subsequence(GPU_CAPS, 0..=GPU_CAPS.len()).prop_flat_map(|keys| {
        let n = keys.len();
        proptest::collection::vec(prop_oneof![9 => Just("true"), 1 => Just("false")], n..=n)
            .prop_map(move |vals| keys.iter().zip(vals).map(|(k, v)| attr(k, v)).collect())
    })
}

/// A provider: own attributes (plain and capabilities), and records of some auditors, each
/// signing a subset of the provider's plain attributes, sometimes with a value of its own.
fn provider() -> impl Strategy<Value = Provider> {
    (own_plain(), storage_caps(), gpu_caps()).prop_flat_map(|(plain, storage, gpu)| {
        let n = plain.len();
        let record = (
            subsequence(plain.clone(), 0..=n),
            proptest::option::weighted(
                0.2,
                (select(OWN_KEYS), select(VALUES)).prop_map(|(k, v)| attr(k, v)),
            ),
        )
            .prop_map(|(mut a, extra)| {
                a.extend(extra);
                a
            });
        let records =
            proptest::collection::vec(proptest::option::weighted(0.6, record), AUDITORS.len());
        (Just((plain, storage, gpu)), records).prop_map(|((plain, storage, gpu), records)| {
            let own = [plain, storage, gpu].concat();
            let mut p = Provider::new("akash1provider", own);
            for (auditor, rec) in AUDITORS.iter().zip(records) {
                if let Some(a) = rec {
                    p = p.audited_by(*auditor, a);
                }
            }
            p
        })
    })
}

fn volume(i: usize) -> impl Strategy<Value = Storage> {
    let attrs = prop_oneof![
        3 => Just(vec![]),
        4 => (select(CLASSES), select(&["true", "false"][..]))
            .prop_map(|(c, p)| vec![attr("class", c), attr("persistent", p)]),
        2 => select(CLASSES).prop_map(|c| vec![attr("class", c)]),
        1 => select(&["true", "false"][..]).prop_map(|p| vec![attr("persistent", p)]),
        1 => (select(&["cl*", "c?ass", "[a-c]lass", "persist*"][..]), select(&["beta2", "true"][..]))
            .prop_map(|(k, v)| vec![attr(k, v)]),
    ];
    attrs.prop_map(move |attributes| Storage {
        name: if i == 0 {
            "default".into()
        } else {
            format!("data{i}")
        },
        quantity: 1 << 30,
        attributes,
    })
}

fn unit(id: u32) -> impl Strategy<Value = ResourceUnit> {
    (
        (volume(0), volume(1), 0usize..=2),
        prop_oneof![2 => Just(0u64), 3 => Just(1u64), 1 => Just(2u64)],
        proptest::collection::vec(
            (
                select(GPU_REQS),
                prop_oneof![9 => Just("true"), 1 => Just("false")],
            ),
            0..=2,
        ),
    )
        .prop_map(move |((v0, v1, nvol), gpu_units, gpu_attrs)| ResourceUnit {
            resource: Resources {
                id,
                cpu: Cpu {
                    units: 500,
                    attributes: vec![],
                },
                memory: Memory {
                    quantity: 512 << 20,
                    attributes: vec![],
                },
                storage: [v0, v1].into_iter().take(nvol).collect(),
                gpu: Gpu {
                    units: gpu_units,
                    attributes: gpu_attrs.into_iter().map(|(k, v)| attr(k, v)).collect(),
                },
                endpoints: vec![],
            },
            count: 1,
            price: DecCoin {
                denom: "uact".into(),
                amount: "100".into(),
            },
        })
}

fn signers() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        2 => Just(vec![]),
        3 => subsequence(SIGNERS, 1..=3)
            .prop_map(|v| v.iter().map(|s| s.to_string()).collect()),
    ]
}

fn group() -> impl Strategy<Value = GroupSpec> {
    (
        prop_oneof![
            2 => Just(vec![]),
            3 => proptest::collection::vec(
                (select(REQ_KEYS), select(VALUES)).prop_map(|(k, v)| attr(k, v)),
                1..=2,
            ),
        ],
        prop_oneof![2 => Just(false), 3 => Just(true)],
        signers(),
        signers(),
        (unit(1), unit(2), 1usize..=2),
    )
        .prop_map(
            |(attributes, signed, all_of, any_of, (u1, u2, n))| GroupSpec {
                name: "dcloud".into(),
                requirements: PlacementRequirements {
                    signed_by: if signed {
                        SignedBy { all_of, any_of }
                    } else {
                        SignedBy::default()
                    },
                    attributes,
                },
                resources: [u1, u2].into_iter().take(n).collect(),
            },
        )
}

/// The same group in the devnet's own types, through the persisted JSON form.
fn devnet_group(g: &GroupSpec) -> dg::GroupSpec {
    let json = serde_json::to_value(g).unwrap();
    let d: dg::GroupSpec = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        json,
        "the devnet's GroupSpec JSON is vmc's"
    );
    d
}

fn devnet_attrs(a: &[Attribute]) -> Vec<dg::Attribute> {
    a.iter()
        .map(|x| dg::Attribute::new(&x.key, &x.value))
        .collect()
}

fn devnet_provider(p: &Provider) -> ProviderAttributes {
    ProviderAttributes {
        own: devnet_attrs(&p.attributes),
        audits: p
            .audits
            .iter()
            .map(|a| AuditRecord {
                auditor: a.auditor.clone(),
                attributes: devnet_attrs(&a.attributes),
            })
            .collect(),
    }
}

/// (devnet, vmc) verdicts for one case.
fn verdicts(g: &GroupSpec, p: &Provider) -> (bool, bool) {
    let devnet = matching::would_bid(&devnet_group(g), &devnet_provider(p));
    let vmc = eligibility::check(g, p).is_eligible();
    (devnet, vmc)
}

proptest! {
    #![proptest_config(Config { cases: 5000, ..Config::default() })]

    #[test]
    fn devnet_matching_agrees_with_vmc_eligibility(g in group(), p in provider()) {
        let (devnet, vmc) = verdicts(&g, &p);
        prop_assert_eq!(
            devnet,
            vmc,
            "devnet says {}, vmc says {:?}",
            devnet,
            eligibility::check(&g, &p).reasons
        );
    }

    #[test]
    fn glob_agrees_with_vmc_glob(
        pattern in proptest::collection::vec(
            select(&["a", "b", "/", "*", "?", "[", "]", "^", "-", "\\", "é"][..]), 0..8),
        name in proptest::collection::vec(select(&["a", "b", "/", "-", "]", "^", "é"][..]), 0..6),
    ) {
        let (pattern, name) = (pattern.concat(), name.concat());
        prop_assert_eq!(
            matching::path_match(&pattern, &name).ok(),
            vmc_sdl::eligibility::glob::go_path_match(&pattern, &name).ok(),
            "pattern {:?} name {:?}",
            pattern,
            name
        );
    }
}

/// The generator reaches both verdicts, each rule family, and the two matchings agree on a
/// fixed, reproducible sample too.
#[test]
fn generated_cases_cover_both_verdicts_and_every_rule() {
    let mut runner = TestRunner::deterministic();
    let strategy = (group(), provider());
    let (mut yes, mut no, mut signed_yes, mut storage_yes, mut gpu_yes) = (0, 0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for _ in 0..10_000 {
        let (g, p) = strategy.new_tree(&mut runner).unwrap().current();
        let (devnet, vmc) = verdicts(&g, &p);
        if devnet != vmc {
            disagreements.push((g.clone(), p.clone(), devnet, vmc));
        }
        if !devnet {
            no += 1;
            continue;
        }
        yes += 1;
        if !g.requirements.signed_by.is_empty() {
            signed_yes += 1;
        }
        let units = &g.resources;
        if units
            .iter()
            .any(|u| u.resource.storage.iter().any(|s| !s.attributes.is_empty()))
        {
            storage_yes += 1;
        }
        if units
            .iter()
            .any(|u| u.resource.gpu.units > 0 && !u.resource.gpu.attributes.is_empty())
        {
            gpu_yes += 1;
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first: {:#?}",
        disagreements.len(),
        disagreements.first()
    );
    for (what, n) in [
        ("eligible", yes),
        ("ineligible", no),
        ("eligible with signedBy", signed_yes),
        ("eligible with storage attributes", storage_yes),
        ("eligible with GPU attributes", gpu_yes),
    ] {
        assert!(n >= 100, "only {n} cases {what} (yes {yes}, no {no})");
    }
}
