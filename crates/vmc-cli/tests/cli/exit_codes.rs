//! Exit codes match `docs/exit-codes.md` in every command: the common failures of each
//! subcommand (a missing file, an unknown name, context, server or wallet, a bad flag value, a
//! missing `--reason`, no `--yes` off a terminal, `n` at the confirmation prompt) each give the
//! documented code, from the built binary; each test has its own HOME and devnet.

#![allow(clippy::print_stderr)]

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use tempfile::TempDir;

/// The documented codes (docs/exit-codes.md).
const USAGE: i32 = 2;
const NOT_FOUND: i32 = 4;

const GOOD: &str = r#"version: "2.1"
services:
  web:
    image: nginx:1.27.0
    expose:
      - port: 80
        as: 80
        accept: [www.example.com]
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu: {units: 0.5}
        memory: {size: 512Mi}
        storage: {size: 1Gi}
  placement:
    dc:
      pricing:
        web: {denom: uact, amount: 1000}
deployment:
  web:
    dc: {profile: web, count: 1}
"#;

use common::free_port;

/// A fresh HOME with a valid and an invalid SDL, and its own devnet port (network `local`, the
/// default, starts the devnet inside the process).
struct Home {
    dir: TempDir,
    port: u16,
}

impl Home {
    fn new() -> Home {
        let dir = TempDir::new().unwrap();
        std::fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
        std::fs::write(
            dir.path().join("bad.yaml"),
            GOOD.replace("port: 80\n", "port: 0\n"),
        )
        .unwrap();
        Home {
            dir,
            port: free_port(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    fn vmc(&self) -> Command {
        let mut c = common::vmc(self.path());
        c.env("VMC_DEVNET_ADDR", format!("127.0.0.1:{}", self.port))
            .env("NO_COLOR", "1")
            .current_dir(self.path());
        c
    }

    /// Runs `args` with stdin closed; the exit code and stderr.
    fn run(&self, args: &[&str]) -> (Option<i32>, String) {
        let out = self
            .vmc()
            .args(args)
            .write_stdin("")
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// Checks every `(args, code, stderr part)`; reports all mismatches at once.
#[track_caller]
fn check(home: &Home, cases: &[(&[&str], i32, &str)]) {
    let mut wrong = Vec::new();
    for (args, code, says) in cases {
        let (got, stderr) = home.run(args);
        if got != Some(*code) || !stderr.contains(says) {
            wrong.push(format!(
                "vmc {}: exit {got:?} (want {code}), stderr:\n{}",
                args.join(" "),
                stderr.trim_end()
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n\n"));
}

/// A file that does not exist is "not found" (4) wherever a file is read, also among several
/// files; an invalid file is invalid input (2). With several files the first failure's code.
#[test]
fn missing_files_are_not_found_everywhere() {
    let home = Home::new();
    let sdl = ["validate", "lint", "price", "manifest", "groups", "hash"];
    let mut cases: Vec<(Vec<&str>, i32, &str)> = Vec::new();
    for c in sdl {
        cases.push((
            vec!["sdl", c, "nope.yaml"],
            NOT_FOUND,
            "nope.yaml: no such file",
        ));
        cases.push((vec!["sdl", c, "bad.yaml"], USAGE, "error[out-of-range]"));
    }
    cases.extend([
        (
            vec!["sdl", "validate", "good.yaml", "nope.yaml"],
            NOT_FOUND,
            "no such file",
        ),
        (
            vec!["sdl", "hash", "good.yaml", "nope.yaml"],
            NOT_FOUND,
            "no such file",
        ),
        (
            vec!["sdl", "validate", "nope.yaml", "bad.yaml"],
            NOT_FOUND,
            "error[out-of-range]",
        ),
        (
            vec!["sdl", "validate", "bad.yaml", "nope.yaml"],
            USAGE,
            "no such file",
        ),
        (
            vec!["sdl", "match", "nope.yaml", "--providers", "nope.json"],
            NOT_FOUND,
            "no such file",
        ),
        (
            vec!["akash", "deploy", "nope.yaml", "--yes", "--reason", "t"],
            NOT_FOUND,
            "no such file",
        ),
        (
            vec!["akash", "tx", "encode", "nope.json"],
            NOT_FOUND,
            "nope.json",
        ),
        (
            vec![
                "akash",
                "tx",
                "sign",
                "nope.json",
                "--offline",
                "--account-number",
                "1",
                "--sequence",
                "1",
            ],
            NOT_FOUND,
            "nope.json",
        ),
        (
            vec!["receipts", "verify", "nope.jsonl"],
            NOT_FOUND,
            "no such file",
        ),
    ]);
    let cases: Vec<(&[&str], i32, &str)> = cases
        .iter()
        .map(|(a, c, s)| (a.as_slice(), *c, *s))
        .collect();
    check(&home, &cases);
}

/// An unknown name is 4: template, wallet, context, receipt, server, deployment.
#[test]
fn unknown_names_are_not_found() {
    let home = Home::new();
    check(
        &home,
        &[
            (
                &["templates", "show", "nope"],
                NOT_FOUND,
                "no template named `nope`",
            ),
            (
                &["sdl", "init", "--template", "nope", "--out", "out.yaml"],
                NOT_FOUND,
                "nope",
            ),
            (&["wallet", "show", "nope"], NOT_FOUND, "nope"),
            (&["wallet", "address", "nope"], NOT_FOUND, "nope"),
            (
                &["wallet", "delete", "nope", "--yes", "--reason", "t"],
                NOT_FOUND,
                "nope",
            ),
            (&["context", "use", "nope"], NOT_FOUND, "nope"),
            (&["context", "delete", "nope"], NOT_FOUND, "nope"),
            (&["receipts", "show", "999"], NOT_FOUND, "no receipt 999"),
            (&["servers", "show", "nope"], NOT_FOUND, "no server named"),
            (
                &["servers", "delete", "nope", "--yes", "--reason", "t"],
                NOT_FOUND,
                "no server named",
            ),
            (
                &["servers", "poweroff", "nope", "--yes", "--reason", "t"],
                NOT_FOUND,
                "no server named",
            ),
            (&["akash", "status", "999999"], NOT_FOUND, "999999"),
            (
                &["akash", "close", "999999", "--yes", "--reason", "t"],
                NOT_FOUND,
                "999999",
            ),
            (
                &[
                    "akash",
                    "deploy",
                    "good.yaml",
                    "--wallet",
                    "nope",
                    "--yes",
                    "--reason",
                    "t",
                ],
                NOT_FOUND,
                "no keystore entry named `nope`",
            ),
        ],
    );
}

/// An unknown context is 4 (docs/exit-codes.md: "an unknown context"), by flag or environment,
/// in any command.
#[test]
fn unknown_context_is_not_found() {
    let home = Home::new();
    check(
        &home,
        &[
            (&["--context", "nope", "env"], NOT_FOUND, "context `nope`"),
            (
                &["--context", "nope", "sdl", "validate", "good.yaml"],
                NOT_FOUND,
                "context `nope`",
            ),
            (
                &["--context", "nope", "receipts", "list"],
                NOT_FOUND,
                "context `nope`",
            ),
            (
                &["--context", "nope", "servers", "list"],
                NOT_FOUND,
                "context `nope`",
            ),
        ],
    );
    let (code, stderr) = {
        let out = home
            .vmc()
            .env("VMC_CONTEXT", "nope")
            .args(["lock", "status"])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(code, Some(NOT_FOUND), "{stderr}");
}

/// A bad flag value, an unknown flag or subcommand: invalid usage (2).
#[test]
fn bad_flag_values_are_usage_errors() {
    let home = Home::new();
    check(
        &home,
        &[
            (&["--no-such-flag"], USAGE, "--no-such-flag"),
            (&["nosuchcmd"], USAGE, "nosuchcmd"),
            (&["-o", "xml", "env"], USAGE, "unknown output format `xml`"),
            (&["--color", "sometimes", "env"], USAGE, "sometimes"),
            (
                &["--network", "nope", "servers", "list"],
                USAGE,
                "unknown network `nope`",
            ),
            (
                &["--network", "nope", "akash", "list"],
                USAGE,
                "unknown network `nope`",
            ),
            (&["completions", "nosh"], USAGE, "nosh"),
            (
                &["sdl", "validate", "--convention", "rust", "good.yaml"],
                USAGE,
                "rust",
            ),
            (
                &["sdl", "price", "good.yaml", "--block-time", "0"],
                USAGE,
                "--block-time",
            ),
            (&["receipts", "show", "abc"], USAGE, "abc"),
            (
                &["akash", "close", "abc", "--yes", "--reason", "t"],
                USAGE,
                "`abc` is not a dseq",
            ),
            (
                &[
                    "akash",
                    "deploy",
                    "good.yaml",
                    "--max-price",
                    "abc",
                    "--yes",
                    "--reason",
                    "t",
                ],
                USAGE,
                "--max-price",
            ),
            (&["akash", "tx", "decode", "!!!"], USAGE, "base64"),
            (
                &["akash", "tx", "encode", "good.yaml"],
                USAGE,
                "not valid JSON",
            ),
            (
                &[
                    "servers",
                    "create",
                    "--name",
                    "a",
                    "--type",
                    "cx22",
                    "--image",
                    "ubuntu-24.04",
                    "--start-after-create",
                    "maybe",
                    "--yes",
                    "--reason",
                    "t",
                ],
                USAGE,
                "maybe",
            ),
        ],
    );
}

const CREATE: &[&str] = &[
    "servers",
    "create",
    "--name",
    "a",
    "--type",
    "cx22",
    "--image",
    "ubuntu-24.04",
];

/// A mutation without `--reason`, or without `--yes` off a terminal, is refused (2) before
/// anything changes: no receipt is written.
#[test]
fn missing_reason_and_no_yes_off_a_terminal_change_nothing() {
    let home = Home::new();
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        CREATE.iter().chain(extra).copied().collect()
    };
    let create_yes = with(&["--yes"]);
    let create_reason = with(&["--reason", "t"]);
    check(
        &home,
        &[
            (
                &["receipts", "note", "hello", "--yes"],
                USAGE,
                "--reason is required",
            ),
            (
                &["receipts", "note", "hello", "--reason", "t"],
                USAGE,
                "without --yes",
            ),
            (&create_yes, USAGE, "--reason is required"),
            (&create_reason, USAGE, "without --yes"),
            (
                &["akash", "deploy", "good.yaml", "--yes"],
                USAGE,
                "--reason is required",
            ),
            (
                &["akash", "deploy", "good.yaml", "--reason", "t"],
                USAGE,
                "without --yes",
            ),
        ],
    );
    let out = home
        .vmc()
        .args(["-o", "json", "receipts", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

/// Runs `vmc args` on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt;
/// `None` when `script` is not installed.
fn on_a_terminal(home: &Home, args: &[&str], answer: &str) -> Option<(i32, String)> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let vmc = assert_cmd::cargo::cargo_bin("vmc");
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line = std::iter::once(vmc.to_string_lossy().into_owned())
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| quote(&a))
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = StdCommand::new(script)
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.file("config"))
        .env("XDG_DATA_HOME", home.file("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("VMC_DEVNET_ADDR", format!("127.0.0.1:{}", home.port))
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .current_dir(home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{answer}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Some((out.status.code().unwrap_or(-1), text))
}

/// `n` (or anything but `y`) at the confirmation prompt changes nothing: the documented
/// "nothing was changed" code, 2, and no receipt; `y` goes ahead.
#[test]
fn answering_no_at_the_prompt_changes_nothing() {
    let home = Home::new();
    let note = ["receipts", "note", "hello", "--reason", "t"];
    let Some((code, text)) = on_a_terminal(&home, &note, "n") else {
        eprintln!("skip: no `script` to make a terminal");
        return;
    };
    assert!(text.contains("Proceed? [y/N]"), "{text}");
    assert!(text.contains("nothing was changed"), "{text}");
    assert_eq!(code, USAGE, "{text}");
    let (code, text) = on_a_terminal(&home, &note, "").unwrap();
    assert_eq!(code, USAGE, "an empty answer is no: {text}");
    let list = || {
        let out = home
            .vmc()
            .args(["-o", "json", "receipts", "list"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(list(), "[]");
    let (code, text) = on_a_terminal(&home, &note, "y").unwrap();
    assert_eq!(code, 0, "{text}");
    assert_ne!(list(), "[]");
}

/// The poweroff prompt says plainly what will happen; refused off a terminal (2), the server
/// is still running.
#[test]
fn poweroff_prompt_reads_plainly() {
    let home = Home::new();
    let (code, stderr) =
        home.run(&[CREATE, &["--location", "fsn1", "--yes", "--reason", "t"]].concat());
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = home.run(&["servers", "poweroff", "a", "--reason", "t"]);
    assert_eq!(code, Some(USAGE), "{stderr}");
    assert!(
        stderr.contains("  power off server a (10001) now, like pulling the plug: unsaved data may be lost (it is running)"),
        "{stderr}"
    );
    assert!(!stderr.contains("cut the power of"), "{stderr}");
    let out = home
        .vmc()
        .args(["-o", "json", "servers", "show", "a"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "running");
}

/// The lines of `heading`'s section of a help text (up to the next heading).
fn section<'t>(text: &'t str, heading: &str) -> &'t str {
    let Some(at) = text.find(&format!("\n{heading}\n")) else {
        return "";
    };
    let body = &text[at + heading.len() + 2..];
    let end = body
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| body[i..].starts_with(|c: char| c.is_ascii_uppercase()))
        .unwrap_or(body.len());
    &body[..end]
}

/// The help of the commands above says what their options do: command options apart from the
/// global ones, `--start-after-create` as what it does, `tx sign` listing the message types it
/// knows (its error lists them too, and neither sends the reader to the other).
#[test]
fn help_reads_as_what_happens() {
    let home = Home::new();
    let help = |args: &[&str]| -> String {
        let out = home.vmc().args(args).arg("--help").output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = help(&["sdl", "validate"]);
    let own = section(&text, "Options:");
    let global = section(&text, "Global options:");
    assert!(own.contains("--convention"), "{text}");
    for flag in [
        "--output",
        "--quiet",
        "--verbose",
        "--color",
        "--config",
        "--context",
        "--network",
    ] {
        assert!(
            global.contains(flag) && !own.contains(flag),
            "{flag}: {text}"
        );
    }
    let text = help(&["akash", "list"]);
    assert!(section(&text, "Options:").contains("--state"), "{text}");
    assert!(!section(&text, "Options:").contains("--node"), "{text}");
    assert!(
        section(&text, "Chain options:").contains("--node"),
        "{text}"
    );
    assert!(
        section(&text, "Global options:").contains("--network"),
        "{text}"
    );

    let text = help(&["servers", "create"]);
    let at = text.find("--start-after-create").expect(&text);
    let doc = &text[at..at + 300];
    assert!(!doc.contains("Create it powered off"), "{doc}");
    assert!(
        doc.contains("false") && doc.contains("powered off"),
        "{doc}"
    );

    let text = help(&["akash", "tx", "sign"]);
    assert!(!text.contains("see `vmc akash tx sign --help`"), "{text}");
    for url in vmc_akash::tx::known_type_urls() {
        assert!(text.contains(url), "{url} not in:\n{text}");
    }
    let tx = home.file("tx.json");
    std::fs::write(
        &tx,
        r#"{"body":{"messages":[{"@type":"/cosmos.nope.v1.MsgNope"}]}}"#,
    )
    .unwrap();
    let (code, stderr) = home.run(&[
        "akash",
        "tx",
        "sign",
        tx.to_str().unwrap(),
        "--offline",
        "--account-number",
        "1",
        "--sequence",
        "1",
    ]);
    assert_eq!(code, Some(USAGE), "{stderr}");
    assert!(stderr.contains("/cosmos.nope.v1.MsgNope"), "{stderr}");
    assert!(!stderr.contains("--help"), "{stderr}");
    for url in vmc_akash::tx::known_type_urls() {
        assert!(stderr.contains(url), "{url} not in:\n{stderr}");
    }
}
