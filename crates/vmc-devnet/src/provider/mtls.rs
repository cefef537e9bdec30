//! Legacy mTLS identity (§8.4, `ValidatePeerCertificates`): exactly one certificate; subject CN
//! a valid address and equal to the issuer CN; a serial; the chain holds a **valid** certificate
//! for (CN, serial); the presented certificate's signature verifies with the on-chain public key;
//! within its validity at the devnet clock; extKeyUsage clientAuth.

use p256::pkcs8::DecodePublicKey;
use rustls_pki_types::CertificateDer;
use x509_parser::extensions::ParsedExtension;

use crate::cert::{BadSignature, common_name, verify_signature};
use crate::state::{CertState, ChainState};

/// The owner address of an accepted client certificate, or why it is refused.
pub fn identify(
    st: &ChainState,
    certs: &[CertificateDer<'_>],
    now_ms: i64,
) -> Result<String, String> {
    let [der] = certs else {
        return Err(format!(
            "expected one client certificate, got {}",
            certs.len()
        ));
    };
    let (_, x) =
        x509_parser::parse_x509_certificate(der).map_err(|e| format!("client certificate: {e}"))?;
    let cn = common_name(x.subject());
    if !crate::keys::valid_address(&cn) || cn != common_name(x.issuer()) {
        return Err("client certificate: CN is not an address, or issuer ≠ subject".into());
    }
    let serial = x.tbs_certificate.serial.to_string();
    if serial == "0" {
        return Err("client certificate: no serial".into());
    }
    let on_chain = st
        .certs
        .get(&format!("{cn}/{serial}"))
        .filter(|c| c.state == CertState::Valid)
        .ok_or_else(|| format!("no valid certificate {cn}/{serial} on chain"))?;
    let pk = pem::parse(&on_chain.pubkey).map_err(|e| format!("on-chain key: {e}"))?;
    let key = p256::PublicKey::from_public_key_der(pk.contents())
        .map_err(|e| format!("on-chain key: {e}"))?;
    verify_signature(&x, &key).map_err(|e| match e {
        BadSignature::Malformed(e) => format!("client certificate signature: {e}"),
        BadSignature::Mismatch => "client certificate is not signed by the on-chain key".into(),
    })?;
    let now_s = now_ms / 1000;
    let v = x.validity();
    if now_s < v.not_before.timestamp() || now_s > v.not_after.timestamp() {
        return Err("client certificate is outside its validity".into());
    }
    let client_auth = x.extensions().iter().any(|e| {
        matches!(e.parsed_extension(), ParsedExtension::ExtendedKeyUsage(k) if k.client_auth || k.any)
    });
    if !client_auth {
        return Err("client certificate lacks extKeyUsage clientAuth".into());
    }
    Ok(cn)
}
