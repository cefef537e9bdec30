//! Every registered message type: JSON → Msg → Any → Msg → JSON is the identity.

use serde_json::{Value, json};
use vmc_akash::tx::{Msg, known_type_urls};

const A: &str = "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0";
const P: &str = "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf";

fn sample(t: &str) -> Value {
    let bid = json!({"owner": A, "dseq": "9", "gseq": 1, "oseq": 2, "provider": P, "bseq": 0});
    let dep = json!({"owner": A, "dseq": "9"});
    let deposit =
        json!({"amount": {"denom": "uact", "amount": "500000"}, "sources": ["grant", "balance"]});
    let mut v = match t.rsplit('.').next().unwrap() {
        "MsgCreateDeployment" => json!({"id": dep, "hash": "AAEC", "deposit": deposit,
            "reclamation": {"min_window": "3600s"}}),
        "MsgUpdateDeployment" => json!({"id": dep, "hash": "AAEC"}),
        "MsgCloseDeployment" => json!({"id": dep}),
        "MsgCloseGroup" | "MsgPauseGroup" | "MsgStartGroup" => {
            json!({"id": {"owner": A, "dseq": "9", "gseq": 2}})
        }
        "MsgCreateLease" => json!({"bid_id": bid}),
        "MsgCloseLease" => json!({"id": bid, "reason": "lease_closed_owner"}),
        "MsgCreateBid" => {
            json!({"id": bid, "price": {"denom": "uact", "amount": "0.5"}, "deposit": deposit,
            "reclamation_window": "7200s"})
        }
        "MsgCloseBid" => json!({"id": bid, "reason": "lease_closed_reason_unstable"}),
        "MsgAccountDeposit" => {
            json!({"signer": A, "id": {"scope": "deployment", "xid": format!("{A}/9")}, "deposit": deposit})
        }
        "MsgCreateCertificate" => json!({"owner": A, "cert": "Q0VSVA==", "pubkey": "S0VZ"}),
        "MsgRevokeCertificate" => json!({"id": {"owner": A, "serial": "123"}}),
        "MsgMintACT" => {
            json!({"owner": A, "to": A, "coins_to_burn": {"denom": "uakt", "amount": "10000000"}})
        }
        "MsgSignProviderAttributes" => {
            json!({"owner": P, "auditor": A, "attributes": [{"key": "region", "value": "eu"}]})
        }
        "MsgDeleteProviderAttributes" => json!({"owner": P, "auditor": A, "keys": ["region"]}),
        "MsgSend" => {
            json!({"from_address": A, "to_address": P, "amount": [{"denom": "uakt", "amount": "1"}]})
        }
        other => panic!("no sample for {other}"),
    };
    v["@type"] = json!(t);
    v
}

#[test]
fn every_type_round_trips() {
    let urls = known_type_urls();
    assert_eq!(urls.len(), 17);
    for t in urls {
        let m = Msg::from_json(&sample(t), "m").unwrap();
        assert_eq!(m.type_url(), t);
        assert!(m.signer().is_some(), "{t}: signer");
        let back = Msg::from_any(&m.to_any()).unwrap();
        assert_eq!(back, m, "{t}");
        let again = Msg::from_json(&back.to_json(), "m").unwrap();
        assert_eq!(again, m, "{t}: JSON");
    }
}
