//! Pure Akash protocol layer: ids, coins, keys, messages, sign docs, JWT, certificates.
//!
//! * [`keys`]: BIP39 mnemonic → `m/44'/118'/0'/0/N` → secp256k1 → `akash1…`; RFC 6979 low-S signing.
//! * [`tx`]: SIGN_MODE_DIRECT transactions, the `@type` registry, Cosmos tx JSON both ways.
//! * [`ids`], [`coin`]: validated domain types over the `vmc_akash_proto` wire types.
//! * [`groups`]: `vmc_sdl::GroupSpec` → protobuf `GroupSpec`.
//! * [`rate`]: amounts in human units, prices per block → per hour / per month, runway.
//! * [`jwt`]: provider JWTs (ES256K, ES256KADR36). [`cert`]: legacy mTLS certificates.
//!
//! ```
//! use vmc_akash::keys::{Mnemonic, SigningKey};
//! let m = Mnemonic::parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").unwrap();
//! let key = SigningKey::from_mnemonic(&m, 0).unwrap();
//! assert!(key.address().starts_with("akash1"));
//! ```

pub mod cert;
pub mod coin;
pub mod groups;
pub mod ids;
pub mod jwt;
pub mod keys;
pub mod rate;
pub mod tx;

pub use coin::{Coin, CoinError, DecCoin, Denom};
pub use ids::{BidId, DeploymentId, GroupId, IdError, LeaseId, OrderId};
pub use vmc_akash_proto as proto;
