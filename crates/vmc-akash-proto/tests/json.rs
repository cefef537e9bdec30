//! The Cosmos REST JSON shapes (`akash-protocol.md` §3.4) read into the wire types and back.

use prost::Message;
use serde_json::json;
use vmc_akash_proto::deployment::QueryDeploymentsResponse;
use vmc_akash_proto::market::QueryLeasesResponse;

#[test]
fn deployment_list_json() {
    let doc = json!({"deployments": [{
        "deployment": {"id": {"owner": "akash1x", "dseq": "1234"}, "state": "active",
            "hash": "zVOM/LAOllSBH1z0y1/FBd5c5HV5Gfchj0I0SKPs7ec=", "created_at": "77", "reclamation": null},
        "groups": [{"id": {"owner": "akash1x", "dseq": "1234", "gseq": 1}, "state": "open",
            "group_spec": {"name": "dc", "requirements": {"signed_by": {"all_of": [], "any_of": []}, "attributes": []},
                "resources": [{"resource": {"id": 1, "cpu": {"units": {"val": "500"}, "attributes": []},
                    "memory": {"quantity": {"val": "536870912"}, "attributes": []},
                    "storage": [{"name": "default", "quantity": {"val": "1073741824"}, "attributes": []}],
                    "gpu": {"units": {"val": "0"}, "attributes": []},
                    "endpoints": [{"kind": "SHARED_HTTP", "sequence_number": 0}]},
                    "count": 1, "price": {"denom": "uact", "amount": "1000.000000000000000000"}}]},
            "created_at": "77"}],
        "escrow_account": {"id": {"scope": "deployment", "xid": "akash1x/1234"},
            "state": {"owner": "akash1x", "state": "open", "transferred": [], "settled_at": "80",
                "funds": [{"denom": "uact", "amount": "4999000.000000000000000000"}],
                "deposits": [{"owner": "akash1x", "height": "77", "source": "balance",
                    "balance": {"denom": "uact", "amount": "5000000.000000000000000000"}}]}}}],
        "pagination": {"next_key": null, "total": "1"}});
    let r: QueryDeploymentsResponse = serde_json::from_value(doc.clone()).unwrap();
    let d = &r.deployments[0];
    assert_eq!(
        d.deployment.as_ref().unwrap().id.as_ref().unwrap().dseq,
        1234
    );
    let unit = &d.groups[0].group_spec.as_ref().unwrap().resources[0];
    assert_eq!(
        unit.price.as_ref().unwrap().amount,
        "1000000000000000000000"
    );
    assert_eq!(
        unit.resource
            .as_ref()
            .unwrap()
            .cpu
            .as_ref()
            .unwrap()
            .units
            .as_ref()
            .unwrap()
            .val,
        b"500"
    );
    let funds = &d
        .escrow_account
        .as_ref()
        .unwrap()
        .state
        .as_ref()
        .unwrap()
        .funds[0];
    assert_eq!(funds.amount, "4999000000000000000000000");
    assert_eq!(r.pagination.as_ref().unwrap().next_key, None);
    // Back to the same JSON, and through protobuf unchanged.
    assert_eq!(serde_json::to_value(&r).unwrap(), doc);
    assert_eq!(
        QueryDeploymentsResponse::decode(r.encode_to_vec().as_slice()).unwrap(),
        r
    );
}

#[test]
fn lease_list_json_and_bad_enum() {
    let doc = json!({"leases": [{"lease": {"id": {"owner": "akash1a", "dseq": "5", "gseq": 1, "oseq": 1,
            "provider": "akash1p", "bseq": 0}, "state": "active",
            "price": {"denom": "uact", "amount": "12.500000000000000000"}, "created_at": "9", "closed_on": "0",
            "reason": "lease_closed_invalid", "reclamation": null},
        "escrow_payment": {"id": {"aid": {"scope": "deployment", "xid": "akash1a/5"}, "xid": "1/1/akash1p"},
            "state": {"owner": "akash1p", "state": "open", "rate": {"denom": "uact", "amount": "12.500000000000000000"},
                "balance": {"denom": "uact", "amount": "0.000000000000000000"},
                "unsettled": {"denom": "uact", "amount": "0.000000000000000000"},
                "withdrawn": {"denom": "uact", "amount": "0"}}}}],
        "pagination": {"next_key": "AQI=", "total": "0"}});
    let r: QueryLeasesResponse = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(
        r.leases[0]
            .lease
            .as_ref()
            .unwrap()
            .price
            .as_ref()
            .unwrap()
            .amount,
        "12500000000000000000"
    );
    assert_eq!(r.pagination.as_ref().unwrap().next_key, Some(vec![1, 2]));
    assert_eq!(serde_json::to_value(&r).unwrap(), doc);
    let mut bad = doc.clone();
    bad["leases"][0]["lease"]["state"] = json!("activ");
    let e = serde_json::from_value::<QueryLeasesResponse>(bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown LeaseState value `activ`"), "{e}");
}
