//! Secrets that never print themselves, and URLs shown without credentials.

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// An API bearer token. `Debug` and `Display` print `***`; the memory is zeroized on drop.
#[derive(Clone)]
pub struct BearerToken(SecretString);

impl BearerToken {
    pub fn new(token: impl Into<String>) -> Self {
        BearerToken(SecretString::from(token.into()))
    }

    /// The `Authorization: Bearer …` header value, marked sensitive (hidden from reqwest's and
    /// hyper's debug output).
    pub fn header(&self) -> Option<HeaderValue> {
        let text = Zeroizing::new(format!("Bearer {}", self.0.expose_secret()));
        let mut v = HeaderValue::from_str(&text).ok()?;
        v.set_sensitive(true);
        Some(v)
    }

    /// The token itself, for storing it in an encrypted keystore.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_empty(&self) -> bool {
        self.0.expose_secret().is_empty()
    }
}

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken(***)")
    }
}

impl std::fmt::Display for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Query parameters whose values are hidden by [`url`].
const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "key",
    "api_key",
    "apikey",
    "secret",
    "password",
    "signature",
    "sig",
    "auth",
];

/// A URL for messages and logs: user info dropped, secret-looking query values replaced by `***`.
pub fn url(u: &url::Url) -> String {
    let mut u = u.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    if u.query().is_some() {
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let hide = SECRET_PARAMS.iter().any(|s| k.eq_ignore_ascii_case(s));
                (
                    k.into_owned(),
                    if hide { "***".into() } else { v.into_owned() },
                )
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    u.to_string().replace("%2A%2A%2A", "***")
}

/// Like [`url`] for a string that may not parse; unparsable input is shown only up to `?`.
pub fn url_str(s: &str) -> String {
    match url::Url::parse(s) {
        Ok(u) => url(&u),
        Err(_) => s.split('?').next().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_never_prints() {
        let t = BearerToken::new("s3cr3t-token");
        assert_eq!(format!("{t}"), "***");
        assert!(!format!("{t:?}").contains("s3cr3t"));
        let h = t.header().unwrap();
        assert!(h.is_sensitive());
        assert!(!format!("{h:?}").contains("s3cr3t"));
        assert_eq!(h.to_str().unwrap(), "Bearer s3cr3t-token");
    }

    #[test]
    fn url_hides_credentials() {
        let u = url::Url::parse("http://a:b@h:1/p?page=1&Token=x&api_key=y").unwrap();
        let s = url(&u);
        assert_eq!(s, "http://h:1/p?page=1&Token=***&api_key=***");
        assert_eq!(url_str("not a url?token=x"), "not a url");
    }
}
