//! `akash.bme.v1`: minting ACT from AKT.

use serde::{Deserialize, Serialize};

use crate::cosmos::Coin;
use crate::type_url;

/// `akash.bme.v1.MsgMintACT`: burn `coins_to_burn` uakt, receive uact at the next epoch.
/// `to` must equal `owner`.
#[derive(Clone, PartialEq, Eq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgMintAct {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub to: String,
    #[prost(message, optional, tag = "3")]
    pub coins_to_burn: Option<Coin>,
}
type_url!(MsgMintAct, "/akash.bme.v1.MsgMintACT");
