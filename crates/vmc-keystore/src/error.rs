//! What can go wrong with a keystore entry. Every variant names the entry or file and never
//! contains secret material.

use std::path::PathBuf;

/// A keystore failure.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    /// The entry name is not usable as a file name.
    #[error(
        "invalid wallet name `{0}`: use 1 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit"
    )]
    InvalidName(String),
    /// No entry with this name.
    #[error("no keystore entry named `{name}` (looked for {path})")]
    NotFound { name: String, path: PathBuf },
    /// An entry with this name already exists; nothing was written.
    #[error("a keystore entry named `{name}` already exists ({path})")]
    AlreadyExists { name: String, path: PathBuf },
    /// The passphrase does not open this entry. An edited `kdf.salt` cannot be told apart from
    /// this (it changes the derived key just as a wrong passphrase does), and the message says so.
    #[error(
        "wrong passphrase for keystore entry `{name}` (an edited kdf.salt in its file would look the same)"
    )]
    WrongPassphrase { name: String },
    /// The passphrase is empty.
    #[error("the keystore passphrase is empty")]
    EmptyPassphrase,
    /// The file ends early (an interrupted copy, a full disk).
    #[error("keystore file {path} is truncated: {detail}")]
    Truncated { path: PathBuf, detail: String },
    /// The file is readable but not a valid keystore entry, or it was modified (an edited header,
    /// ciphertext or check value, or KDF costs out of range, refused before deriving a key).
    #[error("keystore file {path} is corrupted: {detail}")]
    Corrupted { path: PathBuf, detail: String },
    /// A keystore written by a newer vmc.
    #[error("keystore file {path} has version {found}; this vmc reads versions 1 to {supported}")]
    UnsupportedVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// The KDF parameters are outside what this crate accepts.
    #[error("invalid key-derivation parameters: {0}")]
    InvalidKdf(String),
    /// Reading or writing the file system failed.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl KeystoreError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        KeystoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
