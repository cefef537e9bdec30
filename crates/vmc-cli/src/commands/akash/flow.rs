//! What the Akash mutations share: the live workflow port (chain session, signing key, JWT for
//! the providers), the mapping of workflow errors to exit codes and hints, and the renderer of
//! workflow events (a spinner on a terminal, plain lines on stderr, `-o jsonl` on stdout) for
//! the deploy, update and the small mutations alike.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use vmc_akash_client::gateway::GatewayOptions;
use vmc_akash_client::tx::send::TxSettings;
use vmc_akash_deploy::events::{Event, Sink};
use vmc_akash_deploy::live::LiveAkash;
use vmc_akash_deploy::port::PortError;

use super::chain::{ChainArgs, Session};
use super::key::{KeyArgs, load_signing_key};
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{OutputKind, Printer};

/// A chain session and the workflow port for the signing wallet.
pub struct Flow {
    pub session: Session,
    pub akash: LiveAkash,
    pub owner: String,
    /// For receipts' signatures.
    pub key: vmc_akash::keys::SigningKey,
    /// How often to poll the chain and the providers: a tenth of the block time, between
    /// 100 ms and 1 s (`VMC_POLL_MS` overrides).
    pub poll: Duration,
}

impl Flow {
    pub fn open(ctx: &Ctx, chain: &ChainArgs, key: &KeyArgs) -> CliResult<Flow> {
        let signing = load_signing_key(ctx, key)?;
        let session = Session::open(ctx, chain)?;
        let owner = signing.address();
        let now = crate::clock::now()?.unix_timestamp();
        let claims = vmc_akash::jwt::default_claims(&owner, now, vmc_akash::jwt::Leases::full());
        // On `local`, only keys of the devnet's public test mnemonic get a JWT: one of a real
        // wallet is a bearer token that real providers would honour.
        let jwt = if session.network == "local"
            && !crate::commands::wallet::source::is_devnet_test_key(&owner)
        {
            ctx.printer.warn(&format!(
                "{owner} is not a devnet test key: vmc gives the devnet's providers no JWT of it, so manifests and lease status will be refused"
            ));
            None
        } else {
            Some(
                vmc_akash::jwt::issue(&signing, &claims, vmc_akash::jwt::Alg::Es256k).map_err(
                    |e| CliError::failure(format!("could not sign the provider JWT: {e}")),
                )?,
            )
        };
        let (poll, measured) = match crate::settings::env_var("VMC_POLL_MS") {
            Some(p) => (
                Duration::from_millis(p.parse::<u64>().map_err(|_| {
                    CliError::usage(format!("VMC_POLL_MS=`{p}` is not a number of milliseconds"))
                })?),
                None,
            ),
            None => {
                let bt = session.block_time()?;
                let poll = Duration::from_secs_f64((bt.secs / 10.0).clamp(0.1, 1.0));
                (poll, bt.measured_over.is_some().then_some(bt.secs))
            }
        };
        let akash = LiveAkash::new(
            session.client.clone(),
            signing.clone(),
            TxSettings {
                poll,
                ..TxSettings::default()
            },
            jwt,
            GatewayOptions::default(),
        )
        .with_block_secs(measured);
        Ok(Flow {
            session,
            akash,
            owner,
            key: signing,
            poll,
        })
    }

    /// Runs a future on the session's runtime.
    pub fn block<F: std::future::Future>(&self, f: F) -> F::Output {
        self.session.block(f)
    }

    /// The receipt signer of this wallet.
    pub fn signer(&self) -> Box<dyn vmc_receipt::ReceiptSigner + Send + Sync> {
        Box::new(crate::mutation::AkashReceiptSigner(self.key.clone()))
    }
}

/// A port failure at the CLI edge, with the raw chain log under `-v`.
pub fn port_error(ctx: &Ctx, e: &PortError) -> CliError {
    match e {
        PortError::Refused { raw_log, .. } => {
            ctx.printer.debug(&format!("chain log: {raw_log}"));
            let err = CliError::failure(e.to_string());
            if raw_log.contains("insufficient funds") {
                err.with_hint("check `vmc akash balance`; mint ACT with `vmc akash mint-act AMOUNT`, deposit less, or use another wallet")
            } else {
                err
            }
        }
        PortError::Pending { hash, .. } => CliError::new(ErrorKind::Unavailable, e.to_string())
            .with_hint(format!("look it up later: the transaction hash is {hash}")),
        PortError::Gateway { .. } => CliError::new(ErrorKind::Unavailable, e.to_string()),
        PortError::Other(_) => CliError::new(ErrorKind::Unavailable, e.to_string()),
    }
}

/// Parses `5act`, `5000000uact`, `0.5akt` (micro units out) with [`vmc_akash::Coin::parse`],
/// taking only ACT and AKT. Bare numbers are micro units of `default_denom`.
pub fn parse_amount(text: &str, default_denom: &str) -> Result<(String, u128), String> {
    let t = text.trim().to_ascii_lowercase();
    let t = if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        format!("{t}{default_denom}")
    } else {
        t
    };
    let unknown = |d: &str| format!("unknown denom `{d}` in `{text}`: use act/uact or akt/uakt");
    let coin = vmc_akash::Coin::parse(&t).map_err(|e| match e {
        vmc_akash::CoinError::Denom(d) => unknown(&d),
        e => format!("`{text}`: {e}"),
    })?;
    match coin.denom {
        vmc_akash::Denom::Uact | vmc_akash::Denom::Uakt => {
            Ok((coin.denom.as_str().to_string(), coin.amount))
        }
        vmc_akash::Denom::Other(other) => Err(unknown(&other)),
    }
}

/// The spinner an [`EventPrinter`] draws, if any: a prompt suspends it so that it does not draw
/// over the question (the terminal is one per process).
static SPINNER: std::sync::Mutex<Option<ProgressBar>> = std::sync::Mutex::new(None);

/// Runs `f` (a prompt) with the spinner hidden and its ticks held, then draws it again.
pub fn suspend_progress<R>(f: impl FnOnce() -> R) -> R {
    let bar = SPINNER.lock().ok().and_then(|g| g.clone());
    match bar {
        Some(b) => b.suspend(f),
        None => f(),
    }
}

/// Renders workflow events: `-o jsonl` → one JSON object per event on stdout; a terminal → a
/// spinner with the latest state; otherwise plain lines on stderr.
pub struct EventPrinter {
    printer: Printer,
    bar: Option<ProgressBar>,
    jsonl: bool,
    last_bids: Option<(usize, Option<String>)>,
    /// The last progress line written without a terminal (repeats are skipped).
    last_line: Option<String>,
    /// When the last waiting line was written without a terminal (one every 10 s).
    last_wait: Option<Instant>,
}

impl EventPrinter {
    pub fn new(printer: &Printer) -> EventPrinter {
        let jsonl = printer.format.kind == OutputKind::Jsonl;
        let bar = (printer.interactive && !printer.quiet && !jsonl).then(|| {
            let b = ProgressBar::new_spinner();
            b.set_style(
                ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b.enable_steady_tick(Duration::from_millis(120));
            if let Ok(mut g) = SPINNER.lock() {
                *g = Some(b.clone());
            }
            b
        });
        EventPrinter {
            printer: printer.clone(),
            bar,
            jsonl,
            last_bids: None,
            last_line: None,
            last_wait: None,
        }
    }

    fn line(&mut self, msg: String) {
        match &self.bar {
            Some(b) => b.println(msg),
            None => self.printer.status(&msg),
        }
    }

    fn progress(&mut self, msg: String) {
        match &self.bar {
            Some(b) => b.set_message(msg),
            None if self.last_line.as_ref() == Some(&msg) => {}
            None => {
                self.printer.status(&msg);
                self.last_line = Some(msg);
            }
        }
    }

    pub fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
            if let Ok(mut g) = SPINNER.lock() {
                *g = None;
            }
        }
    }
}

impl Drop for EventPrinter {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Sink for EventPrinter {
    fn event(&mut self, e: &Event) {
        if self.jsonl {
            if let Ok(s) = serde_json::to_string(e) {
                let _ = self.printer.raw(&format!("{s}\n"));
            }
            return;
        }
        match e {
            Event::Step { step } => self.progress(format!("{step}…")),
            Event::Skipped { step, why } => self.line(format!("{step}: already done ({why})")),
            Event::Broadcast { step, tx_hash } => {
                self.progress(format!("{step}: broadcast {tx_hash}"))
            }
            Event::Included {
                step,
                tx_hash,
                height,
            } => self.line(format!("{step}: included at block {height} ({tx_hash})")),
            Event::Created { dseq, deposit } => self.line(format!(
                "deployment {dseq} created, {} in escrow",
                deposit.human()
            )),
            Event::Bids {
                elapsed,
                bids,
                cheapest,
            } => {
                let cheapest = cheapest.as_ref().map(|c| c.human());
                let now = (*bids, cheapest.clone());
                let msg = format!(
                    "waiting for bids: {bids} so far{} ({:.0} s)",
                    cheapest
                        .map(|c| format!(", cheapest {c}/block"))
                        .unwrap_or_default(),
                    elapsed.as_secs_f64()
                );
                if self.bar.is_some() {
                    self.progress(msg);
                } else if self.last_bids.as_ref() != Some(&now) {
                    self.printer.status(&msg);
                }
                self.last_bids = Some(now);
            }
            Event::Rejected { bid, reason } => self.line(format!(
                "bid of {} (group {}): {reason}",
                bid.provider, bid.gseq
            )),
            Event::Selected { bid, price } => self.line(format!(
                "group {}: chose {} at {}/block",
                bid.gseq,
                bid.provider,
                price.human()
            )),
            Event::Leased { lease, price } => self.line(format!(
                "lease {}/{}/{} with {} at {}/block",
                lease.dseq,
                lease.gseq,
                lease.oseq,
                lease.provider,
                price.human()
            )),
            Event::Waiting {
                elapsed, message, ..
            } => {
                let msg = format!("{message} ({:.0} s)", elapsed.as_secs_f64());
                if self.bar.is_some() {
                    self.progress(msg);
                } else if self
                    .last_wait
                    .is_none_or(|t| t.elapsed() >= Duration::from_secs(10))
                {
                    self.last_wait = Some(Instant::now());
                    self.printer.status(&msg);
                }
            }
            Event::Retry {
                step,
                provider,
                attempt,
                message,
            } => self.line(format!(
                "{step}: {provider}: attempt {attempt} failed: {message}; retrying"
            )),
            Event::ManifestAccepted { provider } => {
                self.line(format!("manifest accepted by {provider}"))
            }
            Event::Services { elapsed, services } => {
                let ready = services.iter().filter(|s| s.is_ready()).count();
                let msg = if self.bar.is_some() {
                    format!(
                        "waiting for services: {ready}/{} ready ({:.0} s)",
                        services.len(),
                        elapsed.as_secs_f64()
                    )
                } else {
                    format!("waiting for services: {ready}/{} ready", services.len())
                };
                self.progress(msg)
            }
            Event::Ready { .. } => self.line("services ready".into()),
            Event::Closing { dseq, why } => self.line(format!("closing deployment {dseq}: {why}")),
            Event::Closed { dseq, refund } => self.line(format!(
                "deployment {dseq} closed{}",
                refund
                    .as_ref()
                    .map(|r| format!(", {} returned", r.human()))
                    .unwrap_or_default()
            )),
            Event::Warning { message } => {
                if let Some(b) = &self.bar {
                    b.suspend(|| self.printer.warn(message));
                } else {
                    self.printer.warn(message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_amount;

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("5act", "uact"), Ok(("uact".into(), 5_000_000)));
        assert_eq!(parse_amount("0.5AKT", "uact"), Ok(("uakt".into(), 500_000)));
        assert_eq!(parse_amount("42", "uact"), Ok(("uact".into(), 42)));
        assert!(parse_amount("0.5uact", "uact").is_err());
        assert!(parse_amount("5usd", "uact").unwrap_err().contains("usd"));
    }
}
