//! Protobuf wire types (prost) for the Akash and Cosmos messages vmc sends and reads.
//!
//! The structs are written by hand from the field tables in `akash-protocol.md` §2.3–§2.4 and §4
//! (no `.proto` files, no build script). Every transaction message implements [`TypeUrl`].
//! All types also (de)serialize in the Cosmos proto3 JSON form (snake_case names, 64-bit
//! integers as strings, bytes as base64, enums by name, LegacyDec amounts as 18-decimal text,
//! `ResourceValue.val` as decimal text, durations as `"3600s"`).
//!
//! ```
//! use prost::Message;
//! use vmc_akash_proto::{TypeUrl, deployment::{DeploymentId, MsgCloseDeployment}, cosmos::Any};
//! let msg = MsgCloseDeployment {
//!     id: Some(DeploymentId { owner: "akash1…".into(), dseq: 7 }),
//! };
//! let any = Any::pack(&msg);
//! assert_eq!(any.type_url, MsgCloseDeployment::TYPE_URL);
//! assert_eq!(MsgCloseDeployment::decode(any.value.as_slice()).unwrap(), msg);
//! ```

pub mod base;
pub mod bme;
pub mod cert;
pub mod cosmos;
pub mod deployment;
pub mod escrow;
pub mod legacy_dec;
pub mod market;
pub mod provider;
pub mod serde_helpers;

/// The `google.protobuf.Any` type URL of a message (`/package.Name`).
pub trait TypeUrl {
    const TYPE_URL: &'static str;
}

/// Implement [`TypeUrl`] for a message.
#[macro_export]
macro_rules! type_url {
    ($t:ty, $url:literal) => {
        impl $crate::TypeUrl for $t {
            const TYPE_URL: &'static str = $url;
        }
    };
}
