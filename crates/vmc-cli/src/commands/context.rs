//! `vmc context list|show|use|create|delete`: named contexts in the config file.

use clap::{Args, Parser, Subcommand};
use vmc_config::{Context, SecretSource};

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;
use crate::settings::{Origin, Settings};

#[derive(Debug, Args)]
pub struct ContextArgs {
    #[command(subcommand)]
    pub command: ContextCommand,
}

#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// List the contexts in the config file.
    List,
    /// Show the resolved settings of the active context (or of NAME) and where each value came
    /// from.
    Show {
        /// A context from the config file (default: the active one).
        name: Option<String>,
    },
    /// Make NAME the current context.
    Use { name: String },
    /// Create (or overwrite) a context; its network is the one given with `--network`
    /// (default: local).
    #[command(
        after_help = "The context's network is `--network` (local, mainnet, sandbox or testnet; \
                      default: local; AKASH_NETWORK is not stored), \
                      e.g. `vmc context create prod --network mainnet`."
    )]
    Create(CreateArgs),
    /// Remove a context from the config file.
    Delete { name: String },
    /// Store the Hetzner API token of the current context, encrypted in the keystore.
    SetToken(crate::commands::servers::set_token::SetTokenArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    pub name: String,
    /// Akash chain REST base URL.
    #[arg(long)]
    pub akash_rest: Option<String>,
    /// Akash chain id.
    #[arg(long)]
    pub chain_id: Option<String>,
    /// Keystore entry holding the Akash wallet (default: AKASH_MNEMONIC from the environment).
    #[arg(long)]
    pub wallet: Option<String>,
    /// Hetzner Cloud API base URL.
    #[arg(long)]
    pub hetzner_endpoint: Option<String>,
    /// Make it the current context.
    #[arg(long)]
    pub activate: bool,
}

pub fn run(ctx: &mut Ctx, args: ContextArgs) -> CliResult {
    match args.command {
        ContextCommand::List => list(ctx),
        ContextCommand::Show { name } => show(ctx, name),
        ContextCommand::Use { name } => {
            refuse_network_flag(ctx, "use", &name)?;
            if !ctx.settings.config.contexts.contains_key(&name) {
                return Err(CliError::not_found(format!("no context named `{name}`"))
                    .with_hint("list them with `vmc context list`"));
            }
            ctx.settings.config.current_context = Some(name.clone());
            ctx.settings.save_config()?;
            ctx.printer.status(&format!("current context: {name}"));
            Ok(())
        }
        ContextCommand::Create(a) => create(ctx, a),
        ContextCommand::SetToken(a) => crate::commands::servers::set_token::run(ctx, a),
        ContextCommand::Delete { name } => {
            refuse_network_flag(ctx, "delete", &name)?;
            if ctx.settings.config.contexts.remove(&name).is_none() {
                return Err(CliError::not_found(format!("no context named `{name}`")));
            }
            if ctx.settings.config.current_context.as_deref() == Some(name.as_str()) {
                ctx.settings.config.current_context = None;
            }
            ctx.settings.save_config()?;
            ctx.printer.status(&format!("context `{name}` deleted"));
            Ok(())
        }
    }
}

fn list(ctx: &mut Ctx) -> CliResult {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        name: &'a str,
        current: bool,
        network: &'a str,
    }
    let current = ctx.settings.context_name.value.as_str();
    let rows: Vec<Row> = ctx
        .settings
        .config
        .contexts
        .iter()
        .map(|(n, c)| Row {
            name: n,
            current: n == current,
            network: c.network.as_deref().unwrap_or("local"),
        })
        .collect();
    ctx.printer.data(&rows, || {
        let mut t = Table::new(["CURRENT", "NAME", "NETWORK"]);
        for r in &rows {
            t.row([if r.current { "*" } else { "" }, r.name, r.network]);
        }
        t
    })
}

/// `--network` is the one network flag; a context command that cannot store or use it refuses
/// it rather than ignore it (`context use prod --network mainnet` would otherwise read as done).
fn refuse_network_flag(ctx: &Ctx, command: &str, name: &str) -> CliResult {
    let network = &ctx.settings.network;
    if network.origin != Origin::Flag {
        return Ok(());
    }
    let n = &network.value;
    Err(CliError::usage(format!(
        "`vmc context {command}` does not take --network (it changes no context's network)"
    ))
    .with_hint(format!(
        "to store it: `vmc context create {name} --network {n}` (overwrites `{name}`); \
         for one command: `vmc --context {name} --network {n} …`"
    )))
}

/// The settings `vmc --context NAME …` would resolve (the same flags, environment and config).
fn settings_of(ctx: &Ctx, name: &str) -> CliResult<Settings> {
    if !ctx.settings.config.contexts.contains_key(name) {
        return Err(CliError::not_found(format!("no context named `{name}`"))
            .with_hint("list them with `vmc context list`"));
    }
    let config = ctx.settings.config_path.display().to_string();
    let mut argv = vec!["vmc", "--config", config.as_str(), "--context", name];
    if ctx.settings.network.origin == Origin::Flag {
        argv.extend(["--network", ctx.settings.network.value.as_str()]);
    }
    argv.extend(["context", "show"]);
    let cli = crate::Cli::try_parse_from(argv)
        .map_err(|e| CliError::failure(format!("could not resolve context `{name}`: {e}")))?;
    Settings::resolve(&cli.global)
}

fn show(ctx: &mut Ctx, name: Option<String>) -> CliResult {
    let named;
    let s = match &name {
        Some(n) => {
            named = settings_of(ctx, n)?;
            &named
        }
        None => &ctx.settings,
    };
    let value = serde_json::json!({
        "config": s.config_path.display().to_string(),
        "data_dir": s.data_dir.display().to_string(),
        "context": s.context_name,
        "network": s.network,
        "akash_rest": s.akash_rest,
        "chain_id": s.chain_id,
        "hetzner_endpoint": s.hetzner_endpoint,
        "wallet": s.context.wallet.as_ref().map(source_label),
        "hetzner_token": s.context.hetzner_token.as_ref().map(source_label),
    });
    ctx.printer.data(&value, || {
        let mut t = Table::new(["SETTING", "VALUE", "FROM"]);
        let mut row = |k: &str, v: &crate::settings::Resolved<String>| {
            t.row([
                k.to_string(),
                v.value.clone(),
                format!("{:?}", v.origin).to_lowercase(),
            ]);
        };
        row("context", &s.context_name);
        row("network", &s.network);
        row("akash_rest", &s.akash_rest);
        row("chain_id", &s.chain_id);
        row("hetzner_endpoint", &s.hetzner_endpoint);
        t
    })
}

fn source_label(s: &SecretSource) -> String {
    match s {
        SecretSource::Env => "env".into(),
        SecretSource::Keystore { name } => format!("keystore:{name}"),
        SecretSource::Keyring { name } => format!("keyring:{name}"),
    }
}

/// The context's network is what the user typed with the global `--network` (already checked
/// when the settings were resolved), else `local`: never the environment's `AKASH_NETWORK` nor
/// the current context's network, which were not typed for this context.
fn create(ctx: &mut Ctx, a: CreateArgs) -> CliResult {
    let network = match &ctx.settings.network {
        n if n.origin == Origin::Flag => n.value.clone(),
        _ => "local".to_string(),
    };
    if vmc_config::network_defaults(&network).is_none() {
        return Err(CliError::usage(format!("unknown network `{network}`"))
            .with_hint("use one of: local, mainnet, sandbox, testnet"));
    }
    let c = Context {
        network: Some(network.clone()),
        akash_rest: a.akash_rest,
        chain_id: a.chain_id,
        wallet: Some(match a.wallet {
            Some(name) => SecretSource::Keystore { name },
            None => SecretSource::Env,
        }),
        hetzner_endpoint: a.hetzner_endpoint,
        ..Default::default()
    };
    ctx.settings.config.contexts.insert(a.name.clone(), c);
    if a.activate || ctx.settings.config.current_context.is_none() {
        ctx.settings.config.current_context = Some(a.name.clone());
    }
    ctx.settings.save_config()?;
    ctx.printer.status(&format!(
        "context `{}` (network {network}) saved in {}",
        a.name,
        ctx.settings.config_path.display()
    ));
    Ok(())
}
