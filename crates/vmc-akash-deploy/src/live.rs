//! [`LiveAkash`]: the [`Akash`] port over a chain node (`vmc-akash-client`) and the providers'
//! gateways (JWT auth, TLS trust from Web PKI or the provider's on-chain certificate).

use std::collections::BTreeMap;
use std::sync::Mutex;

use vmc_akash::DeploymentId;
use vmc_akash::keys::SigningKey;
use vmc_akash::rate::Amount;
use vmc_akash::tx::Msg;
use vmc_akash_client::gateway::{GatewayAuth, GatewayClient, GatewayError, GatewayOptions, Trust};
use vmc_akash_client::tx::send::{SendError, TxSettings};
use vmc_akash_client::{ChainClient, ClientError, MarketFilter};
use vmc_akash_proto::cosmos::DecCoin;
use vmc_akash_proto::deployment::{DeploymentState, GroupState};
use vmc_akash_proto::market::{BidId, BidState, LeaseId, LeaseState};
use vmc_akash_proto::serde_helpers::ProtoEnum;

use crate::model::{
    Bid, BidRef, DeploymentInfo, Funds, GroupInfo, Lease, ProviderInfo, ServiceState,
};
use crate::port::{Akash, PortError, TxDone};

/// The live port. The signing key never leaves it.
pub struct LiveAkash {
    chain: ChainClient,
    key: SigningKey,
    owner: String,
    tx: TxSettings,
    /// A JWT for the owner, issued by the caller (it knows the clock); `None`: the providers
    /// are not to be given one (gateway calls fail without being sent).
    jwt: Option<vmc_akash::jwt::Token>,
    gateway: GatewayOptions,
    block_secs: Mutex<Option<f64>>,
    gateways: tokio::sync::Mutex<BTreeMap<String, GatewayClient>>,
}

impl LiveAkash {
    pub fn new(
        chain: ChainClient,
        key: SigningKey,
        tx: TxSettings,
        jwt: Option<vmc_akash::jwt::Token>,
        gateway: GatewayOptions,
    ) -> LiveAkash {
        let owner = key.address();
        LiveAkash {
            chain,
            key,
            owner,
            tx,
            jwt,
            gateway,
            block_secs: Mutex::new(None),
            gateways: tokio::sync::Mutex::new(BTreeMap::new()),
        }
    }

    /// Seeds the block time with one the caller already measured (`None`: measure on first
    /// use), so that it is not measured twice.
    pub fn with_block_secs(self, secs: Option<f64>) -> LiveAkash {
        *self.block_secs.lock().unwrap_or_else(|e| e.into_inner()) = secs;
        self
    }

    pub fn chain(&self) -> &ChainClient {
        &self.chain
    }

    async fn gateway(&self, p: &ProviderInfo) -> Result<GatewayClient, PortError> {
        let mut map = self.gateways.lock().await;
        if let Some(g) = map.get(&p.address) {
            return Ok(g.clone());
        }
        let trust = Trust::fetch(&self.chain, &p.address).await.map_err(|e| {
            PortError::Other(format!("provider {}: its certificates: {e}", p.address))
        })?;
        let g = GatewayClient::new(
            &p.host_uri,
            trust,
            GatewayAuth::Jwt(self.jwt.clone().ok_or_else(|| PortError::Gateway {
                provider: p.address.clone(),
                status: None,
                message: "no provider credentials: on network `local` vmc gives the devnet providers a JWT only for keys of its public test mnemonic, not for a real wallet".into(),
                transient: false,
            })?),
            &self.gateway,
        )
        .map_err(|e| gateway_error(&p.address, &e))?;
        map.insert(p.address.clone(), g.clone());
        Ok(g)
    }
}

fn state<E: ProtoEnum>(v: i32) -> String {
    E::from_number(v).map_or_else(|| v.to_string(), |e| e.as_str_name().to_string())
}

/// A chain refusal (as `tx::send` reads one) or, for anything else, the client's error text.
fn client_error(e: ClientError) -> PortError {
    match vmc_akash_client::tx::send::chain_refusal(e) {
        SendError::Client(e) => PortError::Other(e.to_string()),
        refusal => send_error(refusal),
    }
}

fn send_error(e: SendError) -> PortError {
    match e {
        SendError::Refused {
            plain,
            code,
            codespace,
            raw_log,
            ..
        } => PortError::Refused {
            plain,
            raw_log,
            code,
            codespace,
        },
        SendError::NotIncluded { hash, secs } => PortError::Pending {
            hash,
            message: format!("not included within {secs} s"),
        },
        SendError::Client(e) => client_error(e),
        other => PortError::Other(other.to_string()),
    }
}

fn gateway_error(provider: &str, e: &GatewayError) -> PortError {
    let status = match e {
        GatewayError::Http { status, .. } | GatewayError::Unauthorized { status, .. } => {
            Some(*status)
        }
        GatewayError::NotFound { .. } => Some(404),
        _ => None,
    };
    PortError::Gateway {
        provider: provider.to_string(),
        status,
        message: e.to_string(),
        transient: e.is_transient() || e.is_not_found(),
    }
}

/// The wire's `BidID` and `LeaseID` (the same six fields) as a [`BidRef`].
macro_rules! bid_ref_from {
    ($($wire:ty),*) => {$(
        impl From<&$wire> for BidRef {
            fn from(id: &$wire) -> BidRef {
                BidRef {
                    owner: id.owner.clone(),
                    dseq: id.dseq,
                    gseq: id.gseq,
                    oseq: id.oseq,
                    provider: id.provider.clone(),
                    bseq: id.bseq,
                }
            }
        }
    )*};
}

bid_ref_from!(BidId, LeaseId);

/// A bid's or a lease's price per block (none on the wire: zero uact).
fn per_block(price: Option<&DecCoin>) -> Amount {
    price.map_or_else(|| Amount::zero("uact"), Amount::of_dec_coin)
}

impl LiveAkash {
    /// The owner's bids or leases of deployment `dseq`, any state.
    fn market(&self, dseq: u64) -> MarketFilter<'_> {
        MarketFilter {
            owner: &self.owner,
            dseq: Some(dseq),
            ..MarketFilter::default()
        }
    }
}

impl Akash for LiveAkash {
    fn owner(&self) -> &str {
        &self.owner
    }

    async fn height(&self) -> Result<u64, PortError> {
        Ok(self
            .chain
            .latest_block()
            .await
            .map_err(client_error)?
            .height)
    }

    async fn block_secs(&self) -> f64 {
        if let Some(s) = *self.block_secs.lock().unwrap_or_else(|e| e.into_inner()) {
            return s;
        }
        let bt = self
            .chain
            .block_time(6.0)
            .await
            .unwrap_or(vmc_akash::rate::BlockTime::assumed(6.0));
        if bt.measured_over.is_some() {
            *self.block_secs.lock().unwrap_or_else(|e| e.into_inner()) = Some(bt.secs);
        }
        bt.secs
    }

    async fn funds(&self) -> Result<Funds, PortError> {
        let coins = match self.chain.balances(&self.owner).await {
            Ok(c) => c,
            Err(ClientError::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(client_error(e)),
        };
        let mut f = Funds::default();
        for c in coins {
            let v: u128 = c.amount.parse().unwrap_or(0);
            match c.denom.as_str() {
                "uact" => f.uact = v,
                "uakt" => f.uakt = v,
                _ => {}
            }
        }
        Ok(f)
    }

    async fn deployment(&self, dseq: u64) -> Result<Option<DeploymentInfo>, PortError> {
        let id = DeploymentId {
            owner: self.owner.clone(),
            dseq,
        };
        let d = match self.chain.deployment(&id).await {
            Ok(d) => d,
            Err(ClientError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(client_error(e)),
        };
        let Some(dep) = d.deployment else {
            return Ok(None);
        };
        let escrow = d
            .escrow_account
            .as_ref()
            .and_then(|a| a.state.as_ref())
            .and_then(|s| s.funds.first())
            .and_then(|f| Amount::from_atomics(&f.denom, &f.amount).ok());
        Ok(Some(DeploymentInfo {
            dseq,
            state: state::<DeploymentState>(dep.state),
            hash: dep.hash,
            groups: d
                .groups
                .iter()
                .map(|g| GroupInfo {
                    gseq: g.id.as_ref().map_or(0, |i| i.gseq),
                    state: state::<GroupState>(g.state),
                    name: g
                        .group_spec
                        .as_ref()
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                    spec: g
                        .group_spec
                        .as_ref()
                        .and_then(|s| vmc_akash::groups::group_spec_from_proto(s).ok()),
                })
                .collect(),
            escrow,
        }))
    }

    async fn bids(&self, dseq: u64) -> Result<Vec<Bid>, PortError> {
        let rows = self
            .chain
            .bids(&self.market(dseq))
            .await
            .map_err(client_error)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let b = r.bid?;
                Some(Bid {
                    id: b.id.as_ref()?.into(),
                    price: per_block(b.price.as_ref()),
                    state: state::<BidState>(b.state),
                    created_at: u64::try_from(b.created_at).unwrap_or(0),
                })
            })
            .collect())
    }

    async fn leases(&self, dseq: u64) -> Result<Vec<Lease>, PortError> {
        let rows = self
            .chain
            .leases(&self.market(dseq))
            .await
            .map_err(client_error)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let l = r.lease?;
                Some(Lease {
                    id: l.id.as_ref()?.into(),
                    price: per_block(l.price.as_ref()),
                    state: state::<LeaseState>(l.state),
                })
            })
            .collect())
    }

    async fn provider(&self, address: &str) -> Result<ProviderInfo, PortError> {
        let p = self.chain.provider(address).await.map_err(client_error)?;
        let audits = self.chain.audits_of(address).await.unwrap_or_default();
        let mut auditors: Vec<String> = audits.iter().map(|a| a.auditor.clone()).collect();
        auditors.sort();
        auditors.dedup();
        Ok(ProviderInfo {
            address: p.owner.clone(),
            host_uri: p.host_uri.clone(),
            attributes: p
                .attributes
                .iter()
                .map(|a| (a.key.clone(), a.value.clone()))
                .collect(),
            auditors,
        })
    }

    async fn tx_code(&self, hash: &str) -> Result<Option<u32>, PortError> {
        Ok(self
            .chain
            .find_tx(hash)
            .await
            .map_err(client_error)?
            .map(|r| r.code))
    }

    async fn estimate_fee(&self, msgs: Vec<Msg>) -> Result<u128, PortError> {
        self.chain
            .prepare(&self.key, &msgs, &self.tx)
            .await
            .map(|p| p.fee_uakt)
            .map_err(send_error)
    }

    async fn send(
        &self,
        msgs: Vec<Msg>,
        on_signed: &mut dyn FnMut(&str) -> Result<(), String>,
    ) -> Result<TxDone, PortError> {
        let done = self
            .chain
            .send(&self.key, &msgs, &self.tx, &mut |p| on_signed(&p.hash))
            .await
            .map_err(send_error)?;
        Ok(TxDone {
            hash: done.hash,
            height: done.height,
            fee_uakt: done.fee_uakt,
        })
    }

    async fn probe(&self, provider: &ProviderInfo) -> Result<(), PortError> {
        let g = self.gateway(provider).await?;
        g.status()
            .await
            .map(|_| ())
            .map_err(|e| gateway_error(&provider.address, &e))
    }

    async fn send_manifest(
        &self,
        provider: &ProviderInfo,
        dseq: u64,
        manifest_json: &str,
    ) -> Result<(), PortError> {
        let g = self.gateway(provider).await?;
        g.send_manifest(dseq, manifest_json.as_bytes())
            .await
            .map_err(|e| gateway_error(&provider.address, &e))
    }

    async fn lease_services(
        &self,
        provider: &ProviderInfo,
        lease: &BidRef,
    ) -> Result<Vec<ServiceState>, PortError> {
        let g = self.gateway(provider).await?;
        let st = g
            .lease_status(lease.dseq, lease.gseq, lease.oseq)
            .await
            .map_err(|e| gateway_error(&provider.address, &e))?;
        Ok(st
            .services
            .iter()
            .map(|(name, s)| ServiceState {
                name: name.clone(),
                ready: s.ready_replicas,
                total: s.total,
                uris: s.uris.clone(),
                forwarded: st
                    .forwarded_ports
                    .get(name)
                    .map(|v| {
                        v.iter()
                            .map(|f| format!("{}:{}", f.host, f.external_port))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect())
    }
}
