//! Legacy mTLS client certificates (`akash-protocol.md` §8.4): ECDSA P-256, self-signed,
//! subject = issuer = `CN=<address>, 2.23.133.2.6=v0.0.1`, serial = microseconds since the epoch,
//! keyUsage keyEncipherment+dataEncipherment (critical), extKeyUsage clientAuth, CA:FALSE,
//! ECDSA-SHA256, one year by default. Published with `MsgCreateCertificate{cert: PEM
//! "CERTIFICATE", pubkey: PEM "EC PUBLIC KEY"}` (CRLF line ends, as the SDKs write them).
//!
//! [`validate_on_chain`] checks what the chain checks: PEM block types, CN = owner, the public
//! key matches, and the self-signature verifies.

use std::fmt;

use p256::ecdsa::signature::Verifier;
use p256::pkcs8::DecodePublicKey;
use rcgen::{
    CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, SerialNumber,
};
use thiserror::Error;
use time::OffsetDateTime;
use vmc_akash_proto::cert::MsgCreateCertificate;
use x509_parser::prelude::{FromDer, X509Certificate};
use zeroize::Zeroizing;

use crate::keys::{ACCOUNT_PREFIX, validate_address};

/// Akash's `AuthVersionOID` subject attribute.
pub const AUTH_VERSION_OID: [u64; 5] = [2, 23, 133, 2, 6];
/// Its value.
pub const AUTH_VERSION: &str = "v0.0.1";
/// Default validity: one year.
pub const DEFAULT_VALIDITY: time::Duration = time::Duration::days(365);

/// A certificate problem.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CertError {
    #[error("cannot create the certificate: {0}")]
    Generate(String),
    #[error("invalid PEM: {0}")]
    Pem(String),
    #[error("invalid certificate: {0}")]
    Invalid(String),
    #[error("the certificate's CN is `{cn}`, but the owner is `{owner}`")]
    OwnerMismatch { cn: String, owner: String },
    #[error("the certificate's self-signature does not verify")]
    BadSignature,
}

/// A freshly generated client certificate. The private key is redacted in Debug and wiped on drop.
#[derive(Clone)]
pub struct ClientCertificate {
    pub owner: String,
    /// Decimal serial (the on-chain certificate id).
    pub serial: String,
    pub cert_pem: String,
    pub pubkey_pem: String,
    private_key_pem: Zeroizing<String>,
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("owner", &self.owner)
            .field("serial", &self.serial)
            .field("private_key_pem", &"[REDACTED]")
            .finish()
    }
}

impl ClientCertificate {
    /// The PKCS#8 `PRIVATE KEY` PEM. Store it encrypted only.
    pub fn expose_private_key_pem(&self) -> &str {
        &self.private_key_pem
    }

    /// The transaction message that publishes this certificate.
    pub fn msg_create_certificate(&self) -> MsgCreateCertificate {
        MsgCreateCertificate {
            owner: self.owner.clone(),
            cert: self.cert_pem.clone().into_bytes(),
            pubkey: self.pubkey_pem.clone().into_bytes(),
        }
    }
}

fn pem_crlf(tag: &str, der: &[u8]) -> String {
    let p = pem::Pem::new(tag, der.to_vec());
    pem::encode_config(
        &p,
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::CRLF),
    )
}

/// Generate a certificate valid from `not_before` for [`DEFAULT_VALIDITY`]; the serial is
/// `not_before` in microseconds.
pub fn generate(owner: &str, not_before: OffsetDateTime) -> Result<ClientCertificate, CertError> {
    generate_with_validity(owner, not_before, not_before + DEFAULT_VALIDITY)
}

/// Generate with explicit validity bounds.
pub fn generate_with_validity(
    owner: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Result<ClientCertificate, CertError> {
    validate_address(owner, ACCOUNT_PREFIX).map_err(|e| CertError::Generate(e.to_string()))?;
    if not_after <= not_before {
        return Err(CertError::Generate(
            "not_after must be after not_before".into(),
        ));
    }
    let micros = u64::try_from(not_before.unix_timestamp_nanos() / 1000)
        .map_err(|_| CertError::Generate("not_before is before 1970".into()))?;
    let mut params = CertificateParams::new(Vec::<String>::new())
        .map_err(|e| CertError::Generate(e.to_string()))?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, owner);
    dn.push(
        DnType::CustomDnType(AUTH_VERSION_OID.to_vec()),
        AUTH_VERSION,
    );
    params.distinguished_name = dn;
    params.serial_number = Some(SerialNumber::from(micros));
    params.not_before = not_before;
    params.not_after = not_after;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::DataEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)
        .map_err(|e| CertError::Generate(e.to_string()))?;
    let cert = params
        .self_signed(&key)
        .map_err(|e| CertError::Generate(e.to_string()))?;
    Ok(ClientCertificate {
        owner: owner.to_string(),
        serial: micros.to_string(),
        cert_pem: pem_crlf("CERTIFICATE", cert.der()),
        pubkey_pem: pem_crlf("EC PUBLIC KEY", &key.public_key_der()),
        private_key_pem: Zeroizing::new(pem_crlf("PRIVATE KEY", key.serialized_der())),
    })
}

/// What [`validate_on_chain`] read from a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// Subject CN (the owner address).
    pub cn: String,
    /// Decimal serial.
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
    pub is_ca: bool,
    pub client_auth: bool,
    /// SubjectPublicKeyInfo DER.
    pub public_key_der: Vec<u8>,
}

/// Validate a `MsgCreateCertificate` payload as the chain does.
pub fn validate_on_chain(
    owner: &str,
    cert_pem: &[u8],
    pubkey_pem: &[u8],
) -> Result<CertificateInfo, CertError> {
    let cert_block = pem::parse(cert_pem).map_err(|e| CertError::Pem(format!("cert: {e}")))?;
    if cert_block.tag() != "CERTIFICATE" {
        return Err(CertError::Pem(format!(
            "cert block is `{}`, expected CERTIFICATE",
            cert_block.tag()
        )));
    }
    let key_block = pem::parse(pubkey_pem).map_err(|e| CertError::Pem(format!("pubkey: {e}")))?;
    if key_block.tag() != "EC PUBLIC KEY" {
        return Err(CertError::Pem(format!(
            "pubkey block is `{}`, expected EC PUBLIC KEY",
            key_block.tag()
        )));
    }
    let info = parse_certificate(cert_block.contents())?;
    if info.cn != owner {
        return Err(CertError::OwnerMismatch {
            cn: info.cn,
            owner: owner.to_string(),
        });
    }
    if key_block.contents() != info.public_key_der.as_slice() {
        return Err(CertError::Invalid(
            "the EC PUBLIC KEY is not the certificate's key".into(),
        ));
    }
    Ok(info)
}

/// Parse a DER certificate, check it is ECDSA P-256 and self-signed, and read its fields.
pub fn parse_certificate(der: &[u8]) -> Result<CertificateInfo, CertError> {
    let (_, cert) =
        X509Certificate::from_der(der).map_err(|e| CertError::Invalid(e.to_string()))?;
    let spki = cert.public_key().raw.to_vec();
    let vk = p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
        .map_err(|_| CertError::Invalid("the key is not ECDSA P-256".into()))?;
    if cert.signature_algorithm.algorithm.to_id_string() != "1.2.840.10045.4.3.2" {
        return Err(CertError::Invalid(
            "the signature algorithm is not ecdsa-with-SHA256".into(),
        ));
    }
    let sig = p256::ecdsa::Signature::from_der(&cert.signature_value.data)
        .map_err(|_| CertError::BadSignature)?;
    vk.verify(cert.tbs_certificate.as_ref(), &sig)
        .map_err(|_| CertError::BadSignature)?;
    let cn = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|c| c.as_str().ok())
        .ok_or_else(|| CertError::Invalid("no subject CN".into()))?
        .to_string();
    let issuer_cn = cert
        .issuer()
        .iter_common_name()
        .next()
        .and_then(|c| c.as_str().ok())
        .unwrap_or_default();
    if issuer_cn != cn {
        return Err(CertError::Invalid(
            "not self-signed (issuer CN differs from subject CN)".into(),
        ));
    }
    let serial_bytes = cert.raw_serial();
    if serial_bytes.is_empty() || serial_bytes.len() > 16 {
        return Err(CertError::Invalid(
            "serial missing or longer than 128 bits".into(),
        ));
    }
    let serial = serial_bytes
        .iter()
        .fold(0u128, |acc, b| (acc << 8) | u128::from(*b))
        .to_string();
    let is_ca = cert
        .basic_constraints()
        .ok()
        .flatten()
        .is_some_and(|b| b.value.ca);
    let client_auth = cert
        .extended_key_usage()
        .ok()
        .flatten()
        .is_some_and(|e| e.value.client_auth);
    Ok(CertificateInfo {
        cn,
        serial,
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        is_ca,
        client_auth,
        public_key_der: spki,
    })
}
