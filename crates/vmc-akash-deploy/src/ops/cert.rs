//! `vmc akash cert create|revoke`: legacy mTLS client certificates (§8.4) on chain. The
//! certificate and its key are made by `vmc_akash::cert`; where the private key is kept is the
//! caller's business (it never passes through here but inside the certificate value).

use serde::Serialize;
use vmc_akash::cert::ClientCertificate;
use vmc_akash::tx::Msg;
use vmc_akash_proto::cert::{CertificateId, MsgRevokeCertificate};

use super::{OpError, send_reported};
use crate::events::{Sink, Step};
use crate::port::{Akash, PortError};

/// A certificate published or revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertTx {
    pub owner: String,
    pub serial: String,
    pub tx_hash: String,
    pub height: u64,
}

/// Publishes `cert` with `MsgCreateCertificate` after checking it as the chain will (PEM
/// types, CN = the owner, the key matches, the self-signature).
pub async fn publish<A: Akash>(
    akash: &A,
    sink: &mut dyn Sink,
    cert: &ClientCertificate,
) -> Result<CertTx, OpError> {
    if cert.owner != akash.owner() {
        return Err(OpError::Invalid(format!(
            "the certificate is for {}, but the wallet is {}",
            cert.owner,
            akash.owner()
        )));
    }
    let msg = cert.msg_create_certificate();
    vmc_akash::cert::validate_on_chain(&msg.owner, &msg.cert, &msg.pubkey)
        .map_err(|e| OpError::Invalid(e.to_string()))?;
    let done = send_reported(
        akash,
        sink,
        Step::Cert,
        vec![Msg::CreateCertificate(msg)],
        &mut |_| Ok(()),
    )
    .await
    .map_err(|e| match e {
        PortError::Refused { ref raw_log, .. } if raw_log.contains("exists") => OpError::Conflict(
            format!("certificate {} is already on chain: {e}", cert.serial),
        ),
        e => OpError::Chain {
            step: "cert",
            error: e,
        },
    })?;
    Ok(CertTx {
        owner: cert.owner.clone(),
        serial: cert.serial.clone(),
        tx_hash: done.hash,
        height: done.height,
    })
}

/// Checks a revocation against the certificate's state on chain (`None`: not there →
/// NotFound; `revoked` → Conflict) and the serial's form (decimal → else Invalid).
pub fn check_revoke(owner: &str, serial: &str, state: Option<&str>) -> Result<(), OpError> {
    if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return Err(OpError::Invalid(format!(
            "`{serial}` is not a certificate serial (a decimal number, as `vmc akash certs` shows)"
        )));
    }
    match state {
        None => Err(OpError::NotFound(format!(
            "{owner} has no certificate with serial {serial} on chain"
        ))),
        Some("revoked") => Err(OpError::Conflict(format!(
            "certificate {serial} of {owner} is already revoked"
        ))),
        Some(_) => Ok(()),
    }
}

/// Revokes the owner's certificate `serial` with `MsgRevokeCertificate`.
pub async fn revoke<A: Akash>(
    akash: &A,
    sink: &mut dyn Sink,
    serial: &str,
) -> Result<CertTx, OpError> {
    let owner = akash.owner().to_string();
    let msg = Msg::RevokeCertificate(MsgRevokeCertificate {
        id: Some(CertificateId {
            owner: owner.clone(),
            serial: serial.to_string(),
        }),
    });
    let done = send_reported(akash, sink, Step::Cert, vec![msg], &mut |_| Ok(()))
        .await
        .map_err(|e| match e {
            PortError::Refused { ref raw_log, .. } if raw_log.contains("already revoked") => {
                OpError::Conflict(format!("certificate {serial} is already revoked: {e}"))
            }
            PortError::Refused { ref raw_log, .. } if raw_log.contains("not found") => {
                OpError::NotFound(format!("certificate {serial} is not on chain: {e}"))
            }
            e => OpError::Chain {
                step: "cert",
                error: e,
            },
        })?;
    Ok(CertTx {
        owner,
        serial: serial.to_string(),
        tx_hash: done.hash,
        height: done.height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoke_checks() {
        assert!(matches!(
            check_revoke("o", "12", None),
            Err(OpError::NotFound(_))
        ));
        assert!(matches!(
            check_revoke("o", "12", Some("revoked")),
            Err(OpError::Conflict(_))
        ));
        assert!(matches!(
            check_revoke("o", "1x", Some("valid")),
            Err(OpError::Invalid(_))
        ));
        assert!(check_revoke("o", "12", Some("valid")).is_ok());
    }
}
