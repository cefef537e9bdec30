/*!
The one way a command changes anything: guard rails, the mutation lock, and receipts.

Every mutating command (Akash transactions, Hetzner server changes, receipt notes and repairs)
goes through [`begin`] and [`Mutation::finish`]:

1. `--reason` must be given and not blank (exit 2).
2. Without `--yes`, a terminal user sees the plan on stderr and is asked `[y/N]`; a run without a
   terminal is refused (exit 2) with the exact command to re-run with `--yes`.
3. The per-context mutation lock is taken, waiting up to `--lock-timeout` (env
   `VMC_LOCK_TIMEOUT`; default: fail at once with exit 3 naming the holder's pid, host, command,
   reason and start time).
4. An **intent** receipt is appended and fsynced *before* the caller's first side effect; it
   starts a [`vmc_journal::Operation`] with a fresh operation id.
5. The caller does the work, then [`Mutation::finish`] appends the **outcome** receipt (success
   with the response, or failure with the error message) and releases the lock.

The receipts themselves (operation ids, step records, fsync, resume) are `vmc_journal`'s
[`Operation`]; this module only adds the guard rails around it. A multi-step workflow (such as
the Akash deploy) takes the operation with [`Mutation::into_operation`] and records a step
record per side effect, so that a crash leaves a record of which steps were done. [`resume`]
continues such an unfinished operation under the same id (with the same `--yes` and lock
rules; its reason is the original intent's).

If the process dies in between (or the [`Mutation`] is dropped without `finish`), the intent
and any steps stay as evidence and the kernel releases the lock; nothing else is recorded.

# Example

```no_run
use serde_json::json;
use vmc_cli::Ctx;
use vmc_cli::error::CliResult;
use vmc_cli::mutation::{self, MutationArgs, Plan};
use vmc_receipt::Platform;

#[derive(clap::Args)]
struct DeleteArgs {
    id: u64,
    #[command(flatten)]
    mutation: MutationArgs,
}

fn delete(ctx: &mut Ctx, args: DeleteArgs) -> CliResult {
    let mut plan = Plan::new(Platform::Hetzner, "hetzner.server.delete", args.id.to_string());
    plan.summary_lines.push(format!("delete server {} and its disk", args.id));
    plan.request = json!({ "id": args.id });
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    let result: CliResult<serde_json::Value> = Ok(json!({ "action": 7 })); // … the real work …
    match result {
        Ok(response) => {
            m.finish(Ok(response.clone()))?;
            ctx.printer.data(&response, || vmc_cli::output::Table::new(["DONE"]))
        }
        Err(e) => {
            m.finish(Err(&e))?;
            Err(e)
        }
    }
}
```

Secrets never belong in `request`/`response`; as a safety net, values under secret-looking keys
(`token`, `mnemonic`, `password`, …) are replaced by `[redacted]` before hashing
(see `vmc_receipt::redact`). Put amounts and other big integers in as strings.
*/

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use serde_json::Value;
use vmc_journal::{Holder, Journal, JournalError, LockGuard, Operation, OperationStart};
use vmc_receipt::{Platform, Receipt, ReceiptSigner, Target};

use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};

/// The flags every mutating command takes (`#[command(flatten)]`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MutationArgs {
    /// Do it without asking for confirmation (required when not on a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Why you are doing this; recorded in the receipts (required).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// How long to wait for another mutation to finish, e.g. 30s, 5m (default: fail at once).
    #[arg(long, value_name = "DURATION", env = vmc_config::env::VMC_LOCK_TIMEOUT)]
    pub lock_timeout: Option<String>,
}

/// What a command is about to do.
pub struct Plan {
    pub platform: Platform,
    /// Dotted verb, e.g. `akash.deployment.create`.
    pub action: String,
    /// What is acted on: text (a server name, a dseq) or fields (a lease's
    /// `{dseq, owner, provider}`); may be empty before it exists.
    pub target: Target,
    /// Shown to the user before confirming.
    pub summary_lines: Vec<String>,
    /// Recorded in the intent and the outcome (no secrets; big integers as strings).
    pub request: Value,
    /// Who acts; default `context:<name>`. Set the wallet address for Akash.
    pub actor: Option<String>,
    /// Default: the Akash network (akash, vmc) or the Hetzner endpoint (hetzner).
    pub network: Option<String>,
    /// Signs every receipt's hash (e.g. [`AkashReceiptSigner`]).
    pub signer: Option<Box<dyn ReceiptSigner + Send + Sync>>,
}

impl Plan {
    pub fn new(platform: Platform, action: impl Into<String>, target: impl Into<Target>) -> Plan {
        Plan {
            platform,
            action: action.into(),
            target: target.into(),
            summary_lines: Vec::new(),
            request: Value::Null,
            actor: None,
            network: None,
            signer: None,
        }
    }
}

/// A confirmed plan under the lock, before its intent receipt. Most commands want [`begin`];
/// this split exists for `vmc receipts repair`, which must fix the log before it can append.
pub struct Locked {
    pub plan: Plan,
    reason: String,
    journal: Journal,
    guard: LockGuard,
    network: String,
    actor: String,
}

/// A mutation in progress: the lock is held and the intent is on disk. A thin wrapper over a
/// [`vmc_journal::Operation`] that records CLI errors as failures.
pub struct Mutation {
    op: Operation,
}

/// Guard rails, lock, intent receipt. See the module docs.
pub fn begin(ctx: &Ctx, args: &MutationArgs, plan: Plan) -> CliResult<Mutation> {
    lock(ctx, args, plan)?.record_intent()
}

/// Guard rails and lock only (no receipt yet).
pub fn lock(ctx: &Ctx, args: &MutationArgs, plan: Plan) -> CliResult<Locked> {
    refuse_default_local_with_credentials(ctx)?;
    let reason =
        args.reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                CliError::usage("--reason is required: every change records why it was made")
                    .with_hint(format!(
                        "re-run as: {}",
                        rerun_command(std::env::args(), Some("\"…\""), false)
                    ))
            })?
            .to_string();
    let timeout = lock_timeout(args)?;
    let prompt = Prompt {
        action: &plan.action,
        target: &plan.target,
        summary_lines: &plan.summary_lines,
        reason: &reason,
        resuming: None,
    };
    confirm(ctx, args, &prompt)?;
    let journal = Journal::new(ctx.settings.context_dir());
    let guard = take_lock(ctx, args, &journal, &reason, timeout)?;
    let network = plan.network.clone().unwrap_or_else(|| match plan.platform {
        Platform::Hetzner => ctx.settings.hetzner_endpoint.value.clone(),
        Platform::Akash | Platform::Vmc => ctx.settings.network.value.clone(),
    });
    let actor = plan
        .actor
        .clone()
        .unwrap_or_else(|| format!("context:{}", ctx.settings.context_name.value));
    Ok(Locked {
        plan,
        reason,
        journal,
        guard,
        network,
        actor,
    })
}

impl Locked {
    /// The journal of this context.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The held lock (for journal calls such as `repair`).
    pub fn guard(&self) -> &LockGuard {
        &self.guard
    }

    /// Appends and fsyncs the intent receipt.
    pub fn record_intent(self) -> CliResult<Mutation> {
        let Locked {
            plan,
            reason,
            journal,
            guard,
            network,
            actor,
        } = self;
        let start = OperationStart {
            platform: plan.platform,
            network,
            actor,
            action: plan.action,
            target: plan.target,
            reason,
            request: plan.request,
            vmc_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let op = journal
            .begin_operation(guard, start, plan.signer)
            .map_err(append_error)?;
        Ok(Mutation { op })
    }
}

impl Mutation {
    /// The intent receipt already on disk.
    pub fn intent(&self) -> &Receipt {
        self.op.intent()
    }

    /// The operation id (`op-…`) its receipts share.
    pub fn id(&self) -> &str {
        self.op.id()
    }

    /// The operation, to record steps (or set the target) before [`Mutation::finish`].
    pub fn operation(&mut self) -> &mut Operation {
        &mut self.op
    }

    /// The operation itself, for a workflow library that records its own steps and outcome
    /// ([`Operation::finish`]); it holds the lock until then.
    pub fn into_operation(self) -> Operation {
        self.op
    }

    /// Appends and fsyncs the outcome receipt, then releases the lock. `Ok(response)` records a
    /// success, `Err(e)` a failure with `e`'s message. The returned error (if any) means the
    /// outcome could not be recorded: the work itself is already done.
    pub fn finish(self, result: Result<Value, &CliError>) -> CliResult<Receipt> {
        let result = result.map_err(failure_message);
        self.op.finish(result).map_err(|e| {
            let mut err = append_error(e);
            err.message = format!(
                "the change was made, but its outcome receipt could not be written: {}",
                err.message
            );
            err
        })
    }
}

/// The text a failed outcome records for `e`.
pub fn failure_message(e: &CliError) -> String {
    if e.message.is_empty() {
        format!("failed (exit {})", e.kind.exit_code())
    } else {
        e.message.clone()
    }
}

/// Continues the unfinished operation `op_id` of this context (after a crash): the same guard
/// rails as [`begin`] except that `--reason` is not required (the original intent's reason
/// stands; a given one is shown and put in the lock's holder file), the lock with the same
/// timeout and holder rules, then [`vmc_journal::Journal::resume_operation`]. Exit 4 for an
/// unknown operation, 3 for a finished one.
pub fn resume(
    ctx: &Ctx,
    args: &MutationArgs,
    op_id: &str,
    signer: Option<Box<dyn ReceiptSigner + Send + Sync>>,
) -> CliResult<Operation> {
    refuse_default_local_with_credentials(ctx)?;
    let timeout = lock_timeout(args)?;
    let journal = Journal::new(ctx.settings.context_dir());
    let found = journal
        .operations()
        .map_err(append_error)?
        .into_iter()
        .find(|o| o.intent.operation.as_deref() == Some(op_id))
        .ok_or_else(|| {
            resume_error(
                ctx,
                JournalError::UnknownOperation {
                    id: op_id.to_string(),
                },
            )
        })?;
    if let Some(o) = &found.outcome {
        return Err(resume_error(
            ctx,
            JournalError::OperationFinished {
                id: op_id.to_string(),
                seq: o.seq,
            },
        ));
    }
    let given = args
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let reason = found.intent.reason.clone();
    let done: Vec<String> = found
        .steps
        .iter()
        .filter_map(|r| r.step.as_ref())
        .map(|s| format!("{} {}", s.name, s.status.as_str()))
        .collect();
    let mut summary = vec![format!(
        "resume operation {op_id} (intent {} at {}){}",
        found.intent.seq,
        found.intent.timestamp,
        if done.is_empty() {
            String::new()
        } else {
            format!("; recorded steps: {}", done.join(", "))
        }
    )];
    if let Some(g) = given {
        summary.push(format!("resumed because: {g}"));
    }
    let prompt = Prompt {
        action: &found.intent.action,
        target: found.target(),
        summary_lines: &summary,
        reason: &reason,
        resuming: Some(op_id),
    };
    confirm(ctx, args, &prompt)?;
    let holder_reason = match given {
        Some(g) => format!("resume {op_id}: {g}"),
        None => format!("resume {op_id}: {reason}"),
    };
    let guard = take_lock(ctx, args, &journal, &holder_reason, timeout)?;
    journal
        .resume_operation(guard, op_id, signer)
        .map_err(|e| resume_error(ctx, e))
}

fn resume_error(ctx: &Ctx, e: JournalError) -> CliError {
    match e {
        JournalError::UnknownOperation { .. } => CliError::not_found(format!(
            "context `{}`: {e}",
            ctx.settings.context_name.value
        ))
        .with_hint("`vmc receipts list` shows the operations and which are unfinished"),
        JournalError::OperationFinished { .. } => CliError::new(ErrorKind::Conflict, e.to_string())
            .with_hint("a finished operation cannot be resumed; start a new one"),
        other => append_error(other),
    }
}

fn lock_timeout(args: &MutationArgs) -> CliResult<Option<Duration>> {
    match args.lock_timeout.as_deref() {
        None => Ok(None),
        Some(t) => Ok(Some(parse_duration(t).map_err(|e| {
            CliError::usage(format!("--lock-timeout `{t}`: {e}"))
                .with_hint("e.g. --lock-timeout 30s, 5m, 1h30m, or 0 to fail at once")
        })?)),
    }
}

fn take_lock(
    ctx: &Ctx,
    args: &MutationArgs,
    journal: &Journal,
    reason: &str,
    timeout: Option<Duration>,
) -> CliResult<LockGuard> {
    let started = crate::clock::now_rfc3339()?;
    let holder = Holder::current(reason, &started);
    journal
        .lock(&holder, timeout, |h| {
            ctx.printer.status(&format!(
                "waiting up to {} for the mutation lock ({})",
                args.lock_timeout.as_deref().unwrap_or("0s"),
                h.map_or("holder unknown".to_string(), |h| format!("held by {h}"))
            ));
        })
        .map_err(|e| journal_error(ctx, e))
}

/// Signs receipts with an Akash wallet key (scheme `secp256k1`: ECDSA over SHA-256 of the
/// 32-byte receipt hash, 64-byte r‖s; the receipt's `actor` must be the key's address).
pub struct AkashReceiptSigner(pub vmc_akash::keys::SigningKey);

impl ReceiptSigner for AkashReceiptSigner {
    fn scheme(&self) -> &str {
        SECP256K1
    }
    fn public_key(&self) -> Vec<u8> {
        self.0.public_key_compressed().to_vec()
    }
    fn sign(&self, digest: &[u8; 32]) -> Vec<u8> {
        self.0.sign(digest).to_vec()
    }
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<AkashReceiptSigner>();
};

/// The scheme name of [`AkashReceiptSigner`].
pub const SECP256K1: &str = "secp256k1";

/// Checks `secp256k1` receipt signatures against the receipt's `actor` address.
pub struct AkashSignatureVerifier;

impl vmc_receipt::SignatureVerifier for AkashSignatureVerifier {
    fn verify(&self, r: &Receipt, digest: &[u8; 32]) -> Result<(), String> {
        let signer = r.signer.as_ref().ok_or("a signature without a signer")?;
        if signer.scheme != SECP256K1 {
            return Err(format!("unknown signature scheme `{}`", signer.scheme));
        }
        let pubkey: [u8; 33] = signer
            .pubkey_bytes()
            .and_then(|b| b.try_into().ok())
            .ok_or("signer.pubkey is not a 33-byte hex key")?;
        let sig = r.signature_bytes().ok_or("signature is not hex")?;
        vmc_akash::keys::verify_signature_for_address(&r.actor, &pubkey, digest, &sig)
            .map_err(|e| e.to_string())
    }
}

/// What the confirmation shows.
struct Prompt<'a> {
    action: &'a str,
    target: &'a Target,
    summary_lines: &'a [String],
    reason: &'a str,
    /// The operation id, when resuming one.
    resuming: Option<&'a str>,
}

/// A mutation while real credentials are set and the network is `local` only by default: the
/// user may think they are changing the real network. Name the network to go on.
pub fn refuse_default_local_with_credentials(ctx: &Ctx) -> CliResult {
    let creds = ctx.settings.credentials_on_default_local();
    if creds.is_empty() {
        return Ok(());
    }
    Err(CliError::usage(format!(
        "{} is set, but the network is `local` (the devnet) only because none is configured: a change needs the network named",
        creds.join(" and ")
    ))
    .with_hint("to change the devnet, add --network local; for the real network, --network mainnet (or AKASH_NETWORK, or a context)"))
}

fn confirm(ctx: &Ctx, args: &MutationArgs, p: &Prompt<'_>) -> CliResult {
    if args.yes {
        return Ok(());
    }
    let mut text = format!(
        "vmc is about to {} `{}`{} in context `{}`:\n",
        if p.resuming.is_some() {
            "resume"
        } else {
            "run"
        },
        p.action,
        if p.target.is_empty() {
            String::new()
        } else {
            format!(" on `{}`", p.target)
        },
        ctx.settings.context_name.value
    );
    for l in p.summary_lines {
        text.push_str(&format!("  {l}\n"));
    }
    text.push_str(&format!("  reason: {}\n", p.reason));
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    if !interactive {
        return Err(CliError::usage(
            "refusing to make this change without --yes: not running on a terminal",
        )
        .with_hint(format!(
            "to confirm, re-run: {}",
            rerun_command(std::env::args(), None, true)
        )));
    }
    let _ = write!(err, "Proceed? [y/N] ");
    let _ = err.flush();
    drop(err);
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        // Declined: nothing was changed, which is exit 2 (docs/exit-codes.md), not a failure.
        Err(CliError::usage("cancelled; nothing was changed")
            .with_hint("answer `y` to go ahead, or pass --yes"))
    }
}

/// The command line to re-run: the same arguments, shell-quoted, with `--reason VALUE` and/or
/// `--yes` added (before a `--` separator if there is one).
pub fn rerun_command(
    args: impl IntoIterator<Item = String>,
    add_reason: Option<&str>,
    add_yes: bool,
) -> String {
    let mut words: Vec<String> = args.into_iter().map(|a| shell_quote(&a)).collect();
    let mut extra = Vec::new();
    if let Some(r) = add_reason {
        extra.push("--reason".to_string());
        extra.push(r.to_string());
    }
    if add_yes {
        extra.push("--yes".to_string());
    }
    let at = words.iter().position(|w| w == "--").unwrap_or(words.len());
    words.splice(at..at, extra);
    words.join(" ")
}

fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `30s`, `500ms`, `5m`, `1h30m`, `7d`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = Duration::ZERO;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err("expected a number followed by ms, s, m, h or d".into());
        }
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| "number too large".to_string())?;
        rest = &rest[digits..];
        let unit_len = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let d = match unit {
            "ms" => Duration::from_millis(n),
            "s" => Duration::from_secs(n),
            "m" => Duration::from_secs(n.saturating_mul(60)),
            "h" => Duration::from_secs(n.saturating_mul(3600)),
            "d" => Duration::from_secs(n.saturating_mul(86400)),
            "" => return Err("a number needs a unit (ms, s, m, h, d)".into()),
            u => return Err(format!("unknown unit `{u}` (use ms, s, m, h or d)")),
        };
        total = total.saturating_add(d);
    }
    Ok(total)
}

fn journal_error(ctx: &Ctx, e: JournalError) -> CliError {
    match e {
        JournalError::Held { .. } => CliError::new(
            ErrorKind::Conflict,
            format!("context `{}`: {e}", ctx.settings.context_name.value),
        )
        .with_hint(
            "wait for it to finish, or pass --lock-timeout 5m to wait; `vmc lock status` shows the holder",
        ),
        other => append_error(other),
    }
}

fn append_error(e: JournalError) -> CliError {
    match e {
        JournalError::TornTail { .. } => CliError::failure(e.to_string()).with_hint(
            "run `vmc receipts repair --reason \"…\"` (it only cuts the torn line), then retry",
        ),
        JournalError::Damaged { .. } => CliError::failure(e.to_string())
            .with_hint("run `vmc receipts verify` to see what is wrong; nothing was changed"),
        JournalError::Seal(_) => CliError::usage(e.to_string()),
        JournalError::Clock { .. } => crate::clock::clock_error(e),
        JournalError::NotAReceipt { .. } => CliError::failure(e.to_string())
            .with_hint("run `vmc receipts verify` to see what is wrong; nothing was changed"),
        JournalError::BrokenChain { .. } => CliError::failure(e.to_string()).with_hint(
            "nothing was changed: vmc appends only to an intact log. Run `vmc receipts verify` \
             to see the damage; `vmc receipts repair` only cuts a torn final line, so a log \
             edited in the middle must be restored from a backup (or moved aside to start a \
             new one) before a mutation can be recorded",
        ),
        other => CliError::failure(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86400)));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("1h5").is_err());
    }

    #[test]
    fn rerun_adds_yes_before_separator_and_quotes() {
        let args = [
            "vmc", "receipts", "note", "--reason", "why not", "--", "it's",
        ];
        assert_eq!(
            rerun_command(args.iter().map(|s| s.to_string()), None, true),
            r"vmc receipts note --reason 'why not' --yes -- 'it'\''s'"
        );
        let args = ["vmc", "x"];
        assert_eq!(
            rerun_command(args.iter().map(|s| s.to_string()), Some("\"…\""), false),
            "vmc x --reason \"…\""
        );
    }
}
