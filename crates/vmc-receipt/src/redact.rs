//! The redaction pass: secrets never reach a receipt.
//!
//! Before a record is hashed, every object key inside `request` and `response` whose name looks
//! like a secret (after lower-casing and dropping `-`, `_` and `.`, it contains `mnemonic`,
//! `privatekey`, `privkey`, `secret`, `token`, `password`, `passphrase`, `authorization`, `jwt`,
//! `apikey` or `seed`) has its value replaced by the string [`REDACTED`]. The shape of the
//! document stays, so a reader still sees that a token was sent, never which.

use serde_json::Value;

/// What a secret's value becomes.
pub const REDACTED: &str = "[redacted]";

const SECRET_WORDS: &[&str] = &[
    "mnemonic",
    "privatekey",
    "privkey",
    "secret",
    "token",
    "password",
    "passphrase",
    "authorization",
    "jwt",
    "apikey",
    "seed",
];

/// Whether a key names a secret.
pub fn is_secret_key(key: &str) -> bool {
    let norm: String = key
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_WORDS.iter().any(|w| norm.contains(w))
}

/// Replaces secret values in place; returns the paths it redacted (e.g. `$.headers.authorization`).
pub fn redact(value: &mut Value, path: &str) -> Vec<String> {
    let mut hits = Vec::new();
    walk(value, path, &mut hits);
    hits
}

fn walk(value: &mut Value, path: &str, hits: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let p = format!("{path}.{k}");
                if is_secret_key(k) {
                    if *v != Value::String(REDACTED.into()) && !v.is_null() {
                        *v = Value::String(REDACTED.into());
                        hits.push(p);
                    }
                } else {
                    walk(v, &p, hits);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, &format!("{path}[{i}]"), hits);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strips_secret_keys_at_any_depth() {
        let mut v = json!({
            "name": "web",
            "Authorization": "Bearer abc",
            "auth": {"api_token": "t0ps3cret", "user": "me"},
            "keys": [{"private-key": "00ff", "pub_key": "02aa"}],
            "wallet": {"Mnemonic": ["abandon"], "address": "akash1x"},
            "jwt": null,
        });
        let hits = redact(&mut v, "$");
        assert_eq!(
            v,
            json!({
                "name": "web",
                "Authorization": REDACTED,
                "auth": {"api_token": REDACTED, "user": "me"},
                "keys": [{"private-key": REDACTED, "pub_key": "02aa"}],
                "wallet": {"Mnemonic": REDACTED, "address": "akash1x"},
                "jwt": null,
            })
        );
        assert_eq!(hits.len(), 4, "{hits:?}");
        assert!(hits.contains(&"$.keys[0].private-key".to_string()));
        let text = v.to_string();
        assert!(!text.contains("t0ps3cret") && !text.contains("abandon") && !text.contains("00ff"));
    }

    #[test]
    fn leaves_ordinary_keys() {
        for k in ["name", "dseq", "pubkey", "public_key", "address", "owner"] {
            assert!(!is_secret_key(k), "{k}");
        }
        for k in ["HCLOUD_TOKEN", "passPhrase", "client-secret", "x-api-key"] {
            assert!(is_secret_key(k), "{k}");
        }
    }
}
