//! Closing a deployment (`--abandon`, a deploy without bids, `vmc akash close`): the escrow
//! is settled and what is left comes back to the owner. The refund is measured as the change
//! of the wallet's balance in the deployment's denom (fees are paid in uakt, so an ACT
//! deployment's refund is exact).

use serde::Serialize;
use serde_json::json;
use vmc_akash::rate::Amount;

use super::{DeployError, Run};
use crate::events::{Event, Sink, Step};
use crate::port::{Akash, PortError};
use crate::steps::{StepLog, StepStatus};

/// A closed deployment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closed {
    pub dseq: u64,
    pub tx_hash: Option<String>,
    /// What came back to the wallet (None when it cannot be told).
    pub refund: Option<Amount>,
    /// The deployment was already closed.
    pub already: bool,
}

/// Closes deployment `dseq` (if active), recording the step, and reports the refund.
pub async fn close_deployment<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    dseq: u64,
    why: &str,
) -> Result<Closed, DeployError> {
    close_for(r, dseq, why).await
}

pub(super) async fn close_for<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    dseq: u64,
    why: &str,
) -> Result<Closed, DeployError> {
    let d = r
        .akash
        .deployment(dseq)
        .await
        .map_err(DeployError::chain(Step::Close))?;
    let Some(d) = d else {
        return Err(DeployError::Invalid(format!(
            "deployment {dseq} does not exist on chain"
        )));
    };
    if d.state != "active" {
        r.emit(Event::Skipped {
            step: Step::Close,
            why: format!("deployment {dseq} is already closed"),
        });
        return Ok(Closed {
            dseq,
            tx_hash: None,
            refund: None,
            already: true,
        });
    }
    let denom = d
        .escrow
        .as_ref()
        .map(|e| e.denom.clone())
        .unwrap_or_else(|| "uact".into());
    r.emit(Event::Closing {
        dseq,
        why: why.to_string(),
    });
    let before = r.akash.funds().await.ok();
    let msg = crate::msgs::close_deployment(r.akash.owner(), dseq);
    let Run {
        akash, log, sink, ..
    } = r;
    let done = akash
        .send(vec![msg], &mut |hash| {
            sink.event(&Event::Broadcast {
                step: Step::Close,
                tx_hash: hash.to_string(),
            });
            log.record(
                "close",
                StepStatus::Begin,
                json!({"dseq": dseq, "tx_hash": hash, "why": why}),
            )
        })
        .await;
    let done = match done {
        Ok(d) => d,
        Err(PortError::Refused { raw_log, .. }) if raw_log.contains("closed") => {
            return Ok(Closed {
                dseq,
                tx_hash: None,
                refund: None,
                already: true,
            });
        }
        Err(e) => {
            return Err(DeployError::Chain {
                step: Step::Close,
                error: e,
            });
        }
    };
    let after = r.akash.funds().await.ok();
    let refund = match (before, after) {
        (Some(b), Some(a)) => {
            let (b, a) = if denom == "uakt" {
                // The fee left the same balance: after = before - fee + refund.
                (b.uakt, a.uakt + done.fee_uakt)
            } else {
                (b.uact, a.uact)
            };
            Amount::of_units(&denom, a.saturating_sub(b))
        }
        _ => None,
    };
    r.record(
        Step::Close,
        StepStatus::Done,
        json!({"dseq": dseq, "tx_hash": done.hash, "height": done.height, "refund": refund.as_ref().map(|a| a.amount_text()), "denom": denom}),
    )?;
    r.emit(Event::Included {
        step: Step::Close,
        tx_hash: done.hash.clone(),
        height: done.height,
    });
    r.emit(Event::Closed {
        dseq,
        refund: refund.clone(),
    });
    Ok(Closed {
        dseq,
        tx_hash: Some(done.hash),
        refund,
        already: false,
    })
}
