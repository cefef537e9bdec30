//! Verifying the provider's TLS certificate (§8.4, chain-sdk `verifyPeerCertificate`).
//!
//! 1. Web PKI: the chain against the configured roots, with the host name.
//! 2. Otherwise, only when the server sent a **single** certificate whose subject CN is a bech32
//!    `akash1…` address: the issuer CN equals the subject CN, the certificate has a serial, the
//!    CN is the lease's provider ([`Trust::provider`]), and one of the provider's valid on-chain
//!    certificates ([`Trust::onchain_certs`]) with the same serial is its root: the leaf is
//!    signed by that certificate's key (ECDSA P-256 / SHA-256), both are within their validity,
//!    and the leaf may serve (extKeyUsage serverAuth, when it has the extension). No host name
//!    check on this path.
//!
//! Nothing else is accepted: there is no "accept any certificate" switch.

use std::sync::Arc;

use p256::ecdsa::signature::Verifier as _;
use p256::pkcs8::DecodePublicKey as _;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, OtherError, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use vmc_akash::keys::{ACCOUNT_PREFIX, validate_address};
use x509_parser::prelude::{FromDer as _, X509Certificate};
use x509_parser::time::ASN1Time;

/// What the client trusts besides Web PKI: the provider of the lease and its valid on-chain
/// certificates (as the chain's cert query returns them, PEM).
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// The lease's provider, `akash1…`.
    pub provider: String,
    /// PEM texts of the provider's **valid** on-chain certificates.
    pub onchain_certs: Vec<Vec<u8>>,
}

impl Trust {
    /// The trust for `provider` from a certificate listing: the PEM of every certificate in
    /// the valid state (others are left out).
    pub fn from_certificates(
        provider: &str,
        certs: &[vmc_akash_proto::cert::CertificateResponse],
    ) -> Trust {
        let valid = vmc_akash_proto::cert::CertificateState::Valid as i32;
        Trust {
            provider: provider.to_string(),
            onchain_certs: certs
                .iter()
                .filter_map(|c| c.certificate.as_ref())
                .filter(|c| c.state == valid)
                .map(|c| c.cert.clone())
                .collect(),
        }
    }

    /// The provider's valid certificates, read from the chain
    /// (`/akash/cert/v1/certificates/list?filter.owner=…&filter.state=valid`).
    pub async fn fetch(
        chain: &crate::ChainClient,
        provider: &str,
    ) -> Result<Trust, crate::ClientError> {
        let certs = chain
            .certificates(&crate::CertFilter {
                owner: provider,
                serial: None,
                state: Some("valid"),
            })
            .await?;
        Ok(Trust::from_certificates(provider, &certs))
    }
}

/// `ecdsa-with-SHA256`.
const ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";

/// A refusal, carried through rustls as `CertificateError::Other` so its wording survives.
#[derive(Debug)]
pub(crate) struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

fn refuse(message: String) -> rustls::Error {
    rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(Refusal(
        message,
    )))))
}

/// An on-chain certificate, decoded once.
#[derive(Debug)]
struct OnChain {
    der: Vec<u8>,
}

/// The verifier of [`client_config`].
#[derive(Debug)]
pub(crate) struct ProviderVerifier {
    web: Option<Arc<WebPkiServerVerifier>>,
    provider: String,
    onchain: Vec<OnChain>,
    algs: WebPkiSupportedAlgorithms,
}

fn crypto() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl ProviderVerifier {
    /// Web PKI trusts Mozilla's roots and `web_roots`.
    pub(crate) fn new(
        trust: &Trust,
        web_roots: &[CertificateDer<'static>],
    ) -> Result<ProviderVerifier, String> {
        let provider = crypto();
        // Mozilla's roots (webpki-roots) always, plus any the caller adds.
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for (i, r) in web_roots.iter().enumerate() {
            roots
                .add(r.clone())
                .map_err(|e| format!("Web PKI root {i}: {e}"))?;
        }
        let web = Some(
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| format!("Web PKI roots: {e}"))?,
        );
        let mut onchain = Vec::new();
        for (i, text) in trust.onchain_certs.iter().enumerate() {
            let block = pem::parse(text)
                .map_err(|e| format!("on-chain certificate {i} is not PEM: {e}"))?;
            if block.tag() != "CERTIFICATE" {
                return Err(format!(
                    "on-chain certificate {i} is a PEM `{}`, not a CERTIFICATE",
                    block.tag()
                ));
            }
            X509Certificate::from_der(block.contents())
                .map_err(|e| format!("on-chain certificate {i} does not parse: {e}"))?;
            onchain.push(OnChain {
                der: block.contents().to_vec(),
            });
        }
        Ok(ProviderVerifier {
            web,
            provider: trust.provider.clone(),
            onchain,
            algs: provider.signature_verification_algorithms,
        })
    }

    /// Step 2 of the module docs. `web` is why Web PKI refused (for the message).
    fn verify_onchain(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<(), String> {
        let (_, leaf) = X509Certificate::from_der(end_entity.as_ref())
            .map_err(|e| format!("the certificate does not parse: {e}"))?;
        let cn = first_cn(leaf.subject());
        let Some(cn) = cn.filter(|cn| validate_address(cn, ACCOUNT_PREFIX).is_ok()) else {
            return Err(format!(
                "it is not an Akash provider certificate (subject CN {:?} is not an akash1… address)",
                first_cn(leaf.subject()).unwrap_or_default()
            ));
        };
        if !intermediates.is_empty() {
            return Err(format!(
                "the provider {cn} sent {} certificates, an on-chain certificate comes alone",
                intermediates.len() + 1
            ));
        }
        if first_cn(leaf.issuer()) != Some(cn) {
            return Err(format!(
                "the certificate of {cn} is not self-issued (issuer CN {:?})",
                first_cn(leaf.issuer()).unwrap_or_default()
            ));
        }
        let serial = trim_serial(leaf.raw_serial());
        if serial.is_empty() {
            return Err(format!("the certificate of {cn} has no serial"));
        }
        if cn != self.provider {
            return Err(format!(
                "the gateway presents the certificate of {cn}, but the lease's provider is {}",
                self.provider
            ));
        }
        let serial_text = decimal(serial);
        let at = ASN1Time::from_timestamp(now.as_secs() as i64)
            .map_err(|e| format!("the current time: {e}"))?;
        let mut same_serial = 0;
        let mut last = String::new();
        for c in &self.onchain {
            let Ok((_, root)) = X509Certificate::from_der(&c.der) else {
                continue;
            };
            if trim_serial(root.raw_serial()) != serial || first_cn(root.subject()) != Some(cn) {
                continue;
            }
            same_serial += 1;
            match check_against(&leaf, &root, at) {
                Ok(()) => return Ok(()),
                Err(e) => last = e,
            }
        }
        if same_serial == 0 {
            return Err(format!(
                "the certificate of {cn} (serial {serial_text}) is not among the provider's valid on-chain certificates ({} known)",
                self.onchain.len()
            ));
        }
        Err(format!(
            "the certificate of {cn} (serial {serial_text}) does not verify against its on-chain certificate: {last}"
        ))
    }
}

/// The leaf against an on-chain certificate taken as the only root.
fn check_against(
    leaf: &X509Certificate<'_>,
    root: &X509Certificate<'_>,
    at: ASN1Time,
) -> Result<(), String> {
    if leaf.issuer().as_raw() != root.subject().as_raw() {
        return Err("its issuer is not the on-chain certificate's subject".into());
    }
    if leaf.signature_algorithm.algorithm.to_id_string() != ECDSA_SHA256 {
        return Err("it is not signed with ecdsa-with-SHA256".into());
    }
    let key = p256::ecdsa::VerifyingKey::from_public_key_der(root.public_key().raw)
        .map_err(|_| "the on-chain key is not ECDSA P-256".to_string())?;
    let sig = p256::ecdsa::Signature::from_der(&leaf.signature_value.data)
        .map_err(|_| "its signature is malformed".to_string())?;
    key.verify(leaf.tbs_certificate.as_ref(), &sig)
        .map_err(|_| "its signature does not verify with the on-chain key".to_string())?;
    if !leaf.validity().is_valid_at(at) {
        return Err(format!(
            "it is not valid now (valid {} to {})",
            leaf.validity().not_before,
            leaf.validity().not_after
        ));
    }
    if !root.validity().is_valid_at(at) {
        return Err("the on-chain certificate is not valid now".into());
    }
    if let Ok(Some(eku)) = leaf.extended_key_usage()
        && !(eku.value.server_auth || eku.value.any)
    {
        return Err("it is not meant for servers (no extKeyUsage serverAuth)".into());
    }
    Ok(())
}

fn first_cn<'a>(name: &'a x509_parser::x509::X509Name<'_>) -> Option<&'a str> {
    name.iter_common_name().next().and_then(|c| c.as_str().ok())
}

fn trim_serial(raw: &[u8]) -> &[u8] {
    let start = raw.iter().position(|b| *b != 0).unwrap_or(raw.len());
    &raw[start..]
}

/// A big-endian unsigned integer in decimal (serials may exceed 128 bits).
fn decimal(bytes: &[u8]) -> String {
    let mut digits: Vec<u8> = vec![0];
    for b in bytes {
        let mut carry = u32::from(*b);
        for d in digits.iter_mut() {
            let v = u32::from(*d) * 256 + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            digits.push((carry % 10) as u8);
            carry /= 10;
        }
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

impl ServerCertVerifier for ProviderVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let web = match &self.web {
            Some(w) => {
                match w.verify_server_cert(
                    end_entity,
                    intermediates,
                    server_name,
                    ocsp_response,
                    now,
                ) {
                    Ok(v) => return Ok(v),
                    Err(e) => format!("Web PKI refused the certificate ({e}); "),
                }
            }
            None => String::new(),
        };
        self.verify_onchain(end_entity, intermediates, now)
            .map(|()| ServerCertVerified::assertion())
            .map_err(|e| refuse(format!("{web}{e}")))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}

/// The rustls client configuration shared by the HTTPS client and the websockets: TLS 1.3 only
/// (§8.1), the [`ProviderVerifier`], no client certificate (auth is by JWT), no ALPN (HTTP/1.1,
/// which the websocket upgrade needs).
pub(crate) fn client_config(
    trust: &Trust,
    web_roots: &[CertificateDer<'static>],
) -> Result<Arc<ClientConfig>, String> {
    let verifier = Arc::new(ProviderVerifier::new(trust, web_roots)?);
    let cfg = ClientConfig::builder_with_provider(crypto())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| format!("TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(cfg))
}

/// The certificate refusal inside an error chain (reqwest, hyper, io, tungstenite), worded.
pub(crate) fn find_tls_error(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(rustls_message(r));
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
        {
            if let Some(r) = inner.downcast_ref::<rustls::Error>() {
                return Some(rustls_message(r));
            }
            if let Some(found) = find_tls_error(inner) {
                return Some(found);
            }
        }
        cur = err.source();
    }
    None
}

pub(crate) fn rustls_message(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(inner))) => {
            inner.to_string()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_in_decimal() {
        assert_eq!(decimal(&[]), "0");
        assert_eq!(decimal(&[1, 0]), "256");
        assert_eq!(decimal(&u128::MAX.to_be_bytes()), u128::MAX.to_string());
        assert_eq!(trim_serial(&[0, 0, 7]), &[7]);
    }
}
