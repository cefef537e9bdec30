//! The workflows' view of Akash: the chain (queries and transactions) and the provider gateways.
//! [`crate::live::LiveAkash`] implements it over `vmc-akash-client`; tests implement it with a
//! fake, so each step is testable without a network.

use vmc_akash::tx::Msg;

use crate::model::{Bid, DeploymentInfo, Funds, Lease, ProviderInfo, ServiceState};

/// A failure of the port, with enough to choose a reaction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    /// The chain refused a transaction; `plain` says why in words, `raw_log` is the chain's.
    #[error("{plain}")]
    Refused {
        plain: String,
        raw_log: String,
        code: u32,
        codespace: String,
    },
    /// The transaction was broadcast but is not on chain (yet): look `hash` up before redoing.
    #[error("transaction {hash} was broadcast but is not included: {message}")]
    Pending { hash: String, message: String },
    /// A provider gateway failed. `transient` failures (connection, 404 before the provider saw
    /// the lease, 5xx) are worth retrying; others (401, 422) are not.
    #[error("provider {provider}: {message}")]
    Gateway {
        provider: String,
        status: Option<u16>,
        message: String,
        transient: bool,
    },
    /// Anything else (chain unreachable, decode errors, the journal refused a record).
    #[error("{0}")]
    Other(String),
}

/// A transaction the chain included with code 0.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TxDone {
    pub hash: String,
    pub height: u64,
    pub fee_uakt: u128,
}

/// The operations the workflows need. Every method is a query or one transaction; the port
/// holds the signing key and the owner's address.
#[allow(async_fn_in_trait)]
pub trait Akash {
    /// The owner (the signing key's address).
    fn owner(&self) -> &str;
    /// The latest block height.
    async fn height(&self) -> Result<u64, PortError>;
    /// Seconds per block (measured or assumed) for prices per hour/month.
    async fn block_secs(&self) -> f64;
    async fn funds(&self) -> Result<Funds, PortError>;
    /// The owner's deployment `dseq`, if it exists.
    async fn deployment(&self, dseq: u64) -> Result<Option<DeploymentInfo>, PortError>;
    /// All bids on the owner's deployment `dseq` (every state).
    async fn bids(&self, dseq: u64) -> Result<Vec<Bid>, PortError>;
    /// All leases of the owner's deployment `dseq` (every state).
    async fn leases(&self, dseq: u64) -> Result<Vec<Lease>, PortError>;
    async fn provider(&self, address: &str) -> Result<ProviderInfo, PortError>;
    /// Whether a transaction with this hash is on chain: `Some(code)` once included.
    async fn tx_code(&self, hash: &str) -> Result<Option<u32>, PortError>;
    /// The fee (uakt) `msgs` would pay in one transaction: simulated at the account's current
    /// sequence with the port's gas settings; nothing is sent.
    async fn estimate_fee(&self, msgs: Vec<Msg>) -> Result<u128, PortError>;
    /// Signs and sends `msgs` in one transaction and waits for its inclusion. `on_signed` is
    /// called with the hash before each broadcast (journal it); an error from it aborts.
    async fn send(
        &self,
        msgs: Vec<Msg>,
        on_signed: &mut dyn FnMut(&str) -> Result<(), String>,
    ) -> Result<TxDone, PortError>;
    /// Does the provider's gateway answer (`/status`)?
    async fn probe(&self, provider: &ProviderInfo) -> Result<(), PortError>;
    /// `PUT /deployment/{dseq}/manifest` on the provider.
    async fn send_manifest(
        &self,
        provider: &ProviderInfo,
        dseq: u64,
        manifest_json: &str,
    ) -> Result<(), PortError>;
    /// The provider's view of one lease's services.
    async fn lease_services(
        &self,
        provider: &ProviderInfo,
        lease: &crate::model::BidRef,
    ) -> Result<Vec<ServiceState>, PortError>;
}
