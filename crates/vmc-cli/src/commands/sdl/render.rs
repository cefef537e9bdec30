//! Human rendering of diagnostics on stderr:
//!
//! ```text
//! web.yaml:7:5: error[unknown-key]: unknown key `imgae` in `services.web`
//!    7 |     imgae: nginx:1.27
//!      |     ^^^^^
//!   hint: did you mean `image`?
//! ```

use std::io::Write;

use vmc_sdl::{Diagnostic, Severity};

use super::input::Source;
use crate::Ctx;

/// Writes each diagnostic with a source snippet to stderr.
pub fn diagnostics(ctx: &Ctx, src: &Source, diags: &[Diagnostic]) {
    let out = diagnostics_text(src, diags, ctx.printer.color);
    let _ = std::io::stderr().write_all(out.as_bytes());
}

/// The text [`diagnostics`] writes (pure, so worker threads can render it).
pub fn diagnostics_text(src: &Source, diags: &[Diagnostic], color: bool) -> String {
    let text = src.text();
    let mut out = String::new();
    for d in diags {
        out.push_str(&one(&src.name, &text, d, color));
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 1 {
        out.push_str(&format!("{}: {errors} errors\n", src.name));
    }
    out
}

/// One diagnostic as text (also used by tests through the binary).
pub fn one(file: &str, text: &str, d: &Diagnostic, color: bool) -> String {
    let (sev, paint) = match d.severity {
        Severity::Error => ("error", "\x1b[31;1m"),
        Severity::Warning => ("warning", "\x1b[33;1m"),
    };
    let c = |s: &str, code: &str| {
        if color {
            format!("{code}{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = format!(
        "{file}:{}:{}: {}: {}\n",
        d.line,
        d.column,
        c(&format!("{sev}[{}]", d.rule), paint),
        d.message
    );
    if let Some(line) = text.lines().nth(d.line.saturating_sub(1) as usize) {
        let line = line.trim_end_matches('\r');
        let shown: String = line.chars().take(200).collect();
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        let col = (d.column.max(1) - 1) as usize;
        let span_chars = text
            .get(d.start..d.end.max(d.start))
            .map(|s| s.lines().next().unwrap_or("").chars().count())
            .unwrap_or(1)
            .clamp(1, shown.chars().count().saturating_sub(col).max(1));
        out.push_str(&format!(" {num} | {shown}\n"));
        out.push_str(&format!(
            " {pad} | {}{}\n",
            " ".repeat(col),
            c(&"^".repeat(span_chars), paint)
        ));
    }
    if let Some(h) = &d.hint
        && !h.is_empty()
    {
        out.push_str(&format!("  {}: {h}\n", c("hint", "\x1b[36m")));
    }
    out
}
