//! `vmc wallet import [NAME] [--stdin] [--account-index N]`: store an existing recovery phrase.
//!
//! The phrase is typed at a hidden terminal prompt, or piped on stdin with `--stdin`; it is never
//! taken from the command line (argv is visible to every user via `ps`). A wrong word (by
//! position), a bad checksum or a wrong word count is refused before anything is written.

use clap::Args;
use vmc_akash::keys::Mnemonic;

use super::new::render;
use super::store::{check_new_name, key_error, new_passphrase, save_mnemonic};
use super::terminal;
use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Keystore entry name (letters, digits, `.`, `_`, `-`).
    #[arg(default_value = "default")]
    pub name: String,
    /// Read the recovery phrase from stdin instead of a terminal prompt.
    #[arg(long)]
    pub stdin: bool,
    /// BIP44 account index: the key at m/44'/118'/0'/0/N.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub account_index: u32,
}

pub fn run(ctx: &mut Ctx, args: ImportArgs) -> CliResult {
    check_new_name(ctx, &args.name)?;
    let phrase = if args.stdin {
        terminal::read_stdin_secret("a recovery phrase")?
    } else {
        terminal::prompt_secret(
            "Recovery phrase (12 or 24 words, input hidden): ",
            "the recovery phrase",
            "pipe it instead: `vmc wallet import NAME --stdin < file` (never pass it as an argument)",
        )?
    };
    let mnemonic = Mnemonic::parse(&phrase).map_err(key_error)?;
    drop(phrase);
    let passphrase = new_passphrase(&args.name)?;
    let view = save_mnemonic(ctx, &args.name, &mnemonic, args.account_index, &passphrase)?;
    render(ctx, &view)
}
