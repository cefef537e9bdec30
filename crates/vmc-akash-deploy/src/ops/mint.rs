//! `vmc akash mint-act AMOUNT`: burn AKT for ACT with `MsgMintACT {owner, to: owner,
//! coins_to_burn}`. The chain executes the mint at the next BME epoch, so the job then polls the
//! owner's balance until the uact balance rises (or the timeout passes).
//!
//! Steps recorded: `mint` `begin {tx_hash, burn}` before the broadcast, `mint` `done {tx_hash,
//! height}` once included; the caller records the outcome after the epoch.

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;
use vmc_akash::rate::Amount;
use vmc_akash::tx::Msg;
use vmc_akash_proto::bme::MsgMintAct;
use vmc_akash_proto::cosmos::Coin;

use super::{OpError, amount, send_reported};
use crate::events::{Event, Sink, Step};
use crate::port::Akash;
use crate::steps::{StepLog, StepStatus};

/// What the wallet keeps for the mint transaction's fee beyond the AKT it burns (0.025 AKT:
/// one million gas at the default price).
pub const MINT_FEE_RESERVE_UAKT: u128 = 25_000;

/// How the job waits for the epoch.
#[derive(Debug, Clone)]
pub struct MintOptions {
    /// Longest wait for the credit (default 3 min).
    pub timeout: Duration,
    /// How often the balance is polled (default 1 s).
    pub poll: Duration,
}

impl Default for MintOptions {
    fn default() -> Self {
        MintOptions {
            timeout: Duration::from_secs(180),
            poll: Duration::from_secs(1),
        }
    }
}

/// A mint that the chain included and credited.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Minted {
    pub tx_hash: String,
    /// Height of the mint transaction.
    pub height: u64,
    /// The AKT burned (uakt).
    pub burned: Amount,
    /// What the uact balance rose by.
    pub minted: Amount,
    /// The uact balance after the credit.
    pub balance: Amount,
    /// The first height at which the credit was seen.
    pub credited_at: u64,
}

/// The wallet's balances before a mint, checked: it holds `burn_uakt` plus the fee reserve
/// (else [`OpError::Funds`] saying how much is missing). Nothing is sent.
pub async fn check<A: Akash>(akash: &A, burn_uakt: u128) -> Result<crate::model::Funds, OpError> {
    if burn_uakt == 0 {
        return Err(OpError::Invalid("the amount to burn is zero".into()));
    }
    let funds = akash.funds().await.map_err(OpError::chain("mint"))?;
    let need = burn_uakt.saturating_add(MINT_FEE_RESERVE_UAKT);
    if funds.uakt < need {
        return Err(OpError::Funds {
            denom: "uakt".into(),
            have: funds.uakt,
            need,
            what: format!(
                "{} to burn and {} for the fee",
                super::human(burn_uakt, "uakt"),
                super::human(MINT_FEE_RESERVE_UAKT, "uakt")
            ),
        });
    }
    Ok(funds)
}

/// The mint message for the port's owner.
pub fn mint_msg(owner: &str, burn_uakt: u128) -> Msg {
    Msg::MintAct(MsgMintAct {
        owner: owner.to_string(),
        to: owner.to_string(),
        coins_to_burn: Some(Coin {
            denom: "uakt".into(),
            amount: burn_uakt.to_string(),
        }),
    })
}

/// Burns `burn_uakt`, then waits until the uact balance rises above what it was before the
/// mint. `before_uact` is the balance [`check`] saw.
pub async fn mint<A: Akash, L: StepLog>(
    akash: &A,
    log: &mut L,
    sink: &mut dyn Sink,
    burn_uakt: u128,
    before_uact: u128,
    opts: &MintOptions,
) -> Result<Minted, OpError> {
    let msg = mint_msg(akash.owner(), burn_uakt);
    let burn = burn_uakt.to_string();
    let done = send_reported(akash, sink, Step::Mint, vec![msg], &mut |hash| {
        log.record(
            Step::Mint.as_str(),
            StepStatus::Begin,
            json!({"tx_hash": hash, "burn": {"denom": "uakt", "amount": burn}}),
        )
    })
    .await
    .map_err(OpError::chain("mint"))?;
    log.record(
        Step::Mint.as_str(),
        StepStatus::Done,
        json!({"tx_hash": done.hash, "height": done.height.to_string()}),
    )
    .map_err(OpError::Journal)?;
    let start = Instant::now();
    loop {
        let height = akash.height().await.unwrap_or(done.height);
        let funds = akash.funds().await.map_err(OpError::chain("mint"))?;
        if funds.uact > before_uact {
            let minted = funds.uact - before_uact;
            return Ok(Minted {
                tx_hash: done.hash,
                height: done.height,
                burned: amount("uakt", burn_uakt),
                minted: amount("uact", minted),
                balance: amount("uact", funds.uact),
                credited_at: height,
            });
        }
        if start.elapsed() >= opts.timeout {
            return Err(OpError::Timeout {
                what: format!(
                    "the mint of transaction {} was not credited (the uact balance is still {})",
                    done.hash,
                    super::human(funds.uact, "uact")
                ),
                waited: opts.timeout,
                tx_hash: Some(done.hash),
            });
        }
        sink.event(&Event::Waiting {
            step: Step::Mint,
            elapsed: start.elapsed(),
            height,
            message: format!(
                "waiting for the BME epoch to credit the mint (sent at block {}, now block {height})",
                done.height
            ),
        });
        tokio::time::sleep(opts.poll).await;
    }
}
