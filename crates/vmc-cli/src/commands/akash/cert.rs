//! `vmc akash cert create [--overwrite]` and `vmc akash cert revoke [SERIAL]`: the wallet's
//! legacy mTLS client certificate (§8.4; providers also accept a JWT, which vmc uses).
//!
//! `create` generates an ECDSA P-256 certificate for the wallet (`vmc_akash::cert`), publishes
//! it with `MsgCreateCertificate` and stores the certificate under the context's data dir
//! (`<data>/contexts/<context>/certs/<address>.crt`) and its private key sealed in the keystore
//! (entry `mtls-…`, the keystore passphrase; never printed or written in the clear). A stored
//! certificate is replaced only with
//! `--overwrite` (the old one stays valid on chain until revoked).
//!
//! `revoke` sends `MsgRevokeCertificate` for SERIAL (default: the stored certificate's) and, when
//! it is the stored one, deletes the stored certificate and its keystore entry.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde::{Deserialize, Serialize};
use serde_json::json;
use vmc_akash_client::CertFilter;
use vmc_akash_deploy::ops;
use vmc_akash_proto::cert::CertificateState;
use vmc_receipt::Target;

use super::close::{akash_plan, op_error, or_fail, print};
use super::flow::{EventPrinter, Flow};
use super::key::KeyArgs;
use super::view::state_name;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::{self, MutationArgs};

#[derive(Debug, Args)]
pub struct CertArgs {
    #[command(subcommand)]
    pub command: CertCommand,
}

#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Create and publish a client certificate for the wallet; the key is stored locally.
    Create(CertCreateArgs),
    /// Revoke a certificate of the wallet (default: the stored one).
    Revoke(CertRevokeArgs),
}

#[derive(Debug, Args)]
pub struct CertCreateArgs {
    /// Replace the stored certificate and key (the old certificate stays valid on chain until
    /// `vmc akash cert revoke SERIAL`).
    #[arg(long)]
    pub overwrite: bool,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct CertRevokeArgs {
    /// The certificate's serial (default: the stored certificate's), as `vmc akash certs` shows.
    #[arg(value_name = "SERIAL")]
    pub serial: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

/// `vmc akash cert create` → `{owner, serial, tx_hash, height, state, not_before, not_after,
/// cert_path, key_path}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertCreateOut {
    pub owner: String,
    pub serial: String,
    pub tx_hash: String,
    pub height: String,
    pub state: String,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    pub cert_path: String,
    /// Where the private key is (its content is never printed).
    pub key_path: String,
}

/// `vmc akash cert revoke` → `{owner, serial, tx_hash, height, state, removed_local}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertRevokeOut {
    pub owner: String,
    pub serial: String,
    pub tx_hash: String,
    pub height: String,
    pub state: String,
    /// The stored certificate and key were this one and were deleted.
    pub removed_local: bool,
}

pub fn run(ctx: &mut Ctx, args: CertArgs, chain: &super::chain::ChainArgs) -> CliResult {
    match args.command {
        CertCommand::Create(a) => create(ctx, a, chain),
        CertCommand::Revoke(a) => revoke(ctx, a, chain),
    }
}

/// Where the certificate of `owner` is kept in this context.
pub struct CertFiles {
    pub dir: PathBuf,
    pub cert: PathBuf,
}

/// The keystore entry that holds the private key of certificate `serial` of `owner`, sealed
/// with the keystore passphrase (a key is a secret: never in a file in the clear).
pub fn key_entry(owner: &str, serial: &str) -> String {
    let o = &owner[owner.len().saturating_sub(10)..];
    let s = &serial[..serial.len().min(40)];
    format!("mtls-{o}-{s}")
}

impl CertFiles {
    pub fn of(ctx: &Ctx, owner: &str) -> CertFiles {
        let dir = ctx.settings.context_dir().join("certs");
        CertFiles {
            cert: dir.join(format!("{owner}.crt")),
            dir,
        }
    }

    /// The stored certificate's serial, if one is stored.
    pub fn stored_serial(&self) -> CliResult<Option<String>> {
        let pem_text = match std::fs::read(&self.cert) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(CliError::failure(format!(
                    "{}: could not read: {e}",
                    self.cert.display()
                )));
            }
        };
        let info = pem::parse(&pem_text)
            .map_err(|e| e.to_string())
            .and_then(|p| {
                vmc_akash::cert::parse_certificate(p.contents()).map_err(|e| e.to_string())
            })
            .map_err(|e| {
                CliError::failure(format!("{}: not a certificate: {e}", self.cert.display()))
                    .with_hint("move the file away, or replace it with `vmc akash cert create --overwrite`")
            })?;
        Ok(Some(info.serial))
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> CliError {
    CliError::failure(format!("{}: could not {what}: {e}", path.display()))
}

/// Creates the directory 0700 (and its parents).
fn make_private_dir(dir: &Path) -> CliResult {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| io_error(dir, "create", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io_error(dir, "restrict", e))?;
    }
    Ok(())
}

/// Writes a new file 0600 and fsyncs it.
fn write_private(path: &Path, bytes: &[u8]) -> CliResult {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path).map_err(|e| io_error(path, "create", e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| io_error(path, "write", e))
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn create(ctx: &mut Ctx, args: CertCreateArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let flow = Flow::open(ctx, chain, &args.key)?;
    let files = CertFiles::of(ctx, &flow.owner);
    let old = files.stored_serial()?;
    if let (Some(serial), false) = (&old, args.overwrite) {
        return Err(CliError::conflict(format!(
            "a certificate of {} is already stored (serial {serial}, {}); nothing was sent",
            flow.owner,
            files.cert.display()
        ))
        .with_hint(format!(
            "keep using it, replace it with `vmc akash cert create --overwrite --yes --reason …`, or revoke it with `vmc akash cert revoke {serial} --yes --reason …`"
        )));
    }
    let now = crate::clock::now()?;
    let cert = vmc_akash::cert::generate(&flow.owner, now)
        .map_err(|e| CliError::failure(e.to_string()))?;
    let not_after = now + vmc_akash::cert::DEFAULT_VALIDITY;
    let target = Target::fields([("owner", json!(flow.owner)), ("serial", json!(cert.serial))]);
    let mut plan = akash_plan(&flow, "akash.cert.create", target);
    plan.summary_lines.push(format!(
        "publish a client certificate for {} (serial {}, valid until {}); store its key in {}",
        flow.owner,
        cert.serial,
        rfc3339(not_after),
        files.dir.display()
    ));
    if let Some(o) = &old {
        plan.summary_lines.push(format!(
            "replace the stored certificate {o} (it stays valid on chain until revoked)"
        ));
    }
    plan.request = json!({
        "serial": cert.serial,
        "overwrite": args.overwrite,
        "replaces": old,
    });
    let entry = key_entry(&flow.owner, &cert.serial);
    let ks = crate::commands::wallet::store::keystore(ctx);
    let passphrase = crate::commands::wallet::store::new_passphrase(&entry)?;
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    // The key is sealed in the keystore before the certificate is on chain, so a published
    // certificate never lacks its key.
    let meta = vmc_keystore::EntryMeta {
        name: entry.clone(),
        address: flow.owner.clone(),
        account_index: 0,
        created: crate::clock::now_rfc3339()?,
        kind: vmc_keystore::SecretKind::PrivateKeyPem,
    };
    let secret = secrecy::SecretString::from(Box::<str>::from(cert.expose_private_key_pem()));
    let tmp_cert = files.dir.join(format!(".{}.crt.new", flow.owner));
    let staged = ks
        .create(
            meta,
            &secret,
            &passphrase,
            crate::commands::wallet::store::kdf_params(ctx),
        )
        .map_err(crate::commands::wallet::store::keystore_error)
        .and_then(|_| make_private_dir(&files.dir))
        .and_then(|()| write_private(&tmp_cert, cert.cert_pem.as_bytes()));
    let key_path = ks
        .path_for(&entry)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if let Err(e) = staged {
        let _ = ks.delete(&entry);
        let _ = std::fs::remove_file(&tmp_cert);
        m.finish(Err(&e))?;
        return Err(e);
    }
    let mut events = EventPrinter::new(&ctx.printer);
    let r = flow.block(ops::cert::publish(&flow.akash, &mut events, &cert));
    events.finish();
    if r.is_err() {
        let _ = ks.delete(&entry);
        let _ = std::fs::remove_file(&tmp_cert);
    }
    let (m, done) = or_fail(ctx, m, r)?;
    if let Some(o) = &old {
        let _ = ks.delete(&key_entry(&flow.owner, o));
    }
    let placed =
        std::fs::rename(&tmp_cert, &files.cert).map_err(|e| io_error(&files.cert, "store", e));
    if let Err(e) = placed {
        let e = CliError::failure(format!(
            "certificate {} is on chain (transaction {}), but {}",
            cert.serial, done.tx_hash, e.message
        ))
        .with_hint(format!(
            "the certificate is in {} and its key in keystore entry `{entry}`; move the certificate into place by hand, or revoke it",
            tmp_cert.display()
        ));
        m.finish(Err(&e))?;
        return Err(e);
    }
    let out = CertCreateOut {
        owner: flow.owner.clone(),
        serial: done.serial.clone(),
        tx_hash: done.tx_hash.clone(),
        height: done.height.to_string(),
        state: "valid".into(),
        not_before: rfc3339(now),
        not_after: rfc3339(not_after),
        cert_path: files.cert.display().to_string(),
        key_path,
    };
    m.finish(Ok(json!({
        "tx_hash": out.tx_hash,
        "height": out.height,
        "status": "valid",
        "serial": out.serial,
        "cert_path": out.cert_path,
    })))?;
    let line = format!(
        "certificate {} of {} published (valid until {}); its key is sealed in the keystore ({})",
        out.serial, out.owner, out.not_after, out.key_path
    );
    print(ctx, &out, line)
}

fn revoke(ctx: &mut Ctx, args: CertRevokeArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let flow = Flow::open(ctx, chain, &args.key)?;
    let files = CertFiles::of(ctx, &flow.owner);
    let stored = files.stored_serial()?;
    let serial = match (&args.serial, &stored) {
        (Some(s), _) => s.trim().to_string(),
        (None, Some(s)) => s.clone(),
        (None, None) => {
            return Err(CliError::usage(format!(
                "no certificate of {} is stored in context `{}`: give the SERIAL to revoke",
                flow.owner, ctx.settings.context_name.value
            ))
            .with_hint("`vmc akash certs` lists the wallet's certificates and their serials"));
        }
    };
    let state = if serial.bytes().all(|b| b.is_ascii_digit()) && !serial.is_empty() {
        let certs = flow
            .session
            .call(flow.session.client.certificates(&CertFilter {
                owner: &flow.owner,
                serial: Some(&serial),
                state: None,
            }))?;
        certs
            .iter()
            .find(|c| c.serial == serial)
            .map(|c| state_name::<CertificateState>(c.certificate.as_ref().map_or(0, |x| x.state)))
    } else {
        None
    };
    ops::cert::check_revoke(&flow.owner, &serial, state.as_deref())
        .map_err(|e| op_error(ctx, &e))?;
    let target = Target::fields([("owner", json!(flow.owner)), ("serial", json!(serial))]);
    let mut plan = akash_plan(&flow, "akash.cert.revoke", target);
    let is_stored = stored.as_deref() == Some(serial.as_str());
    plan.summary_lines.push(format!(
        "revoke certificate {serial} of {}{}",
        flow.owner,
        if is_stored {
            " and delete the stored certificate and key"
        } else {
            ""
        }
    ));
    plan.request = json!({ "serial": serial });
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    let mut events = EventPrinter::new(&ctx.printer);
    let r = flow.block(ops::cert::revoke(&flow.akash, &mut events, &serial));
    events.finish();
    let (m, done) = or_fail(ctx, m, r)?;
    let mut removed_local = false;
    if is_stored {
        let ks = crate::commands::wallet::store::keystore(ctx);
        let key = ks
            .delete(&key_entry(&flow.owner, &serial))
            .map(|_| ())
            .map_err(|e| std::io::Error::other(e.to_string()));
        match key.and_then(|()| std::fs::remove_file(&files.cert)) {
            Ok(()) => removed_local = true,
            Err(e) => ctx.printer.warn(&format!(
                "certificate {serial} is revoked, but the stored files could not be deleted: {e}"
            )),
        }
    }
    let out = CertRevokeOut {
        owner: flow.owner.clone(),
        serial: serial.clone(),
        tx_hash: done.tx_hash.clone(),
        height: done.height.to_string(),
        state: "revoked".into(),
        removed_local,
    };
    m.finish(Ok(json!({
        "tx_hash": out.tx_hash,
        "height": out.height,
        "status": "revoked",
        "serial": out.serial,
        "removed_local": removed_local,
    })))?;
    let line = format!(
        "certificate {serial} of {} revoked{}",
        out.owner,
        if removed_local {
            "; the stored certificate and key were deleted"
        } else {
            ""
        }
    );
    print(ctx, &out, line)
}
