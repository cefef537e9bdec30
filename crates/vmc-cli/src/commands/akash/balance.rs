//! `vmc akash balance [ADDR]`: every denom an address holds; AKT and ACT also in whole units.

use clap::Args;
use serde::{Deserialize, Serialize};
use vmc_akash::rate::Amount;

use super::chain::{Session, check_address, owner};
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// The address (default: the configured wallet, AKASH_WALLET_ADDRESS).
    #[arg(value_name = "ADDR")]
    pub address: Option<String>,
}

/// `{address, balances: [{denom, amount, display}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceView {
    pub address: String,
    pub balances: Vec<BalanceLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceLine {
    pub denom: String,
    /// Base units (`uakt`, `uact`).
    pub amount: String,
    /// Whole units for people (`1.5 AKT`).
    pub display: String,
}

pub fn run(ctx: &mut Ctx, args: BalanceArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let address = match &args.address {
        Some(a) => {
            check_address(a, "address")?;
            a.clone()
        }
        None => owner(ctx, None)?,
    };
    let s = Session::open(ctx, chain)?;
    let coins = s.call(s.client.balances(&address))?;
    let view = BalanceView {
        address: address.clone(),
        balances: coins
            .iter()
            .map(|c| BalanceLine {
                denom: c.denom.clone(),
                amount: c.amount.clone(),
                display: Amount::parse(&c.denom, &c.amount)
                    .map(|a| a.human())
                    .unwrap_or_else(|_| format!("{} {}", c.amount, c.denom)),
            })
            .collect(),
    };
    if view.balances.is_empty() {
        ctx.printer.hint(&format!(
            "{address} holds nothing on {} (it never received funds)",
            s.chain_id
        ));
    }
    ctx.printer.data(&view, || {
        let mut t = Table::new(["DENOM", "AMOUNT", "WHOLE"]);
        for b in &view.balances {
            t.row([b.denom.clone(), b.amount.clone(), b.display.clone()]);
        }
        t
    })
}
