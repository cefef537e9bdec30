//! `vmc context set-token`: keeps the context's Hetzner token encrypted in the keystore (entry
//! kind `hetzner-token`) and records `hetzner_token = { source = "keystore", name }` in the
//! context. The token is read from a hidden prompt, stdin or `HCLOUD_TOKEN`, never from argv,
//! and is never printed.

use clap::Args;
use secrecy::SecretString;
use vmc_config::SecretSource;
use vmc_http::BearerToken;
use vmc_keystore::{EntryMeta, SecretKind};

use crate::Ctx;
use crate::commands::wallet::{store, terminal};
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct SetTokenArgs {
    /// Keystore entry name (default: hetzner-<context>).
    #[arg(long)]
    pub name: Option<String>,
    /// Read the token from stdin.
    #[arg(long, conflicts_with = "from_env")]
    pub stdin: bool,
    /// Take the token from HCLOUD_TOKEN.
    #[arg(long)]
    pub from_env: bool,
    /// Replace an existing entry of that name.
    #[arg(long)]
    pub force: bool,
}

/// Stores the token and points the current context at it.
pub fn run(ctx: &mut Ctx, args: SetTokenArgs) -> CliResult {
    let context = ctx.settings.context_name.value.clone();
    let name = args.name.unwrap_or_else(|| format!("hetzner-{context}"));
    vmc_keystore::validate_name(&name).map_err(store::keystore_error)?;
    let token = if args.from_env {
        crate::settings::env_var(vmc_config::env::HCLOUD_TOKEN)
            .map(zeroize::Zeroizing::new)
            .ok_or_else(|| CliError::usage("--from-env: HCLOUD_TOKEN is not set"))?
    } else if args.stdin {
        terminal::read_stdin_secret("the Hetzner token")?
    } else {
        terminal::prompt_secret(
            "Hetzner API token: ",
            "the Hetzner token",
            "pipe it with --stdin, or use --from-env with HCLOUD_TOKEN set",
        )?
    };
    let token = token.trim();
    if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CliError::usage(
            "the token is empty or contains spaces; nothing was stored",
        ));
    }
    let ks = store::keystore(ctx);
    if ks.contains(&name).map_err(store::keystore_error)? {
        if !args.force {
            return Err(
                CliError::conflict(format!("keystore entry `{name}` exists"))
                    .with_hint("add --force to replace it, or pick --name"),
            );
        }
        ks.delete(&name).map_err(store::keystore_error)?;
    }
    let passphrase = store::new_passphrase(&name)?;
    let meta = EntryMeta {
        name: name.clone(),
        address: String::new(),
        account_index: 0,
        created: crate::clock::now_rfc3339()?,
        kind: SecretKind::HetznerToken,
    };
    let secret = SecretString::from(Box::<str>::from(token));
    ks.create(meta, &secret, &passphrase, store::kdf_params(ctx))
        .map_err(store::keystore_error)?;
    let entry = ctx
        .settings
        .config
        .contexts
        .entry(context.clone())
        .or_default();
    entry.hetzner_token = Some(SecretSource::Keystore { name: name.clone() });
    ctx.settings.save_config()?;
    ctx.printer.status(&format!(
        "Hetzner token stored encrypted in keystore entry `{name}`; context `{context}` uses it"
    ));
    Ok(())
}

/// Opens the token of keystore entry `name`.
pub fn load(ctx: &Ctx, name: &str) -> CliResult<BearerToken> {
    let ks = store::keystore(ctx);
    let sealed = ks.read(name).map_err(store::keystore_error)?;
    if sealed.meta().kind != SecretKind::HetznerToken {
        return Err(CliError::usage(format!(
            "keystore entry `{name}` does not hold a Hetzner token"
        ))
        .with_hint("store one with `vmc context set-token`"));
    }
    let pass = store::unlock_passphrase(name)?;
    let secret = ks
        .unlock(name, &pass)
        .map_err(store::keystore_error)?
        .secret;
    use secrecy::ExposeSecret;
    Ok(BearerToken::new(secret.expose_secret().to_string()))
}
