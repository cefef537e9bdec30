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
    /// Set by [`Table::fit`]: how `render` makes lines fit a width.
    pub fit: Option<Fit>,
}

/// How a table fits a width (see [`Table::fit`]).
#[derive(Debug, Clone, Default)]
pub struct Fit {
    /// At most this many characters per line.
    pub width: usize,
    /// Headers of the columns whose cells may be cut with `…`.
    pub shrink: Vec<String>,
    /// Headers of the columns left out, in this order, when cutting is not enough (never when
    /// the user picked the columns with `columns=`).
    pub drop: Vec<String>,
}

/// The width tables fit when stdout is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_TABLE_WIDTH: usize = 160;

/// A cut cell keeps at least this many characters (or its header's, or its own), as long as
/// columns can be dropped instead.
const FIT_MIN_CELL: usize = 12;

/// The width tables should fit: `COLUMNS` when it is a positive number, else the terminal's
/// width when stdout is a terminal, else [`DEFAULT_TABLE_WIDTH`].
pub fn table_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    // comfy-table asks the terminal (crossterm) only when stdout is one.
    comfy_table::Table::new()
        .width()
        .map_or(DEFAULT_TABLE_WIDTH, usize::from)
}

/// `s` cut to `width` characters, the last one `…` when something was cut (no space before it).
fn cut(s: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= width {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    std::borrow::Cow::Owned(out)
}

/// Narrows the `shrinkable` columns of `widths`, widest first, each down to `mins`, until a line
/// (columns joined by 3 spaces) fits `width`. Returns whether it fits.
fn narrow(widths: &mut [usize], mins: &[usize], shrinkable: &[bool], width: usize) -> bool {
    let line = |w: &[usize]| w.iter().sum::<usize>() + 3 * w.len().saturating_sub(1);
    let mut excess = line(widths).saturating_sub(width);
    while excess > 0 {
        let widest = (0..widths.len())
            .filter(|&i| shrinkable[i] && widths[i] > mins[i])
            .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)));
        let Some(i) = widest else { break };
        widths[i] -= 1;
        excess -= 1;
    }
    excess == 0
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
            fit: None,
        }
    }

    /// Makes `render` fit each line into `width` characters: the cells of the `shrink` columns
    /// (by header) are cut with `…`, widest first; when that is not enough, the `drop` columns
    /// are left out in order (unless the user picked columns), and the rest cut further. JSON and
    /// YAML are not affected.
    pub fn fit(mut self, width: usize, shrink: &[&str], drop: &[&str]) -> Self {
        self.fit = Some(Fit {
            width,
            shrink: shrink.iter().map(|s| s.to_string()).collect(),
            drop: drop.iter().map(|s| s.to_string()).collect(),
        });
        self
    }

    /// The columns to show and their widths, after [`Table::fit`].
    fn layout(&self, fmt: &OutputFormat, mut idx: Vec<usize>) -> (Vec<usize>, Vec<usize>) {
        let natural = |idx: &[usize]| -> Vec<usize> {
            idx.iter()
                .map(|&i| {
                    let head = if fmt.noheader {
                        0
                    } else {
                        self.headers[i].chars().count()
                    };
                    self.rows
                        .iter()
                        .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                        .fold(head, usize::max)
                })
                .collect()
        };
        let Some(fit) = &self.fit else {
            let w = natural(&idx);
            return (idx, w);
        };
        let named = |names: &[String], i: usize| names.iter().any(|n| *n == self.headers[i]);
        let mut drops: Vec<usize> = fit
            .drop
            .iter()
            .filter_map(|d| self.headers.iter().position(|h| h == d))
            .collect();
        if fmt.columns.is_some() {
            drops.clear();
        }
        drops.reverse();
        loop {
            let natural = natural(&idx);
            let shrinkable: Vec<bool> = idx.iter().map(|&i| named(&fit.shrink, i)).collect();
            // A cut cell keeps FIT_MIN_CELL characters while columns can still be dropped, then
            // only its header's.
            let floor = |min_cell: usize| -> Vec<usize> {
                idx.iter()
                    .zip(&natural)
                    .map(|(&i, &w)| w.min(self.headers[i].chars().count().max(min_cell)))
                    .collect()
            };
            let mut widths = natural.clone();
            if narrow(&mut widths, &floor(FIT_MIN_CELL), &shrinkable, fit.width) {
                return (idx, widths);
            }
            match drops.pop() {
                Some(d) => idx.retain(|&i| i != d),
                None => {
                    narrow(&mut widths, &floor(1), &shrinkable, fit.width);
                    return (idx, widths);
                }
            }
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
        let (idx, widths) = self.layout(fmt, idx);
        let mut lines: Vec<Vec<std::borrow::Cow<'_, str>>> = Vec::new();
        if !fmt.noheader {
            lines.push(
                idx.iter()
                    .map(|&i| std::borrow::Cow::Borrowed(self.headers[i].as_str()))
                    .collect(),
            );
        }
        for r in &self.rows {
            lines.push(
                idx.iter()
                    .zip(&widths)
                    .map(|(&i, &w)| cut(r.get(i).map(String::as_str).unwrap_or(""), w))
                    .collect(),
            );
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

    #[test]
    fn table_fits_a_width_by_cutting_then_dropping() {
        let table = |width| {
            let mut t = Table::new(["ID", "KIND", "NOTE"]);
            t.row(["1", "vm", "a note that is rather long"]);
            t.row(["2", "vm", "short"]);
            t.fit(width, &["NOTE"], &["KIND"])
        };
        let plain = OutputFormat::default();
        // Wide enough: untouched.
        assert_eq!(
            table(80).render(&plain).unwrap(),
            "ID   KIND   NOTE\n1    vm     a note that is rather long\n2    vm     short\n"
        );
        // Cut with an ellipsis to the width.
        assert_eq!(
            table(25).render(&plain).unwrap(),
            "ID   KIND   NOTE\n1    vm     a note that…\n2    vm     short\n"
        );
        // Narrower than the cut keeps: KIND goes, NOTE gets its room.
        assert_eq!(
            table(20).render(&plain).unwrap(),
            "ID   NOTE\n1    a note that is…\n2    short\n"
        );
        // Columns the user picked are never dropped; cells are cut down to their header.
        let picked = OutputFormat::parse(&["columns=id,kind,note".into()]).unwrap();
        assert_eq!(
            table(15).render(&picked).unwrap(),
            "ID   KIND   NOTE\n1    vm     a n…\n2    vm     sho…\n"
        );
        let bare = OutputFormat::parse(&["noheader".into()]).unwrap();
        assert_eq!(
            table(15).render(&bare).unwrap(),
            "1   a note tha…\n2   short\n"
        );
    }
}
