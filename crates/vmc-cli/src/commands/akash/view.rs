//! The documented output schema of the `vmc akash` reads (`docs/akash-output.md`): snake_case,
//! amounts as strings in base units, dseq and heights as strings. Built from the wire types;
//! every money conversion goes through `vmc_akash::rate`.

use serde::{Deserialize, Serialize};
use vmc_akash::rate::{Amount, BlockTime, human_duration};
use vmc_akash_proto::cosmos::DecCoin;
use vmc_akash_proto::deployment::{DeploymentState, GroupState, QueryDeploymentResponse};
use vmc_akash_proto::escrow::{Account, EscrowState};
use vmc_akash_proto::market::{
    BidState, LeaseState, OrderState, QueryBidResponse, QueryLeaseResponse,
};
use vmc_akash_proto::serde_helpers::ProtoEnum;

/// An amount of a denom, in base units (`{"denom": "uact", "amount": "1000"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub denom: String,
    pub amount: String,
}

impl Money {
    pub fn of(a: &Amount) -> Money {
        Money {
            denom: a.denom.clone(),
            amount: a.amount_text(),
        }
    }
}

/// A price per block with its hourly and monthly equivalents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prices {
    pub price: Money,
    pub price_per_hour: Money,
    pub price_per_month: Money,
}

/// A lease as `list`, `leases` and `status` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseView {
    pub dseq: String,
    pub provider: String,
    pub gseq: u32,
    pub oseq: u32,
    pub state: String,
    #[serde(flatten)]
    pub prices: Prices,
    pub created_at: String,
}

/// A deployment's escrow account now: what is left after the unsettled blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowView {
    pub state: String,
    pub balance: Money,
    /// What the active leases cost together, per block; absent without a lease.
    pub rate: Option<Money>,
    /// Blocks until the balance runs out at that rate.
    pub blocks_left: Option<String>,
    pub time_left_secs: Option<u64>,
    pub settled_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub gseq: u32,
    pub name: String,
    pub state: String,
}

/// One deployment as `list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentView {
    pub dseq: String,
    pub state: String,
    pub created_at: String,
    /// The manifest hash (hex).
    pub hash: String,
    pub groups: Vec<GroupView>,
    pub leases: Vec<LeaseView>,
    pub escrow: Option<EscrowView>,
}

/// A bid as `bids` and `status` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidView {
    pub provider: String,
    pub gseq: u32,
    pub oseq: u32,
    pub state: String,
    #[serde(flatten)]
    pub prices: Prices,
    pub created_at: String,
}

/// A wire enum's proto name (`active`), or `unknown(N)`.
pub fn state_name<E: ProtoEnum>(v: i32) -> String {
    E::from_number(v)
        .map(|e| e.as_str_name().to_string())
        .unwrap_or_else(|| format!("unknown({v})"))
}

/// A DecCoin per block → prices; `None` when the amount does not parse.
pub fn prices(c: Option<&DecCoin>, bt: &BlockTime) -> Prices {
    let a = c
        .map(Amount::of_dec_coin)
        .unwrap_or_else(|| Amount::zero("uact"));
    Prices {
        price: Money::of(&a),
        price_per_hour: Money::of(&a.per_hour(bt)),
        price_per_month: Money::of(&a.per_month(bt)),
    }
}

pub fn lease_view(l: &QueryLeaseResponse, bt: &BlockTime) -> Option<LeaseView> {
    let lease = l.lease.as_ref()?;
    let id = lease.id.as_ref()?;
    Some(LeaseView {
        dseq: id.dseq.to_string(),
        provider: id.provider.clone(),
        gseq: id.gseq,
        oseq: id.oseq,
        state: state_name::<LeaseState>(lease.state),
        prices: prices(lease.price.as_ref(), bt),
        created_at: lease.created_at.to_string(),
    })
}

pub fn bid_view(b: &QueryBidResponse, bt: &BlockTime) -> Option<BidView> {
    let bid = b.bid.as_ref()?;
    let id = bid.id.as_ref()?;
    Some(BidView {
        provider: id.provider.clone(),
        gseq: id.gseq,
        oseq: id.oseq,
        state: state_name::<BidState>(bid.state),
        prices: prices(bid.price.as_ref(), bt),
        created_at: bid.created_at.to_string(),
    })
}

/// The escrow account as of `height`: funds less what the active leases owe since the last
/// settlement (escrow settles lazily, §7.4), and the runway at their combined rate.
pub fn escrow_view(
    acc: &Account,
    leases: &[&LeaseView],
    height: u64,
    bt: &BlockTime,
) -> Option<EscrowView> {
    let st = acc.state.as_ref()?;
    let fund = st.funds.first();
    let denom = fund
        .map(|f| f.denom.clone())
        .unwrap_or_else(|| "uact".into());
    let funds = fund
        .and_then(|f| Amount::from_atomics(&f.denom, &f.amount).ok())
        .unwrap_or_else(|| Amount::zero(&denom));
    let active: Vec<Amount> = leases
        .iter()
        .filter(|l| l.state == LeaseState::Active.as_str_name())
        .filter_map(|l| Amount::parse(&l.prices.price.denom, &l.prices.price.amount).ok())
        .filter(|a| a.denom == denom)
        .collect();
    let open = st.state == EscrowState::Open as i32;
    let (rate, balance) = if active.is_empty() || !open {
        (None, funds)
    } else {
        let mut r = Amount::zero(&denom);
        for a in &active {
            r.base += a.base;
        }
        let since = height.saturating_sub(u64::try_from(st.settled_at).unwrap_or(0));
        let owed = r.base * rust_decimal::Decimal::from(since);
        let mut b = funds.clone();
        b.base = (b.base - owed).max(rust_decimal::Decimal::ZERO);
        (Some(r), b)
    };
    let blocks_left = rate.as_ref().and_then(|r| balance.runway_blocks(r));
    Some(EscrowView {
        state: state_name::<EscrowState>(st.state),
        balance: Money::of(&balance),
        rate: rate.as_ref().map(Money::of),
        blocks_left: blocks_left.map(|b| b.to_string()),
        time_left_secs: blocks_left.map(|b| bt.duration(b).as_secs()),
        settled_at: st.settled_at.to_string(),
    })
}

pub fn deployment_view(
    d: &QueryDeploymentResponse,
    leases: Vec<LeaseView>,
    height: u64,
    bt: &BlockTime,
) -> Option<DeploymentView> {
    let dep = d.deployment.as_ref()?;
    let id = dep.id.as_ref()?;
    let groups = d
        .groups
        .iter()
        .map(|g| GroupView {
            gseq: g.id.as_ref().map(|i| i.gseq).unwrap_or(0),
            name: g
                .group_spec
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            state: state_name::<GroupState>(g.state),
        })
        .collect();
    let refs: Vec<&LeaseView> = leases.iter().collect();
    let escrow = d
        .escrow_account
        .as_ref()
        .and_then(|a| escrow_view(a, &refs, height, bt));
    Some(DeploymentView {
        dseq: id.dseq.to_string(),
        state: state_name::<DeploymentState>(dep.state),
        created_at: dep.created_at.to_string(),
        hash: hex_of(&dep.hash),
        groups,
        leases,
        escrow,
    })
}

pub fn hex_of(b: &[u8]) -> String {
    hex::encode(b)
}

/// `0.42 ACT`, from a [`Money`].
pub fn human(m: &Money) -> String {
    Amount::parse(&m.denom, &m.amount)
        .map(|a| a.human())
        .unwrap_or_else(|_| format!("{} {}", m.amount, m.denom))
}

/// `0.5 ACT (500000 uact)`: the human amount and the exact one.
pub fn human_exact(m: &Money) -> String {
    format!("{} ({} {})", human(m), m.amount, m.denom)
}

/// `3d 4h`, or `-` when unknown.
pub fn runway(e: &EscrowView) -> String {
    e.time_left_secs
        .map(|s| human_duration(std::time::Duration::from_secs(s)))
        .unwrap_or_else(|| "-".into())
}

pub fn order_state(v: i32) -> String {
    state_name::<OrderState>(v)
}

/// `block 1234 (2h 5m ago)`: a height told relative to `head`, at the block time `bt`.
pub fn block_ago(height: &str, head: u64, bt: &BlockTime) -> String {
    match height.parse::<u64>() {
        Ok(h) if h <= head => format!("block {h} ({} ago)", human_duration(bt.duration(head - h))),
        _ => format!("block {height}"),
    }
}
