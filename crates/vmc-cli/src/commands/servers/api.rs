//! The Hetzner client as the commands use it: token resolution, error mapping, name lookup.

use vmc_hetzner::{Client, Error, Server};
use vmc_http::{BearerToken, ClientOptions, RetryPolicy};

use super::auth;
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};

/// A client plus the runtime its futures run on (and, on network `local`, the devnet started in
/// this process when none was running; it stops when the `Api` is dropped, before the runtime).
pub struct Api {
    pub client: Client,
    _devnet: Option<crate::local::EmbeddedDevnet>,
    rt: tokio::runtime::Runtime,
}

impl Api {
    /// Resolves the token and endpoint, and prints a line on stderr before each retry.
    pub fn new(ctx: &Ctx) -> CliResult<Api> {
        let token: BearerToken = auth::resolve_token(ctx)?;
        let endpoint = ctx.settings.hetzner_endpoint.value.clone();
        let opts = ClientOptions::new(format!("vmc/{}", env!("CARGO_PKG_VERSION")));
        let printer = ctx.printer.clone();
        let client = Client::new(&endpoint, token, &opts)
            .map_err(|e| {
                CliError::usage(e.to_string()).with_hint(
                    "set VMC_HETZNER_ENDPOINT or the context's hetzner_endpoint to an http(s) URL",
                )
            })?
            .with_retry_policy(RetryPolicy::default())
            .on_retry(move |n| printer.status(&n.to_string()));
        let rt = crate::runtime()?;
        let devnet = crate::local::ensure(ctx, &rt, &ctx.settings.hetzner_endpoint)?;
        Ok(Api {
            client,
            _devnet: devnet,
            rt,
        })
    }

    /// Runs a future to completion.
    pub fn block<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// Runs a client call and maps its error.
    pub fn call<T>(&self, f: impl std::future::Future<Output = Result<T, Error>>) -> CliResult<T> {
        self.rt.block_on(f).map_err(api_error)
    }

    /// The server named `name_or_id` (numeric: ID first, then name), or exit 4.
    pub fn server(&self, name_or_id: &str) -> CliResult<Server> {
        self.call(self.client.find_server(name_or_id))?
            .ok_or_else(|| {
                CliError::not_found(format!("no server named or numbered `{name_or_id}`"))
                    .with_hint("list servers with `vmc servers list`")
            })
    }
}

/// Maps a client error to an exit code and a hint.
pub fn api_error(e: Error) -> CliError {
    let msg = e.to_string();
    let code = e.code().unwrap_or_default().to_string();
    let kind = match (&e, code.as_str()) {
        (Error::Transport { .. }, _) => ErrorKind::Unavailable,
        (Error::Timeout(_), _) => ErrorKind::Failure,
        (Error::Endpoint(_), _) => ErrorKind::Usage,
        (_, "not_found") => ErrorKind::NotFound,
        (_, "conflict" | "locked" | "uniqueness_error" | "protected" | "server_not_stopped") => {
            ErrorKind::Conflict
        }
        (_, "invalid_input" | "json_error" | "invalid_server_type") => ErrorKind::Usage,
        (_, "rate_limit_exceeded" | "unavailable" | "timeout" | "bad_gateway" | "server_error") => {
            ErrorKind::Unavailable
        }
        (Error::Api { status, .. }, _) if *status >= 500 => ErrorKind::Unavailable,
        _ => ErrorKind::Failure,
    };
    let mut err = CliError::new(kind, msg);
    let hint = match code.as_str() {
        "unauthorized" => Some(
            "the Hetzner token was refused: set HCLOUD_TOKEN, or store one with `vmc context set-token`",
        ),
        "token_readonly" => {
            Some("this token is read-only; create a read-write token in the Hetzner console")
        }
        "locked" => Some("another action is running on this resource; wait for it and try again"),
        "protected" => Some("the resource is protected against this; disable the protection first"),
        "server_not_stopped" => Some("stop the server first: `vmc servers poweroff NAME`"),
        "uniqueness_error" => Some("the name (or key fingerprint) is taken; pick another"),
        "rate_limit_exceeded" => Some("the project's request budget is used up; wait a minute"),
        _ => None,
    };
    if let Some(h) = hint {
        err = err.with_hint(h);
    }
    if let Error::Api {
        details: Some(d), ..
    } = &e
        && let Some(fields) = d.get("fields").and_then(|f| f.as_array())
    {
        {
            let names: Vec<String> = fields
                .iter()
                .map(|f| {
                    let name = f.get("name").and_then(|n| n.as_str()).unwrap_or("?");
                    let msgs: Vec<&str> = f
                        .get("messages")
                        .and_then(|m| m.as_array())
                        .map(|m| m.iter().filter_map(|x| x.as_str()).collect())
                        .unwrap_or_default();
                    if msgs.is_empty() {
                        name.to_string()
                    } else {
                        format!("{name}: {}", msgs.join("; "))
                    }
                })
                .collect();
            if !names.is_empty() {
                err = err.with_hint(format!("fields: {}", names.join(", ")));
            }
        }
    }
    err
}

/// Parses `k=v` labels (`--label`), naming the bad one.
pub fn parse_labels(items: &[String]) -> CliResult<vmc_hetzner::Labels> {
    let mut out = vmc_hetzner::Labels::new();
    for it in items {
        let (k, v) = it.split_once('=').ok_or_else(|| {
            CliError::usage(format!("label `{it}` is not key=value"))
                .with_hint("e.g. --label env=prod")
        })?;
        let k = k.trim();
        if k.is_empty() || k.len() > 63 + 254 {
            return Err(CliError::usage(format!(
                "label `{it}` has an empty or too long key"
            )));
        }
        out.insert(k.to_string(), v.trim().to_string());
    }
    Ok(out)
}
