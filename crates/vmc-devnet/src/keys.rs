//! Addresses and keys: bech32 `akash` addresses from secp256k1 public keys, signature checks,
//! deterministic provider keys and mnemonic derivation (m/44'/118'/0'/0/i).

use k256::ecdsa::signature::Verifier;
use k256::ecdsa::{Signature, SigningKey, VerifyingKey};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

pub const PREFIX: &str = "akash";

/// bech32(`akash`, RIPEMD160(SHA256(compressed pubkey))).
pub fn address_of(pubkey33: &[u8]) -> String {
    let sha = Sha256::digest(pubkey33);
    let rip = Ripemd160::digest(sha);
    let hrp = bech32::Hrp::parse(PREFIX).expect("valid hrp");
    bech32::encode::<bech32::Bech32>(hrp, &rip).expect("20 bytes encode")
}

/// True when `addr` is a valid `akash1…` account address (20-byte payload).
pub fn valid_address(addr: &str) -> bool {
    match bech32::decode(addr) {
        Ok((hrp, data)) => hrp.as_str() == PREFIX && data.len() == 20,
        Err(_) => false,
    }
}

/// Verifies a 64-byte r‖s secp256k1 signature over SHA-256(msg). High-S is refused, as Cosmos does.
pub fn verify(pubkey33: &[u8], msg: &[u8], sig64: &[u8]) -> bool {
    let Ok(vk) = VerifyingKey::from_sec1_bytes(pubkey33) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(sig64) else {
        return false;
    };
    if sig.normalize_s().is_some() {
        return false;
    }
    vk.verify(msg, &sig).is_ok()
}

/// A key derived deterministically from the devnet seed and a label (simulated providers).
pub fn seeded_key(seed: u64, label: &str) -> SigningKey {
    let mut counter = 0u32;
    loop {
        let mut h = Sha256::new();
        h.update(b"vmc-devnet");
        h.update(seed.to_be_bytes());
        h.update(label.as_bytes());
        h.update(counter.to_be_bytes());
        if let Ok(k) = SigningKey::from_slice(&h.finalize()) {
            return k;
        }
        counter += 1;
    }
}

/// The key at m/44'/118'/0'/0/`index` of a BIP-39 mnemonic (empty passphrase).
pub fn mnemonic_key(mnemonic: &str, index: u32) -> Result<SigningKey, String> {
    let m = bip39::Mnemonic::parse(mnemonic).map_err(|e| format!("invalid mnemonic: {e}"))?;
    let seed = m.to_seed("");
    let path: bip32::DerivationPath = format!("m/44'/118'/0'/0/{index}")
        .parse()
        .map_err(|e| format!("bad path: {e}"))?;
    let xprv = bip32::XPrv::derive_from_path(seed, &path).map_err(|e| format!("derive: {e}"))?;
    SigningKey::from_slice(&xprv.private_key().to_bytes()).map_err(|e| format!("key: {e}"))
}

/// The compressed public key of a signing key.
pub fn pubkey33(key: &SigningKey) -> Vec<u8> {
    key.verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .to_vec()
}

/// Signs SHA-256(msg) with RFC 6979 and low-S, returning r‖s.
pub fn sign(key: &SigningKey, msg: &[u8]) -> Vec<u8> {
    use k256::ecdsa::signature::Signer;
    let sig: Signature = key.sign(msg);
    let sig = sig.normalize_s().unwrap_or(sig);
    sig.to_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_the_published_address() {
        let k = mnemonic_key(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
            0,
        )
        .unwrap();
        assert_eq!(
            address_of(&pubkey33(&k)),
            "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0"
        );
    }

    #[test]
    fn signatures_verify_and_tampering_fails() {
        let k = seeded_key(1, "x");
        let sig = sign(&k, b"hello");
        assert!(verify(&pubkey33(&k), b"hello", &sig));
        assert!(!verify(&pubkey33(&k), b"hellp", &sig));
    }
}
