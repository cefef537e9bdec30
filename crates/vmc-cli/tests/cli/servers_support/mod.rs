//! Shared by the `servers_*` tests: a devnet on 127.0.0.1:0 in this process, hermetic homes, and
//! `vmc` pointed at the devnet's Hetzner API.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use assert_cmd::Command;
use serde_json::Value;
use vmc_devnet::hetzner::{HetznerFixtures, HetznerState, SystemClock, admin_router, router};

/// The devnet's Hetzner token.
pub const TOKEN: &str = "vmc-devnet-token";

/// The devnet's Hetzner API (as `vmc devnet up` mounts it: the API at `/hetzner/v1`, faults at
/// `/__devnet/hetzner`) on 127.0.0.1:0, and a temporary home.
pub struct Env {
    pub url: String,
    pub hetzner: String,
    pub home: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    rt: tokio::runtime::Runtime,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

impl Env {
    /// Actions take 300 ms (the devnet's defaults are seconds).
    pub fn start() -> Env {
        Self::with_fixtures(HetznerFixtures::default().with_action_ms(300))
    }

    pub fn with_fixtures(fixtures: HetznerFixtures) -> Env {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let state = HetznerState::new(fixtures, Arc::new(SystemClock), 42);
        let app = axum::Router::new()
            .nest("/hetzner/v1", router(state.clone()))
            .nest("/__devnet/hetzner", admin_router(state));
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, rx) = tokio::sync::oneshot::channel::<()>();
        rt.spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
        });
        let url = format!("http://{addr}");
        let hetzner = format!("{url}/hetzner/v1");
        let home = tempfile::tempdir().unwrap();
        Env {
            url,
            hetzner,
            home,
            stop: Some(stop),
            rt,
        }
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.home.path().join(p)
    }

    /// `vmc` with a hermetic environment pointed at the devnet.
    pub fn vmc(&self) -> Command {
        let mut c = Command::cargo_bin("vmc").unwrap();
        let h = self.home.path();
        for (k, _) in std::env::vars() {
            if k.starts_with("VMC_") || k.starts_with("AKASH_") || k.starts_with("HCLOUD_") {
                c.env_remove(k);
            }
        }
        c.env("HOME", h)
            .env("XDG_CONFIG_HOME", h.join("config"))
            .env("XDG_DATA_HOME", h.join("data"))
            .env("XDG_CACHE_HOME", h.join("cache"))
            .env("VMC_DATA_DIR", h.join("vmc-data"))
            .env("VMC_CONFIG_DIR", h.join("vmc-config"))
            .env("VMC_HETZNER_ENDPOINT", &self.hetzner)
            .env("HCLOUD_TOKEN", TOKEN)
            .env("NO_COLOR", "1")
            .env("AKASH_NETWORK", "local")
            .env_remove("VMC_OUTPUT");
        c
    }

    /// Runs `vmc ARGS`, expects success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.vmc().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "vmc {args:?} failed ({:?})\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `vmc ARGS -o json`, expects success, parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.extend(["-o", "json"]);
        let s = self.ok(&a);
        serde_json::from_str(&s).unwrap_or_else(|e| panic!("vmc {args:?}: not JSON ({e}): {s}"))
    }

    /// Runs `vmc ARGS`, expects exit `code`, returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.vmc().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(
            out.status.code(),
            Some(code),
            "vmc {args:?}: expected exit {code}\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        stderr
    }

    /// `POST /__devnet/hetzner/faults` with `body`.
    pub fn faults(&self, body: &Value) {
        let (status, text) = http(
            &self.url,
            "POST",
            "/__devnet/hetzner/faults",
            None,
            Some(body),
        );
        assert_eq!(status, 200, "fault request refused: {text}");
    }

    /// A raw request to the devnet's Hetzner API with the token.
    pub fn api(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let (status, text) = http(
            &self.url,
            method,
            &format!("/hetzner/v1{path}"),
            Some(TOKEN),
            body,
        );
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// An OpenSSH public key file for tests.
    pub fn pubkey(&self, name: &str, tag: u8) -> PathBuf {
        let p = self.path(&format!("{name}.pub"));
        let mut blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20".to_vec();
        blob.extend([tag; 32]);
        std::fs::write(&p, format!("ssh-ed25519 {} {name}@test\n", b64(&blob))).unwrap();
        p
    }
}

fn b64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Minimal HTTP/1.1 over a plain socket (the devnet is on loopback).
fn http(
    base: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, String) {
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    (status, body)
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n.min(after.len())]);
        rest = after.get(n + 2..).unwrap_or("");
    }
    out
}

/// Whether a command exists on PATH.
pub fn have(cmd: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| Path::new(&d).join(cmd).is_file()))
}
