//! Encrypted keystore files for mnemonics and keys: Argon2id + XChaCha20-Poly1305.
//!
//! Each entry is one small versioned JSON file, `<dir>/<name>.json`, mode 0600 in a 0700
//! directory, written atomically (temporary file, fsync, link into place, directory fsync), so a
//! crash never leaves half a file and an existing entry is never overwritten. The file holds the
//! non-secret metadata in the clear (name, address, account index, creation time) so wallets can
//! be listed without the passphrase; the secret is sealed with a key derived from the passphrase
//! by Argon2id (64 MiB, t = 3, p = 1 by default), and the whole header (version 2: metadata, KDF
//! parameters, salt, nonce) is bound to it as associated data. KDF costs out of bounds are
//! refused before any key is derived. A wrong passphrase, a truncated file and a modified file are
//! distinct errors (the one exception, an edited salt, is explained in `entry.rs`'s docs).
//! Version 1 entries, written by earlier vmc, still open and are left as they are.
//!
//! Secrets travel as [`secrecy::SecretString`]: redacted in `Debug`, zeroized on drop.
//!
//! ```
//! use secrecy::{ExposeSecret, SecretString};
//! use vmc_keystore::{EntryMeta, KdfParams, Keystore, SecretKind};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let ks = Keystore::new(dir.path().join("keystore"));
//! let meta = EntryMeta {
//!     name: "ops".into(),
//!     address: "akash1…".into(),
//!     account_index: 0,
//!     created: "2026-01-01T00:00:00Z".into(),
//!     kind: SecretKind::Mnemonic,
//! };
//! let passphrase = SecretString::from("correct horse");
//! // Real entries use KdfParams::DEFAULT; the fast parameters keep this example quick.
//! ks.create(meta, &SecretString::from("twelve words …"), &passphrase,
//!           KdfParams::INSECURE_FAST_FOR_TESTS).unwrap();
//! assert_eq!(ks.read("ops").unwrap().meta().account_index, 0); // no passphrase needed
//! let unlocked = ks.unlock("ops", &passphrase).unwrap();
//! assert_eq!(unlocked.secret.expose_secret(), "twelve words …");
//! assert!(ks.unlock("ops", &SecretString::from("wrong")).is_err());
//! ```
//!
//! The OS keyring (feature `os-keyring` in the design) is not implemented; this file keystore is
//! the first-class store and works headless.

mod entry;
mod error;
mod kdf;
mod name;
mod store;

pub use entry::{EntryMeta, FORMAT_VERSION, Sealed, SecretKind};
pub use error::KeystoreError;
pub use kdf::{KdfParams, MAX_M_KIB, MAX_P, MAX_T, MAX_WORK, PROFILES_V2, SALT_LEN};
pub use name::{MAX_NAME_LEN, validate_name};
pub use store::{Keystore, Listed, Unlocked};
