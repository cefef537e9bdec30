//! Fuzz target: any bytes → parse + validate → (if valid) lint, groups and manifest in both
//! conventions, canonical JSON and hash. Must never panic, hang or blow up memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sdl) = vmc_sdl::parse_bytes(data) {
        let _ = vmc_sdl::lint(&sdl);
        for conv in [vmc_sdl::Convention::Ts, vmc_sdl::Convention::Go] {
            let (groups, manifest) = sdl.groups_and_manifest(conv);
            assert!(!groups.is_empty());
            let text = manifest.canonical_json();
            assert!(text.starts_with('['));
            let _ = manifest.hash();
        }
    }
});
