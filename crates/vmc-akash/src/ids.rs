//! Validated ids: deployment, group, order, bid, lease. `TryFrom<wire>` checks the owner and
//! provider addresses and the sequence numbers; the way back cannot fail.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;
use vmc_akash_proto::{deployment as dw, market as mw};

use crate::keys::{ACCOUNT_PREFIX, validate_address};

/// An invalid id.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    #[error("invalid {field}: {reason}")]
    Field { field: &'static str, reason: String },
    #[error("`{0}` is not a {1} (expected {2})")]
    Format(String, &'static str, &'static str),
}

fn field(field: &'static str, reason: impl Into<String>) -> IdError {
    IdError::Field {
        field,
        reason: reason.into(),
    }
}

fn check_addr(field_name: &'static str, a: &str) -> Result<(), IdError> {
    validate_address(a, ACCOUNT_PREFIX).map_err(|e| field(field_name, e.to_string()))
}

fn check_nonzero(field_name: &'static str, v: u64) -> Result<(), IdError> {
    if v == 0 {
        Err(field(field_name, "must not be 0"))
    } else {
        Ok(())
    }
}

/// `owner/dseq`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeploymentId {
    pub owner: String,
    pub dseq: u64,
}

/// `owner/dseq/gseq`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
}

/// `owner/dseq/gseq/oseq`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderId {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
    pub oseq: u32,
}

/// `owner/dseq/gseq/oseq/provider/bseq`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BidId {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
    pub oseq: u32,
    pub provider: String,
    pub bseq: u32,
}

/// A lease has the same six fields as the bid it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LeaseId {
    pub owner: String,
    pub dseq: u64,
    pub gseq: u32,
    pub oseq: u32,
    pub provider: String,
    pub bseq: u32,
}

impl DeploymentId {
    pub fn new(owner: impl Into<String>, dseq: u64) -> Result<Self, IdError> {
        let id = DeploymentId {
            owner: owner.into(),
            dseq,
        };
        check_addr("owner", &id.owner)?;
        check_nonzero("dseq", id.dseq)?;
        Ok(id)
    }
    /// The escrow account xid of this deployment (`owner/dseq`).
    pub fn escrow_xid(&self) -> String {
        self.to_string()
    }
    pub fn group(&self, gseq: u32) -> GroupId {
        GroupId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq,
        }
    }
}

impl GroupId {
    pub fn deployment(&self) -> DeploymentId {
        DeploymentId {
            owner: self.owner.clone(),
            dseq: self.dseq,
        }
    }
    pub fn order(&self, oseq: u32) -> OrderId {
        OrderId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq,
        }
    }
}

impl OrderId {
    pub fn group(&self) -> GroupId {
        GroupId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
        }
    }
    pub fn bid(&self, provider: impl Into<String>) -> BidId {
        BidId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
            provider: provider.into(),
            bseq: 0,
        }
    }
}

impl BidId {
    pub fn order(&self) -> OrderId {
        OrderId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
        }
    }
    pub fn lease(&self) -> LeaseId {
        LeaseId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
            provider: self.provider.clone(),
            bseq: self.bseq,
        }
    }
}

impl LeaseId {
    pub fn bid(&self) -> BidId {
        BidId {
            owner: self.owner.clone(),
            dseq: self.dseq,
            gseq: self.gseq,
            oseq: self.oseq,
            provider: self.provider.clone(),
            bseq: self.bseq,
        }
    }
    pub fn deployment(&self) -> DeploymentId {
        DeploymentId {
            owner: self.owner.clone(),
            dseq: self.dseq,
        }
    }
    /// The escrow payment xid under the deployment account (`gseq/oseq/provider`).
    pub fn payment_xid(&self) -> String {
        format!("{}/{}/{}", self.gseq, self.oseq, self.provider)
    }
}

impl fmt::Display for DeploymentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.dseq)
    }
}
impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.owner, self.dseq, self.gseq)
    }
}
impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.owner, self.dseq, self.gseq, self.oseq
        )
    }
}
impl fmt::Display for BidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}/{}/{}",
            self.owner, self.dseq, self.gseq, self.oseq, self.provider, self.bseq
        )
    }
}
impl fmt::Display for LeaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}/{}/{}",
            self.owner, self.dseq, self.gseq, self.oseq, self.provider, self.bseq
        )
    }
}

fn parts<'a>(
    s: &'a str,
    n: &[usize],
    what: &'static str,
    shape: &'static str,
) -> Result<Vec<&'a str>, IdError> {
    let p: Vec<&str> = s.split('/').collect();
    if n.contains(&p.len()) {
        Ok(p)
    } else {
        Err(IdError::Format(s.into(), what, shape))
    }
}

fn num<T: FromStr>(s: &str, f: &'static str) -> Result<T, IdError> {
    s.parse()
        .map_err(|_| field(f, format!("`{s}` is not a number")))
}

impl FromStr for DeploymentId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let p = parts(s, &[2], "deployment id", "owner/dseq")?;
        DeploymentId::new(p[0], num(p[1], "dseq")?)
    }
}

impl FromStr for LeaseId {
    type Err = IdError;
    /// `owner/dseq/gseq/oseq/provider[/bseq]`.
    fn from_str(s: &str) -> Result<Self, IdError> {
        let p = parts(
            s,
            &[5, 6],
            "lease id",
            "owner/dseq/gseq/oseq/provider[/bseq]",
        )?;
        let w = mw::LeaseId {
            owner: p[0].into(),
            dseq: num(p[1], "dseq")?,
            gseq: num(p[2], "gseq")?,
            oseq: num(p[3], "oseq")?,
            provider: p[4].into(),
            bseq: if p.len() == 6 { num(p[5], "bseq")? } else { 0 },
        };
        LeaseId::try_from(w)
    }
}

impl TryFrom<dw::DeploymentId> for DeploymentId {
    type Error = IdError;
    fn try_from(w: dw::DeploymentId) -> Result<Self, IdError> {
        DeploymentId::new(w.owner, w.dseq)
    }
}
impl From<DeploymentId> for dw::DeploymentId {
    fn from(d: DeploymentId) -> Self {
        dw::DeploymentId {
            owner: d.owner,
            dseq: d.dseq,
        }
    }
}

impl TryFrom<dw::GroupId> for GroupId {
    type Error = IdError;
    fn try_from(w: dw::GroupId) -> Result<Self, IdError> {
        check_addr("owner", &w.owner)?;
        check_nonzero("dseq", w.dseq)?;
        check_nonzero("gseq", w.gseq.into())?;
        Ok(GroupId {
            owner: w.owner,
            dseq: w.dseq,
            gseq: w.gseq,
        })
    }
}
impl From<GroupId> for dw::GroupId {
    fn from(d: GroupId) -> Self {
        dw::GroupId {
            owner: d.owner,
            dseq: d.dseq,
            gseq: d.gseq,
        }
    }
}

impl TryFrom<mw::OrderId> for OrderId {
    type Error = IdError;
    fn try_from(w: mw::OrderId) -> Result<Self, IdError> {
        check_addr("owner", &w.owner)?;
        check_nonzero("dseq", w.dseq)?;
        check_nonzero("gseq", w.gseq.into())?;
        check_nonzero("oseq", w.oseq.into())?;
        Ok(OrderId {
            owner: w.owner,
            dseq: w.dseq,
            gseq: w.gseq,
            oseq: w.oseq,
        })
    }
}
impl From<OrderId> for mw::OrderId {
    fn from(d: OrderId) -> Self {
        mw::OrderId {
            owner: d.owner,
            dseq: d.dseq,
            gseq: d.gseq,
            oseq: d.oseq,
        }
    }
}

fn check_bid_like(
    owner: &str,
    dseq: u64,
    gseq: u32,
    oseq: u32,
    provider: &str,
) -> Result<(), IdError> {
    check_addr("owner", owner)?;
    check_addr("provider", provider)?;
    check_nonzero("dseq", dseq)?;
    check_nonzero("gseq", gseq.into())?;
    check_nonzero("oseq", oseq.into())?;
    if owner == provider {
        return Err(field("provider", "must differ from the owner"));
    }
    Ok(())
}

impl TryFrom<mw::BidId> for BidId {
    type Error = IdError;
    fn try_from(w: mw::BidId) -> Result<Self, IdError> {
        check_bid_like(&w.owner, w.dseq, w.gseq, w.oseq, &w.provider)?;
        Ok(BidId {
            owner: w.owner,
            dseq: w.dseq,
            gseq: w.gseq,
            oseq: w.oseq,
            provider: w.provider,
            bseq: w.bseq,
        })
    }
}
impl From<BidId> for mw::BidId {
    fn from(d: BidId) -> Self {
        mw::BidId {
            owner: d.owner,
            dseq: d.dseq,
            gseq: d.gseq,
            oseq: d.oseq,
            provider: d.provider,
            bseq: d.bseq,
        }
    }
}

impl TryFrom<mw::LeaseId> for LeaseId {
    type Error = IdError;
    fn try_from(w: mw::LeaseId) -> Result<Self, IdError> {
        check_bid_like(&w.owner, w.dseq, w.gseq, w.oseq, &w.provider)?;
        Ok(LeaseId {
            owner: w.owner,
            dseq: w.dseq,
            gseq: w.gseq,
            oseq: w.oseq,
            provider: w.provider,
            bseq: w.bseq,
        })
    }
}
impl From<LeaseId> for mw::LeaseId {
    fn from(d: LeaseId) -> Self {
        mw::LeaseId {
            owner: d.owner,
            dseq: d.dseq,
            gseq: d.gseq,
            oseq: d.oseq,
            provider: d.provider,
            bseq: d.bseq,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const A: &str = "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0";
    const P: &str = "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf";

    #[test]
    fn validates() {
        assert!(DeploymentId::new(A, 0).is_err());
        assert!(DeploymentId::new("akash1bad", 5).is_err());
        let d: DeploymentId = format!("{A}/5").parse().unwrap();
        assert_eq!(d.to_string(), format!("{A}/5"));
        let l: LeaseId = format!("{A}/5/1/1/{P}").parse().unwrap();
        assert_eq!(l.payment_xid(), format!("1/1/{P}"));
        assert!(format!("{A}/5/1/1/{A}").parse::<LeaseId>().is_err());
        let w: mw::LeaseId = l.clone().into();
        assert_eq!(LeaseId::try_from(w).unwrap(), l);
    }
}
