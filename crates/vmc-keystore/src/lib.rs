//! Encrypted keystore files (argon2id + XChaCha20-Poly1305) for mnemonics and keys.
