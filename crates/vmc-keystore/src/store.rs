//! The keystore directory: one `<name>.json` per entry, mode 0600, in a 0700 directory, written
//! atomically (temporary file, fsync, link into place, fsync of the directory).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::RngCore;
use secrecy::SecretString;

use crate::entry::{EntryMeta, Sealed};
use crate::error::KeystoreError;
use crate::kdf::KdfParams;
use crate::name::validate_name;

/// A keystore directory. Nothing is created until the first entry is written.
#[derive(Debug, Clone)]
pub struct Keystore {
    dir: PathBuf,
}

/// An opened entry: its metadata and the decrypted secret (redacted in `Debug`, zeroized on drop).
#[derive(Debug)]
pub struct Unlocked {
    pub meta: EntryMeta,
    pub secret: SecretString,
}

/// One file found by [`Keystore::list`]: its metadata, or why it cannot be read.
#[derive(Debug)]
pub struct Listed {
    pub name: String,
    pub path: PathBuf,
    pub entry: Result<Sealed, KeystoreError>,
}

impl Keystore {
    /// A keystore kept in `dir` (e.g. `$VMC_DATA_DIR/keystore`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Keystore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of entry `name` (validated).
    pub fn path_for(&self, name: &str) -> Result<PathBuf, KeystoreError> {
        validate_name(name)?;
        Ok(self.dir.join(format!("{name}.json")))
    }

    /// Whether entry `name` exists.
    pub fn contains(&self, name: &str) -> Result<bool, KeystoreError> {
        Ok(self.path_for(name)?.exists())
    }

    /// Seals `secret` and writes a new entry. Fails with `AlreadyExists` (writing nothing) if the
    /// name is taken. Returns the file written.
    pub fn create(
        &self,
        meta: EntryMeta,
        secret: &SecretString,
        passphrase: &SecretString,
        params: KdfParams,
    ) -> Result<PathBuf, KeystoreError> {
        let path = self.path_for(&meta.name)?;
        if path.exists() {
            return Err(KeystoreError::AlreadyExists {
                name: meta.name,
                path,
            });
        }
        let name = meta.name.clone();
        let sealed = Sealed::seal(meta, secret, passphrase, params)?;
        self.ensure_dir()?;
        write_new_atomically(&self.dir, &name, &path, sealed.to_json().as_bytes())?;
        Ok(path)
    }

    /// Reads and parses entry `name` without decrypting it.
    pub fn read(&self, name: &str) -> Result<Sealed, KeystoreError> {
        let path = self.path_for(name)?;
        read_entry(name, &path)
    }

    /// Reads and decrypts entry `name`.
    pub fn unlock(&self, name: &str, passphrase: &SecretString) -> Result<Unlocked, KeystoreError> {
        let path = self.path_for(name)?;
        let sealed = read_entry(name, &path)?;
        let secret = sealed.open_at(passphrase, &path)?;
        Ok(Unlocked {
            meta: sealed.meta().clone(),
            secret,
        })
    }

    /// Every `*.json` entry, sorted by name; unreadable files are listed with their error.
    pub fn list(&self) -> Result<Vec<Listed>, KeystoreError> {
        let rd = match fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(KeystoreError::io("cannot read directory", &self.dir, e)),
        };
        let mut out = Vec::new();
        for item in rd {
            let item =
                item.map_err(|e| KeystoreError::io("cannot read directory", &self.dir, e))?;
            let file_name = item.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            let Some(name) = file_name.strip_suffix(".json") else {
                continue;
            };
            if validate_name(name).is_err() {
                continue; // temporary files (`.x.tmp…`) and foreign files
            }
            let path = item.path();
            out.push(Listed {
                name: name.to_string(),
                entry: read_entry(name, &path),
                path,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Removes entry `name`. Returns the file removed.
    pub fn delete(&self, name: &str) -> Result<PathBuf, KeystoreError> {
        let path = self.path_for(name)?;
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeystoreError::NotFound {
                    name: name.to_string(),
                    path,
                });
            }
            Err(e) => return Err(KeystoreError::io("cannot remove", &path, e)),
        }
        sync_dir(&self.dir)?;
        Ok(path)
    }

    /// Creates the directory with mode 0700 (and tightens it if it exists with looser bits).
    fn ensure_dir(&self) -> Result<(), KeystoreError> {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(&self.dir)
            .map_err(|e| KeystoreError::io("cannot create directory", &self.dir, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = fs::metadata(&self.dir)
                .map_err(|e| KeystoreError::io("cannot inspect", &self.dir, e))?;
            if meta.permissions().mode() & 0o077 != 0 {
                fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700)).map_err(|e| {
                    KeystoreError::io("cannot restrict permissions of", &self.dir, e)
                })?;
            }
        }
        Ok(())
    }
}

fn read_entry(name: &str, path: &Path) -> Result<Sealed, KeystoreError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(KeystoreError::NotFound {
                name: name.to_string(),
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(KeystoreError::io("cannot read", path, e)),
    };
    let sealed = Sealed::parse(&bytes, path)?;
    if sealed.meta().name != name {
        return Err(KeystoreError::Corrupted {
            path: path.to_path_buf(),
            detail: format!(
                "it holds entry `{}`, not `{name}` (was the file renamed?)",
                sealed.meta().name
            ),
        });
    }
    Ok(sealed)
}

/// Writes `bytes` to a fresh 0600 temporary file, fsyncs it, links it to `path` (failing if
/// `path` exists) and fsyncs the directory. On any failure the temporary file is removed and
/// `path` is untouched.
fn write_new_atomically(
    dir: &Path,
    name: &str,
    path: &Path,
    bytes: &[u8],
) -> Result<(), KeystoreError> {
    let mut tag = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut tag);
    let tmp = dir.join(format!(
        ".{name}.json.tmp.{}.{}",
        std::process::id(),
        tag.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ));
    let result = (|| {
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts
            .open(&tmp)
            .map_err(|e| KeystoreError::io("cannot create", &tmp, e))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| KeystoreError::io("cannot write", &tmp, e))?;
        drop(f);
        match fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(KeystoreError::AlreadyExists {
                    name: name.to_string(),
                    path: path.to_path_buf(),
                })
            }
            // File systems without hard links: rename (atomic, but can race a concurrent create).
            Err(_) if !path.exists() => fs::rename(&tmp, path)
                .map_err(|e| KeystoreError::io("cannot move into place", path, e)),
            Err(e) => Err(KeystoreError::io("cannot move into place", path, e)),
        }
    })();
    let _ = fs::remove_file(&tmp);
    result?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), KeystoreError> {
    #[cfg(unix)]
    {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| KeystoreError::io("cannot sync directory", dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::SecretKind;
    use secrecy::ExposeSecret;

    fn meta(name: &str) -> EntryMeta {
        EntryMeta {
            name: name.into(),
            address: "akash1abc".into(),
            account_index: 2,
            created: "2026-01-01T00:00:00Z".into(),
            kind: SecretKind::Mnemonic,
        }
    }

    fn pw(s: &str) -> SecretString {
        SecretString::from(s)
    }

    const FAST: KdfParams = KdfParams::INSECURE_FAST_FOR_TESTS;

    #[test]
    fn create_list_unlock_delete() {
        let tmp = tempfile::tempdir().unwrap();
        let ks = Keystore::new(tmp.path().join("keystore"));
        assert!(ks.list().unwrap().is_empty());
        let path = ks
            .create(meta("ops"), &pw("secret words"), &pw("pass"), FAST)
            .unwrap();
        assert_eq!(path, tmp.path().join("keystore/ops.json"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                fs::metadata(ks.dir()).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        let listed = ks.list().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].entry.as_ref().unwrap().meta(), &meta("ops"));
        let u = ks.unlock("ops", &pw("pass")).unwrap();
        assert_eq!(u.secret.expose_secret(), "secret words");
        assert!(!format!("{u:?}").contains("secret words"));
        // Only the entry is left in the directory: no temporary files.
        assert_eq!(fs::read_dir(ks.dir()).unwrap().count(), 1);
        ks.delete("ops").unwrap();
        assert!(matches!(
            ks.unlock("ops", &pw("pass")),
            Err(KeystoreError::NotFound { .. })
        ));
        assert!(matches!(
            ks.delete("ops"),
            Err(KeystoreError::NotFound { .. })
        ));
    }

    #[test]
    fn existing_entry_is_never_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let ks = Keystore::new(tmp.path());
        ks.create(meta("a"), &pw("first"), &pw("p"), FAST).unwrap();
        let before = fs::read(ks.path_for("a").unwrap()).unwrap();
        let err = ks
            .create(meta("a"), &pw("second"), &pw("p"), FAST)
            .unwrap_err();
        assert!(matches!(err, KeystoreError::AlreadyExists { .. }));
        assert_eq!(fs::read(ks.path_for("a").unwrap()).unwrap(), before);
        assert_eq!(fs::read_dir(ks.dir()).unwrap().count(), 1);
    }

    #[test]
    fn truncated_wrong_and_renamed_files_are_distinct_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let ks = Keystore::new(tmp.path());
        let path = ks.create(meta("a"), &pw("s"), &pw("p"), FAST).unwrap();
        assert!(matches!(
            ks.unlock("a", &pw("wrong")),
            Err(KeystoreError::WrongPassphrase { .. })
        ));
        let full = fs::read(&path).unwrap();
        fs::copy(&path, tmp.path().join("b.json")).unwrap();
        assert!(matches!(ks.read("b"), Err(KeystoreError::Corrupted { .. })));
        fs::write(&path, &full[..full.len() / 2]).unwrap();
        assert!(matches!(
            ks.unlock("a", &pw("p")),
            Err(KeystoreError::Truncated { .. })
        ));
        let listed = ks.list().unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|l| l.entry.is_err()));
    }

    #[test]
    fn names_are_validated_before_touching_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let ks = Keystore::new(tmp.path().join("ks"));
        assert!(matches!(
            ks.create(meta("../evil"), &pw("s"), &pw("p"), FAST),
            Err(KeystoreError::InvalidName(_))
        ));
        assert!(!tmp.path().join("ks").exists());
    }
}
