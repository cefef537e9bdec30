//! `vmc wallet new [NAME] [--words 12|24] [--account-index N] [--no-show-mnemonic]`.
//!
//! Generates a recovery phrase from the OS random generator, stores it encrypted, and shows it
//! once on the controlling terminal (`/dev/tty`), never on stdout or stderr. Without a terminal
//! the command refuses, unless `--no-show-mnemonic` says to store the wallet without showing the
//! phrase at all (then the keystore file and its passphrase are the only copy). stdout gets the
//! new wallet's name, address and file, like `import`.

use clap::Args;
use vmc_akash::keys::Mnemonic;

use super::store::{WalletView, check_new_name, key_error, new_passphrase, save_mnemonic};
use super::terminal;
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Keystore entry name (letters, digits, `.`, `_`, `-`).
    #[arg(default_value = "default")]
    pub name: String,
    /// Number of words of the recovery phrase.
    #[arg(long, default_value_t = 24, value_parser = parse_words, value_name = "12|24")]
    pub words: usize,
    /// BIP44 account index: the key at m/44'/118'/0'/0/N.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub account_index: u32,
    /// Do not show the recovery phrase at all (scripts, CI): the keystore file and its
    /// passphrase become the only copy of the wallet.
    #[arg(long)]
    pub no_show_mnemonic: bool,
}

pub fn run(ctx: &mut Ctx, args: NewArgs) -> CliResult {
    check_new_name(ctx, &args.name)?;
    if !args.no_show_mnemonic {
        // Refuse before generating or storing anything.
        terminal::require_tty_for_new()?;
    }
    let passphrase = new_passphrase(&args.name)?;
    let mnemonic = Mnemonic::generate(args.words, &mut rand::rngs::OsRng).map_err(key_error)?;
    // Store first: a phrase the user wrote down always has its encrypted copy.
    let view = save_mnemonic(ctx, &args.name, &mnemonic, args.account_index, &passphrase)?;
    if !args.no_show_mnemonic {
        terminal::show_mnemonic_once(&mnemonic, &args.name)?;
    } else {
        ctx.printer.warn(&format!(
            "the recovery phrase of `{}` was not shown: back up {} and its passphrase",
            args.name,
            view.path.as_deref().unwrap_or("the keystore file")
        ));
    }
    render(ctx, &view)
}

/// Prints a wallet as one table row or as a JSON/YAML object.
pub fn render(ctx: &Ctx, view: &WalletView) -> CliResult {
    ctx.printer.data(view, || {
        let mut t = Table::new(["NAME", "ADDRESS", "INDEX", "SOURCE", "PATH"]);
        t.row([
            view.name.clone(),
            view.address.clone(),
            view.account_index
                .map(|i| i.to_string())
                .unwrap_or_default(),
            view.source.clone(),
            view.path.clone().unwrap_or_default(),
        ]);
        t
    })
}

fn parse_words(s: &str) -> Result<usize, String> {
    match s {
        "12" => Ok(12),
        "24" => Ok(24),
        _ => Err("a recovery phrase has 12 or 24 words".into()),
    }
}
