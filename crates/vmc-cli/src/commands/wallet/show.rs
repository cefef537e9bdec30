//! `vmc wallet show NAME`: a keystore entry's metadata and how it is protected. Reads only the
//! clear-text part of the file: no passphrase, and never the secret.

use clap::Args;
use serde::Serialize;

use super::source::load_from_keystore;
use super::store::{WalletView, keystore, keystore_error};
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Keystore entry name.
    pub name: String,
    /// Also decrypt the entry with the passphrase and check that it derives to the stored
    /// address (the secret itself is never shown).
    #[arg(long)]
    pub unlock: bool,
}

#[derive(Debug, Serialize)]
struct Shown {
    #[serde(flatten)]
    wallet: WalletView,
    hd_path: String,
    kind: vmc_keystore::SecretKind,
    encryption: Encryption,
    /// Unix permission bits of the file, e.g. `0600`.
    #[serde(skip_serializing_if = "Option::is_none")]
    file_mode: Option<String>,
    /// With `--unlock`: the passphrase opened the entry and the key matches the address.
    #[serde(skip_serializing_if = "Option::is_none")]
    unlocked: Option<bool>,
}

#[derive(Debug, Serialize)]
struct Encryption {
    kdf: &'static str,
    m_kib: u32,
    t: u32,
    p: u32,
    cipher: &'static str,
}

pub fn run(ctx: &mut Ctx, args: ShowArgs) -> CliResult {
    let ks = keystore(ctx);
    let sealed = ks.read(&args.name).map_err(keystore_error)?;
    let path = ks.path_for(&args.name).map_err(keystore_error)?;
    let meta = sealed.meta();
    let kdf = sealed.kdf();
    if kdf.is_weak() {
        ctx.printer.warn(&format!(
            "`{}` was written with weak key-derivation parameters (m={} KiB, t={})",
            meta.name, kdf.m_kib, kdf.t
        ));
    }
    let unlocked = if args.unlock {
        load_from_keystore(ctx, &args.name)?;
        Some(true)
    } else {
        None
    };
    let shown = Shown {
        wallet: WalletView::from_meta(meta, &path),
        hd_path: vmc_akash::keys::hd_path(meta.account_index),
        kind: meta.kind,
        encryption: Encryption {
            kdf: "argon2id",
            m_kib: kdf.m_kib,
            t: kdf.t,
            p: kdf.p,
            cipher: "xchacha20poly1305",
        },
        file_mode: file_mode(&path),
        unlocked,
    };
    ctx.printer.data(&shown, || {
        let mut t = Table::new(["FIELD", "VALUE"]);
        t.row(["name", &shown.wallet.name]);
        t.row(["address", &shown.wallet.address]);
        t.row(["account_index", &meta.account_index.to_string()]);
        t.row(["hd_path", &shown.hd_path]);
        t.row(["source", &shown.wallet.source]);
        t.row(["created", &meta.created]);
        t.row(["path", &path.display().to_string()]);
        t.row([
            "encryption".to_string(),
            format!(
                "argon2id (m={} KiB, t={}, p={}) + xchacha20poly1305",
                kdf.m_kib, kdf.t, kdf.p
            ),
        ]);
        if let Some(m) = &shown.file_mode {
            t.row(["file_mode", m]);
        }
        if shown.unlocked == Some(true) {
            t.row([
                "unlocked",
                "yes: the passphrase opens it and the key matches the address",
            ]);
        }
        t
    })
}

fn file_mode(path: &std::path::Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| format!("{:04o}", m.permissions().mode() & 0o7777))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
