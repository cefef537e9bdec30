//! Reading SDL files (or stdin for `-`) with a size bound, and parsing them.

use std::borrow::Cow;
use std::io::Read;

use vmc_sdl::{Convention, Diagnostics, Limits, Sdl};

use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};

/// A file's name as shown in messages, and its bytes.
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Source {
    /// The text for snippets (lossy: the parser already refused non-UTF-8). Borrowed when the
    /// bytes are UTF-8, which the strict check finds faster than the lossy conversion.
    pub fn text(&self) -> Cow<'_, str> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.bytes),
        }
    }
}

/// Reads `path` (`-` = stdin), at most one byte more than the SDL size limit.
pub fn read(path: &str) -> CliResult<Source> {
    let cap = Limits::default().max_bytes as u64 + 1;
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::failure(format!("could not read stdin: {e}")))?;
        return Ok(Source {
            name: "<stdin>".into(),
            bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CliError::not_found(format!("{path}: no such file"))
            .with_hint("check the path; use `-` to read the SDL from stdin"),
        _ => CliError::failure(format!("{path}: could not open: {e}")),
    })?;
    // Sized from the file's length, the text arrives in one read (not a growing buffer's many).
    let len = file.metadata().map_or(0, |m| m.len()).min(cap);
    bytes.reserve_exact(usize::try_from(len).unwrap_or(0) + 1);
    file.take(cap).read_to_end(&mut bytes).map_err(|e| {
        CliError::usage(format!("{path}: could not read: {e}")).with_hint("is it a regular file?")
    })?;
    Ok(Source {
        name: path.to_string(),
        bytes,
    })
}

/// Parses a source for `conv`: the shared validation, then what that convention's SDK alone
/// refuses (nothing more for the TS default).
pub fn parse(src: &Source, conv: Convention) -> Result<Sdl, Diagnostics> {
    vmc_sdl::parse_bytes(&src.bytes).and_then(|sdl| sdl.check_convention(conv).map(|()| sdl))
}

/// Reads and parses one file for `conv`; on invalid input renders the diagnostics on stderr and
/// returns an already-reported usage error (exit 2).
pub fn load(ctx: &Ctx, path: &str, conv: Convention) -> CliResult<(Source, Sdl)> {
    let src = read(path)?;
    match parse(&src, conv) {
        Ok(sdl) => Ok((src, sdl)),
        Err(d) => {
            super::render::diagnostics(ctx, &src, &d.0);
            Err(CliError::reported(ErrorKind::Usage))
        }
    }
}
