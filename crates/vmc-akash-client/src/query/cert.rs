//! `akash.cert.v1`: certificates (the legacy mTLS identities, and the providers' TLS
//! certificates that the gateway client verifies against, §8.4).

use vmc_akash_proto::cert::{CertificateResponse, QueryCertificatesResponse};

use super::push_opt;
use crate::{ChainClient, ClientError};

/// Which certificates.
#[derive(Debug, Clone, Default)]
pub struct CertFilter<'a> {
    pub owner: &'a str,
    pub serial: Option<&'a str>,
    /// `valid` or `revoked`; `None` = both.
    pub state: Option<&'a str>,
}

impl ChainClient {
    /// Certificates of an owner (note the singular `filter.` prefix of this route).
    pub async fn certificates(
        &self,
        f: &CertFilter<'_>,
    ) -> Result<Vec<CertificateResponse>, ClientError> {
        let mut q = vec![("filter.owner", f.owner.to_string())];
        push_opt(&mut q, "filter.serial", f.serial.map(str::to_string));
        push_opt(&mut q, "filter.state", f.state.map(str::to_string));
        self.rest
            .list(
                "/akash/cert/v1/certificates/list",
                &q,
                &format!("certificates of {}", f.owner),
                |r: QueryCertificatesResponse| (r.certificates, r.pagination),
            )
            .await
    }
}
