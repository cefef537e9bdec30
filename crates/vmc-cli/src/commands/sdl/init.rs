//! `vmc sdl init --template NAME [-o FILE] [--force]`: start an SDL from a bundled template.

use std::io::Write;
use std::path::Path;

use clap::Args;
use serde::Serialize;

use crate::Ctx;
use crate::commands::templates;
use crate::error::{CliError, CliResult};
use crate::output::{OutputFormat, OutputKind};

#[derive(Debug, Args)]
#[command(after_long_help = "\
Templates: web, static-site, postgres, redis, gpu, llm-inference (`vmc templates list` shows \
their resources and prices, `vmc templates show NAME` prints one).\n\
The file is written with `-o FILE` (or `--out FILE`, short `-f`). Here `-o` takes a file \
unless its value is an output format (`-o json` reports what was written as JSON); write a file \
named like a format as `./json`. `-o -` prints the SDL to stdout instead. An existing file is \
left alone unless `--force`.")]
pub struct InitArgs {
    /// Bundled template to start from.
    #[arg(long, short = 't', value_name = "NAME", default_value = "web")]
    pub template: String,
    /// Where to write the SDL (`-` = stdout) [default: deploy.yaml]. `-o FILE` works too.
    #[arg(long = "out", short = 'f', value_name = "FILE")]
    pub out: Option<String>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Serialize)]
struct Written<'a> {
    template: &'a str,
    path: &'a str,
    bytes: usize,
}

/// The file the SDL goes to when none is named.
const DEFAULT_FILE: &str = "deploy.yaml";

/// `vmc sdl init -o FILE`: takes out of the global `-o` values the one that is not an output
/// format and makes it the file (the spelling users of `-o FILE` tools expect), leaving the
/// formats. Two files (`-o a.yaml -o b.yaml`, or `-o a.yaml --out b.yaml`) are a usage error.
pub fn take_file_from_output(outputs: &mut Vec<String>, args: &mut InitArgs) -> CliResult {
    let (files, formats): (Vec<String>, Vec<String>) = std::mem::take(outputs)
        .into_iter()
        .partition(|v| OutputFormat::parse(std::slice::from_ref(v)).is_err());
    *outputs = formats;
    let mut named = files.into_iter().chain(args.out.take());
    args.out = named.next();
    if let Some(extra) = named.next() {
        return Err(CliError::usage(format!(
            "two files to write: `{}` and `{extra}`",
            args.out.as_deref().unwrap_or_default()
        ))
        .with_hint("name one file, with `-o FILE` or `--out FILE`"));
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx, args: InitArgs) -> CliResult {
    let t = templates::find(&args.template)?;
    let out = args.out.as_deref().unwrap_or(DEFAULT_FILE);
    if out == "-" {
        return ctx.printer.raw(t.yaml);
    }
    let path = Path::new(out);
    write(path, t.yaml, args.force)?;
    if ctx.printer.format.kind != OutputKind::Table {
        ctx.printer.data(
            &Written {
                template: t.name,
                path: out,
                bytes: t.yaml.len(),
            },
            Default::default,
        )?;
    }
    ctx.printer
        .status(&format!("wrote {out} (template `{}`)", t.name));
    ctx.printer.hint(&format!(
        "edit it, then check it with `vmc sdl validate {out}` and `vmc sdl price {out}`"
    ));
    Ok(())
}

/// Writes `text` to `path`; refuses to replace an existing file unless `force`.
fn write(path: &Path, text: &str, force: bool) -> CliResult {
    let shown = path.display();
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            CliError::conflict(format!("{shown} already exists; not overwritten"))
                .with_hint("pass --force to replace it, or choose another file with -o FILE")
        }
        std::io::ErrorKind::NotFound => {
            CliError::not_found(format!("{shown}: the folder does not exist"))
                .with_hint("create the folder first, or choose another path with -o FILE")
        }
        _ => CliError::failure(format!("{shown}: could not write: {e}")),
    })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| CliError::failure(format!("{shown}: could not write: {e}")))
}
