//! Hetzner Cloud REST client.
