//! The `logs` and `kubeevents` websockets (§8.1–8.2). Nothing runs, so lines and events are
//! derived from the manifest, the replica index, the line number and the devnet clock: each
//! replica logs five start-up lines once ready, then one heartbeat line per devnet-clock second.
//! Query: `follow`, `tail` (≥ −1; per replica), `service` (comma-separated). Close codes: 4001
//! no manifest for the lease, 4000 no running pods / unknown service, 1000 at the end (or when
//! the lease closes while following). While following, the server pings every 10 s.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::auth::Identity;
use super::lease::{self, LeasePath};
use super::manifest::{ManifestGroup, ManifestService};
use super::status::ready_replicas;
use super::{Gw, GwError};
use crate::state::{BidId, StoredManifest, bkey};

/// While following, the server pings this often (§8.2).
const PING_EVERY: Duration = Duration::from_secs(10);

/// Start-up lines per replica before the heartbeat lines.
pub const STARTUP_LINES: u64 = 5;

/// Query of `logs` and `kubeevents`.
#[derive(Debug, Clone, Default)]
pub struct StreamQuery {
    pub follow: bool,
    /// Lines per replica to send first; `None` = all.
    pub tail: Option<u64>,
    pub services: Vec<String>,
}

impl StreamQuery {
    pub fn parse(q: &BTreeMap<String, String>) -> Result<Self, GwError> {
        let follow = match q.get("follow").map(String::as_str) {
            None | Some("") | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(v) => return Err(GwError::bad_request(format!("follow: {v:?} is not a bool"))),
        };
        let tail = match q.get("tail").map(String::as_str) {
            None | Some("") => None,
            Some(v) => match v.parse::<i64>() {
                Ok(-1) => None,
                Ok(n) if n >= 0 => Some(n as u64),
                _ => return Err(GwError::bad_request(format!("tail: {v:?} must be ≥ -1"))),
            },
        };
        let services = match q.get("service").map(String::as_str) {
            None | Some("") => Vec::new(),
            Some(v) => {
                let s: Vec<String> = v.split(',').map(str::to_string).collect();
                if s.iter().any(String::is_empty) {
                    return Err(GwError::bad_request(format!(
                        "service: {v:?} has an empty name"
                    )));
                }
                s
            }
        };
        Ok(StreamQuery {
            follow,
            tail,
            services,
        })
    }
}

/// The pod name of a replica.
pub fn pod_name(service: &str, replica: u32) -> String {
    format!("{service}-{replica}")
}

/// Line `n` (1-based) of replica `replica` of `s`.
pub fn log_line(lease: &BidId, s: &ManifestService, replica: u32, n: u64) -> String {
    let port = s
        .expose
        .iter()
        .flatten()
        .next()
        .map(|e| e.port.to_string())
        .unwrap_or_else(|| "none".into());
    match n {
        1 => format!("devnet: pulled image {}", s.image),
        2 => format!("devnet: starting {} replica {replica}", s.name),
        3 => format!("devnet: container port {port}"),
        4 => format!(
            "devnet: lease {}/{}/{}/{} on provider {}",
            lease.owner, lease.dseq, lease.gseq, lease.oseq, lease.provider
        ),
        5 => format!("devnet: {} replica {replica} ready", s.name),
        n => format!("devnet: heartbeat {}", n - STARTUP_LINES),
    }
}

fn selected<'a>(g: &'a ManifestGroup, q: &StreamQuery) -> Vec<&'a ManifestService> {
    g.services
        .iter()
        .filter(|s| q.services.is_empty() || q.services.contains(&s.name))
        .collect()
}

/// One append-only stream of frames per (service, replica): its length now, and its frames from
/// the position asked for (`from`, so a follower only builds what it has not sent yet).
type Streams = Vec<(usize, Vec<Value>)>;

fn log_streams(
    lease: &BidId,
    g: &ManifestGroup,
    m: &StoredManifest,
    q: &StreamQuery,
    now_ms: i64,
    delay_ms: i64,
    from: &[usize],
) -> Streams {
    let mut out = Vec::new();
    for s in selected(g, q) {
        let ready = ready_replicas(s, m, now_ms, delay_ms) > 0;
        let since = (now_ms - m.received_ms - delay_ms).max(0) as u64 / 1000;
        let lines = if ready { STARTUP_LINES + since } else { 0 };
        for r in 0..s.count {
            let first = from.get(out.len()).copied().unwrap_or(0) as u64 + 1;
            out.push((
                lines as usize,
                (first..=lines)
                    .map(|n| json!({"name": pod_name(&s.name, r), "message": log_line(lease, s, r, n)}))
                    .collect(),
            ));
        }
    }
    out
}

/// Kubernetes-style events: scheduled and pulling at once, the rest when ready.
fn event_streams(
    lease: &BidId,
    g: &ManifestGroup,
    m: &StoredManifest,
    q: &StreamQuery,
    now_ms: i64,
    delay_ms: i64,
    from: &[usize],
) -> Streams {
    let ns = hex::encode(&Sha256::digest(bkey(lease).as_bytes())[..8]);
    let mut out = Vec::new();
    for s in selected(g, q) {
        let ready = ready_replicas(s, m, now_ms, delay_ms) > 0;
        for r in 0..s.count {
            let pod = pod_name(&s.name, r);
            let all = [
                (
                    "default-scheduler",
                    "Scheduled",
                    format!("Successfully assigned {ns}/{pod} to devnet-node-1"),
                ),
                (
                    "kubelet",
                    "Pulling",
                    format!("Pulling image \"{}\"", s.image),
                ),
                (
                    "kubelet",
                    "Pulled",
                    format!("Successfully pulled image \"{}\"", s.image),
                ),
                (
                    "kubelet",
                    "Created",
                    format!("Created container {}", s.name),
                ),
                (
                    "kubelet",
                    "Started",
                    format!("Started container {}", s.name),
                ),
            ];
            let n = if ready { all.len() } else { 2 };
            let skip = from.get(out.len()).copied().unwrap_or(0);
            out.push((
                n,
                all.iter()
                    .take(n)
                    .skip(skip)
                    .map(|(ctl, reason, note)| {
                        json!({
                            "type": "Normal",
                            "reportingController": ctl,
                            "reportingInstance": "devnet-node-1",
                            "reason": reason,
                            "note": note,
                            "object": {"kind": "Pod", "namespace": ns, "name": pod},
                        })
                    })
                    .collect(),
            ));
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Kind {
    Logs,
    Events,
}

pub async fn logs(
    State(gw): State<Gw>,
    Path(p): Path<LeasePath>,
    Query(q): Query<BTreeMap<String, String>>,
    who: Identity,
    ws: WebSocketUpgrade,
) -> Response {
    upgrade(gw, p, q, who, ws, Kind::Logs)
}

pub async fn events(
    State(gw): State<Gw>,
    Path(p): Path<LeasePath>,
    Query(q): Query<BTreeMap<String, String>>,
    who: Identity,
    ws: WebSocketUpgrade,
) -> Response {
    upgrade(gw, p, q, who, ws, Kind::Events)
}

fn upgrade(
    gw: Gw,
    p: LeasePath,
    q: BTreeMap<String, String>,
    who: Identity,
    ws: WebSocketUpgrade,
    kind: Kind,
) -> Response {
    let q = match StreamQuery::parse(&q) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let scope = match kind {
        Kind::Logs => "logs",
        Kind::Events => "events",
    };
    if let Some(r) = who.deny(&gw.address, p.target(scope, &q.services)) {
        return r;
    }
    if let Err(e) = lease::active(&gw, &who.owner, p) {
        return e.into_response();
    }
    let owner = who.owner;
    ws.on_upgrade(move |socket| pump(socket, gw, owner, p, q, kind))
}

pub async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        })))
        .await;
}

/// The current streams (frames from `from` on), or the close code and reason.
fn snapshot(
    gw: &Gw,
    owner: &str,
    p: LeasePath,
    q: &StreamQuery,
    kind: Kind,
    from: &[usize],
) -> Result<Streams, (u16, String)> {
    let v = lease::active(gw, owner, p).map_err(|_| (1000, "lease closed".to_string()))?;
    let Some((g, m)) = v.manifest else {
        return Err((4001, "lease not found".into()));
    };
    if let Some(s) = q
        .services
        .iter()
        .find(|s| !g.services.iter().any(|x| &x.name == *s))
    {
        return Err((4000, format!("unknown service {s}")));
    }
    let (now, delay) = {
        let c = gw.app.lock();
        (c.clock.now_ms(), c.st.params.replicas_ready_ms)
    };
    Ok(match kind {
        Kind::Logs => {
            let s = log_streams(&v.id, &g, &m, q, now, delay, from);
            if s.iter().all(|(len, _)| *len == 0) {
                return Err((4000, "no running pods".into()));
            }
            s
        }
        Kind::Events => event_streams(&v.id, &g, &m, q, now, delay, from),
    })
}

async fn send_all(socket: &mut WebSocket, frames: &[Value]) -> bool {
    for f in frames {
        if socket
            .send(Message::Text(f.to_string().into()))
            .await
            .is_err()
        {
            return false;
        }
    }
    true
}

async fn pump(
    mut socket: WebSocket,
    gw: Gw,
    owner: String,
    p: LeasePath,
    q: StreamQuery,
    kind: Kind,
) {
    let first = match snapshot(&gw, &owner, p, &q, kind, &[]) {
        Ok(s) => s,
        Err((code, why)) => return close(&mut socket, code, &why).await,
    };
    let mut sent: Vec<usize> = first.iter().map(|(len, _)| *len).collect();
    for (_, s) in &first {
        let skip = q
            .tail
            .map(|t| s.len().saturating_sub(t as usize))
            .unwrap_or(0);
        if !send_all(&mut socket, &s[skip..]).await {
            return;
        }
    }
    if !q.follow {
        return close(&mut socket, 1000, "").await;
    }
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            m = socket.recv() => match m {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => continue,
            },
            _ = ping.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
                continue;
            }
            _ = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
        let now = match snapshot(&gw, &owner, p, &q, kind, &sent) {
            Ok(s) => s,
            Err((code, why)) => return close(&mut socket, code, &why).await,
        };
        for (i, (len, new)) in now.into_iter().enumerate() {
            if !send_all(&mut socket, &new).await {
                return;
            }
            if i < sent.len() {
                sent[i] = len;
            } else {
                sent.push(len);
            }
        }
    }
}
