//! Local Akash network and Hetzner Cloud API speaking the real protocols.
pub mod hetzner;
