//! Human rendering of diagnostics on stderr:
//!
//! ```text
//! web.yaml:7:5: error[unknown-key]: unknown key `imgae` in `services.web`
//!    7 |     imgae: nginx:1.27
//!      |     ^^^^^
//!   hint: did you mean `image`?
//! ```

use std::fmt::Write as _;
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
    let mut out = String::with_capacity(256 * diags.len());
    for d in diags {
        one(&mut out, &src.name, &text, d, color);
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 1 {
        let _ = writeln!(out, "{}: {errors} errors", src.name);
    }
    out
}

/// Appends one diagnostic as text (also used by tests through the binary). Pieces are appended
/// as they are, without the formatting machinery: a rejected corpus runs this on every file.
fn one(out: &mut String, file: &str, text: &str, d: &Diagnostic, color: bool) {
    let (sev, paint) = match d.severity {
        Severity::Error => ("error", "\x1b[31;1m"),
        Severity::Warning => ("warning", "\x1b[33;1m"),
    };
    let (on, hint_on, off) = if color {
        (paint, "\x1b[36m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    out.extend([file, ":"]);
    out.push_str(itoa::Buffer::new().format(d.line));
    out.push(':');
    out.push_str(itoa::Buffer::new().format(d.column));
    let message = crate::output::escape_controls(&d.message);
    out.extend([": ", on, sev, "[", d.rule, "]", off, ": ", &message, "\n"]);
    if let Some(line) = text.lines().nth(d.line.saturating_sub(1) as usize) {
        let line = line.trim_end_matches('\r');
        // At most 200 characters of the line.
        let (shown, shown_chars) = match line.char_indices().nth(200) {
            Some((cut, _)) => (&line[..cut], 200),
            None => (line, line.chars().count()),
        };
        let col = (d.column.max(1) - 1) as usize;
        let span_chars = text
            .get(d.start..d.end.max(d.start))
            .map(|s| s.lines().next().unwrap_or("").chars().count())
            .unwrap_or(1)
            .clamp(1, shown_chars.saturating_sub(col).max(1));
        let num_width = d.line.checked_ilog10().unwrap_or(0) as usize + 1;
        out.push(' ');
        out.push_str(itoa::Buffer::new().format(d.line));
        out.extend([" | ", &crate::output::blank_controls(shown), "\n "]);
        out.extend(std::iter::repeat_n(' ', num_width));
        out.push_str(" | ");
        out.extend(std::iter::repeat_n(' ', col));
        out.push_str(on);
        out.extend(std::iter::repeat_n('^', span_chars));
        out.extend([off, "\n"]);
    }
    if let Some(h) = &d.hint
        && !h.is_empty()
    {
        out.extend([
            "  ",
            hint_on,
            "hint",
            off,
            ": ",
            &crate::output::escape_controls(h),
            "\n",
        ]);
    }
}
