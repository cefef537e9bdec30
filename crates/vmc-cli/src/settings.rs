//! Settings resolution: flag > environment > context > default, for every setting.

use std::path::{Path, PathBuf};

use vmc_config::{Config, Context, env};

use crate::GlobalArgs;
use crate::error::{CliError, CliResult};

/// Where a value came from (shown by `vmc context show`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Flag,
    Env,
    Context,
    Default,
}

/// A resolved value with its origin.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Resolved<T> {
    pub value: T,
    pub origin: Origin,
}

/// Picks the first of flag, env, context, default.
pub fn pick<T>(flag: Option<T>, env: Option<T>, context: Option<T>, default: T) -> Resolved<T> {
    if let Some(value) = flag {
        Resolved {
            value,
            origin: Origin::Flag,
        }
    } else if let Some(value) = env {
        Resolved {
            value,
            origin: Origin::Env,
        }
    } else if let Some(value) = context {
        Resolved {
            value,
            origin: Origin::Context,
        }
    } else {
        Resolved {
            value: default,
            origin: Origin::Default,
        }
    }
}

/// Reads a non-empty environment variable.
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Everything resolved before a command acts.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: PathBuf,
    pub config: Config,
    /// The context's name (`default` when the config names none).
    pub context_name: Resolved<String>,
    /// The context's values (empty when the config has no such context).
    pub context: Context,
    pub network: Resolved<String>,
    pub akash_rest: Resolved<String>,
    pub chain_id: Resolved<String>,
    pub hetzner_endpoint: Resolved<String>,
    /// Receipts, lock, keystore and devnet state live here.
    pub data_dir: PathBuf,
}

impl Settings {
    pub fn resolve(global: &GlobalArgs) -> CliResult<Self> {
        let config_path = global
            .config
            .clone()
            .or_else(|| env_var(env::VMC_CONFIG).map(PathBuf::from))
            .unwrap_or_else(|| config_dir().join("config.toml"));
        warn_if_writable_by_others(&config_path);
        let config = load_config(&config_path)?;
        let context_name = pick(
            global.context.clone(),
            env_var(env::VMC_CONTEXT),
            config.current_context.clone(),
            "default".to_string(),
        );
        let context = match config.context(&context_name.value) {
            Some(c) => c.clone(),
            None if context_name.origin == Origin::Default => Context::default(),
            None => {
                return Err(CliError::not_found(format!(
                    "context `{}` is not in {}",
                    context_name.value,
                    config_path.display()
                ))
                .with_hint("list contexts with `vmc context list`, or create one with `vmc context create NAME`"));
            }
        };
        let network = pick(
            global.network.clone(),
            env_var(env::AKASH_NETWORK),
            context.network.clone(),
            "local".to_string(),
        );
        let defaults = vmc_config::network_defaults(&network.value).ok_or_else(|| {
            CliError::usage(format!("unknown network `{}`", network.value))
                .with_hint("use one of: local, mainnet, sandbox, testnet")
        })?;
        let devnet = devnet_addr();
        let default_rest = if network.value == "local" {
            format!("http://{devnet}")
        } else {
            defaults.akash_rest.to_string()
        };
        let akash_rest = pick(
            None,
            env_var(env::AKASH_REST_ENDPOINT),
            context.akash_rest.clone(),
            default_rest,
        );
        let chain_id = pick(
            None,
            env_var(env::VMC_CHAIN_ID),
            context.chain_id.clone(),
            defaults.chain_id.to_string(),
        );
        let default_hetzner = if network.value == "local" {
            format!("http://{devnet}/hetzner/v1")
        } else {
            vmc_config::HETZNER_DEFAULT_ENDPOINT.to_string()
        };
        let hetzner_endpoint = pick(
            None,
            env_var(env::VMC_HETZNER_ENDPOINT),
            context.hetzner_endpoint.clone(),
            default_hetzner,
        );
        Ok(Settings {
            config_path,
            config,
            context_name,
            context,
            network,
            akash_rest,
            chain_id,
            hetzner_endpoint,
            data_dir: data_dir(),
        })
    }

    /// The real credentials set in the environment while the network is `local` only because
    /// nothing else is configured (issue: a token must not silently go to the devnet).
    pub fn credentials_on_default_local(&self) -> Vec<&'static str> {
        if self.network.value != "local" || self.network.origin != Origin::Default {
            return Vec::new();
        }
        [
            env::HCLOUD_TOKEN,
            env::AKASH_MNEMONIC,
            env::AKASH_WALLET_ADDRESS,
        ]
        .into_iter()
        .filter(|v| env_var(v).is_some())
        .collect()
    }

    /// Per-context state: receipts and the mutation lock.
    pub fn context_dir(&self) -> PathBuf {
        self.data_dir
            .join("contexts")
            .join(&self.context_name.value)
    }

    /// Writes the config file back (0600; it holds no secret, but names where they are).
    pub fn save_config(&self) -> CliResult {
        save_config(&self.config_path, &self.config)
    }
}

/// `$VMC_CONFIG_DIR`, else `$XDG_CONFIG_HOME/vmc`, else `~/.config/vmc`.
pub fn config_dir() -> PathBuf {
    if let Some(d) = env_var(env::VMC_CONFIG_DIR) {
        return PathBuf::from(d);
    }
    use etcetera::BaseStrategy;
    match etcetera::choose_base_strategy() {
        Ok(s) => s.config_dir().join("vmc"),
        Err(_) => PathBuf::from(".vmc"),
    }
}

/// `$VMC_DATA_DIR`, else `$XDG_DATA_HOME/vmc`, else `~/.local/share/vmc`.
pub fn data_dir() -> PathBuf {
    if let Some(d) = env_var(env::VMC_DATA_DIR) {
        return PathBuf::from(d);
    }
    use etcetera::BaseStrategy;
    match etcetera::choose_base_strategy() {
        Ok(s) => s.data_dir().join("vmc"),
        Err(_) => PathBuf::from(".vmc-data"),
    }
}

/// The devnet's address: `VMC_DEVNET_ADDR` or the default.
pub fn devnet_addr() -> String {
    env_var(env::VMC_DEVNET_ADDR).unwrap_or_else(|| vmc_config::DEVNET_DEFAULT_ADDR.to_string())
}

fn load_config(path: &Path) -> CliResult<Config> {
    match std::fs::read_to_string(path) {
        Ok(text) => Config::parse(&text).map_err(|e| {
            CliError::usage(format!("{}: {e}", path.display()))
                .with_hint("fix the file, or move it away to start from defaults")
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(CliError::failure(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Creates `dir` and its missing parents with mode 0700 (whatever the umask), like the data
/// directories: the config says where tokens are sent, so nobody else may write there. An
/// existing directory keeps its mode ([`warn_if_writable_by_others`] speaks up instead).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// A warning on stderr when the config file's directory exists and group or others may write
/// it: they could put a config there that sends tokens elsewhere. Only a warning (the mode may
/// be deliberate); the fix is named.
fn warn_if_writable_by_others(config_path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Some(dir) = config_path.parent().filter(|d| !d.as_os_str().is_empty()) else {
            return;
        };
        let Ok(meta) = std::fs::metadata(dir) else {
            return;
        };
        let mode = meta.permissions().mode() & 0o7777;
        if meta.is_dir() && mode & 0o022 != 0 {
            let who = match (mode & 0o020 != 0, mode & 0o002 != 0) {
                (true, true) => "group and others",
                (true, false) => "its group",
                _ => "others",
            };
            let msg = format!(
                "warning: the config directory {} is writable by {who} (mode {mode:04o}): they \
                 could change where vmc sends tokens; run `chmod 700 {}`",
                dir.display(),
                dir.display()
            );
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                crate::output::escape_controls(&msg)
            );
        }
    }
    #[cfg(not(unix))]
    let _ = config_path;
}

fn save_config(path: &Path, config: &Config) -> CliResult {
    let text = config
        .to_toml()
        .map_err(|e| CliError::failure(e.to_string()))?;
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let tmp = path.with_extension("toml.tmp");
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}
