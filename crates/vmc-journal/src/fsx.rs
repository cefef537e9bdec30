//! Private files and durable writes: directories 0700, files 0600, fsync of file and directory.

use std::fs::{self, File, OpenOptions};
use std::path::Path;

use crate::error::{JournalError, io};

/// Creates `dir` (and missing parents) with mode 0700.
pub(crate) fn private_dir(dir: &Path) -> Result<(), JournalError> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(io(dir))
}

/// Open options that create files with mode 0600.
pub(crate) fn private_opts() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Makes a directory entry (a new or renamed file) durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), JournalError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Writes `bytes` to `path` atomically (temp file in the same directory, fsync, rename).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), JournalError> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
    let mut f = private_opts()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .map_err(io(&tmp))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(io(&tmp))?;
    fs::rename(&tmp, path).map_err(io(path))
}
