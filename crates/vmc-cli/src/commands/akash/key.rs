//! Where `vmc akash` gets the signing key.
//!
//! ┌─────────────────────────────────────────────────────────────────────────────────────────┐
//! │ WALLET HOOK: the single place that produces a `SigningKey` for `vmc akash` commands.      │
//! │ Today: `--mnemonic-stdin`, else `AKASH_MNEMONIC` (with a warning). The wallet helper      │
//! │ plugs the keystore in here (`crate::commands::wallet::…::load_signing_key(ctx, name)`),   │
//! │ selected by `--wallet NAME`.                                                              │
//! └─────────────────────────────────────────────────────────────────────────────────────────┘

use std::io::Read;

use clap::Args;
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_config::env::AKASH_MNEMONIC;
use zeroize::Zeroizing;

use crate::Ctx;
use crate::error::{CliError, CliResult};

/// Key selection flags shared by signing commands.
#[derive(Debug, Clone, Args)]
pub struct KeyArgs {
    /// Read the recovery phrase from stdin (never from argv).
    #[arg(long)]
    pub mnemonic_stdin: bool,
    /// HD account index N of m/44'/118'/0'/0/N.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub account_index: u32,
}

/// The signing key for this invocation.
pub fn load_signing_key(ctx: &Ctx, args: &KeyArgs) -> CliResult<SigningKey> {
    let phrase: Zeroizing<String> = if args.mnemonic_stdin {
        let mut buf = Zeroizing::new(String::new());
        std::io::stdin().read_to_string(&mut buf).map_err(|e| {
            CliError::usage(format!("cannot read the recovery phrase from stdin: {e}"))
        })?;
        buf
    } else if let Some(v) = std::env::var_os(AKASH_MNEMONIC) {
        ctx.printer.warn(&format!(
            "using {AKASH_MNEMONIC}: environment variables leak to child processes; prefer --mnemonic-stdin or a wallet"
        ));
        Zeroizing::new(
            v.into_string()
                .map_err(|_| CliError::usage(format!("{AKASH_MNEMONIC} is not valid UTF-8")))?,
        )
    } else {
        return Err(CliError::usage("no signing key").with_hint(format!(
            "pipe the recovery phrase with --mnemonic-stdin, or set {AKASH_MNEMONIC}"
        )));
    };
    let mnemonic = Mnemonic::parse(&phrase)
        .map_err(|e| CliError::usage(format!("invalid recovery phrase: {e}")))?;
    SigningKey::from_mnemonic(&mnemonic, args.account_index)
        .map_err(|e| CliError::failure(format!("cannot derive the key: {e}")))
}
