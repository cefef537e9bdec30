//! Retrying with truncated exponential backoff.
//!
//! The delay before retry `n` (0-based) is, in order of preference:
//! 1. `Retry-After: <seconds>` when the server sent it;
//! 2. from `RateLimit-Reset` (a UNIX time when the budget is full again): with
//!    `RateLimit-Limit`/`RateLimit-Remaining` the time until *one* request is refilled
//!    (`(reset − now) / (limit − remaining)`), otherwise `reset − now`;
//! 3. otherwise `base × 2ⁿ` with jitter (between half and all of it).
//!
//! Every delay is capped at [`RetryPolicy::cap`].

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

    /// The delay before retry `attempt`, honouring the response headers (see the module docs).
    pub fn delay(&self, attempt: u32, headers: Option<&HeaderMap>, now: SystemTime) -> Duration {
        if let Some(d) = headers.and_then(|h| header_delay(h, now)) {
            return d.min(self.cap);
        }
        let full = self.backoff(attempt);
        let half = full / 2;
        let extra = if half.is_zero() {
            Duration::ZERO
        } else {
            Duration::from_millis(rand::random::<u64>() % (half.as_millis() as u64 + 1))
        };
        (half + extra).min(self.cap)
    }
}

fn header_num(h: &HeaderMap, name: &str) -> Option<u64> {
    h.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The delay the headers ask for, if any.
pub fn header_delay(h: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(secs) = header_num(h, "retry-after") {
        return Some(Duration::from_secs(secs));
    }
    let reset = header_num(h, "ratelimit-reset")?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let until = reset.saturating_sub(now);
    match (
        header_num(h, "ratelimit-limit"),
        header_num(h, "ratelimit-remaining"),
    ) {
        // A full budget says nothing about when to retry: use the backoff.
        (Some(limit), Some(remaining)) if remaining >= limit => None,
        (Some(limit), Some(remaining)) => {
            let missing = limit - remaining;
            // Time until one request is back, rounded up to whole milliseconds.
            let ms = (until * 1000).div_ceil(missing).max(1);
            Some(Duration::from_millis(ms))
        }
        _ => Some(Duration::from_secs(until)),
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
        let d = p.delay(1, None, SystemTime::now());
        assert!(d >= Duration::from_millis(100) && d <= Duration::from_millis(200));
    }

    #[test]
    fn honours_retry_after_and_ratelimit_reset() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(0, Some(&headers(&[("retry-after", "3")])), now),
            Duration::from_secs(3)
        );
        // Budget of 3600/h, empty, full again in an hour: one request back after 1 s.
        let h = headers(&[
            ("ratelimit-limit", "3600"),
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", "4600"),
        ]);
        assert_eq!(p.delay(0, Some(&h), now), Duration::from_secs(1));
        // A full budget: no advice from the headers.
        let h = headers(&[
            ("ratelimit-limit", "3600"),
            ("ratelimit-remaining", "3600"),
            ("ratelimit-reset", "99999"),
        ]);
        assert!(p.delay(0, Some(&h), now) <= p.backoff(0));
        // Only the reset time: wait until then, capped.
        let h = headers(&[("ratelimit-reset", "1002")]);
        assert_eq!(p.delay(0, Some(&h), now), Duration::from_secs(2));
        let h = headers(&[("ratelimit-reset", "99999")]);
        assert_eq!(p.delay(0, Some(&h), now), p.cap);
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
}
