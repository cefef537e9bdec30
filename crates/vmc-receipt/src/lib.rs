//! Pure receipt records: canonical JSON (JCS), SHA-256 hash chain, verify, Merkle root.
