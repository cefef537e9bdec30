//! `vmc servers show NAME|ID`.

use clap::Args;

use super::api::Api;
use super::render;
use crate::Ctx;
use crate::error::CliResult;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Server name or ID.
    pub server: String,
}

pub fn run(ctx: &mut Ctx, args: ShowArgs) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let now = crate::clock::now()?;
    ctx.printer.data(&s, || render::server_detail(&s, now))
}
