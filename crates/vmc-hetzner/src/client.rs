//! The client core: authentication, one request with retries, pagination.

use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, HeaderMap};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use vmc_http::{Attempt, BearerToken, ClientOptions, RetryPolicy};

use crate::Error;

/// Pages are fetched 50 at a time (the API's maximum); at most this many pages are followed.
const PER_PAGE: u64 = 50;
const MAX_PAGES: u64 = 10_000;
/// Pages fetched at once when the first page says how many there are.
pub const PAGE_CONCURRENCY: usize = 6;
/// At most this many items are reserved up front from a list's `total_entries`.
const RESERVE_MAX: u64 = 10_000;

use vmc_http::RetryHook;
pub use vmc_http::RetryNotice;

/// A Hetzner Cloud API client. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    /// Ends without `/`, e.g. `https://api.hetzner.cloud/v1`.
    base: String,
    token: BearerToken,
    policy: RetryPolicy,
    on_retry: Option<RetryHook>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &vmc_http::redact::url_str(&self.base))
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `endpoint` (e.g. `https://api.hetzner.cloud/v1`).
    pub fn new(endpoint: &str, token: BearerToken, opts: &ClientOptions) -> Result<Self, Error> {
        let url = url::Url::parse(endpoint).map_err(|_| Error::Endpoint(endpoint.into()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(Error::Endpoint(endpoint.into()));
        }
        Ok(Client {
            http: vmc_http::client::build(opts)?,
            base: endpoint.trim_end_matches('/').to_string(),
            token,
            policy: RetryPolicy::default(),
            on_retry: None,
        })
    }

    /// Replaces the retry policy.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Calls `hook` before every retry (e.g. to print `rate limited, retrying in 1s`).
    pub fn on_retry(mut self, hook: impl Fn(&RetryNotice) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }

    /// The API base URL, without credentials.
    pub fn endpoint(&self) -> String {
        vmc_http::redact::url_str(&self.base)
    }

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
    ) -> Result<T, Error> {
        self.request(Method::GET, path, query, None).await
    }

    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<T, Error> {
        self.request(Method::POST, path, &[], Some(body)).await
    }

    pub(crate) async fn put<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<T, Error> {
        self.request(Method::PUT, path, &[], Some(body)).await
    }

    pub(crate) async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        self.request(Method::DELETE, path, &[], None).await
    }

    /// A DELETE answered with `204 No Content`.
    pub(crate) async fn delete_empty(&self, path: &str) -> Result<(), Error> {
        let _: Value = self.request(Method::DELETE, path, &[], None).await?;
        Ok(())
    }

    /// Every page of a list: `GET path?page=N&per_page=50`, items under `key`, until
    /// `meta.pagination.next_page` is null. When the first page names the `last_page`, the other
    /// pages are fetched concurrently (at most [`PAGE_CONCURRENCY`] at once) and kept in order.
    /// Guarded against pages that do not advance.
    pub(crate) async fn get_all<T: DeserializeOwned + Send + 'static>(
        &self,
        path: &str,
        query: &[(String, String)],
        key: &str,
    ) -> Result<Vec<T>, Error> {
        let (mut out, meta) = self.get_page::<T>(path, query, key, 1).await?;
        let mut page = 1u64;
        let mut next = meta.next_page;
        if let (Some(2), Some(last)) = (next, meta.last_page)
            && last > 2
            && last <= MAX_PAGES
        {
            let mut tasks = tokio::task::JoinSet::new();
            // One allocation for the whole list rather than a doubling (and copying) one per page;
            // `total_entries` is only a hint, so it is bounded.
            if let Some(total) = meta.total_entries {
                let expected = total.min(last * PER_PAGE).min(RESERVE_MAX) as usize;
                out.reserve(expected.saturating_sub(out.len()));
            }
            let mut results: Vec<Option<(Vec<T>, crate::common::Pagination)>> =
                (2..=last).map(|_| None).collect();
            let mut todo = 2..=last;
            let mut running = 0usize;
            loop {
                while running < PAGE_CONCURRENCY {
                    let Some(p) = todo.next() else { break };
                    let (me, path, query, key) = (
                        self.clone(),
                        path.to_string(),
                        query.to_vec(),
                        key.to_string(),
                    );
                    tasks.spawn(async move { (p, me.get_page::<T>(&path, &query, &key, p).await) });
                    running += 1;
                }
                let Some(joined) = tasks.join_next().await else {
                    break;
                };
                running -= 1;
                let (p, r) = joined.map_err(|e| Error::Protocol(format!("page task: {e}")))?;
                results[(p - 2) as usize] = Some(r?);
            }
            for (items, m) in results.into_iter().flatten() {
                out.extend(items);
                page = m.page.max(page);
                next = m.next_page;
            }
            page = page.max(last);
        }
        for _ in 0..MAX_PAGES {
            match next {
                Some(n) if n > page => {
                    page = n;
                    let (items, m) = self.get_page::<T>(path, query, key, page).await?;
                    out.extend(items);
                    next = m.next_page;
                }
                Some(n) => {
                    return Err(Error::Protocol(format!(
                        "pagination of {path} does not advance (page {page} says next is {n})"
                    )));
                }
                None => return Ok(out),
            }
        }
        Err(Error::Protocol(format!(
            "{path} has more than {MAX_PAGES} pages"
        )))
    }

    async fn get_page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
        key: &str,
        page: u64,
    ) -> Result<(Vec<T>, crate::common::Pagination), Error> {
        let mut q = query.to_vec();
        q.push(("page".into(), page.to_string()));
        q.push(("per_page".into(), PER_PAGE.to_string()));
        let decode_url = format!("{}{path}", self.endpoint());
        self.request_with(Method::GET, path, &q, None, |text, shown_url| {
            crate::page::decode(text, key, page, PER_PAGE, shown_url, &decode_url)
        })
        .await
    }

    async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<&Value>,
    ) -> Result<T, Error> {
        self.request_with(method, path, query, body, |text, shown_url| {
            serde_json::from_slice(text).map_err(|e| Error::Decode {
                url: shown_url.to_string(),
                message: e.to_string(),
            })
        })
        .await
    }

    /// One request with retries; a successful answer's body (`null` when empty) is decoded by
    /// `decode(body, shown_url)`.
    async fn request_with<T>(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<&Value>,
        decode: impl Fn(&[u8], &str) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let url = format!("{}{path}", self.base);
        let shown = format!("{method} {path}");
        let auth = self
            .token
            .header()
            .ok_or_else(|| Error::Protocol("the API token is not a valid header value".into()))?;
        // Creates (`POST /servers`, `POST /ssh_keys`) are not: repeating one after a lost
        // answer makes a second resource. Server actions and deletes may be repeated.
        let idempotent = method != Method::POST || path.contains("/actions/");
        let hook = self.on_retry.clone();
        vmc_http::retry(
            &self.policy,
            |_| {
                let mut req = self
                    .http
                    .request(method.clone(), &url)
                    .header(AUTHORIZATION, auth.clone())
                    .query(query);
                if let Some(b) = body {
                    req = req.json(b);
                }
                let (url, decode) = (&url, &decode);
                async move { self.attempt(req, url, idempotent, decode).await }
            },
            |n, delay, e: &Error| {
                tracing::debug!(request = %shown, retry = n + 1, ?delay, error = %e, "retrying");
                if let Some(h) = &hook {
                    h(&RetryNotice {
                        request: shown.clone(),
                        retry: n + 1,
                        delay,
                        reason: e.to_string(),
                    });
                }
            },
        )
        .await
    }

    async fn attempt<T>(
        &self,
        req: reqwest::RequestBuilder,
        url: &str,
        idempotent: bool,
        decode: &impl Fn(&[u8], &str) -> Result<T, Error>,
    ) -> Attempt<T, Error> {
        let shown_url = vmc_http::redact::url_str(url);
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let err = Error::Transport {
                    url: shown_url,
                    message: transport_message(&e),
                };
                // A refused connection never reached the API; a timeout might have.
                return if e.is_connect() || (idempotent && e.is_timeout()) {
                    Attempt::Retry {
                        error: err,
                        headers: None,
                    }
                } else {
                    Attempt::Done(Err(err))
                };
            }
        };
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => {
                return Attempt::Done(Err(Error::Transport {
                    url: shown_url,
                    message: transport_message(&e),
                }));
            }
        };
        if status.is_success() {
            let text: &[u8] = if bytes.is_empty() || status == StatusCode::NO_CONTENT {
                b"null"
            } else {
                &bytes
            };
            return Attempt::Done(decode(text, &shown_url));
        }
        let err = api_error(status, &headers, &bytes);
        // A request that may have taken effect (a 5xx, a gateway error) is retried only when
        // repeating it is harmless; a create is retried only after an answer that says it was
        // not processed (rate limited, locked, conflict).
        let retry = if idempotent {
            vmc_http::retryable_status(status) || err.code().is_some_and(Error::is_retryable_code)
        } else {
            status == StatusCode::TOO_MANY_REQUESTS
                || err.code().is_some_and(Error::is_refusal_code)
        };
        if retry {
            // Rate-limit headers only advise on a 429; `Retry-After` always.
            let advice = status == StatusCode::TOO_MANY_REQUESTS
                || headers.contains_key(reqwest::header::RETRY_AFTER);
            Attempt::Retry {
                error: err,
                headers: advice.then_some(headers),
            }
        } else {
            Attempt::Done(Err(err))
        }
    }
}

fn transport_message(e: &reqwest::Error) -> String {
    let mut msg = if e.is_timeout() {
        "request timed out".to_string()
    } else if e.is_connect() {
        "connection failed".to_string()
    } else {
        "request failed".to_string()
    };
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    msg
}

/// Decodes the error envelope `{"error": {"code", "message", "details"}}`, falling back to the
/// bare HTTP status for other bodies (proxies, problem+json).
fn api_error(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    let correlation_id = headers
        .get("x-correlation-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let env = parsed.as_ref().and_then(|v| v.get("error"));
    let code = env
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| default_code(status).to_string());
    let message = env
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            status
                .canonical_reason()
                .unwrap_or("HTTP error")
                .to_string()
        });
    let details = env.and_then(|e| e.get("details")).cloned();
    Error::Api {
        status: status.as_u16(),
        code,
        message,
        details: details.filter(|d| !d.is_null()).map(Box::new),
        correlation_id,
    }
}

fn default_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        423 => "locked",
        429 => "rate_limit_exceeded",
        502 => "bad_gateway",
        503 => "unavailable",
        504 => "timeout",
        s if s >= 500 => "server_error",
        _ => "http_error",
    }
}
