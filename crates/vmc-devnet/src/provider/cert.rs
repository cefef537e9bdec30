//! A provider's server certificate (§8.4): ECDSA P-256, self-signed, CN = provider address
//! (plus the Akash auth-version RDN), SAN 127.0.0.1 and `localhost`, extKeyUsage serverAuth +
//! clientAuth, CA:FALSE. The key derives from the devnet seed and the provider name; the
//! certificate is published in the chain state as a valid certificate of the provider, and found
//! there again after a restart. It is signed with deterministic ECDSA (RFC 6979), so the same
//! seed, provider and clock give the same certificate bytes.

use p256::pkcs8::{EncodePrivateKey, EncodePublicKey};
use rcgen::{
    CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, SanType, SerialNumber,
};
use sha2::{Digest, Sha256};

use crate::state::{Cert, CertState, ChainState};

/// The server identity of one gateway.
pub struct ServerCert {
    pub cert_der: Vec<u8>,
    /// PKCS#8 DER of the P-256 key.
    pub key_der: Vec<u8>,
    pub serial: String,
}

impl std::fmt::Debug for ServerCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerCert")
            .field("serial", &self.serial)
            .finish_non_exhaustive()
    }
}

/// The provider's TLS key: P-256, derived from the seed and the provider name.
pub fn provider_key(seed: u64, name: &str) -> p256::SecretKey {
    let mut counter = 0u32;
    loop {
        let mut h = Sha256::new();
        h.update(b"vmc-devnet/provider-tls");
        h.update(seed.to_be_bytes());
        h.update(name.as_bytes());
        h.update(counter.to_be_bytes());
        if let Ok(k) = p256::SecretKey::from_slice(&h.finalize()) {
            return k;
        }
        counter += 1;
    }
}

fn pem_text(tag: &str, der: &[u8]) -> Vec<u8> {
    pem::encode(&pem::Pem::new(tag, der.to_vec())).into_bytes()
}

/// The provider's published certificate (valid, with this key), or a new one published now.
/// `now_ms` is the real time (TLS clients check validity against it).
pub fn ensure(
    st: &mut ChainState,
    address: &str,
    name: &str,
    now_ms: i64,
) -> Result<ServerCert, String> {
    let key = provider_key(st.seed, name);
    let key_der = key
        .to_pkcs8_der()
        .map_err(|e| format!("provider key: {e}"))?
        .as_bytes()
        .to_vec();
    let spki = key
        .public_key()
        .to_public_key_der()
        .map_err(|e| format!("provider key: {e}"))?
        .as_bytes()
        .to_vec();
    let published = st.certs.values().find(|c| {
        c.owner == address
            && c.state == CertState::Valid
            && pem::parse(&c.pubkey).is_ok_and(|p| p.contents() == spki)
    });
    if let Some(c) = published {
        let der = pem::parse(&c.cert)
            .map_err(|e| format!("stored certificate: {e}"))?
            .contents()
            .to_vec();
        return Ok(ServerCert {
            cert_der: der,
            key_der,
            serial: c.serial.clone(),
        });
    }
    let start_ms = now_ms.min(st.genesis_ms) - 86_400_000;
    let micros = u64::try_from(start_ms).unwrap_or(0) * 1000;
    // Distinct serials for several providers created in the same run.
    let serial = micros + st.certs.len() as u64;
    let cert_der = make(address, &key_der, serial, start_ms)?;
    let cert_pem = pem_text("CERTIFICATE", &cert_der);
    let pubkey_pem = pem_text("EC PUBLIC KEY", &spki);
    // The same check MsgCreateCertificate applies.
    let parsed = crate::cert::parse(address, &cert_pem, &pubkey_pem)
        .map_err(|e| format!("provider certificate: {}", e.log))?;
    st.certs.insert(
        format!("{address}/{}", parsed.serial),
        Cert {
            owner: address.to_string(),
            serial: parsed.serial.clone(),
            state: CertState::Valid,
            cert: cert_pem,
            pubkey: pubkey_pem,
        },
    );
    Ok(ServerCert {
        cert_der,
        key_der,
        serial: parsed.serial,
    })
}

/// rcgen signs through this: p256's RFC 6979 ECDSA (ring's would draw a random nonce).
struct Rfc6979Key {
    key: p256::ecdsa::SigningKey,
    /// Uncompressed SEC1 point, as rcgen wants it.
    public: Vec<u8>,
}

impl rcgen::RemoteKeyPair for Rfc6979Key {
    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        use p256::ecdsa::signature::Signer;
        let sig: p256::ecdsa::Signature = self.key.sign(msg);
        Ok(sig.to_der().as_bytes().to_vec())
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

fn make(address: &str, key_der: &[u8], serial: u64, start_ms: i64) -> Result<Vec<u8>, String> {
    use p256::pkcs8::DecodePrivateKey;
    let err = |e: rcgen::Error| format!("provider certificate: {e}");
    let signing = p256::ecdsa::SigningKey::from_pkcs8_der(key_der)
        .map_err(|e| format!("provider key: {e}"))?;
    let public = signing
        .verifying_key()
        .to_encoded_point(false)
        .as_bytes()
        .to_vec();
    let key = KeyPair::from_remote(Box::new(Rfc6979Key {
        key: signing,
        public,
    }))
    .map_err(err)?;
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).map_err(err)?;
    params
        .subject_alt_names
        .push(SanType::IpAddress(std::net::Ipv4Addr::LOCALHOST.into()));
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, address);
    dn.push(DnType::CustomDnType(vec![2, 23, 133, 2, 6]), "v0.0.1");
    params.distinguished_name = dn;
    params.serial_number = Some(SerialNumber::from(serial));
    let start = time::OffsetDateTime::from_unix_timestamp(start_ms / 1000)
        .map_err(|e| format!("provider certificate: {e}"))?;
    params.not_before = start;
    params.not_after = start + time::Duration::days(3650);
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::DataEncipherment,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    Ok(params.self_signed(&key).map_err(err)?.der().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_once_and_found_again() {
        let mut st = crate::Genesis::default_embedded().build(3).unwrap();
        let (addr, name) = st
            .providers
            .values()
            .next()
            .map(|p| (p.owner.clone(), p.name.clone()))
            .unwrap();
        let at = st.genesis_ms;
        let a = ensure(&mut st, &addr, &name, at).unwrap();
        assert_eq!(st.certs.len(), 1);
        let b = ensure(&mut st, &addr, &name, at).unwrap();
        assert_eq!(
            st.certs.len(),
            1,
            "a restart reuses the published certificate"
        );
        assert_eq!(a.cert_der, b.cert_der);
        assert_eq!(a.key_der, b.key_der);
        let (_, x) = x509_parser::parse_x509_certificate(&a.cert_der).unwrap();
        let cn = x.subject().iter_common_name().next().unwrap();
        assert_eq!(cn.as_str().unwrap(), addr);
        // A fresh chain with the same seed and clock makes the very same certificate.
        let mut again = crate::Genesis::default_embedded().build(3).unwrap();
        again.genesis_ms = at;
        let c = ensure(&mut again, &addr, &name, at).unwrap();
        assert_eq!(a.cert_der, c.cert_der, "deterministic given seed and clock");
        assert_eq!(
            serde_json::to_string(&st.certs).unwrap(),
            serde_json::to_string(&again.certs).unwrap()
        );
    }
}
