//! Certificate checks of MsgCreateCertificate (§2.5): PEM block types, self-signed ECDSA P-256
//! certificate whose subject CN is the owner, and the published key matching it. Also the two
//! X.509 reads the provider gateway shares with it: a name's CN and a signature check.

use p256::ecdsa::signature::Verifier;
use p256::pkcs8::DecodePublicKey;
use x509_parser::certificate::X509Certificate;
use x509_parser::x509::X509Name;

use crate::tx::TxError;

/// The first common name of `name`, or `""`.
pub(crate) fn common_name(name: &X509Name<'_>) -> String {
    name.iter_common_name()
        .next()
        .and_then(|a| a.as_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Why a certificate's signature does not check out.
pub(crate) enum BadSignature {
    /// Not a DER ECDSA signature.
    Malformed(String),
    /// Well formed, but not made by the key.
    Mismatch,
}

/// Checks the certificate's ECDSA P-256 signature over its TBS bytes with `key`.
pub(crate) fn verify_signature(
    x: &X509Certificate<'_>,
    key: &p256::PublicKey,
) -> Result<(), BadSignature> {
    let sig = p256::ecdsa::Signature::from_der(x.signature_value.as_ref())
        .map_err(|e| BadSignature::Malformed(e.to_string()))?;
    p256::ecdsa::VerifyingKey::from(key)
        .verify(x.tbs_certificate.as_ref(), &sig)
        .map_err(|_| BadSignature::Mismatch)
}

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
    let cn = common_name(x.subject());
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
    verify_signature(&x, &key).map_err(|e| match e {
        BadSignature::Malformed(e) => bad_cert(format!("signature: {e}")),
        BadSignature::Mismatch => bad_cert("certificate signature does not verify with its key"),
    })?;
    Ok(ParsedCert {
        serial: x.tbs_certificate.serial.to_string(),
    })
}
