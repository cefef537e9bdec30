//! Pure Akash protocol layer: ids, coins, keys, messages, sign docs, JWT, certificates.
//!
//! ```
//! use vmc_akash::keys::{Mnemonic, SigningKey};
//! let m = Mnemonic::parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").unwrap();
//! let key = SigningKey::from_mnemonic(&m, 0).unwrap();
//! assert!(key.address().starts_with("akash1"));
//! ```

pub mod keys;
