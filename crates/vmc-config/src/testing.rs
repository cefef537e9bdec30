//! Test support shared by the workspace's test suites: where the conformance vectors are.

use std::path::{Path, PathBuf};

/// The conformance folder: `$VMC_CONFORMANCE_DIR`, else `<workspace>/../shared/conformance`.
///
/// `manifest_dir` is the calling crate's `env!("CARGO_MANIFEST_DIR")` (a crate under `crates/`).
/// Returns `None` (after saying so on stderr) when the folder is absent, so the caller can skip;
/// under `CI=true` an absent folder is a failure and this panics.
pub fn conformance_dir(manifest_dir: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os(crate::env::VMC_CONFORMANCE_DIR) {
        Some(d) => PathBuf::from(d),
        None => Path::new(manifest_dir).join("../../../shared/conformance"),
    };
    if dir.join("README.md").is_file() {
        return Some(dir);
    }
    let ci = std::env::var("CI")
        .map(|v| v == "true" || v == "1")
        .unwrap_or(false);
    if ci {
        panic!(
            "conformance vectors not found at {} (CI=true makes this a failure; set VMC_CONFORMANCE_DIR)",
            dir.display()
        );
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "skipping: conformance vectors not found at {} (set VMC_CONFORMANCE_DIR)",
            dir.display()
        );
    }
    None
}
