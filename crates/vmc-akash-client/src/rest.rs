//! One GET (or POST) against the chain REST API, with retries, error mapping and typed
//! decoding; and `next_key` pagination followed to the end.
//!
//! Reads are retried with backoff and jitter ([`vmc_http::RetryPolicy`]) on 429, 5xx answers
//! that are not a chain refusal, timeouts and refused connections. Writes (broadcasts) are
//! never retried here: the transaction phases decide, after looking the hash up.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;
use vmc_akash_proto::cosmos::PageResponse;
use vmc_http::{Attempt, RetryPolicy};

use crate::ClientError;

/// How the client talks to the node.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Sent as `User-Agent`.
    pub user_agent: String,
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Retries of reads.
    pub retry: RetryPolicy,
    /// Items asked for per page (`pagination.limit`).
    pub page_limit: u64,
    /// A listing stops with [`ClientError::TooMany`] past this many items.
    pub max_items: usize,
    /// Allow plain HTTP to a host that is not loopback.
    pub allow_insecure_http: bool,
}

impl Default for ClientOptions {
    /// 15 s per request, 5 s to connect, the default retry policy, pages of 500, at most
    /// 100,000 items per listing.
    fn default() -> Self {
        ClientOptions {
            user_agent: concat!("vmc/", env!("CARGO_PKG_VERSION")).to_string(),
            timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            page_limit: 500,
            max_items: 100_000,
            allow_insecure_http: false,
        }
    }
}

use vmc_http::RetryHook;
pub use vmc_http::RetryNotice;

/// The HTTP half of [`crate::ChainClient`]. Cheap to clone.
#[derive(Clone)]
pub struct Rest {
    http: reqwest::Client,
    base: Url,
    shown: String,
    opts: ClientOptions,
    on_retry: Option<RetryHook>,
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest")
            .field("endpoint", &self.shown)
            .finish_non_exhaustive()
    }
}

/// Connection refusals are retried at most this many times (a node that is down stays down;
/// a flaky one answers on the second try).
const CONNECT_RETRIES: u32 = 2;

impl Rest {
    pub fn new(endpoint: &str, opts: ClientOptions) -> Result<Rest, ClientError> {
        let mut base = crate::network::endpoint_url(endpoint, opts.allow_insecure_http)?;
        let path = base.path().trim_end_matches('/').to_string();
        base.set_path(&path);
        base.set_query(None);
        let http = vmc_http::client::build(&vmc_http::ClientOptions {
            user_agent: opts.user_agent.clone(),
            timeout: opts.timeout,
            connect_timeout: opts.connect_timeout,
        })?;
        let shown = vmc_http::redact::url(&base)
            .trim_end_matches('/')
            .to_string();
        Ok(Rest {
            http,
            base,
            shown,
            opts,
            on_retry: None,
        })
    }

    /// Calls `hook` before every retry.
    pub fn on_retry(&mut self, hook: impl Fn(&RetryNotice) + Send + Sync + 'static) {
        self.on_retry = Some(Arc::new(hook));
    }

    /// The endpoint, without credentials.
    pub fn endpoint(&self) -> &str {
        &self.shown
    }

    pub fn options(&self) -> &ClientOptions {
        &self.opts
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.as_str().trim_end_matches('/'))
    }

    /// GET `path?query`, decoded as `T`; `what` names the thing for a NotFound.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        what: &str,
    ) -> Result<T, ClientError> {
        let url = self.url(path);
        let shown = format!("GET {path}");
        let hook = self.on_retry.clone();
        vmc_http::retry(
            &self.opts.retry,
            |n| {
                let req = self.http.get(&url).query(query);
                async move { self.attempt(req, path, what, n, true).await }
            },
            |n, delay, e: &ClientError| {
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

    /// POST a JSON body once (no retry: a broadcast must be looked up before it is resent).
    pub async fn post_once<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T, ClientError> {
        let req = self.http.request(Method::POST, self.url(path)).json(body);
        match self.attempt(req, path, path, 0, false).await {
            Attempt::Done(r) => r,
            Attempt::Retry { error, .. } => Err(error),
        }
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
        path: &str,
        what: &str,
        n: u32,
        retry: bool,
    ) -> Attempt<T, ClientError> {
        let endpoint = || format!("{}{path}", self.shown);
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let error = self.transport_error(&e, path);
                let again = retry && (e.is_timeout() || n < CONNECT_RETRIES);
                return if again {
                    Attempt::Retry {
                        error,
                        headers: None,
                    }
                } else {
                    Attempt::Done(Err(error))
                };
            }
        };
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => {
                let error = self.transport_error(&e, path);
                return if retry {
                    Attempt::Retry {
                        error,
                        headers: None,
                    }
                } else {
                    Attempt::Done(Err(error))
                };
            }
        };
        if status.is_success() {
            return Attempt::Done(decode(&bytes, &endpoint()));
        }
        let refusal = serde_json::from_slice::<GrpcError>(&bytes).ok();
        let message = match &refusal {
            Some(r) => r.message.clone(),
            None => snippet(&bytes),
        };
        let code = refusal.as_ref().map(|r| r.code);
        if status == StatusCode::NOT_FOUND || code == Some(5) {
            return Attempt::Done(Err(ClientError::NotFound {
                what: what.to_string(),
                endpoint: self.shown.clone(),
            }));
        }
        // Retry what the node or a proxy says is passing: 429, 502–504, and 5xx whose body is
        // not a definite chain refusal (unavailable 14, deadline 4, internal 13, or no code).
        let passing = status == StatusCode::TOO_MANY_REQUESTS
            || matches!(status.as_u16(), 502..=504)
            || (status.is_server_error() && matches!(code, None | Some(4) | Some(13) | Some(14)));
        let retries = n;
        let error = if passing {
            ClientError::Server {
                endpoint: endpoint(),
                status: status.as_u16(),
                retries,
                message,
            }
        } else {
            ClientError::Chain {
                endpoint: endpoint(),
                status: status.as_u16(),
                code: code.unwrap_or(-1),
                codespace: refusal.and_then(|r| r.codespace),
                message,
            }
        };
        if passing && retry {
            Attempt::Retry {
                error: with_retries(error, n),
                headers: Some(headers),
            }
        } else {
            Attempt::Done(Err(error))
        }
    }

    /// A failed send or body read: Timeout (naming the path) or Unreachable (the endpoint).
    fn transport_error(&self, e: &reqwest::Error, path: &str) -> ClientError {
        if e.is_timeout() {
            ClientError::Timeout {
                endpoint: format!("{}{path}", self.shown),
                secs: self.opts.timeout.as_secs().max(1),
            }
        } else {
            ClientError::Unreachable {
                endpoint: self.shown.clone(),
                message: transport_message(e),
            }
        }
    }

    /// Every item of a paginated list: `GET path?query&pagination.limit=L[&pagination.key=K]`
    /// until `next_key` is null. `split` takes a page apart into its items and its pagination.
    pub async fn list<R, T>(
        &self,
        path: &str,
        query: &[(&str, String)],
        what: &str,
        split: impl Fn(R) -> (Vec<T>, Option<PageResponse>),
    ) -> Result<Vec<T>, ClientError>
    where
        R: DeserializeOwned,
    {
        let mut out: Vec<T> = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            let mut q: Vec<(&str, String)> = query.to_vec();
            q.push(("pagination.limit", self.opts.page_limit.to_string()));
            if let Some(k) = &key {
                q.push(("pagination.key", B64.encode(k)));
            }
            let page: R = self.get(path, &q, what).await?;
            let (items, pagination) = split(page);
            out.extend(items);
            if out.len() > self.opts.max_items {
                return Err(ClientError::TooMany {
                    endpoint: format!("{}{path}", self.shown),
                    what: what.to_string(),
                    limit: self.opts.max_items,
                });
            }
            match pagination
                .and_then(|p| p.next_key)
                .filter(|k| !k.is_empty())
            {
                None => return Ok(out),
                Some(next) if key.as_ref() == Some(&next) => {
                    return Err(ClientError::Decode {
                        endpoint: format!("{}{path}", self.shown),
                        path: "pagination.next_key".into(),
                        message: "the same next_key came back twice (the listing does not advance)"
                            .into(),
                    });
                }
                Some(next) => key = Some(next),
            }
        }
    }
}

fn with_retries(e: ClientError, n: u32) -> ClientError {
    match e {
        ClientError::Server {
            endpoint,
            status,
            message,
            ..
        } => ClientError::Server {
            endpoint,
            status,
            retries: n,
            message,
        },
        other => other,
    }
}

/// Decodes a JSON body as `T`, naming the field path where it fails.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], endpoint: &str) -> Result<T, ClientError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| ClientError::Decode {
        endpoint: endpoint.to_string(),
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// The gRPC-gateway error body (§3.1).
#[derive(serde::Deserialize)]
struct GrpcError {
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    codespace: Option<String>,
}

fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let t: String = text.trim().chars().take(200).collect();
    if t.is_empty() {
        "(empty body)".into()
    } else {
        t
    }
}

/// The innermost cause of a transport error, which says what actually happened.
fn transport_message(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg = s.to_string();
        src = s.source();
    }
    msg
}
