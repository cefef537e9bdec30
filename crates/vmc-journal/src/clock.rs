//! The clock of receipts: the real UTC time, or `VMC_NOW` (RFC 3339) when it is set and not
//! empty, so tests and replays get fixed timestamps. The CLI uses this same rule.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::JournalError;

/// The variable that fixes the clock (`vmc_config::env::VMC_NOW`).
pub const NOW_ENV: &str = "VMC_NOW";

/// Now: `VMC_NOW` when set (and not empty), else the system clock.
pub fn now() -> Result<OffsetDateTime, JournalError> {
    match std::env::var(NOW_ENV).ok().filter(|v| !v.is_empty()) {
        Some(v) => OffsetDateTime::parse(&v, &Rfc3339).map_err(|e| JournalError::Clock {
            value: v.clone(),
            reason: e.to_string(),
        }),
        None => Ok(OffsetDateTime::now_utc()),
    }
}

/// [`now`] as RFC 3339 text in UTC, e.g. `2026-01-01T00:00:00Z`.
pub fn now_rfc3339() -> Result<String, JournalError> {
    format_rfc3339(now()?)
}

/// `t` as RFC 3339 text in UTC.
pub fn format_rfc3339(t: OffsetDateTime) -> Result<String, JournalError> {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .map_err(|e| JournalError::Clock {
            value: t.to_string(),
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_utc() {
        let t = OffsetDateTime::parse("2026-01-01T02:00:00+02:00", &Rfc3339).unwrap();
        assert_eq!(format_rfc3339(t).unwrap(), "2026-01-01T00:00:00Z");
    }
}
