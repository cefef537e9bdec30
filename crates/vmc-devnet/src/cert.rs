//! Certificate checks of MsgCreateCertificate (§2.5): PEM block types, self-signed ECDSA P-256
//! certificate whose subject CN is the owner, and the published key matching it.

use p256::ecdsa::signature::Verifier;
use p256::pkcs8::DecodePublicKey;

use crate::tx::TxError;

pub struct ParsedCert {
    /// Decimal serial: the on-chain certificate id.
    pub serial: String,
}

fn bad_cert(log: impl std::fmt::Display) -> TxError {
    TxError::new("cert", 6, format!("{log}: invalid certificate value"))
}

pub fn parse(owner: &str, cert_pem: &[u8], pubkey_pem: &[u8]) -> Result<ParsedCert, TxError> {
    if !crate::keys::valid_address(owner) {
        return Err(TxError::new(
            "cert",
            2,
            format!("owner {owner:?}: invalid address"),
        ));
    }
    let c = pem::parse(cert_pem).map_err(|e| bad_cert(format!("certificate PEM: {e}")))?;
    if c.tag() != "CERTIFICATE" {
        return Err(bad_cert(format!(
            "PEM block is {:?}, want CERTIFICATE",
            c.tag()
        )));
    }
    let k = pem::parse(pubkey_pem).map_err(|e| {
        TxError::new(
            "cert",
            7,
            format!("public key PEM: {e}: invalid pubkey value"),
        )
    })?;
    if k.tag() != "EC PUBLIC KEY" {
        return Err(TxError::new(
            "cert",
            7,
            format!(
                "PEM block is {:?}, want EC PUBLIC KEY: invalid pubkey value",
                k.tag()
            ),
        ));
    }
    let key = p256::PublicKey::from_public_key_der(k.contents())
        .map_err(|e| TxError::new("cert", 7, format!("{e}: invalid pubkey value")))?;
    let (_, x) = x509_parser::parse_x509_certificate(c.contents())
        .map_err(|e| bad_cert(format!("X.509: {e}")))?;
    let cn = x
        .subject()
        .iter_common_name()
        .next()
        .and_then(|a| a.as_str().ok())
        .unwrap_or_default()
        .to_string();
    if cn != owner {
        return Err(bad_cert(format!(
            "subject CN {cn:?} is not the owner {owner}"
        )));
    }
    if x.tbs_certificate.subject_pki.raw != k.contents() {
        return Err(bad_cert(
            "the certificate's key is not the published public key",
        ));
    }
    let sig = p256::ecdsa::Signature::from_der(x.signature_value.as_ref())
        .map_err(|e| bad_cert(format!("signature: {e}")))?;
    let vk = p256::ecdsa::VerifyingKey::from(&key);
    vk.verify(x.tbs_certificate.as_ref(), &sig)
        .map_err(|_| bad_cert("certificate signature does not verify with its key"))?;
    Ok(ParsedCert {
        serial: x.tbs_certificate.serial.to_string(),
    })
}
