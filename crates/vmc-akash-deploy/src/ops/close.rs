//! `vmc akash close DSEQ`: close a deployment and report what came back. [`check`] tells an
//! unknown or already closed deployment before anything is sent (and what the receipt's target
//! is); [`close`] sends `MsgCloseDeployment` through [`crate::deploy::close_deployment`], which
//! records the `close` step and measures the refund.

use serde::Serialize;

use super::{Forward, OpError, OpSink, deployment_or_not_found, lease_providers};
use crate::deploy::{self, Cancel, Closed, DeployError, Run};
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
    sink: &mut dyn OpSink,
    dseq: u64,
    why: &str,
) -> Result<Closed, OpError> {
    let mut fwd = Forward(sink);
    let mut run = Run {
        akash,
        log,
        sink: &mut fwd,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::CollectOps;
    use crate::ops::fake::FakeAkash;
    use crate::steps::{MemoryLog, StepStatus};

    #[tokio::test]
    async fn closes_and_measures_the_refund() {
        let f = FakeAkash::new();
        f.with_deployment(5, 4_200_000, &["akash1p"]);
        let c = check(&f, 5).await.unwrap();
        assert_eq!(c.providers, vec!["akash1p".to_string()]);
        let (mut log, mut sink) = (MemoryLog::default(), CollectOps::default());
        let closed = close(&f, &mut log, &mut sink, 5, "done").await.unwrap();
        assert_eq!(closed.refund.unwrap().amount_text(), "4200000");
        assert!(closed.tx_hash.is_some());
        let steps: Vec<_> = log.0.iter().map(|r| (r.step.as_str(), r.status)).collect();
        assert_eq!(
            steps,
            vec![("close", StepStatus::Begin), ("close", StepStatus::Done)]
        );
        assert!(!sink.0.is_empty());
    }

    #[tokio::test]
    async fn unknown_and_closed_send_nothing() {
        let f = FakeAkash::new();
        assert!(matches!(check(&f, 9).await, Err(OpError::NotFound(_))));
        f.with_deployment(5, 1, &[]);
        f.st.lock().unwrap().deployments.get_mut(&5).unwrap().state = "closed".into();
        let e = check(&f, 5).await.unwrap_err();
        assert!(matches!(e, OpError::Conflict(_)), "{e}");
        let (mut log, mut sink) = (MemoryLog::default(), CollectOps::default());
        let e = close(&f, &mut log, &mut sink, 5, "x").await.unwrap_err();
        assert!(matches!(e, OpError::Conflict(_)), "{e}");
        assert!(f.st.lock().unwrap().sent.is_empty());
    }
}
