//! The gateway's TLS: TLS 1.3 only, the provider's on-chain certificate, and a client
//! certificate requested but not required. At the handshake any syntactically valid self-signed
//! ECDSA certificate is accepted (it proves possession of its key); whether the chain knows it is
//! checked per request ([`super::mtls`]).

use std::sync::Arc;

use rustls::DistinguishedName;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, Error, ServerConfig, SignatureScheme};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};

use super::cert::ServerCert;

/// The rustls server configuration of one gateway.
pub fn server_config(cert: &ServerCert) -> Result<Arc<ServerConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(AnySelfSigned {
        algs: provider.signature_verification_algorithms,
    });
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_der.clone()));
    let mut cfg = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| format!("TLS: {e}"))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![CertificateDer::from(cert.cert_der.clone())], key)
        .map_err(|e| format!("TLS: {e}"))?;
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(cfg))
}

/// Accepts a client certificate that parses and verifies with its own key.
#[derive(Debug)]
struct AnySelfSigned {
    algs: WebPkiSupportedAlgorithms,
}

/// True when `der` is an X.509 certificate whose issuer is its subject and whose signature
/// verifies with its own P-256 key.
pub fn self_signed(der: &[u8]) -> bool {
    use p256::pkcs8::DecodePublicKey;
    let Ok((_, x)) = x509_parser::parse_x509_certificate(der) else {
        return false;
    };
    if x.issuer().as_raw() != x.subject().as_raw() {
        return false;
    }
    let Ok(key) = p256::PublicKey::from_public_key_der(x.tbs_certificate.subject_pki.raw) else {
        return false;
    };
    crate::cert::verify_signature(&x, &key).is_ok()
}

impl ClientCertVerifier for AnySelfSigned {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        if !intermediates.is_empty() || !self_signed(end_entity) {
            return Err(Error::InvalidCertificate(
                rustls::CertificateError::BadEncoding,
            ));
        }
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}
