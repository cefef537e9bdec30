//! The provider manifest (`akash.manifest.v2beta3`), its canonical JSON and its SHA-256 hash.
//!
//! The canonical text is what the provider hashes and compares with the on-chain deployment
//! hash: keys sorted at every level, no whitespace, `<` `>` `&` escaped as `\u003c` etc., the
//! `null`/omission rules of `akash-protocol.md` §6.4–6.5. With [`Convention::Go`] U+2028/U+2029
//! are escaped too (Go's `encoding/json`), and an empty `nextCases` is omitted.

use std::fmt::Write as _;

use crate::Convention;
use crate::groups::{Attribute, EndpointKind};

/// The manifest: one group per placement, sorted by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub groups: Vec<ManifestGroup>,
    pub convention: Convention,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManifestGroup {
    pub name: String,
    /// Sorted by name.
    pub services: Vec<ManifestService>,
}

#[derive(Clone, PartialEq)]
pub struct ManifestService {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub resources: ManifestResources,
    pub count: u32,
    pub expose: Vec<ManifestExpose>,
    pub params: Option<ManifestParams>,
    pub credentials: Option<ManifestCredentials>,
}

impl std::fmt::Debug for ManifestService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManifestService")
            .field("name", &self.name)
            .field("image", &self.image)
            .field("resources", &self.resources)
            .field("count", &self.count)
            .field("expose", &self.expose)
            .field("params", &self.params)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A service's resources: the unit's sizes plus this service's own endpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestResources {
    pub id: u32,
    pub cpu_units: String,
    pub cpu_attributes: Vec<Attribute>,
    pub memory: u64,
    pub storage: Vec<ManifestStorage>,
    pub gpu_units: u64,
    pub gpu_attributes: Vec<Attribute>,
    pub endpoints: Vec<(EndpointKind, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManifestStorage {
    pub name: String,
    pub size: u64,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManifestExpose {
    pub port: u32,
    pub external_port: u32,
    pub proto: String,
    pub service: String,
    pub global: bool,
    pub hosts: Vec<String>,
    pub http: ManifestHttpOptions,
    pub ip: String,
    pub endpoint_sequence_number: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManifestHttpOptions {
    pub max_body_size: u64,
    pub read_timeout: u64,
    pub send_timeout: u64,
    pub next_tries: u64,
    pub next_timeout: u64,
    pub next_cases: Vec<String>,
    pub proxy_buffer_size: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManifestParams {
    /// `(name, mount, readOnly)`, sorted by name.
    pub storage: Vec<(String, String, bool)>,
    pub permissions: Option<Option<Vec<String>>>,
    pub tee: Option<String>,
}

#[derive(Clone, PartialEq)]
pub struct ManifestCredentials {
    pub host: String,
    pub email: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for ManifestCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ManifestCredentials(<redacted>)")
    }
}

impl Manifest {
    /// The canonical JSON text: exactly the bytes that are hashed and sent to the provider.
    pub fn canonical_json(&self) -> String {
        let mut w = Writer {
            out: String::with_capacity(1024),
            go: self.convention == Convention::Go,
        };
        w.groups(&self.groups);
        w.out
    }

    /// SHA-256 of [`Manifest::canonical_json`]: the deployment hash.
    pub fn hash(&self) -> [u8; 32] {
        let d = ring::digest::digest(&ring::digest::SHA256, self.canonical_json().as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(d.as_ref());
        out
    }

    /// The hash as lower-case hex.
    pub fn hash_hex(&self) -> String {
        hex::encode(self.hash())
    }
}

struct Writer {
    out: String,
    go: bool,
}

impl Writer {
    fn s(&mut self, v: &str) {
        write_json_string(&mut self.out, v, self.go);
    }
    fn key(&mut self, k: &str, first: &mut bool) {
        if !*first {
            self.out.push(',');
        }
        *first = false;
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\":");
    }
    fn num(&mut self, n: u64) {
        push_u64(&mut self.out, n);
    }
    fn strs_or_null(&mut self, v: &[String]) {
        if v.is_empty() {
            self.out.push_str("null");
        } else {
            self.strs(v);
        }
    }
    fn strs(&mut self, v: &[String]) {
        self.out.push('[');
        for (i, s) in v.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.s(s);
        }
        self.out.push(']');
    }
    fn val(&mut self, v: &str) {
        self.out.push_str("{\"val\":");
        self.s(v);
        self.out.push('}');
    }
    /// `{"val":"<n>"}` (a number is a string in the manifest's quantities).
    fn val_num(&mut self, n: u64) {
        self.out.push_str("{\"val\":\"");
        push_u64(&mut self.out, n);
        self.out.push_str("\"}");
    }
    fn attributes(&mut self, attrs: &[Attribute], first: &mut bool) {
        if attrs.is_empty() {
            return;
        }
        self.key("attributes", first);
        self.out.push('[');
        for (i, a) in attrs.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str("{\"key\":");
            self.s(&a.key);
            self.out.push_str(",\"value\":");
            self.s(&a.value);
            self.out.push('}');
        }
        self.out.push(']');
    }

    fn groups(&mut self, groups: &[ManifestGroup]) {
        self.out.push('[');
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str("{\"name\":");
            self.s(&g.name);
            self.out.push_str(",\"services\":[");
            for (j, svc) in g.services.iter().enumerate() {
                if j > 0 {
                    self.out.push(',');
                }
                self.service(svc);
            }
            self.out.push_str("]}");
        }
        self.out.push(']');
    }

    fn service(&mut self, svc: &ManifestService) {
        let f = &mut true;
        self.out.push('{');
        self.key("args", f);
        self.strs_or_null(&svc.args);
        self.key("command", f);
        self.strs_or_null(&svc.command);
        self.key("count", f);
        self.num(svc.count as u64);
        self.key("credentials", f);
        match &svc.credentials {
            None => self.out.push_str("null"),
            Some(c) => {
                self.out.push_str("{\"email\":");
                self.s(&c.email);
                self.out.push_str(",\"host\":");
                self.s(&c.host);
                self.out.push_str(",\"password\":");
                self.s(&c.password);
                self.out.push_str(",\"username\":");
                self.s(&c.username);
                self.out.push('}');
            }
        }
        self.key("env", f);
        self.strs_or_null(&svc.env);
        self.key("expose", f);
        self.out.push('[');
        for (i, e) in svc.expose.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.expose(e);
        }
        self.out.push(']');
        self.key("image", f);
        self.s(&svc.image);
        self.key("name", f);
        self.s(&svc.name);
        if let Some(p) = &svc.params {
            self.key("params", f);
            self.params(p);
        }
        self.key("resources", f);
        self.resources(&svc.resources);
        self.out.push('}');
    }

    fn expose(&mut self, e: &ManifestExpose) {
        let f = &mut true;
        self.out.push('{');
        self.key("endpointSequenceNumber", f);
        self.num(e.endpoint_sequence_number as u64);
        self.key("externalPort", f);
        self.num(e.external_port as u64);
        self.key("global", f);
        self.out.push_str(if e.global { "true" } else { "false" });
        self.key("hosts", f);
        self.strs_or_null(&e.hosts);
        self.key("httpOptions", f);
        {
            let h = &e.http;
            let g = &mut true;
            self.out.push('{');
            self.key("maxBodySize", g);
            self.num(h.max_body_size);
            if !(self.go && h.next_cases.is_empty()) {
                self.key("nextCases", g);
                self.strs(&h.next_cases);
            }
            self.key("nextTimeout", g);
            self.num(h.next_timeout);
            self.key("nextTries", g);
            self.num(h.next_tries);
            if h.proxy_buffer_size != 0 {
                self.key("proxyBufferSize", g);
                self.num(h.proxy_buffer_size);
            }
            self.key("readTimeout", g);
            self.num(h.read_timeout);
            self.key("sendTimeout", g);
            self.num(h.send_timeout);
            self.out.push('}');
        }
        self.key("ip", f);
        self.s(&e.ip);
        self.key("port", f);
        self.num(e.port as u64);
        self.key("proto", f);
        self.s(&e.proto);
        self.key("service", f);
        self.s(&e.service);
        self.out.push('}');
    }

    fn params(&mut self, p: &ManifestParams) {
        let f = &mut true;
        self.out.push('{');
        if let Some(perm) = &p.permissions {
            self.key("permissions", f);
            match perm {
                None => self.out.push_str("{}"),
                Some(read) => {
                    self.out.push_str("{\"read\":");
                    self.strs(read);
                    self.out.push('}');
                }
            }
        }
        self.key("storage", f);
        if p.storage.is_empty() {
            self.out.push_str("null");
        } else {
            self.out.push('[');
            for (i, (name, mount, ro)) in p.storage.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                self.out.push_str("{\"mount\":");
                self.s(mount);
                self.out.push_str(",\"name\":");
                self.s(name);
                self.out.push_str(",\"readOnly\":");
                self.out.push_str(if *ro { "true" } else { "false" });
                self.out.push('}');
            }
            self.out.push(']');
        }
        if let Some(t) = &p.tee {
            self.key("tee", f);
            self.out.push_str("{\"attestation\":true,\"type\":");
            self.s(t);
            self.out.push('}');
        }
        self.out.push('}');
    }

    fn resources(&mut self, r: &ManifestResources) {
        self.out.push('{');
        let f = &mut true;
        self.key("cpu", f);
        {
            self.out.push('{');
            let g = &mut true;
            self.attributes(&r.cpu_attributes, g);
            self.key("units", g);
            self.val(&r.cpu_units);
            self.out.push('}');
        }
        self.key("endpoints", f);
        self.out.push('[');
        for (i, (kind, seq)) in r.endpoints.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push('{');
            if *kind != EndpointKind::SharedHttp {
                self.out.push_str("\"kind\":");
                self.num(*kind as u64);
                self.out.push(',');
            }
            self.out.push_str("\"sequence_number\":");
            self.num(*seq as u64);
            self.out.push('}');
        }
        self.out.push(']');
        self.key("gpu", f);
        {
            self.out.push('{');
            let g = &mut true;
            self.attributes(&r.gpu_attributes, g);
            self.key("units", g);
            self.val_num(r.gpu_units);
            self.out.push('}');
        }
        self.key("id", f);
        self.num(r.id as u64);
        self.key("memory", f);
        self.out.push_str("{\"size\":");
        self.val_num(r.memory);
        self.out.push('}');
        self.key("storage", f);
        self.out.push('[');
        for (i, s) in r.storage.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push('{');
            let g = &mut true;
            self.attributes(&s.attributes, g);
            self.key("name", g);
            self.s(&s.name);
            self.key("size", g);
            self.val_num(s.size);
            self.out.push('}');
        }
        self.out.push(']');
        self.out.push('}');
    }
}

/// Appends the decimal digits of `n` (no allocation).
fn push_u64(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Writes a JSON string the way Go's `encoding/json` (and the TS SDK's escape pass) does.
///
/// Runs of characters that need no escape are copied at once; only the bytes that start an
/// escaped character are looked at one by one.
pub fn write_json_string(out: &mut String, s: &str, escape_line_separators: bool) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0x00..=0x1f => "",
            // U+2028 / U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
            0xe2 if escape_line_separators && bytes[i + 1..].starts_with(&[0x80, 0xa8]) => {
                "\\u2028"
            }
            0xe2 if escape_line_separators && bytes[i + 1..].starts_with(&[0x80, 0xa9]) => {
                "\\u2029"
            }
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        if escape.is_empty() {
            // Other control characters (rare): `\u00XX`.
            let _ = write!(out, "\\u{b:04x}");
            copied = i + 1;
        } else {
            out.push_str(escape);
            // The escaped character is one byte, or three for U+2028 / U+2029.
            copied = i + if b == 0xe2 { 3 } else { 1 };
        }
    }
    out.push_str(&s[copied..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_go() {
        let mut s = String::new();
        write_json_string(&mut s, "a<b>&\"\\\n\u{1}\u{2028}é", true);
        assert_eq!(s, "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\\u2028é\"");
        let mut t = String::new();
        write_json_string(&mut t, "\u{2028}", false);
        assert_eq!(t, "\"\u{2028}\"");
        let mut u = String::new();
        write_json_string(&mut u, "x\u{1f}\u{2029}y\u{2029}z\u{7f}", true);
        assert_eq!(u, "\"x\\u001f\\u2029y\\u2029z\u{7f}\"");
    }
}
