//! `vmc wallet delete NAME --yes --reason R`: remove a keystore entry. A mutation: guard rails,
//! the mutation lock and intent/outcome receipts (see `crate::mutation`). An unreadable
//! (truncated, corrupted) entry can be deleted too: that is how it is replaced.

use clap::Args;
use serde_json::json;
use vmc_config::SecretSource;
use vmc_keystore::KeystoreError;
use vmc_receipt::Platform;

use super::store::{keystore, keystore_error};
use crate::Ctx;
use crate::error::CliResult;
use crate::mutation::{self, MutationArgs, Plan};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Keystore entry name.
    pub name: String,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, args: DeleteArgs) -> CliResult {
    let ks = keystore(ctx);
    let path = ks.path_for(&args.name).map_err(keystore_error)?;
    let address = match ks.read(&args.name) {
        Ok(sealed) => sealed.meta().address.clone(),
        Err(e @ KeystoreError::NotFound { .. }) | Err(e @ KeystoreError::InvalidName(_)) => {
            return Err(keystore_error(e));
        }
        Err(e) => {
            ctx.printer.warn(&format!("{e} (deleting it anyway)"));
            "unknown".to_string()
        }
    };
    let mut plan = Plan::new(Platform::Vmc, "vmc.wallet.delete", args.name.clone());
    plan.summary_lines.push(format!(
        "delete wallet `{}` ({address}): {}",
        args.name,
        path.display()
    ));
    plan.summary_lines
        .push("its funds are lost unless its recovery phrase is kept elsewhere".to_string());
    plan.request = json!({
        "name": args.name,
        "address": address,
        "path": path.display().to_string(),
    });
    let m = mutation::begin(ctx, &args.mutation, plan)?;
    match ks.delete(&args.name).map_err(keystore_error) {
        Ok(path) => {
            let response = json!({
                "deleted": args.name,
                "address": address,
                "path": path.display().to_string(),
            });
            m.finish(Ok(response.clone()))?;
            if ctx.settings.context.wallet
                == Some(SecretSource::Keystore {
                    name: args.name.clone(),
                })
            {
                ctx.printer.warn(&format!(
                    "context `{}` still names wallet `{}`; point it at another wallet",
                    ctx.settings.context_name.value, args.name
                ));
            }
            ctx.printer.data(&response, || {
                let mut t = Table::new(["DELETED", "ADDRESS", "PATH"]);
                t.row([
                    args.name.clone(),
                    address.clone(),
                    path.display().to_string(),
                ]);
                t
            })
        }
        Err(e) => {
            m.finish(Err(&e))?;
            Err(e)
        }
    }
}
