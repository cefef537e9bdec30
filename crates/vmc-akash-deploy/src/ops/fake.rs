//! A fake [`Akash`] port for the jobs' unit tests: a small in-memory chain that applies the
//! messages the jobs send (close, deposit, mint, close lease, certificates) and providers that
//! accept manifests (or fail as told).

use std::collections::BTreeMap;
use std::sync::Mutex;

use vmc_akash::rate::Amount;
use vmc_akash::tx::Msg;

use crate::model::{Bid, BidRef, DeploymentInfo, Funds, Lease, ProviderInfo, ServiceState};
use crate::port::{Akash, PortError, TxDone};

pub const OWNER: &str = "akash1owner";

#[derive(Debug, Default)]
pub struct State {
    pub height: u64,
    pub funds: Funds,
    pub deployments: BTreeMap<u64, DeploymentInfo>,
    pub leases: Vec<Lease>,
    /// Every batch of messages sent, in order.
    pub sent: Vec<Vec<Msg>>,
    /// Mints waiting for the epoch: (uakt burned, height sent).
    pub pending_mints: Vec<(u128, u64)>,
    /// uact per uakt × 1000.
    pub mint_rate_milli: u128,
    /// Mints are credited at heights that are multiples of this.
    pub epoch: u64,
    /// Manifests accepted: (provider, dseq, json).
    pub manifests: Vec<(String, u64, String)>,
    /// The next N manifest sends fail with a transient error.
    pub manifest_failures: u32,
    /// Manifest sends to these providers are refused (422).
    pub manifest_refused: Vec<String>,
    /// A refusal for the next send.
    pub refuse_next: Option<String>,
}

#[derive(Default)]
pub struct FakeAkash {
    pub st: Mutex<State>,
}

impl FakeAkash {
    pub fn new() -> FakeAkash {
        let f = FakeAkash::default();
        {
            let mut s = f.st.lock().unwrap();
            s.height = 100;
            s.funds = Funds {
                uact: 1_000_000,
                uakt: 50_000_000,
            };
            s.mint_rate_milli = 2_500;
            s.epoch = 10;
        }
        f
    }

    /// Adds an active deployment with `escrow` uact in escrow and leases from `providers`
    /// (one group each, gseq 1, 2, …).
    pub fn with_deployment(&self, dseq: u64, escrow: u128, providers: &[&str]) {
        let mut s = self.st.lock().unwrap();
        s.deployments.insert(
            dseq,
            DeploymentInfo {
                dseq,
                state: "active".into(),
                hash: vec![7; 32],
                groups: Vec::new(),
                escrow: Some(Amount::parse("uact", &escrow.to_string()).unwrap()),
            },
        );
        for (i, p) in providers.iter().enumerate() {
            s.leases.push(Lease {
                id: BidRef {
                    owner: OWNER.into(),
                    dseq,
                    gseq: i as u32 + 1,
                    oseq: 1,
                    provider: p.to_string(),
                    bseq: 0,
                },
                price: Amount::parse("uact", "10").unwrap(),
                state: "active".into(),
            });
        }
    }

    pub fn set_hash(&self, dseq: u64, hash: [u8; 32]) {
        self.st
            .lock()
            .unwrap()
            .deployments
            .get_mut(&dseq)
            .unwrap()
            .hash = hash.to_vec();
    }

    fn block(s: &mut State) {
        s.height += 1;
        let h = s.height;
        if h.is_multiple_of(s.epoch) {
            let rate = s.mint_rate_milli;
            let (due, later): (Vec<_>, Vec<_>) =
                s.pending_mints.drain(..).partition(|(_, at)| *at < h);
            s.pending_mints = later;
            for (burned, _) in due {
                s.funds.uact += burned * rate / 1000;
            }
        }
    }

    fn apply(s: &mut State, m: &Msg) -> Result<(), String> {
        match m {
            Msg::CloseDeployment(c) => {
                let dseq = c.id.as_ref().unwrap().dseq;
                let d = s.deployments.get_mut(&dseq).ok_or("deployment not found")?;
                if d.state != "active" {
                    return Err("deployment closed".into());
                }
                d.state = "closed".into();
                let refund: u128 = d
                    .escrow
                    .as_ref()
                    .map(|e| e.base.trunc().to_string().parse().unwrap())
                    .unwrap_or(0);
                s.funds.uact += refund;
                for l in s.leases.iter_mut().filter(|l| l.id.dseq == dseq) {
                    l.state = "closed".into();
                }
            }
            Msg::AccountDeposit(a) => {
                let dseq: u64 =
                    a.id.as_ref()
                        .unwrap()
                        .xid
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap();
                let coin = a.deposit.as_ref().unwrap().amount.clone().unwrap();
                let v: u128 = coin.amount.parse().unwrap();
                if s.funds.uact < v {
                    return Err("insufficient funds".into());
                }
                s.funds.uact -= v;
                let d = s.deployments.get_mut(&dseq).ok_or("deployment not found")?;
                let e = d.escrow.get_or_insert_with(|| Amount::zero("uact"));
                e.base += rust_decimal::Decimal::from(v as u64);
            }
            Msg::MintAct(m) => {
                let v: u128 = m.coins_to_burn.as_ref().unwrap().amount.parse().unwrap();
                if s.funds.uakt < v {
                    return Err("insufficient funds".into());
                }
                s.funds.uakt -= v;
                let h = s.height + 1;
                s.pending_mints.push((v, h));
            }
            Msg::CloseLease(c) => {
                let id = c.id.as_ref().unwrap();
                let l = s
                    .leases
                    .iter_mut()
                    .find(|l| {
                        l.id.dseq == id.dseq
                            && l.id.gseq == id.gseq
                            && l.id.oseq == id.oseq
                            && l.id.provider == id.provider
                    })
                    .ok_or("lease not found")?;
                if l.state != "active" {
                    return Err("lease closed".into());
                }
                l.state = "closed".into();
            }
            Msg::CreateCertificate(_) | Msg::RevokeCertificate(_) => {}
            other => return Err(format!("unexpected message {other:?}")),
        }
        Ok(())
    }
}

impl Akash for FakeAkash {
    fn owner(&self) -> &str {
        OWNER
    }

    async fn height(&self) -> Result<u64, PortError> {
        // Every query of the height lets a block pass, so waits make progress.
        let mut s = self.st.lock().unwrap();
        Self::block(&mut s);
        Ok(s.height)
    }

    async fn block_secs(&self) -> f64 {
        6.0
    }

    async fn funds(&self) -> Result<Funds, PortError> {
        Ok(self.st.lock().unwrap().funds.clone())
    }

    async fn min_deposit(&self, _denom: &str) -> Result<u128, PortError> {
        Ok(500_000)
    }

    async fn deployment(&self, dseq: u64) -> Result<Option<DeploymentInfo>, PortError> {
        Ok(self.st.lock().unwrap().deployments.get(&dseq).cloned())
    }

    async fn bids(&self, _dseq: u64) -> Result<Vec<Bid>, PortError> {
        Ok(Vec::new())
    }

    async fn leases(&self, dseq: u64) -> Result<Vec<Lease>, PortError> {
        Ok(self
            .st
            .lock()
            .unwrap()
            .leases
            .iter()
            .filter(|l| l.id.dseq == dseq)
            .cloned()
            .collect())
    }

    async fn provider(&self, address: &str) -> Result<ProviderInfo, PortError> {
        Ok(ProviderInfo {
            address: address.to_string(),
            host_uri: format!("https://{address}.example:8443"),
            attributes: Vec::new(),
            auditors: Vec::new(),
        })
    }

    async fn tx_code(&self, _hash: &str) -> Result<Option<u32>, PortError> {
        Ok(None)
    }

    async fn send(
        &self,
        msgs: Vec<Msg>,
        on_signed: &mut dyn FnMut(&str) -> Result<(), String>,
    ) -> Result<TxDone, PortError> {
        let hash = {
            let s = self.st.lock().unwrap();
            format!("TX{}", s.sent.len() + 1)
        };
        on_signed(&hash).map_err(PortError::Other)?;
        let mut s = self.st.lock().unwrap();
        if let Some(why) = s.refuse_next.take() {
            return Err(PortError::Refused {
                plain: format!("refused: {why}"),
                raw_log: why,
                code: 1,
                codespace: "test".into(),
            });
        }
        for m in &msgs {
            Self::apply(&mut s, m).map_err(|e| PortError::Refused {
                plain: format!("refused: {e}"),
                raw_log: e,
                code: 1,
                codespace: "test".into(),
            })?;
        }
        s.sent.push(msgs);
        Self::block(&mut s);
        Ok(TxDone {
            hash,
            height: s.height,
            fee_uakt: 5_000,
        })
    }

    async fn probe(&self, _provider: &ProviderInfo) -> Result<(), PortError> {
        Ok(())
    }

    async fn send_manifest(
        &self,
        provider: &ProviderInfo,
        dseq: u64,
        manifest_json: &str,
    ) -> Result<(), PortError> {
        let mut s = self.st.lock().unwrap();
        if s.manifest_refused.contains(&provider.address) {
            return Err(PortError::Gateway {
                provider: provider.address.clone(),
                status: Some(422),
                message: "manifest version mismatch".into(),
                transient: false,
            });
        }
        if s.manifest_failures > 0 {
            s.manifest_failures -= 1;
            return Err(PortError::Gateway {
                provider: provider.address.clone(),
                status: Some(503),
                message: "unavailable".into(),
                transient: true,
            });
        }
        s.manifests
            .push((provider.address.clone(), dseq, manifest_json.to_string()));
        Ok(())
    }

    async fn lease_services(
        &self,
        _provider: &ProviderInfo,
        _lease: &BidRef,
    ) -> Result<Vec<ServiceState>, PortError> {
        Ok(Vec::new())
    }
}
