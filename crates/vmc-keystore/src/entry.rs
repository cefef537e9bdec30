//! One sealed keystore entry: the versioned JSON envelope, sealing and opening.
//!
//! ```json
//! {
//!   "version": 2,
//!   "name": "ops", "address": "akash1…", "account_index": 0,
//!   "created": "2026-01-01T00:00:00Z", "kind": "mnemonic",
//!   "kdf": {"alg": "argon2id", "m_kib": 65536, "t": 3, "p": 1, "salt": "…", "check": "…"},
//!   "cipher": {"alg": "xchacha20poly1305", "nonce": "…", "ciphertext": "…"}
//! }
//! ```
//!
//! Argon2id turns the passphrase and salt into 64 bytes: the first 32 are the XChaCha20-Poly1305
//! key, the last 32 are `check`.
//!
//! # What is authenticated, and how a modified file is told apart from a wrong passphrase
//!
//! * **Version 2** (written since issue 15): the associated data of the AEAD is the whole header,
//!   every field but `kdf.check` and `cipher.ciphertext` (version, name, address, account index,
//!   creation time, kind, both algorithms, `m_kib`, `t`, `p`, salt and nonce), in a fixed order.
//!   The KDF parameters must be one of [`crate::PROFILES_V2`], the sets vmc writes; any
//!   other set is refused as modified before a key is derived.
//! * **Version 1** (earlier vmc): the associated data is the version, the metadata and
//!   `m_kib`/`t`/`p`. Version 1 entries still open and are never rewritten (the keystore has no
//!   write path for an existing entry); delete and import the wallet again to get version 2.
//!
//! In both versions the KDF parameters are checked against the cost bounds
//! ([`KdfParams::validate`]) when the file is parsed, before any derivation.
//!
//! Opening derives the key under the file's parameters, then uses two independent checks, the
//! stored `check` and the AEAD tag (both keyed by the passphrase):
//!
//! | `check` | AEAD | meaning | error |
//! |---|---|---|---|
//! | matches | opens | the secret | — |
//! | matches | fails | right passphrase, something the AEAD covers was edited | `Corrupted` |
//! | differs | opens | right passphrase, `kdf.check` was edited | `Corrupted` |
//! | differs | fails | wrong passphrase, *or* an edited salt (or a swap to the other whole profile) | `WrongPassphrase` |
//!
//! The last row cannot be split: anything that feeds the derivation changes the key exactly as a
//! wrong passphrase does, and telling them apart would need a second derivation that does not
//! depend on those fields (doubling the cost of every unlock, and still leaving its own salt in
//! the same position). So the wrong-passphrase message says that an edited salt looks the same.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::KeystoreError;
use crate::kdf::{KdfParams, SALT_LEN};

/// The envelope version this crate writes. It reads this one and version 1.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest version this crate reads.
const OLDEST_VERSION: u32 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const KDF_ALG: &str = "argon2id";
const CIPHER_ALG: &str = "xchacha20poly1305";

/// What kind of secret an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// A BIP39 mnemonic (an Akash wallet).
    Mnemonic,
    /// A PEM private key (e.g. a legacy mTLS client certificate key).
    PrivateKeyPem,
    /// A Hetzner Cloud API token (`vmc context set-token`); `address` is empty.
    #[serde(rename = "hetzner-token")]
    HetznerToken,
}

/// The non-secret description of an entry, readable without the passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryMeta {
    pub name: String,
    /// The `akash1…` address the secret derives to.
    pub address: String,
    /// The BIP44 account index (`m/44'/118'/0'/0/N`).
    pub account_index: u32,
    /// When the entry was created (RFC 3339).
    pub created: String,
    pub kind: SecretKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KdfSection {
    alg: String,
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
    check: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CipherSection {
    alg: String,
    nonce: String,
    ciphertext: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileForm {
    version: u32,
    name: String,
    address: String,
    account_index: u32,
    created: String,
    kind: SecretKind,
    kdf: KdfSection,
    cipher: CipherSection,
}

/// Version 1's associated data: the version, the metadata and the KDF costs.
#[derive(Serialize)]
struct AadV1<'a> {
    version: u32,
    meta: &'a EntryMeta,
    kdf: KdfParams,
}

/// Version 2's associated data: the whole header but `kdf.check` (checked on its own, see the
/// module docs) and the ciphertext, in a fixed order, after a domain string.
#[derive(Serialize)]
struct AadV2<'a> {
    domain: &'static str,
    version: u32,
    name: &'a str,
    address: &'a str,
    account_index: u32,
    created: &'a str,
    kind: SecretKind,
    kdf_alg: &'static str,
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
    cipher_alg: &'static str,
    nonce: String,
}

/// An encrypted entry, as stored on disk. Holds no plaintext secret.
#[derive(Debug, Clone)]
pub struct Sealed {
    version: u32,
    meta: EntryMeta,
    params: KdfParams,
    salt: Vec<u8>,
    check: Vec<u8>,
    nonce: [u8; NONCE_LEN],
    ciphertext: Vec<u8>,
}

impl Sealed {
    /// Encrypts `secret` under `passphrase` with fresh random salt and nonce.
    pub fn seal(
        meta: EntryMeta,
        secret: &SecretString,
        passphrase: &SecretString,
        params: KdfParams,
    ) -> Result<Self, KeystoreError> {
        if passphrase.expose_secret().is_empty() {
            return Err(KeystoreError::EmptyPassphrase);
        }
        params.validate()?;
        if !params.is_v2_profile() {
            return Err(KeystoreError::InvalidKdf(format!(
                "m_kib = {}, t = {}, p = {} is not a parameter set vmc writes \
                 (use KdfParams::DEFAULT)",
                params.m_kib, params.t, params.p
            )));
        }
        let mut rng = rand::rngs::OsRng;
        let mut salt = vec![0u8; SALT_LEN];
        rng.fill_bytes(&mut salt);
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill_bytes(&mut nonce);
        let derived = params.derive(passphrase.expose_secret().as_bytes(), &salt)?;
        let aad = aad_bytes(FORMAT_VERSION, &meta, params, &salt, &nonce);
        let cipher = XChaCha20Poly1305::new_from_slice(&derived[..32])
            .map_err(|e| KeystoreError::InvalidKdf(e.to_string()))?;
        let ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret.expose_secret().as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| KeystoreError::InvalidKdf("encryption failed".into()))?;
        Ok(Sealed {
            version: FORMAT_VERSION,
            meta,
            params,
            salt,
            check: derived[32..].to_vec(),
            nonce,
            ciphertext,
        })
    }

    /// Decrypts the secret. A wrong passphrase and a modified file are distinct errors (see the
    /// module docs for the one case they cannot be told apart).
    pub fn open(&self, passphrase: &SecretString) -> Result<SecretString, KeystoreError> {
        self.open_at(passphrase, Path::new("<memory>"))
    }

    pub(crate) fn open_at(
        &self,
        passphrase: &SecretString,
        path: &Path,
    ) -> Result<SecretString, KeystoreError> {
        let derived = self
            .params
            .derive(passphrase.expose_secret().as_bytes(), &self.salt)?;
        let check_ok = constant_time_eq(&derived[32..], &self.check);
        let aad = aad_bytes(
            self.version,
            &self.meta,
            self.params,
            &self.salt,
            &self.nonce,
        );
        let cipher = XChaCha20Poly1305::new_from_slice(&derived[..32])
            .map_err(|e| KeystoreError::InvalidKdf(e.to_string()))?;
        let opened = cipher.decrypt(
            XNonce::from_slice(&self.nonce),
            Payload {
                msg: &self.ciphertext,
                aad: &aad,
            },
        );
        let plain = match (check_ok, opened) {
            (true, Ok(plain)) => Zeroizing::new(plain),
            (true, Err(_)) => {
                return Err(corrupted(
                    path,
                    "authentication failed under the right passphrase: the file was modified \
                     (its header or its ciphertext)",
                ));
            }
            (false, Ok(plain)) => {
                drop(Zeroizing::new(plain));
                return Err(corrupted(
                    path,
                    "kdf.check was modified (the passphrase is right, but the check value \
                     does not match it)",
                ));
            }
            (false, Err(_)) => {
                return Err(KeystoreError::WrongPassphrase {
                    name: self.meta.name.clone(),
                });
            }
        };
        let text = std::str::from_utf8(&plain)
            .map_err(|_| corrupted(path, "the decrypted secret is not UTF-8"))?;
        // Copy into an exact-size box so no spare capacity holds an unzeroized copy.
        Ok(SecretString::from(Box::<str>::from(text)))
    }

    /// The non-secret metadata.
    pub fn meta(&self) -> &EntryMeta {
        &self.meta
    }

    /// The envelope version of this entry (1 for entries written before issue 15, else 2).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The KDF parameters this entry was sealed with.
    pub fn kdf(&self) -> KdfParams {
        self.params
    }

    /// The file form (pretty JSON with a trailing newline).
    pub fn to_json(&self) -> String {
        let form = FileForm {
            version: self.version,
            name: self.meta.name.clone(),
            address: self.meta.address.clone(),
            account_index: self.meta.account_index,
            created: self.meta.created.clone(),
            kind: self.meta.kind,
            kdf: KdfSection {
                alg: KDF_ALG.into(),
                m_kib: self.params.m_kib,
                t: self.params.t,
                p: self.params.p,
                salt: B64.encode(&self.salt),
                check: B64.encode(&self.check),
            },
            cipher: CipherSection {
                alg: CIPHER_ALG.into(),
                nonce: B64.encode(self.nonce),
                ciphertext: B64.encode(&self.ciphertext),
            },
        };
        let mut s = serde_json::to_string_pretty(&form).expect("plain struct serializes");
        s.push('\n');
        s
    }

    /// Parses the file form. `path` is only used in error messages.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Self, KeystoreError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(KeystoreError::Truncated {
                path: path.to_path_buf(),
                detail: "the file is empty".into(),
            });
        }
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
            if e.classify() == serde_json::error::Category::Eof {
                KeystoreError::Truncated {
                    path: path.to_path_buf(),
                    detail: format!("the JSON ends early ({e})"),
                }
            } else {
                corrupted(path, &format!("not valid JSON ({e})"))
            }
        })?;
        let version = value
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| corrupted(path, "no numeric `version` field"))?;
        let version = match u32::try_from(version) {
            Ok(v) if (OLDEST_VERSION..=FORMAT_VERSION).contains(&v) => v,
            _ => {
                return Err(KeystoreError::UnsupportedVersion {
                    path: path.to_path_buf(),
                    found: u32::try_from(version).unwrap_or(u32::MAX),
                    supported: FORMAT_VERSION,
                });
            }
        };
        let form: FileForm = serde_json::from_value(value)
            .map_err(|e| corrupted(path, &format!("unexpected layout ({e})")))?;
        if form.kdf.alg != KDF_ALG {
            return Err(corrupted(
                path,
                &format!("unknown KDF `{}` (expected {KDF_ALG})", form.kdf.alg),
            ));
        }
        if form.cipher.alg != CIPHER_ALG {
            return Err(corrupted(
                path,
                &format!(
                    "unknown cipher `{}` (expected {CIPHER_ALG})",
                    form.cipher.alg
                ),
            ));
        }
        let params = KdfParams {
            m_kib: form.kdf.m_kib,
            t: form.kdf.t,
            p: form.kdf.p,
        };
        // Before anything can derive a key: a hostile cost is refused here, naming the field.
        params.validate().map_err(|e| match e {
            KeystoreError::InvalidKdf(what) => corrupted(
                path,
                &format!("{what}; refused before deriving a key (the file was modified, or not written by vmc)"),
            ),
            other => other,
        })?;
        if version >= 2 && !params.is_v2_profile() {
            let sets = crate::kdf::PROFILES_V2
                .iter()
                .map(|k| format!("{}/{}/{}", k.m_kib, k.t, k.p))
                .collect::<Vec<_>>()
                .join(" or ");
            return Err(corrupted(
                path,
                &format!(
                    "kdf.m_kib/t/p = {}/{}/{} is not a parameter set vmc writes ({sets}): the \
                     file was modified; refused before deriving a key",
                    params.m_kib, params.t, params.p
                ),
            ));
        }
        let salt = decode(path, "kdf.salt", &form.kdf.salt)?;
        if salt.len() < 8 {
            return Err(corrupted(path, "kdf.salt is shorter than 8 bytes"));
        }
        let check = decode(path, "kdf.check", &form.kdf.check)?;
        if check.len() != 32 {
            return Err(corrupted(path, "kdf.check is not 32 bytes"));
        }
        let nonce: [u8; NONCE_LEN] = decode(path, "cipher.nonce", &form.cipher.nonce)?
            .try_into()
            .map_err(|_| corrupted(path, "cipher.nonce is not 24 bytes"))?;
        let ciphertext = decode(path, "cipher.ciphertext", &form.cipher.ciphertext)?;
        if ciphertext.len() <= TAG_LEN {
            return Err(corrupted(path, "cipher.ciphertext is too short"));
        }
        Ok(Sealed {
            version,
            meta: EntryMeta {
                name: form.name,
                address: form.address,
                account_index: form.account_index,
                created: form.created,
                kind: form.kind,
            },
            params,
            salt,
            check,
            nonce,
            ciphertext,
        })
    }
}

fn aad_bytes(
    version: u32,
    meta: &EntryMeta,
    kdf: KdfParams,
    salt: &[u8],
    nonce: &[u8; NONCE_LEN],
) -> Vec<u8> {
    let bytes = if version == 1 {
        serde_json::to_vec(&AadV1 { version, meta, kdf })
    } else {
        serde_json::to_vec(&AadV2 {
            domain: "vmc-keystore entry header",
            version,
            name: &meta.name,
            address: &meta.address,
            account_index: meta.account_index,
            created: &meta.created,
            kind: meta.kind,
            kdf_alg: KDF_ALG,
            m_kib: kdf.m_kib,
            t: kdf.t,
            p: kdf.p,
            salt: B64.encode(salt),
            cipher_alg: CIPHER_ALG,
            nonce: B64.encode(nonce),
        })
    };
    bytes.expect("plain struct serializes")
}

/// Compares without an early exit (the check value is keyed by the passphrase).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn decode(path: &Path, field: &str, text: &str) -> Result<Vec<u8>, KeystoreError> {
    B64.decode(text)
        .map_err(|e| corrupted(path, &format!("{field} is not base64 ({e})")))
}

fn corrupted(path: &Path, detail: &str) -> KeystoreError {
    KeystoreError::Corrupted {
        path: PathBuf::from(path),
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "canary words that must stay secret";

    fn meta() -> EntryMeta {
        EntryMeta {
            name: "t".into(),
            address: "akash1xyz".into(),
            account_index: 0,
            created: "2026-01-01T00:00:00Z".into(),
            kind: SecretKind::Mnemonic,
        }
    }

    fn sealed() -> Sealed {
        Sealed::seal(
            meta(),
            &SecretString::from(SECRET),
            &SecretString::from("pw"),
            KdfParams::INSECURE_FAST_FOR_TESTS,
        )
        .unwrap()
    }

    #[test]
    fn round_trips_through_json() {
        let s = sealed();
        let json = s.to_json();
        assert!(!json.contains(SECRET));
        assert!(!json.contains("canary"));
        let back = Sealed::parse(json.as_bytes(), Path::new("x")).unwrap();
        assert_eq!(back.meta(), &meta());
        let plain = back.open(&SecretString::from("pw")).unwrap();
        assert_eq!(plain.expose_secret(), SECRET);
    }

    #[test]
    fn fresh_salt_and_nonce_each_time() {
        assert_ne!(sealed().to_json(), sealed().to_json());
    }

    #[test]
    fn wrong_passphrase_is_named() {
        let err = sealed().open(&SecretString::from("nope")).unwrap_err();
        assert!(
            matches!(err, KeystoreError::WrongPassphrase { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn empty_passphrase_is_refused() {
        let err = Sealed::seal(
            meta(),
            &SecretString::from(SECRET),
            &SecretString::from(""),
            KdfParams::INSECURE_FAST_FOR_TESTS,
        )
        .unwrap_err();
        assert!(matches!(err, KeystoreError::EmptyPassphrase));
    }

    #[test]
    fn edited_metadata_fails_to_open() {
        let json = sealed().to_json().replace("akash1xyz", "akash1evil");
        let back = Sealed::parse(json.as_bytes(), Path::new("x")).unwrap();
        let err = back.open(&SecretString::from("pw")).unwrap_err();
        assert!(matches!(err, KeystoreError::Corrupted { .. }), "{err:?}");
    }

    #[test]
    fn every_truncation_is_an_error() {
        let json = sealed().to_json();
        let bytes = json.trim_end().as_bytes();
        for cut in 0..bytes.len() {
            match Sealed::parse(&bytes[..cut], Path::new("x")) {
                Err(KeystoreError::Truncated { .. }) | Err(KeystoreError::Corrupted { .. }) => {}
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
        // A cut in the middle of the ciphertext is reported as truncation.
        let mid = json.find("\"ciphertext\"").unwrap() + 20;
        assert!(matches!(
            Sealed::parse(&bytes[..mid], Path::new("x")),
            Err(KeystoreError::Truncated { .. })
        ));
    }

    #[test]
    fn unknown_version_and_garbage() {
        let json = sealed()
            .to_json()
            .replace("\"version\": 2", "\"version\": 9");
        assert!(matches!(
            Sealed::parse(json.as_bytes(), Path::new("x")),
            Err(KeystoreError::UnsupportedVersion { found: 9, .. })
        ));
        assert!(matches!(
            Sealed::parse(b"hello", Path::new("x")),
            Err(KeystoreError::Corrupted { .. })
        ));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let s = SecretString::from(SECRET);
        assert!(!format!("{s:?}").contains("canary"));
        assert!(format!("{s:?}").contains("REDACTED"));
    }
}
