//! Coins and denoms: `uakt` (fees, AKT) and `uact` (deployments, ACT), 6 decimals each.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;
use vmc_akash_proto::cosmos as wire;
use vmc_akash_proto::legacy_dec;

/// A malformed amount or denom.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoinError {
    #[error(
        "invalid denom `{0}`: expected uakt, uact, AKT, ACT or a Cosmos denom (letter, then 2–127 of [a-zA-Z0-9/:._-])"
    )]
    Denom(String),
    #[error(
        "invalid amount `{0}`: expected a non-negative integer of base units (e.g. 5000000uact)"
    )]
    Amount(String),
    #[error("invalid decimal amount `{amount}`: {reason}")]
    Decimal { amount: String, reason: String },
    #[error("invalid coin `{0}`: expected <amount><denom>, e.g. 5000000uact or 5ACT")]
    Coin(String),
    #[error("`{amount}` has more than 6 decimals for {unit}")]
    TooPrecise { amount: String, unit: &'static str },
}

/// A denom. `uakt`/`uact` are the micro units of AKT/ACT (10^6).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Denom {
    /// Micro-AKT: fees, staking, MsgMintACT input.
    Uakt,
    /// Micro-ACT: deployment prices and deposits (network v2.x).
    Uact,
    /// Any other valid Cosmos denom (e.g. an IBC denom).
    Other(String),
}

impl Denom {
    /// The on-chain denom text.
    pub fn as_str(&self) -> &str {
        match self {
            Denom::Uakt => "uakt",
            Denom::Uact => "uact",
            Denom::Other(s) => s,
        }
    }

    /// The display unit (`AKT`/`ACT`) and its exponent, for the two native denoms.
    pub fn display_unit(&self) -> Option<(&'static str, u32)> {
        match self {
            Denom::Uakt => Some(("AKT", 6)),
            Denom::Uact => Some(("ACT", 6)),
            Denom::Other(_) => None,
        }
    }

    /// Parse an on-chain denom (`uakt`, `uact`, `ibc/…`).
    pub fn parse(s: &str) -> Result<Denom, CoinError> {
        match s {
            "uakt" => Ok(Denom::Uakt),
            "uact" => Ok(Denom::Uact),
            _ if valid_denom(s) => Ok(Denom::Other(s.to_string())),
            _ => Err(CoinError::Denom(s.to_string())),
        }
    }
}

impl fmt::Display for Denom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn valid_denom(s: &str) -> bool {
    let b = s.as_bytes();
    (3..=128).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || b"/:._-".contains(c))
}

/// An integer amount of a denom.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Coin {
    pub amount: u128,
    pub denom: Denom,
}

impl Coin {
    pub fn new(amount: u128, denom: Denom) -> Coin {
        Coin { amount, denom }
    }

    /// Parse `5000000uact`, `5ACT`, `0.5AKT`, `1.25 akt` (display units become micro units).
    pub fn parse(s: &str) -> Result<Coin, CoinError> {
        let t = s.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| CoinError::Coin(s.into()))?;
        let (num, denom) = t.split_at(split);
        let denom = denom.trim();
        if num.is_empty() {
            return Err(CoinError::Coin(s.into()));
        }
        let unit = match denom.to_ascii_uppercase().as_str() {
            "AKT" => Some((Denom::Uakt, "AKT")),
            "ACT" => Some((Denom::Uact, "ACT")),
            _ => None,
        };
        match unit {
            Some((d, name)) => Ok(Coin {
                amount: scale_decimal(num, 6, name)?,
                denom: d,
            }),
            None => {
                let amount = parse_int(num)?;
                Ok(Coin {
                    amount,
                    denom: Denom::parse(denom)?,
                })
            }
        }
    }

    /// `5.25 ACT` for native denoms, `123ibc/…` otherwise.
    pub fn display(&self) -> String {
        match self.denom.display_unit() {
            Some((unit, exp)) => {
                let scale = 10u128.pow(exp);
                let frac = self.amount % scale;
                if frac == 0 {
                    format!("{} {unit}", self.amount / scale)
                } else {
                    let f = format!("{frac:0width$}", width = exp as usize);
                    format!("{}.{} {unit}", self.amount / scale, f.trim_end_matches('0'))
                }
            }
            None => self.to_string(),
        }
    }
}

impl fmt::Display for Coin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.denom)
    }
}

impl FromStr for Coin {
    type Err = CoinError;
    fn from_str(s: &str) -> Result<Coin, CoinError> {
        Coin::parse(s)
    }
}

fn parse_int(s: &str) -> Result<u128, CoinError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CoinError::Amount(s.to_string()));
    }
    s.parse().map_err(|_| CoinError::Amount(s.to_string()))
}

fn scale_decimal(num: &str, exp: u32, unit: &'static str) -> Result<u128, CoinError> {
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    if int.is_empty()
        || (num.contains('.') && frac.is_empty())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(CoinError::Amount(num.to_string()));
    }
    if frac.len() > exp as usize {
        return Err(CoinError::TooPrecise {
            amount: num.to_string(),
            unit,
        });
    }
    let digits = format!("{int}{frac:0<width$}", width = exp as usize);
    parse_int(&digits)
}

impl TryFrom<wire::Coin> for Coin {
    type Error = CoinError;
    fn try_from(w: wire::Coin) -> Result<Coin, CoinError> {
        Ok(Coin {
            amount: parse_int(&w.amount)?,
            denom: Denom::parse(&w.denom)?,
        })
    }
}

impl From<Coin> for wire::Coin {
    fn from(c: Coin) -> wire::Coin {
        wire::Coin {
            denom: c.denom.as_str().to_string(),
            amount: c.amount.to_string(),
        }
    }
}

/// A decimal amount of a denom (prices, escrow balances). Stored as LegacyDec atomics
/// (value × 10^18), which is also its wire form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecCoin {
    pub atomics: u128,
    pub denom: Denom,
}

impl DecCoin {
    /// From a decimal text (`"1000"`, `"0.5"`, at most 18 decimals).
    pub fn from_decimal(amount: &str, denom: Denom) -> Result<DecCoin, CoinError> {
        let atomics =
            legacy_dec::decimal_to_atomics(amount).map_err(|reason| CoinError::Decimal {
                amount: amount.into(),
                reason,
            })?;
        let atomics = atomics.parse().map_err(|_| CoinError::Decimal {
            amount: amount.into(),
            reason: "must not be negative".into(),
        })?;
        Ok(DecCoin { atomics, denom })
    }

    /// The decimal text without trailing zeros (`"1000"`, `"0.5"`).
    pub fn amount_decimal(&self) -> String {
        let full = legacy_dec::atomics_to_decimal(&self.atomics.to_string()).unwrap_or_default();
        let t = full.trim_end_matches('0');
        t.strip_suffix('.').unwrap_or(t).to_string()
    }
}

impl fmt::Display for DecCoin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount_decimal(), self.denom)
    }
}

impl TryFrom<wire::DecCoin> for DecCoin {
    type Error = CoinError;
    fn try_from(w: wire::DecCoin) -> Result<DecCoin, CoinError> {
        let atomics = parse_int(&w.amount).map_err(|_| CoinError::Decimal {
            amount: w.amount.clone(),
            reason: "the wire form is an integer of atomics (value × 10^18)".into(),
        })?;
        Ok(DecCoin {
            atomics,
            denom: Denom::parse(&w.denom)?,
        })
    }
}

impl From<DecCoin> for wire::DecCoin {
    fn from(c: DecCoin) -> wire::DecCoin {
        wire::DecCoin {
            denom: c.denom.as_str().to_string(),
            amount: c.atomics.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(
            Coin::parse("5ACT").unwrap(),
            Coin::new(5_000_000, Denom::Uact)
        );
        assert_eq!(
            Coin::parse("0.5 akt").unwrap(),
            Coin::new(500_000, Denom::Uakt)
        );
        assert_eq!(
            Coin::parse("5000000uact").unwrap().to_string(),
            "5000000uact"
        );
        assert_eq!(Coin::new(1_250_000, Denom::Uakt).display(), "1.25 AKT");
        assert!(matches!(
            Coin::parse("1.0000001AKT"),
            Err(CoinError::TooPrecise { .. })
        ));
        assert!(Coin::parse("-5uakt").is_err());
        assert!(Coin::parse("5").is_err());
        assert!(Coin::parse("5u").is_err());
        assert!(
            Coin::try_from(wire::Coin {
                denom: "uakt".into(),
                amount: "1.5".into()
            })
            .is_err()
        );
    }

    #[test]
    fn dec_coin_wire() {
        let d = DecCoin::from_decimal("1000", Denom::Uact).unwrap();
        let w: wire::DecCoin = d.clone().into();
        assert_eq!(w.amount, "1000000000000000000000");
        assert_eq!(DecCoin::try_from(w).unwrap(), d);
        assert_eq!(
            DecCoin::from_decimal("0.25", Denom::Uakt)
                .unwrap()
                .to_string(),
            "0.25uakt"
        );
        assert!(DecCoin::from_decimal("1e3", Denom::Uakt).is_err());
    }
}
