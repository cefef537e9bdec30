//! Step `manifest`: every leased provider has the manifest. The PUT is idempotent, so a
//! resumed deploy simply sends it again; transient failures (the provider has not seen the
//! lease yet: 404; connection errors; 5xx) are retried with backoff for a window, by the same
//! [`put`] as `vmc akash manifest send`.

use std::collections::BTreeMap;

use serde_json::json;

use super::{DeployError, DeployOptions, DeployPlan, Run};
use crate::events::{Event, Sink, Step};
use crate::model::ProviderInfo;
use crate::ops::manifest::{PutError, put};
use crate::port::{Akash, PortError};
use crate::steps::{StepLog, StepStatus};

pub(super) async fn send_all<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &DeployOptions,
    providers: &BTreeMap<String, ProviderInfo>,
) -> Result<(), DeployError> {
    let hash = hex::encode_upper(plan.manifest_hash);
    for (provider, info) in providers {
        r.record(
            Step::Manifest,
            StepStatus::Begin,
            json!({"provider": provider, "manifest_hash": hash}),
        )?;
        send_one(r, plan, opts, info).await?;
        r.record(
            Step::Manifest,
            StepStatus::Done,
            json!({"provider": provider, "manifest_hash": hash}),
        )?;
        r.emit(Event::ManifestAccepted {
            provider: provider.to_string(),
        });
    }
    Ok(())
}

/// Sends the plan's manifest to one provider, retrying transient failures (cancellable).
async fn send_one<A: Akash, L: StepLog, S: Sink>(
    r: &mut Run<'_, A, L, S>,
    plan: &DeployPlan,
    opts: &DeployOptions,
    info: &ProviderInfo,
) -> Result<(), DeployError> {
    put(
        r.akash,
        &mut *r.sink,
        info,
        plan.dseq,
        &plan.manifest_json,
        opts.manifest_window,
        Some(&r.cancel),
    )
    .await
    .map_err(|e| match e {
        PutError::Cancelled => DeployError::Interrupted {
            step: Step::Manifest,
        },
        PutError::Port(PortError::Gateway {
            status, message, ..
        }) => DeployError::Manifest {
            provider: info.address.clone(),
            status,
            message,
        },
        PutError::Port(error) => DeployError::Chain {
            step: Step::Manifest,
            error,
        },
    })
}
