//! Money over time, in one place: amounts in a denom's base units (possibly fractional, as
//! on-chain DecCoins are), their human form (`0.42 ACT`), prices per block shown per hour and
//! per month, and escrow runway, all from a [`BlockTime`] that says whether it was measured.
//!
//! A month is 30 days (2,592,000 s), as `vmc sdl price` uses.
//!
//! ```
//! use vmc_akash::rate::{Amount, BlockTime};
//! let price = Amount::parse("uact", "1000.000000000000000000").unwrap();
//! let bt = BlockTime::assumed(6.0);
//! assert_eq!(price.per_month(&bt).human(), "432 ACT");
//! assert_eq!(price.amount_text(), "1000");
//! ```

use std::str::FromStr;
use std::time::Duration;

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::CoinError;

/// Seconds in the month that prices are quoted in.
pub const MONTH_SECS: f64 = 30.0 * 24.0 * 3600.0;
/// The block time assumed when it cannot be measured (Akash docs: ~6 s).
pub const DEFAULT_BLOCK_SECS: f64 = 6.0;

/// Seconds per block, and how that figure was obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockTime {
    pub secs: f64,
    /// `Some(n)`: measured over the last `n` blocks; `None`: assumed.
    pub measured_over: Option<u64>,
}

impl BlockTime {
    pub fn measured(secs: f64, blocks: u64) -> BlockTime {
        BlockTime {
            secs,
            measured_over: Some(blocks),
        }
    }
    pub fn assumed(secs: f64) -> BlockTime {
        BlockTime {
            secs,
            measured_over: None,
        }
    }
    pub fn blocks_per_hour(&self) -> f64 {
        3600.0 / self.secs
    }
    pub fn blocks_per_month(&self) -> f64 {
        MONTH_SECS / self.secs
    }
    /// The time `blocks` blocks take.
    pub fn duration(&self, blocks: u64) -> Duration {
        Duration::from_secs_f64((blocks as f64 * self.secs).min(1e12))
    }
    /// `6.02 s per block (measured over the last 100 blocks)` or `6 s per block (assumed)`.
    pub fn describe(&self) -> String {
        let s = Decimal::from_f64(self.secs)
            .map(|d| d.round_dp(2).normalize().to_string())
            .unwrap_or_else(|| format!("{:.2}", self.secs));
        match self.measured_over {
            Some(n) => format!("{s} s per block (measured over the last {n} blocks)"),
            None => format!("{s} s per block (assumed)"),
        }
    }
}

/// An amount of a denom in its base units (`uact`, `uakt`, …), fractional allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub denom: String,
    pub base: Decimal,
}

/// JSON form: `{"denom": "uact", "amount": "1000"}` (the amount as decimal text, so that no
/// precision is lost).
impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Amount", 2)?;
        st.serialize_field("denom", &self.denom)?;
        st.serialize_field("amount", &self.amount_text())?;
        st.end()
    }
}

impl Amount {
    /// From a Coin or DecCoin amount text (`"123"`, `"1000.000000000000000000"`).
    pub fn parse(denom: &str, amount: &str) -> Result<Amount, CoinError> {
        let t = amount.trim();
        let digits = t.split_once('.').map_or(t, |(i, _)| i);
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        {
            return Err(CoinError::Decimal {
                amount: amount.to_string(),
                reason: "expected digits with an optional decimal point".into(),
            });
        }
        let t = match t.split_once('.') {
            Some((i, f)) => {
                let f = f.trim_end_matches('0');
                if f.is_empty() {
                    i.to_string()
                } else {
                    format!("{i}.{f}")
                }
            }
            None => t.to_string(),
        };
        let base = Decimal::from_str(&t).map_err(|e| CoinError::Decimal {
            amount: amount.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Amount {
            denom: denom.to_string(),
            base,
        })
    }

    /// `v` whole base units of `denom` (`None` past the decimal's range, about 7.9 × 10^28).
    pub fn of_units(denom: &str, v: u128) -> Option<Amount> {
        Some(Amount {
            denom: denom.to_string(),
            base: Decimal::from_u128(v)?,
        })
    }

    /// From a DecCoin as the wire types hold it: LegacyDec atomics (the amount × 10^18).
    pub fn from_atomics(denom: &str, atomics: &str) -> Result<Amount, CoinError> {
        let text = vmc_akash_proto::legacy_dec::atomics_to_decimal(atomics).map_err(|reason| {
            CoinError::Decimal {
                amount: atomics.to_string(),
                reason,
            }
        })?;
        Amount::parse(denom, &text)
    }

    /// From a wire DecCoin (atomics); a malformed amount reads as zero of its denom.
    pub fn of_dec_coin(c: &vmc_akash_proto::cosmos::DecCoin) -> Amount {
        Amount::from_atomics(&c.denom, &c.amount).unwrap_or_else(|_| Amount::zero(&c.denom))
    }

    pub fn zero(denom: &str) -> Amount {
        Amount {
            denom: denom.to_string(),
            base: Decimal::ZERO,
        }
    }

    /// The amount in base units as plain decimal text without trailing zeros (`"1000"`,
    /// `"0.5"`): what JSON output carries.
    pub fn amount_text(&self) -> String {
        self.base.normalize().to_string()
    }

    /// The display unit and its exponent (`ACT`, 6) for the native denoms.
    fn unit(&self) -> Option<(&'static str, u32)> {
        match self.denom.as_str() {
            "uact" => Some(("ACT", 6)),
            "uakt" => Some(("AKT", 6)),
            _ => None,
        }
    }

    /// The amount in whole units (`ACT`), or in base units for other denoms.
    pub fn whole(&self) -> Decimal {
        match self.unit() {
            Some((_, exp)) => self.base / Decimal::from(10u64.pow(exp)),
            None => self.base,
        }
    }

    /// For people: `0.42 ACT`, `432 ACT`, `1.5 AKT`, `12 ibc/…`. Whole amounts of 1 or more
    /// keep 2 decimals, smaller ones 3 significant digits.
    pub fn human(&self) -> String {
        let label = self.unit().map(|(u, _)| u).unwrap_or(self.denom.as_str());
        format!("{} {label}", human_number(self.whole()))
    }

    /// This amount per block, over an hour.
    pub fn per_hour(&self, bt: &BlockTime) -> Amount {
        self.times(bt.blocks_per_hour())
    }

    /// This amount per block, over a month.
    pub fn per_month(&self, bt: &BlockTime) -> Amount {
        self.times(bt.blocks_per_month())
    }

    fn times(&self, f: f64) -> Amount {
        let f = Decimal::from_f64(f).unwrap_or(Decimal::ZERO);
        Amount {
            denom: self.denom.clone(),
            base: self.base.checked_mul(f).unwrap_or(Decimal::MAX),
        }
    }

    /// How many whole blocks `self` (a balance) pays for at `rate` per block; `None` when the
    /// rate is zero or in another denom.
    pub fn runway_blocks(&self, rate: &Amount) -> Option<u64> {
        if rate.denom != self.denom || rate.base <= Decimal::ZERO {
            return None;
        }
        (self.base / rate.base).floor().to_u64()
    }
}

/// `1234.5` → `1234.5`, `0.004321` → `0.00432`, `432.0000001` → `432`.
pub fn human_number(v: Decimal) -> String {
    let r = if v.abs() >= Decimal::ONE || v.is_zero() {
        v.round_dp(2)
    } else {
        v.round_sf(3).unwrap_or(v)
    };
    r.normalize().to_string()
}

/// A duration for people: `3d 4h`, `5h 12m`, `42m`, `30s`.
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    let (days, hours, mins) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    if days > 0 {
        format!("{days}d {hours}h")
    } else if hours > 0 {
        format!("{hours}h {mins}m")
    } else if mins > 0 {
        format!("{mins}m")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_units() {
        let a = Amount::of_units("uact", 500_000).unwrap();
        assert_eq!(a, Amount::parse("uact", "500000").unwrap());
        assert_eq!(a.human(), "0.5 ACT");
        assert_eq!(Amount::of_units("uakt", u128::MAX), None);
    }

    #[test]
    fn conversions() {
        let bt = BlockTime::assumed(6.0);
        let p = Amount::parse("uact", "100.000000000000000000").unwrap();
        assert_eq!(p.amount_text(), "100");
        assert_eq!(p.human(), "0.0001 ACT");
        assert_eq!(p.per_hour(&bt).amount_text(), "60000");
        assert_eq!(p.per_hour(&bt).human(), "0.06 ACT");
        assert_eq!(p.per_month(&bt).human(), "43.2 ACT");
        let bal = Amount::parse("uact", "500000").unwrap();
        assert_eq!(bal.runway_blocks(&p), Some(5000));
        assert_eq!(human_duration(bt.duration(5000)), "8h 20m");
        assert_eq!(bal.runway_blocks(&Amount::zero("uact")), None);
        assert_eq!(
            bal.runway_blocks(&Amount::parse("uakt", "1").unwrap()),
            None
        );
        assert_eq!(Amount::parse("uakt", "1500000").unwrap().human(), "1.5 AKT");
        assert_eq!(Amount::parse("ibc/X", "12").unwrap().human(), "12 ibc/X");
        assert!(Amount::parse("uact", "1e5").is_err());
        let wire = vmc_akash_proto::cosmos::DecCoin {
            denom: "uact".into(),
            amount: "1500000000000000000000".into(),
        };
        assert_eq!(Amount::of_dec_coin(&wire).amount_text(), "1500");
        assert_eq!(
            BlockTime::measured(6.016, 100).describe(),
            "6.02 s per block (measured over the last 100 blocks)"
        );
    }

    #[test]
    fn fractional_and_large() {
        let a = Amount::parse("uact", "0.123456789000000000").unwrap();
        assert_eq!(a.amount_text(), "0.123456789");
        let big = Amount::parse("uact", "123456789012345678.000000000000000000").unwrap();
        assert_eq!(big.amount_text(), "123456789012345678");
    }
}
