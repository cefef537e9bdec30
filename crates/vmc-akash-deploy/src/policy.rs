//! Which bid to take: a pure function of the bids, the providers and the policy.
//!
//! A policy comes from flags or a TOML file (`--policy FILE`, see `docs/deploy-policy.md`):
//!
//! ```
//! use vmc_akash_deploy::policy::Policy;
//! let p = Policy::from_toml(r#"
//! select = "cheapest"
//! audited_by = ["akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63"]
//! max_price = "30act/month"
//! attributes = { region = "us-west" }
//! wait_for_bids = "10s"
//! "#).unwrap();
//! assert_eq!(p.max_price.unwrap().to_string(), "30 ACT/month");
//! ```
//!
//! Prices are compared in one money type ([`Amount`], per block, converted per hour or month
//! with the measured block time), never as bare numbers across denoms: a bid in another denom
//! than the deployment's is refused, not ranked.

use std::collections::BTreeMap;
use std::time::Duration;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use vmc_akash::rate::Amount;

use crate::model::{Bid, ProviderInfo};

/// How to pick among the acceptable bids of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Select {
    /// The lowest price (ties: the earliest bid, then the provider address).
    Cheapest,
    /// The earliest bid.
    First,
    /// The front end asks the user.
    Interactive,
    /// Only this provider.
    Provider(String),
}

impl std::str::FromStr for Select {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "cheapest" => Ok(Select::Cheapest),
            "first" => Ok(Select::First),
            "interactive" => Ok(Select::Interactive),
            _ => match s.strip_prefix("provider=") {
                Some(a) if a.starts_with("akash1") => Ok(Select::Provider(a.to_string())),
                _ => Err(format!(
                    "unknown selection `{s}`: use cheapest, first, interactive or provider=akash1…"
                )),
            },
        }
    }
}

/// The period a maximum price is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Per {
    Block,
    Hour,
    Month,
}

/// A maximum price: `100uact` (per block), `0.5act/hour`, `30act/month`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaxPrice {
    /// In micro units (`uact`, `uakt`).
    pub amount: Amount,
    pub per: Per,
}

impl std::fmt::Display for MaxPrice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let per = match self.per {
            Per::Block => "block",
            Per::Hour => "hour",
            Per::Month => "month",
        };
        write!(f, "{}/{per}", self.amount.human())
    }
}

impl std::str::FromStr for MaxPrice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().to_ascii_lowercase();
        let (value, per) = match t.split_once('/') {
            Some((v, "block")) => (v, Per::Block),
            Some((v, "hour" | "h")) => (v, Per::Hour),
            Some((v, "month" | "mo")) => (v, Per::Month),
            Some((_, other)) => {
                return Err(format!(
                    "unknown period `/{other}` in `{s}`: use /block, /hour or /month"
                ));
            }
            None => (t.as_str(), Per::Block),
        };
        let split = value
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| format!("`{s}` has no denom: write e.g. 100uact or 30act/month"))?;
        let (num, denom) = value.split_at(split);
        let (micro, scale) = match denom {
            "uact" => ("uact", Decimal::ONE),
            "act" => ("uact", Decimal::from(1_000_000)),
            "uakt" => ("uakt", Decimal::ONE),
            "akt" => ("uakt", Decimal::from(1_000_000)),
            other => {
                return Err(format!(
                    "unknown denom `{other}` in `{s}`: use uact/act (deployments pay in ACT)"
                ));
            }
        };
        let a = Amount::parse(micro, num).map_err(|e| format!("`{s}`: {e}"))?;
        Ok(MaxPrice {
            amount: Amount {
                denom: micro.to_string(),
                base: a.base * scale,
            },
            per,
        })
    }
}

impl MaxPrice {
    /// The maximum per block, at `block_secs` seconds per block.
    pub fn per_block(&self, block_secs: f64) -> Amount {
        let bt = vmc_akash::rate::BlockTime::assumed(block_secs);
        let blocks = match self.per {
            Per::Block => return self.amount.clone(),
            Per::Hour => bt.blocks_per_hour(),
            Per::Month => bt.blocks_per_month(),
        };
        let blocks = Decimal::from_f64_retain(blocks).unwrap_or(Decimal::ONE);
        Amount {
            denom: self.amount.denom.clone(),
            base: (self.amount.base / blocks).round_dp(18),
        }
    }
}

/// Who may win, and how one is picked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    pub select: Select,
    /// Every listed auditor must have signed the provider (`--audited-by`, repeatable).
    pub audited_by: Vec<String>,
    /// Only these providers (empty: any).
    pub allow: Vec<String>,
    /// Never these providers.
    pub deny: Vec<String>,
    pub max_price: Option<MaxPrice>,
    /// Provider attributes that must match exactly.
    pub attributes: Vec<(String, String)>,
    /// Collect bids for this long before choosing (default: choose as soon as every group has
    /// an acceptable bid).
    pub wait_for_bids: Option<Duration>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            select: Select::Cheapest,
            audited_by: Vec::new(),
            allow: Vec::new(),
            deny: Vec::new(),
            max_price: None,
            attributes: Vec::new(),
            wait_for_bids: None,
        }
    }
}

/// The file form (`--policy FILE`, TOML). Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    select: Option<String>,
    #[serde(default)]
    audited_by: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
    max_price: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    wait_for_bids: Option<String>,
}

impl Policy {
    /// Parses a policy file; errors name the key.
    pub fn from_toml(text: &str) -> Result<Policy, String> {
        let f: PolicyFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut p = Policy::default();
        if let Some(s) = f.select {
            p.select = s.parse().map_err(|e| format!("select: {e}"))?;
        }
        for (key, list) in [
            ("audited_by", &f.audited_by),
            ("allow", &f.allow),
            ("deny", &f.deny),
        ] {
            for a in list {
                check_address(a).map_err(|e| format!("{key}: {e}"))?;
            }
        }
        p.audited_by = f.audited_by;
        p.allow = f.allow;
        p.deny = f.deny;
        if let Some(m) = f.max_price {
            p.max_price = Some(m.parse().map_err(|e| format!("max_price: {e}"))?);
        }
        p.attributes = f.attributes.into_iter().collect();
        if let Some(w) = f.wait_for_bids {
            p.wait_for_bids =
                Some(humantime::parse_duration(&w).map_err(|e| format!("wait_for_bids: {e}"))?);
        }
        Ok(p)
    }
}

/// An `akash1…` bech32 address, or why not.
pub fn check_address(a: &str) -> Result<(), String> {
    vmc_akash::keys::validate_address(a, "akash").map_err(|e| format!("`{a}`: {e}"))
}

/// One acceptable bid, with why it ranks where it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub bid: Bid,
    pub per_block: Amount,
}

/// The outcome of [`rank`]: acceptable bids per group, best first, and the refused ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ranking {
    pub groups: BTreeMap<u32, Vec<Candidate>>,
    pub rejected: Vec<(Bid, String)>,
}

/// Ranks the open bids of each group under `policy`. `denom` is the deployment's pricing
/// denom; `providers` the on-chain records (a bid whose provider is unknown is refused when
/// the policy needs its attributes or audits).
pub fn rank(
    bids: &[Bid],
    providers: &BTreeMap<String, ProviderInfo>,
    policy: &Policy,
    denom: &str,
    block_secs: f64,
) -> Ranking {
    let mut out = Ranking::default();
    let max = policy.max_price.as_ref().map(|m| m.per_block(block_secs));
    for bid in bids.iter().filter(|b| b.state == "open") {
        match refuse(bid, providers, policy, denom, max.as_ref()) {
            Some(why) => out.rejected.push((bid.clone(), why)),
            None => out.groups.entry(bid.id.gseq).or_default().push(Candidate {
                bid: bid.clone(),
                per_block: bid.price.clone(),
            }),
        }
    }
    for list in out.groups.values_mut() {
        match policy.select {
            Select::First => list.sort_by(|a, b| {
                (a.bid.created_at, &a.bid.id.provider).cmp(&(b.bid.created_at, &b.bid.id.provider))
            }),
            _ => list.sort_by(|a, b| {
                a.per_block
                    .base
                    .cmp(&b.per_block.base)
                    .then(a.bid.created_at.cmp(&b.bid.created_at))
                    .then(a.bid.id.provider.cmp(&b.bid.id.provider))
            }),
        }
    }
    out
}

fn refuse(
    bid: &Bid,
    providers: &BTreeMap<String, ProviderInfo>,
    policy: &Policy,
    denom: &str,
    max: Option<&Amount>,
) -> Option<String> {
    let who = &bid.id.provider;
    if bid.price.denom != denom {
        return Some(format!(
            "priced in {}, but the deployment pays in {denom}",
            bid.price.denom
        ));
    }
    if let Select::Provider(p) = &policy.select
        && p != who
    {
        return Some(format!("not the selected provider {p}"));
    }
    if policy.deny.iter().any(|d| d == who) {
        return Some("denied by the policy".into());
    }
    if !policy.allow.is_empty() && !policy.allow.iter().any(|a| a == who) {
        return Some("not in the policy's allow list".into());
    }
    if let Some(max) = max {
        if max.denom != bid.price.denom {
            return Some(format!(
                "priced in {}, the maximum is in {}: not comparable",
                bid.price.denom, max.denom
            ));
        }
        if bid.price.base > max.base {
            return Some(format!(
                "{}/block is above the maximum {}/block",
                bid.price.human(),
                max.human()
            ));
        }
    }
    if policy.audited_by.is_empty() && policy.attributes.is_empty() {
        return None;
    }
    let Some(p) = providers.get(who) else {
        return Some("provider not found on chain".into());
    };
    let missing: Vec<&str> = policy
        .audited_by
        .iter()
        .filter(|a| !p.auditors.contains(a))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Some(format!("not audited by {}", missing.join(", ")));
    }
    for (k, v) in &policy.attributes {
        if !p.attributes.iter().any(|(pk, pv)| pk == k && pv == v) {
            return Some(format!("lacks attribute {k}={v}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BidRef;

    fn bid(gseq: u32, provider: &str, uact: &str, at: u64) -> Bid {
        Bid {
            id: BidRef {
                owner: "akash1owner".into(),
                dseq: 7,
                gseq,
                oseq: 1,
                provider: provider.into(),
                bseq: 0,
            },
            price: Amount::parse("uact", uact).unwrap(),
            state: "open".into(),
            created_at: at,
        }
    }

    fn provider(addr: &str, auditors: &[&str], attrs: &[(&str, &str)]) -> ProviderInfo {
        ProviderInfo {
            address: addr.into(),
            host_uri: format!("https://{addr}:8443"),
            attributes: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            auditors: auditors.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn cheapest_first_and_ties_by_time() {
        let bids = [
            bid(1, "b", "10", 5),
            bid(1, "a", "8.5", 6),
            bid(1, "c", "8.5", 4),
        ];
        let r = rank(&bids, &BTreeMap::new(), &Policy::default(), "uact", 6.0);
        let order: Vec<_> = r.groups[&1]
            .iter()
            .map(|c| c.bid.id.provider.as_str())
            .collect();
        assert_eq!(order, ["c", "a", "b"]);
        let first = Policy {
            select: Select::First,
            ..Policy::default()
        };
        let r = rank(&bids, &BTreeMap::new(), &first, "uact", 6.0);
        let order: Vec<_> = r.groups[&1]
            .iter()
            .map(|c| c.bid.id.provider.as_str())
            .collect();
        assert_eq!(order, ["c", "b", "a"]);
    }

    #[test]
    fn max_price_per_month_uses_block_time() {
        // 30 ACT/month at 6 s blocks = 30e6 uact / 432000 blocks = 69.44… uact/block.
        let p = Policy {
            max_price: Some("30act/month".parse().unwrap()),
            ..Policy::default()
        };
        let bids = [bid(1, "a", "69", 1), bid(1, "b", "70", 1)];
        let r = rank(&bids, &BTreeMap::new(), &p, "uact", 6.0);
        assert_eq!(r.groups[&1].len(), 1);
        assert_eq!(r.groups[&1][0].bid.id.provider, "a");
        assert!(
            r.rejected[0].1.contains("above the maximum"),
            "{:?}",
            r.rejected
        );
    }

    #[test]
    fn another_denom_is_refused_not_compared() {
        let mut b = bid(1, "a", "1", 1);
        b.price.denom = "uakt".into();
        let r = rank(&[b], &BTreeMap::new(), &Policy::default(), "uact", 6.0);
        assert!(r.groups.is_empty());
        assert!(r.rejected[0].1.contains("priced in uakt"));
    }

    #[test]
    fn audits_attributes_allow_deny() {
        let mut providers = BTreeMap::new();
        providers.insert(
            "a".into(),
            provider("a", &["aud1", "aud2"], &[("region", "eu")]),
        );
        providers.insert("b".into(), provider("b", &["aud1"], &[("region", "us")]));
        let bids = [bid(1, "a", "10", 1), bid(1, "b", "5", 1)];
        let p = Policy {
            audited_by: vec!["aud1".into(), "aud2".into()],
            ..Policy::default()
        };
        let r = rank(&bids, &providers, &p, "uact", 6.0);
        assert_eq!(r.groups[&1][0].bid.id.provider, "a");
        assert_eq!(r.rejected[0].1, "not audited by aud2");
        let p = Policy {
            attributes: vec![("region".into(), "us".into())],
            ..Policy::default()
        };
        let r = rank(&bids, &providers, &p, "uact", 6.0);
        assert_eq!(r.groups[&1].len(), 1);
        assert_eq!(r.groups[&1][0].bid.id.provider, "b");
        let p = Policy {
            deny: vec!["b".into()],
            ..Policy::default()
        };
        assert_eq!(
            rank(&bids, &providers, &p, "uact", 6.0).groups[&1][0]
                .bid
                .id
                .provider,
            "a"
        );
        let p = Policy {
            select: Select::Provider("akash1b".into()),
            ..Policy::default()
        };
        assert!(rank(&bids, &providers, &p, "uact", 6.0).groups.is_empty());
    }

    #[test]
    fn prices_parse() {
        let m: MaxPrice = "100uact".parse().unwrap();
        assert_eq!((m.amount.base, m.per), (Decimal::from(100), Per::Block));
        let m: MaxPrice = "0.5act/hour".parse().unwrap();
        assert_eq!(m.amount.base, Decimal::from(500_000));
        assert!(
            "5usd"
                .parse::<MaxPrice>()
                .unwrap_err()
                .contains("unknown denom")
        );
        assert!(
            "5act/week"
                .parse::<MaxPrice>()
                .unwrap_err()
                .contains("/week")
        );
        assert!(
            Policy::from_toml("bogus = 1")
                .unwrap_err()
                .contains("bogus")
        );
    }
}
