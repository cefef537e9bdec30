//! The persisted snapshot: `<state dir>/state.json`, written atomically (temp file + rename).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::state::ChainState;

pub const FILE: &str = "state.json";
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    pub chain: ChainState,
    /// The Hetzner module's state, opaque here.
    #[serde(default)]
    pub hetzner: serde_json::Value,
}

pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// Loads the snapshot of `dir`, `None` when there is none.
pub fn load(dir: &Path) -> std::io::Result<Option<Snapshot>> {
    let p = path(dir);
    let bytes = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let snap: Snapshot = serde_json::from_slice(&bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{}: {e} (run `vmc devnet reset --yes` to start over)",
                p.display()
            ),
        )
    })?;
    if snap.version != VERSION {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{}: snapshot version {} is not {VERSION}",
                p.display(),
                snap.version
            ),
        ));
    }
    Ok(Some(snap))
}

/// Writes bytes atomically to `dir/state.json`.
pub fn write(dir: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path(dir)).map_err(|e| e.error)?;
    Ok(())
}
