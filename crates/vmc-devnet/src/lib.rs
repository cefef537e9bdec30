//! A local Akash network that speaks the real protocols: the chain's REST API (gRPC-gateway
//! JSON), real signed transactions (TxRaw, SIGN_MODE_DIRECT signatures checked against the
//! SignDoc), the Akash deployment / market / escrow / cert / BME rules, simulated providers that
//! bid on what they are eligible for, blocks on a timer, persistence, and faults on demand.
//! Each simulated provider also serves the Akash provider gateway over HTTPS on loopback
//! ([`provider`]): manifests, lease status, logs, events and shell, with JWT or mTLS auth.
//!
//! It is written from the protocol notes, not from vmc's client crates, so that a client that
//! sends a wrong field fails against it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vmc_devnet::DevnetError> {
//! let running = vmc_devnet::start(vmc_devnet::DevnetConfig::default()).await?;
//! println!("chain REST at http://{}", running.addr);
//! running.devnet().advance_block(); // or wait for the block timer
//! running.shutdown().await;
//! # Ok(()) }
//! ```

mod cert;
pub mod chain;
pub mod clock;
pub mod dec;
pub mod escrow;
pub mod exec;
pub mod faults;
pub mod genesis;
pub mod groupspec;
pub mod hetzner;
pub mod keys;
pub mod market;
pub mod matching;
pub mod persist;
pub mod provider;
pub mod providers;
pub mod render;
pub mod rest;
pub mod seed;
pub mod spec;
pub mod state;
pub mod tx;
pub mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

pub use chain::Chain;
pub use clock::{Clock, ManualClock, SystemClock};
pub use faults::{FaultKind, FaultRule};
pub use genesis::{DEV_MNEMONIC, Genesis};
pub use provider::GatewayInfo;
pub use state::ChainState;

#[derive(Debug, thiserror::Error)]
pub enum DevnetError {
    #[error(transparent)]
    Genesis(#[from] genesis::GenesisError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("devnet state: {0}")]
    State(std::io::Error),
    #[error("provider gateway: {0}")]
    Gateway(String),
    #[error("the devnet at {addr} does not answer: {message}")]
    Unreachable { addr: String, message: String },
}

/// How to run a devnet.
#[derive(Clone)]
pub struct DevnetConfig {
    pub listen: SocketAddr,
    /// Time between blocks; `None` = blocks only on demand (`advance_block`, `/__devnet/advance`).
    pub block_time: Option<Duration>,
    /// Derives provider keys; part of what makes a run deterministic.
    pub seed: u64,
    pub genesis: Genesis,
    /// Where `state.json` lives; `None` = in memory only.
    pub state_dir: Option<PathBuf>,
    /// Block timestamps. `None` = the system clock.
    pub clock: Option<ManualClock>,
}

impl Default for DevnetConfig {
    fn default() -> Self {
        DevnetConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            block_time: Some(Duration::from_secs(1)),
            seed: 1,
            genesis: Genesis::default_embedded(),
            state_dir: None,
            clock: None,
        }
    }
}

/// A handle on the chain of a running devnet (cheap to clone).
#[derive(Clone)]
pub struct Devnet {
    app: rest::AppState,
    state_dir: Option<PathBuf>,
    hetzner: hetzner::HetznerState,
    /// The Hetzner JSON last written, to write only on change.
    last_hetzner: Arc<Mutex<String>>,
}

impl Devnet {
    fn lock(&self) -> std::sync::MutexGuard<'_, Chain> {
        self.app.lock()
    }

    /// Produces one block now.
    pub fn advance_block(&self) {
        self.lock().advance_block();
    }

    /// Moves the manual clock (if any) by `secs`, then produces a block.
    pub fn advance_secs(&self, secs: i64) {
        if let Some(c) = &self.app.manual_clock {
            c.advance_ms(secs * 1000);
        }
        self.advance_block();
    }

    pub fn height(&self) -> u64 {
        self.lock().st.height
    }

    /// Reads the state.
    pub fn with_state<R>(&self, f: impl FnOnce(&ChainState) -> R) -> R {
        f(&self.lock().st)
    }

    /// Changes the state directly (test set-up, fault injection).
    pub fn with_state_mut<R>(&self, f: impl FnOnce(&mut ChainState) -> R) -> R {
        let mut c = self.lock();
        c.dirty = true;
        f(&mut c.st)
    }

    /// Creates `count` active deployments of `owner` directly in the state, each with one group,
    /// an escrow account funded in uact, an active order and bid and an active lease from one of
    /// the genesis providers (escrow payment at the bid price, manifest accepted), as real
    /// transactions would have left them; returns their dseqs in order. See [`seed`].
    pub fn seed_deployments(&self, owner: &str, count: usize) -> Vec<u64> {
        self.with_state_mut(|st| seed::deployments(st, owner, count))
    }

    /// The provider gateway's hook: the lease's manifest arrived.
    pub fn mark_manifest_received(&self, lease: &state::BidId) {
        self.with_state_mut(|st| st.mark_manifest_received(lease));
    }

    /// Adds an HTTP fault rule.
    pub fn add_fault(&self, rule: FaultRule) {
        self.app.faults.add(rule);
    }

    /// The next `n` broadcasts fail with an account sequence mismatch.
    pub fn fail_next_sequences(&self, n: u32) {
        self.lock().seq_mismatch_faults = n;
    }

    /// The provider drops this lease in the next block.
    pub fn drop_lease(&self, lease: state::BidId) {
        self.lock().drop_leases.push(lease);
    }

    /// The Hetzner Cloud half (served under `/hetzner/v1`).
    pub fn hetzner(&self) -> &hetzner::HetznerState {
        &self.hetzner
    }

    /// Writes the snapshot now if anything changed (chain or Hetzner state).
    pub fn persist(&self) -> std::io::Result<()> {
        let Some(dir) = &self.state_dir else {
            return Ok(());
        };
        let hz = serde_json::to_value(&self.hetzner).map_err(std::io::Error::other)?;
        let hz_text = hz.to_string();
        let mut last = self.last_hetzner.lock().unwrap_or_else(|p| p.into_inner());
        let bytes = {
            let mut c = self.lock();
            if !c.dirty && *last == hz_text {
                return Ok(());
            }
            c.dirty = false;
            serde_json::to_vec(&persist::Snapshot {
                version: persist::VERSION,
                chain: c.st.clone(),
                hetzner: hz,
            })
            .map_err(std::io::Error::other)?
        };
        persist::write(dir, &bytes)?;
        *last = hz_text;
        Ok(())
    }
}

/// A devnet serving on `addr` until `shutdown`.
pub struct RunningDevnet {
    pub addr: SocketAddr,
    /// The providers' gateways, in the order of the providers in the state.
    pub gateways: Vec<GatewayInfo>,
    devnet: Devnet,
    stop: watch::Sender<bool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl RunningDevnet {
    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn devnet(&self) -> Devnet {
        self.devnet.clone()
    }

    /// Stops serving and block production, then writes the final snapshot.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
        if let Err(e) = self.devnet.persist() {
            tracing::warn!("devnet: could not write the final snapshot: {e}");
        }
    }

    /// Waits until the server stops (e.g. forever, for `vmc devnet up`).
    pub async fn wait_stopped(&mut self) {
        let mut rx = self.stop.subscribe();
        let _ = rx.wait_for(|v| *v).await;
    }
}

/// Loads the persisted state of `config.state_dir` (the chain and the Hetzner data), or builds
/// block 0 from the genesis (Hetzner data `None`: start from the genesis fixtures).
pub fn load_or_genesis(
    config: &DevnetConfig,
) -> Result<(ChainState, Option<serde_json::Value>), DevnetError> {
    if let Some(dir) = &config.state_dir
        && let Some(snap) = persist::load(dir).map_err(DevnetError::State)?
    {
        let hz = (!snap.hetzner.is_null()).then_some(snap.hetzner);
        return Ok((snap.chain, hz));
    }
    Ok((config.genesis.build(config.seed)?, None))
}

fn hetzner_state(
    st: &ChainState,
    saved: Option<serde_json::Value>,
    clock: Arc<dyn Clock>,
    seed: u64,
) -> Result<hetzner::HetznerState, DevnetError> {
    if let Some(v) = saved {
        return hetzner::HetznerState::from_json(&v.to_string(), clock).map_err(|e| {
            DevnetError::State(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("hetzner state: {e}"),
            ))
        });
    }
    let fixtures: hetzner::HetznerFixtures = if st.hetzner.is_null() {
        hetzner::HetznerFixtures::default()
    } else {
        serde_json::from_value(st.hetzner.clone())
            .map_err(|e| genesis::GenesisError::Invalid(format!("hetzner: {e}")))?
    };
    fixtures
        .validate()
        .map_err(|e| genesis::GenesisError::Invalid(format!("hetzner: {e}")))?;
    Ok(hetzner::HetznerState::new(fixtures, clock, seed))
}

/// Starts a devnet: binds, serves the REST API and produces blocks on the block timer.
pub async fn start(config: DevnetConfig) -> Result<RunningDevnet, DevnetError> {
    let (st, saved_hetzner) = load_or_genesis(&config)?;
    let clock: Arc<dyn Clock> = match &config.clock {
        Some(c) => Arc::new(c.clone()),
        None => Arc::new(SystemClock),
    };
    let hz = hetzner_state(&st, saved_hetzner, clock.clone(), config.seed)?;
    let app = rest::AppState {
        chain: Arc::new(Mutex::new(Chain::new(st, clock))),
        faults: Arc::new(faults::Faults::default()),
        manual_clock: config.clock.clone(),
    };
    let devnet = Devnet {
        app: app.clone(),
        state_dir: config.state_dir.clone(),
        hetzner: hz.clone(),
        last_hetzner: Arc::new(Mutex::new(String::new())),
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| DevnetError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| DevnetError::Bind {
        addr: config.listen,
        source,
    })?;
    let (stop, rx) = watch::channel(false);
    let mut tasks = Vec::new();
    let gateways = start_gateways(&app, addr, config.listen.port(), &rx, &mut tasks).await?;
    let router = rest::router(app)
        .nest("/hetzner/v1", hetzner::router(hz.clone()))
        .nest("/__devnet/hetzner", hetzner::admin_router(hz));
    let mut srx = rx.clone();
    tasks.push(tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = srx.changed().await;
        });
        if let Err(e) = serve.await {
            tracing::error!("devnet server stopped: {e}");
        }
    }));
    let ticker = devnet.clone();
    let block_time = config.block_time;
    let mut brx = rx.clone();
    tasks.push(tokio::spawn(async move {
        let mut persist_every = tokio::time::interval(Duration::from_millis(500));
        persist_every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut blocks = block_time.map(|d| {
            let mut i = tokio::time::interval_at(tokio::time::Instant::now() + d, d);
            i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            i
        });
        loop {
            tokio::select! {
                _ = brx.changed() => break,
                _ = async { match blocks.as_mut() { Some(i) => { i.tick().await; } None => std::future::pending::<()>().await } } => {
                    ticker.advance_block();
                    let t = ticker.clone();
                    let _ = tokio::task::spawn_blocking(move || t.persist()).await;
                }
                _ = persist_every.tick() => {
                    let t = ticker.clone();
                    let _ = tokio::task::spawn_blocking(move || t.persist()).await;
                }
            }
        }
    }));
    Ok(RunningDevnet {
        addr,
        gateways,
        devnet,
        stop,
        tasks,
    })
}

/// Starts one gateway per provider on 127.0.0.1: ephemeral ports when the devnet's own port was
/// 0, otherwise `P + 1 + i` (falling back to an ephemeral port if that one is taken). Publishes
/// each provider's certificate and sets its on-chain `host_uri` to where it listens.
async fn start_gateways(
    app: &rest::AppState,
    addr: SocketAddr,
    requested_port: u16,
    rx: &watch::Receiver<bool>,
    tasks: &mut Vec<tokio::task::JoinHandle<()>>,
) -> Result<Vec<GatewayInfo>, DevnetError> {
    let providers: Vec<(String, String)> = app
        .lock()
        .st
        .providers
        .values()
        .map(|p| (p.owner.clone(), p.name.clone()))
        .collect();
    let real_now = SystemClock.now_ms();
    let mut out = Vec::new();
    for (i, (address, name)) in providers.into_iter().enumerate() {
        let want = if requested_port == 0 {
            0
        } else {
            addr.port().saturating_add(1 + i as u16)
        };
        let bind =
            |port: u16| tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)));
        let listener = match bind(want).await {
            Ok(l) => l,
            Err(e) if want != 0 => {
                tracing::warn!(
                    "provider gateway {name}: port {want} is taken ({e}); using a free port"
                );
                bind(0)
                    .await
                    .map_err(|source| DevnetError::Bind { addr, source })?
            }
            Err(source) => return Err(DevnetError::Bind { addr, source }),
        };
        let port = listener
            .local_addr()
            .map_err(|source| DevnetError::Bind { addr, source })?
            .port();
        let url = format!("https://127.0.0.1:{port}");
        let cert = {
            let mut chain = app.lock();
            chain.dirty = true;
            if let Some(p) = chain.st.providers.get_mut(&address) {
                p.host_uri = url.clone();
            }
            provider::cert::ensure(&mut chain.st, &address, &name, real_now)
                .map_err(DevnetError::Gateway)?
        };
        let tls = provider::tls::server_config(&cert).map_err(DevnetError::Gateway)?;
        let gw = provider::Gw {
            app: app.clone(),
            address: address.clone(),
            name: name.clone(),
        };
        let router = provider::router(gw.clone());
        tasks.push(tokio::spawn(provider::server::serve(
            listener,
            tls,
            router,
            gw,
            rx.clone(),
        )));
        out.push(GatewayInfo { name, address, url });
    }
    Ok(out)
}

/// For the embedded mode (issue 5 §7): if something listens at `addr`, `None`; otherwise start
/// a devnet there on the persisted state of `state_dir` (default genesis, 1 s blocks).
pub async fn ensure_running(
    addr: SocketAddr,
    state_dir: PathBuf,
) -> Result<Option<RunningDevnet>, DevnetError> {
    let probe = tokio::time::timeout(
        Duration::from_millis(500),
        tokio::net::TcpStream::connect(addr),
    )
    .await;
    if matches!(probe, Ok(Ok(_))) {
        return Ok(None);
    }
    let config = DevnetConfig {
        listen: addr,
        state_dir: Some(state_dir),
        ..DevnetConfig::default()
    };
    start(config).await.map(Some)
}

/// Parses a duration such as `1s`, `500ms` or `6s`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| e.to_string())
}

/// What `vmc devnet status` shows: asks a running devnet for its chain id, height and accounts.
pub async fn status(base_url: &str) -> Result<serde_json::Value, DevnetError> {
    let unreachable = |e: reqwest::Error| DevnetError::Unreachable {
        addr: base_url.to_string(),
        message: e.to_string(),
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .map_err(unreachable)?;
    let info: serde_json::Value = client
        .get(format!("{base_url}/__devnet/info"))
        .send()
        .await
        .map_err(unreachable)?
        .error_for_status()
        .map_err(unreachable)?
        .json()
        .await
        .map_err(unreachable)?;
    Ok(info)
}
