//! Entry names: they become file names, so only a safe alphabet is allowed.

use crate::error::KeystoreError;

/// Longest accepted name.
pub const MAX_NAME_LEN: usize = 64;

/// Checks an entry name: 1–64 ASCII letters, digits, `.`, `_`, `-`, starting with a letter or
/// digit (so no hidden files, no `..`, no path separators).
pub fn validate_name(name: &str) -> Result<(), KeystoreError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(KeystoreError::InvalidName(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_names_and_rejects_paths() {
        for good in ["ops", "dev-1", "a.b_c", "X9"] {
            assert!(validate_name(good).is_ok(), "{good}");
        }
        let long = "a".repeat(65);
        for bad in [
            "",
            ".hidden",
            "../x",
            "a/b",
            "a b",
            "-x",
            long.as_str(),
            "é",
        ] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
    }
}
