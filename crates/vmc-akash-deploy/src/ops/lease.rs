//! `vmc akash lease close DSEQ [--gseq N] [--oseq N] [--provider ADDR] [--all]`: close some
//! active leases of a deployment (one transaction of `MsgCloseLease`s). The deployment stays;
//! the chain opens a new order for each group that is still open (§7.2).

use serde::Serialize;

use super::{OpError, deployment_or_not_found, send_reported};
use crate::events::{Sink, Step};
use crate::model::{BidRef, Lease};
use crate::port::{Akash, PortError};

/// Which leases: every filter given must match; `all` allows more than one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeaseSelector {
    pub gseq: Option<u32>,
    pub oseq: Option<u32>,
    pub provider: Option<String>,
    pub all: bool,
}

impl LeaseSelector {
    fn matches(&self, id: &BidRef) -> bool {
        self.gseq.is_none_or(|g| g == id.gseq)
            && self.oseq.is_none_or(|o| o == id.oseq)
            && self.provider.as_deref().is_none_or(|p| p == id.provider)
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(g) = self.gseq {
            parts.push(format!("gseq {g}"));
        }
        if let Some(o) = self.oseq {
            parts.push(format!("oseq {o}"));
        }
        if let Some(p) = &self.provider {
            parts.push(format!("provider {p}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" with {}", parts.join(", "))
        }
    }
}

/// `dseq/gseq/oseq with provider`.
pub fn lease_name(id: &BidRef) -> String {
    format!("{}/{}/{} with {}", id.dseq, id.gseq, id.oseq, id.provider)
}

/// The active leases of deployment `dseq` that `sel` picks. NotFound when the deployment or no
/// lease matches; Conflict when the matching leases are all closed; Invalid when several active
/// leases match and `sel.all` is not set (the message lists them). Nothing is sent.
pub async fn select<A: Akash>(
    akash: &A,
    dseq: u64,
    sel: &LeaseSelector,
) -> Result<Vec<Lease>, OpError> {
    deployment_or_not_found(akash, dseq, "lease").await?;
    let leases = akash.leases(dseq).await.map_err(OpError::chain("lease"))?;
    let matching: Vec<Lease> = leases
        .iter()
        .filter(|l| sel.matches(&l.id))
        .cloned()
        .collect();
    if matching.is_empty() {
        let there = if leases.is_empty() {
            "it has no lease".to_string()
        } else {
            format!(
                "its leases: {}",
                leases
                    .iter()
                    .map(|l| format!("{} ({})", lease_name(&l.id), l.state))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        return Err(OpError::NotFound(format!(
            "deployment {dseq} has no lease{}; {there}",
            sel.describe()
        )));
    }
    let active: Vec<Lease> = matching
        .iter()
        .filter(|l| l.state == "active")
        .cloned()
        .collect();
    if active.is_empty() {
        return Err(OpError::Conflict(format!(
            "no active lease of deployment {dseq}{} to close: {}",
            sel.describe(),
            matching
                .iter()
                .map(|l| format!("{} is {}", lease_name(&l.id), l.state))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    if active.len() > 1 && !sel.all {
        return Err(OpError::Invalid(format!(
            "{} active leases of deployment {dseq} match{}: {}; pick one with --gseq/--oseq/--provider, or close them all with --all",
            active.len(),
            sel.describe(),
            active
                .iter()
                .map(|l| lease_name(&l.id))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    Ok(active)
}

/// Leases the chain closed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeasesClosed {
    pub dseq: u64,
    pub tx_hash: String,
    pub height: u64,
    pub closed: Vec<BidRef>,
}

/// Closes `leases` (from [`select`]) in one transaction.
pub async fn close_leases<A: Akash>(
    akash: &A,
    sink: &mut dyn Sink,
    dseq: u64,
    leases: &[Lease],
) -> Result<LeasesClosed, OpError> {
    let msgs = leases
        .iter()
        .map(|l| crate::msgs::close_lease(&l.id))
        .collect();
    let done = send_reported(akash, sink, Step::LeaseClose, msgs, &mut |_| Ok(()))
        .await
        .map_err(|e| match e {
            PortError::Refused { ref raw_log, .. }
                if raw_log.contains("closed") || raw_log.contains("not active") =>
            {
                OpError::Conflict(format!("the lease was closed meanwhile: {e}"))
            }
            e => OpError::Chain {
                step: "lease",
                error: e,
            },
        })?;
    Ok(LeasesClosed {
        dseq,
        tx_hash: done.hash,
        height: done.height,
        closed: leases.iter().map(|l| l.id.clone()).collect(),
    })
}
