//! OpenSSH public keys: a light syntax check and the MD5 fingerprint Hetzner shows
//! (`b7:2f:30:…`, 16 colon-separated hex bytes of the MD5 of the key blob).

use base64::Engine;
use md5::{Digest, Md5};

const TYPES: &[&str] = &[
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// The fingerprint of an `authorized_keys`-style line, or why it is not a public key.
pub fn fingerprint(public_key: &str) -> Result<String, String> {
    let mut parts = public_key.split_whitespace();
    let (Some(kind), Some(b64)) = (parts.next(), parts.next()) else {
        return Err("expected `<type> <base64> [comment]`".into());
    };
    if !TYPES.contains(&kind) {
        return Err(format!("unsupported key type `{kind}`"));
    }
    let blob = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| "the key data is not base64".to_string())?;
    // The blob starts with the length-prefixed key type.
    let named = blob
        .get(..4)
        .map(|l| u32::from_be_bytes([l[0], l[1], l[2], l[3]]) as usize)
        .and_then(|n| blob.get(4..4 + n))
        .is_some_and(|t| t == kind.as_bytes());
    if !named {
        return Err(format!("the key data does not hold a `{kind}` key"));
    }
    let digest = Md5::digest(&blob);
    Ok(digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ed25519 key blob: "ssh-ed25519" + 32 bytes.
    pub(crate) fn key(byte: u8) -> String {
        let mut blob = Vec::new();
        blob.extend_from_slice(&11u32.to_be_bytes());
        blob.extend_from_slice(b"ssh-ed25519");
        blob.extend_from_slice(&32u32.to_be_bytes());
        blob.extend_from_slice(&[byte; 32]);
        format!(
            "ssh-ed25519 {} me@host",
            base64::engine::general_purpose::STANDARD.encode(blob)
        )
    }

    #[test]
    fn fingerprint_is_md5_colon_hex() {
        let fp = fingerprint(&key(1)).unwrap();
        assert_eq!(fp.len(), 47);
        assert_eq!(fp.matches(':').count(), 15);
        assert_ne!(fp, fingerprint(&key(2)).unwrap());
        assert_eq!(fp, fingerprint(&key(1).replace(" me@host", "")).unwrap());
    }

    #[test]
    fn garbage_is_refused() {
        assert!(fingerprint("hello").is_err());
        assert!(fingerprint("ssh-dss AAAA").is_err());
        assert!(fingerprint("ssh-ed25519 !!!").is_err());
        assert!(fingerprint(&key(1).replace("ssh-ed25519 ", "ssh-rsa ")).is_err());
    }
}
