//! The messages the workflows send, built from domain values.

use vmc_akash::tx::Msg;
use vmc_akash_proto::base::{Deposit, Source};
use vmc_akash_proto::cosmos::{Coin, Duration as PDuration};
use vmc_akash_proto::deployment::{
    DeploymentId, DeploymentReclamation, MsgCloseDeployment, MsgCreateDeployment,
    MsgUpdateDeployment,
};
use vmc_akash_proto::escrow::{AccountId, MsgAccountDeposit, Scope};
use vmc_akash_proto::market::{LeaseClosedReason, MsgCloseLease, MsgCreateLease};

use crate::model::BidRef;

fn id(owner: &str, dseq: u64) -> DeploymentId {
    DeploymentId {
        owner: owner.to_string(),
        dseq,
    }
}

fn deposit(denom: &str, amount: u128) -> Deposit {
    Deposit {
        amount: Some(Coin {
            denom: denom.to_string(),
            amount: amount.to_string(),
        }),
        sources: vec![Source::Balance as i32],
    }
}

/// `MsgCreateDeployment` funded from the owner's balance.
pub fn create_deployment(
    owner: &str,
    dseq: u64,
    groups: &[vmc_sdl::GroupSpec],
    hash: &[u8; 32],
    denom: &str,
    amount: u128,
    reclamation_secs: Option<u64>,
) -> Msg {
    Msg::CreateDeployment(MsgCreateDeployment {
        id: Some(id(owner, dseq)),
        groups: vmc_akash::groups::group_specs_to_proto(groups),
        hash: hash.to_vec(),
        deposit: Some(deposit(denom, amount)),
        reclamation: reclamation_secs.map(|s| DeploymentReclamation {
            min_window: Some(PDuration {
                seconds: s as i64,
                nanos: 0,
            }),
        }),
    })
}

pub fn update_deployment(owner: &str, dseq: u64, hash: &[u8; 32]) -> Msg {
    Msg::UpdateDeployment(MsgUpdateDeployment {
        id: Some(id(owner, dseq)),
        hash: hash.to_vec(),
    })
}

pub fn close_deployment(owner: &str, dseq: u64) -> Msg {
    Msg::CloseDeployment(MsgCloseDeployment {
        id: Some(id(owner, dseq)),
    })
}

pub fn create_lease(bid: &BidRef) -> Msg {
    Msg::CreateLease(MsgCreateLease {
        bid_id: Some(bid.to_wire()),
    })
}

pub fn close_lease(lease: &BidRef) -> Msg {
    Msg::CloseLease(MsgCloseLease {
        id: Some(lease.to_lease_wire()),
        reason: LeaseClosedReason::Owner as i32,
    })
}

/// `MsgAccountDeposit` into the deployment's escrow account.
pub fn deposit_deployment(owner: &str, dseq: u64, denom: &str, amount: u128) -> Msg {
    Msg::AccountDeposit(MsgAccountDeposit {
        signer: owner.to_string(),
        id: Some(AccountId {
            scope: Scope::Deployment as i32,
            xid: format!("{owner}/{dseq}"),
        }),
        deposit: Some(deposit(denom, amount)),
    })
}
