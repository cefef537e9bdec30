//! Typed chain queries, one file per module family (§3.3): deployments and groups, the market
//! (orders, bids, leases), escrow, providers and audits, certificates, bank and accounts, and
//! the node itself (version, blocks).

pub mod audit;
pub mod bank;
pub mod cert;
pub mod deployment;
pub mod escrow;
pub mod market;
pub mod node;
pub mod provider;

/// A list filter by state name, as the chain spells it (`active`, `open`, …); `None` = all.
pub type StateFilter<'a> = Option<&'a str>;

/// Adds `key=value` when the value is set.
pub(crate) fn push_opt(q: &mut Vec<(&'static str, String)>, key: &'static str, v: Option<String>) {
    if let Some(v) = v.filter(|v| !v.is_empty()) {
        q.push((key, v));
    }
}
