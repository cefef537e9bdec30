//! The `shell` websocket (§8.3). It never runs a command: it reports on stdout (stream 100) the
//! argv it would run, echoes stdin frames (104) back as stdout, ignores terminal resizes (105),
//! and ends with a result frame (102) `{"exit_code":0}` and a normal close. With `stdin=1` the
//! session lasts until the client sends an empty stdin frame (end of input) or closes.
//! Query (all required): `cmd0`, `cmd1`, …, `service`, `podIndex`, `tty`, `stdin`.

use std::collections::BTreeMap;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::auth::Identity;
use super::lease::{self, LeasePath};
use super::ws::close;
use super::{Gw, GwError};

pub const STDOUT: u8 = 100;
pub const STDERR: u8 = 101;
pub const RESULT: u8 = 102;
pub const FAILURE: u8 = 103;
pub const STDIN: u8 = 104;
pub const RESIZE: u8 = 105;

/// A parsed shell request.
#[derive(Debug, Clone)]
pub struct ShellQuery {
    pub argv: Vec<String>,
    pub service: String,
    pub pod_index: u32,
    pub tty: bool,
    pub stdin: bool,
}

fn flag(q: &BTreeMap<String, String>, k: &str) -> Result<bool, GwError> {
    match q.get(k).map(String::as_str) {
        Some("1") => Ok(true),
        Some("0") => Ok(false),
        _ => Err(GwError::bad_request(format!("{k}: required, 0 or 1"))),
    }
}

impl ShellQuery {
    pub fn parse(q: &BTreeMap<String, String>) -> Result<Self, GwError> {
        let mut argv = Vec::new();
        while let Some(a) = q.get(&format!("cmd{}", argv.len())) {
            argv.push(a.clone());
        }
        if argv.is_empty() {
            return Err(GwError::bad_request("cmd0: a command is required"));
        }
        let service = q
            .get("service")
            .filter(|s| !s.is_empty())
            .cloned()
            .ok_or_else(|| GwError::bad_request("service: required"))?;
        let pod_index = q
            .get("podIndex")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| GwError::bad_request("podIndex: required, a replica index"))?;
        Ok(ShellQuery {
            argv,
            service,
            pod_index,
            tty: flag(q, "tty")?,
            stdin: flag(q, "stdin")?,
        })
    }
}

fn frame(stream: u8, payload: &[u8]) -> Message {
    let mut v = Vec::with_capacity(payload.len() + 1);
    v.push(stream);
    v.extend_from_slice(payload);
    Message::Binary(v.into())
}

pub async fn shell(
    State(gw): State<Gw>,
    Path(p): Path<LeasePath>,
    Query(q): Query<BTreeMap<String, String>>,
    who: Identity,
    ws: WebSocketUpgrade,
) -> Response {
    let sq = match ShellQuery::parse(&q) {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let names = [sq.service.clone()];
    if let Some(r) = who.deny(&gw.address, p.target("shell", &names)) {
        return r;
    }
    let (_, group, _) = match lease::with_manifest(&gw, &who.owner, p) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    let replicas = group
        .services
        .iter()
        .find(|s| s.name == sq.service)
        .map(|s| s.count);
    ws.on_upgrade(move |socket| session(socket, sq, replicas))
}

async fn finish(socket: &mut WebSocket, exit_code: i32, message: Option<String>) {
    let body = match message {
        Some(m) => json!({"exit_code": exit_code, "message": m}),
        None => json!({"exit_code": exit_code}),
    };
    let _ = socket
        .send(frame(RESULT, body.to_string().as_bytes()))
        .await;
    close(socket, 1000, "").await;
}

async fn session(mut socket: WebSocket, q: ShellQuery, replicas: Option<u32>) {
    match replicas {
        None => {
            let why = format!("service {:?} is not part of the lease", q.service);
            return finish(&mut socket, 1, Some(why)).await;
        }
        Some(n) if q.pod_index >= n => {
            let why = format!("pod index {} out of range (service has {n})", q.pod_index);
            return finish(&mut socket, 1, Some(why)).await;
        }
        Some(_) => {}
    }
    let argv = serde_json::to_string(&q.argv).unwrap_or_default();
    let line = format!(
        "devnet: would run {argv} in {} replica {} (tty={}); nothing runs here\n",
        q.service, q.pod_index, q.tty
    );
    if socket.send(frame(STDOUT, line.as_bytes())).await.is_err() {
        return;
    }
    if !q.stdin {
        return finish(&mut socket, 0, None).await;
    }
    while let Some(Ok(msg)) = socket.recv().await {
        let data = match msg {
            Message::Binary(b) => b,
            Message::Close(_) => return,
            _ => continue,
        };
        match data.split_first() {
            Some((&STDIN, [])) => return finish(&mut socket, 0, None).await,
            Some((&STDIN, rest)) => {
                if socket.send(frame(STDOUT, rest)).await.is_err() {
                    return;
                }
            }
            Some((&RESIZE, rest)) if rest.len() == 4 => {}
            _ => {
                let _ = socket.send(frame(FAILURE, &[])).await;
                close(&mut socket, 1000, "").await;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_needs_a_command_and_flags() {
        let mut q: BTreeMap<String, String> = [
            ("cmd0", "ls"),
            ("cmd1", "-la"),
            ("service", "web"),
            ("podIndex", "0"),
            ("tty", "0"),
            ("stdin", "1"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let s = ShellQuery::parse(&q).unwrap();
        assert_eq!(s.argv, ["ls", "-la"]);
        assert!(s.stdin && !s.tty);
        q.remove("cmd0");
        assert!(ShellQuery::parse(&q).is_err());
    }
}
