//! `vmc akash certs [ADDR] [--state valid|revoked|all]`: the certificates an address published
//! (legacy mTLS identities; providers publish their gateway's certificate the same way).

use clap::{Args, ValueEnum};
use serde::{Deserialize, Serialize};
use vmc_akash_client::CertFilter;
use vmc_akash_proto::cert::CertificateState;

use super::chain::{Session, check_address, owner};
use super::view::state_name;
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct CertsArgs {
    /// Whose certificates (default: the configured wallet, AKASH_WALLET_ADDRESS).
    #[arg(value_name = "ADDR")]
    pub owner: Option<String>,
    #[arg(long, value_enum, default_value_t = CertState::All)]
    pub state: CertState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CertState {
    Valid,
    Revoked,
    All,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertView {
    pub owner: String,
    pub serial: String,
    pub state: String,
    /// Subject CN, validity (RFC 3339), when the certificate parses.
    pub subject_cn: Option<String>,
    pub not_before: Option<String>,
    pub not_after: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: CertsArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let owner = match &args.owner {
        Some(a) => {
            check_address(a, "address")?;
            a.clone()
        }
        None => owner(ctx, None)?,
    };
    let s = Session::open(ctx, chain)?;
    let state = match args.state {
        CertState::Valid => Some("valid"),
        CertState::Revoked => Some("revoked"),
        CertState::All => None,
    };
    let certs = s.call(s.client.certificates(&CertFilter {
        owner: &owner,
        serial: None,
        state,
    }))?;
    let views: Vec<CertView> = certs
        .iter()
        .map(|c| {
            let cert = c.certificate.clone().unwrap_or_default();
            let info = pem::parse(&cert.cert)
                .ok()
                .and_then(|p| vmc_akash::cert::parse_certificate(p.contents()).ok());
            CertView {
                owner: owner.clone(),
                serial: c.serial.clone(),
                state: state_name::<CertificateState>(cert.state),
                subject_cn: info.as_ref().map(|i| i.cn.clone()),
                not_before: info.as_ref().and_then(|i| rfc3339(i.not_before)),
                not_after: info.as_ref().and_then(|i| rfc3339(i.not_after)),
            }
        })
        .collect();
    ctx.printer.data(&views, || {
        let mut t = Table::new(["SERIAL", "STATE", "SUBJECT", "NOT BEFORE", "NOT AFTER"]);
        for v in &views {
            let d = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
            t.row([
                v.serial.clone(),
                v.state.clone(),
                d(&v.subject_cn),
                d(&v.not_before),
                d(&v.not_after),
            ]);
        }
        t
    })
}

fn rfc3339(unix: i64) -> Option<String> {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()?
        .format(&time::format_description::well_known::Rfc3339)
        .ok()
}
