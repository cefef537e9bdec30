//! Who holds the mutation lock: written beside the lock file so that a second mutation can name
//! the first.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The details of a lock holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    /// The command line (values of secret-looking flags removed).
    pub command: String,
    pub reason: String,
    /// RFC 3339.
    pub started: String,
}

impl Holder {
    /// This process: pid, host name and command line; `reason` and `started` from the caller.
    pub fn current(reason: impl Into<String>, started: impl Into<String>) -> Holder {
        Holder {
            pid: std::process::id(),
            host: hostname(),
            command: command_line(std::env::args()),
            reason: reason.into(),
            started: started.into(),
        }
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pid {} on {}, running `{}` (reason: {}), since {}",
            self.pid, self.host, self.command, self.reason, self.started
        )
    }
}

/// The host name (from /proc or /etc/hostname, else `$HOSTNAME`, else `unknown`).
pub fn hostname() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Joins arguments for display, hiding the value of any flag whose name looks like a secret
/// (`--token X`, `--api-token=X`), and cutting it at 300 characters.
pub fn command_line(args: impl IntoIterator<Item = String>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut hide_next = false;
    for a in args {
        if hide_next {
            out.push(vmc_receipt::redact::REDACTED.to_string());
            hide_next = false;
            continue;
        }
        if let Some(flag) = a.strip_prefix("--") {
            if let Some((name, _)) = flag.split_once('=') {
                if vmc_receipt::redact::is_secret_key(name) {
                    out.push(format!("--{name}={}", vmc_receipt::redact::REDACTED));
                    continue;
                }
            } else if vmc_receipt::redact::is_secret_key(flag) {
                hide_next = true;
            }
        }
        out.push(a);
    }
    let s = out.join(" ");
    if s.chars().count() > 300 {
        let mut t: String = s.chars().take(299).collect();
        t.push('…');
        t
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_secret_flag_values() {
        let args = [
            "vmc",
            "x",
            "--token",
            "abc",
            "--api-token=def",
            "--reason",
            "r",
        ];
        let s = command_line(args.iter().map(|s| s.to_string()));
        assert_eq!(
            s,
            "vmc x --token [redacted] --api-token=[redacted] --reason r"
        );
    }
}
