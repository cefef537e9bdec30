//! Shared test harness: a devnet on a manual clock, driven over HTTP only.
#![allow(dead_code)]

use serde_json::{Value, json};
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_akash::proto::base::Deposit;
use vmc_akash::proto::cosmos::Coin;
use vmc_akash::proto::deployment::{DeploymentId, MsgCreateDeployment};
use vmc_akash::tx::{Msg, SignerData, TxDraft, fee};
use vmc_devnet::{DevnetConfig, Genesis, ManualClock, RunningDevnet};

pub struct Net {
    pub running: RunningDevnet,
    pub http: reqwest::Client,
    pub base: String,
    pub chain_id: String,
}

impl Net {
    /// A devnet of `genesis` in memory, its clock standing at the genesis time.
    pub async fn start(genesis: Genesis) -> Net {
        let start = genesis.genesis_ms().unwrap();
        Net::start_with(DevnetConfig {
            block_time: None,
            clock: Some(ManualClock::new(start)),
            genesis,
            ..DevnetConfig::default()
        })
        .await
    }

    /// A devnet of `config`.
    pub async fn start_with(config: DevnetConfig) -> Net {
        let chain_id = config.genesis.chain_id.clone();
        let running = vmc_devnet::start(config).await.unwrap();
        let base = running.url();
        Net {
            running,
            http: reqwest::Client::new(),
            base,
            chain_id,
        }
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_ok(&self, path: &str) -> Value {
        let (s, v) = self.get(path).await;
        assert_eq!(s, 200, "GET {path}: {v}");
        v
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Produces `blocks` blocks, moving the clock `secs` seconds before each.
    pub async fn advance(&self, blocks: u32, secs: f64) {
        let (s, v) = self
            .post(
                "/__devnet/advance",
                json!({"blocks": blocks, "seconds_per_block": secs}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }

    pub async fn account(&self, addr: &str) -> (u64, u64) {
        let v = self
            .get_ok(&format!("/cosmos/auth/v1beta1/accounts/{addr}"))
            .await;
        let a = &v["account"];
        (
            a["account_number"].as_str().unwrap().parse().unwrap(),
            a["sequence"].as_str().unwrap().parse().unwrap(),
        )
    }

    pub async fn balance(&self, addr: &str, denom: &str) -> u128 {
        let v = self
            .get_ok(&format!(
                "/cosmos/bank/v1beta1/balances/{addr}/by_denom?denom={denom}"
            ))
            .await;
        v["balance"]["amount"].as_str().unwrap().parse().unwrap()
    }

    /// Signs with the account's current number and sequence (plus `seq_offset`).
    pub async fn sign(
        &self,
        key: &SigningKey,
        msgs: Vec<Msg>,
        gas: u64,
        seq_offset: u64,
    ) -> Vec<u8> {
        let (number, seq) = self.account(&key.address()).await;
        let draft = TxDraft {
            messages: msgs,
            memo: String::new(),
            timeout_height: 0,
            fee: fee((gas as u128).div_ceil(40), gas),
        };
        let signer = SignerData {
            chain_id: self.chain_id.clone(),
            account_number: number,
            sequence: seq + seq_offset,
        };
        draft.sign(key, &signer).unwrap().tx_raw
    }

    pub async fn broadcast(&self, tx: &[u8]) -> Value {
        let (s, v) = self
            .post(
                "/cosmos/tx/v1beta1/txs",
                json!({"tx_bytes": vmc_akash::tx::to_base64(tx), "mode": "BROADCAST_MODE_SYNC"}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v["tx_response"].clone()
    }

    /// Simulate → sign with 1.5× gas → broadcast (must pass CheckTx) → one block → the
    /// included result.
    pub async fn deliver(&self, key: &SigningKey, msgs: Vec<Msg>) -> Value {
        let probe = self.sign(key, msgs.clone(), 1_000_000, 0).await;
        let (s, sim) = self
            .post(
                "/cosmos/tx/v1beta1/simulate",
                json!({"tx_bytes": vmc_akash::tx::to_base64(&probe)}),
            )
            .await;
        assert_eq!(s, 200, "simulate: {sim}");
        let used: u64 = sim["gas_info"]["gas_used"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let tx = self.sign(key, msgs, used * 3 / 2, 0).await;
        let res = self.broadcast(&tx).await;
        assert_eq!(res["code"], 0, "CheckTx: {res}");
        let hash = res["txhash"].as_str().unwrap().to_string();
        let (s, _) = self.get(&format!("/cosmos/tx/v1beta1/txs/{hash}")).await;
        assert_eq!(s, 404, "a tx is not included before the next block");
        self.advance(1, 1.0).await;
        let v = self.get_ok(&format!("/cosmos/tx/v1beta1/txs/{hash}")).await;
        v["tx_response"].clone()
    }
}

pub fn dev_key(index: u32) -> SigningKey {
    SigningKey::from_mnemonic(&Mnemonic::parse(vmc_devnet::DEV_MNEMONIC).unwrap(), index).unwrap()
}

/// `templates/akash/web.yaml`: the SDL the flow tests deploy.
pub const WEB_SDL: &str = include_str!("../../../../../templates/akash/web.yaml");

/// MsgCreateDeployment of `sdl` (groups and hash in the TS convention) for `owner`/`dseq`,
/// with a deposit of `deposit` uact from the owner's balance.
pub fn create_deployment(
    sdl: &vmc_sdl::Sdl,
    owner: &str,
    dseq: u64,
    deposit: u128,
) -> MsgCreateDeployment {
    let (groups, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::Ts);
    MsgCreateDeployment {
        id: Some(DeploymentId {
            owner: owner.into(),
            dseq,
        }),
        groups: vmc_akash::groups::group_specs_to_proto(&groups),
        hash: manifest.hash().to_vec(),
        deposit: Some(Deposit {
            amount: Some(Coin {
                denom: "uact".into(),
                amount: deposit.to_string(),
            }),
            sources: vec![1],
        }),
        reclamation: None,
    }
}
