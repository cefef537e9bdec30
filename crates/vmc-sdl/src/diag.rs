//! Diagnostics: every problem found in an SDL, with a stable rule id, the place and the fix.

use std::fmt;

use serde::Serialize;

use crate::yaml::Span;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The SDL is rejected.
    Error,
    /// The SDL is accepted, but something is likely wrong (from [`crate::lint`]).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in an SDL file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier of the rule, e.g. `unknown-key`, `deployment-profile-missing`.
    pub rule: &'static str,
    pub message: String,
    /// Where in the document, e.g. `services.web.expose[0].port` (empty: the whole document).
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Byte range in the source text.
    pub start: usize,
    pub end: usize,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `span`.
    pub fn new(
        severity: Severity,
        rule: &'static str,
        span: Span,
        path: String,
        message: String,
        hint: Option<String>,
    ) -> Self {
        Diagnostic {
            severity,
            rule,
            message,
            path,
            line: span.line,
            column: span.column,
            start: span.start,
            end: span.end,
            hint,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}[{}]: {}",
            self.line, self.column, self.severity, self.rule, self.message
        )?;
        if !self.path.is_empty() {
            write!(f, " (at {})", self.path)?;
        }
        Ok(())
    }
}

/// The errors that made an SDL invalid (never empty when returned by [`crate::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.first() {
            None => f.write_str("no diagnostics"),
            Some(d) if self.0.len() == 1 => write!(f, "{d}"),
            Some(d) => write!(f, "{d} (and {} more)", self.0.len() - 1),
        }
    }
}

impl Diagnostics {
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
