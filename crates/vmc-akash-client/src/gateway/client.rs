//! The HTTPS half of the gateway client: one request with timeouts, retries of the idempotent
//! ones, error mapping and typed decoding; and the websocket connection the streams and the
//! shell start from, over the same TLS configuration.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use rustls_pki_types::CertificateDer;
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream, tungstenite};
use url::Url;
use vmc_http::{Attempt, RetryPolicy};

use super::auth::GatewayAuth;
use super::error::GatewayError;
use super::status::{LeaseStatus, ProviderStatus, ProviderVersion};
use super::tls::{self, Trust};
use crate::rest::RetryNotice;

/// How the client talks to a gateway.
#[derive(Debug, Clone)]
pub struct GatewayOptions {
    /// Sent as `User-Agent`.
    pub user_agent: String,
    /// Whole-request timeout of the REST calls.
    pub timeout: Duration,
    /// TCP + TLS (+ websocket upgrade) timeout.
    pub connect_timeout: Duration,
    /// Timeout of `PUT /deployment/{dseq}/manifest` (the provider allows itself 120 s).
    pub manifest_timeout: Duration,
    /// Retries of the idempotent requests (every GET and the manifest PUT) on refused
    /// connections and 429/502/503/504. Timeouts are not retried.
    pub retry: RetryPolicy,
    /// Backoff between the reconnections of a followed stream; `max_retries` bounds the
    /// reconnections without progress in a row.
    pub reconnect: RetryPolicy,
    /// A stream that receives nothing (not even the provider's 10 s pings) this long counts as
    /// dropped.
    pub stream_idle_timeout: Duration,
    /// Extra Web PKI roots for step 1 of the certificate check (§8.4), on top of Mozilla's
    /// (webpki-roots, always trusted).
    pub web_pki_roots: Vec<CertificateDer<'static>>,
}

impl Default for GatewayOptions {
    /// 30 s per request, 10 s to connect, 150 s for a manifest, 2 quick retries, up to 8
    /// reconnections 0.5 s → 10 s apart, 45 s idle; Web PKI with Mozilla's roots only (webpki-roots).
    fn default() -> Self {
        GatewayOptions {
            user_agent: concat!("vmc/", env!("CARGO_PKG_VERSION")).to_string(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            manifest_timeout: Duration::from_secs(150),
            retry: RetryPolicy {
                max_retries: 2,
                base: Duration::from_millis(250),
                cap: Duration::from_secs(2),
            },
            reconnect: RetryPolicy {
                max_retries: 8,
                base: Duration::from_millis(500),
                cap: Duration::from_secs(10),
            },
            stream_idle_timeout: Duration::from_secs(45),
            web_pki_roots: Vec::new(),
        }
    }
}

use vmc_http::RetryHook;

pub(crate) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub(crate) struct Inner {
    pub(crate) base: Url,
    /// `https://host:port`, for messages.
    pub(crate) shown: String,
    pub(crate) provider: String,
    http: reqwest::Client,
    tls: Arc<rustls::ClientConfig>,
    auth: GatewayAuth,
    pub(crate) opts: GatewayOptions,
    on_retry: Option<RetryHook>,
}

/// A client of one provider's gateway. Cheap to clone (clones share the connection pool).
#[derive(Clone)]
pub struct GatewayClient {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for GatewayClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayClient")
            .field("endpoint", &self.inner.shown)
            .field("provider", &self.inner.provider)
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

/// A lease path `/lease/{dseq}/{gseq}/{oseq}`.
pub(crate) fn lease_path(dseq: u64, gseq: u32, oseq: u32) -> String {
    format!("/lease/{dseq}/{gseq}/{oseq}")
}

impl GatewayClient {
    /// A client for the provider at `host_uri` (its on-chain `host_uri`, `https://…`), trusting
    /// what [`Trust`] and the options' Web PKI roots allow (§8.4).
    pub fn new(
        host_uri: &str,
        trust: Trust,
        auth: GatewayAuth,
        opts: &GatewayOptions,
    ) -> Result<GatewayClient, GatewayError> {
        let bad = |reason: String| GatewayError::Endpoint {
            endpoint: vmc_http::redact::url_str(host_uri),
            reason,
        };
        let mut base = Url::parse(host_uri.trim()).map_err(|e| bad(e.to_string()))?;
        if base.scheme() != "https" {
            return Err(bad(format!(
                "the scheme is `{}`; provider gateways speak https",
                base.scheme()
            )));
        }
        if base.host_str().is_none_or(str::is_empty) {
            return Err(bad("no host".into()));
        }
        if !base.username().is_empty() || base.password().is_some() {
            return Err(bad("credentials in the URL are not used".into()));
        }
        base.set_query(None);
        base.set_fragment(None);
        let path = base.path().trim_end_matches('/').to_string();
        base.set_path(&path);
        let shown = vmc_http::redact::url(&base)
            .trim_end_matches('/')
            .to_string();
        let tls = tls::client_config(&trust, &opts.web_pki_roots).map_err(|reason| {
            GatewayError::Tls {
                endpoint: shown.clone(),
                message: reason,
            }
        })?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            .user_agent(opts.user_agent.clone())
            .timeout(opts.timeout)
            .connect_timeout(opts.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .http1_only()
            .build()
            .map_err(|e| bad(format!("cannot build the HTTPS client: {e}")))?;
        Ok(GatewayClient {
            inner: Arc::new(Inner {
                base,
                shown,
                provider: trust.provider,
                http,
                tls,
                auth,
                opts: opts.clone(),
                on_retry: None,
            }),
        })
    }

    /// Calls `hook` before every retry of a request. Call it before cloning the client.
    pub fn on_retry(mut self, hook: impl Fn(&RetryNotice) + Send + Sync + 'static) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.on_retry = Some(Arc::new(hook));
        }
        self
    }

    /// `https://host:port` of the gateway.
    pub fn endpoint(&self) -> &str {
        &self.inner.shown
    }

    /// The lease provider the client trusts (`akash1…`).
    pub fn provider(&self) -> &str {
        &self.inner.provider
    }

    /// `GET /version` (public).
    pub async fn version(&self) -> Result<ProviderVersion, GatewayError> {
        self.get_json("/version", "the provider version").await
    }

    /// `GET /status` (public).
    pub async fn status(&self) -> Result<ProviderStatus, GatewayError> {
        self.get_json("/status", "the provider status").await
    }

    /// `GET /address` (public): the provider's own account address.
    pub async fn address(&self) -> Result<String, GatewayError> {
        #[derive(serde::Deserialize)]
        struct Address {
            address: String,
        }
        let a: Address = self.get_json("/address", "the provider address").await?;
        Ok(a.address)
    }

    /// `GET /lease/{dseq}/{gseq}/{oseq}/status` (JWT scope `status`). NotFound until the
    /// provider has the lease's manifest.
    pub async fn lease_status(
        &self,
        dseq: u64,
        gseq: u32,
        oseq: u32,
    ) -> Result<LeaseStatus, GatewayError> {
        let path = format!("{}/status", lease_path(dseq, gseq, oseq));
        self.get_json(&path, &format!("the lease {dseq}/{gseq}/{oseq}"))
            .await
    }

    /// `GET /lease/{dseq}/{gseq}/{oseq}/manifest` (scope `get-manifest`): the lease's groups as
    /// the provider stored them.
    pub async fn lease_manifest(
        &self,
        dseq: u64,
        gseq: u32,
        oseq: u32,
    ) -> Result<serde_json::Value, GatewayError> {
        let path = format!("{}/manifest", lease_path(dseq, gseq, oseq));
        self.get_json(
            &path,
            &format!("the manifest of the lease {dseq}/{gseq}/{oseq}"),
        )
        .await
    }

    /// `PUT /deployment/{dseq}/manifest` (scope `send-manifest`) with the manifest JSON array.
    /// Idempotent: sending the same manifest again is accepted, so it is retried like a read.
    /// 404 = the provider has no lease for the deployment (yet); 422 (an [`GatewayError::Http`])
    /// = the provider refused the manifest (its message says why, e.g. a hash mismatch).
    pub async fn send_manifest(&self, dseq: u64, manifest_json: &[u8]) -> Result<(), GatewayError> {
        let path = format!("/deployment/{dseq}/manifest");
        let body = manifest_json.to_vec();
        self.request(
            Method::PUT,
            &path,
            Some(body),
            &format!("a lease of the deployment {dseq}"),
        )
        .await
        .map(|_| ())
    }

    fn url(&self, path: &str) -> Url {
        let mut u = self.inner.base.clone();
        let joined = format!("{}{path}", self.inner.base.path().trim_end_matches('/'));
        u.set_path(&joined);
        u
    }

    async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
    ) -> Result<T, GatewayError> {
        let url = self.url(path);
        let bytes = self.request(Method::GET, path, None, what).await?;
        decode(&bytes, &vmc_http::redact::url(&url))
    }

    /// One request with the retries of [`GatewayOptions::retry`]; the body of a 2xx answer.
    async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        what: &str,
    ) -> Result<Vec<u8>, GatewayError> {
        let url = self.url(path);
        let label = format!("{method} {path}");
        let hook = self.inner.on_retry.clone();
        vmc_http::retry(
            &self.inner.opts.retry,
            |_| {
                let (method, url, body) = (method.clone(), url.clone(), body.clone());
                async move {
                    match self.once(method, &url, body, what).await {
                        Ok(b) => Attempt::Done(Ok(b)),
                        Err((e, headers)) if retryable(&e) => Attempt::Retry { error: e, headers },
                        Err((e, _)) => Attempt::Done(Err(e)),
                    }
                }
            },
            |n, delay, e: &GatewayError| {
                if let Some(h) = &hook {
                    h(&RetryNotice {
                        request: label.clone(),
                        retry: n + 1,
                        delay,
                        reason: e.to_string(),
                    });
                }
            },
        )
        .await
    }

    async fn once(
        &self,
        method: Method,
        url: &Url,
        body: Option<Vec<u8>>,
        what: &str,
    ) -> Result<Vec<u8>, (GatewayError, Option<reqwest::header::HeaderMap>)> {
        let is_put = method == Method::PUT;
        let mut req = self.inner.http.request(method, url.clone());
        if let Some(h) = self.inner.auth.header() {
            req = req.header(AUTHORIZATION, h);
        }
        if let Some(b) = body {
            req = req
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(b);
        }
        if is_put {
            req = req.timeout(self.inner.opts.manifest_timeout);
        }
        let timeout = if is_put {
            self.inner.opts.manifest_timeout
        } else {
            self.inner.opts.timeout
        };
        let resp = req
            .send()
            .await
            .map_err(|e| (self.transport_error(&e, timeout), None))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| (self.transport_error(&e, timeout), None))?;
        if status.is_success() {
            return Ok(bytes.to_vec());
        }
        Err((
            status_error(&self.inner.shown, status.as_u16(), &bytes, what),
            Some(headers),
        ))
    }

    /// A transport failure of reqwest, classified.
    fn transport_error(&self, e: &reqwest::Error, timeout: Duration) -> GatewayError {
        let endpoint = self.inner.shown.clone();
        if let Some(message) = tls::find_tls_error(e) {
            return GatewayError::Tls { endpoint, message };
        }
        if e.is_timeout() {
            let t = if e.is_connect() {
                self.inner.opts.connect_timeout
            } else {
                timeout
            };
            return GatewayError::Timeout {
                endpoint,
                secs: t.as_secs_f64(),
            };
        }
        let message = root_cause(e);
        if e.is_connect() || e.is_request() {
            GatewayError::Unreachable { endpoint, message }
        } else {
            GatewayError::Disconnected { endpoint, message }
        }
    }

    /// Opens the websocket at `path_and_query` (under the gateway), with the JWT, over the
    /// client's TLS configuration, within the connect timeout.
    pub(crate) async fn ws_connect(&self, url: &Url) -> Result<Ws, GatewayError> {
        let endpoint = self.inner.shown.clone();
        let mut req = url
            .as_str()
            .into_client_request()
            .map_err(|e| GatewayError::Endpoint {
                endpoint: endpoint.clone(),
                reason: e.to_string(),
            })?;
        if let Some(h) = self.inner.auth.header() {
            req.headers_mut().insert(AUTHORIZATION, h);
        }
        if let Ok(ua) = HeaderValue::from_str(&self.inner.opts.user_agent) {
            req.headers_mut().insert(USER_AGENT, ua);
        }
        let connect = tokio_tungstenite::connect_async_tls_with_config(
            req,
            None,
            true,
            Some(Connector::Rustls(self.inner.tls.clone())),
        );
        let t = self.inner.opts.connect_timeout;
        match tokio::time::timeout(t, connect).await {
            Err(_) => Err(GatewayError::Timeout {
                endpoint,
                secs: t.as_secs_f64(),
            }),
            Ok(Err(e)) => Err(ws_error(&endpoint, e, "the lease")),
            Ok(Ok((ws, _))) => Ok(ws),
        }
    }

    /// `wss://host:port/path?query` for a websocket under the gateway.
    pub(crate) fn ws_url(&self, path: &str, query: &[(&str, String)]) -> Url {
        let mut u = self.url(path);
        // https → wss: both special schemes, so this cannot fail.
        let _ = u.set_scheme("wss");
        if !query.is_empty() {
            u.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        u
    }

    /// The delay before reconnection `attempt` (0-based) of a followed stream.
    pub(crate) fn reconnect_delay(&self, attempt: u32) -> Duration {
        self.inner
            .opts
            .reconnect
            .delay(attempt, None, SystemTime::now())
    }
}

fn retryable(e: &GatewayError) -> bool {
    match e {
        GatewayError::Unreachable { .. } => true,
        GatewayError::Http { status, .. } => {
            StatusCode::from_u16(*status).is_ok_and(vmc_http::retryable_status)
        }
        _ => false,
    }
}

/// The innermost message of an error chain (e.g. "Connection refused (os error 111)").
pub(crate) fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// The provider's `{"message": …}`, or the body text (trimmed, at most 500 characters).
pub(crate) fn body_message(body: &[u8]) -> String {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body)
        && let Some(m) = v.get("message").and_then(|m| m.as_str())
    {
        return m.to_string();
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "(empty body)".into();
    }
    text.chars().take(500).collect()
}

/// The auth refusals the provider answers with 400 (§8.1).
fn is_auth_message(m: &str) -> bool {
    m.starts_with("auth:") || m == "invalid authorization header" || m.starts_with("JWT ")
}

/// A non-success status, classified.
pub(crate) fn status_error(endpoint: &str, status: u16, body: &[u8], what: &str) -> GatewayError {
    let message = body_message(body);
    let endpoint = endpoint.to_string();
    match status {
        401 | 403 => GatewayError::Unauthorized {
            endpoint,
            status,
            message,
        },
        400 if is_auth_message(&message) => GatewayError::Unauthorized {
            endpoint,
            status,
            message,
        },
        404 => GatewayError::NotFound {
            endpoint,
            what: what.to_string(),
        },
        _ => GatewayError::Http {
            endpoint,
            status,
            message,
        },
    }
}

/// Decodes `bytes`, naming the JSON path that does not fit.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8], url: &str) -> Result<T, GatewayError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        GatewayError::Decode {
            endpoint: url.to_string(),
            path: if path.is_empty() { ".".into() } else { path },
            message: e.into_inner().to_string(),
        }
    })
}

/// A websocket connection or read failure, classified.
pub(crate) fn ws_error(endpoint: &str, e: tungstenite::Error, what: &str) -> GatewayError {
    let endpoint = endpoint.to_string();
    match e {
        tungstenite::Error::Http(resp) => {
            let body = resp.body().clone().unwrap_or_default();
            status_error(&endpoint, resp.status().as_u16(), &body, what)
        }
        tungstenite::Error::Tls(t) => GatewayError::Tls {
            endpoint,
            message: match &t {
                tungstenite::error::TlsError::Rustls(r) => tls::rustls_message(r),
                other => other.to_string(),
            },
        },
        tungstenite::Error::Io(io) => {
            if let Some(message) = tls::find_tls_error(&io) {
                return GatewayError::Tls { endpoint, message };
            }
            GatewayError::Unreachable {
                endpoint,
                message: root_cause(&io),
            }
        }
        tungstenite::Error::Url(u) => GatewayError::Endpoint {
            endpoint,
            reason: u.to_string(),
        },
        other => GatewayError::Disconnected {
            endpoint,
            message: other.to_string(),
        },
    }
}
