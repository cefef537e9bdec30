//! `vmc akash deposit DSEQ AMOUNT`: top up a deployment's escrow account with
//! `MsgAccountDeposit`, from the owner's balance, in the deployment's own denom.

use serde::Serialize;
use vmc_akash::rate::Amount;

use super::{OpError, deployment_or_not_found, human, lease_providers, send_reported};
use crate::events::{Sink, Step};
use crate::model::DeploymentInfo;
use crate::port::{Akash, PortError};

/// What the deposit is about to do, checked against the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepositPlan {
    pub dseq: u64,
    /// The deployment's escrow denom (`uact`).
    pub denom: String,
    /// Micro units of `denom`.
    pub amount: u128,
    /// The escrow balance before (as the chain reports it).
    pub escrow_before: Option<Amount>,
    /// Providers of the active leases (for the receipt's target).
    pub providers: Vec<String>,
}

/// A deposit that the chain included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deposited {
    pub dseq: u64,
    pub tx_hash: String,
    pub height: u64,
    pub amount: Amount,
}

/// The denom a deployment is funded in: its escrow account's, else its groups' price denom.
pub fn deployment_denom(d: &DeploymentInfo) -> String {
    if let Some(e) = &d.escrow {
        return e.denom.clone();
    }
    d.groups
        .iter()
        .filter_map(|g| g.spec.as_ref())
        .flat_map(|s| s.resources.iter())
        .map(|r| r.price.denom.clone())
        .next()
        .unwrap_or_else(|| "uact".into())
}

/// Checks a deposit of `amount` micro units of `denom` into deployment `dseq`: it exists (else
/// NotFound), is active (else Conflict), `denom` is its denom (else Invalid naming both), the
/// amount is not zero, and the wallet holds it (else Funds). Nothing is sent.
pub async fn check<A: Akash>(
    akash: &A,
    dseq: u64,
    denom: &str,
    amount: u128,
) -> Result<DepositPlan, OpError> {
    let d = deployment_or_not_found(akash, dseq, "deposit").await?;
    if d.state != "active" {
        return Err(OpError::Conflict(format!(
            "deployment {dseq} is {}: its escrow account takes no more deposits",
            d.state
        )));
    }
    let want = deployment_denom(&d);
    if denom != want {
        return Err(OpError::Invalid(format!(
            "deployment {dseq} is funded in {want}, not {denom}: deposit {want} (e.g. `5{}`)",
            want.trim_start_matches('u')
        )));
    }
    if amount == 0 {
        return Err(OpError::Invalid("the deposit amount is zero".into()));
    }
    let funds = akash.funds().await.map_err(OpError::chain("deposit"))?;
    let have = match denom {
        "uakt" => funds.uakt,
        "uact" => funds.uact,
        _ => 0,
    };
    if have < amount {
        return Err(OpError::Funds {
            denom: denom.to_string(),
            have,
            need: amount,
            what: "the deposit".into(),
        });
    }
    let providers = lease_providers(akash, dseq)
        .await
        .map_err(OpError::chain("deposit"))?;
    Ok(DepositPlan {
        dseq,
        denom: denom.to_string(),
        amount,
        escrow_before: d.escrow,
        providers,
    })
}

/// Sends the deposit `plan` (one `MsgAccountDeposit`) and waits for its inclusion.
pub async fn deposit<A: Akash>(
    akash: &A,
    sink: &mut dyn Sink,
    plan: &DepositPlan,
) -> Result<Deposited, OpError> {
    let msg = crate::msgs::deposit_deployment(akash.owner(), plan.dseq, &plan.denom, plan.amount);
    let done = send_reported(akash, sink, Step::Deposit, vec![msg], &mut |_| Ok(()))
        .await
        .map_err(|e| match e {
            PortError::Refused { ref raw_log, .. } if raw_log.contains("closed") => {
                OpError::Conflict(format!(
                    "deployment {} was closed meanwhile: {e}",
                    plan.dseq
                ))
            }
            e => OpError::Chain {
                step: "deposit",
                error: e,
            },
        })?;
    Ok(Deposited {
        dseq: plan.dseq,
        tx_hash: done.hash,
        height: done.height,
        amount: super::amount(&plan.denom, plan.amount),
    })
}

/// `5 ACT` for the plan's amount.
pub fn describe(plan: &DepositPlan) -> String {
    human(plan.amount, &plan.denom)
}
