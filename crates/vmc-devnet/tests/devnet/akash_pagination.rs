//! 10,000 deployments paginate correctly: every one exactly once, in order, with `next_key`
//! carrying the filters, `count_total`, the state filter and the offset rule.

use crate::akash_support;

use std::collections::BTreeSet;

use akash_support::Net;
use vmc_devnet::Genesis;
use vmc_devnet::tx::Msg;
use vmc_devnet::wire;

fn msg(owner: &str, dseq: u64) -> Msg {
    let rv = |v: &str| {
        Some(wire::ResourceValue {
            val: v.as_bytes().to_vec(),
        })
    };
    Msg::CreateDeployment(wire::MsgCreateDeployment {
        id: Some(wire::DeploymentId {
            owner: owner.into(),
            dseq,
        }),
        groups: vec![wire::GroupSpec {
            name: "g".into(),
            requirements: None,
            resources: vec![wire::ResourceUnit {
                resource: Some(wire::Resources {
                    id: 1,
                    cpu: Some(wire::Cpu {
                        units: rv("100"),
                        attributes: vec![],
                    }),
                    memory: Some(wire::Memory {
                        quantity: rv("134217728"),
                        attributes: vec![],
                    }),
                    storage: vec![wire::Storage {
                        name: "default".into(),
                        quantity: rv("134217728"),
                        attributes: vec![],
                    }],
                    gpu: Some(wire::Gpu {
                        units: rv("0"),
                        attributes: vec![],
                    }),
                    endpoints: vec![],
                }),
                count: 1,
                price: Some(wire::DecCoin {
                    denom: "uact".into(),
                    amount: "1000000000000000000".into(),
                }),
            }],
        }],
        hash: vec![1; 32],
        deposit: Some(wire::Deposit {
            amount: Some(wire::Coin {
                denom: "uact".into(),
                amount: "500000".into(),
            }),
            sources: vec![1],
        }),
        reclamation: None,
    })
}

#[tokio::test]
async fn ten_thousand_deployments_paginate() {
    let net = Net::start(Genesis::default_embedded()).await;
    let owners = [
        vmc_devnet::genesis::dev_address(0),
        vmc_devnet::genesis::dev_address(1),
    ];
    net.running.devnet().with_state_mut(|st| {
        for i in 0..10_000u64 {
            let owner = &owners[(i % 2) as usize];
            vmc_devnet::exec::execute(st, &msg(owner, 1 + i)).unwrap();
        }
        // Close a few so that the state order (active, then closed) shows.
        for i in [0u64, 2, 4] {
            vmc_devnet::exec::execute(
                st,
                &Msg::CloseDeployment(wire::MsgCloseDeployment {
                    id: Some(wire::DeploymentId {
                        owner: owners[0].clone(),
                        dseq: 1 + i,
                    }),
                }),
            )
            .unwrap();
        }
    });

    // All of them, 137 at a time.
    let mut seen = BTreeSet::new();
    let mut states = Vec::new();
    let mut key: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = "/akash/deployment/v1beta4/deployments/list?pagination.limit=137&pagination.count_total=true".to_string();
        if let Some(k) = &key {
            path.push_str(&format!("&pagination.key={}", urlencode(k)));
        }
        let v = net.get_ok(&path).await;
        if pages == 0 {
            assert_eq!(v["pagination"]["total"], "10000");
        }
        for d in v["deployments"].as_array().unwrap() {
            let id = format!(
                "{}/{}",
                d["deployment"]["id"]["owner"].as_str().unwrap(),
                d["deployment"]["id"]["dseq"].as_str().unwrap()
            );
            assert!(seen.insert(id.clone()), "{id} listed twice");
            states.push(d["deployment"]["state"].as_str().unwrap().to_string());
        }
        pages += 1;
        match v["pagination"]["next_key"].as_str() {
            Some(k) => key = Some(k.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 10_000);
    assert_eq!(pages, 10_000usize.div_ceil(137));
    let first_closed = states.iter().position(|s| s == "closed").unwrap();
    assert_eq!(first_closed, 10_000 - 3, "active first, then closed");

    // One owner, active only; the key keeps the filters even when they are not resent.
    let mut n = 0;
    let mut key: Option<String> = None;
    loop {
        let mut path = format!(
            "/akash/deployment/v1beta4/deployments/list?filters.owner={}&filters.state=active&pagination.limit=1000",
            owners[0]
        );
        if let Some(k) = &key {
            path = format!(
                "/akash/deployment/v1beta4/deployments/list?pagination.limit=1000&pagination.key={}",
                urlencode(k)
            );
        }
        let v = net.get_ok(&path).await;
        for d in v["deployments"].as_array().unwrap() {
            assert_eq!(d["deployment"]["id"]["owner"], owners[0].as_str());
            assert_eq!(d["deployment"]["state"], "active");
            n += 1;
        }
        match v["pagination"]["next_key"].as_str() {
            Some(k) => key = Some(k.to_string()),
            None => break,
        }
    }
    assert_eq!(n, 5_000 - 3);

    // Offset needs a state filter; with one it skips.
    let (s, _) = net
        .get("/akash/deployment/v1beta4/deployments/list?pagination.offset=10")
        .await;
    assert_eq!(s, 400);
    let v = net
        .get_ok("/akash/deployment/v1beta4/deployments/list?filters.state=closed&pagination.offset=1&pagination.limit=5")
        .await;
    assert_eq!(v["deployments"].as_array().unwrap().len(), 2);
    // Orders follow the same rules.
    let v = net
        .get_ok(&format!("/akash/market/v1beta5/orders/list?filters.owner={}&filters.state=open&pagination.count_total=true&pagination.limit=1", owners[1]))
        .await;
    assert_eq!(v["pagination"]["total"], "5000");
    assert!(v["pagination"]["next_key"].is_string());
    net.running.shutdown().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
