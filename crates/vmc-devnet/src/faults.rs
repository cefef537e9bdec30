//! Faults on demand (Akash side): per route and count, HTTP 5xx, 429 with `Retry-After`, slow
//! answers, and a broadcast that commits but whose answer is lost. Chain-level faults
//! (sequence mismatch, orders without bids, a provider dropping a lease) live on the chain and
//! are set through the same admin route, `POST /__devnet/faults`.
//!
//! A rule with `provider` (a provider's address or name) applies to that provider's gateway
//! instead of the chain REST API: `status` (e.g. 422 on `PUT /deployment/`), `rate_limit`,
//! `slow`, `lose_answer` per request, and `unreachable` per TCP connection (the gateway resets
//! it before TLS; `path` is not looked at).

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::rest::AppState;

/// One rule: requests whose path starts with `path` (and whose method is `method`, if given)
/// get `kind`, `count` times.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FaultRule {
    pub path: String,
    #[serde(default)]
    pub method: Option<String>,
    pub kind: FaultKind,
    #[serde(default = "one")]
    pub count: u32,
    /// Address or name of the provider whose gateway this rule targets; `None` = chain REST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status (e.g. 500, 502, 503) and a gateway error body.
    Status { status: u16 },
    /// 429 Too Many Requests with `Retry-After`.
    RateLimit {
        #[serde(default = "one_u64")]
        retry_after_secs: u64,
    },
    /// Wait before answering normally.
    Slow { delay_ms: u64 },
    /// Run the request (a broadcast commits to the mempool), then answer 504 instead.
    LoseAnswer,
    /// Provider gateways only: reset the connection before the TLS handshake.
    Unreachable,
}

fn one_u64() -> u64 {
    1
}

#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    pub fn add(&self, rule: FaultRule) {
        self.rules
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(rule);
    }

    pub fn clear(&self) {
        self.rules.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    pub fn list(&self) -> Vec<FaultRule> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Takes one use of the first chain REST rule matching the request.
    fn take(&self, method: &str, path: &str) -> Option<FaultKind> {
        self.take_request(None, method, path)
    }

    /// Takes one use of the first request rule of a provider gateway (`ids`: its address and
    /// name) matching the request.
    pub fn take_provider(&self, ids: [&str; 2], method: &str, path: &str) -> Option<FaultKind> {
        self.take_request(Some(ids), method, path)
    }

    /// Takes one use of the first request rule aimed at the chain REST API (`provider` `None`)
    /// or at that provider's gateway, matching the method and path.
    fn take_request(
        &self,
        provider: Option<[&str; 2]>,
        method: &str,
        path: &str,
    ) -> Option<FaultKind> {
        self.take_where(|r| {
            let aimed = match (provider, r.provider.as_deref()) {
                (None, None) => true,
                (Some(ids), Some(p)) => ids.contains(&p),
                _ => false,
            };
            aimed
                && !matches!(r.kind, FaultKind::Unreachable)
                && path.starts_with(&r.path)
                && r.method
                    .as_ref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })
    }

    /// Takes one use of an `unreachable` rule of a provider gateway: true = drop the connection.
    pub fn take_unreachable(&self, ids: [&str; 2]) -> bool {
        self.take_where(|r| {
            r.provider.as_deref().is_some_and(|p| ids.contains(&p))
                && matches!(r.kind, FaultKind::Unreachable)
        })
        .is_some()
    }

    fn take_where(&self, pred: impl Fn(&FaultRule) -> bool) -> Option<FaultKind> {
        let mut rules = self.rules.lock().unwrap_or_else(|p| p.into_inner());
        let i = rules.iter().position(pred)?;
        let kind = rules[i].kind.clone();
        rules[i].count = rules[i].count.saturating_sub(1);
        if rules[i].count == 0 {
            rules.remove(i);
        }
        Some(kind)
    }
}

/// The axum middleware applying the rules (admin routes are exempt).
pub async fn layer(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/__devnet") {
        return next.run(req).await;
    }
    let kind = app.faults.take(req.method().as_str(), &path);
    apply(kind, req, next, |refusal| match refusal {
        Refusal::Status(s, _) => (
            s,
            axum::Json(
                json!({"code": 14, "message": "devnet fault: service unavailable", "details": []}),
            ),
        )
            .into_response(),
        Refusal::RateLimited => (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(
                json!({"code": 8, "message": "devnet fault: too many requests", "details": []}),
            ),
        )
            .into_response(),
        Refusal::AnswerLost => Response::builder()
            .status(StatusCode::GATEWAY_TIMEOUT)
            .body(Body::from("upstream request timeout"))
            .unwrap_or_default(),
    })
    .await
}

/// An answer a request fault puts in place of the real one; each API words it its own way.
pub enum Refusal {
    /// The rule's status as a code (500 when it is not a valid one), and as written.
    Status(StatusCode, u16),
    /// 429; [`apply`] adds `Retry-After`.
    RateLimited,
    /// 504 after the request ran (its answer is lost).
    AnswerLost,
}

/// Carries out a request fault taken for this request: refuse it (`answer` words the refusal),
/// delay it, or run it and lose the answer. `None` (and `unreachable`, which acts per
/// connection) let the request through.
pub async fn apply(
    kind: Option<FaultKind>,
    req: Request,
    next: Next,
    answer: impl Fn(Refusal) -> Response,
) -> Response {
    match kind {
        None | Some(FaultKind::Unreachable) => next.run(req).await,
        Some(FaultKind::Status { status }) => answer(Refusal::Status(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            status,
        )),
        Some(FaultKind::RateLimit { retry_after_secs }) => {
            let mut r = answer(Refusal::RateLimited);
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                r.headers_mut().insert("retry-after", v);
            }
            r
        }
        Some(FaultKind::Slow { delay_ms }) => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            next.run(req).await
        }
        Some(FaultKind::LoseAnswer) => {
            let _ = next.run(req).await;
            answer(Refusal::AnswerLost)
        }
    }
}
