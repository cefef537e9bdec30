//! `vmc completions bash|zsh|fish`: print a completion script for the shell.

use clap::{Args, CommandFactory};

use crate::error::CliResult;
use crate::{Cli, Ctx};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(ctx: &mut Ctx, args: CompletionsArgs) -> CliResult {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "vmc", &mut buf);
    ctx.printer.raw(&String::from_utf8_lossy(&buf))
}
