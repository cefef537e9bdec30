use bech32::{Bech32, Hrp};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

use super::KeyError;

/// The bech32 prefix of Akash account addresses.
pub const ACCOUNT_PREFIX: &str = "akash";

/// RIPEMD160(SHA256(compressed pubkey)): the 20 address bytes.
pub fn address_bytes_from_pubkey(pubkey: &[u8; 33]) -> [u8; 20] {
    let sha = Sha256::digest(pubkey);
    Ripemd160::digest(sha).into()
}

/// bech32(prefix, RIPEMD160(SHA256(pubkey))), e.g. `akash1…`.
pub fn address_from_pubkey(pubkey: &[u8; 33], prefix: &str) -> Result<String, KeyError> {
    let hrp = Hrp::parse(prefix).map_err(|e| KeyError::InvalidAddress {
        address: prefix.to_string(),
        reason: format!("bad prefix: {e}"),
    })?;
    bech32::encode::<Bech32>(hrp, &address_bytes_from_pubkey(pubkey)).map_err(|e| {
        KeyError::InvalidAddress {
            address: prefix.to_string(),
            reason: e.to_string(),
        }
    })
}

/// Decode a bech32 address into (prefix, bytes). Checks the checksum and a 20- or 32-byte payload.
pub fn decode_address(address: &str) -> Result<(String, Vec<u8>), KeyError> {
    let err = |reason: String| KeyError::InvalidAddress {
        address: address.to_string(),
        reason,
    };
    let (hrp, data) = bech32::decode(address).map_err(|e| err(e.to_string()))?;
    if address.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(err("addresses are lower case".into()));
    }
    if data.len() != 20 && data.len() != 32 {
        return Err(err(format!(
            "payload is {} bytes, expected 20 or 32",
            data.len()
        )));
    }
    Ok((hrp.to_string(), data))
}

/// Check that `address` is a valid bech32 address with the given prefix.
pub fn validate_address(address: &str, prefix: &str) -> Result<(), KeyError> {
    let (hrp, _) = decode_address(address)?;
    if hrp != prefix {
        return Err(KeyError::InvalidAddress {
            address: address.to_string(),
            reason: format!("prefix is `{hrp}`, expected `{prefix}`"),
        });
    }
    Ok(())
}
