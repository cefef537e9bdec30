//! The clock: the real time, or `VMC_NOW` (RFC 3339) for tests. The rule lives in
//! [`vmc_journal::clock`], so receipts written by the CLI and by libraries agree.

use time::OffsetDateTime;

use crate::error::{CliError, CliResult};

/// Now, honouring `VMC_NOW`.
pub fn now() -> CliResult<OffsetDateTime> {
    vmc_journal::clock::now().map_err(clock_error)
}

/// Now as RFC 3339 text in UTC.
pub fn now_rfc3339() -> CliResult<String> {
    vmc_journal::clock::now_rfc3339().map_err(clock_error)
}

/// A bad `VMC_NOW` is a usage error.
pub(crate) fn clock_error(e: vmc_journal::JournalError) -> CliError {
    match e {
        vmc_journal::JournalError::Clock { .. } => {
            CliError::usage(e.to_string()).with_hint("e.g. VMC_NOW=2026-01-01T00:00:00Z")
        }
        other => CliError::failure(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_variable_for_the_clock() {
        assert_eq!(vmc_journal::clock::NOW_ENV, vmc_config::env::VMC_NOW);
    }
}
