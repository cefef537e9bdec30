//! `vmc wallet list`: keystore entries, plus the wallets environment variables provide. The
//! `CURRENT` column marks the wallet commands use without `--wallet`.

use clap::Args;
use serde::Serialize;

use super::source::{WalletSource, devnet_dev_mnemonic, resolve_source};
use super::store::{WalletView, keystore, keystore_error};
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;
use crate::settings::env_var;

#[derive(Debug, Args)]
pub struct ListArgs {}

#[derive(Debug, Serialize)]
struct Row {
    #[serde(flatten)]
    wallet: WalletView,
    current: bool,
    /// Why a keystore file cannot be read (it is listed anyway).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub fn run(ctx: &mut Ctx, _args: ListArgs) -> CliResult {
    let current = resolve_source(ctx, None, true).ok();
    let mut rows = Vec::new();
    for item in keystore(ctx).list().map_err(keystore_error)? {
        let is_current = current.as_ref()
            == Some(&WalletSource::Keystore {
                name: item.name.clone(),
            });
        match item.entry {
            // Other secrets in the keystore (Hetzner tokens, certificate keys) are not wallets.
            Ok(sealed) if sealed.meta().kind != vmc_keystore::SecretKind::Mnemonic => {}
            Ok(sealed) => rows.push(Row {
                wallet: WalletView::from_meta(sealed.meta(), &item.path),
                current: is_current,
                error: None,
            }),
            Err(e) => {
                ctx.printer.warn(&e.to_string());
                rows.push(Row {
                    wallet: WalletView {
                        name: item.name.clone(),
                        address: "-".into(),
                        account_index: None,
                        source: "keystore (unreadable)".into(),
                        path: Some(item.path.display().to_string()),
                        created: None,
                    },
                    current: is_current,
                    error: Some(e.to_string()),
                });
            }
        }
    }
    if env_var(vmc_config::env::AKASH_MNEMONIC).is_some() {
        // Deriving the address needs no passphrase; a bad phrase is shown, not fatal.
        let (address, error) = match super::source::wallet_address_of_env_mnemonic(ctx) {
            Ok(a) => (a, None),
            Err(e) => ("-".to_string(), Some(e.message)),
        };
        rows.push(Row {
            wallet: WalletView {
                name: "(env)".into(),
                address,
                account_index: Some(0),
                source: WalletSource::EnvMnemonic.label(),
                path: None,
                created: None,
            },
            current: current == Some(WalletSource::EnvMnemonic),
            error,
        });
    }
    if let Some(addr) = env_var(vmc_config::env::AKASH_WALLET_ADDRESS) {
        let src = WalletSource::EnvAddress(addr.clone());
        rows.push(Row {
            wallet: WalletView {
                name: "(env)".into(),
                address: addr,
                account_index: None,
                source: src.label(),
                path: None,
                created: None,
            },
            current: current.as_ref() == Some(&src),
            error: None,
        });
    }
    if current == Some(WalletSource::Devnet) {
        let address = devnet_dev_mnemonic()
            .ok_or(vmc_akash::keys::KeyError::WordCount(0))
            .and_then(vmc_akash::keys::Mnemonic::parse)
            .and_then(|m| vmc_akash::keys::SigningKey::from_mnemonic(&m, 0))
            .map(|k| k.address())
            .unwrap_or_else(|_| "-".into());
        rows.push(Row {
            wallet: WalletView {
                name: "(devnet)".into(),
                address,
                account_index: Some(0),
                source: WalletSource::Devnet.label(),
                path: None,
                created: None,
            },
            current: true,
            error: None,
        });
    }
    if rows.is_empty() {
        ctx.printer
            .hint("no wallets yet: `vmc wallet new NAME` or `vmc wallet import NAME`");
    }
    ctx.printer.data(&rows, || {
        let mut t = Table::new(["CURRENT", "NAME", "ADDRESS", "INDEX", "SOURCE"]);
        for r in &rows {
            t.row([
                if r.current { "*" } else { "" }.to_string(),
                r.wallet.name.clone(),
                r.wallet.address.clone(),
                r.wallet
                    .account_index
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
                r.wallet.source.clone(),
            ]);
        }
        t
    })
}
