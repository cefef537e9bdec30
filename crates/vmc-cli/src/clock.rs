//! The clock: the real time, or `VMC_NOW` (RFC 3339) for tests.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{CliError, CliResult};

/// Now, honouring `VMC_NOW`.
pub fn now() -> CliResult<OffsetDateTime> {
    match crate::settings::env_var(vmc_config::env::VMC_NOW) {
        Some(v) => OffsetDateTime::parse(&v, &Rfc3339).map_err(|e| {
            CliError::usage(format!("VMC_NOW=`{v}` is not an RFC 3339 time: {e}"))
                .with_hint("e.g. VMC_NOW=2026-01-01T00:00:00Z")
        }),
        None => Ok(OffsetDateTime::now_utc()),
    }
}

/// Now as RFC 3339 text in UTC.
pub fn now_rfc3339() -> CliResult<String> {
    let t = now()?.to_offset(time::UtcOffset::UTC);
    t.format(&Rfc3339)
        .map_err(|e| CliError::failure(e.to_string()))
}
