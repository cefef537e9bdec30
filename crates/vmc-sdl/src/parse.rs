//! Loaded YAML → typed model, checking the structure (the rules of the SDL JSON schema: types,
//! required and unknown keys, enums, ranges, patterns). Every problem is collected; a part that
//! is broken is left out of the model so later checks do not repeat the error.

use crate::diag::{Diagnostic, Severity};
use crate::groups::Attribute;
use crate::model::*;
use crate::suggest;
use crate::units;
use crate::yaml::{Entry, Node, Span, Value, js_number_to_string};

/// Where each path of the document was written: the loaded tree, walked on demand.
///
/// Spans are looked up only when something is reported (an error, a lint), so nothing is
/// recorded while parsing: a valid file costs no bookkeeping.
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    root: Option<Node>,
}

impl SourceIndex {
    pub fn new(root: Node) -> Self {
        SourceIndex { root: Some(root) }
    }

    /// The span of `path`'s value, else of its nearest ancestor that exists.
    pub fn value_span(&self, path: &str) -> Span {
        self.root
            .as_ref()
            .map_or(Span::FILE_START, |root| value_span(root, path))
    }

    /// The span of the key that names `path`, else its value's span.
    pub fn key_span(&self, path: &str) -> Span {
        self.root
            .as_ref()
            .map_or(Span::FILE_START, |root| key_span(root, path))
    }
}

/// The span of `path`'s value under `root`, else of its nearest ancestor that exists.
fn value_span(root: &Node, path: &str) -> Span {
    locate(root, path).0.span
}

/// The span of the key that names `path` under `root`, else its value's span.
fn key_span(root: &Node, path: &str) -> Span {
    let (node, key) = locate(root, path);
    key.unwrap_or(node.span)
}

/// Walks `path` (`a.b[2].c`) down from `node`: the deepest node reached, and the span of the key
/// that named it when the whole path was found and ends in a mapping key. A key may itself hold
/// dots (`org.example/tier`): the longest key that fits the rest of the path wins.
fn locate<'n>(mut node: &'n Node, path: &str) -> (&'n Node, Option<Span>) {
    let mut rest = path;
    let mut key = None;
    while !rest.is_empty() {
        key = None;
        if let Some(r) = rest.strip_prefix('[') {
            let Some(close) = r.find(']') else {
                return (node, None);
            };
            let item = match (&node.value, r[..close].parse::<usize>()) {
                (Value::Seq(items), Ok(i)) => items.get(i),
                _ => None,
            };
            let Some(item) = item else {
                return (node, None);
            };
            node = item;
            rest = &r[close + 1..];
        } else {
            let Value::Map(entries) = &node.value else {
                return (node, None);
            };
            let fits = |e: &&Entry| {
                rest.strip_prefix(e.key.as_str())
                    .is_some_and(|after| after.is_empty() || after.starts_with(['.', '[']))
            };
            let Some(e) = entries.iter().filter(fits).max_by_key(|e| e.key.len()) else {
                return (node, None);
            };
            node = &e.value;
            key = Some(e.key_span);
            rest = &rest[e.key.len()..];
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    (node, key)
}

fn parent(p: &str) -> Option<&str> {
    if p.is_empty() {
        return None;
    }
    let cut = p.rfind(['.', '['])?;
    Some(&p[..cut])
}

/// Joins a path and a key.
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        let mut p = String::with_capacity(path.len() + 1 + key.len());
        p.push_str(path);
        p.push('.');
        p.push_str(key);
        p
    }
}

fn index(path: &str, i: usize) -> String {
    let mut p = String::with_capacity(path.len() + 6);
    p.push_str(path);
    p.push('[');
    p.push_str(itoa::Buffer::new().format(i));
    p.push(']');
    p
}

/// The parse state: diagnostics, and the tree they point into.
pub struct Cx<'a> {
    pub diags: Vec<Diagnostic>,
    root: &'a Node,
}

impl<'a> Cx<'a> {
    pub fn new(root: &'a Node) -> Self {
        Cx {
            diags: Vec::new(),
            root,
        }
    }

    pub fn push(
        &mut self,
        rule: &'static str,
        span: Span,
        path: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::new(
            Severity::Error,
            rule,
            span,
            path.to_string(),
            message.into(),
            Some(hint.into()),
        ));
    }

    /// An error at the value of `path`.
    pub fn error(
        &mut self,
        rule: &'static str,
        path: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let span = value_span(self.root, path);
        self.push(rule, span, path, message, hint);
    }

    /// An error at the key naming `path`.
    pub fn key_error(
        &mut self,
        rule: &'static str,
        path: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let span = key_span(self.root, path);
        self.push(rule, span, path, message, hint);
    }

    fn wrong_type(&mut self, path: &str, node: &Node, want: &str) {
        let got = node.value.type_name();
        let key = last_segment(path);
        let hint = match (&node.value, want) {
            (Value::Number(n), "a string") => {
                format!("quote it: \"{}\"", js_number_to_string(*n))
            }
            (Value::Null, _) => format!("give it a value ({want}) or remove the key"),
            _ if path.is_empty() => "an SDL is a mapping: it starts with `version: \"2.1\"`, then `services:`, `profiles:` and `deployment:`".to_string(),
            (_, "a mapping") => format!(
                "write its keys indented under `{key}:` (one `name: value` per line), or inline as `{key}: {{name: value}}`"
            ),
            (_, "a string") => format!("write text: `{key}: \"…\"`"),
            (_, "true or false") => format!("write `{key}: true` or `{key}: false`, unquoted"),
            (_, "a whole number") => {
                format!("write a number without quotes or units, e.g. `{key}: 1`")
            }
            (_, "a text value") => format!("write one value: `{key}: value` (a string, number or true/false)"),
            (_, w) if w.starts_with("a list") => format!(
                "write a YAML list: `{key}: [a, b]`, or one `- item` per line under `{key}:`"
            ),
            _ => format!("write `{key}` as {want}"),
        };
        self.error(
            "wrong-type",
            path,
            format!("`{key}` must be {want}, found {got}"),
            hint,
        );
    }

    /// `node` as a mapping; reports unknown keys (with suggestions).
    pub fn map<'n>(&mut self, node: &'n Node, path: &str, allowed: &[&str]) -> Option<&'n [Entry]> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(path, node, "a mapping");
            return None;
        };
        if !allowed.is_empty() {
            for e in entries {
                if allowed.contains(&e.key.as_str()) {
                    continue;
                }
                let where_ = if path.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in `{}`", path)
                };
                self.key_error(
                    "unknown-key",
                    &child(path, &e.key),
                    format!("unknown key `{}` {where_}", e.key),
                    suggest::unknown_key_hint(&e.key, allowed),
                );
            }
        }
        Some(entries)
    }

    /// A mapping whose keys are names (services, profiles, …): no key check.
    pub fn named_map<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [Entry]> {
        self.map(node, path, &[])
    }

    pub fn required<'n>(
        &mut self,
        entries: &'n [Entry],
        path: &str,
        key: &str,
        hint: &str,
    ) -> Option<&'n Node> {
        let n = get(entries, key);
        // A misspelt key (`imgae`) already has its "did you mean" error.
        let misspelt = || {
            entries
                .iter()
                .any(|e| e.key != key && suggest::closest(&e.key, &[key]).is_some())
        };
        if n.is_none() && !misspelt() {
            self.error(
                "missing-key",
                path,
                format!(
                    "`{}` is missing{}",
                    key,
                    if path.is_empty() {
                        String::new()
                    } else {
                        format!(" in `{path}`")
                    }
                ),
                hint.to_string(),
            );
        }
        n
    }

    pub fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                self.wrong_type(path, node, "a string");
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node, path: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(path, node, "true or false");
                None
            }
        }
    }

    /// An integer in `min..=max` (a YAML number with no fraction).
    pub fn integer(&mut self, node: &Node, path: &str, min: u64, max: u64) -> Option<u64> {
        match &node.value {
            Value::Number(n) if n.fract() == 0.0 && n.is_finite() => {
                if *n < min as f64 || *n > max as f64 {
                    self.error(
                        "out-of-range",
                        path,
                        format!(
                            "`{}` is {}, allowed is {min} to {max}",
                            last_segment(path),
                            js_number_to_string(*n)
                        ),
                        format!("use a whole number from {min} to {max}"),
                    );
                    None
                } else {
                    Some(*n as u64)
                }
            }
            _ => {
                self.wrong_type(path, node, "a whole number");
                None
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, node: &Node, path: &str) -> Option<Vec<String>> {
        let Value::Seq(items) = &node.value else {
            self.wrong_type(path, node, "a list of strings");
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, it) in items.iter().enumerate() {
            match self.string(it, &index(path, i)) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A list of strings, or null (→ `None`).
    pub fn strings_or_null(&mut self, node: &Node, path: &str) -> Option<Option<Vec<String>>> {
        if node.value == Value::Null {
            return Some(None);
        }
        self.strings(node, path).map(Some)
    }

    pub fn seq<'n>(&mut self, node: &'n Node, path: &str, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.wrong_type(path, node, what);
                None
            }
        }
    }
}

pub fn last_segment(path: &str) -> &str {
    match parent(path) {
        Some(p) => path[p.len()..].trim_start_matches('.'),
        None => path,
    }
}

pub fn get<'n>(entries: &'n [Entry], key: &str) -> Option<&'n Node> {
    entries.iter().find(|e| e.key == key).map(|e| &e.value)
}

/// A scalar as JS `String(v)` shows it.
pub fn scalar_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number_to_string(*n),
        Value::Str(s) => s.clone(),
        _ => return None,
    })
}

/// What the top level of a document parses into.
pub struct Parsed {
    pub version: Option<SdlVersion>,
    pub services: Vec<Service>,
    pub compute: Vec<ComputeProfile>,
    pub placements: Vec<Placement>,
    pub deployment: Vec<DeploymentEntry>,
    pub endpoints: Vec<EndpointDecl>,
    pub reclamation: Option<(String, u64)>,
    /// Sections that failed to parse (later cross-reference checks skip what they need).
    pub broken: Vec<&'static str>,
    /// Every name written under `services`, `profiles.compute`, `profiles.placement` (also
    /// those that failed to parse), for reference checks.
    pub service_names: Vec<String>,
    pub compute_names: Vec<String>,
    pub placement_names: Vec<String>,
}

const TOP: &[&str] = &[
    "version",
    "include",
    "services",
    "profiles",
    "deployment",
    "endpoints",
    "reclamation",
];

pub fn parse_document(cx: &mut Cx, root: &Node) -> Parsed {
    let mut p = Parsed {
        version: None,
        services: Vec::new(),
        compute: Vec::new(),
        placements: Vec::new(),
        deployment: Vec::new(),
        endpoints: Vec::new(),
        reclamation: None,
        broken: Vec::new(),
        service_names: Vec::new(),
        compute_names: Vec::new(),
        placement_names: Vec::new(),
    };
    let Some(top) = cx.map(root, "", TOP) else {
        p.broken
            .extend(["services", "profiles", "deployment", "endpoints"]);
        return p;
    };
    // version
    if let Some(v) = cx.required(top, "", "version", "add `version: \"2.1\"` at the top") {
        p.version = match &v.value {
            Value::Str(s) if s == "2.0" => Some(SdlVersion::V2_0),
            Value::Str(s) if s == "2.1" => Some(SdlVersion::V2_1),
            other => {
                let shown = scalar_text(other).unwrap_or_else(|| other.type_name().into());
                let hint = match other {
                    Value::Number(n) if *n == 2.0 || *n == 2.1 => {
                        format!(
                            "quote it: `version: \"{}\"` (unquoted, YAML reads a number)",
                            if *n == 2.0 { "2.0" } else { "2.1" }
                        )
                    }
                    _ => "use `version: \"2.1\"` (or \"2.0\")".into(),
                };
                cx.error(
                    "version-unsupported",
                    "version",
                    format!(
                        "unsupported SDL version `{shown}`: must be the string \"2.0\" or \"2.1\""
                    ),
                    hint,
                );
                None
            }
        };
    }
    if let Some(inc) = get(top, "include") {
        cx.strings(inc, "include");
    }
    match cx.required(
        top,
        "",
        "services",
        "add a `services:` section with at least one service",
    ) {
        Some(s) => match parse_services(cx, s) {
            Some((v, names)) => {
                if v.len() != names.len() {
                    p.broken.push("service-item");
                }
                p.services = v;
                p.service_names = names;
            }
            None => p.broken.push("services"),
        },
        None => p.broken.push("services"),
    }
    match cx.required(
        top,
        "",
        "profiles",
        "add `profiles:` with `compute:` and `placement:`",
    ) {
        Some(pr) => parse_profiles(cx, pr, &mut p),
        None => p.broken.push("profiles"),
    }
    match cx.required(
        top,
        "",
        "deployment",
        "add `deployment: {<service>: {<placement>: {profile: <profile>, count: 1}}}`",
    ) {
        Some(d) => match parse_deployment(cx, d) {
            Some(v) => p.deployment = v,
            None => p.broken.push("deployment"),
        },
        None => p.broken.push("deployment"),
    }
    if let Some(e) = get(top, "endpoints") {
        match parse_endpoints(cx, e) {
            Some(v) => p.endpoints = v,
            None => p.broken.push("endpoints"),
        }
    }
    if let Some(r) = get(top, "reclamation") {
        p.reclamation = parse_reclamation(cx, r);
    }
    p
}

fn parse_reclamation(cx: &mut Cx, node: &Node) -> Option<(String, u64)> {
    let m = cx.map(node, "reclamation", &["min_window"])?;
    let w = cx.required(m, "reclamation", "min_window", "e.g. `min_window: 24h`")?;
    let s = cx.string(w, "reclamation.min_window")?;
    match units::parse_window(&s) {
        Some(secs) => Some((s, secs)),
        None => {
            cx.error(
                "reclamation-window",
                "reclamation.min_window",
                format!("`{s}` is not a reclamation window: a whole number followed by s, m or h"),
                "e.g. `90s`, `30m`, `24h`, `720h` (no fractions, no days, no compound values)"
                    .to_string(),
            );
            None
        }
    }
}

const SERVICE_KEYS: &[&str] = &[
    "image",
    "command",
    "args",
    "env",
    "expose",
    "dependencies",
    "params",
    "credentials",
];

fn parse_services(cx: &mut Cx, node: &Node) -> Option<(Vec<Service>, Vec<String>)> {
    let entries = cx.named_map(node, "services")?;
    let mut out = Vec::new();
    let names = entries.iter().map(|e| e.key.clone()).collect();
    for e in entries {
        let path = child("services", &e.key);
        if let Some(s) = parse_service(cx, &e.key, &e.value, &path) {
            out.push(s);
        }
    }
    Some((out, names))
}

fn parse_service(cx: &mut Cx, name: &str, node: &Node, path: &str) -> Option<Service> {
    let m = cx.map(node, path, SERVICE_KEYS)?;
    let mut ok = true;
    let image = match cx.required(m, path, "image", "add `image: <registry/name:tag>`") {
        Some(n) => match cx.string(n, &child(path, "image")) {
            Some(s) if s.is_empty() => {
                cx.error(
                    "image-empty",
                    &child(path, "image"),
                    "`image` is empty",
                    "name a container image, e.g. `nginx:1.27`".to_string(),
                );
                ok = false;
                String::new()
            }
            Some(s) => s,
            None => {
                ok = false;
                String::new()
            }
        },
        None => {
            ok = false;
            String::new()
        }
    };
    let mut list = |cx: &mut Cx, key: &str| -> Option<Vec<String>> {
        let n = get(m, key)?;
        match cx.strings_or_null(n, &child(path, key)) {
            Some(v) => v,
            None => {
                ok = false;
                None
            }
        }
    };
    let command = list(cx, "command");
    let args = list(cx, "args");
    let env = list(cx, "env");
    let mut expose = Vec::new();
    if let Some(n) = get(m, "expose") {
        let ep = child(path, "expose");
        if n.value != Value::Null {
            match cx.seq(n, &ep, "a list of exposed ports") {
                Some(items) => {
                    for (i, it) in items.iter().enumerate() {
                        match parse_expose(cx, it, &index(&ep, i)) {
                            Some(x) => expose.push(x),
                            None => ok = false,
                        }
                    }
                }
                None => ok = false,
            }
        }
    }
    let mut dependencies = Vec::new();
    if let Some(n) = get(m, "dependencies") {
        let dp = child(path, "dependencies");
        if let Some(items) = cx.seq(n, &dp, "a list of `{service: <name>}`") {
            for (i, it) in items.iter().enumerate() {
                let ip = index(&dp, i);
                if let Some(dm) = cx.map(it, &ip, &["service"])
                    && let Some(s) =
                        get(dm, "service").and_then(|s| cx.string(s, &child(&ip, "service")))
                {
                    dependencies.push(s);
                }
            }
        }
    }
    let params = match get(m, "params") {
        Some(n) => match parse_params(cx, n, &child(path, "params")) {
            Some(p) => Some(p),
            None => {
                ok = false;
                None
            }
        },
        None => None,
    };
    let credentials = match get(m, "credentials") {
        Some(n) => match parse_credentials(cx, n, &child(path, "credentials")) {
            Some(c) => Some(c),
            None => {
                ok = false;
                None
            }
        },
        None => None,
    };
    ok.then(|| Service {
        name: name.to_string(),
        image,
        command,
        args,
        env,
        expose,
        dependencies,
        params,
        credentials,
    })
}

const EXPOSE_KEYS: &[&str] = &["port", "as", "proto", "to", "accept", "http_options"];

fn parse_expose(cx: &mut Cx, node: &Node, path: &str) -> Option<Expose> {
    let m = cx.map(node, path, EXPOSE_KEYS)?;
    let mut ok = true;
    let port = cx
        .required(m, path, "port", "add the container port, e.g. `port: 80`")
        .and_then(|n| cx.integer(n, &child(path, "port"), 1, 65535));
    let external_port = match get(m, "as") {
        Some(n) => {
            let v = cx.integer(n, &child(path, "as"), 1, 65535);
            ok &= v.is_some();
            v
        }
        None => None,
    };
    let proto = match get(m, "proto") {
        Some(n) => match cx.string(n, &child(path, "proto")) {
            Some(s) if matches!(s.as_str(), "TCP" | "UDP" | "tcp" | "udp") => Some(s),
            Some(s) => {
                cx.error(
                    "proto",
                    &child(path, "proto"),
                    format!("unknown protocol `{s}`"),
                    "use `tcp` or `udp`".to_string(),
                );
                ok = false;
                None
            }
            None => {
                ok = false;
                None
            }
        },
        None => None,
    };
    let to = match get(m, "to") {
        Some(n) => {
            let tp = child(path, "to");
            match cx.seq(
                n,
                &tp,
                "a list of `{global: true}` / `{service: <name>}` items",
            ) {
                Some(items) => {
                    let mut v = Vec::new();
                    for (i, it) in items.iter().enumerate() {
                        match parse_to(cx, it, &index(&tp, i)) {
                            Some(t) => v.push(t),
                            None => ok = false,
                        }
                    }
                    Some(v)
                }
                None => {
                    ok = false;
                    None
                }
            }
        }
        None => None,
    };
    let accept = match get(m, "accept") {
        Some(n) => {
            let v = cx.strings(n, &child(path, "accept"));
            ok &= v.is_some();
            v
        }
        None => None,
    };
    let http_options = match get(m, "http_options") {
        Some(n) => {
            let v = parse_http_options(cx, n, &child(path, "http_options"));
            ok &= v.is_some();
            v
        }
        None => None,
    };
    let port = port?;
    ok.then(|| Expose {
        port: port as u32,
        external_port: external_port.map(|p| p as u32),
        proto,
        to,
        accept,
        http_options,
    })
}

fn parse_to(cx: &mut Cx, node: &Node, path: &str) -> Option<ExposeTo> {
    let m = cx.map(node, path, &["global", "service", "ip"])?;
    let mut ok = true;
    let mut t = ExposeTo::default();
    if let Some(n) = get(m, "global") {
        match cx.boolean(n, &child(path, "global")) {
            Some(b) => t.global = b,
            None => ok = false,
        }
    }
    if let Some(n) = get(m, "service") {
        t.service = cx.string(n, &child(path, "service"));
        ok &= t.service.is_some();
    }
    if let Some(n) = get(m, "ip") {
        match cx.string(n, &child(path, "ip")) {
            Some(s) if s.is_empty() => {
                cx.error(
                    "wrong-type",
                    &child(path, "ip"),
                    "`ip` is empty",
                    "name an endpoint from the `endpoints:` section, or remove `ip`".to_string(),
                );
                ok = false;
            }
            Some(s) => t.ip = Some(s),
            None => ok = false,
        }
    }
    ok.then_some(t)
}

const NEXT_CASES: &[&str] = &[
    "error", "timeout", "500", "502", "503", "504", "403", "404", "429", "off",
];

fn parse_http_options(cx: &mut Cx, node: &Node, path: &str) -> Option<HttpOptions> {
    let m = cx.map(
        node,
        path,
        &[
            "max_body_size",
            "read_timeout",
            "send_timeout",
            "next_tries",
            "next_timeout",
            "next_cases",
            "proxy_buffer_size",
        ],
    )?;
    let mut ok = true;
    let mut o = HttpOptions::default();
    let mut int = |cx: &mut Cx, key: &str, max: u64, slot: &mut Option<u64>| {
        if let Some(n) = get(m, key) {
            *slot = cx.integer(n, &child(path, key), 0, max);
            ok &= slot.is_some();
        }
    };
    int(cx, "max_body_size", 104_857_600, &mut o.max_body_size);
    int(cx, "read_timeout", 60_000, &mut o.read_timeout);
    int(cx, "send_timeout", 60_000, &mut o.send_timeout);
    int(cx, "next_tries", u32::MAX as u64, &mut o.next_tries);
    int(cx, "next_timeout", u32::MAX as u64, &mut o.next_timeout);
    int(cx, "proxy_buffer_size", 1_048_576, &mut o.proxy_buffer_size);
    if let Some(n) = get(m, "next_cases") {
        let np = child(path, "next_cases");
        match cx.strings(n, &np) {
            Some(v) => {
                let mut good = true;
                for (i, c) in v.iter().enumerate() {
                    if !NEXT_CASES.contains(&c.as_str()) {
                        cx.error(
                            "next-cases",
                            &index(&np, i),
                            format!("`{c}` is not a retry case"),
                            format!("use some of: {}", NEXT_CASES.join(", ")),
                        );
                        good = false;
                    }
                }
                if good && v.iter().any(|c| c == "off") && v.len() != 1 {
                    cx.error(
                        "next-cases",
                        &np,
                        "`off` must be the only entry of `next_cases`",
                        "use `next_cases: [off]` or remove `off`".to_string(),
                    );
                    good = false;
                }
                if good {
                    o.next_cases = Some(v);
                } else {
                    ok = false;
                }
            }
            None => ok = false,
        }
    }
    ok.then_some(o)
}

fn parse_params(cx: &mut Cx, node: &Node, path: &str) -> Option<ServiceParams> {
    let m = cx.map(node, path, &["storage", "permissions", "tee"])?;
    let mut ok = true;
    let mut p = ServiceParams::default();
    if let Some(n) = get(m, "storage") {
        let sp = child(path, "storage");
        match cx.named_map(n, &sp) {
            Some(entries) => {
                for e in entries {
                    let vp = child(&sp, &e.key);
                    if e.value.value == Value::Null {
                        cx.error(
                            "params-storage",
                            &vp,
                            format!("storage `{}` is not configured", e.key),
                            "add `mount: /path` (and optionally `readOnly: true`)".to_string(),
                        );
                        ok = false;
                        continue;
                    }
                    let Some(vm) = cx.map(&e.value, &vp, &["mount", "readOnly"]) else {
                        ok = false;
                        continue;
                    };
                    let mut sp_item = StorageParam {
                        volume: e.key.clone(),
                        mount: None,
                        read_only: None,
                    };
                    if let Some(mn) = get(vm, "mount") {
                        let mp = child(&vp, "mount");
                        match cx.string(mn, &mp) {
                            Some(s) if s.starts_with('/') => sp_item.mount = Some(s),
                            Some(s) => {
                                cx.error(
                                    "mount-absolute",
                                    &mp,
                                    format!("mount path `{s}` is not absolute"),
                                    format!(
                                        "start it with `/`, e.g. `/{}`",
                                        s.trim_start_matches("./")
                                    ),
                                );
                                ok = false;
                            }
                            None => ok = false,
                        }
                    }
                    if let Some(rn) = get(vm, "readOnly") {
                        sp_item.read_only = cx.boolean(rn, &child(&vp, "readOnly"));
                        ok &= sp_item.read_only.is_some();
                    }
                    p.storage.push(sp_item);
                }
            }
            None => ok = false,
        }
    }
    if let Some(n) = get(m, "permissions") {
        let pp = child(path, "permissions");
        match cx.map(n, &pp, &["read"]) {
            Some(pm) => {
                let mut perm = Permissions::default();
                if let Some(r) = get(pm, "read") {
                    let rp = child(&pp, "read");
                    match cx.strings(r, &rp) {
                        Some(v) => {
                            for (i, s) in v.iter().enumerate() {
                                if !matches!(s.as_str(), "deployment" | "logs" | "events") {
                                    cx.error(
                                        "permissions",
                                        &index(&rp, i),
                                        format!("unknown permission `{s}`"),
                                        "use `deployment`, `logs` or `events`".to_string(),
                                    );
                                    ok = false;
                                }
                            }
                            perm.read = Some(v);
                        }
                        None => ok = false,
                    }
                }
                p.permissions = Some(perm);
            }
            None => ok = false,
        }
    }
    if let Some(n) = get(m, "tee") {
        let tp = child(path, "tee");
        match cx.string(n, &tp).as_deref() {
            Some("cpu") => p.tee = Some(TeeType::Cpu),
            Some("cpu-gpu") => p.tee = Some(TeeType::CpuGpu),
            Some(other) => {
                cx.error(
                    "tee-type",
                    &tp,
                    format!("unknown TEE type `{other}`"),
                    "use `cpu` or `cpu-gpu`".to_string(),
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    ok.then_some(p)
}

fn parse_credentials(cx: &mut Cx, node: &Node, path: &str) -> Option<Credentials> {
    let m = cx.map(node, path, &["host", "username", "password", "email"])?;
    let mut ok = true;
    let mut field = |cx: &mut Cx, key: &str, min: usize, required: bool| -> Option<String> {
        let kp = child(path, key);
        let n = if required {
            cx.required(m, path, key, &format!("add `{key}:` (the registry {key})"))
        } else {
            get(m, key)
        };
        let Some(n) = n else {
            ok &= !required;
            return None;
        };
        let s = cx.string(n, &kp);
        match s {
            Some(s) if s.chars().count() < min => {
                cx.error(
                    "credentials",
                    &kp,
                    format!("credentials `{key}` must be at least {min} characters"),
                    format!(
                        "check the registry {key}; registries refuse a {key} shorter than {min} characters"
                    ),
                );
                ok = false;
                None
            }
            Some(s) if required && s.trim().is_empty() => {
                cx.error(
                    "credentials",
                    &kp,
                    format!("credentials `{key}` is blank"),
                    format!("give the registry {key}, or remove `credentials` for a public image"),
                );
                ok = false;
                None
            }
            Some(s) => Some(s),
            None => {
                ok = false;
                None
            }
        }
    };
    let host = field(cx, "host", 1, true);
    let username = field(cx, "username", 1, true);
    let password = field(cx, "password", 6, true);
    let email = field(cx, "email", 5, false);
    if !ok {
        return None;
    }
    Some(Credentials {
        host: host?,
        username: username?,
        password: password?,
        email,
    })
}

fn parse_profiles(cx: &mut Cx, node: &Node, p: &mut Parsed) {
    let Some(m) = cx.map(node, "profiles", &["compute", "placement"]) else {
        p.broken.push("profiles");
        return;
    };
    let compute = named_profiles(
        cx,
        m,
        "compute",
        "add `profiles.compute.<name>.resources`",
        parse_compute,
    );
    keep_profiles(
        compute,
        &mut p.compute_names,
        &mut p.compute,
        &mut p.broken,
        "compute-item",
    );
    let placement = named_profiles(
        cx,
        m,
        "placement",
        "add `profiles.placement.<name>.pricing`",
        parse_placement,
    );
    keep_profiles(
        placement,
        &mut p.placement_names,
        &mut p.placements,
        &mut p.broken,
        "placement-item",
    );
}

/// Files what [`named_profiles`] read: every name, and the profiles that parsed. A profile that
/// did not marks `item_tag` broken; a missing or malformed section marks `profiles` broken.
fn keep_profiles<T>(
    read: Option<Vec<(String, Option<T>)>>,
    names: &mut Vec<String>,
    items: &mut Vec<T>,
    broken: &mut Vec<&'static str>,
    item_tag: &'static str,
) {
    let Some(entries) = read else {
        broken.push("profiles");
        return;
    };
    for (name, parsed) in entries {
        names.push(name);
        match parsed {
            Some(item) => items.push(item),
            None => broken.push(item_tag),
        }
    }
}

/// `profiles.<section>`: a required map of named profiles, each read by `parse`. `None` when the
/// section is missing or not a map; otherwise every profile's name and what `parse` made of it.
fn named_profiles<T>(
    cx: &mut Cx,
    profiles: &[Entry],
    section: &str,
    hint: &str,
    parse: fn(&mut Cx, &str, &Node, &str) -> Option<T>,
) -> Option<Vec<(String, Option<T>)>> {
    let node = cx.required(profiles, "profiles", section, hint)?;
    let base = child("profiles", section);
    let entries = cx.named_map(node, &base)?;
    Some(
        entries
            .iter()
            .map(|e| {
                let path = child(&base, &e.key);
                (e.key.clone(), parse(cx, &e.key, &e.value, &path))
            })
            .collect(),
    )
}

fn parse_compute(cx: &mut Cx, name: &str, node: &Node, path: &str) -> Option<ComputeProfile> {
    let m = cx.map(node, path, &["resources"])?;
    let rp = child(path, "resources");
    let r = cx.required(
        m,
        path,
        "resources",
        "add `resources:` with cpu, memory and storage",
    )?;
    let rm = cx.map(r, &rp, &["cpu", "memory", "storage", "gpu"])?;
    let cpu = cx
        .required(rm, &rp, "cpu", "add `cpu: {units: 0.5}`")
        .and_then(|n| parse_cpu(cx, n, &child(&rp, "cpu")));
    let memory = cx
        .required(rm, &rp, "memory", "add `memory: {size: 512Mi}`")
        .and_then(|n| parse_memory(cx, n, &child(&rp, "memory")));
    let storage_node = cx.required(rm, &rp, "storage", "add `storage: {size: 1Gi}`");
    let storage = storage_node.and_then(|n| parse_storage(cx, n, &child(&rp, "storage")));
    let gpu = match get(rm, "gpu") {
        Some(n) => parse_gpu(cx, n, &child(&rp, "gpu")),
        None => Some(GpuSpec::default()),
    };
    Some(ComputeProfile {
        name: name.to_string(),
        cpu: cpu?,
        memory: memory?,
        storage: storage?,
        storage_is_map: storage_node.is_some_and(|n| matches!(n.value, Value::Map(_))),
        gpu: gpu?,
    })
}

fn parse_cpu(cx: &mut Cx, node: &Node, path: &str) -> Option<CpuSpec> {
    let m = cx.map(node, path, &["units", "attributes"])?;
    let up = child(path, "units");
    let units = cx.required(
        m,
        path,
        "units",
        "e.g. `units: 0.5` (half a core) or `units: 500m`",
    )?;
    let millicores = match &units.value {
        Value::Number(n) => units::cpu_from_number(*n),
        Value::Str(s) => units::cpu_from_str(s),
        _ => {
            cx.wrong_type(
                &up,
                units,
                "a number of cores (`0.5`) or millicores (`\"500m\"`)",
            );
            return None;
        }
    };
    let millicores = match millicores {
        Ok(v) => v,
        Err(msg) => {
            cx.error("cpu-units", &up, msg, "write cores as `0.5`, `1`, `2` or millicores as `\"500m\"` (a whole number of millicores, more than 0)".to_string());
            return None;
        }
    };
    let mut attributes = Vec::new();
    if let Some(a) = get(m, "attributes") {
        let ap = child(path, "attributes");
        let entries = cx.named_map(a, &ap)?;
        for e in entries {
            let kp = child(&ap, &e.key);
            match scalar_text(&e.value.value) {
                Some(v) => attributes.push(Attribute::new(e.key.clone(), v)),
                None => {
                    cx.wrong_type(&kp, &e.value, "a text value");
                    return None;
                }
            }
        }
        attributes.sort();
    }
    Some(CpuSpec {
        millicores,
        attributes,
    })
}

fn parse_memory(cx: &mut Cx, node: &Node, path: &str) -> Option<Size> {
    let m = cx.map(node, path, &["size"])?;
    let n = cx.required(m, path, "size", "e.g. `size: 512Mi`")?;
    parse_size(cx, n, &child(path, "size"))
}

fn parse_size(cx: &mut Cx, node: &Node, path: &str) -> Option<Size> {
    if let Value::Number(n) = &node.value {
        let n = js_number_to_string(*n);
        cx.error(
            "size",
            path,
            format!("size `{n}` has no unit"),
            format!(
                "write it with a unit, e.g. `{n}Mi` or `{n}Gi` (Ki/Mi/Gi/Ti are powers of 1024)"
            ),
        );
        return None;
    }
    let s = cx.string(node, path)?;
    match units::size(&s) {
        Ok(raw) => Some(Size { text: s, raw }),
        Err(msg) => {
            cx.error("size", path, msg, "write a number with a unit: `512Mi`, `1Gi`, `100Gi`, `1.5G` (Ki/Mi/Gi/Ti are powers of 1024, k/M/G/T of 1000)".to_string());
            None
        }
    }
}

fn parse_storage(cx: &mut Cx, node: &Node, path: &str) -> Option<Vec<Volume>> {
    match &node.value {
        Value::Seq(items) => {
            let mut out = Vec::new();
            let mut ok = true;
            for (i, it) in items.iter().enumerate() {
                match parse_volume(cx, it, &index(path, i)) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
        // The single-volume form keeps a written `name` here (TS); the Go convention renames it
        // `default` when it builds (see `ComputeProfile::storage_is_map`).
        Value::Map(_) => Some(vec![parse_volume(cx, node, path)?]),
        _ => {
            cx.wrong_type(path, node, "a volume `{size: 1Gi}` or a list of volumes");
            None
        }
    }
}

fn parse_volume(cx: &mut Cx, node: &Node, path: &str) -> Option<Volume> {
    let m = cx.map(node, path, &["name", "size", "attributes"])?;
    let mut ok = true;
    let name = match get(m, "name") {
        Some(n) => {
            let s = cx.string(n, &child(path, "name"));
            ok &= s.is_some();
            s
        }
        None => None,
    };
    let size = cx
        .required(m, path, "size", "e.g. `size: 1Gi`")
        .and_then(|n| parse_size(cx, n, &child(path, "size")));
    let mut attributes = None;
    if let Some(a) = get(m, "attributes") {
        let ap = child(path, "attributes");
        match cx.map(a, &ap, &["class", "persistent"]) {
            Some(entries) => {
                let mut v = Vec::new();
                for e in entries {
                    let kp = child(&ap, &e.key);
                    let text = match (&e.key[..], &e.value.value) {
                        ("class", Value::Str(s)) => Some(s.clone()),
                        ("persistent", Value::Bool(b)) => Some(b.to_string()),
                        ("persistent", Value::Str(s)) => Some(s.clone()),
                        ("class", _) => {
                            cx.wrong_type(&kp, &e.value, "a string (`beta2`, `ram`, …)");
                            None
                        }
                        ("persistent", _) => {
                            cx.wrong_type(&kp, &e.value, "true or false");
                            None
                        }
                        _ => None,
                    };
                    match text {
                        Some(t) => v.push(Attribute::new(e.key.clone(), t)),
                        None => ok = false,
                    }
                }
                let class = v.iter().find(|a| a.key == "class").map(|a| a.value.clone());
                let persistent = v
                    .iter()
                    .find(|a| a.key == "persistent")
                    .map(|a| a.value.clone());
                let p_true = persistent.as_deref() == Some("true");
                match (&class, &persistent) {
                    (None, _) | (_, None) if ok => {
                        let (missing, fix) = if class.is_none() {
                            (
                                "class",
                                if persistent.as_deref().is_some_and(truthy) {
                                    "add `class: beta2` (or beta1, beta3, default)"
                                } else {
                                    "add `class: ram` for a RAM volume, or remove `attributes` for plain ephemeral storage"
                                },
                            )
                        } else {
                            (
                                "persistent",
                                if class.as_deref() == Some("ram") {
                                    "add `persistent: false`"
                                } else {
                                    "add `persistent: true`"
                                },
                            )
                        };
                        cx.error(
                            "storage-attributes",
                            &ap,
                            format!("storage attributes need both `class` and `persistent`; `{missing}` is missing"),
                            fix.to_string(),
                        );
                        ok = false;
                    }
                    (Some(c), Some(_)) if c == "ram" && p_true => {
                        cx.error(
                            "storage-attributes",
                            &ap,
                            "\"ram\" storage cannot be persistent",
                            "set `persistent: false` or use a disk class such as `beta2`"
                                .to_string(),
                        );
                        ok = false;
                    }
                    (Some(c), Some(_))
                        if c != "ram"
                            && !p_true
                            && matches!(c.as_str(), "beta1" | "beta2" | "beta3" | "default") =>
                    {
                        cx.error(
                            "storage-attributes",
                            &ap,
                            format!("storage class `{c}` needs `persistent: true`"),
                            "set `persistent: true`, or remove `attributes` for ephemeral storage"
                                .to_string(),
                        );
                        ok = false;
                    }
                    _ => {}
                }
                attributes = Some(v);
            }
            None => ok = false,
        }
    }
    let size = size?;
    ok.then(|| Volume {
        name: name.unwrap_or_else(|| "default".into()),
        size,
        attributes,
    })
}

fn parse_gpu(cx: &mut Cx, node: &Node, path: &str) -> Option<GpuSpec> {
    let m = cx.map(node, path, &["units", "attributes"])?;
    let mut ok = true;
    let mut g = GpuSpec::default();
    if let Some(u) = get(m, "units") {
        let up = child(path, "units");
        let v = match &u.value {
            Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= u32::MAX as f64 => {
                Some(*n as u64)
            }
            Value::Str(s)
                if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.trim().parse().ok()
            }
            _ => None,
        };
        match v {
            Some(v) => g.units = v,
            None => {
                cx.error(
                    "gpu-units",
                    &up,
                    "GPU `units` must be a whole number of GPUs",
                    "e.g. `units: 1`".to_string(),
                );
                ok = false;
            }
        }
    }
    let has_attributes = get(m, "attributes").is_some();
    if let Some(a) = get(m, "attributes") {
        let ap = child(path, "attributes");
        match cx.map(a, &ap, &["vendor"]) {
            Some(am) => {
                if let Some(vn) = get(am, "vendor") {
                    let vp = child(&ap, "vendor");
                    match cx.map(vn, &vp, &["nvidia"]) {
                        Some([]) => {
                            cx.error("gpu-vendor", &vp, "no GPU vendor given", "add `nvidia:` with a list of models, e.g. `nvidia: [{model: a100}]`".to_string());
                            ok = false;
                        }
                        Some(vendors) => {
                            let mut out = Vec::new();
                            for e in vendors {
                                let np = child(&vp, &e.key);
                                if e.key != "nvidia" {
                                    ok = false;
                                    continue;
                                }
                                if e.value.value == Value::Null {
                                    out.push(GpuVendor {
                                        name: e.key.clone(),
                                        models: None,
                                    });
                                    continue;
                                }
                                let Some(items) =
                                    cx.seq(&e.value, &np, "a list of `{model: <name>}`")
                                else {
                                    ok = false;
                                    continue;
                                };
                                let mut models = Vec::new();
                                for (i, it) in items.iter().enumerate() {
                                    let mp = index(&np, i);
                                    let Some(mm) = cx.map(it, &mp, &["model", "ram", "interface"])
                                    else {
                                        ok = false;
                                        continue;
                                    };
                                    let model = cx
                                        .required(mm, &mp, "model", "e.g. `model: a100`")
                                        .and_then(|n| cx.string(n, &child(&mp, "model")));
                                    let ram = get(mm, "ram")
                                        .and_then(|n| cx.string(n, &child(&mp, "ram")));
                                    let interface = match get(mm, "interface") {
                                        Some(n) => match cx.string(n, &child(&mp, "interface")) {
                                            Some(s) if s == "pcie" || s == "sxm" => Some(s),
                                            Some(s) => {
                                                cx.error(
                                                    "gpu-interface",
                                                    &child(&mp, "interface"),
                                                    format!("unknown GPU interface `{s}`"),
                                                    "use `pcie` or `sxm`".to_string(),
                                                );
                                                ok = false;
                                                None
                                            }
                                            None => {
                                                ok = false;
                                                None
                                            }
                                        },
                                        None => None,
                                    };
                                    match model {
                                        Some(model) => models.push(GpuModel {
                                            model,
                                            ram,
                                            interface,
                                        }),
                                        None => ok = false,
                                    }
                                }
                                out.push(GpuVendor {
                                    name: e.key.clone(),
                                    models: Some(models),
                                });
                            }
                            g.vendors = Some(out);
                        }
                        None => ok = false,
                    }
                } else {
                    g.vendors = Some(Vec::new());
                }
            }
            None => ok = false,
        }
    }
    if ok {
        if g.units > 0 && !has_attributes {
            cx.error("gpu-attributes", path, "GPU units > 0 need `attributes` naming the vendor and model", "add `attributes: {vendor: {nvidia: [{model: a100}]}}` (or `nvidia:` with no list for any model)".to_string());
            ok = false;
        } else if g.units > 0 && g.vendors.as_ref().is_some_and(Vec::is_empty) {
            cx.error(
                "gpu-vendor",
                &child(path, "attributes"),
                "GPU must specify a vendor if units is not 0",
                "add `vendor: {nvidia: [{model: a100}]}`".to_string(),
            );
            ok = false;
        } else if g.units == 0 && has_attributes {
            cx.error(
                "gpu-attributes",
                &child(path, "attributes"),
                "GPU must not have attributes if units is 0",
                "set `units:` to the number of GPUs, or remove `attributes`".to_string(),
            );
            ok = false;
        }
    }
    ok.then_some(g)
}

fn parse_placement(cx: &mut Cx, name: &str, node: &Node, path: &str) -> Option<Placement> {
    let m = cx.map(node, path, &["attributes", "signedBy", "pricing"])?;
    let mut ok = true;
    let mut attributes = None;
    if let Some(a) = get(m, "attributes") {
        let ap = child(path, "attributes");
        match cx.named_map(a, &ap) {
            Some(entries) => {
                let mut v = Vec::new();
                for e in entries {
                    match scalar_text(&e.value.value) {
                        Some(t) => v.push(Attribute::new(e.key.clone(), t)),
                        None => {
                            cx.wrong_type(&child(&ap, &e.key), &e.value, "a text value");
                            ok = false;
                        }
                    }
                }
                attributes = Some(v);
            }
            None => ok = false,
        }
    }
    let mut signed_by = None;
    if let Some(s) = get(m, "signedBy") {
        let sp = child(path, "signedBy");
        match cx.map(s, &sp, &["anyOf", "allOf"]) {
            Some(sm) => {
                let mut sb = SignedByDef::default();
                if let Some(n) = get(sm, "anyOf") {
                    sb.any_of = cx.strings(n, &child(&sp, "anyOf"));
                    ok &= sb.any_of.is_some();
                }
                if let Some(n) = get(sm, "allOf") {
                    sb.all_of = cx.strings(n, &child(&sp, "allOf"));
                    ok &= sb.all_of.is_some();
                }
                for (key, list) in [("anyOf", &sb.any_of), ("allOf", &sb.all_of)] {
                    for (i, a) in list.iter().flatten().enumerate() {
                        if let Some(problem) = crate::validate::auditor_address_problem(a) {
                            cx.error(
                                "signed-by-address",
                                &index(&child(&sp, key), i),
                                format!(
                                    "`{}` in `signedBy.{key}` is not an Akash address: {problem}",
                                    a.escape_debug()
                                ),
                                format!(
                                    "write the auditor's account address (`akash1` and 38 more characters), e.g. the Akash auditor {}; copy it from the auditor, or list them with `provider-services query audit list`",
                                    crate::validate::AKASH_AUDITOR
                                ),
                            );
                        }
                    }
                }
                signed_by = Some(sb);
            }
            None => ok = false,
        }
    }
    let mut pricing = Vec::new();
    match cx.required(
        m,
        path,
        "pricing",
        "add `pricing: {<profile>: {denom: uact, amount: 1000}}`",
    ) {
        Some(pn) => {
            let pp = child(path, "pricing");
            match cx.named_map(pn, &pp) {
                Some(entries) => {
                    for e in entries {
                        match parse_price(cx, &e.key, &e.value, &child(&pp, &e.key)) {
                            Some(p) => pricing.push(p),
                            None => ok = false,
                        }
                    }
                }
                None => ok = false,
            }
        }
        None => ok = false,
    }
    ok.then(|| Placement {
        name: name.to_string(),
        attributes,
        signed_by,
        pricing,
    })
}

fn parse_price(cx: &mut Cx, profile: &str, node: &Node, path: &str) -> Option<Price> {
    if let Some(fix) = price_shorthand_fix(&node.value) {
        let written = scalar_text(&node.value).unwrap_or_default();
        cx.error(
            "price-shorthand",
            path,
            format!(
                "the price of `{profile}` must be a mapping `{{denom, amount}}`, not the shorthand `{written}`"
            ),
            format!(
                "write `{profile}: {{denom: uact, amount: {fix}}}` (the most per replica per block, in uact: deployments are priced in uact since Akash v2.0)"
            ),
        );
        return None;
    }
    let m = cx.map(node, path, &["denom", "amount"])?;
    let denom = cx
        .required(m, path, "denom", "add `denom: uact`")
        .and_then(|n| cx.string(n, &child(path, "denom")));
    let denom = match denom {
        Some(d) if d == "uakt" || d == "uact" => Some(d),
        Some(d) => {
            let hint = if d.starts_with("ibc/") {
                "IBC denoms (USDC) are no longer accepted; price in `uact`".to_string()
            } else {
                "use `uact` (ACT, what new deployments are priced in) or `uakt`".to_string()
            };
            cx.error(
                "price-denom",
                &child(path, "denom"),
                format!("unsupported price denom `{d}`"),
                hint,
            );
            None
        }
        None => None,
    };
    let ap = child(path, "amount");
    let amount = cx.required(
        m,
        path,
        "amount",
        "add `amount: 1000` (per replica per block)",
    )?;
    let text = match &amount.value {
        Value::Number(n) if *n >= 0.0 && n.is_finite() => units::decimal_from_number(*n),
        Value::Str(s) if units::is_plain_decimal(s) => Some(s.clone()),
        _ => None,
    };
    let Some(text) = text.and_then(|t| units::normalize_decimal(&t)) else {
        cx.error(
            "price-amount",
            &ap,
            "the price `amount` must be a non-negative decimal number",
            "e.g. `amount: 1000` or `amount: \"0.5\"`".to_string(),
        );
        return None;
    };
    Some(Price {
        profile: profile.to_string(),
        denom: denom?,
        amount: text,
    })
}

/// The `amount` in uact for a price written as `<amount><denom>` (`50uakt`, `1000 uact`, `2act`)
/// or as a bare number; `None` when the value is not such a shorthand. Micro denoms keep the
/// amount (uakt becomes uact: the only denom new deployments take); whole tokens (`akt`, `act`)
/// are converted to micro units.
fn price_shorthand_fix(v: &Value) -> Option<String> {
    let text = match v {
        Value::Number(n) => units::decimal_from_number(*n)?,
        Value::Str(s) => s.trim().to_string(),
        _ => return None,
    };
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (amount, denom) = text.split_at(split);
    let amount = units::normalize_decimal(amount)?;
    match denom.trim().to_ascii_lowercase().as_str() {
        "" | "uact" | "uakt" => Some(amount),
        "act" | "akt" => units::normalize_decimal(&shift_decimal(&amount, 6)),
        _ => None,
    }
}

/// `amount` × 10^`places`, as decimal text (`0.5`, 6 → `500000`).
fn shift_decimal(amount: &str, places: usize) -> String {
    let (i, f) = amount.split_once('.').unwrap_or((amount, ""));
    let f = format!("{f:0<places$}");
    let (moved, rest) = f.split_at(places);
    if rest.is_empty() {
        format!("{i}{moved}")
    } else {
        format!("{i}{moved}.{rest}")
    }
}

fn parse_deployment(cx: &mut Cx, node: &Node) -> Option<Vec<DeploymentEntry>> {
    let entries = cx.named_map(node, "deployment")?;
    let mut out = Vec::new();
    let mut ok = true;
    for e in entries {
        let sp = child("deployment", &e.key);
        let Some(places) = cx.named_map(&e.value, &sp) else {
            ok = false;
            continue;
        };
        for pl in places {
            let pp = child(&sp, &pl.key);
            let Some(m) = cx.map(&pl.value, &pp, &["profile", "count"]) else {
                ok = false;
                continue;
            };
            let profile = cx
                .required(
                    m,
                    &pp,
                    "profile",
                    "name a compute profile: `profile: <name>`",
                )
                .and_then(|n| cx.string(n, &child(&pp, "profile")));
            let count = cx
                .required(m, &pp, "count", "add `count: 1` (replicas)")
                .and_then(|n| cx.integer(n, &child(&pp, "count"), 1, u32::MAX as u64));
            match (profile, count) {
                (Some(profile), Some(count)) => out.push(DeploymentEntry {
                    service: e.key.clone(),
                    placement: pl.key.clone(),
                    profile,
                    count: count as u32,
                }),
                _ => ok = false,
            }
        }
    }
    ok.then_some(out)
}

fn parse_endpoints(cx: &mut Cx, node: &Node) -> Option<Vec<EndpointDecl>> {
    let entries = cx.named_map(node, "endpoints")?;
    let mut out = Vec::new();
    let mut ok = true;
    for e in entries {
        let p = child("endpoints", &e.key);
        if !units::endpoint_name_ok(&e.key) {
            cx.key_error("endpoint-name", &p, format!("endpoint name `{}` is not allowed", e.key), "use lower-case letters first, then letters, digits, `-` or `_` (at least 2 characters), e.g. `myip`".to_string());
            ok = false;
        }
        let Some(m) = cx.map(&e.value, &p, &["kind"]) else {
            ok = false;
            continue;
        };
        match cx
            .required(m, &p, "kind", "add `kind: ip`")
            .and_then(|n| cx.string(n, &child(&p, "kind")))
        {
            Some(k) if k == "ip" => out.push(EndpointDecl {
                name: e.key.clone(),
            }),
            Some(k) => {
                cx.error(
                    "endpoint-kind",
                    &child(&p, "kind"),
                    format!("unknown endpoint kind `{k}`"),
                    "the only kind is `ip`".to_string(),
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: &str) -> (u32, u32, Option<(u32, u32)>) {
        let root = crate::yaml::load(text, &crate::Limits::default()).expect("yaml");
        let (node, key) = locate(&root, path);
        (
            node.span.line,
            node.span.column,
            key.map(|k| (k.line, k.column)),
        )
    }

    #[test]
    fn locate_walks_keys_indices_and_dotted_keys() {
        let text = "a:\n  b:\n    - x: 1\n    - y: 2\n  org.example/tier: gold\n  org: plain\n";
        assert_eq!(at(text, "a.b[1].y"), (4, 10, Some((4, 7))));
        assert_eq!(at(text, "a.b[0]"), (3, 7, None));
        // The longest key that fits wins over its prefix `org`.
        assert_eq!(at(text, "a.org.example/tier"), (5, 21, Some((5, 3))));
        assert_eq!(at(text, "a.org"), (6, 8, Some((6, 3))));
        // A missing part: the nearest ancestor, and no key span.
        assert_eq!(at(text, "a.b[7].z"), (3, 5, None));
        assert_eq!(at(text, "a.nope"), (2, 3, None));
        assert_eq!(at(text, ""), (1, 1, None));
    }
}
