//! What every `vmc akash` read shares: the node to ask (flag, then `AKASH_REST_ENDPOINT`, the
//! context, the network's default), the embedded devnet on `local`, the preflight, the owner
//! whose deployments are shown, the measured block time, and the mapping of client errors to
//! exit codes and hints.

use clap::Args;
use vmc_akash::rate::{BlockTime, DEFAULT_BLOCK_SECS};
use vmc_akash_client::{ChainClient, ClientError, ClientOptions, Network};

use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::settings::{Origin, Resolved};

/// Options of every command that talks to the chain.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Chain options")]
pub struct ChainArgs {
    /// Chain REST endpoint (Env: AKASH_REST_ENDPOINT; default: the network's).
    #[arg(long, global = true, value_name = "URL")]
    pub node: Option<String>,
    /// Expected chain id (Env: VMC_CHAIN_ID; default: read from the node).
    #[arg(long = "chain-id", global = true, value_name = "ID")]
    pub chain_id: Option<String>,
    /// Allow plain HTTP to a node that is not on this machine.
    #[arg(long = "allow-insecure-http", global = true)]
    pub allow_insecure_http: bool,
}

/// A connection to the chain for the length of one command.
pub struct Session {
    pub client: ChainClient,
    pub network: &'static str,
    /// The chain id the node reported.
    pub chain_id: String,
    // Dropped before the runtime: the devnet stops on it.
    _devnet: Option<crate::local::EmbeddedDevnet>,
    rt: tokio::runtime::Runtime,
}

impl Session {
    /// Resolves the endpoint, starts the embedded devnet on `local` when needed, and runs the
    /// preflight (node version, chain id).
    pub fn open(ctx: &Ctx, args: &ChainArgs) -> CliResult<Session> {
        let network = Network::resolve(&ctx.settings.network.value).ok_or_else(|| {
            CliError::usage(format!("unknown network `{}`", ctx.settings.network.value)).with_hint(
                format!(
                    "use one of: {}",
                    vmc_akash_client::network::NAMES.join(", ")
                ),
            )
        })?;
        let endpoint = match &args.node {
            Some(n) => Resolved {
                value: n.clone(),
                origin: Origin::Flag,
            },
            None => ctx.settings.akash_rest.clone(),
        };
        if let Some(alias) = network.alias_of {
            ctx.printer.status(&format!(
                "network `{alias}` is the sandbox: {} at {}",
                network.preset.chain_id, endpoint.value
            ));
        }
        let printer = ctx.printer.clone();
        let opts = ClientOptions {
            allow_insecure_http: args.allow_insecure_http,
            ..ClientOptions::default()
        };
        let client = ChainClient::new(&endpoint.value, opts)
            .map_err(|e| {
                client_error(e).with_hint("give --node https://… or set AKASH_REST_ENDPOINT")
            })?
            .on_retry(move |n| printer.status(&n.to_string()));
        let rt = crate::runtime()?;
        let devnet = crate::local::ensure(ctx, &rt, &endpoint)?;
        let info = rt
            .block_on(client.preflight())
            .map_err(client_error)?
            .clone();
        let wanted = args
            .chain_id
            .clone()
            .or_else(|| crate::settings::env_var(vmc_config::env::VMC_CHAIN_ID));
        if let Some(w) = wanted
            && w != info.network
        {
            return Err(CliError::usage(format!(
                "the node at {} is on chain `{}`, not `{w}`",
                client.endpoint(),
                info.network
            ))
            .with_hint("point --node at a node of that chain, or drop --chain-id / VMC_CHAIN_ID"));
        }
        ctx.printer.debug(&format!(
            "node {}: chain {}, {} {}",
            client.endpoint(),
            info.network,
            info.app_name,
            info.version
        ));
        Ok(Session {
            chain_id: info.network,
            network: network.name(),
            client,
            _devnet: devnet,
            rt,
        })
    }

    /// Runs a client call and maps its error.
    pub fn call<T>(
        &self,
        f: impl std::future::Future<Output = Result<T, ClientError>>,
    ) -> CliResult<T> {
        self.rt.block_on(f).map_err(client_error)
    }

    /// Enters the session's runtime (to spawn tasks on it).
    pub fn enter(&self) -> tokio::runtime::EnterGuard<'_> {
        self.rt.enter()
    }

    /// Runs any future on the session's runtime.
    pub fn block<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// The block time measured from recent blocks (6 s assumed when it cannot be measured).
    pub fn block_time(&self) -> CliResult<BlockTime> {
        self.call(self.client.block_time(DEFAULT_BLOCK_SECS))
    }
}

/// The owner whose deployments are read: `--owner`, else the configured wallet's address
/// (`AKASH_WALLET_ADDRESS` included), else the devnet's development wallet on `local`.
pub fn owner(ctx: &Ctx, flag: Option<&str>) -> CliResult<String> {
    let addr = match flag {
        Some(a) => a.trim().to_string(),
        None => crate::commands::wallet::source::wallet_address(ctx, None)?,
    };
    check_address(&addr, "owner")?;
    Ok(addr)
}

/// Exit 2 naming what is wrong with an `akash1…` address.
pub fn check_address(addr: &str, what: &str) -> CliResult {
    vmc_akash::keys::validate_address(addr, vmc_akash::keys::ACCOUNT_PREFIX).map_err(|e| {
        CliError::usage(format!("{what}: {e}"))
            .with_hint("an Akash address is `akash1` followed by 38 lower-case bech32 characters")
    })
}

/// Maps a client error to an exit code and a hint.
pub fn client_error(e: ClientError) -> CliError {
    let (kind, hint): (ErrorKind, Option<&str>) = match &e {
        ClientError::Endpoint { .. } => (ErrorKind::Usage, None),
        ClientError::Unreachable { .. } | ClientError::Timeout { .. } => (
            ErrorKind::Unavailable,
            Some(
                "check the endpoint (--node, AKASH_REST_ENDPOINT or the context) and your connection",
            ),
        ),
        ClientError::Server { .. } => (
            ErrorKind::Unavailable,
            Some("the node is overloaded or failing; try again later or use another node (--node)"),
        ),
        ClientError::NotFound { .. } => (ErrorKind::NotFound, None),
        ClientError::Chain { .. } => (ErrorKind::Failure, None),
        ClientError::Decode { .. } => (
            ErrorKind::Failure,
            Some(
                "the node's answer is not what Akash v1.0+ sends; is this an Akash REST endpoint?",
            ),
        ),
        ClientError::UnsupportedChain { .. } => (
            ErrorKind::Failure,
            Some("use a node of a current Akash network (v1.0.0 or newer), e.g. --network mainnet"),
        ),
        ClientError::TooMany { .. } => (ErrorKind::Failure, None),
        ClientError::Http(_) => (ErrorKind::Failure, None),
    };
    let err = CliError::new(kind, e.to_string());
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}
