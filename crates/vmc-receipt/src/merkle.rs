//! A Merkle root over the receipt hashes, for anchoring the log elsewhere.
//!
//! The construction is RFC 6962 §2.1 (Certificate Transparency) with SHA-256:
//! the leaves are the 32 raw bytes of each receipt's `sha256`, in log order;
//! `MTH({}) = SHA-256("")`, `MTH({d}) = SHA-256(0x00 ‖ d)`, and for n > 1 with k the largest
//! power of two below n, `MTH(D[0..n]) = SHA-256(0x01 ‖ MTH(D[0..k]) ‖ MTH(D[k..n]))`.
//! The 0x00/0x01 prefixes keep a leaf from passing for an inner node.

use sha2::{Digest, Sha256};

/// The RFC 6962 Merkle tree hash of `leaves`.
pub fn merkle_root(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => Sha256::digest(b"").into(),
        1 => {
            let mut h = Sha256::new();
            h.update([0u8]);
            h.update(leaves[0]);
            h.finalize().into()
        }
        n => {
            let k = 1usize << (usize::BITS - 1 - (n - 1).leading_zeros());
            let mut h = Sha256::new();
            h.update([1u8]);
            h.update(merkle_root(&leaves[..k]));
            h.update(merkle_root(&leaves[k..]));
            h.finalize().into()
        }
    }
}
