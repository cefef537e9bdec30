//! Which wallet a command uses, and getting its key or address. Other commands call
//! [`load_signing_key`] (to sign) or [`wallet_address`] (to read).
//!
//! Resolution follows the project's fixed order (flag > environment > context > default); first
//! match wins:
//! 1. flag: an explicit keystore entry name (`--wallet NAME`, or `NAME` on `vmc wallet …`);
//! 2. environment: `AKASH_MNEMONIC` (with a one-line warning: environment variables leak to child
//!    processes); then, for [`wallet_address`] only, `AKASH_WALLET_ADDRESS` (read-only, no key);
//! 3. context: `wallet = { source = "keystore", name = "…" }`;
//! 4. default, on network `local` only: the devnet's development wallet (a public test key, see
//!    [`devnet_dev_mnemonic`]).
//!
//! A context `wallet = { source = "env" }` means step 2; `source = "keyring"` is refused (the
//! `os-keyring` feature is not built).

use secrecy::{ExposeSecret, SecretString};
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_config::SecretSource;
use vmc_config::env::{AKASH_MNEMONIC, AKASH_WALLET_ADDRESS};
use vmc_keystore::SecretKind;
use zeroize::Zeroizing;

use super::store::{key_error, keystore, keystore_error, unlock_passphrase};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::settings::env_var;

/// Where the wallet comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalletSource {
    /// An entry of the encrypted keystore.
    Keystore { name: String },
    /// The `AKASH_MNEMONIC` environment variable (account index 0).
    EnvMnemonic,
    /// `AKASH_WALLET_ADDRESS`: an address with no key.
    EnvAddress(String),
    /// The devnet development wallet (network `local` only).
    Devnet,
}

impl WalletSource {
    /// A short label for tables and messages.
    pub fn label(&self) -> String {
        match self {
            WalletSource::Keystore { name } => format!("keystore:{name}"),
            WalletSource::EnvMnemonic => format!("env:{AKASH_MNEMONIC}"),
            WalletSource::EnvAddress(_) => format!("env:{AKASH_WALLET_ADDRESS} (read-only)"),
            WalletSource::Devnet => "devnet development wallet".into(),
        }
    }
}

/// The devnet's development mnemonic, used on network `local` when no wallet is configured.
/// It is public on purpose (defined by the devnet's genesis); never fund it on a real network.
/// Always `Some` today; an `Option` so a build without the devnet can drop it.
pub fn devnet_dev_mnemonic() -> Option<&'static str> {
    Some(vmc_devnet::genesis::DEV_MNEMONIC)
}

/// Whether `address` is a key of the devnet's public test mnemonic (the only keys whose provider
/// JWTs vmc sends to the devnet: a JWT of a real wallet is a bearer token real providers would
/// honour).
pub fn is_devnet_test_key(address: &str) -> bool {
    (0..8).any(|i| vmc_devnet::genesis::dev_address(i) == address)
}

/// Resolves where the wallet comes from. `read_only` also accepts `AKASH_WALLET_ADDRESS`.
pub fn resolve_source(ctx: &Ctx, name: Option<&str>, read_only: bool) -> CliResult<WalletSource> {
    if let Some(name) = name {
        return Ok(WalletSource::Keystore {
            name: name.to_string(),
        });
    }
    if env_var(AKASH_MNEMONIC).is_some() {
        return Ok(WalletSource::EnvMnemonic);
    }
    if read_only && let Some(addr) = env_var(AKASH_WALLET_ADDRESS) {
        return Ok(WalletSource::EnvAddress(addr));
    }
    match &ctx.settings.context.wallet {
        Some(SecretSource::Keystore { name }) => {
            return Ok(WalletSource::Keystore { name: name.clone() });
        }
        Some(SecretSource::Keyring { name }) => {
            return Err(CliError::usage(format!(
                "context `{}` takes its wallet from the OS keyring (entry `{name}`), but this vmc \
                 was built without the `os-keyring` feature",
                ctx.settings.context_name.value
            ))
            .with_hint(
                "store the wallet in the encrypted keystore (`vmc wallet import`) and set \
                 `wallet = { source = \"keystore\", name = \"…\" }` in the context",
            ));
        }
        Some(SecretSource::Env) | None => {}
    }
    if ctx.settings.network.value == "local" && devnet_dev_mnemonic().is_some() {
        return Ok(WalletSource::Devnet);
    }
    Err(no_wallet(ctx, read_only))
}

fn no_wallet(ctx: &Ctx, read_only: bool) -> CliError {
    let what = if read_only {
        "no wallet address is configured"
    } else {
        "no wallet is configured to sign with"
    };
    let mut hint = String::from(
        "create or import one (`vmc wallet new NAME`, `vmc wallet import NAME`), then pass \
         `--wallet NAME` or set it in the context (`vmc context create … --wallet NAME`)",
    );
    if read_only {
        hint.push_str(&format!(
            "; or set {AKASH_WALLET_ADDRESS} for read-only use"
        ));
    }
    CliError::usage(format!(
        "{what} (network `{}`, context `{}`)",
        ctx.settings.network.value, ctx.settings.context_name.value
    ))
    .with_hint(hint)
}

/// The signing key of the resolved wallet. Asks for the keystore passphrase (or reads
/// `VMC_KEYSTORE_PASSPHRASE`) when the wallet is in the keystore.
pub fn load_signing_key(ctx: &Ctx, name: Option<&str>) -> CliResult<SigningKey> {
    load_signing_key_at(ctx, name, None)
}

/// [`load_signing_key`] with an explicit BIP44 account index (`--account-index`): it selects the
/// key of `AKASH_MNEMONIC` or the devnet wallet; a keystore entry has its own index, and asking
/// for another one is refused.
pub fn load_signing_key_at(
    ctx: &Ctx,
    name: Option<&str>,
    account_index: Option<u32>,
) -> CliResult<SigningKey> {
    match resolve_source(ctx, name, false)? {
        WalletSource::Keystore { name } => {
            if let Some(want) = account_index {
                let stored = keystore(ctx)
                    .read(&name)
                    .map_err(keystore_error)?
                    .meta()
                    .account_index;
                if stored != want {
                    return Err(CliError::usage(format!(
                        "wallet `{name}` is account index {stored}, not {want}"
                    ))
                    .with_hint(format!(
                        "drop --account-index, or import the phrase again as another wallet with \
                         `vmc wallet import NAME --account-index {want}`"
                    )));
                }
            }
            load_from_keystore(ctx, &name)
        }
        WalletSource::EnvMnemonic => env_mnemonic_key(ctx, account_index.unwrap_or(0)),
        WalletSource::Devnet => devnet_key(ctx, account_index.unwrap_or(0)),
        WalletSource::EnvAddress(_) => Err(CliError::usage(format!(
            "{AKASH_WALLET_ADDRESS} gives an address only; signing needs a key"
        ))),
    }
}

/// The address of the resolved wallet. Never needs the passphrase: keystore entries keep their
/// address in the clear.
pub fn wallet_address(ctx: &Ctx, name: Option<&str>) -> CliResult<String> {
    match resolve_source(ctx, name, true)? {
        WalletSource::Keystore { name } => {
            let sealed = keystore(ctx).read(&name).map_err(keystore_error)?;
            Ok(sealed.meta().address.clone())
        }
        WalletSource::EnvMnemonic => {
            let key = env_mnemonic_key(ctx, 0)?;
            if let Some(addr) = env_var(AKASH_WALLET_ADDRESS).filter(|a| *a != key.address()) {
                ctx.printer.warn(&format!(
                    "{AKASH_WALLET_ADDRESS}={addr} is not the address of {AKASH_MNEMONIC}; using the mnemonic's"
                ));
            }
            Ok(key.address())
        }
        WalletSource::EnvAddress(addr) => {
            vmc_akash::keys::validate_address(&addr, vmc_akash::keys::ACCOUNT_PREFIX).map_err(
                |e| {
                    CliError::usage(format!("{AKASH_WALLET_ADDRESS}: {e}"))
                        .with_hint("set it to an akash1… account address")
                },
            )?;
            Ok(addr)
        }
        WalletSource::Devnet => Ok(devnet_key(ctx, 0)?.address()),
    }
}

/// Unlocks keystore entry `name` and derives its key, checking it matches the stored address.
pub fn load_from_keystore(ctx: &Ctx, name: &str) -> CliResult<SigningKey> {
    let ks = keystore(ctx);
    // Read first so a missing or broken entry fails before the passphrase prompt.
    let sealed = ks.read(name).map_err(keystore_error)?;
    if sealed.meta().kind != SecretKind::Mnemonic {
        return Err(CliError::usage(format!(
            "keystore entry `{name}` does not hold a wallet recovery phrase"
        )));
    }
    let passphrase = unlock_passphrase(name)?;
    let unlocked = ks.unlock(name, &passphrase).map_err(keystore_error)?;
    let mnemonic = Mnemonic::parse(unlocked.secret.expose_secret()).map_err(|e| {
        CliError::failure(format!(
            "keystore entry `{name}` holds an invalid recovery phrase: {e}"
        ))
    })?;
    let key =
        SigningKey::from_mnemonic(&mnemonic, unlocked.meta.account_index).map_err(key_error)?;
    if key.address() != unlocked.meta.address {
        return Err(CliError::failure(format!(
            "keystore entry `{name}` says {} but its key derives to {}",
            unlocked.meta.address,
            key.address()
        ))
        .with_hint("the file was edited; import the wallet again from its recovery phrase"));
    }
    ctx.printer.debug(&format!(
        "signing with keystore entry `{name}` ({})",
        key.address()
    ));
    Ok(key)
}

fn env_mnemonic_key(ctx: &Ctx, account_index: u32) -> CliResult<SigningKey> {
    let raw = Zeroizing::new(std::env::var(AKASH_MNEMONIC).unwrap_or_default());
    let secret = SecretString::from(Box::<str>::from(raw.trim()));
    drop(raw);
    ctx.printer.warn(&format!(
        "using the wallet from {AKASH_MNEMONIC}: environment variables leak to child processes; prefer `vmc wallet import`"
    ));
    let mnemonic = Mnemonic::parse(secret.expose_secret()).map_err(|e| {
        let mut err = key_error(e);
        err.message = format!("{AKASH_MNEMONIC}: {}", err.message);
        err
    })?;
    SigningKey::from_mnemonic(&mnemonic, account_index).map_err(key_error)
}

fn devnet_key(ctx: &Ctx, account_index: u32) -> CliResult<SigningKey> {
    ctx.printer
        .status("using the devnet development wallet (a public test key; network `local` only)");
    let phrase = devnet_dev_mnemonic()
        .ok_or_else(|| CliError::failure("this vmc has no devnet development wallet"))?;
    let mnemonic = Mnemonic::parse(phrase)
        .map_err(|e| CliError::failure(format!("the devnet development mnemonic: {e}")))?;
    SigningKey::from_mnemonic(&mnemonic, account_index).map_err(key_error)
}

/// The address of `AKASH_MNEMONIC` (for `vmc wallet list`).
pub fn wallet_address_of_env_mnemonic(ctx: &Ctx) -> CliResult<String> {
    env_mnemonic_key(ctx, 0).map(|k| k.address())
}
