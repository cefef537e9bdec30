//! `vmc sdl match FILE --providers FILE`: which providers may bid on each placement, and why not.

use std::io::Read;

use clap::Args;
use serde::Serialize;
use vmc_sdl::eligibility::{self, Provider, rest};

use super::{ConventionArg, input};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

const PROVIDERS_HELP: &str = "\
The providers file holds the chain's REST (LCD) JSON, as fetched with e.g.
  curl $REST/akash/provider/v1beta4/providers                > providers.json
  curl $REST/akash/audit/v1/audit/attributes/list            > audited.json
Accepted shapes:
  * {\"providers\": <providers response or its list>, \"audited\": <audit response or its list>}
    (`provider_attributes` is accepted for `audited`);
  * a JSON array of responses, e.g. `jq -s . providers.json audited.json`: providers lists
    (/akash/provider/v1beta4/providers), single providers ({\"provider\": {...}}) and audit
    responses (/akash/audit/v1/audit/attributes/list, .../attributes/{owner}/list), in any order;
  * a providers response alone (then no provider counts as audited).
Audit records are told from providers by their `auditor` field and attached to their `owner`.

Rules (akash-protocol.md §9): a requirement key is a glob (Go path.Match: `*` stops at `/`),
its value must be equal. Without signedBy the provider's own attributes must meet every
requirement. With signedBy only audited attributes count on chain: every allOf auditor and at
least one anyOf auditor must have signed attributes meeting every requirement; the provider's bid
engine still checks its own attributes, reported as `own attributes (checked by the provider's
bid engine ...)`. Storage volumes with a class need a matching capabilities/storage/<n>/ group,
GPU requests a matching capabilities/gpu/ key.";

#[derive(Debug, Args)]
#[command(after_long_help = PROVIDERS_HELP)]
pub struct MatchArgs {
    /// SDL file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// JSON with the chain's providers and audited attributes (see below; `-` reads stdin).
    #[arg(long, value_name = "FILE")]
    pub providers: String,
    /// Only this placement.
    #[arg(long, value_name = "NAME")]
    pub placement: Option<String>,
    /// Only list providers that may bid.
    #[arg(long)]
    pub eligible_only: bool,
    /// Build the groups as the TypeScript (default) or the Go SDK does.
    #[arg(long, value_enum, default_value_t = ConventionArg::Ts)]
    pub convention: ConventionArg,
}

/// One (placement, provider) verdict.
#[derive(Debug, Serialize)]
struct Row {
    placement: String,
    provider: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_uri: Option<String>,
    eligible: bool,
    reasons: Vec<serde_json::Value>,
}

/// The largest providers file read (the mainnet lists are a few MB).
const MAX_PROVIDERS_BYTES: u64 = 256 << 20;

pub fn run(ctx: &mut Ctx, args: MatchArgs) -> CliResult {
    if args.file == "-" && args.providers == "-" {
        return Err(
            CliError::usage("the SDL and --providers cannot both be read from stdin")
                .with_hint("pass one of them as a file"),
        );
    }
    let providers = load_providers(&args.providers)?;
    let conv = args.convention.into();
    let (_, sdl) = input::load(ctx, &args.file, conv)?;
    let mut groups = sdl.groups(conv);
    if let Some(name) = &args.placement {
        groups.retain(|g| &g.name == name);
        if groups.is_empty() {
            let names: Vec<&str> = sdl.placements.iter().map(|p| p.name.as_str()).collect();
            return Err(
                CliError::not_found(format!("no placement named `{name}` is deployed"))
                    .with_hint(format!("placements: {}", names.join(", "))),
            );
        }
    }
    let audits: usize = providers.iter().map(|p| p.audits.len()).sum();
    ctx.printer.debug(&format!(
        "{} providers, {audits} audit records, {} placements",
        providers.len(),
        groups.len()
    ));

    let mut rows = Vec::new();
    for g in &groups {
        let mut verdicts: Vec<(&Provider, eligibility::Eligibility)> = providers
            .iter()
            .map(|p| (p, eligibility::check(g, p)))
            .collect();
        let n_ok = verdicts.iter().filter(|(_, e)| e.is_eligible()).count();
        if n_ok == 0 {
            ctx.printer.warn(&format!(
                "placement `{}`: none of the {} providers may bid",
                g.name,
                providers.len()
            ));
        }
        // Eligible first, then by address.
        verdicts.sort_by(|a, b| {
            (!a.1.is_eligible(), &a.0.owner).cmp(&(!b.1.is_eligible(), &b.0.owner))
        });
        for (p, e) in verdicts {
            if args.eligible_only && !e.is_eligible() {
                continue;
            }
            rows.push(Row {
                placement: g.name.clone(),
                provider: p.owner.clone(),
                host_uri: p.host_uri.clone(),
                eligible: e.is_eligible(),
                reasons: e.reasons.iter().map(reason_json).collect(),
            });
        }
    }

    ctx.printer.data(&rows, || {
        let mut t = Table::new(["PLACEMENT", "PROVIDER", "ELIGIBLE", "REASONS"]);
        for r in &rows {
            let yes = if r.eligible { "yes" } else { "no" };
            let mut messages = r
                .reasons
                .iter()
                .map(|m| m["message"].as_str().unwrap_or_default().to_string());
            t.row([
                r.placement.clone(),
                r.provider.clone(),
                yes.to_string(),
                messages.next().unwrap_or_default(),
            ]);
            // One reason per line; the other cells stay empty on continuation lines.
            for m in messages {
                t.row([String::new(), String::new(), String::new(), m]);
            }
        }
        t
    })
}

/// A reason as JSON (tagged by `kind`) plus its human message.
fn reason_json(r: &eligibility::Reason) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("message".into(), r.to_string().into());
    }
    v
}

fn load_providers(path: &str) -> CliResult<Vec<Provider>> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_PROVIDERS_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        match std::fs::File::open(path) {
            Ok(f) => f.take(MAX_PROVIDERS_BYTES + 1).read_to_end(&mut bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(
                    CliError::not_found(format!("{path}: no such file")).with_hint(
                        "save the chain's providers JSON first (see `vmc sdl match --help`)",
                    ),
                );
            }
            Err(e) => Err(e),
        }
    };
    read.map_err(|e| CliError::failure(format!("{path}: could not read: {e}")))?;
    if bytes.len() as u64 > MAX_PROVIDERS_BYTES {
        return Err(CliError::usage(format!(
            "{path}: larger than {} MiB; not a providers list",
            MAX_PROVIDERS_BYTES >> 20
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::usage(format!("{path}: not UTF-8 text")).with_hint(SHAPES_HINT))?;
    rest::providers_from_str(&text)
        .map_err(|e| CliError::usage(format!("{path}: {e}")).with_hint(SHAPES_HINT))
}

const SHAPES_HINT: &str = "expected the chain's REST JSON: {\"providers\": [...], \"audited\": [...]} \
     or an array of /akash/provider/v1beta4/providers and /akash/audit/v1/audit/attributes/list \
     responses (see `vmc sdl match --help`)";
