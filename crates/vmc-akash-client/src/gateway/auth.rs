//! How the client authenticates to a provider (§8.4): nothing (public endpoints) or a JWT
//! bearer token held in memory. The token never appears in Debug output, errors or logs; the
//! `Authorization` header is marked sensitive.

use reqwest::header::HeaderValue;
use vmc_akash::jwt::Token;

/// Credentials for the owner-only endpoints.
#[derive(Clone, Default)]
pub enum GatewayAuth {
    /// Public endpoints only (`/version`, `/address`, `/status`).
    #[default]
    None,
    /// `Authorization: Bearer <token>` (make it with `vmc_akash::jwt::issue`).
    Jwt(Token),
}

impl std::fmt::Debug for GatewayAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GatewayAuth::None => f.write_str("None"),
            GatewayAuth::Jwt(_) => f.write_str("Jwt([REDACTED])"),
        }
    }
}

impl GatewayAuth {
    /// The `Authorization` header value (sensitive), if any.
    pub(crate) fn header(&self) -> Option<HeaderValue> {
        match self {
            GatewayAuth::None => None,
            GatewayAuth::Jwt(t) => vmc_http::BearerToken::new(t.expose()).header(),
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, GatewayAuth::None)
    }
}
