use std::fmt;

use bip32::{DerivationPath, XPrv};
use k256::ecdsa::signature::{Signer, Verifier};
use k256::ecdsa::{Signature, VerifyingKey};

use super::{ACCOUNT_PREFIX, KeyError, Mnemonic, address_from_pubkey};

/// The Cosmos HD path for account index `n`: `m/44'/118'/0'/0/n`.
pub fn hd_path(account_index: u32) -> String {
    format!("m/44'/118'/0'/0/{account_index}")
}

/// A secp256k1 private key. Debug/Display redact; the scalar is wiped on drop (k256 zeroizes).
#[derive(Clone)]
pub struct SigningKey {
    key: k256::ecdsa::SigningKey,
    pubkey: [u8; 33],
}

impl SigningKey {
    /// Derive the key at `m/44'/118'/0'/0/{account_index}` from a mnemonic (empty BIP39 passphrase).
    pub fn from_mnemonic(mnemonic: &Mnemonic, account_index: u32) -> Result<SigningKey, KeyError> {
        let seed = mnemonic.seed();
        let path: DerivationPath = hd_path(account_index)
            .parse()
            .map_err(|e: bip32::Error| KeyError::Derivation(e.to_string()))?;
        let xprv = XPrv::derive_from_path(&seed[..], &path)
            .map_err(|e| KeyError::Derivation(e.to_string()))?;
        Ok(SigningKey::from_k256(xprv.private_key().clone()))
    }

    /// From 32 raw secret-key bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<SigningKey, KeyError> {
        let key = k256::ecdsa::SigningKey::from_bytes(bytes.into())
            .map_err(|_| KeyError::Derivation("not a valid secp256k1 secret key".into()))?;
        Ok(SigningKey::from_k256(key))
    }

    fn from_k256(key: k256::ecdsa::SigningKey) -> SigningKey {
        let point = key.verifying_key().to_encoded_point(true);
        let mut pubkey = [0u8; 33];
        pubkey.copy_from_slice(point.as_bytes());
        SigningKey { key, pubkey }
    }

    /// The 33-byte compressed public key.
    pub fn public_key_compressed(&self) -> [u8; 33] {
        self.pubkey
    }

    /// The `akash1…` address.
    pub fn address(&self) -> String {
        self.address_with_prefix(ACCOUNT_PREFIX)
    }

    /// The address with another bech32 prefix.
    pub fn address_with_prefix(&self, prefix: &str) -> String {
        address_from_pubkey(&self.pubkey, prefix).unwrap_or_default()
    }

    /// ECDSA over SHA-256(`msg`): deterministic (RFC 6979), low-S, 64 bytes `r‖s`
    /// (what Cosmos `secp256k1.PrivKey.Sign` produces).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        let sig: Signature = self.key.sign(msg);
        let sig = sig.normalize_s().unwrap_or(sig);
        sig.to_bytes().into()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey([REDACTED] {})", self.address())
    }
}

impl fmt::Display for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED private key]")
    }
}

/// Verify a 64-byte `r‖s` signature over SHA-256(`msg`) with a 33-byte compressed public key.
/// High-S signatures are refused (as the Cosmos SDK does).
pub fn verify_signature(pubkey: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), KeyError> {
    let vk = VerifyingKey::from_sec1_bytes(pubkey)
        .map_err(|_| KeyError::InvalidPublicKey("not a secp256k1 SEC1 point".into()))?;
    if sig.len() != 64 {
        return Err(KeyError::InvalidSignature(format!(
            "{} bytes, expected 64 (r‖s)",
            sig.len()
        )));
    }
    let sig = Signature::from_slice(sig).map_err(|e| KeyError::InvalidSignature(e.to_string()))?;
    if sig.normalize_s().is_some() {
        return Err(KeyError::InvalidSignature("high-S signature".into()));
    }
    vk.verify(msg, &sig)
        .map_err(|_| KeyError::SignatureMismatch)
}

/// Verify a signature and that `pubkey` hashes to `address`.
pub fn verify_signature_for_address(
    address: &str,
    pubkey: &[u8; 33],
    msg: &[u8],
    sig: &[u8],
) -> Result<(), KeyError> {
    let (prefix, _) = super::decode_address(address)?;
    let actual = address_from_pubkey(pubkey, &prefix)?;
    if actual != address {
        return Err(KeyError::AddressMismatch {
            expected: address.to_string(),
            actual,
        });
    }
    verify_signature(pubkey, msg, sig)
}
