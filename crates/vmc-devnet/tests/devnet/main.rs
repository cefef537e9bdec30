//! The devnet's integration tests, one binary (one link instead of one per file): each module is
//! one area, run alone with `cargo test -p vmc-devnet --test devnet <module>::`.

mod akash_support;
mod hetzner_support;
mod provider_support;

mod akash_conformance_tx;
mod akash_flow;
mod akash_js_sdk;
mod akash_pagination;
mod akash_rules;
mod akash_seed_and_version;
mod akash_tx_malleation;
mod hetzner_errors;
mod hetzner_faults;
mod hetzner_hcloud_cli;
mod hetzner_lifecycle;
mod hetzner_listing;
mod matching_agreement;
mod provider_auth;
mod provider_faults;
mod provider_flow;
mod provider_manifest;
mod provider_restart;
