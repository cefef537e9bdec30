//! Argon2id key derivation: parameters and the derivation itself.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::KeystoreError;

/// Length of the random salt, in bytes.
pub const SALT_LEN: usize = 16;

/// Argon2id cost parameters, stored in every entry so old entries stay readable when the
/// defaults change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// Upper bounds, checked before any derivation (when reading a file and when sealing), so a
/// hostile file cannot make vmc allocate gigabytes or spin for minutes before failing.
///
/// They follow RFC 9106 and this crate's default: the RFC's second recommended option (and
/// vmc's [`KdfParams::DEFAULT`]) is 64 MiB with t = 3; 1 GiB of memory (16 × the default) and
/// 16 passes leave a wide margin above it. The RFC's first option (2 GiB, t = 1) is refused:
/// vmc never writes it, and a file asking for it costs gigabytes before it can fail.
pub const MAX_M_KIB: u32 = 1024 * 1024;
/// At most this many passes.
pub const MAX_T: u32 = 16;
/// At most this many lanes (the RFC recommends 4; vmc writes 1).
pub const MAX_P: u32 = 16;
/// At most this much work, memory × passes (in KiB·passes): 1 GiB once, about 5 × the default,
/// so the worst a file can ask for is a few seconds.
pub const MAX_WORK: u64 = 1024 * 1024;

/// The parameter sets a version 2 entry may carry: exactly the ones vmc writes. A file with any
/// other set was modified (a new set means a new format version), and is refused before any key
/// is derived. Editing one parameter can never reach another set (they differ in both `m_kib`
/// and `t`).
pub const PROFILES_V2: [KdfParams; 2] = [KdfParams::DEFAULT, KdfParams::INSECURE_FAST_FOR_TESTS];

impl KdfParams {
    /// The default for new entries: 64 MiB, 3 passes, 1 lane (memory-hard; ~0.2–0.5 s).
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };

    /// Weak parameters (256 KiB, 1 pass) that make tests fast. Never use them for real keys.
    pub const INSECURE_FAST_FOR_TESTS: KdfParams = KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    };

    /// Whether these parameters are weaker than [`KdfParams::DEFAULT`].
    pub fn is_weak(&self) -> bool {
        self.m_kib < Self::DEFAULT.m_kib || self.t < Self::DEFAULT.t
    }

    /// Whether a version 2 entry may carry these parameters ([`PROFILES_V2`]).
    pub fn is_v2_profile(&self) -> bool {
        PROFILES_V2.contains(self)
    }

    /// Checks the parameters are within the bounds Argon2 and this crate accept ([`MAX_M_KIB`],
    /// [`MAX_T`], [`MAX_P`], [`MAX_WORK`]); the error names the field and the bound.
    pub fn validate(&self) -> Result<(), KeystoreError> {
        let bad = |what: String| Err(KeystoreError::InvalidKdf(what));
        if self.p == 0 {
            return bad("kdf.p = 0 is out of range: at least 1".into());
        }
        if self.p > MAX_P {
            return bad(format!(
                "kdf.p = {} is out of range: at most {MAX_P}",
                self.p
            ));
        }
        if self.t == 0 {
            return bad("kdf.t = 0 is out of range: at least 1".into());
        }
        if self.t > MAX_T {
            return bad(format!(
                "kdf.t = {} is out of range: at most {MAX_T}",
                self.t
            ));
        }
        let min_m = 8 * self.p;
        if self.m_kib < min_m {
            return bad(format!(
                "kdf.m_kib = {} is out of range: at least {min_m} (8 × kdf.p)",
                self.m_kib
            ));
        }
        if self.m_kib > MAX_M_KIB {
            return bad(format!(
                "kdf.m_kib = {} is out of range: at most {MAX_M_KIB} (1 GiB)",
                self.m_kib
            ));
        }
        let work = u64::from(self.m_kib) * u64::from(self.t);
        if work > MAX_WORK {
            return bad(format!(
                "kdf.m_kib × kdf.t = {work} is too much work: at most {MAX_WORK} (1 GiB × 1 pass)"
            ));
        }
        Ok(())
    }

    /// Derives 64 bytes from the passphrase: the first 32 are the AEAD key, the last 32 a
    /// check value stored in the file so a wrong passphrase is told apart from a modified file.
    pub(crate) fn derive(
        &self,
        passphrase: &[u8],
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; 64]>, KeystoreError> {
        self.validate()?;
        let params = argon2::Params::new(self.m_kib, self.t, self.p, Some(64))
            .map_err(|e| KeystoreError::InvalidKdf(e.to_string()))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 64]);
        argon
            .hash_password_into(passphrase, salt, out.as_mut())
            .map_err(|e| KeystoreError::InvalidKdf(e.to_string()))?;
        Ok(out)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_enforced() {
        assert!(KdfParams::DEFAULT.validate().is_ok());
        assert!(KdfParams::INSECURE_FAST_FOR_TESTS.validate().is_ok());
        assert!(
            KdfParams {
                m_kib: 4,
                t: 1,
                p: 1
            }
            .validate()
            .is_err()
        );
        assert!(
            KdfParams {
                m_kib: 1024,
                t: 0,
                p: 1
            }
            .validate()
            .is_err()
        );
        assert!(
            KdfParams {
                m_kib: 1024,
                t: 1,
                p: 0
            }
            .validate()
            .is_err()
        );
        assert!(
            KdfParams {
                m_kib: u32::MAX,
                t: 1,
                p: 1
            }
            .validate()
            .is_err()
        );
        assert!(KdfParams::INSECURE_FAST_FOR_TESTS.is_weak());
        assert!(!KdfParams::DEFAULT.is_weak());
    }

    #[test]
    fn derivation_depends_on_passphrase_and_salt() {
        let p = KdfParams::INSECURE_FAST_FOR_TESTS;
        let a = p.derive(b"one", &[1; SALT_LEN]).unwrap();
        let b = p.derive(b"two", &[1; SALT_LEN]).unwrap();
        let c = p.derive(b"one", &[2; SALT_LEN]).unwrap();
        let a2 = p.derive(b"one", &[1; SALT_LEN]).unwrap();
        assert_eq!(*a, *a2);
        assert_ne!(*a, *b);
        assert_ne!(*a, *c);
    }
}
