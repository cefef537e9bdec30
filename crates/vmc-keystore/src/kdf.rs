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

/// Upper bounds accepted when *reading* a file, so a hostile file cannot make vmc allocate
/// unbounded memory or spin for hours.
const MAX_M_KIB: u32 = 4 * 1024 * 1024;
const MAX_T: u32 = 64;
const MAX_P: u32 = 16;

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

    /// Checks the parameters are within the bounds Argon2 and this crate accept.
    pub fn validate(&self) -> Result<(), KeystoreError> {
        if self.p == 0 || self.p > MAX_P {
            return Err(KeystoreError::InvalidKdf(format!(
                "p = {} (must be 1..={MAX_P})",
                self.p
            )));
        }
        if self.t == 0 || self.t > MAX_T {
            return Err(KeystoreError::InvalidKdf(format!(
                "t = {} (must be 1..={MAX_T})",
                self.t
            )));
        }
        let min_m = 8 * self.p;
        if self.m_kib < min_m || self.m_kib > MAX_M_KIB {
            return Err(KeystoreError::InvalidKdf(format!(
                "m = {} KiB (must be {min_m}..={MAX_M_KIB})",
                self.m_kib
            )));
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
