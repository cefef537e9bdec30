//! Query load on the devnet: an open-loop 200 requests/s for 10 s (a mix of account, balance,
//! deployment list/info, bid list and node-info queries against 2,000 deployments with bids),
//! reporting p50/p90/p99/max latency. Run: `cargo bench -p vmc-devnet --bench devnet_queries`
//! (env `RATE`, `SECONDS` override the defaults).
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use vmc_devnet::tx::Msg;
use vmc_devnet::{DevnetConfig, Genesis, ManualClock, wire};

fn create(owner: &str, dseq: u64) -> Msg {
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
                        units: rv("500"),
                        attributes: vec![],
                    }),
                    memory: Some(wire::Memory {
                        quantity: rv("536870912"),
                        attributes: vec![],
                    }),
                    storage: vec![wire::Storage {
                        name: "default".into(),
                        quantity: rv("1073741824"),
                        attributes: vec![],
                    }],
                    gpu: Some(wire::Gpu {
                        units: rv("0"),
                        attributes: vec![],
                    }),
                    endpoints: vec![wire::Endpoint {
                        kind: 0,
                        sequence_number: 0,
                    }],
                }),
                count: 1,
                price: Some(wire::DecCoin {
                    denom: "uact".into(),
                    amount: "1000000000000000000000".into(),
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

fn main() {
    let rate: u64 = std::env::var("RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let secs: u64 = std::env::var("SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let genesis = Genesis::default_embedded();
        let start = genesis.genesis_ms().unwrap();
        let running = vmc_devnet::start(DevnetConfig {
            block_time: None,
            clock: Some(ManualClock::new(start)),
            genesis,
            ..DevnetConfig::default()
        })
        .await
        .unwrap();
        let owner = vmc_devnet::genesis::dev_address(0);
        let dn = running.devnet();
        dn.with_state_mut(|st| {
            for d in 1..=2000u64 {
                vmc_devnet::exec::execute(st, &create(&owner, d)).unwrap();
            }
        });
        dn.advance_block();
        dn.advance_block();
        let n_bids = dn.with_state(|st| st.bids.len());
        let base = running.url();
        let paths: Vec<String> = vec![
            format!("/cosmos/auth/v1beta1/accounts/{owner}"),
            format!("/cosmos/bank/v1beta1/balances/{owner}"),
            format!("/akash/deployment/v1beta4/deployments/list?filters.owner={owner}&filters.state=active&pagination.limit=20"),
            format!("/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq=1234"),
            format!("/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq=777"),
            "/cosmos/base/tendermint/v1beta1/blocks/latest".to_string(),
            "/akash/provider/v1beta4/providers".to_string(),
        ];
        let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
        let total = rate * secs;
        let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / rate));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let mut handles = Vec::with_capacity(total as usize);
        let began = Instant::now();
        for i in 0..total {
            tick.tick().await;
            let url = format!("{base}{}", paths[i as usize % paths.len()]);
            let c = client.clone();
            handles.push(tokio::spawn(async move {
                let t = Instant::now();
                let r = c.get(url).send().await.unwrap();
                let ok = r.status().is_success();
                let _ = r.bytes().await.unwrap();
                (t.elapsed(), ok)
            }));
        }
        let mut lat = Vec::with_capacity(handles.len());
        let mut errors = 0;
        for h in handles {
            let (d, ok) = h.await.unwrap();
            if !ok {
                errors += 1;
            }
            lat.push(d);
        }
        let wall = began.elapsed();
        lat.sort();
        let pct = |p: f64| lat[((lat.len() as f64 * p).ceil() as usize).min(lat.len()) - 1];
        println!(
            "devnet queries: {} requests at {rate}/s over {:.1}s ({} deployments, {n_bids} bids), errors {errors}",
            lat.len(),
            wall.as_secs_f64(),
            2000
        );
        println!(
            "latency p50 {:?}  p90 {:?}  p99 {:?}  max {:?}",
            pct(0.50),
            pct(0.90),
            pct(0.99),
            lat.last().unwrap()
        );
        running.shutdown().await;
    });
}
