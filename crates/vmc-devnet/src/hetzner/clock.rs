//! The time source of the Hetzner half is the devnet's clock ([`crate::clock`]); this module
//! adds the API's timestamp format.

pub use crate::clock::{Clock, ManualClock, SystemClock};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// RFC 3339 in UTC with whole seconds, as the API writes timestamps (`2016-01-30T23:50:00Z`).
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_whole_seconds_utc() {
        assert_eq!(rfc3339(1_454_197_800_999), "2016-01-30T23:50:00Z");
    }
}
