//! `vmc sdl init --template NAME [--out FILE] [--force]`: start an SDL from a bundled template.

use std::io::Write;
use std::path::Path;

use clap::Args;
use serde::Serialize;

use crate::Ctx;
use crate::commands::templates;
use crate::error::{CliError, CliResult};
use crate::output::OutputKind;

#[derive(Debug, Args)]
#[command(after_long_help = "\
Templates: web, static-site, postgres, redis, gpu, llm-inference (`vmc templates list` shows \
their resources and prices, `vmc templates show NAME` prints one).\n\
The file is written with `--out FILE` (short `-f`); `-o` is the global output format. \
`--out -` prints the SDL to stdout instead. An existing file is left alone unless `--force`.")]
pub struct InitArgs {
    /// Bundled template to start from.
    #[arg(long, short = 't', value_name = "NAME", default_value = "web")]
    pub template: String,
    /// Where to write the SDL (`-` = stdout).
    #[arg(
        long = "out",
        short = 'f',
        value_name = "FILE",
        default_value = "deploy.yaml"
    )]
    pub out: String,
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

pub fn run(ctx: &mut Ctx, args: InitArgs) -> CliResult {
    let t = templates::find(&args.template)?;
    if args.out == "-" {
        return ctx.printer.raw(t.yaml);
    }
    let path = Path::new(&args.out);
    write(path, t.yaml, args.force)?;
    if ctx.printer.format.kind != OutputKind::Table {
        ctx.printer.data(
            &Written {
                template: t.name,
                path: &args.out,
                bytes: t.yaml.len(),
            },
            Default::default,
        )?;
    }
    ctx.printer
        .status(&format!("wrote {} (template `{}`)", args.out, t.name));
    ctx.printer.hint(&format!(
        "edit it, then check it with `vmc sdl validate {0}` and `vmc sdl price {0}`",
        args.out
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
                .with_hint("pass --force to replace it, or choose another file with --out FILE")
        }
        std::io::ErrorKind::NotFound => {
            CliError::not_found(format!("{shown}: the folder does not exist"))
                .with_hint("create the folder first, or choose another path with --out FILE")
        }
        _ => CliError::failure(format!("{shown}: could not write: {e}")),
    })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| CliError::failure(format!("{shown}: could not write: {e}")))
}
