//! The smaller Akash jobs around a deployment, one file each: close it ([`close`]), top up its
//! escrow ([`deposit`]), mint ACT from AKT and wait for the epoch that credits it ([`mint`]),
//! close some of its leases ([`lease`]), send its manifest again ([`manifest`]), and publish or
//! revoke a legacy mTLS certificate ([`cert`]).
//!
//! Each job checks the chain before it sends anything, so a refusal that can be told in advance
//! (an unknown dseq, a closed deployment, another denom, too little money, an SDL that is not the
//! deployed one) is an [`OpError`] with nothing sent. Progress goes to an
//! [`events::Sink`](crate::events::Sink) as the deploy's [`Event`]s (steps `deposit`, `mint`,
//! `lease_close`, `cert`, `close`, `manifest`); jobs that wait or retry record steps in a
//! [`StepLog`](crate::steps::StepLog). A manifest goes to a provider through
//! `manifest::put`, the deploy's too.

pub mod cert;
pub mod close;
pub mod deposit;
pub mod lease;
pub mod manifest;
pub mod mint;

use std::time::Duration;

use serde_json::{Map, Value, json};
use vmc_akash::rate::Amount;

use crate::events::{Event, Sink, Step};
use crate::port::{Akash, PortError, TxDone};

/// Why a job stopped. Every variant but `Chain`, `Gateway`, `Timeout` and `Journal` means that
/// nothing was sent.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// The request cannot be right (another denom, an SDL that is not the deployed one, …).
    #[error("{0}")]
    Invalid(String),
    /// The deployment, lease or certificate does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The current state forbids it (already closed, already revoked, ambiguous, …).
    #[error("{0}")]
    Conflict(String),
    /// The wallet cannot pay.
    #[error(
        "not enough {denom}: the wallet holds {have} and needs {need} ({what}); {missing} missing",
        have = human(*have, denom), need = human(*need, denom),
        missing = human(need.saturating_sub(*have), denom)
    )]
    Funds {
        denom: String,
        have: u128,
        need: u128,
        what: String,
    },
    /// The chain (or the node) failed or refused during `step`.
    #[error("{error}")]
    Chain {
        step: &'static str,
        error: PortError,
    },
    /// A provider refused (or kept failing) a request that is not worth retrying.
    #[error("provider {provider} refused the manifest{}: {message}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Gateway {
        provider: String,
        status: Option<u16>,
        message: String,
    },
    /// A wait ran out; `what` says what did not happen, `tx_hash` what was sent before.
    #[error("{what} within {}", humantime::format_duration(*waited))]
    Timeout {
        what: String,
        waited: Duration,
        tx_hash: Option<String>,
    },
    /// The step log could not be written.
    #[error("{0}")]
    Journal(String),
}

impl OpError {
    pub(crate) fn chain(step: &'static str) -> impl FnOnce(PortError) -> OpError {
        move |error| OpError::Chain { step, error }
    }

    /// Whether the error was decided before anything was sent.
    pub fn nothing_sent(&self) -> bool {
        matches!(
            self,
            OpError::Invalid(_)
                | OpError::NotFound(_)
                | OpError::Conflict(_)
                | OpError::Funds { .. }
        ) || matches!(
            self,
            OpError::Chain {
                error: PortError::Refused { .. },
                ..
            }
        )
    }
}

/// `v` whole base units of `denom` as an [`Amount`] (zero past the decimal's range).
pub(crate) fn amount(denom: &str, v: u128) -> Amount {
    Amount::of_units(denom, v).unwrap_or_else(|| Amount::zero(denom))
}

/// `1.5 ACT`, or `15uact` when the denom is not one of the two.
pub(crate) fn human(v: u128, denom: &str) -> String {
    Amount::of_units(denom, v).map_or_else(|| format!("{v}{denom}"), |a| a.human())
}

/// Sends `msgs` as one transaction of `step`, reporting the broadcast and the inclusion.
/// `on_signed` also sees the hash before the broadcast (journal it).
pub(crate) async fn send_reported<A: Akash>(
    akash: &A,
    sink: &mut dyn Sink,
    step: Step,
    msgs: Vec<vmc_akash::tx::Msg>,
    on_signed: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<TxDone, PortError> {
    let done = akash
        .send(msgs, &mut |hash| {
            sink.event(&Event::Broadcast {
                step,
                tx_hash: hash.to_string(),
            });
            on_signed(hash)
        })
        .await?;
    sink.event(&Event::Included {
        step,
        tx_hash: done.hash.clone(),
        height: done.height,
    });
    Ok(done)
}

/// The receipt target of a deployment job: `{dseq, owner}` and `provider` (a string for one
/// provider, an array for several, absent for none). `dseq` is a string, as in every receipt.
pub fn deployment_target(owner: &str, dseq: u64, providers: &[String]) -> vmc_receipt::Target {
    let mut m = Map::new();
    m.insert("dseq".into(), json!(dseq.to_string()));
    m.insert("owner".into(), json!(owner));
    let mut p: Vec<&String> = providers.iter().collect();
    p.sort();
    p.dedup();
    match p.as_slice() {
        [] => {}
        [one] => {
            m.insert("provider".into(), json!(one));
        }
        many => {
            m.insert(
                "provider".into(),
                Value::from(many.iter().map(|s| json!(s)).collect::<Vec<_>>()),
            );
        }
    }
    vmc_receipt::Target::Fields(m)
}

/// The active leases' providers of deployment `dseq` (for targets).
pub async fn lease_providers<A: Akash>(akash: &A, dseq: u64) -> Result<Vec<String>, PortError> {
    let mut p: Vec<String> = akash
        .leases(dseq)
        .await?
        .into_iter()
        .filter(|l| l.state == "active")
        .map(|l| l.id.provider)
        .collect();
    p.sort();
    p.dedup();
    Ok(p)
}

/// The owner's deployment `dseq` or [`OpError::NotFound`].
pub(crate) async fn deployment_or_not_found<A: Akash>(
    akash: &A,
    dseq: u64,
    step: &'static str,
) -> Result<crate::model::DeploymentInfo, OpError> {
    akash
        .deployment(dseq)
        .await
        .map_err(OpError::chain(step))?
        .ok_or_else(|| {
            OpError::NotFound(format!(
                "deployment {dseq} of {} does not exist on chain",
                akash.owner()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = deployment_target("akash1o", 7, &[]);
        assert_eq!(t.to_string(), "dseq=7 owner=akash1o");
        let t = deployment_target("akash1o", 7, &["p2".into(), "p1".into(), "p2".into()]);
        assert_eq!(t.get("provider"), Some(&json!(["p1", "p2"])));
        let t = deployment_target("akash1o", 7, &["p1".into()]);
        assert_eq!(t.get("provider"), Some(&json!("p1")));
        assert_eq!(t.get("dseq"), Some(&json!("7")));
    }

    #[test]
    fn funds_message_says_what_is_missing() {
        let e = OpError::Funds {
            denom: "uakt".into(),
            have: 1_500_000,
            need: 10_000_000,
            what: "the AKT to burn".into(),
        };
        let m = e.to_string();
        assert!(m.contains("8.5 AKT missing"), "{m}");
        assert!(e.nothing_sent());
    }
}
