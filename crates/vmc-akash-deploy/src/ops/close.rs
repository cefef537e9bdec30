//! `vmc akash close DSEQ`: close a deployment and report what came back. [`check`] tells an
//! unknown or already closed deployment before anything is sent (and what the receipt's target
//! is); [`close`] sends `MsgCloseDeployment` through [`crate::deploy::close_deployment`], which
//! records the `close` step and measures the refund.

use serde::Serialize;

use super::{OpError, deployment_or_not_found, lease_providers};
use crate::deploy::{self, Cancel, Closed, DeployError, Run};
use crate::events::{Event, Sink};
use crate::model::DeploymentInfo;
use crate::port::Akash;
use crate::steps::StepLog;

/// A deployment that can be closed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closable {
    pub deployment: DeploymentInfo,
    /// Providers of its active leases.
    pub providers: Vec<String>,
}

/// The deployment, if it exists (else [`OpError::NotFound`]) and is active (else
/// [`OpError::Conflict`]).
pub async fn check<A: Akash>(akash: &A, dseq: u64) -> Result<Closable, OpError> {
    let d = deployment_or_not_found(akash, dseq, "close").await?;
    if d.state != "active" {
        return Err(already_closed(dseq, &d.state));
    }
    let providers = lease_providers(akash, dseq)
        .await
        .map_err(OpError::chain("close"))?;
    Ok(Closable {
        deployment: d,
        providers,
    })
}

fn already_closed(dseq: u64, state: &str) -> OpError {
    OpError::Conflict(format!("deployment {dseq} is already {state}"))
}

/// Closes deployment `dseq`; `why` is recorded with the step. A deployment that turns out to be
/// closed already (by another client in between) is [`OpError::Conflict`].
pub async fn close<A: Akash, L: StepLog>(
    akash: &A,
    log: &mut L,
    sink: &mut dyn Sink,
    dseq: u64,
    why: &str,
) -> Result<Closed, OpError> {
    let mut events = |e: &Event| sink.event(e);
    let mut run = Run {
        akash,
        log,
        sink: &mut events,
        cancel: Cancel::new(),
    };
    let closed = deploy::close_deployment(&mut run, dseq, why)
        .await
        .map_err(|e| match e {
            DeployError::Invalid(m) => OpError::NotFound(m),
            DeployError::Chain { error, .. } => OpError::Chain {
                step: "close",
                error,
            },
            DeployError::Journal(m) => OpError::Journal(m),
            other => OpError::Conflict(other.to_string()),
        })?;
    if closed.already {
        return Err(already_closed(dseq, "closed"));
    }
    Ok(closed)
}
