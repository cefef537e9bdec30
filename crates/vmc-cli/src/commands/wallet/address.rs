//! `vmc wallet address [NAME]`: just the address, for scripts (`$(vmc wallet address)`). Without
//! NAME, the wallet other commands would use (which may be `AKASH_WALLET_ADDRESS`, read-only).

use clap::Args;

use super::source::wallet_address;
use crate::Ctx;
use crate::error::CliResult;
use crate::output::OutputKind;

#[derive(Debug, Args)]
pub struct AddressArgs {
    /// Keystore entry name (default: the context's wallet, then the environment).
    pub name: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: AddressArgs) -> CliResult {
    let address = wallet_address(ctx, args.name.as_deref())?;
    match ctx.printer.format.kind {
        OutputKind::Table => ctx.printer.raw(&format!("{address}\n")),
        _ => ctx
            .printer
            .data(&serde_json::json!({ "address": address }), || {
                crate::output::Table::default()
            }),
    }
}
