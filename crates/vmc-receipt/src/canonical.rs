//! The canonical form (RFC 8785, JSON Canonicalization Scheme) and the SHA-256 digest.
//!
//! JCS writes every number as an IEEE-754 double, so an integer above 2^53 would be rounded
//! silently and two different amounts could hash alike. [`check_numbers`] therefore refuses
//! floats and integers whose absolute value exceeds 2^53 anywhere in a record: amounts, `dseq`
//! and other big values belong in receipts as strings.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::ReceiptError;

/// The largest integer JCS represents exactly (2^53).
pub const MAX_EXACT_INT: u64 = 1 << 53;

/// RFC 8785 canonical bytes of any serializable value.
pub fn canonical_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, ReceiptError> {
    serde_json_canonicalizer::to_vec(value).map_err(|e| ReceiptError::Canonical(e.to_string()))
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Refuses floats and integers beyond ±2^53 anywhere inside `value`; `path` names the root.
pub fn check_numbers(value: &Value, path: &str) -> Result<(), ReceiptError> {
    match value {
        Value::Number(n) => {
            let exact = if let Some(u) = n.as_u64() {
                u <= MAX_EXACT_INT
            } else if let Some(i) = n.as_i64() {
                i.unsigned_abs() <= MAX_EXACT_INT
            } else {
                return Err(ReceiptError::InexactNumber {
                    path: path.to_string(),
                    what: format!("the non-integer number {n}"),
                });
            };
            if exact {
                Ok(())
            } else {
                Err(ReceiptError::InexactNumber {
                    path: path.to_string(),
                    what: format!("the integer {n}, beyond 2^53"),
                })
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_numbers(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| check_numbers(v, &format!("{path}.{k}"))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_by_utf16_and_strips_whitespace() {
        // RFC 8785 §3.2.3: keys sort by UTF-16 code units, so "\u{1f600}" (surrogates 0xD83D…)
        // sorts before "\u{fb33}" although its code point is larger; "\r" (0x0D) before "1".
        let v = json!({"\u{fb33}": 1, "\u{1f600}": 2, "1": 3, "\r": 4});
        let s = String::from_utf8(canonical_bytes(&v).unwrap()).unwrap();
        assert_eq!(s, "{\"\\r\":4,\"1\":3,\"\u{1f600}\":2,\"\u{fb33}\":1}");
    }

    #[test]
    fn refuses_inexact_numbers() {
        assert!(check_numbers(&json!({"a": [1, -9007199254740992i64]}), "$").is_ok());
        let e = check_numbers(&json!({"a": [1, 9007199254740993u64]}), "$").unwrap_err();
        assert!(e.to_string().contains("$.a[1]"), "{e}");
        let e = check_numbers(&json!({"x": {"y": 1.5}}), "$").unwrap_err();
        assert!(e.to_string().contains("$.x.y"), "{e}");
        assert!(check_numbers(&json!({"x": -9007199254740993i64}), "$").is_err());
    }

    #[test]
    fn sha256_known_answer() {
        // FIPS 180-2 example "abc".
        assert_eq!(
            hex::encode(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
