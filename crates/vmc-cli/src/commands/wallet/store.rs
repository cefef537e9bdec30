//! The CLI side of the keystore: where it lives, passphrases, KDF parameters, and how keystore
//! and key errors become user-facing errors.

use secrecy::SecretString;
use serde::Serialize;
use vmc_akash::keys::{KeyError, Mnemonic, SigningKey};
use vmc_keystore::{EntryMeta, KdfParams, Keystore, KeystoreError, SecretKind};
use zeroize::Zeroizing;

use super::terminal;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::settings::env_var;

/// Set to `1` to write keystore entries with weak, fast KDF parameters. Tests only.
pub const FAST_KDF_ENV: &str = vmc_config::env::VMC_KEYSTORE_INSECURE_FAST_KDF;

/// The keystore of this data dir: `$VMC_DATA_DIR/keystore`.
pub fn keystore(ctx: &Ctx) -> Keystore {
    Keystore::new(ctx.settings.data_dir.join("keystore"))
}

/// A wallet as shown by `new`, `import`, `list` and `show`. Never holds a secret.
#[derive(Debug, Clone, Serialize)]
pub struct WalletView {
    pub name: String,
    pub address: String,
    /// BIP44 account index; absent for an address-only wallet.
    pub account_index: Option<u32>,
    /// `keystore`, `env:AKASH_MNEMONIC`, `env:AKASH_WALLET_ADDRESS` or `devnet`.
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
}

impl WalletView {
    pub fn from_meta(meta: &EntryMeta, path: &std::path::Path) -> Self {
        WalletView {
            name: meta.name.clone(),
            address: meta.address.clone(),
            account_index: Some(meta.account_index),
            source: "keystore".into(),
            path: Some(path.display().to_string()),
            created: Some(meta.created.clone()),
        }
    }
}

/// The KDF parameters for new entries: the memory-hard default, or the fast test parameters
/// when `VMC_KEYSTORE_INSECURE_FAST_KDF=1` (with a warning).
pub fn kdf_params(ctx: &Ctx) -> KdfParams {
    if env_var(FAST_KDF_ENV).as_deref() == Some("1") {
        ctx.printer.warn(&format!(
            "{FAST_KDF_ENV}=1: the keystore entry uses weak key-derivation parameters (tests only)"
        ));
        KdfParams::INSECURE_FAST_FOR_TESTS
    } else {
        KdfParams::DEFAULT
    }
}

fn env_passphrase() -> Option<SecretString> {
    let mut v = Zeroizing::new(std::env::var(vmc_config::env::VMC_KEYSTORE_PASSPHRASE).ok()?);
    if v.is_empty() {
        return None;
    }
    let s = SecretString::from(Box::<str>::from(v.as_str()));
    v.clear();
    Some(s)
}

const PASSPHRASE_HINT: &str =
    "set VMC_KEYSTORE_PASSPHRASE for non-interactive use, or run the command in a terminal";

/// The passphrase that opens entry `name`: `VMC_KEYSTORE_PASSPHRASE`, else a hidden prompt.
pub fn unlock_passphrase(name: &str) -> CliResult<SecretString> {
    if let Some(p) = env_passphrase() {
        return Ok(p);
    }
    let typed = terminal::prompt_secret(
        &format!("Passphrase of wallet `{name}`: "),
        "the keystore passphrase",
        PASSPHRASE_HINT,
    )?;
    Ok(SecretString::from(Box::<str>::from(typed.as_str())))
}

/// A passphrase for a new entry: `VMC_KEYSTORE_PASSPHRASE`, else typed twice at a hidden prompt.
pub fn new_passphrase(name: &str) -> CliResult<SecretString> {
    if let Some(p) = env_passphrase() {
        return Ok(p);
    }
    let first = terminal::prompt_secret(
        &format!("New passphrase for wallet `{name}`: "),
        "a keystore passphrase",
        PASSPHRASE_HINT,
    )?;
    if first.is_empty() {
        return Err(
            CliError::usage("the passphrase is empty; nothing was written")
                .with_hint("choose a passphrase: it protects the wallet file at rest"),
        );
    }
    let second = terminal::prompt_secret(
        "Repeat the passphrase: ",
        "a keystore passphrase",
        PASSPHRASE_HINT,
    )?;
    if *first != *second {
        return Err(
            CliError::usage("the two passphrases differ; nothing was written")
                .with_hint("run the command again and type the same passphrase twice"),
        );
    }
    Ok(SecretString::from(Box::<str>::from(first.as_str())))
}

/// Encrypts `mnemonic` into a new entry `name` and returns what was stored.
pub fn save_mnemonic(
    ctx: &Ctx,
    name: &str,
    mnemonic: &Mnemonic,
    account_index: u32,
    passphrase: &SecretString,
) -> CliResult<WalletView> {
    let ks = keystore(ctx);
    let key = SigningKey::from_mnemonic(mnemonic, account_index).map_err(key_error)?;
    let meta = EntryMeta {
        name: name.to_string(),
        address: key.address(),
        account_index,
        created: crate::clock::now_rfc3339()?,
        kind: SecretKind::Mnemonic,
    };
    let phrase = mnemonic.expose_phrase();
    let secret = SecretString::from(Box::<str>::from(phrase.as_str()));
    let path = ks
        .create(meta.clone(), &secret, passphrase, kdf_params(ctx))
        .map_err(keystore_error)?;
    Ok(WalletView::from_meta(&meta, &path))
}

/// Fails early (before any prompt) if `name` is invalid or taken.
pub fn check_new_name(ctx: &Ctx, name: &str) -> CliResult {
    let ks = keystore(ctx);
    if ks.contains(name).map_err(keystore_error)? {
        let path = ks.path_for(name).map_err(keystore_error)?;
        return Err(keystore_error(KeystoreError::AlreadyExists {
            name: name.to_string(),
            path,
        }));
    }
    Ok(())
}

/// Maps a keystore error to its exit code and a hint.
pub fn keystore_error(e: KeystoreError) -> CliError {
    let msg = e.to_string();
    match e {
        KeystoreError::InvalidName(_) => CliError::usage(msg)
            .with_hint("e.g. `ops`, `dev-1`, `team.deployer`"),
        KeystoreError::NotFound { .. } => {
            CliError::not_found(msg).with_hint("list wallets with `vmc wallet list`")
        }
        KeystoreError::AlreadyExists { name, .. } => CliError::conflict(msg).with_hint(format!(
            "choose another name, or remove the old one first with `vmc wallet delete {name} --yes --reason …`"
        )),
        KeystoreError::WrongPassphrase { .. } => CliError::usage(msg).with_hint(
            "check VMC_KEYSTORE_PASSPHRASE or retype the passphrase; nothing was changed",
        ),
        KeystoreError::EmptyPassphrase => CliError::usage(msg)
            .with_hint("choose a non-empty passphrase; nothing was written"),
        KeystoreError::Truncated { .. }
        | KeystoreError::Corrupted { .. }
        | KeystoreError::UnsupportedVersion { .. } => CliError::failure(msg).with_hint(
            "restore the file from a backup, or delete the entry and import the wallet again \
             from its recovery phrase (`vmc wallet import NAME`)",
        ),
        KeystoreError::InvalidKdf(_) | KeystoreError::Io { .. } => CliError::failure(msg),
    }
}

/// Maps a mnemonic or key error (bad word, checksum, word count) to a usage error.
pub fn key_error(e: KeyError) -> CliError {
    let hint = match e {
        KeyError::UnknownWord { .. } => {
            "check the spelling of that word against the BIP39 English word list; nothing was written"
        }
        KeyError::BadChecksum => {
            "a word is wrong or two words are swapped; compare with your written copy; nothing was written"
        }
        KeyError::WordCount(_) => "a recovery phrase has 12 or 24 words; nothing was written",
        _ => "nothing was written",
    };
    CliError::usage(e.to_string()).with_hint(hint)
}
