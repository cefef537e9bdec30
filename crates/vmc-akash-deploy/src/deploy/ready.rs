//! Step `ready`: every service of every lease has its replicas ready, and the services with a
//! global HTTP expose have a URI.

use std::collections::BTreeMap;
use std::time::Instant;

use super::{DeployError, DeployOptions, DeployPlan, LeaseOut, Run};
use crate::events::{Event, Sink, Step};
use crate::model::{ProviderInfo, ServiceState};
use crate::port::{Akash, PortError};
use crate::steps::{StepLog, StepStatus};

pub(super) async fn wait<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &DeployOptions,
    leases: &[LeaseOut],
    providers: &BTreeMap<String, ProviderInfo>,
) -> Result<Vec<ServiceState>, DeployError> {
    let start = Instant::now();
    loop {
        let mut services = Vec::new();
        let mut problem = None;
        for l in leases {
            match r
                .akash
                .lease_services(&providers[&l.id.provider], &l.id)
                .await
            {
                Ok(s) => services.extend(s),
                Err(e @ PortError::Gateway { .. }) => problem = Some(e.to_string()),
                Err(e) => {
                    return Err(DeployError::Chain {
                        step: Step::Ready,
                        error: e,
                    });
                }
            }
        }
        let ready = problem.is_none()
            && !services.is_empty()
            && services.iter().all(|s| {
                s.is_ready() && (!plan.expect_uris.contains(&s.name) || !s.uris.is_empty())
            });
        if ready {
            r.record(
                Step::Ready,
                StepStatus::Done,
                serde_json::to_value(&services).unwrap_or_default(),
            )?;
            r.emit(Event::Ready {
                services: services.clone(),
            });
            return Ok(services);
        }
        let elapsed = start.elapsed();
        r.emit(Event::Services {
            elapsed,
            services: services.clone(),
        });
        if elapsed >= opts.ready_timeout {
            return Err(DeployError::NotReady {
                services,
                waited: elapsed,
            });
        }
        r.cancel.check(Step::Ready)?;
        tokio::time::sleep(opts.poll.min(opts.ready_timeout - elapsed)).await;
    }
}
