//! The error edge: every failure becomes a [`CliError`] with a kind (which picks the exit code),
//! a message, and an optional hint that says how to fix it.

use std::fmt;

/// Documented exit codes (see `docs/exit-codes.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 1: the operation failed (a remote refusal, an I/O error, a failed verification).
    Failure,
    /// 2: invalid input or usage; nothing was changed.
    Usage,
    /// 3: a conflict with the current state (the mutation lock is held, a resource is busy).
    Conflict,
    /// 4: the thing named does not exist.
    NotFound,
    /// 5: a remote endpoint could not be reached or answered with a server error.
    Unavailable,
    /// 6: no provider took the deployment (no bid, or none passed the policy); the deployment
    /// was closed and its deposit returned, unless `--keep-open`.
    NoProvider,
    /// 7: a multi-step change stopped part-way (interrupted, a provider refused the manifest,
    /// the services were not ready in time); `--resume` finishes it, `--abandon` undoes it.
    Incomplete,
}

impl ErrorKind {
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Failure => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Conflict => 3,
            ErrorKind::NotFound => 4,
            ErrorKind::Unavailable => 5,
            ErrorKind::NoProvider => 6,
            ErrorKind::Incomplete => 7,
        }
    }
}

/// An error that reaches the user: printed on stderr as `error: <message>` and `hint: <hint>`.
#[derive(Debug)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Already printed (e.g. SDL diagnostics rendered by miette); only the exit code remains.
    pub reported: bool,
    /// An exit code other than the kind's: `vmc akash shell` passes on the command's own.
    pub exit_override: Option<u8>,
}

impl CliError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
            hint: None,
            reported: false,
            exit_override: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Failure, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// Marks an error whose details were already written to stderr.
    pub fn reported(kind: ErrorKind) -> Self {
        CliError {
            kind,
            message: String::new(),
            hint: None,
            reported: true,
            exit_override: None,
        }
    }
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.exit_override.unwrap_or(self.kind.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::failure(format!("I/O error: {e}"))
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;
