//! Pure Akash protocol layer: ids, coins, keys, messages, sign docs, JWT, certificates.
