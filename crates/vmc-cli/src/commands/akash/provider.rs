//! `vmc akash provider ADDR`: one provider's attributes, audits and host URI from the chain,
//! and its gateway's `/version` and `/status` when it answers.

use clap::Args;
use serde::{Deserialize, Serialize};
use vmc_akash_client::gateway::GatewayAuth;

use super::chain::{Session, check_address};
use super::gateway::client_for;
use super::providers::{ProviderView, provider_view};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct ProviderArgs {
    #[arg(value_name = "ADDR")]
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderOut {
    #[serde(flatten)]
    pub provider: ProviderView,
    pub gateway: GatewayView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatewayView {
    pub reachable: bool,
    pub error: Option<String>,
    pub version: Option<serde_json::Value>,
    pub status: Option<serde_json::Value>,
}

pub fn run(ctx: &mut Ctx, args: ProviderArgs, chain: &super::chain::ChainArgs) -> CliResult {
    check_address(&args.address, "provider")?;
    let s = Session::open(ctx, chain)?;
    let (p, audits) = match s.block(async {
        tokio::try_join!(
            s.client.provider(&args.address),
            s.client.audits_of(&args.address)
        )
    }) {
        Ok(x) => x,
        Err(e) if e.is_not_found() => {
            return Err(CliError::not_found(format!(
                "provider {} is not on chain {} ({})",
                args.address,
                s.chain_id,
                s.client.endpoint()
            ))
            .with_hint("list providers with `vmc akash providers`"));
        }
        Err(e) => return Err(super::chain::client_error(e)),
    };
    let refs: Vec<_> = audits.iter().collect();
    let view = provider_view(&p, &refs);
    let gateway = match client_for(&s, &args.address, GatewayAuth::None) {
        Err(e) => GatewayView {
            reachable: false,
            error: Some(e.message),
            version: None,
            status: None,
        },
        Ok(gw) => {
            let (v, st) = s.block(async { tokio::join!(gw.version(), gw.status()) });
            let error = v
                .as_ref()
                .err()
                .or(st.as_ref().err())
                .map(|e| e.to_string());
            GatewayView {
                reachable: v.is_ok() || st.is_ok(),
                error,
                version: v.ok().and_then(|v| serde_json::to_value(v).ok()),
                status: st.ok().and_then(|v| serde_json::to_value(v).ok()),
            }
        }
    };
    if let Some(e) = &gateway.error
        && ctx.printer.format.kind == crate::output::OutputKind::Table
    {
        ctx.printer.warn(&format!("gateway: {e}"));
    }
    let out = ProviderOut {
        provider: view,
        gateway,
    };
    ctx.printer.data(&out, || {
        let p = &out.provider;
        let mut t = Table::new(["FIELD", "VALUE"]);
        t.row(["owner".to_string(), p.owner.clone()]);
        t.row(["host".to_string(), p.host_uri.clone()]);
        for a in &p.attributes {
            t.row(["attribute".to_string(), format!("{}={}", a.key, a.value)]);
        }
        for a in &p.audits {
            t.row([
                format!("audited by {}", a.auditor),
                a.attributes
                    .iter()
                    .map(|x| format!("{}={}", x.key, x.value))
                    .collect::<Vec<_>>()
                    .join(","),
            ]);
        }
        let g = &out.gateway;
        t.row([
            "gateway".to_string(),
            if g.reachable {
                "answers".into()
            } else {
                "does not answer".to_string()
            },
        ]);
        if let Some(v) = &g.version {
            t.row([
                "version".to_string(),
                v.pointer("/akash/version")
                    .and_then(|x| x.as_str())
                    .unwrap_or("?")
                    .to_string(),
            ]);
        }
        if let Some(st) = &g.status {
            t.row(["status".to_string(), st.to_string()]);
        }
        t
    })
}
