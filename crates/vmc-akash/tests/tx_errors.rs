//! Bad transaction JSON gives clear errors naming the place.

use serde_json::json;
use vmc_akash::tx::{TxDraft, TxError};

fn unsigned(msg: serde_json::Value, fee: serde_json::Value) -> serde_json::Value {
    json!({"body": {"messages": [msg], "memo": "m"}, "auth_info": {"fee": fee}})
}

const A: &str = "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0";
const B: &str = "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf";

fn send() -> serde_json::Value {
    json!({"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": A, "to_address": B,
           "amount": [{"denom": "uakt", "amount": "10"}]})
}

fn fee() -> serde_json::Value {
    json!({"amount": [{"denom": "uakt", "amount": "5000"}], "gas_limit": "200000"})
}

#[test]
fn good_tx_parses_and_round_trips() {
    let d = TxDraft::from_json(&unsigned(send(), fee())).unwrap();
    assert_eq!(d.memo, "m");
    assert_eq!(d.fee.gas_limit, 200000);
    assert_eq!(TxDraft::from_json(&d.to_json()).unwrap(), d);
}

#[test]
fn unknown_type_is_named() {
    let e =
        TxDraft::from_json(&unsigned(json!({"@type": "/akash.foo.v1.MsgBar"}), fee())).unwrap_err();
    assert!(matches!(&e, TxError::UnknownType(t) if t == "/akash.foo.v1.MsgBar"));
    assert!(e.to_string().contains("/akash.foo.v1.MsgBar"));
}

#[test]
fn unknown_field_is_named() {
    let mut m = send();
    m["to_adress"] = json!(B);
    let e = TxDraft::from_json(&unsigned(m, fee()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("body.messages[0].to_adress"), "{e}");
}

#[test]
fn malformed_amount_and_denom() {
    let bad_fee = json!({"amount": [{"denom": "uakt", "amount": "5.5"}], "gas_limit": "1"});
    let e = TxDraft::from_json(&unsigned(send(), bad_fee))
        .unwrap_err()
        .to_string();
    assert!(e.contains("auth_info.fee.amount[0]"), "{e}");
    let bad_denom = json!({"amount": [{"denom": "u", "amount": "5"}], "gas_limit": "1"});
    assert!(TxDraft::from_json(&unsigned(send(), bad_denom)).is_err());
    let bad_gas = json!({"amount": [], "gas_limit": "lots"});
    let e = TxDraft::from_json(&unsigned(send(), bad_gas))
        .unwrap_err()
        .to_string();
    assert!(e.contains("gas_limit"), "{e}");
    let dec = json!({"@type": "/akash.market.v1beta5.MsgCreateBid", "price": {"denom": "uact", "amount": "1e5"}});
    let e = TxDraft::from_json(&unsigned(dec, fee()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("price.amount"), "{e}");
}

#[test]
fn missing_fee_and_bad_dseq() {
    let e = TxDraft::from_json(&json!({"body": {"messages": [send()]}}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("auth_info.fee"), "{e}");
    let close = json!({"@type": "/akash.deployment.v1beta4.MsgCloseDeployment", "id": {"owner": A, "dseq": "-1"}});
    let e = TxDraft::from_json(&unsigned(close, fee()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("id.dseq"), "{e}");
}
