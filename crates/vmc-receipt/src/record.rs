//! The receipt record, and sealing a [`Draft`] into a hashed (and optionally signed) [`Receipt`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ReceiptError;
use crate::canonical::{canonical_bytes, check_numbers, sha256};
use crate::redact::redact;
use crate::sign::{ReceiptSigner, SignerInfo};
use crate::target::Target;

/// `prev` of the first receipt in a log: 64 zeros.
pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Which system a mutation touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Akash,
    Hetzner,
    /// vmc itself (operator notes, log repairs).
    Vmc,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Akash => "akash",
            Platform::Hetzner => "hetzner",
            Platform::Vmc => "vmc",
        }
    }
}

impl std::str::FromStr for Platform {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "akash" => Ok(Platform::Akash),
            "hetzner" => Ok(Platform::Hetzner),
            "vmc" => Ok(Platform::Vmc),
            other => Err(format!("unknown platform `{other}` (akash, hetzner, vmc)")),
        }
    }
}

/// `intent` is written before the first side effect, `step` records mark the progress of a
/// multi-step operation, `outcome` is written after the last side effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Intent,
    Step,
    Outcome,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Intent => "intent",
            Phase::Step => "step",
            Phase::Outcome => "outcome",
        }
    }
}

/// How a mutation ended (outcome receipts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Success,
    Failure,
}

/// Where one step of an operation stands (step receipts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    /// About to start the step's side effect.
    Begin,
    /// The step's side effect is done (its result is in `response`).
    Done,
    /// The step failed (`error` says why).
    Failed,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Begin => "begin",
            StepStatus::Done => "done",
            StepStatus::Failed => "failed",
        }
    }
}

/// The `step` field of a step receipt: which step, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's name, e.g. `create-deployment`, `send-manifest`.
    pub name: String,
    pub status: StepStatus,
}

/// One line of the receipt log.
///
/// `sha256` is the SHA-256 of the RFC 8785 canonical JSON of this record without its `sha256`
/// and `signature` fields ([`Receipt::digest`]). `signer` (scheme and public key) is covered by
/// the hash; `signature` signs the 32-byte digest and so cannot be inside it. Because the signer is
/// hashed, removing a signature is detected, and adding one to an unsigned record breaks the hash.
/// The stored line is the canonical JSON of the whole record, so a line that is not exactly
/// canonical has been edited.
///
/// `operation` and `step` are left out of the JSON when absent, so records written before they
/// existed keep their bytes and hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// 1 for the first receipt of a log, then +1 per line (so `seq` is the line number).
    pub seq: u64,
    /// `sha256` of the previous receipt; [`GENESIS_PREV`] for the first.
    pub prev: String,
    /// RFC 3339, UTC.
    pub timestamp: String,
    pub platform: Platform,
    /// Akash network name, Hetzner endpoint, …
    pub network: String,
    /// Who acted: a wallet address, or a Hetzner project/context.
    pub actor: String,
    /// Dotted verb, e.g. `akash.deployment.create`, `hetzner.server.delete`, `receipts.note`.
    pub action: String,
    /// What was acted on (a dseq, a server id, a lease's fields, …); may be empty before it
    /// exists.
    pub target: Target,
    /// Why, in the operator's words (`--reason`).
    pub reason: String,
    pub phase: Phase,
    /// The operation id (`op-…`) shared by an operation's intent, steps and outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// On a step: which step and its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// On a step or an outcome: the `seq` of its intent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent_seq: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// On a failed outcome or a failed step: the error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What was asked (secrets redacted; big integers as strings); `null` on steps.
    pub request: Value,
    /// What came back (`null` on intents and failed outcomes; a step's data on steps).
    pub response: Value,
    pub vmc_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<SignerInfo>,
    /// Hex signature of the digest by `signer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Hex SHA-256 of the canonical record without `sha256` and `signature`.
    pub sha256: String,
}

impl Receipt {
    /// The canonical bytes that `sha256` covers.
    pub fn hashed_bytes(&self) -> Result<Vec<u8>, ReceiptError> {
        let mut v =
            serde_json::to_value(self).map_err(|e| ReceiptError::Canonical(e.to_string()))?;
        if let Value::Object(m) = &mut v {
            m.remove("sha256");
            m.remove("signature");
        }
        check_numbers(&v, "$")?;
        canonical_bytes(&v)
    }

    /// SHA-256 of [`Receipt::hashed_bytes`].
    pub fn digest(&self) -> Result<[u8; 32], ReceiptError> {
        Ok(sha256(&self.hashed_bytes()?))
    }

    /// The stored line: canonical JSON of the whole record, without the newline.
    pub fn to_line(&self) -> Result<String, ReceiptError> {
        let bytes = canonical_bytes(self)?;
        String::from_utf8(bytes).map_err(|e| ReceiptError::Canonical(e.to_string()))
    }

    /// Checks the rules between `phase`, `intent_seq`, `operation`, `step`, `outcome` and
    /// `error`:
    ///
    /// * an intent has no `intent_seq`, `step`, `outcome` or `error`;
    /// * a step has `intent_seq` (earlier), `step` and `operation`, no `outcome`, and `error`
    ///   only when its status is `failed`;
    /// * an outcome has `intent_seq` (earlier) and `outcome`, no `step`; `error` exactly when it
    ///   failed.
    pub fn check_consistency(&self) -> Result<(), ReceiptError> {
        let bad = |m: &str| Err(ReceiptError::Inconsistent(m.to_string()));
        if self
            .operation
            .as_deref()
            .is_some_and(|o| o.trim().is_empty())
        {
            return bad("`operation` must not be empty");
        }
        match self.phase {
            Phase::Intent => {
                if self.outcome.is_some()
                    || self.intent_seq.is_some()
                    || self.error.is_some()
                    || self.step.is_some()
                {
                    return bad("an intent has no outcome, intent_seq, step or error");
                }
            }
            Phase::Step => {
                let Some(step) = &self.step else {
                    return bad("a step receipt needs `step`");
                };
                if step.name.trim().is_empty() {
                    return bad("a step needs a name");
                }
                if self.operation.is_none() {
                    return bad("a step receipt needs `operation`");
                }
                if self.outcome.is_some() {
                    return bad("a step receipt has no `outcome`");
                }
                if self.error.is_some() && step.status != StepStatus::Failed {
                    return bad("only a failed step has `error`");
                }
                self.check_intent_seq("a step receipt")?;
            }
            Phase::Outcome => {
                if self.step.is_some() {
                    return bad("an outcome receipt has no `step`");
                }
                match self.outcome {
                    None => return bad("an outcome receipt needs `outcome`"),
                    Some(Outcome::Failure) if self.error.is_none() => {
                        return bad("a failed outcome needs `error`");
                    }
                    Some(Outcome::Success) if self.error.is_some() => {
                        return bad("a successful outcome has no `error`");
                    }
                    _ => {}
                }
                self.check_intent_seq("an outcome receipt")?;
            }
        }
        if self.signer.is_some() != self.signature.is_some() {
            return bad("`signer` and `signature` come together");
        }
        Ok(())
    }

    fn check_intent_seq(&self, what: &str) -> Result<(), ReceiptError> {
        match self.intent_seq {
            Some(i) if i < self.seq => Ok(()),
            Some(_) => Err(ReceiptError::Inconsistent(
                "`intent_seq` must name an earlier receipt".to_string(),
            )),
            None => Err(ReceiptError::Inconsistent(format!(
                "{what} needs `intent_seq`"
            ))),
        }
    }
}

/// What a caller knows about a mutation; [`Draft::seal`] adds `seq`, `prev`, the hash and the
/// signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub timestamp: String,
    pub platform: Platform,
    pub network: String,
    pub actor: String,
    pub action: String,
    pub target: Target,
    pub reason: String,
    pub phase: Phase,
    /// The operation id (intents, steps and outcomes of an operation).
    pub operation: Option<String>,
    /// Steps only.
    pub step: Option<Step>,
    pub intent_seq: Option<u64>,
    pub outcome: Option<Outcome>,
    pub error: Option<String>,
    pub request: Value,
    pub response: Value,
    pub vmc_version: String,
}

impl Draft {
    /// An intent draft (`response` null, no operation id).
    #[allow(clippy::too_many_arguments)]
    pub fn intent(
        timestamp: impl Into<String>,
        platform: Platform,
        network: impl Into<String>,
        actor: impl Into<String>,
        action: impl Into<String>,
        target: impl Into<Target>,
        reason: impl Into<String>,
        request: Value,
        vmc_version: impl Into<String>,
    ) -> Draft {
        Draft {
            timestamp: timestamp.into(),
            platform,
            network: network.into(),
            actor: actor.into(),
            action: action.into(),
            target: target.into(),
            reason: reason.into(),
            phase: Phase::Intent,
            operation: None,
            step: None,
            intent_seq: None,
            outcome: None,
            error: None,
            request,
            response: Value::Null,
            vmc_version: vmc_version.into(),
        }
    }

    /// The outcome draft of `intent` (same platform, network, actor, action, target, reason,
    /// request and operation). `Ok(response)` is a success; `Err(message)` a failure with
    /// `response` null.
    pub fn outcome_of(
        intent: &Receipt,
        timestamp: impl Into<String>,
        result: Result<Value, String>,
    ) -> Draft {
        let (outcome, response, error) = match result {
            Ok(v) => (Outcome::Success, v, None),
            Err(e) => (Outcome::Failure, Value::Null, Some(e)),
        };
        Draft {
            timestamp: timestamp.into(),
            platform: intent.platform,
            network: intent.network.clone(),
            actor: intent.actor.clone(),
            action: intent.action.clone(),
            target: intent.target.clone(),
            reason: intent.reason.clone(),
            phase: Phase::Outcome,
            operation: intent.operation.clone(),
            step: None,
            intent_seq: Some(intent.seq),
            outcome: Some(outcome),
            error,
            request: intent.request.clone(),
            response,
            vmc_version: intent.vmc_version.clone(),
        }
    }

    /// A step draft of `intent` (same platform, network, actor, action, target, reason and
    /// operation): `data` goes to `response`, `request` is null. `error` only with
    /// [`StepStatus::Failed`].
    pub fn step_of(
        intent: &Receipt,
        timestamp: impl Into<String>,
        name: impl Into<String>,
        status: StepStatus,
        data: Value,
        error: Option<String>,
    ) -> Draft {
        Draft {
            timestamp: timestamp.into(),
            platform: intent.platform,
            network: intent.network.clone(),
            actor: intent.actor.clone(),
            action: intent.action.clone(),
            target: intent.target.clone(),
            reason: intent.reason.clone(),
            phase: Phase::Step,
            operation: intent.operation.clone(),
            step: Some(Step {
                name: name.into(),
                status,
            }),
            intent_seq: Some(intent.seq),
            outcome: None,
            error,
            request: Value::Null,
            response: data,
            vmc_version: intent.vmc_version.clone(),
        }
    }

    /// Redacts secrets, checks the record, hashes it and signs the hash.
    pub fn seal(
        self,
        seq: u64,
        prev: &str,
        signer: Option<&dyn ReceiptSigner>,
    ) -> Result<Receipt, ReceiptError> {
        for (name, value) in [
            ("timestamp", &self.timestamp),
            ("network", &self.network),
            ("actor", &self.actor),
            ("action", &self.action),
            ("reason", &self.reason),
            ("vmc_version", &self.vmc_version),
        ] {
            if value.trim().is_empty() {
                return Err(ReceiptError::EmptyField(name));
            }
        }
        let mut request = self.request;
        let mut response = self.response;
        redact(&mut request, "$.request");
        redact(&mut response, "$.response");
        let mut target = self.target;
        if let Target::Fields(m) = &mut target {
            let mut v = Value::Object(std::mem::take(m));
            redact(&mut v, "$.target");
            if let Value::Object(back) = v {
                *m = back;
            }
        }
        let mut r = Receipt {
            seq,
            prev: prev.to_string(),
            timestamp: self.timestamp,
            platform: self.platform,
            network: self.network,
            actor: self.actor,
            action: self.action,
            target,
            reason: self.reason,
            phase: self.phase,
            operation: self.operation,
            step: self.step,
            intent_seq: self.intent_seq,
            outcome: self.outcome,
            error: self.error,
            request,
            response,
            vmc_version: self.vmc_version,
            signer: signer.map(|s| s.info()),
            signature: None,
            sha256: String::new(),
        };
        if signer.is_some() {
            // Checked below once the signature is in place; `signer` alone is not yet consistent.
            r.signature = Some(String::new());
        }
        r.check_consistency()?;
        let digest = r.digest()?;
        r.sha256 = hex::encode(digest);
        if let Some(s) = signer {
            r.signature = Some(hex::encode(s.sign(&digest)));
        }
        Ok(r)
    }
}
