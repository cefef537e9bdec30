//! What every request passes first: the rate limit (`RateLimit-*` headers on every answer,
//! `429` when the budget is spent), injected faults, then the Bearer token.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, code_for_status, status_for_code};
use super::faults::FaultKind;
use super::ratelimit::RateView;
use super::state::HetznerState;

enum Auth {
    Ok,
    Denied(ApiError),
}

fn check_token(
    headers: &HeaderMap,
    method: &Method,
    tokens: &[super::fixtures::TokenFixture],
) -> Auth {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    let Some(t) = given.and_then(|g| tokens.iter().find(|t| t.token == g)) else {
        return Auth::Denied(ApiError::unauthorized());
    };
    if t.read_only && method != Method::GET && method != Method::HEAD {
        return Auth::Denied(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "token_readonly",
            "the token is only allowed to perform GET requests",
        ));
    }
    Auth::Ok
}

fn fault_response(kind: &FaultKind, limit: u32) -> Option<Response> {
    match kind {
        FaultKind::Status {
            status,
            code,
            message,
        } => {
            let status = status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .or_else(|| code.as_deref().and_then(status_for_code))
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let code = code
                .clone()
                .unwrap_or_else(|| code_for_status(status).to_string());
            let message = message
                .clone()
                .unwrap_or_else(|| format!("injected fault: {code}"));
            Some(ApiError::new(status, &code, message).into_response())
        }
        FaultKind::RateLimit => Some(ApiError::rate_limited(limit).into_response()),
        FaultKind::Delay { .. } | FaultKind::Hang | FaultKind::LoseAnswer { .. } => None,
    }
}

/// `RateLimit-Limit`, `-Remaining` and `-Reset` from one view, so they agree with each other;
/// `remaining_override` (an injected 429: `Some(0)`) answers as a budget with that many left
/// would, Reset included.
fn put_headers(
    resp: &mut Response,
    view: RateView,
    remaining_override: Option<u32>,
    request_no: u64,
) {
    let view = remaining_override.map_or(view, |r| view.with_remaining(r));
    let h = resp.headers_mut();
    let num =
        |n: i64| HeaderValue::from_str(&n.to_string()).unwrap_or(HeaderValue::from_static("0"));
    h.insert("RateLimit-Limit", num(i64::from(view.limit)));
    h.insert("RateLimit-Remaining", num(i64::from(view.remaining)));
    h.insert("RateLimit-Reset", num(view.reset));
    if let Ok(v) = HeaderValue::from_str(&format!("devnet-{request_no:016x}")) {
        h.insert("X-Correlation-Id", v);
    }
}

/// The middleware.
pub async fn gate(State(st): State<HetznerState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let (view, fault, auth, request_no) = st.with_data(|d, now| {
        d.requests += 1;
        let view = d.rate.take(d.fixtures.rate_limit_per_hour, now);
        let fault = if view.allowed {
            d.faults.take(method.as_str(), &path)
        } else {
            None
        };
        let auth = check_token(req.headers(), &method, &d.fixtures.tokens);
        (view, fault, auth, d.requests)
    });
    let mut remaining = None;
    let mut resp = if !view.allowed {
        ApiError::rate_limited(view.limit).into_response()
    } else {
        let early = fault.as_ref().and_then(|f| fault_response(f, view.limit));
        if matches!(fault, Some(FaultKind::RateLimit)) {
            remaining = Some(0);
        }
        match (early, fault) {
            (Some(r), _) => r,
            (None, Some(FaultKind::Hang)) => {
                std::future::pending::<()>().await;
                unreachable!("a pending future never completes")
            }
            (None, f) => {
                if let Some(FaultKind::Delay { ms }) = f {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                }
                match (auth, f) {
                    (Auth::Denied(e), _) => e.into_response(),
                    (Auth::Ok, Some(FaultKind::LoseAnswer { status })) => {
                        let _done = next.run(req).await;
                        let status =
                            StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
                        ApiError::new(
                            status,
                            code_for_status(status),
                            "injected fault: the request was processed, its answer lost",
                        )
                        .into_response()
                    }
                    (Auth::Ok, _) => next.run(req).await,
                }
            }
        }
    };
    put_headers(&mut resp, view, remaining, request_no);
    resp
}
