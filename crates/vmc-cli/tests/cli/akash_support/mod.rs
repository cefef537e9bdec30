//! Shared by the `akash_*` CLI tests: a devnet in this process on 127.0.0.1:0 (manual clock,
//! blocks on demand), deployments made through real signed transactions, and `vmc` pointed at
//! it with a hermetic home. Snapshots go through [`assert_snap!`] with the shared filters.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_akash::proto::base::Deposit;
use vmc_akash::proto::cosmos::Coin;
use vmc_akash::proto::deployment::{DeploymentId, MsgCreateDeployment};
use vmc_akash::proto::market::{BidId, MsgCreateLease};
use vmc_akash::tx::{Msg, SignerData, TxDraft, fee};
use vmc_devnet::{DevnetConfig, Genesis, ManualClock, RunningDevnet};

/// `templates/akash/web.yaml`.
pub const WEB_SDL: &str = include_str!("../../../../../templates/akash/web.yaml");

pub struct Env {
    pub running: Option<RunningDevnet>,
    pub base: String,
    pub chain_id: String,
    /// The devnet's clock at start (RFC 3339): vmc's `VMC_NOW`, so its JWTs are current there.
    pub now: String,
    pub home: tempfile::TempDir,
    http: reqwest::Client,
    pub rt: tokio::runtime::Runtime,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            self.rt.block_on(r.shutdown());
        }
    }
}

pub fn dev_key(index: u32) -> SigningKey {
    SigningKey::from_mnemonic(&Mnemonic::parse(vmc_devnet::DEV_MNEMONIC).unwrap(), index).unwrap()
}

impl Env {
    pub fn start() -> Env {
        Self::start_with(|_| {})
    }

    /// A devnet of the default genesis, changed by `edit`.
    pub fn start_with(edit: impl FnOnce(&mut DevnetConfig)) -> Env {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let genesis = Genesis::default_embedded();
        let start = genesis.genesis_ms().unwrap();
        let mut config = DevnetConfig {
            block_time: None,
            clock: Some(ManualClock::new(start)),
            genesis,
            ..DevnetConfig::default()
        };
        edit(&mut config);
        let chain_id = config.genesis.chain_id.clone();
        let now = time::OffsetDateTime::from_unix_timestamp(start / 1000)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let running = rt.block_on(vmc_devnet::start(config)).unwrap();
        let base = running.url();
        Env {
            running: Some(running),
            base,
            chain_id,
            now,
            home: tempfile::tempdir().unwrap(),
            http: reqwest::Client::new(),
            rt,
        }
    }

    pub fn devnet(&self) -> vmc_devnet::Devnet {
        self.running.as_ref().unwrap().devnet()
    }

    /// `vmc` with a hermetic environment, `--node` at the devnet (network local).
    pub fn vmc(&self) -> Command {
        let mut c = vmc_in(self.home.path());
        c.env("AKASH_REST_ENDPOINT", &self.base)
            .env("VMC_NOW", &self.now);
        c
    }

    fn get(&self, path: &str) -> Value {
        self.rt.block_on(async {
            self.http
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        })
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.rt.block_on(async {
            let r = self
                .http
                .post(format!("{}{path}", self.base))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "POST {path}: {}", r.status());
            r.json().await.unwrap_or(Value::Null)
        })
    }

    /// The address of the genesis provider called `name` (`/__devnet/info`).
    pub fn provider_address(&self, name: &str) -> String {
        let v = self.get("/__devnet/info");
        v["providers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no provider {name}: {v}"))["owner"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Produces `blocks` blocks, 1 s apart.
    pub fn advance(&self, blocks: u32) {
        self.post(
            "/__devnet/advance",
            json!({"blocks": blocks, "seconds_per_block": 1.0}),
        );
    }

    /// Signs, broadcasts and includes `msgs` (one block).
    pub fn deliver(&self, key: &SigningKey, msgs: Vec<Msg>) -> Value {
        let a = self.get(&format!("/cosmos/auth/v1beta1/accounts/{}", key.address()));
        let num: u64 = a["account"]["account_number"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let seq: u64 = a["account"]["sequence"].as_str().unwrap().parse().unwrap();
        let gas = 2_000_000u64;
        let draft = TxDraft {
            messages: msgs,
            memo: String::new(),
            timeout_height: 0,
            fee: fee((gas as u128).div_ceil(40), gas),
        };
        let signer = SignerData {
            chain_id: self.chain_id.clone(),
            account_number: num,
            sequence: seq,
        };
        let tx = draft.sign(key, &signer).unwrap().tx_raw;
        let r = self.post(
            "/cosmos/tx/v1beta1/txs",
            json!({"tx_bytes": vmc_akash::tx::to_base64(&tx), "mode": "BROADCAST_MODE_SYNC"}),
        );
        assert_eq!(r["tx_response"]["code"], 0, "CheckTx: {r}");
        self.advance(1);
        let hash = r["tx_response"]["txhash"].as_str().unwrap();
        let v = self.get(&format!("/cosmos/tx/v1beta1/txs/{hash}"));
        assert_eq!(v["tx_response"]["code"], 0, "DeliverTx: {v}");
        v
    }

    /// Creates a deployment of `sdl` with `dseq` for `key` (5 ACT deposit), and lets one block
    /// pass so that the providers bid.
    pub fn create(&self, key: &SigningKey, sdl: &str, dseq: u64) {
        let sdl = vmc_sdl::parse(sdl).unwrap();
        let (groups, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::Ts);
        let msg = MsgCreateDeployment {
            id: Some(DeploymentId {
                owner: key.address(),
                dseq,
            }),
            groups: vmc_akash::groups::group_specs_to_proto(&groups),
            hash: manifest.hash().to_vec(),
            deposit: Some(Deposit {
                amount: Some(Coin {
                    denom: "uact".into(),
                    amount: "5000000".into(),
                }),
                sources: vec![1],
            }),
            reclamation: None,
        };
        self.deliver(key, vec![Msg::CreateDeployment(msg)]);
        self.advance(1);
    }

    /// The open bids of a deployment, as (gseq, oseq, provider).
    pub fn open_bids(&self, owner: &str, dseq: u64) -> Vec<(u32, u32, String)> {
        let v = self.get(&format!(
            "/akash/market/v1beta5/bids/list?filters.owner={owner}&filters.dseq={dseq}&filters.state=open"
        ));
        v["bids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let id = &b["bid"]["id"];
                (
                    id["gseq"].as_u64().unwrap() as u32,
                    id["oseq"].as_u64().unwrap() as u32,
                    id["provider"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Leases the first open bid of group 1, and marks its manifest received.
    pub fn lease_first(&self, key: &SigningKey, dseq: u64) -> String {
        let bids = self.open_bids(&key.address(), dseq);
        let (gseq, oseq, provider) = bids.first().cloned().expect("a bid");
        let id = BidId {
            owner: key.address(),
            dseq,
            gseq,
            oseq,
            provider: provider.clone(),
            bseq: 0,
        };
        self.deliver(
            key,
            vec![Msg::CreateLease(MsgCreateLease {
                bid_id: Some(id.clone()),
            })],
        );
        self.send_manifest(key, WEB_SDL, dseq, &provider);
        provider
    }

    /// PUTs the manifest of `sdl` to `provider`'s gateway (TLS checked against its on-chain
    /// certificate, JWT of `key` at the devnet's time), then lets the replicas start.
    pub fn send_manifest(&self, key: &SigningKey, sdl: &str, dseq: u64, provider: &str) {
        use vmc_akash_client::gateway::{GatewayAuth, GatewayClient, GatewayOptions, Trust};
        let sdl = vmc_sdl::parse(sdl).unwrap();
        let (_, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::Ts);
        let chain = vmc_akash_client::ChainClient::new(&self.base, Default::default()).unwrap();
        self.rt.block_on(async {
            let p = chain.provider(provider).await.unwrap();
            let trust = Trust::fetch(&chain, provider).await.unwrap();
            let now = time::OffsetDateTime::parse(
                &self.now,
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
            .unix_timestamp();
            let claims =
                vmc_akash::jwt::default_claims(&key.address(), now, vmc_akash::jwt::Leases::full());
            let token = vmc_akash::jwt::issue(key, &claims, vmc_akash::jwt::Alg::Es256k).unwrap();
            let gw = GatewayClient::new(
                &p.host_uri,
                trust,
                GatewayAuth::Jwt(token),
                &GatewayOptions::default(),
            )
            .unwrap();
            gw.send_manifest(dseq, manifest.canonical_json().as_bytes())
                .await
                .unwrap();
        });
        self.advance(3);
    }
}

/// The built `vmc` with an empty environment but for `PATH`, `HOME` and the XDG dirs.
pub fn vmc_in(home: &Path) -> Command {
    let mut c = Command::cargo_bin("vmc").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c
}

/// Runs `cmd`, requires exit 0, returns stdout.
pub fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `cmd`, requires exit `code`, returns stderr.
pub fn fails(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// The shared snapshot filters: bech32 addresses, 127.0.0.1 ports, RFC 3339 times, hashes.
pub fn filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"akash1[02-9ac-hj-np-z]{38}", "[ADDR]"),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "[TIME]"),
        (r"\b[0-9a-f]{64}\b", "[HASH]"),
    ]
}

/// `insta::assert_snapshot!` with [`filters`].
#[macro_export]
macro_rules! assert_snap {
    ($name:expr, $value:expr) => {
        insta::with_settings!({filters => $crate::akash_support::filters()}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

// ── Live devnets, for the commands that wait for blocks (`vmc akash deploy`) ──────────────────

/// The development wallet's key 0: what `vmc` signs with on network `local` by default.
pub fn dev_owner() -> String {
    dev_key(0).address()
}

impl Env {
    /// A devnet on the system clock that produces a block every `block` by itself, with
    /// replicas ready 200 ms after their manifest. `now` is the real time (as the devnet's).
    pub fn start_live(block: std::time::Duration) -> Env {
        Self::start_live_with(block, |_| {})
    }

    /// [`Env::start_live`] with the config changed by `edit`.
    pub fn start_live_with(
        block: std::time::Duration,
        edit: impl FnOnce(&mut DevnetConfig),
    ) -> Env {
        let mut env = Env::start_with(|c| {
            c.block_time = Some(block);
            c.clock = None;
            let mut p = c.genesis.params.clone().unwrap_or_default();
            p.replicas_ready_ms = 200;
            c.genesis.params = Some(p);
            edit(c);
        });
        env.now = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        env
    }

    /// `vmc` for a live devnet: the real clock (no `VMC_NOW`), fast keystore KDF.
    pub fn live_vmc(&self) -> Command {
        let mut c = self.vmc();
        c.env_remove("VMC_NOW")
            .env("VMC_KEYSTORE_PASSPHRASE", "akash deploy tests")
            .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1");
        c
    }

    /// [`Env::live_vmc`] as a `std::process::Command`, to spawn (and kill) it.
    pub fn live_vmc_std(&self) -> std::process::Command {
        let home = self.home.path();
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("vmc"));
        c.env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AKASH_REST_ENDPOINT", &self.base)
            .env("VMC_KEYSTORE_PASSPHRASE", "akash deploy tests")
            .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1");
        c
    }

    /// The receipt log of the default context.
    pub fn receipts_path(&self) -> std::path::PathBuf {
        self.home
            .path()
            .join("data/vmc/contexts/default/receipts.jsonl")
    }

    /// `GET path` on the devnet, as JSON.
    pub fn get_json(&self, path: &str) -> Value {
        self.get(path)
    }

    /// `POST path` on the devnet (2xx required), as JSON.
    pub fn post_json(&self, path: &str, body: Value) -> Value {
        self.post(path, body)
    }

    /// `POST /__devnet/faults`.
    pub fn faults(&self, body: Value) {
        self.post("/__devnet/faults", body);
    }

    /// `DELETE /__devnet/faults`: every fault cleared.
    pub fn clear_faults(&self) {
        self.rt.block_on(async {
            let r = self
                .http
                .delete(format!("{}/__devnet/faults", self.base))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "DELETE faults: {}", r.status());
        });
    }

    /// Every deployment of `owner` on chain (any state), from the deployments list.
    pub fn deployments_of(&self, owner: &str) -> Vec<Value> {
        let v = self.get(&format!(
            "/akash/deployment/v1beta4/deployments/list?filters.owner={owner}&pagination.limit=1000"
        ));
        v["deployments"].as_array().cloned().unwrap_or_default()
    }

    /// One deployment (`deployments/info`): `{deployment, groups, escrow_account}`.
    pub fn deployment_info(&self, owner: &str, dseq: u64) -> Value {
        self.get(&format!(
            "/akash/deployment/v1beta4/deployments/info?id.owner={owner}&id.dseq={dseq}"
        ))
    }

    /// Every lease of a deployment on chain (any state), as `lease` objects.
    pub fn leases_of(&self, owner: &str, dseq: u64) -> Vec<Value> {
        let v = self.get(&format!(
            "/akash/market/v1beta5/leases/list?filters.owner={owner}&filters.dseq={dseq}&pagination.limit=1000"
        ));
        v["leases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["lease"].clone())
            .collect()
    }

    /// The bank balance of `addr` in `denom` (0 when absent).
    pub fn balance_of(&self, addr: &str, denom: &str) -> u128 {
        let v = self.get(&format!("/cosmos/bank/v1beta1/balances/{addr}"));
        v["balances"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["denom"] == denom)
            .and_then(|c| c["amount"].as_str())
            .map_or(0, |a| a.parse().unwrap())
    }

    /// Sends `coins` (denom, amount) from the development wallet to `to` (bank send, one block).
    pub fn fund(&self, to: &str, coins: &[(&str, u128)]) {
        use vmc_akash::proto::cosmos::MsgSend;
        let key = dev_key(0);
        let msg = MsgSend {
            from_address: key.address(),
            to_address: to.to_string(),
            amount: coins
                .iter()
                .map(|(d, a)| Coin {
                    denom: d.to_string(),
                    amount: a.to_string(),
                })
                .collect(),
        };
        self.deliver(&key, vec![Msg::Send(msg)]);
    }

    /// Chain height, transactions ever delivered, and mempool size: what a command that
    /// broadcasts nothing leaves unchanged (on a devnet without a block timer).
    pub fn chain_footprint(&self) -> (u64, usize, usize) {
        self.devnet()
            .with_state(|st| (st.height, st.txs.len(), st.mempool.len()))
    }
}
