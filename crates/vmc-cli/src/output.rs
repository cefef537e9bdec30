//! The `Printer`: stdout carries data only (tables, JSON, YAML, JSON Lines); progress, hints and
//! warnings go to stderr, and nothing decorative is printed unless stderr is a terminal.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::error::{CliError, CliResult};

/// What `-o/--output` asked for. Several `-o` flags combine (`-o columns=id,name -o noheader`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutputFormat {
    pub kind: OutputKind,
    /// Table only: show these columns (by lower-case header name), in this order.
    pub columns: Option<Vec<String>>,
    /// Table only: leave out the header line.
    pub noheader: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputKind {
    #[default]
    Table,
    Json,
    Yaml,
    /// One JSON object per line: step events of long commands, or one line per row.
    Jsonl,
}

impl OutputFormat {
    /// Parses the values of every `-o` flag, in order.
    pub fn parse(values: &[String]) -> CliResult<Self> {
        let mut out = OutputFormat::default();
        for v in values {
            for part in split_output_value(v) {
                match part.as_str() {
                    "table" => out.kind = OutputKind::Table,
                    "json" => out.kind = OutputKind::Json,
                    "yaml" => out.kind = OutputKind::Yaml,
                    "jsonl" => out.kind = OutputKind::Jsonl,
                    "noheader" => out.noheader = true,
                    p if p.starts_with("columns=") => {
                        let cols: Vec<String> = p["columns=".len()..]
                            .split(',')
                            .map(|c| c.trim().to_ascii_lowercase())
                            .filter(|c| !c.is_empty())
                            .collect();
                        if cols.is_empty() {
                            return Err(CliError::usage(
                                "`-o columns=` needs at least one column name",
                            )
                            .with_hint("e.g. `-o columns=id,name`"));
                        }
                        out.columns = Some(cols);
                    }
                    other => {
                        return Err(CliError::usage(format!("unknown output format `{other}`"))
                            .with_hint(
                                "use one of: table, json, yaml, jsonl, columns=a,b, noheader",
                            ));
                    }
                }
            }
        }
        Ok(out)
    }
}

/// `columns=a,b` keeps its commas; other comma-separated words are separate options.
fn split_output_value(v: &str) -> Vec<String> {
    if v.starts_with("columns=") {
        vec![v.to_string()]
    } else {
        v.split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// A table to render: headers and rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<I, S>(headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Renders as aligned plain columns (like `hcloud` and `kubectl`), honouring `columns=` and
    /// `noheader`.
    pub fn render(&self, fmt: &OutputFormat) -> CliResult<String> {
        let idx: Vec<usize> = match &fmt.columns {
            None => (0..self.headers.len()).collect(),
            Some(cols) => {
                let mut v = Vec::new();
                for c in cols {
                    let pos = self
                        .headers
                        .iter()
                        .position(|h| h.to_ascii_lowercase().replace(' ', "_") == *c)
                        .ok_or_else(|| {
                            CliError::usage(format!("unknown column `{c}`")).with_hint(format!(
                                "available columns: {}",
                                self.headers
                                    .iter()
                                    .map(|h| h.to_ascii_lowercase().replace(' ', "_"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                        })?;
                    v.push(pos);
                }
                v
            }
        };
        let mut lines: Vec<Vec<&str>> = Vec::new();
        if !fmt.noheader {
            lines.push(idx.iter().map(|&i| self.headers[i].as_str()).collect());
        }
        for r in &self.rows {
            lines.push(
                idx.iter()
                    .map(|&i| r.get(i).map(String::as_str).unwrap_or(""))
                    .collect(),
            );
        }
        let mut widths = vec![0usize; idx.len()];
        for l in &lines {
            for (w, c) in widths.iter_mut().zip(l) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut out = String::new();
        for l in &lines {
            let mut line = String::new();
            for (i, c) in l.iter().enumerate() {
                if i + 1 == l.len() {
                    line.push_str(c);
                } else {
                    line.push_str(c);
                    line.extend(std::iter::repeat_n(' ', widths[i] - c.chars().count() + 3));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        Ok(out)
    }
}

/// `s` with control characters other than newline and tab written as `\u{1b}`: messages echo
/// input (SDL values, API answers), and raw ESC/BEL could rewrite the user's terminal.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `s` with each unsafe control character replaced by `?` (one character for one, so that
/// columns under a source snippet still line up).
pub fn blank_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| if is_unsafe(c) { '?' } else { c })
            .collect(),
    )
}

fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Writes data to stdout and messages to stderr.
#[derive(Debug, Clone)]
pub struct Printer {
    pub format: OutputFormat,
    pub quiet: bool,
    pub verbose: u8,
    pub color: bool,
    /// stderr is a terminal: spinners and bars allowed.
    pub interactive: bool,
}

impl Printer {
    pub fn new(format: OutputFormat, quiet: bool, verbose: u8, color: bool) -> Self {
        Printer {
            format,
            quiet,
            verbose,
            color,
            interactive: std::io::stderr().is_terminal(),
        }
    }

    /// Prints a value: serialized for json/yaml/jsonl, or the table the closure builds.
    /// For `jsonl`, a top-level array becomes one line per element.
    pub fn data<T: Serialize>(&self, value: &T, table: impl FnOnce() -> Table) -> CliResult {
        match self.format.kind {
            OutputKind::Table => self.raw(&table().render(&self.format)?),
            OutputKind::Json => {
                let mut s = serde_json::to_string_pretty(value).map_err(ser_err)?;
                s.push('\n');
                self.raw(&s)
            }
            OutputKind::Yaml => self.raw(&serde_yaml_ng::to_string(value).map_err(ser_err)?),
            OutputKind::Jsonl => {
                let v = serde_json::to_value(value).map_err(ser_err)?;
                let mut s = String::new();
                match v {
                    serde_json::Value::Array(items) => {
                        for i in items {
                            s.push_str(&serde_json::to_string(&i).map_err(ser_err)?);
                            s.push('\n');
                        }
                    }
                    other => {
                        s.push_str(&serde_json::to_string(&other).map_err(ser_err)?);
                        s.push('\n');
                    }
                }
                self.raw(&s)
            }
        }
    }

    /// Writes exactly these bytes to stdout.
    pub fn raw(&self, s: &str) -> CliResult {
        let mut out = std::io::stdout().lock();
        match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            // A closed pipe (`vmc … | head`) is not an error worth reporting.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// A step event of a long-running command: a JSON line on stdout with `-o jsonl`, otherwise a
    /// progress line on stderr.
    pub fn event(&self, step: &str, fields: serde_json::Value) -> CliResult {
        if self.format.kind == OutputKind::Jsonl {
            let mut obj = serde_json::Map::new();
            obj.insert("step".into(), step.into());
            if let serde_json::Value::Object(m) = fields {
                obj.extend(m);
            }
            let mut s = serde_json::to_string(&obj).map_err(ser_err)?;
            s.push('\n');
            self.raw(&s)
        } else {
            self.status(&format!("{step}: {}", render_fields(&fields)));
            Ok(())
        }
    }

    /// A progress or status line on stderr (suppressed by `-q`).
    pub fn status(&self, msg: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{}", escape_controls(msg));
        }
    }

    /// Detail shown with `-v`.
    pub fn debug(&self, msg: &str) {
        if self.verbose > 0 {
            let _ = writeln!(std::io::stderr(), "debug: {}", escape_controls(msg));
        }
    }

    /// A warning on stderr (shown even with `-q`).
    pub fn warn(&self, msg: &str) {
        let prefix = if self.color {
            "\x1b[33mwarning\x1b[0m"
        } else {
            "warning"
        };
        let _ = writeln!(std::io::stderr(), "{prefix}: {}", escape_controls(msg));
    }

    /// A hint on stderr (suppressed by `-q`).
    pub fn hint(&self, msg: &str) {
        if !self.quiet {
            let prefix = if self.color {
                "\x1b[36mhint\x1b[0m"
            } else {
                "hint"
            };
            let _ = writeln!(std::io::stderr(), "{prefix}: {}", escape_controls(msg));
        }
    }

    /// Prints an error and its hint on stderr.
    pub fn error(&self, err: &CliError) {
        if err.reported {
            return;
        }
        let prefix = if self.color {
            "\x1b[31merror\x1b[0m"
        } else {
            "error"
        };
        let _ = writeln!(
            std::io::stderr(),
            "{prefix}: {}",
            escape_controls(&err.message)
        );
        if let Some(h) = &err.hint {
            let hp = if self.color {
                "\x1b[36mhint\x1b[0m"
            } else {
                "hint"
            };
            let _ = writeln!(std::io::stderr(), "{hp}: {}", escape_controls(h));
        }
    }
}

fn render_fields(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}={s}"),
                other => format!("{k}={other}"),
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

fn ser_err(e: impl std::fmt::Display) -> CliError {
    CliError::failure(format!("could not serialize output: {e}"))
}

#[cfg(test)]
mod control_tests {
    use super::{blank_controls, escape_controls};

    #[test]
    fn controls_are_escaped_newlines_kept() {
        assert_eq!(
            escape_controls("a\u{1b}[2Jb\u{7}\nc\td"),
            "a\\u{1b}[2Jb\\u{7}\nc\td"
        );
        assert_eq!(blank_controls("x\u{1b}y"), "x?y");
        assert!(matches!(
            escape_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_combined_formats() {
        let f = OutputFormat::parse(&["columns=id,name".into(), "noheader".into()]).unwrap();
        assert_eq!(f.kind, OutputKind::Table);
        assert_eq!(
            f.columns.as_deref(),
            Some(&["id".to_string(), "name".to_string()][..])
        );
        assert!(f.noheader);
        assert!(OutputFormat::parse(&["xml".into()]).is_err());
    }

    #[test]
    fn table_selects_columns() {
        let mut t = Table::new(["ID", "NAME", "STATUS"]);
        t.row(["1", "web", "running"]);
        let f = OutputFormat::parse(&["columns=name,id".into()]).unwrap();
        assert_eq!(t.render(&f).unwrap(), "NAME   ID\nweb    1\n");
        let f = OutputFormat::parse(&["columns=nope".into()]).unwrap();
        assert!(t.render(&f).is_err());
    }
}
