//! The CLI's integration tests, one binary (one link of `vmc-cli` and the devnet instead of one
//! per file): each module is one area, run alone with `cargo test -p vmc-cli --test cli <module>::`.

mod akash_support;
mod common;
mod servers_support;

mod akash_deploy;
mod akash_deploy_crash;
mod akash_deploy_interactive;
mod akash_js_interop;
mod akash_mutations;
mod akash_reads;
mod akash_tx;
mod cli_foundation;
mod context_network;
mod devnet_cli;
mod eligibility_match;
mod exit_codes;
mod issue15_config_dir;
mod issue15_receipt_chain;
mod local_credentials;
mod local_embedded;
mod receipts_cli;
mod receipts_lock;
mod receipts_operations;
mod receipts_signing;
mod receipts_width;
mod sdl_cli;
mod secret_canary;
mod servers_bench_devnet;
mod servers_concurrency;
mod servers_faults;
mod servers_hcloud;
mod servers_hints;
mod servers_lifecycle;
mod templates_cli;
mod terminal_escapes;
mod wallet_cli;
