//! Akash chain REST, tx broadcast and provider gateway client.
