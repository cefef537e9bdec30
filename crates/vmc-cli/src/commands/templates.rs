//! `vmc templates` (not implemented yet).

use clap::Args;

use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct TemplatesArgs {}

pub fn run(_ctx: &mut Ctx, _args: TemplatesArgs) -> CliResult {
    Err(CliError::failure("`vmc templates` is not implemented yet"))
}
