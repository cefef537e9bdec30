//! YAML text → a spanned value tree, loaded the way `js-yaml` `load()` does it (YAML 1.2 core
//! schema: `version: 2.0` unquoted is a number, `yes` is a string), with hard limits so hostile
//! input costs bounded time and memory.
//!
//! Scanning and parsing is done by `saphyr-parser`; this module only turns its event stream into
//! values (scalar resolution, anchors/aliases, merge keys `<<`, duplicate-key checks).

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

/// Limits on what the loader accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Input size in bytes.
    pub max_bytes: usize,
    /// Nesting depth of sequences and mappings.
    pub max_depth: usize,
    /// Nodes in the loaded tree, aliases counted at their expanded size (defeats alias bombs).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 1024 * 1024,
            max_depth: 64,
            max_nodes: 50_000,
        }
    }
}

/// A place in the source: byte range, and 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
}

/// A loaded value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Every YAML number is a JS number (an `f64`), as in `js-yaml`.
    Number(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

impl Span {
    /// Line 1, column 1, empty: where whole-file problems are reported.
    pub const FILE_START: Span = Span {
        start: 0,
        end: 0,
        line: 1,
        column: 1,
    };
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// One mapping entry. Keys are strings, as in a JS object.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// Why the text could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
    pub span: Span,
    /// How to fix it (every load error has one).
    pub hint: String,
}

impl Value {
    /// A short name of the type, for messages ("a string", "a list", …).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value as `serde_json` would show it (used by tests to compare with `js-yaml`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Number(n) => serde_json::Number::from_f64(*n)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::Str(s) => s.clone().into(),
            Value::Seq(items) => items.iter().map(|n| n.value.to_json()).collect(),
            Value::Map(entries) => {
                let mut m = serde_json::Map::new();
                for e in entries {
                    m.insert(e.key.clone(), e.value.value.to_json());
                }
                serde_json::Value::Object(m)
            }
        }
    }
}

/// Maps the parser's character indices to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    /// `None` when the text is ASCII (index == offset).
    table: Option<Vec<usize>>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let table = if text.is_ascii() {
            None
        } else {
            let mut t: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            t.push(text.len());
            Some(t)
        };
        Offsets { text, table }
    }
    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.text.len()),
            Some(t) => t.get(char_index).copied().unwrap_or(self.text.len()),
        }
    }
    fn span(&self, s: saphyr_parser::Span) -> Span {
        Span {
            start: self.byte(s.start.index()),
            end: self.byte(s.end.index()),
            line: s.start.line() as u32,
            column: s.start.col() as u32 + 1,
        }
    }
}

/// The 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let mut line = 1u32;
    let mut line_start = 0usize;
    for (i, b) in text.as_bytes()[..offset].iter().enumerate() {
        if *b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = text
        .get(line_start..offset)
        .map(|s| s.chars().count())
        .unwrap_or(offset - line_start);
    (line, col as u32 + 1)
}

/// A sequence or mapping being loaded. Its children wait in the loader's shared `items` /
/// `entries` stacks from index `first` on, and move into an exactly sized `Vec` when it ends.
enum Frame {
    Seq {
        first: usize,
        start: Span,
        anchor: usize,
    },
    Map {
        first: usize,
        /// Key → index (from `first`), once the mapping is large (small ones are searched
        /// linearly).
        hashed: Option<FxHashMap<String, usize>>,
        pending_key: Option<(String, Span, bool)>,
        start: Span,
        anchor: usize,
    },
}

/// Refuses input longer than `limits.max_bytes`. The message does not claim a size: callers
/// read at most one byte past the limit, so the length they have is not the file's.
pub fn check_size(len: usize, limits: &Limits) -> Result<(), LoadError> {
    if len <= limits.max_bytes {
        return Ok(());
    }
    Err(LoadError {
        message: format!(
            "the file is larger than {} bytes, the most vmc reads as an SDL",
            limits.max_bytes
        ),
        span: Span::FILE_START,
        hint: "an SDL file is normally a few kilobytes; check that this is the right file".into(),
    })
}

/// Loads exactly one YAML document.
pub fn load(text: &str, limits: &Limits) -> Result<Node, LoadError> {
    check_size(text.len(), limits)?;
    let offsets = Offsets::new(text);
    let mut loader = Loader {
        limits,
        stack: Vec::new(),
        // Room for the open collections of a typical SDL, so the stacks rarely grow.
        items: Vec::with_capacity(16),
        entries: Vec::with_capacity(32),
        merged: Vec::with_capacity(32),
        anchors: Vec::new(),
        nodes: 0,
        root: None,
        documents: 0,
    };
    for ev in Parser::new_from_str(text) {
        match ev {
            Ok((event, span)) => {
                let span = offsets.span(span);
                if loader.event(event, span)? {
                    break;
                }
            }
            Err(e) => return Err(scan_error(&offsets, &e)),
        }
    }
    loader.root.ok_or_else(|| LoadError {
        message: "the file holds no YAML document".into(),
        span: Span::FILE_START,
        hint: "an SDL starts with `version: \"2.1\"` followed by services, profiles and deployment"
            .into(),
    })
}

fn scan_error(offsets: &Offsets<'_>, e: &ScanError) -> LoadError {
    let m = e.marker();
    let start = offsets.byte(m.index());
    LoadError {
        message: format!("YAML syntax error: {}", e.info()),
        span: Span {
            start,
            end: start,
            line: m.line() as u32,
            column: m.col() as u32 + 1,
        },
        hint: "check indentation (spaces, not tabs), colons after keys and matching quotes near this place".into(),
    }
}

struct Loader<'a> {
    limits: &'a Limits,
    stack: Vec<Frame>,
    /// Items of the open sequences, innermost last.
    items: Vec<Node>,
    /// Entries of the open mappings, innermost last.
    entries: Vec<Entry>,
    /// Per entry: whether it came from a `<<` merge (an explicit key may replace a merged one).
    merged: Vec<bool>,
    anchors: Vec<Option<Node>>,
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

fn err(message: impl Into<String>, span: Span, hint: &str) -> LoadError {
    LoadError {
        message: message.into(),
        span,
        hint: hint.to_string(),
    }
}

fn count_nodes(n: &Node) -> usize {
    match &n.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| count_nodes(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

impl Loader<'_> {
    fn bump(&mut self, n: usize, span: Span) -> Result<(), LoadError> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(err(
                format!(
                    "the document expands to more than {} values (aliases counted at their full size)",
                    self.limits.max_nodes
                ),
                span,
                "remove the repeated aliases (`*name`); an SDL never needs this many values",
            ));
        }
        Ok(())
    }

    fn push_frame(&mut self, f: Frame, span: Span) -> Result<(), LoadError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(err(
                format!("nesting deeper than {} levels", self.limits.max_depth),
                span,
                "an SDL is at most about ten levels deep; check for runaway `[`/`{` or indentation",
            ));
        }
        self.bump(1, span)?;
        self.stack.push(f);
        Ok(())
    }

    /// Remembers `node` under anchor `id` (0: no anchor).
    #[inline]
    fn set_anchor(&mut self, id: usize, node: &Node) {
        if id != 0 {
            self.remember(id, node);
        }
    }

    fn remember(&mut self, id: usize, node: &Node) {
        if self.anchors.len() <= id {
            self.anchors.resize(id + 1, None);
        }
        self.anchors[id] = Some(node.clone());
    }

    /// Returns true when the stream is finished.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, LoadError> {
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::StreamEnd => return Ok(true),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(err(
                        "more than one YAML document (`---`) in the file",
                        span,
                        "an SDL is a single document; remove the second `---` and what follows, or split the file",
                    ));
                }
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(id).and_then(Option::as_ref) {
                    Some(n) => n.clone(),
                    None => {
                        return Err(err(
                            "alias to an unknown anchor",
                            span,
                            "define the anchor (`&name`) before the alias (`*name`) that uses it",
                        ));
                    }
                };
                let n = count_nodes(&node);
                self.bump(n, span)?;
                let node = Node {
                    value: node.value,
                    span,
                };
                self.complete(node)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.bump(1, span)?;
                let plain = style == ScalarStyle::Plain;
                let value = resolve_scalar(text, plain, tag.as_deref(), span)?;
                let node = Node { value, span };
                self.set_anchor(anchor, &node);
                // Remember whether a key was a plain `<<` (a merge key).
                if let Some(Frame::Map { pending_key, .. }) = self.stack.last_mut()
                    && pending_key.is_none()
                {
                    let key = key_string(node)?;
                    let is_merge = plain && key == "<<";
                    *pending_key = Some((key, span, is_merge));
                    return Ok(false);
                }
                self.complete(node)?;
            }
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "seq", span)?;
                let first = self.items.len();
                self.push_frame(
                    Frame::Seq {
                        first,
                        start: span,
                        anchor,
                    },
                    span,
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "map", span)?;
                let first = self.entries.len();
                self.push_frame(
                    Frame::Map {
                        first,
                        hashed: None,
                        pending_key: None,
                        start: span,
                        anchor,
                    },
                    span,
                )?;
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    first,
                    start,
                    anchor,
                }) = self.stack.pop()
                {
                    let node = Node {
                        value: Value::Seq(self.items.split_off(first)),
                        span: join(start, span),
                    };
                    self.set_anchor(anchor, &node);
                    self.complete(node)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    first,
                    start,
                    anchor,
                    ..
                }) = self.stack.pop()
                {
                    self.merged.truncate(first);
                    let node = Node {
                        value: Value::Map(self.entries.split_off(first)),
                        span: join(start, span),
                    };
                    self.set_anchor(anchor, &node);
                    self.complete(node)?;
                }
            }
        }
        Ok(false)
    }

    /// A finished node goes into its parent (or becomes the document).
    fn complete(&mut self, node: Node) -> Result<(), LoadError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
            }
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map {
                first,
                hashed,
                pending_key,
                ..
            }) => {
                let mut map = OpenMap {
                    first: *first,
                    entries: &mut self.entries,
                    merged: &mut self.merged,
                    hashed,
                };
                match pending_key.take() {
                    None => {
                        // A collection used as a key.
                        return Err(err(
                            "a list or mapping used as a mapping key",
                            node.span,
                            "keys must be plain names such as `image:`",
                        ));
                    }
                    Some((_, key_span, true)) => map.merge(node, key_span)?,
                    Some((key, key_span, false)) => map.insert(key, key_span, node)?,
                }
            }
        }
        Ok(())
    }
}

/// The mapping being loaded: its entries (the tail of the loader's entry stack from `first`)
/// and, once it is large, a hash index of its keys so loading stays linear in its size.
struct OpenMap<'m> {
    first: usize,
    entries: &'m mut Vec<Entry>,
    merged: &'m mut Vec<bool>,
    hashed: &'m mut Option<FxHashMap<String, usize>>,
}

impl OpenMap<'_> {
    const HASH_FROM: usize = 16;

    /// Where `key` is (from `first`), and whether it came from a merge.
    fn get(&self, key: &str) -> Option<(usize, bool)> {
        let i = match self.hashed.as_ref() {
            Some(h) => *h.get(key)?,
            None => self.entries[self.first..]
                .iter()
                .position(|e| e.key == key)?,
        };
        Some((i, self.merged[self.first + i]))
    }

    fn push(&mut self, e: Entry, merged: bool) {
        let i = self.entries.len() - self.first;
        if let Some(h) = self.hashed {
            h.insert(e.key.clone(), i);
        }
        self.entries.push(e);
        self.merged.push(merged);
        if self.hashed.is_none() && i + 1 >= Self::HASH_FROM {
            *self.hashed = Some(
                self.entries[self.first..]
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.key.clone(), i))
                    .collect(),
            );
        }
    }

    /// An explicit `key: node` entry: a duplicate is an error, unless the first came from a merge.
    fn insert(&mut self, key: String, key_span: Span, node: Node) -> Result<(), LoadError> {
        let entry = |key| Entry {
            key,
            key_span,
            value: node,
        };
        match self.get(&key) {
            None => self.push(entry(key), false),
            Some((i, true)) => {
                self.entries[self.first + i] = entry(key);
                self.merged[self.first + i] = false;
            }
            Some((i, false)) => {
                let first = self.entries[self.first + i].key_span;
                return Err(LoadError {
                    message: format!(
                        "duplicate key `{key}` (first written at line {})",
                        first.line
                    ),
                    span: key_span,
                    hint: "remove one of the two entries or merge them".into(),
                });
            }
        }
        Ok(())
    }

    /// `<<: node`: the entries of a mapping (or of a list of mappings) that are not there yet.
    fn merge(&mut self, node: Node, key_span: Span) -> Result<(), LoadError> {
        let not_mergeable = |span| {
            err(
                "a merge key `<<` needs a mapping or a list of mappings",
                span,
                "merge a mapping's anchor (`<<: *defaults`) or a list of them (`<<: [*a, *b]`)",
            )
        };
        let sources: Vec<Node> = match node.value {
            Value::Map(_) => vec![node],
            Value::Seq(items) => items,
            _ => return Err(not_mergeable(key_span)),
        };
        for src in sources {
            let Value::Map(src_entries) = src.value else {
                return Err(not_mergeable(src.span));
            };
            for e in src_entries {
                if self.get(&e.key).is_none() {
                    self.push(e, true);
                }
            }
        }
        Ok(())
    }
}

fn join(a: Span, b: Span) -> Span {
    Span {
        start: a.start,
        end: b.end.max(a.end),
        line: a.line,
        column: a.column,
    }
}

fn key_string(node: Node) -> Result<String, LoadError> {
    Ok(match node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number_to_string(n),
        Value::Str(s) => s,
        _ => {
            return Err(err(
                "a list or mapping used as a mapping key",
                node.span,
                "keys must be plain names such as `image:`",
            ));
        }
    })
}

fn check_collection_tag(
    tag: Option<&saphyr_parser::Tag>,
    want: &str,
    span: Span,
) -> Result<(), LoadError> {
    if let Some(t) = tag {
        let ok = (t.handle == "!!" || t.handle == "tag:yaml.org,2002:") && t.suffix == want;
        if !ok {
            return Err(err(
                format!("unsupported YAML tag `{}{}`", t.handle, t.suffix),
                span,
                "remove the tag; SDL uses plain YAML values",
            ));
        }
    }
    Ok(())
}

fn resolve_scalar(
    text: Cow<'_, str>,
    plain: bool,
    tag: Option<&saphyr_parser::Tag>,
    span: Span,
) -> Result<Value, LoadError> {
    if let Some(t) = tag {
        if t.handle == "!" && t.suffix.is_empty() {
            return Ok(Value::Str(text.into_owned()));
        }
        let text = &*text;
        let core = t.handle == "!!" || t.handle == "tag:yaml.org,2002:";
        let bad = || {
            err(
                format!("`{text}` is not a valid !!{}", t.suffix),
                span,
                "remove the tag, or write a value of that type",
            )
        };
        if core {
            return match t.suffix.as_str() {
                "str" => Ok(Value::Str(text.to_string())),
                "null" => resolve_null(text).ok_or_else(bad),
                "bool" => resolve_bool(text).ok_or_else(bad),
                "int" => resolve_int(text).ok_or_else(bad),
                "float" => resolve_float(text)
                    .or_else(|| resolve_int(text))
                    .ok_or_else(bad),
                _ => Err(err(
                    format!("unsupported YAML tag `!!{}`", t.suffix),
                    span,
                    "remove the tag; SDL uses plain YAML values",
                )),
            };
        }
        return Err(err(
            format!("unsupported YAML tag `{}{}`", t.handle, t.suffix),
            span,
            "remove the tag; SDL uses plain YAML values",
        ));
    }
    if !plain || !may_be_non_string(&text) {
        return Ok(Value::Str(text.into_owned()));
    }
    Ok(resolve_null(&text)
        .or_else(|| resolve_bool(&text))
        .or_else(|| resolve_int(&text))
        .or_else(|| resolve_float(&text))
        .unwrap_or_else(|| Value::Str(text.into_owned())))
}

/// False when no core-schema rule below can turn the plain scalar `s` into a null, boolean or
/// number (they all start with one of these bytes), so it is a string without trying them.
fn may_be_non_string(s: &str) -> bool {
    s.as_bytes().first().is_none_or(|b| {
        matches!(
            b,
            b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'.' | b'+' | b'-' | b'0'..=b'9'
        )
    })
}

fn resolve_null(s: &str) -> Option<Value> {
    matches!(s, "" | "~" | "null" | "Null" | "NULL").then_some(Value::Null)
}

fn resolve_bool(s: &str) -> Option<Value> {
    match s {
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// `js-yaml` core-schema integers: decimal (with optional sign), `0x`, `0o`, `0b`, and `_`
/// separators between digits.
fn resolve_int(s: &str) -> Option<Value> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else {
        (10, body)
    };
    if digits.is_empty() || digits.starts_with('_') {
        return None;
    }
    if radix == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        // Up to 15 digits the value is below 2^53, so summing in integers is exact; longer
        // numbers take the exact decimal conversion (a digit loop in floats can round
        // differently).
        let v = if digits.len() <= 15 {
            digits
                .bytes()
                .fold(0u64, |v, b| v * 10 + u64::from(b - b'0')) as f64
        } else {
            digits.parse::<f64>().ok()?
        };
        return Some(Value::Number(if neg { -v } else { v }));
    }
    let mut v = 0f64;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(radix)?;
        v = v * radix as f64 + d as f64;
    }
    Some(Value::Number(if neg { -v } else { v }))
}

fn resolve_float(s: &str) -> Option<Value> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Value::Number(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Value::Number(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Number(f64::NAN)),
        _ => {}
    }
    // [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && (b[i].is_ascii_digit() || (i > int_start && b[i] == b'_')) {
        i += 1;
    }
    let had_int = i > int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let fs = i;
        while i < b.len() && (b[i].is_ascii_digit() || (had_int && b[i] == b'_')) {
            i += 1;
        }
        if !had_int && i == fs {
            return None;
        }
    } else if !had_int {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let es = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == es {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let cleaned: Cow<'_, str> = if s.contains('_') {
        s.chars().filter(|c| *c != '_').collect::<String>().into()
    } else {
        s.into()
    };
    cleaned.parse::<f64>().ok().map(Value::Number)
}

/// `Number.prototype.toString()` for the numbers YAML can produce.
pub fn js_number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    let a = n.abs();
    if (1e-6..1e21).contains(&a) {
        return format!("{n}");
    }
    // Exponent form: Rust gives `1e21` / `1.5e-7`; JS writes `1e+21` / `1.5e-7`.
    let s = format!("{n:e}");
    match s.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_json(s: &str) -> serde_json::Value {
        load(s, &Limits::default()).unwrap().value.to_json()
    }

    #[test]
    fn core_schema_like_js_yaml() {
        let v = load_json("a: 2.0\nb: yes\nc: ~\nd: 0x1F\ne: '1'\nf: True\ng: 1e3\nh: .5\n");
        assert_eq!(
            v,
            serde_json::json!({"a": 2.0, "b": "yes", "c": null, "d": 31.0, "e": "1", "f": true, "g": 1000.0, "h": 0.5})
        );
    }

    #[test]
    fn integers_convert_exactly() {
        for s in [
            "0",
            "-0",
            "+7",
            "999999999999999",
            "9007199254740993",
            "123456789012345678901",
        ] {
            let want = s.parse::<f64>().unwrap();
            let v = load_json(&format!("n: {s}\n"));
            assert_eq!(v["n"].as_f64(), Some(want), "{s}");
        }
        assert_eq!(load_json("n: 1_000\n")["n"], serde_json::json!(1000.0));
        assert_eq!(load_json("n: 12a\n")["n"], serde_json::json!("12a"));
    }

    #[test]
    fn merge_keys_and_aliases() {
        let v = load_json("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
        assert_eq!(v["use"], serde_json::json!({"x": 1.0, "y": 3.0}));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = load("a: 1\nb: 2\na: 3\n", &Limits::default()).unwrap_err();
        assert!(e.message.contains("duplicate key `a`"), "{}", e.message);
        assert_eq!(e.span.line, 3);
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = load(&s, &Limits::default()).unwrap_err();
        assert!(e.message.contains("expands to more than"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let s = "[".repeat(10_000);
        let e = load(&s, &Limits::default()).unwrap_err();
        assert!(
            e.message.contains("nesting") || e.message.contains("syntax"),
            "{}",
            e.message
        );
    }

    #[test]
    fn spans_are_bytes_and_chars() {
        let n = load("é: x\nb: yy\n", &Limits::default()).unwrap();
        let Value::Map(entries) = n.value else {
            panic!("map")
        };
        assert_eq!(entries[1].value.span.start, 9);
        assert_eq!(
            (entries[1].value.span.line, entries[1].value.span.column),
            (2, 4)
        );
        assert_eq!(line_col("é: x\nb: yy\n", 9), (2, 4));
    }

    #[test]
    fn js_numbers() {
        assert_eq!(js_number_to_string(1000.0), "1000");
        assert_eq!(js_number_to_string(0.5), "0.5");
        assert_eq!(js_number_to_string(1e21), "1e+21");
        assert_eq!(js_number_to_string(1.5e-7), "1.5e-7");
    }
}
