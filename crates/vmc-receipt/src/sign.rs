//! The signature hook. This crate knows no key type: a caller implements [`ReceiptSigner`] (the
//! CLI with the Akash wallet's secp256k1 key) and [`SignatureVerifier`], and both see only the
//! 32-byte receipt digest.

use serde::{Deserialize, Serialize};

use crate::Receipt;

/// Who signed a receipt: a scheme name (e.g. `secp256k1`) and the hex public key. Part of the
/// hashed record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerInfo {
    pub scheme: String,
    pub pubkey: String,
}

impl SignerInfo {
    /// The public key bytes (None if `pubkey` is not hex).
    pub fn pubkey_bytes(&self) -> Option<Vec<u8>> {
        hex::decode(&self.pubkey).ok()
    }
}

impl Receipt {
    /// The signature bytes (None if unsigned or not hex).
    pub fn signature_bytes(&self) -> Option<Vec<u8>> {
        self.signature.as_ref().and_then(|s| hex::decode(s).ok())
    }
}

/// Signs receipt digests.
pub trait ReceiptSigner {
    /// Scheme name stored in `signer.scheme`.
    fn scheme(&self) -> &str;
    /// Public key bytes, stored hex-encoded in `signer.pubkey`.
    fn public_key(&self) -> Vec<u8>;
    /// Signature bytes over the 32-byte digest, stored hex-encoded in `signature`.
    fn sign(&self, digest: &[u8; 32]) -> Vec<u8>;
    /// The `signer` field.
    fn info(&self) -> SignerInfo {
        SignerInfo {
            scheme: self.scheme().to_string(),
            pubkey: hex::encode(self.public_key()),
        }
    }
}

/// Checks signatures. `receipt` carries `signer`, `signature` and `actor` (so a verifier can also
/// check that the key belongs to the actor's address); `digest` is the recomputed hash.
pub trait SignatureVerifier {
    /// `Err(reason)` when the signature is wrong or the scheme unknown.
    fn verify(&self, receipt: &Receipt, digest: &[u8; 32]) -> Result<(), String>;
}
