//! The request budget: `limit` per hour, refilled gradually (one request back every
//! 3600/limit seconds: 1 s at the default 3600/h), bursts allowed up to `limit`.
//!
//! The three headers of an answer agree with each other as the real API's do:
//! `RateLimit-Limit` is the budget, `RateLimit-Remaining` the whole requests left, and
//! `RateLimit-Reset` the UNIX second (rounded up) when the budget is full again, so
//! `Reset − now ≈ (Limit − Remaining) × 3600 / Limit` (within one request's refill time and the
//! rounding). Across a burst Remaining goes down by one per request and Reset moves one refill
//! interval later; an injected 429 ([`RateView::with_remaining`]) reads as a spent budget,
//! full again only after a whole window.

use serde::{Deserialize, Serialize};

/// Milliseconds in the budget's window (an hour).
const WINDOW_MS: f64 = 3_600_000.0;

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
    /// When the view was taken (Unix milliseconds).
    pub at_ms: i64,
}

/// Milliseconds until a budget of `limit` holding `tokens` is full again (rounded up).
fn full_in_ms(limit: u32, tokens: f64) -> i64 {
    if limit == 0 {
        return 0;
    }
    let cap = f64::from(limit);
    ((cap - tokens).max(0.0) * WINDOW_MS / cap).ceil() as i64
}

/// The Unix second, rounded up, `missing_ms` after `now_ms`.
fn reset_at(now_ms: i64, missing_ms: i64) -> i64 {
    (now_ms + missing_ms + 999).div_euclid(1000)
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
        let elapsed = (now - self.updated_ms).max(0) as f64;
        self.tokens = (self.tokens + elapsed * cap / WINDOW_MS).min(cap);
        self.updated_ms = now.max(self.updated_ms);
        let allowed = self.tokens >= 1.0;
        if allowed {
            self.tokens -= 1.0;
        }
        RateView {
            allowed,
            limit,
            remaining: self.tokens.floor().max(0.0) as u32,
            reset: reset_at(now, full_in_ms(limit, self.tokens)),
            at_ms: now,
        }
    }
}

impl RateView {
    /// The same instant as a budget with `remaining` requests left would answer it (an
    /// injected 429 says the budget is spent): Reset becomes the time that budget needs to be
    /// full again, so Limit, Remaining and Reset still agree. The bucket itself is untouched.
    pub fn with_remaining(self, remaining: u32) -> RateView {
        let remaining = remaining.min(self.limit);
        RateView {
            remaining,
            reset: reset_at(self.at_ms, full_in_ms(self.limit, f64::from(remaining))),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl RateView {
        /// What a client reads from the headers as the time one request takes to come back:
        /// `(Reset − now) / (Limit − Remaining)`, in milliseconds (`None` for a full budget).
        fn per_request_ms(&self, now_ms: i64) -> Option<i64> {
            let missing = i64::from(self.limit.checked_sub(self.remaining)?);
            (missing > 0).then(|| (self.reset * 1000 - now_ms).max(0) / missing)
        }
    }

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

    /// Limit, Remaining and Reset of one answer agree: the budget is full again
    /// (Limit − Remaining) intervals after now, give or take one interval and the rounding up
    /// of Reset to a whole second.
    fn agrees(v: &RateView, interval_ms: i64) {
        let until = v.reset * 1000 - v.at_ms;
        let missing = i64::from(v.limit - v.remaining);
        assert!(
            until >= (missing - 1) * interval_ms && until < missing * interval_ms + 1000,
            "{v:?}: full again in {until} ms with {missing} requests missing"
        );
    }

    #[test]
    fn headers_agree_across_a_burst() {
        // 3600/h: one request back per second. A burst of 200 at one instant, off the second.
        let t0 = 1_795_219_200_123;
        let mut b = RateBucket::full(3600, t0);
        let views: Vec<RateView> = (0..200).map(|_| b.take(3600, t0)).collect();
        for (i, v) in views.iter().enumerate() {
            assert!(v.allowed);
            assert_eq!(v.limit, 3600);
            assert_eq!(v.remaining, 3599 - i as u32, "one less per request");
            assert_eq!(
                v.reset,
                t0.div_euclid(1000) + 2 + i as i64,
                "one second later each"
            );
            agrees(v, 1000);
        }
        // Then one request every 250 ms for a minute: four requests, one back, per second.
        let mut last = *views.last().unwrap();
        for k in 1..=240 {
            let v = b.take(3600, t0 + 250 * k);
            agrees(&v, 1000);
            assert!(v.remaining + 1 >= last.remaining && v.remaining <= last.remaining);
            last = v;
        }
        assert_eq!(last.remaining, 3400 - 240 + 60, "60 came back in 60 s");
        // Spent down to zero: the 429s say so, and a second later one request gets through.
        let mut v = last;
        let mut now = t0 + 60_000;
        while v.allowed {
            v = b.take(3600, now);
        }
        agrees(&v, 1000);
        // Full again in an hour, rounded up to the second.
        assert_eq!((v.remaining, v.reset - now.div_euclid(1000)), (0, 3601));
        now += 1000;
        assert!(b.take(3600, now).allowed);
        assert!(!b.take(3600, now).allowed);
    }

    #[test]
    fn an_injected_429_reads_as_a_spent_budget() {
        // A nearly full bucket (one request used): full again within the second…
        let t0 = 1_795_219_200_500;
        let mut b = RateBucket::full(3600, t0);
        let v = b.take(3600, t0);
        assert_eq!((v.remaining, v.reset), (3599, 1_795_219_202));
        // … but the 429's headers must not say "0 left, full again in a second": they say what
        // an empty budget says, so a client waits for one request to come back (1 s).
        let spent = v.with_remaining(0);
        agrees(&spent, 1000);
        assert_eq!((spent.limit, spent.remaining), (3600, 0));
        assert_eq!(spent.reset, 1_795_219_200 + 3601);
        let per = spent.per_request_ms(t0).unwrap();
        assert!((999..=1001).contains(&per), "{per} ms per request");
        assert_eq!(v.per_request_ms(t0), Some(1500));
        assert_eq!(b.tokens, 3599.0, "the bucket is untouched");
    }
}
