//! The `logs` and `kubeevents` websockets (§8.1–8.2).
//!
//! Query: `follow`, `tail` (logs only; ≥ −1, absent = all) and `service` (comma-separated;
//! the server reads `service`, not the Go client's `services`). Frames are JSON text messages.
//! Close codes: 1000 the end (or the lease closed while following), 4000 internal error / no
//! running pods, 4001 lease not found ([`GatewayError::NotFound`]), 4002 service unavailable.
//!
//! With `follow`, a connection that drops (reset, no frame nor ping for
//! [`GatewayOptions::stream_idle_timeout`](super::GatewayOptions), 4002, 5xx on reconnect) is
//! opened again after the backoff of [`GatewayOptions::reconnect`](super::GatewayOptions)
//! (`vmc_http::RetryPolicy::delay`), reported through `on_notice`; the reconnection asks for
//! `tail=0`, so lines already delivered are not repeated (lines logged while disconnected are
//! not replayed either). After `reconnect.max_retries` reconnections in a row without a frame,
//! the last error is returned.

use std::time::Duration;

use futures_util::StreamExt as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio_tungstenite::tungstenite::{self, Message};
use url::Url;

use super::client::{GatewayClient, Ws, decode, lease_path};
use super::error::{GatewayError, close_meaning};

/// What `logs` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// Keep the stream open and deliver new lines as they come.
    pub follow: bool,
    /// Lines per replica to send first; `None` (or −1) = all.
    pub tail: Option<i64>,
    /// Only these services (empty = all).
    pub services: Vec<String>,
}

/// One log line: `{"name": "<pod/replica name>", "message": "<line>"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub name: String,
    pub message: String,
}

/// One Kubernetes event of the lease (§8.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KubeEvent {
    /// `Normal` or `Warning`.
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(rename = "reportingController", default)]
    pub reporting_controller: String,
    #[serde(rename = "reportingInstance", default)]
    pub reporting_instance: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub object: EventObject,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What an event is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventObject {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub name: String,
}

/// Progress of a followed stream.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamNotice {
    /// The connection dropped; reconnection `attempt` (1-based) after `delay`.
    Reconnecting {
        attempt: u32,
        delay: Duration,
        reason: String,
    },
    /// Connected again after `attempt` tries.
    Reconnected { attempt: u32 },
}

/// How one connection ended.
enum End {
    /// 1000 (or a close without a code): the stream is over.
    Normal,
    /// An error; `progress` = at least one frame arrived on this connection.
    Failed { error: GatewayError, progress: bool },
}

impl GatewayClient {
    /// Streams the lease's logs to `on_line` until the provider ends the stream (without
    /// `follow`: after the backlog; with it: when the lease closes). See the module docs.
    pub async fn logs(
        &self,
        dseq: u64,
        gseq: u32,
        oseq: u32,
        opts: &LogOptions,
        on_line: impl FnMut(LogLine),
        on_notice: impl FnMut(StreamNotice),
    ) -> Result<(), GatewayError> {
        let path = format!("{}/logs", lease_path(dseq, gseq, oseq));
        self.follow_stream(
            &path,
            opts.follow,
            opts.tail.map(|t| t.max(-1)),
            &opts.services,
            &format!("the lease {dseq}/{gseq}/{oseq}"),
            on_line,
            on_notice,
        )
        .await
    }

    /// Streams the lease's Kubernetes events to `on_event` (see [`GatewayClient::logs`]).
    #[allow(clippy::too_many_arguments)]
    pub async fn events(
        &self,
        dseq: u64,
        gseq: u32,
        oseq: u32,
        follow: bool,
        services: &[String],
        on_event: impl FnMut(KubeEvent),
        on_notice: impl FnMut(StreamNotice),
    ) -> Result<(), GatewayError> {
        let path = format!("{}/kubeevents", lease_path(dseq, gseq, oseq));
        self.follow_stream(
            &path,
            follow,
            None,
            services,
            &format!("the lease {dseq}/{gseq}/{oseq}"),
            on_event,
            on_notice,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn follow_stream<T: DeserializeOwned>(
        &self,
        path: &str,
        follow: bool,
        tail: Option<i64>,
        services: &[String],
        what: &str,
        mut on_item: impl FnMut(T),
        mut on_notice: impl FnMut(StreamNotice),
    ) -> Result<(), GatewayError> {
        let mut connected_once = false;
        // Reconnections in a row without a frame.
        let mut attempt: u32 = 0;
        loop {
            // A reconnection of a followed stream asks for no backlog: nothing is repeated.
            let tail = if connected_once { Some(0) } else { tail };
            let url = self.ws_url(path, &stream_query(follow, tail, services));
            let end = match self.ws_connect(&url).await {
                Ok(ws) => {
                    if connected_once {
                        on_notice(StreamNotice::Reconnected { attempt });
                    }
                    connected_once = true;
                    self.read_stream(ws, &url, what, &mut on_item).await
                }
                Err(error) => End::Failed {
                    error,
                    progress: false,
                },
            };
            let (error, progress) = match end {
                End::Normal => return Ok(()),
                End::Failed { error, progress } => (error, progress),
            };
            if progress {
                attempt = 0;
            }
            let max = self.inner.opts.reconnect.max_retries;
            if !(follow && connected_once && error.is_transient()) || attempt >= max {
                return Err(error);
            }
            let delay = self.reconnect_delay(attempt);
            attempt += 1;
            on_notice(StreamNotice::Reconnecting {
                attempt,
                delay,
                reason: error.to_string(),
            });
            tokio::time::sleep(delay).await;
        }
    }

    /// Reads one connection to its end.
    async fn read_stream<T: DeserializeOwned>(
        &self,
        mut ws: Ws,
        url: &Url,
        what: &str,
        on_item: &mut impl FnMut(T),
    ) -> End {
        let endpoint = self.inner.shown.clone();
        let shown_url = vmc_http::redact::url(url);
        let idle = self.inner.opts.stream_idle_timeout;
        let mut progress = false;
        let fail = |error, progress| End::Failed { error, progress };
        loop {
            let next = match tokio::time::timeout(idle, ws.next()).await {
                Err(_) => {
                    let _ = ws.close(None).await;
                    return fail(
                        GatewayError::Disconnected {
                            endpoint,
                            message: format!("nothing received for {} s", idle.as_secs()),
                        },
                        progress,
                    );
                }
                Ok(n) => n,
            };
            let msg = match next {
                None => {
                    return fail(
                        GatewayError::Disconnected {
                            endpoint,
                            message: "the connection closed without a close frame".into(),
                        },
                        progress,
                    );
                }
                Some(Err(tungstenite::Error::ConnectionClosed)) => return End::Normal,
                Some(Err(e)) => {
                    return fail(
                        GatewayError::Disconnected {
                            endpoint,
                            message: e.to_string(),
                        },
                        progress,
                    );
                }
                Some(Ok(m)) => m,
            };
            let bytes: &[u8] = match &msg {
                Message::Text(t) => t.as_bytes(),
                Message::Binary(b) => b,
                Message::Close(frame) => {
                    let Some(f) = frame else {
                        return End::Normal;
                    };
                    let code = u16::from(f.code);
                    return match code {
                        1000 => End::Normal,
                        4001 => fail(
                            GatewayError::NotFound {
                                endpoint,
                                what: what.to_string(),
                            },
                            progress,
                        ),
                        _ => fail(
                            GatewayError::Closed {
                                endpoint,
                                code,
                                meaning: close_meaning(code),
                                reason: f.reason.to_string(),
                            },
                            progress,
                        ),
                    };
                }
                _ => continue,
            };
            match decode::<T>(bytes, &shown_url) {
                Ok(item) => {
                    progress = true;
                    on_item(item);
                }
                Err(e) => {
                    let _ = ws.close(None).await;
                    return fail(e, progress);
                }
            }
        }
    }
}

/// The query of `logs` / `kubeevents`.
fn stream_query(
    follow: bool,
    tail: Option<i64>,
    services: &[String],
) -> Vec<(&'static str, String)> {
    let mut q = vec![("follow", follow.to_string())];
    if let Some(t) = tail {
        q.push(("tail", t.to_string()));
    }
    let services: Vec<&str> = services
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !services.is_empty() {
        q.push(("service", services.join(",")));
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_uses_service_not_services() {
        let q = stream_query(true, Some(0), &["web".into(), " db ".into(), String::new()]);
        assert_eq!(
            q,
            [
                ("follow", "true".to_string()),
                ("tail", "0".to_string()),
                ("service", "web,db".to_string())
            ]
        );
        assert_eq!(
            stream_query(false, None, &[]),
            [("follow", "false".to_string())]
        );
    }

    #[test]
    fn events_decode() {
        let e: KubeEvent = serde_json::from_str(
            r#"{"type":"Normal","reportingController":"kubelet","reportingInstance":"n1",
               "reason":"Pulled","note":"ok","object":{"kind":"Pod","namespace":"ns","name":"web-0"}}"#,
        )
        .unwrap();
        assert_eq!(e.kind, "Normal");
        assert_eq!(e.object.name, "web-0");
    }
}
