use thiserror::Error;

/// What went wrong with a mnemonic, key, address or signature. Never carries secret material.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("the mnemonic has {0} words; it must have 12 or 24 (15, 18 and 21 are also accepted)")]
    WordCount(usize),
    #[error(
        "word {position} of the mnemonic is not in the BIP39 English word list (check its spelling)"
    )]
    UnknownWord {
        /// 1-based position of the offending word.
        position: usize,
    },
    #[error(
        "the mnemonic's checksum does not match: a word is wrong or the words are out of order"
    )]
    BadChecksum,
    #[error("invalid mnemonic: {0}")]
    InvalidMnemonic(String),
    #[error("key derivation failed: {0}")]
    Derivation(String),
    #[error("invalid public key: {0}")]
    InvalidPublicKey(String),
    #[error("invalid signature: {0}")]
    InvalidSignature(String),
    #[error("the signature does not verify against this public key")]
    SignatureMismatch,
    #[error("invalid address `{address}`: {reason}")]
    InvalidAddress { address: String, reason: String },
    #[error("the public key belongs to {actual}, not {expected}")]
    AddressMismatch { expected: String, actual: String },
}
