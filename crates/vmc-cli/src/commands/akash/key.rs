//! Where `vmc akash` gets the signing key.
//!
//! ┌─────────────────────────────────────────────────────────────────────────────────────────┐
//! │ WALLET HOOK: the single place that produces a `SigningKey` for `vmc akash` commands.      │
//! │ `--mnemonic-stdin`, else `crate::commands::wallet::source::load_signing_key_at`:          │
//! │ `--wallet NAME` / the context's keystore wallet, then `AKASH_MNEMONIC` (with a warning),  │
//! │ then on network `local` the devnet development wallet.                                    │
//! └─────────────────────────────────────────────────────────────────────────────────────────┘

use std::io::Read;

use clap::Args;
use vmc_akash::keys::{Mnemonic, SigningKey};
use zeroize::Zeroizing;

use crate::Ctx;
use crate::error::{CliError, CliResult};

/// Key selection flags shared by signing commands.
#[derive(Debug, Clone, Args)]
pub struct KeyArgs {
    /// Keystore wallet to sign with (default: the context's wallet, then AKASH_MNEMONIC, then
    /// on network `local` the devnet development wallet). See `vmc wallet`.
    #[arg(long, value_name = "NAME", conflicts_with = "mnemonic_stdin")]
    pub wallet: Option<String>,
    /// Read the recovery phrase from stdin (never from argv).
    #[arg(long)]
    pub mnemonic_stdin: bool,
    /// HD account index N of m/44'/118'/0'/0/N.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub account_index: u32,
}

/// The signing key for this invocation: `--mnemonic-stdin`, else the wallet sources of
/// `vmc wallet` (`--wallet NAME` or the context's keystore wallet, then `AKASH_MNEMONIC` with a
/// warning, then on network `local` the devnet development wallet).
pub fn load_signing_key(ctx: &Ctx, args: &KeyArgs) -> CliResult<SigningKey> {
    if !args.mnemonic_stdin {
        return crate::commands::wallet::source::load_signing_key_at(
            ctx,
            args.wallet.as_deref(),
            (args.account_index != 0).then_some(args.account_index),
        );
    }
    let mut phrase = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut phrase)
        .map_err(|e| CliError::usage(format!("cannot read the recovery phrase from stdin: {e}")))?;
    let mnemonic = Mnemonic::parse(&phrase)
        .map_err(|e| CliError::usage(format!("invalid recovery phrase: {e}")))?;
    SigningKey::from_mnemonic(&mnemonic, args.account_index)
        .map_err(|e| CliError::failure(format!("cannot derive the key: {e}")))
}
