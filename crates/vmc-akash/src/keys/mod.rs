//! Keys: BIP39 mnemonic → BIP32 `m/44'/118'/0'/0/N` → secp256k1 → bech32 `akash1…`.
//!
//! ```
//! use vmc_akash::keys::{Mnemonic, SigningKey, verify_signature};
//! let m = Mnemonic::parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").unwrap();
//! let key = SigningKey::from_mnemonic(&m, 0).unwrap();
//! assert_eq!(key.address(), "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0");
//! let sig = key.sign(b"hello");
//! verify_signature(&key.public_key_compressed(), b"hello", &sig).unwrap();
//! ```

mod address;
mod error;
mod mnemonic;
mod signing;

pub use address::{
    ACCOUNT_PREFIX, address_bytes_from_pubkey, address_from_pubkey, decode_address,
    validate_address,
};
pub use error::KeyError;
pub use mnemonic::Mnemonic;
pub use signing::{SigningKey, hd_path, verify_signature, verify_signature_for_address};
