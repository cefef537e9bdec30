//! `vmc sdl hash FILE...`: one `<hex>  <file>` line per file, like sha256sum.
//!
//! Files are independent, so they are read, parsed and hashed on `--jobs` threads (default: one
//! per core); lines and errors still come out in the order of the arguments.

use std::collections::BTreeMap;
use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use clap::Args;
use serde::Serialize;

use super::{ConventionArg, input};
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct HashArgs {
    /// SDL files (`-` reads stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Reproduce the TypeScript (default) or the Go SDK's manifest where they differ.
    #[arg(long, value_enum, default_value_t = ConventionArg::Ts)]
    pub convention: ConventionArg,
    /// Threads hashing files at once (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
}

#[derive(Serialize)]
struct Row {
    hash: String,
    file: String,
}

/// What became of one file.
enum Outcome {
    Hashed(Row),
    /// Could not be read.
    Unreadable(CliError),
    /// Read but refused: the rendered diagnostics.
    Invalid(String),
}

pub fn run(ctx: &mut Ctx, args: HashArgs) -> CliResult {
    let conv: vmc_sdl::Convention = args.convention.into();
    let color = ctx.printer.color;
    let hash_one = |path: &str| -> Outcome {
        let src = match input::read(path) {
            Ok(s) => s,
            Err(e) => return Outcome::Unreadable(e),
        };
        match input::parse(&src, conv) {
            Ok(sdl) => Outcome::Hashed(Row {
                hash: sdl.manifest(conv).hash_hex(),
                file: src.name,
            }),
            Err(d) => Outcome::Invalid(super::render::diagnostics_text(&src, &d.0, color)),
        }
    };
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
        // stdin cannot be shared between threads, and one file needs no pool.
        .min(if args.files.iter().any(|f| f == "-") {
            1
        } else {
            args.files.len()
        });

    let mut report = Report::new(ctx);
    if jobs <= 1 {
        for path in &args.files {
            report.add(hash_one(path))?;
        }
    } else {
        // Workers claim runs of files, so a thread wakes the printer once per run, not per file.
        let run = (args.files.len() / (jobs * 8)).clamp(1, 64);
        let next = AtomicUsize::new(0);
        let (tx, rx) = mpsc::channel::<(usize, Vec<Outcome>)>();
        std::thread::scope(|scope| -> CliResult {
            for _ in 0..jobs {
                let tx = tx.clone();
                let (next, files, hash_one) = (&next, &args.files, &hash_one);
                scope.spawn(move || {
                    loop {
                        let start = next.fetch_add(run, Ordering::Relaxed);
                        if start >= files.len() {
                            break;
                        }
                        let paths = &files[start..(start + run).min(files.len())];
                        let outcomes = paths.iter().map(|p| hash_one(p)).collect();
                        if tx.send((start, outcomes)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            // Runs arrive in any order; they are reported in argument order.
            let mut waiting = BTreeMap::new();
            let mut due = 0;
            for (start, outcomes) in rx {
                waiting.insert(start, outcomes);
                while let Some(outcomes) = waiting.remove(&due) {
                    due += outcomes.len();
                    for o in outcomes {
                        report.add(o)?;
                    }
                }
            }
            Ok(())
        })?;
    }
    report.finish()
}

/// Writes outcomes as they come: lines to stdout (buffered, flushed at the end or on a TTY per
/// line), errors to stderr; or collects rows for `-o json|yaml`.
struct Report<'c> {
    ctx: &'c Ctx,
    table: bool,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    line_by_line: bool,
    rows: Vec<Row>,
    failed: Option<ErrorKind>,
}

impl<'c> Report<'c> {
    fn new(ctx: &'c Ctx) -> Self {
        use std::io::IsTerminal;
        Report {
            ctx,
            table: ctx.printer.format.kind == OutputKind::Table,
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
            line_by_line: std::io::stdout().is_terminal(),
            rows: Vec::new(),
            failed: None,
        }
    }

    fn add(&mut self, outcome: Outcome) -> CliResult {
        match outcome {
            Outcome::Hashed(row) if self.table => {
                write_ok(writeln!(self.out, "{}  {}", row.hash, row.file))?;
                if self.line_by_line {
                    write_ok(self.out.flush())?;
                }
            }
            Outcome::Hashed(row) => self.rows.push(row),
            Outcome::Unreadable(e) => {
                // Keep stdout and stderr in step for a reader of both.
                write_ok(self.out.flush())?;
                self.ctx.printer.error(&e);
                self.failed.get_or_insert(e.kind);
            }
            Outcome::Invalid(text) => {
                write_ok(self.out.flush())?;
                let _ = std::io::stderr().write_all(text.as_bytes());
                self.failed.get_or_insert(ErrorKind::Usage);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> CliResult {
        write_ok(self.out.flush())?;
        if !self.table {
            self.ctx.printer.data(&self.rows, Default::default)?;
        }
        match self.failed {
            Some(kind) => Err(CliError::reported(kind)),
            None => Ok(()),
        }
    }
}

/// A closed pipe (`vmc sdl hash … | head`) is not an error worth reporting.
fn write_ok(r: std::io::Result<()>) -> CliResult {
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
