//! `vmc wallet new|import|list|show|address|delete`: Akash wallets in the encrypted keystore.
//!
//! Wallets live in `$VMC_DATA_DIR/keystore/<name>.json` (see `vmc-keystore`): the recovery phrase
//! sealed with a passphrase (argon2id + XChaCha20-Poly1305), the address and account index in the
//! clear so `list`, `show` and `address` never need the passphrase. The passphrase comes from
//! `VMC_KEYSTORE_PASSPHRASE` or a terminal prompt. A recovery phrase is never read from argv and
//! never written to stdout, stderr or a plaintext file; `new` shows it once, on the terminal
//! (`/dev/tty`) only.
//!
//! Other commands get the signing key or address through [`source::load_signing_key`] and
//! [`source::wallet_address`].

pub mod address;
pub mod delete;
pub mod import;
pub mod list;
pub mod new;
pub mod show;
pub mod source;
pub mod store;
pub mod terminal;

use clap::{Args, Subcommand};

use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct WalletArgs {
    #[command(subcommand)]
    pub command: WalletCommand,
}

#[derive(Debug, Subcommand)]
pub enum WalletCommand {
    /// Create a wallet: generate a recovery phrase, store it encrypted, show it once on the terminal.
    New(new::NewArgs),
    /// Import a wallet from its recovery phrase (typed at a hidden prompt, or piped with --stdin).
    Import(import::ImportArgs),
    /// List wallets: keystore entries and wallets given by environment variables.
    List(list::ListArgs),
    /// Show a keystore entry's address, account index, file and encryption (never the secret).
    Show(show::ShowArgs),
    /// Print the address of a wallet (default: the wallet commands would sign with).
    Address(address::AddressArgs),
    /// Delete a keystore entry (its funds are lost unless the recovery phrase is kept elsewhere).
    Delete(delete::DeleteArgs),
}

pub fn run(ctx: &mut Ctx, args: WalletArgs) -> CliResult {
    match args.command {
        WalletCommand::New(a) => new::run(ctx, a),
        WalletCommand::Import(a) => import::run(ctx, a),
        WalletCommand::List(a) => list::run(ctx, a),
        WalletCommand::Show(a) => show::run(ctx, a),
        WalletCommand::Address(a) => address::run(ctx, a),
        WalletCommand::Delete(a) => delete::run(ctx, a),
    }
}
