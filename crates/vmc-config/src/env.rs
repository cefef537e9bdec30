//! Every environment variable vmc reads, in one place. `docs/environment.md` lists the same.

/// One documented environment variable.
#[derive(Debug, Clone, Copy)]
pub struct EnvVar {
    pub name: &'static str,
    pub doc: &'static str,
}

pub const VMC_CONFIG: &str = "VMC_CONFIG";
pub const VMC_CONTEXT: &str = "VMC_CONTEXT";
pub const VMC_OUTPUT: &str = "VMC_OUTPUT";
pub const VMC_CONFIG_DIR: &str = "VMC_CONFIG_DIR";
pub const VMC_DATA_DIR: &str = "VMC_DATA_DIR";
pub const VMC_NOW: &str = "VMC_NOW";
pub const VMC_SEED: &str = "VMC_SEED";
pub const VMC_KEYSTORE_PASSPHRASE: &str = "VMC_KEYSTORE_PASSPHRASE";
pub const VMC_KEYSTORE_INSECURE_FAST_KDF: &str = "VMC_KEYSTORE_INSECURE_FAST_KDF";
pub const VMC_LOCK_TIMEOUT: &str = "VMC_LOCK_TIMEOUT";
pub const VMC_DEVNET_ADDR: &str = "VMC_DEVNET_ADDR";
pub const VMC_HETZNER_ENDPOINT: &str = "VMC_HETZNER_ENDPOINT";
pub const VMC_CHAIN_ID: &str = "VMC_CHAIN_ID";
pub const VMC_CONFORMANCE_DIR: &str = "VMC_CONFORMANCE_DIR";
pub const VMC_LOG: &str = "VMC_LOG";
pub const AKASH_WALLET_ADDRESS: &str = "AKASH_WALLET_ADDRESS";
pub const AKASH_MNEMONIC: &str = "AKASH_MNEMONIC";
pub const AKASH_NETWORK: &str = "AKASH_NETWORK";
pub const AKASH_REST_ENDPOINT: &str = "AKASH_REST_ENDPOINT";
pub const HCLOUD_TOKEN: &str = "HCLOUD_TOKEN";
pub const NO_COLOR: &str = "NO_COLOR";

pub const ALL: &[EnvVar] = &[
    EnvVar {
        name: VMC_CONFIG,
        doc: "Path of the config file (default: $XDG_CONFIG_HOME/vmc/config.toml). Same as --config.",
    },
    EnvVar {
        name: VMC_CONTEXT,
        doc: "Context to use. Same as --context; beats `current_context` in the config.",
    },
    EnvVar {
        name: VMC_OUTPUT,
        doc: "Default output format: table, json, yaml or jsonl. Same as -o.",
    },
    EnvVar {
        name: VMC_CONFIG_DIR,
        doc: "Directory for the config file (default: $XDG_CONFIG_HOME/vmc).",
    },
    EnvVar {
        name: VMC_DATA_DIR,
        doc: "Directory for receipts, the lock, the keystore and devnet state (default: $XDG_DATA_HOME/vmc).",
    },
    EnvVar {
        name: VMC_NOW,
        doc: "Fixed clock for tests, RFC 3339 (e.g. 2026-01-01T00:00:00Z).",
    },
    EnvVar {
        name: VMC_SEED,
        doc: "Fixed random seed for tests (devnet ids, generated names).",
    },
    EnvVar {
        name: VMC_KEYSTORE_PASSPHRASE,
        doc: "Passphrase of the encrypted keystore, for non-interactive use. Leaks to child processes: prefer the prompt.",
    },
    EnvVar {
        name: VMC_KEYSTORE_INSECURE_FAST_KDF,
        doc: "Tests only: `1` writes keystore entries with weak, fast argon2id parameters (256 KiB, t=1). Never for real keys.",
    },
    EnvVar {
        name: VMC_LOCK_TIMEOUT,
        doc: "How long a mutation waits for the lock (e.g. 30s); default: fail at once. Same as --lock-timeout.",
    },
    EnvVar {
        name: VMC_DEVNET_ADDR,
        doc: "Address of the local devnet (default 127.0.0.1:26680).",
    },
    EnvVar {
        name: VMC_HETZNER_ENDPOINT,
        doc: "Hetzner Cloud API base URL (default https://api.hetzner.cloud/v1; the devnet's on `local`).",
    },
    EnvVar {
        name: VMC_CHAIN_ID,
        doc: "Akash chain id (default from the network).",
    },
    EnvVar {
        name: VMC_CONFORMANCE_DIR,
        doc: "Where tests find the conformance vectors (default ../shared/conformance).",
    },
    EnvVar {
        name: VMC_LOG,
        doc: "Log filter for diagnostics on stderr (tracing env-filter syntax, e.g. debug).",
    },
    EnvVar {
        name: AKASH_WALLET_ADDRESS,
        doc: "An akash1… address for read-only use without a key.",
    },
    EnvVar {
        name: AKASH_MNEMONIC,
        doc: "BIP39 mnemonic of the Akash wallet. Leaks to child processes: prefer the keystore.",
    },
    EnvVar {
        name: AKASH_NETWORK,
        doc: "Akash network: local, mainnet, sandbox or testnet. Same as --network.",
    },
    EnvVar {
        name: AKASH_REST_ENDPOINT,
        doc: "Akash chain REST base URL; beats the context's akash_rest.",
    },
    EnvVar {
        name: HCLOUD_TOKEN,
        doc: "Hetzner Cloud API token (as for the hcloud CLI).",
    },
    EnvVar {
        name: NO_COLOR,
        doc: "Any non-empty value turns colour off (https://no-color.org).",
    },
];

#[cfg(test)]
mod tests {
    #[test]
    fn docs_list_every_variable() {
        let docs = include_str!("../../../docs/environment.md");
        for v in super::ALL {
            assert!(
                docs.contains(&format!("`{}`", v.name)),
                "docs/environment.md does not document {}",
                v.name
            );
        }
    }
}
