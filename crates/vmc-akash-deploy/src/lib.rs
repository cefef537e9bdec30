/*!
Akash workflows as libraries: the one-command deploy (a resumable state machine), and the
smaller jobs around it (close, update). The CLI parses flags, resolves settings and renders
events; everything that decides and acts is here, so the multi-cloud layer and later front
ends drive the same code.

# Brief overview

* [`port::Akash`] is the workflows' view of the chain and the providers (queries and
  transactions). [`live::LiveAkash`] implements it over `vmc-akash-client`; tests use a fake.
* [`deploy::run`] goes create → bids → select → lease → manifest → ready. Each step checks the
  chain first, so the same call starts a deploy and finishes an interrupted one.
* [`steps::StepLog`] is where steps are recorded before and after each side effect; in
  production a `vmc_journal::Operation` (fsynced step receipts).
* [`policy`] chooses bids: a pure function of the bids, the providers and the policy.
* [`events::Event`]s go to an [`events::Sink`] that the front end renders.

# Example

```no_run
# async fn demo(akash: impl vmc_akash_deploy::port::Akash, plan: vmc_akash_deploy::deploy::DeployPlan) {
use vmc_akash_deploy::deploy::{self, Cancel, DeployOptions, Run};
use vmc_akash_deploy::events::Collect;
use vmc_akash_deploy::steps::MemoryLog;

let (mut log, mut sink) = (MemoryLog::default(), Collect::default());
let mut run = Run { akash: &akash, log: &mut log, sink: &mut sink, cancel: Cancel::new() };
let mut plan = plan;
let deployed = deploy::run(&mut run, &mut plan, &mut DeployOptions::default()).await.unwrap();
println!("{} leases, services {:?}", deployed.leases.len(), deployed.services);
# }
```
*/

pub mod deploy;
pub mod events;
pub mod live;
pub mod model;
pub mod msgs;
pub mod ops;
pub mod policy;
pub mod port;
pub mod steps;
pub mod update;
