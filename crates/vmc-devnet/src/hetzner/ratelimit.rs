//! The request budget: `limit` per hour, refilled gradually (one request back every
//! 3600/limit seconds), bursts allowed up to `limit`.

use serde::{Deserialize, Serialize};

/// A token bucket measured in requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateBucket {
    /// Requests left (fractional while refilling).
    pub tokens: f64,
    /// Last time `tokens` was brought up to date.
    pub updated_ms: i64,
}

/// The headers' view after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateView {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Unix seconds when the budget is full again.
    pub reset: i64,
}

impl RateBucket {
    /// A full bucket.
    pub fn full(limit: u32, now: i64) -> Self {
        Self {
            tokens: f64::from(limit),
            updated_ms: now,
        }
    }

    /// Count one request at `now`.
    pub fn take(&mut self, limit: u32, now: i64) -> RateView {
        let cap = f64::from(limit);
        let per_ms = cap / 3_600_000.0;
        let elapsed = (now - self.updated_ms).max(0) as f64;
        self.tokens = (self.tokens + elapsed * per_ms).min(cap);
        self.updated_ms = now.max(self.updated_ms);
        let allowed = self.tokens >= 1.0;
        if allowed {
            self.tokens -= 1.0;
        }
        let missing_ms = if per_ms > 0.0 {
            ((cap - self.tokens) / per_ms).ceil() as i64
        } else {
            0
        };
        RateView {
            allowed,
            limit,
            remaining: self.tokens.floor().max(0.0) as u32,
            reset: (now + missing_ms).div_euclid(1000) + i64::from(missing_ms % 1000 != 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_then_refills_one_per_interval() {
        let mut b = RateBucket::full(3, 0);
        assert_eq!(b.take(3, 0).remaining, 2);
        assert_eq!(b.take(3, 0).remaining, 1);
        let v = b.take(3, 0);
        assert!(v.allowed && v.remaining == 0);
        assert_eq!(v.reset, 3600, "three requests take an hour to come back");
        assert!(!b.take(3, 0).allowed);
        // 3/h → one back every 1200 s.
        assert!(!b.take(3, 1_199_000).allowed);
        assert!(b.take(3, 1_200_000).allowed);
    }
}
