//! The deploy workflow against `FakeAkash`: the happy path, the bid policy, no bids, and a run
//! stopped at every point and run again with the same step log. Expected values come from the
//! scenario and the protocol notes (akash-protocol.md §7, §8), not from the code under test.

mod fake;

use std::time::Duration;

use fake::{
    FEE_UAKT, FakeAkash, ManifestAnswer, OWNER, START_HEIGHT, START_UACT, START_UAKT, SendFault,
};
use vmc_akash::rate::Amount;
use vmc_akash_deploy::deploy::{
    self, Cancel, DeployError, DeployOptions, DeployPlan, Deployed, Run,
};
use vmc_akash_deploy::events::{Collect, Event, Sink, Step};
use vmc_akash_deploy::policy::{Policy, Select};
use vmc_akash_deploy::port::PortError;
use vmc_akash_deploy::steps::{MemoryLog, StepLog, StepRecord, StepStatus};

const ONE_GROUP: &str = r#"version: "2.0"
services:
  web:
    image: nginx:1.27.0
    expose:
      - port: 80
        as: 80
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu: {units: 0.5}
        memory: {size: 512Mi}
        storage: {size: 1Gi}
  placement:
    dc:
      pricing:
        web: {denom: uact, amount: 1000}
deployment:
  web:
    dc: {profile: web, count: 1}
"#;

const TWO_GROUPS: &str = r#"version: "2.0"
services:
  web:
    image: nginx:1.27.0
    expose:
      - port: 80
        as: 80
        to:
          - global: true
  api:
    image: nginx:1.27.0
    expose:
      - port: 8080
        as: 80
        to:
          - global: true
profiles:
  compute:
    small:
      resources:
        cpu: {units: 0.5}
        memory: {size: 512Mi}
        storage: {size: 1Gi}
  placement:
    eu:
      pricing:
        small: {denom: uact, amount: 1000}
    us:
      pricing:
        small: {denom: uact, amount: 1000}
deployment:
  web:
    eu: {profile: small, count: 1}
  api:
    us: {profile: small, count: 1}
"#;

const DEPOSIT: u128 = 5_000_000;
const P1: &str = "akash1provider1";
const P2: &str = "akash1provider2";
const P3: &str = "akash1provider3";

fn plan(sdl: &str, uris: &[&str]) -> DeployPlan {
    let sdl = vmc_sdl::parse(sdl).expect("a valid SDL");
    let (groups, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::default());
    DeployPlan {
        owner: OWNER.into(),
        dseq: START_HEIGHT,
        groups,
        denom: "uact".into(),
        manifest_json: manifest.canonical_json(),
        manifest_hash: manifest.hash(),
        deposit: DEPOSIT,
        reclamation_secs: None,
        expect_uris: uris.iter().map(|s| s.to_string()).collect(),
    }
}

fn one() -> DeployPlan {
    plan(ONE_GROUP, &["web"])
}

fn two() -> DeployPlan {
    plan(TWO_GROUPS, &["web", "api"])
}

fn opts() -> DeployOptions {
    DeployOptions {
        bid_timeout: Duration::from_secs(3),
        ready_timeout: Duration::from_secs(3),
        poll: Duration::from_millis(10),
        manifest_window: Duration::from_secs(2),
        ..DeployOptions::default()
    }
}

fn uact(v: u128) -> Amount {
    Amount::parse("uact", &v.to_string()).unwrap()
}

async fn go<L: StepLog, S: Sink>(
    fake: &FakeAkash,
    log: &mut L,
    sink: &mut S,
    cancel: Cancel,
    plan: &mut DeployPlan,
    opts: &mut DeployOptions,
) -> Result<Deployed, DeployError> {
    let mut r = Run {
        akash: fake,
        log,
        sink,
        cancel,
    };
    deploy::run(&mut r, plan, opts).await
}

/// One run with a fresh `Run` (sink and cancel) over `log`.
async fn run(
    fake: &FakeAkash,
    log: &mut MemoryLog,
    plan: &mut DeployPlan,
    opts: &mut DeployOptions,
) -> (Result<Deployed, DeployError>, Vec<Event>) {
    let mut sink = Collect::default();
    let res = go(fake, log, &mut sink, Cancel::new(), plan, opts).await;
    (res, sink.0)
}

fn steps(log: &MemoryLog) -> Vec<String> {
    log.0
        .iter()
        .map(|r| format!("{} {}", r.step, r.status.as_str()))
        .collect()
}

/// The index of the first event `pick` accepts.
fn at(events: &[Event], what: &str, pick: impl Fn(&Event) -> bool) -> usize {
    events
        .iter()
        .position(pick)
        .unwrap_or_else(|| panic!("no {what} event in {events:#?}"))
}

/// The scenario's invariants after a deploy of `groups` groups: one deployment, exactly one
/// active lease per group, every service ready with a URI.
#[track_caller]
fn assert_deployed(fake: &FakeAkash, d: &Deployed, dseq: u64, groups: usize) {
    assert_eq!(d.dseq, dseq);
    assert_eq!(fake.deployments_created(), 1, "deployments created");
    let active = fake.active_leases(dseq);
    assert_eq!(active.len(), groups, "{active:?}");
    assert!(active.values().all(|ps| ps.len() == 1), "{active:?}");
    assert_eq!(d.leases.len(), groups);
    assert!(!d.services.is_empty());
    for s in &d.services {
        assert!(s.ready >= s.total && s.total > 0, "{s:?}");
        assert!(!s.uris.is_empty(), "{s:?}");
    }
}

#[track_caller]
fn expect_err(res: Result<Deployed, DeployError>) -> DeployError {
    match res {
        Ok(d) => panic!("expected an error, got {d:?}"),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------
// Happy paths

#[tokio::test]
async fn happy_path_one_group_takes_the_cheapest_bid() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.bidder(P2, 8, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(d.leases[0].id.provider, P2);
    assert_eq!(d.leases[0].price, uact(8));
    assert_eq!(d.services.len(), 1);
    assert_eq!(d.services[0].name, "web");
    assert!(d.create_tx.is_some() && d.lease_tx.is_some());
    assert_eq!(fake.leases_created(), 1);
    // The manifest went once to the winner, never to the loser.
    assert_eq!(
        (
            fake.gateway_state(P2).attempts,
            fake.gateway_state(P2).accepted
        ),
        (1, 1)
    );
    assert_eq!(fake.gateway_state(P1).attempts, 0);
    assert_eq!(
        steps(&log),
        [
            "create begin",
            "create done",
            "lease begin",
            "lease done",
            "manifest begin",
            "manifest done",
            "ready done"
        ]
    );
    let created = at(
        &events,
        "Created",
        |e| matches!(e, Event::Created { dseq, deposit } if *dseq == START_HEIGHT && *deposit == uact(DEPOSIT)),
    );
    let selected = at(
        &events,
        "Selected",
        |e| matches!(e, Event::Selected { bid, price } if bid.provider == P2 && *price == uact(8)),
    );
    let leased = at(
        &events,
        "Leased",
        |e| matches!(e, Event::Leased { lease, .. } if lease.provider == P2),
    );
    let accepted = at(
        &events,
        "ManifestAccepted",
        |e| matches!(e, Event::ManifestAccepted { provider } if provider == P2),
    );
    let ready = at(&events, "Ready", |e| matches!(e, Event::Ready { .. }));
    assert!(created < selected && selected < leased && leased < accepted && accepted < ready);
    // Two transactions: the deposit is in escrow, no block has passed since the lease.
    assert_eq!(
        fake.funds_now(),
        vmc_akash_deploy::model::Funds {
            uact: START_UACT - DEPOSIT,
            uakt: START_UAKT - 2 * FEE_UAKT
        }
    );
    assert_eq!(d.escrow, Some(uact(DEPOSIT)));
}

#[tokio::test]
async fn happy_path_two_groups_one_lease_each_at_the_cheapest_acceptable_bid() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0); // both groups
    fake.bidder_on(P2, 7, 0, Some(&[2]));
    fake.bidder_on(P3, 12, 0, Some(&[1]));
    let (mut log, mut plan, mut o) = (MemoryLog::default(), two(), opts());
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_deployed(&fake, &d, START_HEIGHT, 2);
    let active = fake.active_leases(START_HEIGHT);
    assert_eq!(active[&1], [P1]);
    assert_eq!(active[&2], [P2]);
    // Both leases in one transaction.
    assert_eq!(fake.leases_created(), 2);
    assert_eq!(fake.chain().txs.len(), 2);
    assert_eq!(fake.gateway_state(P1).accepted, 1);
    assert_eq!(fake.gateway_state(P2).accepted, 1);
    assert_eq!(fake.gateway_state(P3).attempts, 0);
    let mut names: Vec<_> = d.services.iter().map(|s| s.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["api", "web"]);
    assert_eq!(
        steps(&log),
        [
            "create begin",
            "create done",
            "lease begin",
            "lease done",
            "manifest begin",
            "manifest done",
            "manifest begin",
            "manifest done",
            "ready done"
        ]
    );
    let count = |pick: fn(&Event) -> bool| events.iter().filter(|e| pick(e)).count();
    assert_eq!(count(|e| matches!(e, Event::Created { .. })), 1);
    assert_eq!(count(|e| matches!(e, Event::Selected { .. })), 2);
    assert_eq!(count(|e| matches!(e, Event::Leased { .. })), 2);
    assert_eq!(count(|e| matches!(e, Event::ManifestAccepted { .. })), 2);
    assert_eq!(count(|e| matches!(e, Event::Ready { .. })), 1);
    let last_leased = events
        .iter()
        .rposition(|e| matches!(e, Event::Leased { .. }))
        .unwrap();
    let first_manifest = at(&events, "ManifestAccepted", |e| {
        matches!(e, Event::ManifestAccepted { .. })
    });
    assert!(last_leased < first_manifest);
}

#[tokio::test]
async fn two_groups_on_one_provider_get_one_manifest() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), two(), opts());
    let d = run(&fake, &mut log, &mut plan, &mut o)
        .await
        .0
        .expect("deployed");
    assert_deployed(&fake, &d, START_HEIGHT, 2);
    assert_eq!(
        (
            fake.gateway_state(P1).attempts,
            fake.gateway_state(P1).accepted
        ),
        (1, 1)
    );
}

#[tokio::test]
async fn bids_arriving_blocks_later_are_collected_during_wait_for_bids() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.bidder(P2, 5, 3); // three blocks after the order
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.policy.wait_for_bids = Some(Duration::from_millis(300));
    let blocks = async {
        for _ in 0..6 {
            tokio::time::sleep(Duration::from_millis(10)).await;
            fake.tick();
        }
    };
    let ((res, _), ()) = tokio::join!(run(&fake, &mut log, &mut plan, &mut o), blocks);
    let d = res.expect("deployed");
    assert_eq!(d.leases[0].id.provider, P2);
    assert_eq!(d.leases[0].price, uact(5));
}

#[tokio::test]
async fn close_after_the_lease_refunds_the_unspent_escrow() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 8, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    run(&fake, &mut log, &mut plan, &mut o)
        .await
        .0
        .expect("deployed");
    for _ in 0..10 {
        fake.tick();
    }
    let mut sink = Collect::default();
    let mut r = Run {
        akash: &fake,
        log: &mut log,
        sink: &mut sink,
        cancel: Cancel::new(),
    };
    let closed = deploy::close_deployment(&mut r, START_HEIGHT, "test")
        .await
        .unwrap();
    // Lease created in block 1002 (create 1001, lease 1002), ten empty blocks, close in 1013:
    // 11 blocks at 8 uact.
    let refund = DEPOSIT - 8 * 11;
    assert_eq!(closed.refund, Some(uact(refund)));
    assert!(!closed.already);
    assert_eq!(fake.funds_now().uact, START_UACT - DEPOSIT + refund);
    assert_eq!(fake.funds_now().uakt, START_UAKT - 3 * FEE_UAKT);
    assert!(fake.active_leases(START_HEIGHT).is_empty());
    assert_eq!(fake.chain().deployments[&START_HEIGHT].state, "closed");
}

// ---------------------------------------------------------------------------------------
// Policy

#[tokio::test]
async fn max_price_refuses_an_expensive_bid() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 100, 0);
    fake.bidder(P2, 70, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    // Select::First would take P1 (same block, address order); the maximum refuses it.
    o.policy = Policy {
        select: Select::First,
        max_price: Some("80uact".parse().unwrap()),
        ..Policy::default()
    };
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_eq!(d.leases[0].id.provider, P2);
    at(
        &events,
        "Rejected P1",
        |e| matches!(e, Event::Rejected { bid, reason } if bid.provider == P1 && reason.contains("above the maximum")),
    );
}

#[tokio::test]
async fn max_price_per_month_is_converted_with_the_block_time() {
    // 30 ACT/month: 30e6 uact / (30 × 86400 s / 6 s) = 69.4 uact per block at 6 s, 34.7 at 3 s.
    for (block_secs, leased) in [(6.0, true), (3.0, false)] {
        let fake = FakeAkash::new();
        fake.set_block_secs(block_secs);
        fake.bidder(P1, 50, 0);
        let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
        o.policy.max_price = Some("30act/month".parse().unwrap());
        o.bid_timeout = Duration::from_millis(200);
        let res = run(&fake, &mut log, &mut plan, &mut o).await.0;
        assert_eq!(res.is_ok(), leased, "{block_secs} s blocks: {res:?}");
    }
}

#[tokio::test]
async fn audited_by_takes_only_a_provider_audited_by_every_listed_auditor() {
    let fake = FakeAkash::new();
    fake.provider(P1, &[], &["akash1auditor1"]);
    fake.provider(P2, &[], &["akash1auditor1", "akash1auditor2"]);
    fake.provider(P3, &[], &["akash1auditor2"]);
    fake.bidder(P1, 5, 0);
    fake.bidder(P2, 9, 0);
    fake.bidder(P3, 6, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.policy.audited_by = vec!["akash1auditor1".into(), "akash1auditor2".into()];
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_eq!(d.leases[0].id.provider, P2);
    for p in [P1, P3] {
        at(
            &events,
            "Rejected",
            |e| matches!(e, Event::Rejected { bid, reason } if bid.provider == p && reason.starts_with("not audited by")),
        );
    }
}

#[tokio::test]
async fn select_provider_takes_that_provider_even_when_dearer() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 5, 0);
    fake.bidder(P2, 9, 0);
    fake.bidder(P3, 20, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.policy.select = Select::Provider(P3.into());
    let d = run(&fake, &mut log, &mut plan, &mut o)
        .await
        .0
        .expect("deployed");
    assert_eq!(d.leases[0].id.provider, P3);
    assert_eq!(d.leases[0].price, uact(20));
}

#[tokio::test]
async fn interactive_takes_the_chosen_bid_and_a_declined_choice_resumes() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 5, 0);
    fake.bidder(P2, 9, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.policy.select = Select::Interactive;
    // First run: the person takes none.
    let offered = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = offered.clone();
    o.chooser = Some(Box::new(move |gseq, c| {
        seen.lock().unwrap().push((
            gseq,
            c.iter()
                .map(|c| c.bid.id.provider.clone())
                .collect::<Vec<_>>(),
        ));
        None
    }));
    let e = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    assert!(matches!(e, DeployError::Declined { gseq: 1 }), "{e:?}");
    assert!(e.resumable());
    // Cheapest first; the deployment stays open with its deposit, no lease, nothing closed.
    assert_eq!(
        *offered.lock().unwrap(),
        [(1, vec![P1.to_string(), P2.to_string()])]
    );
    assert_eq!(fake.deployments_created(), 1);
    assert_eq!(fake.leases_created(), 0);
    assert_eq!(fake.funds_now().uact, START_UACT - DEPOSIT);
    // The resumed run asks again and takes the second, dearer bid.
    o.chooser = Some(Box::new(|_, _| Some(1)));
    let d = run(&fake, &mut log, &mut plan, &mut o)
        .await
        .0
        .expect("deployed on resume");
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(d.leases[0].id.provider, P2);
    assert_eq!(d.leases[0].price, uact(9));
}

#[tokio::test]
async fn interactive_without_a_chooser_sends_nothing() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 5, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.policy.select = Select::Interactive;
    let e = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    assert!(matches!(e, DeployError::Invalid(_)), "{e:?}");
    assert_eq!(fake.deployments_created(), 0);
    assert!(log.0.is_empty(), "{:?}", steps(&log));
}

#[tokio::test]
async fn an_unreachable_gateway_is_skipped_for_the_next_bid() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 5, 0);
    fake.bidder(P2, 9, 0);
    fake.gateway(P1, |g| g.reachable = false);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_eq!(d.leases[0].id.provider, P2);
    at(
        &events,
        "Rejected P1",
        |e| matches!(e, Event::Rejected { bid, reason } if bid.provider == P1 && reason.contains("gateway does not answer")),
    );
    assert_eq!(fake.leases_created(), 1);
}

#[tokio::test]
async fn a_bid_closed_before_the_lease_sends_the_deploy_back_to_the_bids() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 9, 0);
    fake.bidder(P2, 5, 0);
    // The provider closes its bid (its bid timeout) right before our lease transaction.
    fake.before_send("MsgCreateLease", |c| {
        for b in c.bids.iter_mut().filter(|b| b.id.provider == P2) {
            b.state = "closed";
        }
    });
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_eq!(d.leases[0].id.provider, P1);
    at(
        &events,
        "Warning",
        |e| matches!(e, Event::Warning { message } if message.contains("choosing again")),
    );
    assert_eq!(fake.leases_created(), 1);
}

// ---------------------------------------------------------------------------------------
// No bids

#[tokio::test]
async fn no_bids_closes_the_deployment_and_refunds_the_deposit() {
    let fake = FakeAkash::new();
    fake.provider(P1, &[], &[]); // on chain, never bids
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.bid_timeout = Duration::from_millis(300);
    o.poll = Duration::from_millis(20);
    let err = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    let DeployError::NoBids {
        dseq,
        bids,
        closed: Some(closed),
        waited,
        ..
    } = &err
    else {
        panic!("expected NoBids with the deployment closed, got {err:?}");
    };
    assert_eq!(*dseq, START_HEIGHT);
    assert!(bids.is_empty());
    assert!(*waited >= Duration::from_millis(300));
    assert_eq!(closed.refund, Some(uact(DEPOSIT)));
    assert!(!err.resumable());
    assert_eq!(fake.chain().deployments[&START_HEIGHT].state, "closed");
    // The whole deposit came back; two fees were paid (create, close).
    assert_eq!(fake.funds_now().uact, START_UACT);
    assert_eq!(fake.funds_now().uakt, START_UAKT - 2 * FEE_UAKT);
    assert_eq!(
        steps(&log),
        ["create begin", "create done", "close begin", "close done"]
    );
}

#[tokio::test]
async fn no_bids_with_keep_open_leaves_the_deployment_active_and_resumable() {
    let fake = FakeAkash::new();
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.bid_timeout = Duration::from_millis(300);
    o.poll = Duration::from_millis(20);
    o.keep_open = true;
    let err = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    assert!(
        matches!(err, DeployError::NoBids { closed: None, .. }),
        "{err:?}"
    );
    assert!(err.resumable());
    assert_eq!(fake.chain().deployments[&START_HEIGHT].state, "active");
    assert_eq!(fake.funds_now().uact, START_UACT - DEPOSIT);
    // A provider bids later; the same log finishes the same deployment.
    fake.bidder(P1, 10, 0);
    let (res, _) = run(&fake, &mut log, &mut one(), &mut opts()).await;
    assert_deployed(&fake, &res.expect("resumed"), START_HEIGHT, 1);
}

// ---------------------------------------------------------------------------------------
// Resume matrix: stop, then run again with the same log and a fresh Run.

/// Runs until the fault stops the run, checks the error, clears `fix`es, runs again.
async fn stop_and_resume(
    fake: &FakeAkash,
    mut plan: DeployPlan,
    mut o: DeployOptions,
    check: impl FnOnce(&DeployError),
    fix: impl FnOnce(&FakeAkash),
) -> (Deployed, Vec<Event>, MemoryLog) {
    let mut log = MemoryLog::default();
    let err = expect_err(run(fake, &mut log, &mut plan, &mut o).await.0);
    assert!(err.resumable(), "{err:?}");
    check(&err);
    fake.clear_faults();
    fix(fake);
    let (res, events) = run(fake, &mut log, &mut plan.clone(), &mut opts()).await;
    let d = res.expect("resumed");
    (d, events, log)
}

fn skipped(events: &[Event], step: Step) -> bool {
    events
        .iter()
        .any(|e| matches!(e, Event::Skipped { step: s, .. } if *s == step))
}

#[tokio::test]
async fn resume_after_the_create_answer_was_lost() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.fail_send(Some("MsgCreateDeployment"), SendFault::AfterEffect);
    let (d, events, log) = stop_and_resume(
        &fake,
        one(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Chain {
                        step: Step::Create,
                        error: PortError::Pending { .. }
                    }
                ),
                "{e:?}"
            )
        },
        |_| {},
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert!(skipped(&events, Step::Create));
    // The create transaction is the one journaled before the broadcast.
    let begun = log
        .0
        .iter()
        .find(|r| r.step == "create" && r.status == StepStatus::Begin);
    assert_eq!(
        d.create_tx.as_deref(),
        begun.and_then(|r| r.data["tx_hash"].as_str())
    );
    assert_eq!(fake.leases_created(), 1);
}

#[tokio::test]
async fn resume_after_the_create_transaction_was_dropped() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.fail_send(Some("MsgCreateDeployment"), SendFault::Dropped);
    let (d, _, _) = stop_and_resume(
        &fake,
        one(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Chain {
                        step: Step::Create,
                        ..
                    }
                ),
                "{e:?}"
            )
        },
        |f| assert_eq!(f.deployments_created(), 0),
    )
    .await;
    // Signed again with the same dseq.
    assert_deployed(&fake, &d, START_HEIGHT, 1);
}

#[tokio::test]
async fn resume_after_create_done_before_bids() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.fail_at("bids");
    let (d, events, _) = stop_and_resume(
        &fake,
        one(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Chain {
                        step: Step::Bids,
                        ..
                    }
                ),
                "{e:?}"
            )
        },
        |f| assert_eq!(f.chain().deployments[&START_HEIGHT].state, "active"),
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert!(skipped(&events, Step::Create));
    assert_eq!(fake.leases_created(), 1);
}

#[tokio::test]
async fn resume_after_the_lease_answer_was_lost() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.bidder(P2, 12, 0);
    fake.fail_send(Some("MsgCreateLease"), SendFault::AfterEffect);
    let (d, events, _) = stop_and_resume(
        &fake,
        two(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Chain {
                        step: Step::Lease,
                        error: PortError::Pending { .. }
                    }
                ),
                "{e:?}"
            )
        },
        |_| {},
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 2);
    assert!(skipped(&events, Step::Lease));
    // No second lease transaction.
    assert_eq!(fake.leases_created(), 2);
}

#[tokio::test]
async fn resume_after_the_lease_transaction_was_dropped() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.fail_send(Some("MsgCreateLease"), SendFault::Dropped);
    let (d, _, _) = stop_and_resume(
        &fake,
        one(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Chain {
                        step: Step::Lease,
                        ..
                    }
                ),
                "{e:?}"
            )
        },
        |f| assert_eq!(f.leases_created(), 0),
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(fake.leases_created(), 1);
}

#[tokio::test]
async fn a_transient_manifest_failure_within_the_window_is_retried() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.gateway(P1, |g| {
        g.manifest = ManifestAnswer::Transient {
            times: 1,
            status: 404,
        }
    });
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    assert_deployed(&fake, &res.expect("deployed"), START_HEIGHT, 1);
    at(&events, "Retry", |e| {
        matches!(
            e,
            Event::Retry {
                step: Step::Manifest,
                attempt: 1,
                ..
            }
        )
    });
    assert_eq!(
        (
            fake.gateway_state(P1).attempts,
            fake.gateway_state(P1).accepted
        ),
        (2, 1)
    );
}

#[tokio::test]
async fn resume_after_transient_manifest_failures_beyond_the_window() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.gateway(P1, |g| {
        g.manifest = ManifestAnswer::Transient {
            times: u32::MAX,
            status: 503,
        }
    });
    let mut o = opts();
    o.manifest_window = Duration::from_millis(150);
    let (d, events, _) = stop_and_resume(
        &fake,
        one(),
        o,
        |e| {
            assert!(
                matches!(e, DeployError::Manifest { provider, status: Some(503), .. } if provider == P1),
                "{e:?}"
            )
        },
        |f| f.gateway(P1, |g| g.manifest = ManifestAnswer::Accept),
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert!(skipped(&events, Step::Create), "{events:#?}");
    assert_eq!(fake.leases_created(), 1);
    assert_eq!(fake.gateway_state(P1).accepted, 1);
}

#[tokio::test]
async fn resume_after_the_manifest_was_rejected_422() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.gateway(P1, |g| g.manifest = ManifestAnswer::Reject(422));
    let (d, _, _) = stop_and_resume(
        &fake,
        one(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Manifest {
                        status: Some(422),
                        ..
                    }
                ),
                "{e:?}"
            )
        },
        |f| f.gateway(P1, |g| g.manifest = ManifestAnswer::Accept),
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(fake.gateway_state(P1).attempts, 2);
    assert_eq!(fake.leases_created(), 1);
}

#[tokio::test]
async fn resume_after_a_crash_at_send_manifest() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.fail_at("send_manifest");
    let (d, _, log) = stop_and_resume(
        &fake,
        one(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Chain {
                        step: Step::Manifest,
                        ..
                    }
                ),
                "{e:?}"
            )
        },
        |_| {},
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(fake.leases_created(), 1);
    // The first run recorded `manifest begin` and nothing after it.
    let s = steps(&log);
    assert_eq!(
        s[..5],
        [
            "create begin",
            "create done",
            "lease begin",
            "lease done",
            "manifest begin"
        ]
    );
    assert_eq!(s.last().map(String::as_str), Some("ready done"));
}

#[tokio::test]
async fn resume_after_the_readiness_timeout() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.gateway(P1, |g| g.ready_after = u32::MAX);
    let mut o = opts();
    o.ready_timeout = Duration::from_millis(150);
    let (d, _, _) = stop_and_resume(
        &fake,
        one(),
        o,
        |e| {
            let DeployError::NotReady { services, .. } = e else {
                panic!("expected NotReady, got {e:?}")
            };
            assert!(services.iter().all(|s| s.ready == 0 && s.uris.is_empty()));
        },
        |f| f.gateway(P1, |g| g.ready_after = 0),
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(fake.leases_created(), 1);
}

/// Cancels the run on the first `Bids` event (the user presses Ctrl-C while waiting).
struct CancelOnBids(Cancel, Vec<Event>);

impl Sink for CancelOnBids {
    fn event(&mut self, e: &Event) {
        if matches!(e, Event::Bids { .. }) {
            self.0.cancel();
        }
        self.1.push(e.clone());
    }
}

#[tokio::test]
async fn resume_after_cancel_during_bids() {
    let fake = FakeAkash::new();
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let cancel = Cancel::new();
    let mut sink = CancelOnBids(cancel.clone(), Vec::new());
    let err = expect_err(go(&fake, &mut log, &mut sink, cancel, &mut plan, &mut o).await);
    assert!(
        matches!(err, DeployError::Interrupted { step: Step::Bids }),
        "{err:?}"
    );
    assert!(err.resumable());
    // Interrupted is not "no bids": the deployment stays.
    assert_eq!(fake.chain().deployments[&START_HEIGHT].state, "active");
    fake.bidder(P1, 10, 0);
    let (res, _) = run(&fake, &mut log, &mut one(), &mut opts()).await;
    assert_deployed(&fake, &res.expect("resumed"), START_HEIGHT, 1);
}

// ---------------------------------------------------------------------------------------
// dseq, cancellation, funds

#[tokio::test]
async fn a_fresh_run_whose_dseq_is_taken_moves_to_the_next() {
    let fake = FakeAkash::new();
    fake.existing_deployment(START_HEIGHT, [7; 32]);
    fake.bidder(P1, 10, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let d = run(&fake, &mut log, &mut plan, &mut o)
        .await
        .0
        .expect("deployed");
    assert_deployed(&fake, &d, START_HEIGHT + 1, 1);
    assert_eq!(plan.dseq, START_HEIGHT + 1);
    // The other deployment is untouched.
    assert_eq!(fake.chain().deployments[&START_HEIGHT].hash, [7; 32]);
}

#[tokio::test]
async fn a_taken_dseq_is_a_conflict_without_next_dseq_if_taken() {
    let fake = FakeAkash::new();
    fake.existing_deployment(START_HEIGHT, [7; 32]);
    fake.bidder(P1, 10, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.next_dseq_if_taken = false;
    let err = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    assert!(matches!(err, DeployError::Conflict(_)), "{err:?}");
    assert_eq!(fake.calls("send"), 0);
    assert!(log.0.is_empty());
}

#[tokio::test]
async fn cancel_before_the_run_sends_nothing() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let cancel = Cancel::new();
    cancel.cancel();
    let mut sink = Collect::default();
    let err = expect_err(go(&fake, &mut log, &mut sink, cancel, &mut plan, &mut o).await);
    assert!(
        matches!(err, DeployError::Interrupted { step: Step::Create }),
        "{err:?}"
    );
    assert_eq!(fake.calls("send"), 0);
    assert!(log.0.is_empty());
    assert_eq!(fake.funds_now().uact, START_UACT);
}

#[tokio::test]
async fn fees_are_checked_against_three_simulated_fees() {
    // Three transactions' worth passes, though far below the fixed 0.1 AKT reserve.
    let fake = FakeAkash::new();
    let plan = one();
    fake.set_funds(START_UACT, 3 * FEE_UAKT);
    const { assert!(3 * FEE_UAKT < deploy::FEE_RESERVE_UAKT) };
    deploy::preflight(&fake, &plan)
        .await
        .expect("enough for create, lease and close");
    assert_eq!(fake.calls("estimate_fee"), 1);
    assert_eq!(fake.calls("send"), 0);
    // One uakt less is refused, naming what is missing.
    fake.set_funds(START_UACT, 3 * FEE_UAKT - 1);
    let pre = deploy::preflight(&fake, &plan).await;
    assert!(
        matches!(&pre, Err(DeployError::Funds { denom, have, need, .. }) if denom == "uakt" && *have == 3 * FEE_UAKT - 1 && *need == 3 * FEE_UAKT),
        "{pre:?}"
    );
    // Without a simulation, the fixed reserve.
    fake.fail_at("estimate_fee");
    let pre = deploy::preflight(&fake, &plan).await;
    assert!(
        matches!(&pre, Err(DeployError::Funds { need, .. }) if *need == deploy::FEE_RESERVE_UAKT),
        "{pre:?}"
    );
}

#[tokio::test]
async fn an_update_refused_after_its_broadcast_is_not_reported_as_unsent() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    let (mut log, mut first, mut o) = (MemoryLog::default(), one(), opts());
    run(&fake, &mut log, &mut first, &mut o)
        .await
        .0
        .expect("deployed");
    let new = plan(&ONE_GROUP.replace("nginx:1.27.0", "nginx:1.27.1"), &["web"]);
    assert_ne!(new.manifest_hash, first.manifest_hash);
    fake.fail_send(
        Some("MsgUpdateDeployment"),
        SendFault::RefusedAfterBroadcast,
    );
    let mut sink = Collect::default();
    let mut r = Run {
        akash: &fake,
        log: &mut log,
        sink: &mut sink,
        cancel: Cancel::new(),
    };
    let err = vmc_akash_deploy::update::run(&mut r, &new, &o)
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            DeployError::Chain {
                step: Step::Update,
                error: PortError::Refused { code: 13, .. }
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_deposit_the_wallet_cannot_pay_is_refused_before_signing() {
    let fake = FakeAkash::new();
    fake.set_funds(1_000_000, START_UAKT);
    fake.bidder(P1, 10, 0);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let pre = deploy::preflight(&fake, &plan).await;
    assert!(
        matches!(&pre, Err(DeployError::Funds { denom, have: 1_000_000, need: DEPOSIT, .. }) if denom == "uact"),
        "{pre:?}"
    );
    let err = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    let DeployError::Refused {
        step: Step::Create,
        error:
            PortError::Refused {
                code: 5,
                codespace,
                raw_log,
                ..
            },
    } = &err
    else {
        panic!("expected the chain's refusal, got {err:?}");
    };
    assert_eq!(codespace, "sdk");
    assert!(raw_log.ends_with("insufficient funds"), "{raw_log}");
    // Refused in simulation: nothing signed, nothing journaled, no fee.
    assert!(log.0.is_empty());
    assert_eq!(fake.funds_now().uakt, START_UAKT);
    assert_eq!(fake.deployments_created(), 0);
}

// ---------------------------------------------------------------------------------------
// Journal and node failures around a transaction

/// A step log whose disk fills up at one record.
struct FailingLog {
    inner: MemoryLog,
    fail: (&'static str, StepStatus),
}

impl StepLog for FailingLog {
    fn record(
        &mut self,
        step: &str,
        status: StepStatus,
        data: serde_json::Value,
    ) -> Result<(), String> {
        if (step, status) == self.fail {
            return Err("the step record could not be written: no space left on device".into());
        }
        self.inner.record(step, status, data)
    }
    fn history(&self) -> Vec<StepRecord> {
        self.inner.history()
    }
}

#[tokio::test]
async fn a_journal_that_refuses_the_create_record_stops_before_the_broadcast() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    let mut log = FailingLog {
        inner: MemoryLog::default(),
        fail: ("create", StepStatus::Begin),
    };
    let (mut plan, mut o) = (one(), opts());
    let mut sink = Collect::default();
    let err = expect_err(go(&fake, &mut log, &mut sink, Cancel::new(), &mut plan, &mut o).await);
    assert!(matches!(err, DeployError::Journal(_)), "{err:?}");
    assert_eq!(fake.deployments_created(), 0);
    assert_eq!(fake.funds_now().uakt, START_UAKT);
}

#[tokio::test]
async fn a_journal_that_refuses_the_lease_record_stops_before_the_broadcast() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    let mut log = FailingLog {
        inner: MemoryLog::default(),
        fail: ("lease", StepStatus::Begin),
    };
    let (mut plan, mut o) = (one(), opts());
    let mut sink = Collect::default();
    let err = expect_err(go(&fake, &mut log, &mut sink, Cancel::new(), &mut plan, &mut o).await);
    assert!(matches!(err, DeployError::Journal(_)), "{err:?}");
    assert_eq!(fake.leases_created(), 0);
    // The same journal (now writable) finishes the deploy.
    log.fail = ("none", StepStatus::Failed);
    let mut sink = Collect::default();
    let d = go(
        &fake,
        &mut log,
        &mut sink,
        Cancel::new(),
        &mut one(),
        &mut opts(),
    )
    .await;
    assert_deployed(&fake, &d.expect("resumed"), START_HEIGHT, 1);
}

#[tokio::test]
async fn a_node_that_does_not_answer_before_signing_is_a_chain_error() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.fail_next_send_before_effect();
    let (d, _, _) = stop_and_resume(
        &fake,
        one(),
        opts(),
        |e| {
            assert!(
                matches!(
                    e,
                    DeployError::Chain {
                        step: Step::Create,
                        error: PortError::Other(_)
                    }
                ),
                "{e:?}"
            )
        },
        |f| assert_eq!(f.deployments_created(), 0),
    )
    .await;
    assert_deployed(&fake, &d, START_HEIGHT, 1);
}

// ---------------------------------------------------------------------------------------
// Bids that go away, gateways that do not answer

#[tokio::test]
async fn a_closed_bid_in_one_group_does_not_refuse_the_other_groups_provider() {
    let fake = FakeAkash::new();
    fake.bidder_on(P1, 9, 0, Some(&[1]));
    fake.bidder_on(P2, 5, 0, Some(&[1]));
    fake.bidder_on(P3, 4, 0, Some(&[2])); // the only bidder of group 2
    fake.before_send("MsgCreateLease", |c| {
        for b in c.bids.iter_mut().filter(|b| b.id.provider == P2) {
            b.state = "closed";
        }
    });
    let (mut log, mut plan, mut o) = (MemoryLog::default(), two(), opts());
    o.bid_timeout = Duration::from_millis(500);
    let (res, _) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_deployed(&fake, &d, START_HEIGHT, 2);
    let active = fake.active_leases(START_HEIGHT);
    assert_eq!(active[&1], [P1]);
    assert_eq!(active[&2], [P3]);
}

#[tokio::test]
async fn an_unreachable_first_bidder_waits_for_a_later_bid() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 5, 0);
    fake.gateway(P1, |g| g.reachable = false);
    fake.bidder(P2, 9, 3); // three blocks later
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let blocks = async {
        for _ in 0..6 {
            tokio::time::sleep(Duration::from_millis(10)).await;
            fake.tick();
        }
    };
    let ((res, events), ()) = tokio::join!(run(&fake, &mut log, &mut plan, &mut o), blocks);
    let d = res.expect("deployed");
    assert_eq!(d.leases[0].id.provider, P2);
    let rejected = events
        .iter()
        .filter(|e| matches!(e, Event::Rejected { bid, .. } if bid.provider == P1))
        .count();
    assert_eq!(rejected, 1, "P1 is probed once: {events:#?}");
    assert_eq!(fake.chain().deployments[&START_HEIGHT].state, "active");
}

#[tokio::test]
async fn unreachable_gateways_until_the_timeout_are_no_bids() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 5, 0);
    fake.gateway(P1, |g| g.reachable = false);
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.bid_timeout = Duration::from_millis(200);
    let err = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    let DeployError::NoBids {
        rejected,
        closed: Some(closed),
        ..
    } = &err
    else {
        panic!("expected NoBids, got {err:?}");
    };
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(rejected[0].1.contains("gateway does not answer"));
    assert_eq!(closed.refund, Some(uact(DEPOSIT)));
}

// ---------------------------------------------------------------------------------------
// Closing and resuming what cannot be resumed

#[tokio::test]
async fn closing_an_akt_deployment_reports_the_whole_refund() {
    // An old deployment priced in uakt (v1beta3 era): its fee and refund are in the same denom.
    let fake = FakeAkash::new();
    fake.existing_deployment(42, [1; 32]);
    fake.with(|s| {
        let d = s.chain.deployments.get_mut(&42).unwrap();
        (d.denom, d.deposited) = ("uakt".into(), 5_000_000);
    });
    let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
    let mut r = Run {
        akash: &fake,
        log: &mut log,
        sink: &mut sink,
        cancel: Cancel::new(),
    };
    let closed = deploy::close_deployment(&mut r, 42, "test").await.unwrap();
    assert_eq!(fake.funds_now().uakt, START_UAKT + 5_000_000 - FEE_UAKT);
    assert_eq!(closed.refund, Amount::parse("uakt", "5000000").ok());
}

#[tokio::test]
async fn resuming_a_deploy_whose_deployment_was_closed_is_already_closed() {
    let fake = FakeAkash::new();
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    o.bid_timeout = Duration::from_millis(100);
    let err = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    assert!(
        matches!(
            err,
            DeployError::NoBids {
                closed: Some(_),
                ..
            }
        ),
        "{err:?}"
    );
    fake.bidder(P1, 10, 0);
    let err = expect_err(run(&fake, &mut log, &mut one(), &mut opts()).await.0);
    assert!(
        matches!(err, DeployError::AlreadyClosed { dseq: START_HEIGHT }),
        "{err:?}"
    );
    assert_eq!(fake.deployments_created(), 1);
    assert_eq!(fake.leases_created(), 0);
}

#[tokio::test]
async fn resuming_with_another_sdl_is_a_conflict() {
    let fake = FakeAkash::new();
    fake.fail_at("bids");
    let (mut log, mut first, mut o) = (MemoryLog::default(), one(), opts());
    expect_err(run(&fake, &mut log, &mut first, &mut o).await.0);
    fake.bidder(P1, 10, 0);
    let mut other = plan(&ONE_GROUP.replace("count: 1", "count: 2"), &["web"]);
    let err = expect_err(run(&fake, &mut log, &mut other, &mut opts()).await.0);
    assert!(matches!(err, DeployError::Conflict(_)), "{err:?}");
    assert_eq!(fake.deployments_created(), 1);
}

#[tokio::test]
async fn a_dseq_taken_between_the_query_and_the_create_moves_to_the_next() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    // Another tool creates deployment 1000 after our query, before our transaction.
    fake.before_send("MsgCreateDeployment", |c| {
        c.deployments.insert(
            START_HEIGHT,
            fake::Deployment {
                dseq: START_HEIGHT,
                state: "active",
                hash: vec![9; 32],
                denom: "uact".into(),
                deposited: 500_000,
                refunded: 0,
                groups: Vec::new(),
                by_tx: false,
            },
        );
    });
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let d = run(&fake, &mut log, &mut plan, &mut o)
        .await
        .0
        .expect("deployed");
    assert_deployed(&fake, &d, START_HEIGHT + 1, 1);
}

#[tokio::test]
async fn a_group_leased_by_another_tool_meanwhile_is_adopted_not_leased_twice() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 5, 0);
    fake.bidder(P2, 9, 0);
    // Between our choice (P1) and our transaction, another tool leases P2's bid.
    fake.before_send("MsgCreateLease", |c| {
        let bid = c
            .bids
            .iter()
            .find(|b| b.id.provider == P2)
            .unwrap()
            .id
            .clone();
        c.apply(&[vmc_akash_deploy::msgs::create_lease(&bid)])
            .unwrap();
    });
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let (res, events) = run(&fake, &mut log, &mut plan, &mut o).await;
    let d = res.expect("deployed");
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(d.leases[0].id.provider, P2);
    assert_eq!(fake.leases_created(), 1, "only the other tool's lease");
    at(
        &events,
        "Warning",
        |e| matches!(e, Event::Warning { message } if message.contains("choosing again")),
    );
    assert!(skipped(&events, Step::Lease));
}

#[tokio::test]
async fn resume_after_the_provider_closed_the_lease_leases_the_new_order() {
    let fake = FakeAkash::new();
    fake.bidder(P1, 10, 0);
    fake.gateway(P1, |g| g.manifest = ManifestAnswer::Reject(422));
    let (mut log, mut plan, mut o) = (MemoryLog::default(), one(), opts());
    let err = expect_err(run(&fake, &mut log, &mut plan, &mut o).await.0);
    assert!(matches!(err, DeployError::Manifest { .. }), "{err:?}");
    // No manifest within its manifest timeout: the provider closes the lease (§7.1); the group
    // is still open, so the chain opens order 2 and the provider bids again.
    fake.with(|s| {
        let lease = s.chain.leases[0].id.clone();
        s.chain
            .apply(&[vmc_akash_deploy::msgs::close_lease(&lease)])
            .unwrap();
    });
    fake.gateway(P1, |g| g.manifest = ManifestAnswer::Accept);
    let (res, _) = run(&fake, &mut log, &mut one(), &mut opts()).await;
    let d = res.expect("resumed");
    assert_deployed(&fake, &d, START_HEIGHT, 1);
    assert_eq!(d.leases[0].id.oseq, 2);
    assert_eq!(fake.leases_created(), 2);
}
