//! Who is asking (§8.4): exactly one of a JWT bearer token or an mTLS client certificate (both →
//! 400), checked against the chain; then per-endpoint scope checks. Auth errors are JSON
//! `{"message": …}` with 400/401 as the provider answers them. Tokens are never logged.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Gw;
use super::jwt::{self, Claims};
use super::server::PeerCerts;

/// What an authenticated identity may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// mTLS, or a JWT with `access: full`.
    Full,
    Token(Box<Claims>),
}

/// The authenticated lease owner.
#[derive(Debug, Clone)]
pub struct Identity {
    pub owner: String,
    pub access: Access,
}

/// What a request touches, for the scope check.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub scope: &'static str,
    pub dseq: u64,
    pub gseq: Option<u32>,
    pub oseq: Option<u32>,
    /// The services the request names (none = the whole lease).
    pub services: &'a [String],
}

pub fn auth_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"message": message}))).into_response()
}

fn unauthorized() -> Response {
    auth_error(StatusCode::UNAUTHORIZED, "unauthorized access")
}

impl Identity {
    /// Whether this identity may do `t` on provider `provider`.
    pub fn allows(&self, provider: &str, t: Target<'_>) -> bool {
        let claims = match &self.access {
            Access::Full => return true,
            Access::Token(c) => c,
        };
        let has =
            |s: &Option<Vec<String>>| s.as_ref().is_some_and(|l| l.iter().any(|x| x == t.scope));
        let l = &claims.leases;
        match l.access.as_str() {
            "full" => true,
            "scoped" => has(&l.scope),
            "granular" => l.permissions.iter().flatten().any(|p| {
                p.provider == provider
                    && match p.access.as_str() {
                        "full" => true,
                        "scoped" => has(&p.scope),
                        "granular" => p.deployments.iter().flatten().any(|d| {
                            d.dseq == t.dseq
                                && d.gseq.is_none_or(|g| t.gseq.is_none_or(|x| x == g))
                                && d.oseq.is_none_or(|o| t.oseq.is_none_or(|x| x == o))
                                && d.scope.iter().any(|s| s == t.scope)
                                && (d.services.is_empty()
                                    || t.services.iter().all(|s| d.services.contains(s)))
                        }),
                        _ => false,
                    }
            }),
            _ => false,
        }
    }

    /// A 401 answer unless [`Identity::allows`].
    pub fn deny(&self, provider: &str, t: Target<'_>) -> Option<Response> {
        (!self.allows(provider, t)).then(unauthorized)
    }
}

impl FromRequestParts<Gw> for Identity {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, gw: &Gw) -> Result<Self, Response> {
        let bearer = parts.headers.get(axum::http::header::AUTHORIZATION);
        let peer = parts.extensions.get::<PeerCerts>();
        match (bearer, peer) {
            (Some(_), Some(_)) => Err(auth_error(
                StatusCode::BAD_REQUEST,
                "auth: ambiguous authentication. may not use mTLS and JWT at the same time",
            )),
            (None, None) => Err(unauthorized()),
            (Some(h), None) => {
                let token = h
                    .to_str()
                    .ok()
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| {
                        auth_error(StatusCode::BAD_REQUEST, "invalid authorization header")
                    })?;
                let chain = gw.app.lock();
                let now_s = chain.clock.now_ms().div_euclid(1000);
                let claims = jwt::verify(&chain.st, token, now_s)
                    .map_err(|e| auth_error(StatusCode::UNAUTHORIZED, &e.to_string()))?;
                Ok(Identity {
                    owner: claims.iss.clone(),
                    access: Access::Token(Box::new(claims)),
                })
            }
            (None, Some(certs)) => {
                let chain = gw.app.lock();
                let now_ms = chain.clock.now_ms();
                let owner = super::mtls::identify(&chain.st, &certs.0, now_ms).map_err(|e| {
                    tracing::debug!("gateway {}: mTLS refused: {e}", gw.name);
                    unauthorized()
                })?;
                Ok(Identity {
                    owner,
                    access: Access::Full,
                })
            }
        }
    }
}
