//! The smaller jobs of `ops` (close, deposit, mint, lease close, manifest send, certificates)
//! against `FakeAkash`, the deploy tests' chain and providers: what each sends, what it refuses
//! before sending anything, and what it reports. Expected values come from the scenario and the
//! fake chain's state, not from the code under test.

mod fake;

use std::time::Duration;

use fake::{EPOCH, FakeAkash, LEASED_PRICE_UACT, ManifestAnswer, OWNER, START_HEIGHT, START_UAKT};
use sha2::{Digest, Sha256};
use vmc_akash_deploy::events::{Collect, Event, Step};
use vmc_akash_deploy::ops::manifest::{Candidate, ManifestOptions, check as check_manifest, send};
use vmc_akash_deploy::ops::mint::{MintOptions, check as check_mint, mint};
use vmc_akash_deploy::ops::{OpError, cert, close, deposit, lease};
use vmc_akash_deploy::steps::{MemoryLog, StepStatus};

const P: &str = "akash1p";
const Q: &str = "akash1q";
/// The on-chain hash of deployments whose manifest the tests do not send.
const HASH: [u8; 32] = [7; 32];

/// Nothing was sent: the port's `send` was never called.
fn nothing_sent(f: &FakeAkash) {
    assert_eq!(f.calls("send"), 0, "a transaction was sent");
}

fn steps(log: &MemoryLog) -> Vec<(&str, StepStatus)> {
    log.0.iter().map(|r| (r.step.as_str(), r.status)).collect()
}

// ---- close ----

#[tokio::test]
async fn closes_and_measures_the_refund() {
    let f = FakeAkash::new();
    f.leased_deployment(5, HASH, 4_200_000, &[P]);
    let c = close::check(&f, 5).await.unwrap();
    assert_eq!(c.providers, vec![P.to_string()]);
    let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
    let closed = close::close(&f, &mut log, &mut sink, 5, "done")
        .await
        .unwrap();
    // The lease owed one block (the close's) of its price; the rest came back.
    let refund = 4_200_000 - LEASED_PRICE_UACT;
    assert_eq!(closed.refund.unwrap().amount_text(), refund.to_string());
    assert_eq!(f.chain().deployments[&5].refunded, refund);
    assert!(closed.tx_hash.is_some());
    assert_eq!(
        steps(&log),
        vec![("close", StepStatus::Begin), ("close", StepStatus::Done)]
    );
    assert!(
        matches!(sink.0[0], Event::Closing { dseq: 5, .. }),
        "{:?}",
        sink.0
    );
    assert!(sink.0.iter().any(|e| matches!(
        e,
        Event::Included {
            step: Step::Close,
            ..
        }
    )));
    assert!(matches!(sink.0.last(), Some(Event::Closed { dseq: 5, .. })));
}

#[tokio::test]
async fn unknown_and_closed_send_nothing() {
    let f = FakeAkash::new();
    assert!(matches!(
        close::check(&f, 9).await,
        Err(OpError::NotFound(_))
    ));
    f.existing_deployment(5, HASH);
    f.with(|s| s.chain.deployments.get_mut(&5).unwrap().state = "closed");
    let e = close::check(&f, 5).await.unwrap_err();
    assert!(matches!(e, OpError::Conflict(_)), "{e}");
    let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
    let e = close::close(&f, &mut log, &mut sink, 5, "x")
        .await
        .unwrap_err();
    assert!(matches!(e, OpError::Conflict(_)), "{e}");
    nothing_sent(&f);
}

// ---- deposit ----

#[tokio::test]
async fn deposits_in_the_deployment_denom() {
    let f = FakeAkash::new();
    f.set_funds(1_000_000, START_UAKT);
    f.leased_deployment(3, HASH, 5_000_000, &[]);
    let plan = deposit::check(&f, 3, "uact", 250_000).await.unwrap();
    assert_eq!(deposit::describe(&plan), "0.25 ACT");
    let mut sink = Collect::default();
    let d = deposit::deposit(&f, &mut sink, &plan).await.unwrap();
    assert_eq!(d.amount.amount_text(), "250000");
    let c = f.chain();
    assert_eq!(c.escrow(3), 5_250_000);
    assert_eq!(c.funds.uact, 750_000);
    assert_eq!(
        sink.0.last(),
        Some(&Event::Included {
            step: Step::Deposit,
            tx_hash: d.tx_hash.clone(),
            height: d.height,
        })
    );
}

#[tokio::test]
async fn deposit_refusals_send_nothing() {
    let f = FakeAkash::new();
    f.set_funds(1_000_000, START_UAKT);
    f.leased_deployment(3, HASH, 5_000_000, &[]);
    let e = deposit::check(&f, 3, "uakt", 1).await.unwrap_err();
    assert!(matches!(e, OpError::Invalid(_)), "{e}");
    let m = e.to_string();
    assert!(m.contains("uact") && m.contains("uakt"), "{m}");
    let e = deposit::check(&f, 3, "uact", 2_000_000).await.unwrap_err();
    assert!(matches!(e, OpError::Funds { .. }), "{e}");
    assert!(e.to_string().contains("1 ACT missing"), "{e}");
    assert!(matches!(
        deposit::check(&f, 4, "uact", 1).await,
        Err(OpError::NotFound(_))
    ));
    nothing_sent(&f);
}

// ---- mint ----

/// The ops fake's wallet: 1 ACT and 50 AKT, blocks passing while the job polls.
fn minting() -> FakeAkash {
    let f = FakeAkash::new();
    f.set_funds(1_000_000, 50_000_000);
    f.blocks_while_polling();
    f
}

#[tokio::test]
async fn mints_and_waits_for_the_epoch() {
    let f = minting();
    let funds = check_mint(&f, 10_000_000).await.unwrap();
    let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
    let opts = MintOptions {
        timeout: Duration::from_secs(5),
        poll: Duration::from_millis(1),
    };
    let m = mint(&f, &mut log, &mut sink, 10_000_000, funds.uact, &opts)
        .await
        .unwrap();
    // 2.5 ACT per AKT burned.
    assert_eq!(m.minted.amount_text(), "25000000");
    assert_eq!(m.balance.amount_text(), "26000000");
    assert!(m.credited_at.is_multiple_of(EPOCH) && m.credited_at > m.height);
    assert_eq!(m.height, START_HEIGHT + 1);
    assert!(sink.0.iter().any(|e| matches!(
        e,
        Event::Waiting {
            step: Step::Mint,
            ..
        }
    )));
    assert_eq!(
        steps(&log),
        vec![("mint", StepStatus::Begin), ("mint", StepStatus::Done)]
    );
    assert_eq!(log.0[0].data["tx_hash"], m.tx_hash);
}

#[tokio::test]
async fn short_of_akt_says_how_much_is_missing() {
    let f = minting();
    let e = check_mint(&f, 59_975_000).await.unwrap_err();
    let m = e.to_string();
    assert!(m.contains("10 AKT missing"), "{m}");
    nothing_sent(&f);
}

#[tokio::test]
async fn times_out_when_never_credited() {
    let f = minting();
    f.with(|s| s.chain.epoch = u64::MAX);
    let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
    let opts = MintOptions {
        timeout: Duration::from_millis(20),
        poll: Duration::from_millis(5),
    };
    let e = mint(&f, &mut log, &mut sink, 5_000_000, 1_000_000, &opts)
        .await
        .unwrap_err();
    let sent = log.0[0].data["tx_hash"].as_str().unwrap().to_string();
    assert!(f.chain().txs.contains_key(&sent));
    assert!(
        matches!(&e, OpError::Timeout { tx_hash: Some(h), .. } if *h == sent),
        "{e}"
    );
}

// ---- lease close ----

#[tokio::test]
async fn one_lease_needs_no_filter() {
    let f = FakeAkash::new();
    f.leased_deployment(8, HASH, 1_000_000, &[P]);
    let sel = lease::LeaseSelector::default();
    let l = lease::select(&f, 8, &sel).await.unwrap();
    assert_eq!(l.len(), 1);
    let mut sink = Collect::default();
    let c = lease::close_leases(&f, &mut sink, 8, &l).await.unwrap();
    assert_eq!(c.closed[0].provider, P);
    assert_eq!(f.chain().leases[0].state, "closed");
    assert!(sink.0.iter().any(|e| matches!(
        e,
        Event::Included {
            step: Step::LeaseClose,
            ..
        }
    )));
    let e = lease::select(&f, 8, &sel).await.unwrap_err();
    assert!(matches!(e, OpError::Conflict(_)), "{e}");
}

#[tokio::test]
async fn ambiguous_unless_filtered_or_all() {
    let f = FakeAkash::new();
    f.leased_deployment(8, HASH, 1_000_000, &[P, Q]);
    let e = lease::select(&f, 8, &lease::LeaseSelector::default())
        .await
        .unwrap_err();
    let m = e.to_string();
    assert!(matches!(e, OpError::Invalid(_)), "{m}");
    assert!(
        m.contains("8/1/1 with akash1p") && m.contains("8/2/1 with akash1q"),
        "{m}"
    );
    let by_provider = lease::LeaseSelector {
        provider: Some(Q.into()),
        ..Default::default()
    };
    let l = lease::select(&f, 8, &by_provider).await.unwrap();
    assert_eq!((l.len(), l[0].id.gseq), (1, 2));
    let all = lease::LeaseSelector {
        all: true,
        ..Default::default()
    };
    assert_eq!(lease::select(&f, 8, &all).await.unwrap().len(), 2);
    let none = lease::LeaseSelector {
        gseq: Some(3),
        ..Default::default()
    };
    let e = lease::select(&f, 8, &none).await.unwrap_err();
    assert!(matches!(e, OpError::NotFound(_)), "{e}");
    nothing_sent(&f);
}

// ---- manifest send ----

/// A manifest of groups `g1`, `g2`, `g3`, in the order given (each order is another manifest,
/// with another hash).
fn candidate(convention: &str, groups: &[u32]) -> Candidate {
    let json = serde_json::to_string(
        &groups
            .iter()
            .map(|g| serde_json::json!({"name": format!("g{g}"), "services": []}))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    Candidate {
        convention: convention.into(),
        hash: Sha256::digest(json.as_bytes()).into(),
        manifest_json: json,
    }
}

fn candidates() -> Vec<Candidate> {
    vec![candidate("ts", &[1, 2, 3]), candidate("go", &[3, 2, 1])]
}

#[tokio::test]
async fn picks_the_convention_whose_hash_is_on_chain() {
    let f = FakeAkash::new();
    let go = candidates()[1].clone();
    f.leased_deployment(4, go.hash, 1_000_000, &[Q, P, Q]);
    let plan = check_manifest(&f, 4, &candidates()).await.unwrap();
    assert_eq!(plan.convention, "go");
    assert_eq!(plan.providers, vec![P, Q]);
    f.gateway(P, |g| {
        g.manifest = ManifestAnswer::Transient {
            times: 2,
            status: 503,
        }
    });
    let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
    let opts = ManifestOptions {
        window: Duration::from_secs(30),
    };
    let sent = send(&f, &mut log, &mut sink, &plan, &opts).await.unwrap();
    assert_eq!(sent.providers.len(), 2);
    for p in [P, Q] {
        let g = f.gateway_state(p);
        assert_eq!(g.manifests.get(&4), Some(&go.manifest_json), "{p}");
    }
    let retries: Vec<_> = sink
        .0
        .iter()
        .filter_map(|e| match e {
            Event::Retry {
                step: Step::Manifest,
                provider,
                attempt,
                ..
            } => Some((provider.as_str(), *attempt)),
            _ => None,
        })
        .collect();
    assert_eq!(retries, vec![(P, 1), (P, 2)]);
    assert_eq!(log.0.len(), 4);
}

#[tokio::test]
async fn another_sdl_is_refused_with_both_hashes() {
    let f = FakeAkash::new();
    f.leased_deployment(4, HASH, 1_000_000, &[P]);
    let c = candidates();
    let e = check_manifest(&f, 4, &c).await.unwrap_err();
    let m = e.to_string();
    assert!(matches!(e, OpError::Invalid(_)), "{m}");
    assert!(m.contains(&hex::encode(HASH)), "{m}");
    assert!(m.contains(&hex::encode(c[0].hash)) && m.contains(&hex::encode(c[1].hash)));
    let mut same = candidates();
    same[1].hash = same[0].hash;
    let m = check_manifest(&f, 4, &same).await.unwrap_err().to_string();
    assert!(
        m.contains(&format!("{} (ts and go)", hex::encode(c[0].hash))),
        "{m}"
    );
}

#[tokio::test]
async fn a_refusal_is_not_retried() {
    let f = FakeAkash::new();
    let c = candidates();
    f.leased_deployment(4, c[0].hash, 1_000_000, &[P]);
    f.gateway(P, |g| g.manifest = ManifestAnswer::Reject(422));
    let plan = check_manifest(&f, 4, &c).await.unwrap();
    let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
    let e = send(&f, &mut log, &mut sink, &plan, &ManifestOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            OpError::Gateway {
                status: Some(422),
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(f.gateway_state(P).attempts, 1);
    assert_eq!(log.0.last().unwrap().status, StepStatus::Failed);
}

// ---- certificates ----

#[tokio::test]
async fn a_certificate_of_someone_else_is_not_sent() {
    let f = FakeAkash::new();
    let other = vmc_akash::keys::SigningKey::from_bytes(&[9; 32])
        .unwrap()
        .address();
    let c = vmc_akash::cert::generate(&other, time::OffsetDateTime::now_utc()).unwrap();
    let mut sink = Collect::default();
    let e = cert::publish(&f, &mut sink, &c).await.unwrap_err();
    assert!(matches!(e, OpError::Invalid(_)), "{e}");
    nothing_sent(&f);
    f.with(|s| s.chain.certs.insert("42".into(), "valid"));
    let r = cert::revoke(&f, &mut sink, "42").await.unwrap();
    assert_eq!((r.serial.as_str(), r.owner.as_str()), ("42", OWNER));
    assert_eq!(f.chain().certs["42"], "revoked");
}

#[tokio::test]
async fn publishes_and_revokes_the_wallets_certificate_once() {
    let owner = vmc_akash::keys::SigningKey::from_bytes(&[1; 32])
        .unwrap()
        .address();
    let f = FakeAkash::of_owner(&owner);
    let c = vmc_akash::cert::generate(&owner, time::OffsetDateTime::now_utc()).unwrap();
    let mut sink = Collect::default();
    let p = cert::publish(&f, &mut sink, &c).await.unwrap();
    assert_eq!(f.chain().certs[&c.serial], "valid");
    assert!(sink.0.iter().any(|e| matches!(
        e,
        Event::Included { step: Step::Cert, tx_hash, .. } if *tx_hash == p.tx_hash
    )));
    let e = cert::publish(&f, &mut sink, &c).await.unwrap_err();
    assert!(matches!(e, OpError::Conflict(_)), "{e}");
    cert::revoke(&f, &mut sink, &c.serial).await.unwrap();
    assert_eq!(f.chain().certs[&c.serial], "revoked");
    let e = cert::revoke(&f, &mut sink, &c.serial).await.unwrap_err();
    assert!(matches!(e, OpError::Conflict(_)), "{e}");
    let e = cert::revoke(&f, &mut sink, "43").await.unwrap_err();
    assert!(matches!(e, OpError::NotFound(_)), "{e}");
}
