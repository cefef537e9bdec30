//! The devnet as a provider gateway client meets it: a chain on a manual clock driven over
//! HTTP, a deployment of `templates/akash/web.yaml` leased to a provider (transactions signed
//! by vmc's protocol crate), the provider's trust read from the chain through vmc's own chain
//! client, and a TCP proxy whose connections can be cut to drop a stream.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use vmc_akash::jwt::{self, Alg, Leases, Token};
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_akash::tx::{Msg, SignerData, TxDraft, fee};
use vmc_akash_client::gateway::Trust;
use vmc_akash_client::{ChainClient, ClientOptions};
use vmc_devnet::{DevnetConfig, GatewayInfo, Genesis, ManualClock, RunningDevnet};

pub struct Net {
    pub running: RunningDevnet,
    pub http: reqwest::Client,
    pub base: String,
    pub chain_id: String,
}

impl Net {
    /// A devnet in memory, blocks on demand, its clock at the genesis time.
    pub async fn start() -> Net {
        let genesis = Genesis::default_embedded();
        let chain_id = genesis.chain_id.clone();
        let clock = ManualClock::new(genesis.genesis_ms().unwrap());
        let running = vmc_devnet::start(DevnetConfig {
            block_time: None,
            clock: Some(clock),
            genesis,
            ..DevnetConfig::default()
        })
        .await
        .unwrap();
        let base = running.url();
        Net {
            running,
            http: reqwest::Client::new(),
            base,
            chain_id,
        }
    }

    pub fn gateway(&self, name: &str) -> GatewayInfo {
        self.running
            .gateways
            .iter()
            .find(|g| g.name == name)
            .unwrap_or_else(|| panic!("no gateway {name}"))
            .clone()
    }

    /// The provider's valid on-chain certificates, through vmc's chain client.
    pub async fn trust(&self, provider: &str) -> Trust {
        let chain = ChainClient::new(&self.base, ClientOptions::default()).unwrap();
        let t = Trust::fetch(&chain, provider).await.unwrap();
        assert_eq!(
            t.onchain_certs.len(),
            1,
            "one valid certificate of {provider}"
        );
        t
    }

    /// The DER of the provider's on-chain certificate.
    pub async fn cert_der(&self, provider: &str) -> Vec<u8> {
        let t = self.trust(provider).await;
        pem::parse(&t.onchain_certs[0]).unwrap().contents().to_vec()
    }

    pub fn now_s(&self) -> i64 {
        self.running.devnet().with_state(|st| st.time_ms) / 1000
    }

    pub async fn get_ok(&self, path: &str) -> Value {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "POST {path}");
        r.json().await.unwrap_or(Value::Null)
    }

    /// `blocks` blocks, the clock moving `secs` seconds before each.
    pub async fn advance(&self, blocks: u32, secs: f64) {
        self.post(
            "/__devnet/advance",
            json!({"blocks": blocks, "seconds_per_block": secs}),
        )
        .await;
    }

    async fn sign(&self, key: &SigningKey, msgs: Vec<Msg>, gas: u64) -> Vec<u8> {
        let v = self
            .get_ok(&format!("/cosmos/auth/v1beta1/accounts/{}", key.address()))
            .await;
        let num = |k: &str| v["account"][k].as_str().unwrap().parse::<u64>().unwrap();
        let draft = TxDraft {
            messages: msgs,
            memo: String::new(),
            timeout_height: 0,
            fee: fee((gas as u128).div_ceil(40), gas),
        };
        let signer = SignerData {
            chain_id: self.chain_id.clone(),
            account_number: num("account_number"),
            sequence: num("sequence"),
        };
        draft.sign(key, &signer).unwrap().tx_raw
    }

    /// Simulate → sign → broadcast → one block; asserts the transaction succeeded.
    pub async fn deliver(&self, key: &SigningKey, msgs: Vec<Msg>) {
        let probe = self.sign(key, msgs.clone(), 1_000_000).await;
        let sim = self
            .post(
                "/cosmos/tx/v1beta1/simulate",
                json!({"tx_bytes": vmc_akash::tx::to_base64(&probe)}),
            )
            .await;
        let used: u64 = sim["gas_info"]["gas_used"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let tx = self.sign(key, msgs, used * 3 / 2).await;
        let res = self
            .post(
                "/cosmos/tx/v1beta1/txs",
                json!({"tx_bytes": vmc_akash::tx::to_base64(&tx), "mode": "BROADCAST_MODE_SYNC"}),
            )
            .await;
        assert_eq!(res["tx_response"]["code"], 0, "CheckTx: {res}");
        let hash = res["tx_response"]["txhash"].as_str().unwrap().to_string();
        self.advance(1, 1.0).await;
        let v = self.get_ok(&format!("/cosmos/tx/v1beta1/txs/{hash}")).await;
        assert_eq!(v["tx_response"]["code"], 0, "{v}");
    }

    /// Creates the deployment `dseq` of `web.yaml` and leases it to `provider`; returns the
    /// manifest JSON to send.
    pub async fn lease_web(&self, key: &SigningKey, dseq: u64, provider: &str) -> String {
        use vmc_akash::proto::base::Deposit;
        use vmc_akash::proto::cosmos::Coin;
        use vmc_akash::proto::deployment::{DeploymentId, MsgCreateDeployment};
        use vmc_akash::proto::market::{BidId, MsgCreateLease};
        let sdl = vmc_sdl::parse(WEB_SDL).unwrap();
        let (groups, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::Ts);
        let owner = key.address();
        let create = MsgCreateDeployment {
            id: Some(DeploymentId {
                owner: owner.clone(),
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
        self.deliver(key, vec![Msg::CreateDeployment(create)]).await;
        self.advance(1, 1.0).await;
        let lease = MsgCreateLease {
            bid_id: Some(BidId {
                owner,
                dseq,
                gseq: 1,
                oseq: 1,
                provider: provider.to_string(),
                bseq: 0,
            }),
        };
        self.deliver(key, vec![Msg::CreateLease(lease)]).await;
        manifest.canonical_json()
    }

    /// The provider drops the lease of `dseq` in the next block.
    pub async fn drop_lease(&self, dseq: u64) {
        let d = self.running.devnet();
        let lease = d.with_state(|st| {
            st.leases
                .values()
                .find(|l| l.id.dseq == dseq)
                .map(|l| l.id.clone())
                .unwrap()
        });
        d.drop_lease(lease);
        self.advance(1, 0.0).await;
    }
}

pub const WEB_SDL: &str = include_str!("../../../../templates/akash/web.yaml");

pub fn dev_key(index: u32) -> SigningKey {
    SigningKey::from_mnemonic(&Mnemonic::parse(vmc_devnet::DEV_MNEMONIC).unwrap(), index).unwrap()
}

/// A key the devnet has never seen.
pub fn stranger_key() -> SigningKey {
    let words = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    SigningKey::from_mnemonic(&Mnemonic::parse(words).unwrap(), 0).unwrap()
}

/// A JWT of `key` with full access, valid from `now_s` for 15 minutes.
pub fn token(key: &SigningKey, now_s: i64) -> Token {
    let claims = jwt::default_claims(&key.address(), now_s, Leases::full());
    jwt::issue(key, &claims, Alg::Es256kAdr36).unwrap()
}

/// A TCP proxy to `target` whose open connections [`Proxy::cut`] drops.
pub struct Proxy {
    pub addr: SocketAddr,
    conns: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accepted: Arc<Mutex<usize>>,
    accept: JoinHandle<()>,
}

impl Proxy {
    pub async fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let conns: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accepted: Arc<Mutex<usize>> = Arc::default();
        let (c, a) = (conns.clone(), accepted.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut down, _)) = listener.accept().await {
                *a.lock().unwrap() += 1;
                let h = tokio::spawn(async move {
                    if let Ok(mut up) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut down, &mut up).await;
                    }
                });
                c.lock().unwrap().push(h);
            }
        });
        Proxy {
            addr,
            conns,
            accepted,
            accept,
        }
    }

    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Drops every open connection (both ends see the TCP connection close, no TLS close).
    pub fn cut(&self) {
        for h in self.conns.lock().unwrap().drain(..) {
            h.abort();
        }
    }

    pub fn accepted(&self) -> usize {
        *self.accepted.lock().unwrap()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

/// `host:port` of a gateway URL.
pub fn socket_addr(url: &str) -> SocketAddr {
    url.trim_start_matches("https://").parse().unwrap()
}
