//! `vmc man`: print the man page (roff) generated from the command tree, or write one page per
//! subcommand with `--out-dir`.

use std::path::PathBuf;

use clap::{Args, CommandFactory};

use crate::error::{CliError, CliResult};
use crate::{Cli, Ctx};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write vmc.1 and one vmc-<command>.1 page per subcommand into this directory.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: ManArgs) -> CliResult {
    let cmd = Cli::command();
    match args.out_dir {
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buf)?;
            ctx.printer.raw(&String::from_utf8_lossy(&buf))
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(cmd, &dir)
                .map_err(|e| CliError::failure(format!("could not write man pages: {e}")))?;
            ctx.printer
                .status(&format!("man pages written to {}", dir.display()));
            Ok(())
        }
    }
}
