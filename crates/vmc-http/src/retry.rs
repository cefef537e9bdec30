//! Retrying with truncated exponential backoff, a floor and jitter.
//!
//! The wait before retry `n` (0-based) is the longer of
//! 1. the exponential backoff `base × 2ⁿ` ([`RetryPolicy::backoff`]), never shorter than the
//!    floor [`RetryPolicy::floor`] (`base`), whatever a server says;
//! 2. what the answer's headers ask for ([`header_delay`]): `Retry-After: <seconds>`, or from
//!    `RateLimit-Reset` (a UNIX time when the budget is full again): with
//!    `RateLimit-Limit`/`RateLimit-Remaining` the time until *one* request is refilled
//!    (`(reset − now) / (limit − remaining)`), otherwise `reset − now`;
//!
//! plus jitter, a random extra of up to half of it, so that clients refused together do not all
//! come back together. Every wait is capped at [`RetryPolicy::cap`] (jitter never passes it).
//!
//! Headers only lengthen a wait: a 429 whose reset is near (or in the past, or inconsistent
//! with its remaining count) cannot make a client spend its retries in a few milliseconds.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How often and how long to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// First backoff delay.
    pub base: Duration,
    /// Longest single delay.
    pub cap: Duration,
}

impl Default for RetryPolicy {
    /// 5 retries, 250 ms doubling, at most 30 s per wait.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 5,
            base: Duration::from_millis(250),
            cap: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The exponential delay before retry `attempt` (0-based), without jitter, capped.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(20)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The shortest wait before any retry: the first backoff, `base` (at most `cap`).
    pub fn floor(&self) -> Duration {
        self.backoff(0)
    }

    /// The delay before retry `attempt`, honouring the response headers (see the module docs):
    /// the backoff (never under the floor) or what the headers ask if longer, plus jitter,
    /// capped.
    pub fn delay(&self, attempt: u32, headers: Option<&HeaderMap>, now: SystemTime) -> Duration {
        let asked = headers
            .and_then(|h| header_delay(h, now))
            .unwrap_or_default();
        let wait = self.backoff(attempt).max(asked).min(self.cap);
        with_jitter(wait, self.cap)
    }
}

/// `wait` plus a random extra of up to half of it (in microseconds), at most `cap`.
fn with_jitter(wait: Duration, cap: Duration) -> Duration {
    let spread = u64::try_from((wait / 2).as_micros()).unwrap_or(u64::MAX);
    let extra = if spread == 0 {
        0
    } else {
        rand::random::<u64>() % spread.saturating_add(1)
    };
    (wait + Duration::from_micros(extra)).min(cap)
}

fn header_num(h: &HeaderMap, name: &str) -> Option<u64> {
    h.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The delay the headers ask for, if any (before the backoff and jitter of
/// [`RetryPolicy::delay`]).
pub fn header_delay(h: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(secs) = header_num(h, "retry-after") {
        return Some(Duration::from_secs(secs));
    }
    let reset = header_num(h, "ratelimit-reset")?;
    let now_ms = u64::try_from(now.duration_since(UNIX_EPOCH).ok()?.as_millis()).ok()?;
    let until_ms = reset.saturating_mul(1000).saturating_sub(now_ms);
    match (
        header_num(h, "ratelimit-limit"),
        header_num(h, "ratelimit-remaining"),
    ) {
        // A full budget says nothing about when to retry: use the backoff.
        (Some(limit), Some(remaining)) if remaining >= limit => None,
        (Some(limit), Some(remaining)) => {
            // Time until one request is back, rounded up to whole milliseconds.
            Some(Duration::from_millis(until_ms.div_ceil(limit - remaining)))
        }
        _ => Some(Duration::from_millis(until_ms)),
    }
}

/// A retry about to happen, for progress output (the Hetzner and Akash clients both report
/// theirs this way). `Display` is the line the CLI prints:
/// `GET /servers: HTTP 503; retry 1 in 0.3s`.
#[derive(Debug, Clone)]
pub struct RetryNotice {
    /// `GET /servers`.
    pub request: String,
    /// 1 for the first retry.
    pub retry: u32,
    pub delay: Duration,
    /// Why (the error's text).
    pub reason: String,
}

impl std::fmt::Display for RetryNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}; retry {} in {:.1}s",
            self.request,
            self.reason,
            self.retry,
            self.delay.as_secs_f64()
        )
    }
}

/// A shared callback for [`RetryNotice`]s.
pub type RetryHook = std::sync::Arc<dyn Fn(&RetryNotice) + Send + Sync>;

/// HTTP statuses worth retrying: 429, 502, 503, 504.
pub fn retryable_status(s: StatusCode) -> bool {
    matches!(s.as_u16(), 429 | 502 | 503 | 504)
}

/// The result of one attempt.
pub enum Attempt<T, E> {
    /// Finished, successfully or not: return this.
    Done(Result<T, E>),
    /// Failed in a way worth retrying; `headers` may say how long to wait.
    Retry {
        error: E,
        headers: Option<HeaderMap>,
    },
}

/// Runs `attempt(n)` until it is done or the retries are used up (then the last error is
/// returned). `on_retry(n, delay, &error)` is called before each wait, e.g. to log it.
pub async fn retry<T, E, F, Fut>(
    policy: &RetryPolicy,
    mut attempt: F,
    mut on_retry: impl FnMut(u32, Duration, &E),
) -> Result<T, E>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Attempt<T, E>>,
{
    let mut n = 0;
    loop {
        match attempt(n).await {
            Attempt::Done(r) => return r,
            Attempt::Retry { error, headers } => {
                if n >= policy.max_retries {
                    return Err(error);
                }
                let d = policy.delay(n, headers.as_ref(), SystemTime::now());
                on_retry(n, d, &error);
                tokio::time::sleep(d).await;
                n += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy {
            max_retries: 9,
            base: Duration::from_millis(100),
            cap: Duration::from_millis(500),
        };
        assert_eq!(p.backoff(0), Duration::from_millis(100));
        assert_eq!(p.backoff(2), Duration::from_millis(400));
        assert_eq!(p.backoff(3), Duration::from_millis(500));
        assert_eq!(p.backoff(60), Duration::from_millis(500));
        assert_eq!(p.floor(), Duration::from_millis(100));
        // The backoff plus up to half again.
        for _ in 0..32 {
            let d = p.delay(1, None, SystemTime::now());
            assert!(d >= Duration::from_millis(200) && d <= Duration::from_millis(300));
            assert_eq!(p.delay(5, None, SystemTime::now()), p.cap);
        }
    }

    #[test]
    fn reads_retry_after_and_ratelimit_reset() {
        let now = UNIX_EPOCH + Duration::from_millis(1_000_250);
        let asked = |pairs: &[(&'static str, &str)]| header_delay(&headers(pairs), now);
        assert_eq!(asked(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
        // Budget of 3600/h, empty, full again in an hour (3,600.75 s): one request back after
        // 1.0002 s, rounded up to the millisecond.
        assert_eq!(
            asked(&[
                ("ratelimit-limit", "3600"),
                ("ratelimit-remaining", "0"),
                ("ratelimit-reset", "4601"),
            ]),
            Some(Duration::from_millis(1001))
        );
        // A full budget: no advice from the headers.
        assert_eq!(
            asked(&[
                ("ratelimit-limit", "3600"),
                ("ratelimit-remaining", "3600"),
                ("ratelimit-reset", "99999"),
            ]),
            None
        );
        // Only the reset time: wait until then; a reset in the past asks for nothing.
        assert_eq!(
            asked(&[("ratelimit-reset", "1002")]),
            Some(Duration::from_millis(1750))
        );
        assert_eq!(asked(&[("ratelimit-reset", "999")]), Some(Duration::ZERO));
        assert_eq!(asked(&[]), None);
    }

    #[test]
    fn waits_are_the_longest_of_floor_backoff_and_headers_plus_jitter_capped() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        let p = RetryPolicy::default();
        let within = |d: Duration, lo: Duration| d >= lo && d <= (lo + lo / 2).min(p.cap);
        for _ in 0..32 {
            // A server asking for 3 s gets at least 3 s.
            let h = headers(&[("retry-after", "3")]);
            let d = p.delay(0, Some(&h), now);
            assert!(within(d, Duration::from_secs(3)), "{d:?}");
            // A reset that has passed: the backoff still applies.
            let h = headers(&[("ratelimit-reset", "10")]);
            let d = p.delay(2, Some(&h), now);
            assert!(within(d, p.backoff(2)), "{d:?}");
            // Far away: the cap.
            let h = headers(&[("ratelimit-reset", "99999")]);
            assert_eq!(p.delay(0, Some(&h), now), p.cap);
        }
    }

    #[test]
    fn notice_line() {
        let n = RetryNotice {
            request: "GET /servers".into(),
            retry: 1,
            delay: Duration::from_millis(250),
            reason: "HTTP 503".into(),
        };
        assert_eq!(n.to_string(), "GET /servers: HTTP 503; retry 1 in 0.2s");
    }

    #[test]
    fn statuses() {
        for s in [429u16, 502, 503, 504] {
            assert!(retryable_status(StatusCode::from_u16(s).unwrap()));
        }
        for s in [200u16, 400, 404, 409, 423, 500] {
            assert!(!retryable_status(StatusCode::from_u16(s).unwrap()));
        }
    }

    #[tokio::test]
    async fn retries_until_done_or_exhausted() {
        let p = RetryPolicy {
            max_retries: 3,
            base: Duration::from_millis(1),
            cap: Duration::from_millis(2),
        };
        let mut seen = Vec::new();
        let r: Result<u32, &str> = retry(
            &p,
            |n| async move {
                if n < 2 {
                    Attempt::Retry {
                        error: "busy",
                        headers: None,
                    }
                } else {
                    Attempt::Done(Ok(n))
                }
            },
            |n, _, e| seen.push((n, *e)),
        )
        .await;
        assert_eq!(r, Ok(2));
        assert_eq!(seen, vec![(0, "busy"), (1, "busy")]);
        let r: Result<u32, &str> = retry(
            &p,
            |_| async {
                Attempt::Retry {
                    error: "always",
                    headers: None,
                }
            },
            |_, _, _| {},
        )
        .await;
        assert_eq!(r, Err("always"));
    }

    /// What the devnet's injected 429s used to carry: the budget "empty" yet full again within
    /// the second, so the time per request came out at a millisecond or less.
    fn near_reset(now: SystemTime) -> HeaderMap {
        let secs = now.duration_since(UNIX_EPOCH).unwrap().as_secs();
        headers(&[
            ("ratelimit-limit", "3600"),
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", &(secs + 1).to_string()),
        ])
    }

    #[tokio::test]
    async fn near_reset_429s_wait_at_least_the_floor_each_time() {
        let p = RetryPolicy {
            max_retries: 5,
            base: Duration::from_millis(20),
            cap: Duration::from_secs(2),
        };
        let floor = p.floor();
        let start = std::time::Instant::now();
        let mut waits = Vec::new();
        let r: Result<(), &str> = retry(
            &p,
            |_| async {
                Attempt::Retry {
                    error: "HTTP 429",
                    headers: Some(near_reset(SystemTime::now())),
                }
            },
            |_, d, _| waits.push(d),
        )
        .await;
        let took = start.elapsed();
        assert_eq!(r, Err("HTTP 429"));
        assert_eq!(waits.len(), 5);
        assert!(waits.iter().all(|d| *d >= floor), "{waits:?}");
        assert!(
            took >= floor * p.max_retries,
            "5 retries in {took:?}: {waits:?}"
        );
    }

    #[test]
    fn header_waits_have_jitter() {
        let now = SystemTime::now();
        let p = RetryPolicy::default();
        let h = near_reset(now);
        let mut seen: Vec<Duration> = (0..64).map(|_| p.delay(0, Some(&h), now)).collect();
        seen.sort();
        seen.dedup();
        assert!(seen.len() > 1, "the same wait every time: {seen:?}");
        assert!(seen[0] >= p.floor(), "{seen:?}");
    }
}
