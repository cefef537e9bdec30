//! Where the Hetzner token comes from: on network `local` always the devnet's own token (a
//! user's token is never sent to the devnet); elsewhere `HCLOUD_TOKEN` > the context's keystore
//! entry. The token is never printed.

use vmc_config::SecretSource;
use vmc_http::BearerToken;

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::settings::env_var;

/// The devnet's fixed API token (`vmc devnet up`).
pub const DEVNET_TOKEN: &str = "vmc-devnet-token";

/// Resolves the token for the current context.
pub fn resolve_token(ctx: &Ctx) -> CliResult<BearerToken> {
    // On `local`, a user's token never goes to the devnet, which takes its own.
    if ctx.settings.network.value == "local" {
        return Ok(BearerToken::new(DEVNET_TOKEN));
    }
    if let Some(t) = env_var(vmc_config::env::HCLOUD_TOKEN) {
        return Ok(BearerToken::new(t));
    }
    match &ctx.settings.context.hetzner_token {
        Some(SecretSource::Keystore { name }) => return super::set_token::load(ctx, name),
        Some(SecretSource::Keyring { name }) => {
            return Err(CliError::usage(format!(
                "context `{}` keeps its Hetzner token in the OS keyring (`{name}`), which this build cannot read",
                ctx.settings.context_name.value
            ))
            .with_hint("set HCLOUD_TOKEN, or store the token with `vmc context set-token`"));
        }
        Some(SecretSource::Env) | None => {}
    }
    Err(CliError::usage("no Hetzner API token")
        .with_hint("set HCLOUD_TOKEN, or store one for this context with `vmc context set-token`"))
}
