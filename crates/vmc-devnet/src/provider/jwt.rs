//! Provider-side JWT verification (§8.4, AEP-64), written from the notes, not from vmc's client:
//! `ES256K` (secp256k1 over SHA-256 of `<header>.<payload>`) and `ES256KADR36` (over SHA-256 of
//! the ADR-036 amino sign doc whose data is that text), both 64-byte r‖s, low-S. The signature
//! is checked over the exact text received, with the issuer's **on-chain** public key; then the
//! time claims against the devnet clock and the claims schema (`version` v1, `leases`).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::Deserialize;
use serde_json::Value;

use crate::state::ChainState;

/// Why a token is refused (the provider's messages).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("JWT is invalid")]
    Invalid,
    #[error("JWT is expired")]
    Expired,
    #[error("JWT has invalid claims")]
    Claims,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Es256k,
    Es256kAdr36,
}

/// `leases.access` and what comes with it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leases {
    pub access: String,
    #[serde(default)]
    pub scope: Option<Vec<String>>,
    #[serde(default)]
    pub permissions: Option<Vec<Permission>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    pub provider: String,
    pub access: String,
    #[serde(default)]
    pub scope: Option<Vec<String>>,
    #[serde(default)]
    pub deployments: Option<Vec<DeploymentPermission>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentPermission {
    pub scope: Vec<String>,
    pub dseq: u64,
    #[serde(default)]
    pub gseq: Option<u32>,
    #[serde(default)]
    pub oseq: Option<u32>,
    #[serde(default)]
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    pub iss: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub version: String,
    pub leases: Leases,
    #[serde(default)]
    pub jti: Option<String>,
}

/// The scope names of the schema.
pub const SCOPES: [&str; 10] = [
    "send-manifest",
    "get-manifest",
    "logs",
    "shell",
    "events",
    "status",
    "restart",
    "hostname-migrate",
    "ip-migrate",
    "attestation",
];

fn decode_json(part: &str) -> Result<Value, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Invalid)?;
    serde_json::from_slice(&bytes).map_err(|_| JwtError::Invalid)
}

/// The ADR-036 amino sign doc (sorted keys, compact) of `data` signed by `signer`.
pub fn adr36_doc(signer: &str, data: &[u8]) -> String {
    format!(
        r#"{{"account_number":"0","chain_id":"","fee":{{"amount":[],"gas":"0"}},"memo":"","msgs":[{{"type":"sign/MsgSignData","value":{{"data":"{}","signer":"{}"}}}}],"sequence":"0"}}"#,
        STANDARD.encode(data),
        signer
    )
}

/// Checks the signature of `token` with `pubkey33`; returns the algorithm and the claims as
/// JSON (not yet validated).
pub fn verify_signature(token: &str, pubkey33: &[u8]) -> Result<(Alg, Value), JwtError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Invalid);
    };
    let header = decode_json(h)?;
    let alg = match header.get("alg").and_then(Value::as_str) {
        Some("ES256K") => Alg::Es256k,
        Some("ES256KADR36") => Alg::Es256kAdr36,
        _ => return Err(JwtError::Invalid),
    };
    if header.get("typ").is_some_and(|t| t != "JWT") {
        return Err(JwtError::Invalid);
    }
    let claims = decode_json(p)?;
    let sig = URL_SAFE_NO_PAD.decode(s).map_err(|_| JwtError::Invalid)?;
    if sig.len() != 64 {
        return Err(JwtError::Invalid);
    }
    let signing_input = &token[..h.len() + 1 + p.len()];
    let ok = match alg {
        Alg::Es256k => crate::keys::verify(pubkey33, signing_input.as_bytes(), &sig),
        Alg::Es256kAdr36 => {
            let signer = crate::keys::address_of(pubkey33);
            let doc = adr36_doc(&signer, signing_input.as_bytes());
            crate::keys::verify(pubkey33, doc.as_bytes(), &sig)
        }
    };
    if !ok {
        return Err(JwtError::Invalid);
    }
    Ok((alg, claims))
}

/// Full verification as the provider does it: issuer's on-chain key, signature, time claims
/// (`now_s`: devnet clock, Unix seconds), claims schema.
pub fn verify(st: &ChainState, token: &str, now_s: i64) -> Result<Claims, JwtError> {
    let payload = token.split('.').nth(1).ok_or(JwtError::Invalid)?;
    let unverified = decode_json(payload)?;
    let iss = unverified
        .get("iss")
        .and_then(Value::as_str)
        .ok_or(JwtError::Invalid)?;
    let pubkey = st
        .accounts
        .get(iss)
        .and_then(|a| a.pubkey.clone())
        .ok_or(JwtError::Invalid)?;
    let (_, claims) = verify_signature(token, &pubkey)?;
    let num = |k: &str| claims.get(k).and_then(Value::as_i64);
    if num("exp").is_some_and(|exp| now_s >= exp) {
        return Err(JwtError::Expired);
    }
    if num("nbf").is_some_and(|nbf| now_s < nbf) || num("iat").is_some_and(|iat| now_s < iat) {
        return Err(JwtError::Invalid);
    }
    let c: Claims = serde_json::from_value(claims).map_err(|_| JwtError::Claims)?;
    if c.version != "v1" || c.iss != iss || !valid_leases(&c.leases) {
        return Err(JwtError::Claims);
    }
    Ok(c)
}

fn valid_scope(s: &Option<Vec<String>>) -> bool {
    match s {
        Some(list) if !list.is_empty() => {
            let mut seen = std::collections::BTreeSet::new();
            list.iter()
                .all(|x| SCOPES.contains(&x.as_str()) && seen.insert(x.as_str()))
        }
        _ => false,
    }
}

fn valid_leases(l: &Leases) -> bool {
    match l.access.as_str() {
        "full" => l.scope.is_none() && l.permissions.is_none(),
        "scoped" => l.permissions.is_none() && valid_scope(&l.scope),
        "granular" => {
            let Some(perms) = &l.permissions else {
                return false;
            };
            let mut providers = std::collections::BTreeSet::new();
            l.scope.is_none()
                && !perms.is_empty()
                && perms.iter().all(|p| {
                    providers.insert(p.provider.as_str())
                        && crate::keys::valid_address(&p.provider)
                        && match p.access.as_str() {
                            "full" => p.scope.is_none() && p.deployments.is_none(),
                            "scoped" => p.deployments.is_none() && valid_scope(&p.scope),
                            "granular" => {
                                p.scope.is_none()
                                    && p.deployments.as_ref().is_some_and(|d| {
                                        !d.is_empty()
                                            && d.iter().all(|d| valid_scope(&Some(d.scope.clone())))
                                    })
                            }
                            _ => false,
                        }
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es256k_round_trip_and_tampering() {
        let key = crate::keys::seeded_key(1, "jwt");
        let pk = crate::keys::pubkey33(&key);
        let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES256K","typ":"JWT"}"#);
        let p = URL_SAFE_NO_PAD.encode(br#"{"iss":"x"}"#);
        let input = format!("{h}.{p}");
        let sig = crate::keys::sign(&key, input.as_bytes());
        let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&sig));
        assert_eq!(verify_signature(&token, &pk).unwrap().0, Alg::Es256k);
        let other = URL_SAFE_NO_PAD.encode(br#"{"iss":"y"}"#);
        let forged = format!("{h}.{other}.{}", URL_SAFE_NO_PAD.encode(&sig));
        assert_eq!(verify_signature(&forged, &pk), Err(JwtError::Invalid));
    }
}
