//! The `shell` websocket (§8.3): run a command in one replica of a lease's service.
//!
//! Query (all required): `cmd0`, `cmd1`, … (argv), `service`, `podIndex`, `tty` (`1`/`0`),
//! `stdin` (`1`/`0`). All frames are binary, the first byte is the stream: 100 stdout, 101
//! stderr, 102 result (`{"exit_code": n, "message"?: "…"}`, the end of the session), 103
//! failure, 104 stdin (client → server; an empty payload = end of input), 105 terminal resize
//! (client → server; width then height, u16 big-endian).

use futures_util::stream::BoxStream;
use futures_util::{SinkExt as _, StreamExt as _};
use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio_tungstenite::tungstenite::{self, Message};

use super::client::{GatewayClient, lease_path};
use super::error::{GatewayError, close_meaning};

pub const STDOUT: u8 = 100;
pub const STDERR: u8 = 101;
pub const RESULT: u8 = 102;
pub const FAILURE: u8 = 103;
pub const STDIN: u8 = 104;
pub const RESIZE: u8 = 105;

/// What to run, where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellRequest {
    pub service: String,
    /// The replica index (`podIndex`).
    pub replica: u32,
    /// Allocate a terminal.
    pub tty: bool,
    /// Forward [`ShellIo::stdin`].
    pub stdin: bool,
    /// The command and its arguments (at least one).
    pub argv: Vec<String>,
}

/// A terminal size, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermSize {
    pub width: u16,
    pub height: u16,
}

/// Where the session's streams come from and go to.
pub struct ShellIo<'a> {
    /// Read and forwarded when [`ShellRequest::stdin`]; its end is sent as end of input.
    pub stdin: Option<Box<dyn AsyncRead + Send + Unpin + 'a>>,
    pub stdout: Box<dyn AsyncWrite + Send + Unpin + 'a>,
    pub stderr: Box<dyn AsyncWrite + Send + Unpin + 'a>,
    /// Terminal size changes, forwarded as resize frames.
    pub resize: Option<BoxStream<'a, TermSize>>,
}

impl<'a> ShellIo<'a> {
    /// No stdin, no resizes.
    pub fn new(
        stdout: impl AsyncWrite + Send + Unpin + 'a,
        stderr: impl AsyncWrite + Send + Unpin + 'a,
    ) -> Self {
        ShellIo {
            stdin: None,
            stdout: Box::new(stdout),
            stderr: Box::new(stderr),
            resize: None,
        }
    }

    pub fn with_stdin(mut self, stdin: impl AsyncRead + Send + Unpin + 'a) -> Self {
        self.stdin = Some(Box::new(stdin));
        self
    }

    pub fn with_resize(mut self, sizes: BoxStream<'a, TermSize>) -> Self {
        self.resize = Some(sizes);
        self
    }
}

impl std::fmt::Debug for ShellIo<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShellIo")
            .field("stdin", &self.stdin.is_some())
            .field("resize", &self.resize.is_some())
            .finish_non_exhaustive()
    }
}

/// How the command ended (the result frame).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ShellOutcome {
    pub exit_code: i32,
    #[serde(default)]
    pub message: Option<String>,
}

fn frame(stream: u8, payload: &[u8]) -> Message {
    let mut v = Vec::with_capacity(payload.len() + 1);
    v.push(stream);
    v.extend_from_slice(payload);
    Message::Binary(v.into())
}

/// The shell query of §8.3.
fn shell_query(req: &ShellRequest) -> Vec<(String, String)> {
    let mut q: Vec<(String, String)> = req
        .argv
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("cmd{i}"), a.clone()))
        .collect();
    let flag = |b: bool| if b { "1" } else { "0" }.to_string();
    q.push(("service".into(), req.service.clone()));
    q.push(("podIndex".into(), req.replica.to_string()));
    q.push(("tty".into(), flag(req.tty)));
    q.push(("stdin".into(), flag(req.stdin)));
    q
}

impl GatewayClient {
    /// Runs `req.argv` in replica `req.replica` of `req.service` (JWT scope `shell`), copying
    /// stdout/stderr to `io` and, with `req.stdin`, `io.stdin` to the command; returns the exit
    /// code when the provider sends the result.
    pub async fn shell(
        &self,
        dseq: u64,
        gseq: u32,
        oseq: u32,
        req: &ShellRequest,
        mut io: ShellIo<'_>,
    ) -> Result<ShellOutcome, GatewayError> {
        let endpoint = self.inner.shown.clone();
        let shell_err = |message: String| GatewayError::Shell {
            endpoint: endpoint.clone(),
            message,
        };
        if req.argv.is_empty() {
            return Err(shell_err("a command is required".into()));
        }
        if req.service.is_empty() {
            return Err(shell_err("a service is required".into()));
        }
        let path = format!("{}/shell", lease_path(dseq, gseq, oseq));
        let query = shell_query(req);
        let pairs: Vec<(&str, String)> =
            query.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let url = self.ws_url(&path, &pairs);
        let ws = self.ws_connect(&url).await?;
        let (mut sink, mut stream) = ws.split();
        let mut stdin = if req.stdin { io.stdin.take() } else { None };
        let mut resize = io.resize.take();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            tokio::select! {
                m = stream.next() => {
                    let msg = match m {
                        None => return Err(GatewayError::Disconnected {
                            endpoint,
                            message: "the session ended before the result".into(),
                        }),
                        Some(Err(tungstenite::Error::ConnectionClosed)) => {
                            return Err(shell_err("the session closed before the result".into()));
                        }
                        Some(Err(e)) => return Err(GatewayError::Disconnected {
                            endpoint,
                            message: e.to_string(),
                        }),
                        Some(Ok(m)) => m,
                    };
                    match msg {
                        Message::Binary(b) => match b.split_first() {
                            Some((&STDOUT, rest)) => {
                                io.stdout.write_all(rest).await.map_err(GatewayError::Io)?;
                                io.stdout.flush().await.map_err(GatewayError::Io)?;
                            }
                            Some((&STDERR, rest)) => {
                                io.stderr.write_all(rest).await.map_err(GatewayError::Io)?;
                                io.stderr.flush().await.map_err(GatewayError::Io)?;
                            }
                            Some((&RESULT, rest)) => {
                                let outcome: ShellOutcome = serde_json::from_slice(rest)
                                    .map_err(|e| GatewayError::Decode {
                                        endpoint: vmc_http::redact::url(&url),
                                        path: "result".into(),
                                        message: e.to_string(),
                                    })?;
                                let _ = sink.close().await;
                                return Ok(outcome);
                            }
                            Some((&FAILURE, _)) => {
                                let _ = sink.close().await;
                                return Err(shell_err(
                                    "the provider reported a failure of the session (stream 103)".into(),
                                ));
                            }
                            Some((other, _)) => {
                                return Err(shell_err(format!("unknown stream id {other}")));
                            }
                            None => continue,
                        },
                        Message::Close(frame) => {
                            let (code, reason) = frame
                                .map(|f| (u16::from(f.code), f.reason.to_string()))
                                .unwrap_or((1005, String::new()));
                            return Err(match code {
                                4001 => GatewayError::NotFound {
                                    endpoint,
                                    what: format!("the lease {dseq}/{gseq}/{oseq}"),
                                },
                                1000 | 1005 => shell_err("the session closed before the result".into()),
                                _ => GatewayError::Closed {
                                    endpoint,
                                    code,
                                    meaning: close_meaning(code),
                                    reason,
                                },
                            });
                        }
                        _ => continue,
                    }
                }
                n = async {
                    match stdin.as_mut() {
                        Some(r) => r.read(&mut buf).await,
                        None => std::future::pending().await,
                    }
                } => {
                    let n = n.map_err(GatewayError::Io)?;
                    if n == 0 {
                        // End of input: one empty stdin frame, then nothing more to read.
                        stdin = None;
                    }
                    sink.send(frame(STDIN, &buf[..n])).await.map_err(|e| {
                        GatewayError::Disconnected { endpoint: endpoint.clone(), message: e.to_string() }
                    })?;
                }
                s = async {
                    match resize.as_mut() {
                        Some(r) => r.next().await,
                        None => std::future::pending().await,
                    }
                } => {
                    let Some(s) = s else {
                        resize = None;
                        continue;
                    };
                    let mut payload = [0u8; 4];
                    payload[..2].copy_from_slice(&s.width.to_be_bytes());
                    payload[2..].copy_from_slice(&s.height.to_be_bytes());
                    sink.send(frame(RESIZE, &payload)).await.map_err(|e| {
                        GatewayError::Disconnected { endpoint: endpoint.clone(), message: e.to_string() }
                    })?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_of_section_8_3() {
        let q = shell_query(&ShellRequest {
            service: "web".into(),
            replica: 2,
            tty: true,
            stdin: false,
            argv: vec!["sh".into(), "-c".into(), "echo hi".into()],
        });
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            q,
            [
                ("cmd0", "sh"),
                ("cmd1", "-c"),
                ("cmd2", "echo hi"),
                ("service", "web"),
                ("podIndex", "2"),
                ("tty", "1"),
                ("stdin", "0")
            ]
        );
    }
}
