//! Every conformance vector where vmc deliberately differs from the TypeScript SDK
//! (`@akashnetwork/chain-sdk` alpha.38), with the reason. The conformance test fails on any
//! difference not listed here, and on any entry here that no longer differs.
//!
//! Allowed reasons (issue 2 §4): the TS output would be refused by the chain or by a provider,
//! or the Go SDL code (what providers run) accepts what the TS schema rejects.

/// How vmc's result differs from the vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deviation {
    /// TS accepts; vmc rejects.
    Rejected,
    /// TS rejects; vmc accepts.
    Accepted,
    /// Both accept; the manifest text or hash differs.
    Manifest,
}

pub struct Allowed {
    pub vector: &'static str,
    pub deviation: Deviation,
    pub reason: &'static str,
}

const CPU_FRACTION: &str = "the TS SDK writes a non-integer CPU value into the manifest, which the provider cannot decode \
     (resource values are integers); vmc computes CPU with exact decimals and refuses fractional millicores";
const MEMORY_LIMIT: &str = "memory per replica is outside the chain's limits (1Mi to 2Ti, validation_config.go): \
     MsgCreateDeployment would be refused";

const SIGNED_BY: &str = "`signedBy` names `akash1123123`-style placeholders, which are not Akash addresses (bech32: \
     `1` cannot follow the `akash1` separator, no valid checksum): no auditor can sign as them, so no \
     provider's attributes are ever signed by them and no provider can bid on the placement";

/// Every deviation, by vector file name (without `.json`).
pub const ALLOWLIST: &[Allowed] = &[
    Allowed {
        vector: "chain-sdk-ts-spec-inline_ts_src_sdl_manifest_generateManifest.spec.ts_L74",
        deviation: Deviation::Rejected,
        reason: "no service is exposed globally; the provider refuses such a manifest (\"zero global services\", manifest/v2beta3/groups.go)",
    },
    Allowed {
        vector: "custom-edge_cpu-num-0.0005",
        deviation: Deviation::Rejected,
        reason: CPU_FRACTION,
    },
    Allowed {
        vector: "custom-edge_cpu-str-1.5m",
        deviation: Deviation::Rejected,
        reason: CPU_FRACTION,
    },
    Allowed {
        vector: "custom-edge_cpu-num-1.001",
        deviation: Deviation::Manifest,
        reason: "TS writes CPU `1000.9999999999999` (float error), which the provider cannot decode; vmc writes 1001, \
                 the exact value (Go truncates the same float to 1000)",
    },
    Allowed {
        vector: "custom-edge_memory-1MB",
        deviation: Deviation::Rejected,
        reason: MEMORY_LIMIT,
    },
    Allowed {
        vector: "custom-valid_memory-1000K",
        deviation: Deviation::Rejected,
        reason: MEMORY_LIMIT,
    },
    Allowed {
        vector: "custom-valid_memory-1k",
        deviation: Deviation::Rejected,
        reason: MEMORY_LIMIT,
    },
    Allowed {
        vector: "custom-valid_memory-512Ki",
        deviation: Deviation::Rejected,
        reason: MEMORY_LIMIT,
    },
    Allowed {
        vector: "custom-valid_memory-1Pi",
        deviation: Deviation::Rejected,
        reason: MEMORY_LIMIT,
    },
    Allowed {
        vector: "custom-invalid_services-empty",
        deviation: Deviation::Rejected,
        reason: "no services: the manifest and the group list are empty, and the chain refuses a deployment without groups",
    },
    Allowed {
        vector: "custom-invalid_storage-two-default",
        deviation: Deviation::Rejected,
        reason: "two volumes named `default`: the Go SDL code rejects duplicate volume names (storage.go) and the provider \
                 creates one Kubernetes volume per name, so the workload cannot start",
    },
    Allowed {
        vector: "custom-valid_price-amount-num-fraction",
        deviation: Deviation::Rejected,
        reason: "price 123456789.5 per block is above the chain's maximum unit price of 10000000 (validation_config.go)",
    },
    Allowed {
        vector: "chain-sdk-ts-fixtures_ts_src_sdl_fixtures_gpu_basic.sdl",
        deviation: Deviation::Rejected,
        reason: SIGNED_BY,
    },
    Allowed {
        vector: "chain-sdk-ts-fixtures_ts_src_sdl_fixtures_gpu_basic_no_model.sdl",
        deviation: Deviation::Rejected,
        reason: SIGNED_BY,
    },
    Allowed {
        vector: "chain-sdk-ts-fixtures_ts_src_sdl_fixtures_gpu_basic_ram_interface.sdl",
        deviation: Deviation::Rejected,
        reason: SIGNED_BY,
    },
    Allowed {
        vector: "chain-sdk-ts-spec-inline_ts_src_sdl_SDL_SDL.spec.ts_L952",
        deviation: Deviation::Rejected,
        reason: SIGNED_BY,
    },
];
