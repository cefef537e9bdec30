//! Provider authentication tokens: JWTs signed with the wallet key (`ES256K`, `ES256KADR36`).
//!
//! * `ES256K`: secp256k1 over SHA-256 of `<header>.<claims>` (RFC 6979, low-S, 64-byte r‖s).
//! * `ES256KADR36` (the TS SDK default): the same signature over the ADR-036 amino sign doc of a
//!   `sign/MsgSignData{signer: iss, data: base64("<header>.<claims>")}`.
//!
//! Header and claims are key-sorted compact JSON, base64url without padding. Verification uses
//! the exact text received (never re-serialized JSON).
//!
//! ```
//! use vmc_akash::keys::{Mnemonic, SigningKey};
//! use vmc_akash::jwt::{self, Alg, Leases};
//! let key = SigningKey::from_mnemonic(&Mnemonic::parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").unwrap(), 0).unwrap();
//! let claims = jwt::default_claims(&key.address(), 1_767_225_600, Leases::full());
//! let token = jwt::issue(&key, &claims, Alg::Es256kAdr36).unwrap();
//! assert_eq!(format!("{token}"), "[REDACTED token]");
//! let back = jwt::verify(token.expose(), &key.public_key_compressed(), 1_767_225_700).unwrap();
//! assert_eq!(back, claims);
//! ```

mod claims;

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Map, Value};
use thiserror::Error;
use zeroize::Zeroizing;

pub use claims::{Access, Claims, DeploymentPermission, Leases, Permission, Scope, VERSION};

use crate::keys::{ACCOUNT_PREFIX, KeyError, SigningKey, address_from_pubkey, verify_signature};

/// Default token lifetime: 15 minutes (what the Go provider client uses).
pub const DEFAULT_LIFETIME_SECS: i64 = 15 * 60;

/// Signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Es256k,
    Es256kAdr36,
}

impl Alg {
    pub fn as_str(self) -> &'static str {
        match self {
            Alg::Es256k => "ES256K",
            Alg::Es256kAdr36 => "ES256KADR36",
        }
    }
    fn parse(s: &str) -> Result<Alg, JwtError> {
        match s {
            "ES256K" => Ok(Alg::Es256k),
            "ES256KADR36" => Ok(Alg::Es256kAdr36),
            other => Err(JwtError::Format(format!(
                "unsupported alg `{other}` (ES256K or ES256KADR36)"
            ))),
        }
    }
}

/// Why a token could not be made or was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JwtError {
    #[error("malformed token: {0}")]
    Format(String),
    #[error("invalid claims: {0}")]
    Claims(String),
    #[error("bad signature: {0}")]
    Signature(#[from] KeyError),
    #[error("the token is not valid yet (nbf {nbf}, now {now})")]
    NotYetValid { nbf: i64, now: i64 },
    #[error("the token expired (exp {exp}, now {now})")]
    Expired { exp: i64, now: i64 },
    #[error("the token was issued by {iss}, but the key belongs to {address}")]
    IssuerMismatch { iss: String, address: String },
}

/// A signed token. Debug/Display redact; wiped on drop; kept in memory only.
#[derive(Clone)]
pub struct Token(Zeroizing<String>);

impl Token {
    /// The token text, for the `Authorization: Bearer …` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([REDACTED])")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED token]")
    }
}

/// Claims for `iss` valid from `now` for [`DEFAULT_LIFETIME_SECS`].
pub fn default_claims(iss: &str, now: i64, leases: Leases) -> Claims {
    Claims {
        iss: iss.to_string(),
        iat: now,
        nbf: now,
        exp: now + DEFAULT_LIFETIME_SECS,
        version: VERSION.to_string(),
        leases,
        jti: None,
    }
}

/// Sign a token. The claims are validated and `iss` must be the key's address.
pub fn issue(key: &SigningKey, claims: &Claims, alg: Alg) -> Result<Token, JwtError> {
    claims.validate()?;
    let address = key.address();
    if claims.iss != address {
        return Err(JwtError::IssuerMismatch {
            iss: claims.iss.clone(),
            address,
        });
    }
    let header = sorted_json(&serde_json::json!({"alg": alg.as_str(), "typ": "JWT"}));
    let body =
        sorted_json(&serde_json::to_value(claims).map_err(|e| JwtError::Claims(e.to_string()))?);
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(body)
    );
    let msg = match alg {
        Alg::Es256k => signing_input.as_bytes().to_vec(),
        Alg::Es256kAdr36 => adr36_sign_doc(&address, &signing_input).into_bytes(),
    };
    let sig = key.sign(&msg);
    Ok(Token(Zeroizing::new(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(sig)
    ))))
}

/// The ADR-036 amino JSON sign doc (sorted, compact) for `signer` and `data`.
pub fn adr36_sign_doc(signer: &str, data: &str) -> String {
    let v = serde_json::json!({
        "account_number": "0",
        "chain_id": "",
        "fee": {"amount": [], "gas": "0"},
        "memo": "",
        "msgs": [{"type": "sign/MsgSignData", "value": {"data": STANDARD.encode(data), "signer": signer}}],
        "sequence": "0",
    });
    sorted_json(&v)
}

/// Check only the signature (any claims). The ADR-036 signer is the key's address. Returns the
/// algorithm and the claims JSON.
pub fn verify_signature_only(token: &str, pubkey: &[u8; 33]) -> Result<(Alg, Value), JwtError> {
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Format(
            "expected three dot-separated parts".into(),
        ));
    };
    let header: Value = decode_part(h, "header")?;
    let alg = Alg::parse(
        header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    )?;
    let claims: Value = decode_part(c, "claims")?;
    let sig = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|e| JwtError::Format(format!("signature is not base64url: {e}")))?;
    let signing_input = &token[..h.len() + 1 + c.len()];
    let msg = match alg {
        Alg::Es256k => signing_input.as_bytes().to_vec(),
        Alg::Es256kAdr36 => {
            let address = address_from_pubkey(pubkey, ACCOUNT_PREFIX)?;
            adr36_sign_doc(&address, signing_input).into_bytes()
        }
    };
    verify_signature(pubkey, &msg, &sig)?;
    Ok((alg, claims))
}

/// Full verification: signature, schema, `iss` = the key's address, `nbf <= now < exp`.
pub fn verify(token: &str, pubkey: &[u8; 33], now: i64) -> Result<Claims, JwtError> {
    let (_, claims) = verify_signature_only(token, pubkey)?;
    let claims: Claims =
        serde_json::from_value(claims).map_err(|e| JwtError::Claims(e.to_string()))?;
    claims.validate()?;
    let address = address_from_pubkey(pubkey, ACCOUNT_PREFIX)?;
    if claims.iss != address {
        return Err(JwtError::IssuerMismatch {
            iss: claims.iss,
            address,
        });
    }
    if now < claims.nbf {
        return Err(JwtError::NotYetValid {
            nbf: claims.nbf,
            now,
        });
    }
    if now >= claims.exp {
        return Err(JwtError::Expired {
            exp: claims.exp,
            now,
        });
    }
    Ok(claims)
}

fn decode_part(p: &str, what: &str) -> Result<Value, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(p)
        .map_err(|e| JwtError::Format(format!("{what} is not base64url: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| JwtError::Format(format!("{what} is not JSON: {e}")))
}

/// Compact JSON with object keys sorted (json-stable-stringify).
fn sorted_json(v: &Value) -> String {
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut out = Map::new();
                for k in keys {
                    out.insert(k.clone(), sort(&m[k]));
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sort(v)).unwrap_or_default()
}
