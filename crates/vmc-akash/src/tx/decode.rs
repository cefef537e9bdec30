use prost::Message as _;
use vmc_akash_proto::TypeUrl;
use vmc_akash_proto::cosmos::{AuthInfo, PubKey, SignMode, TxBody, TxRaw};

use super::{Msg, TxError, sign_doc_bytes, tx_hash};
use crate::keys::{ACCOUNT_PREFIX, address_from_pubkey, verify_signature};

/// A TxRaw taken apart: raw byte strings (what was signed) and their decoded content.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedTx {
    pub body_bytes: Vec<u8>,
    pub auth_info_bytes: Vec<u8>,
    pub signatures: Vec<Vec<u8>>,
    pub body: TxBody,
    pub auth_info: AuthInfo,
    /// The body's messages; every type must be known to the registry.
    pub messages: Vec<Msg>,
    /// Upper-case hex SHA-256 of the TxRaw bytes.
    pub hash: String,
}

impl DecodedTx {
    /// Decode TxRaw bytes.
    pub fn from_bytes(tx_raw: &[u8]) -> Result<DecodedTx, TxError> {
        let raw = TxRaw::decode(tx_raw).map_err(|e| TxError::decode("TxRaw", e))?;
        let body =
            TxBody::decode(raw.body_bytes.as_slice()).map_err(|e| TxError::decode("TxBody", e))?;
        let auth_info = AuthInfo::decode(raw.auth_info_bytes.as_slice())
            .map_err(|e| TxError::decode("AuthInfo", e))?;
        let messages = body
            .messages
            .iter()
            .map(Msg::from_any)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DecodedTx {
            body_bytes: raw.body_bytes,
            auth_info_bytes: raw.auth_info_bytes,
            signatures: raw.signatures,
            body,
            auth_info,
            messages,
            hash: tx_hash(tx_raw),
        })
    }

    /// The compressed secp256k1 public keys of the signers, in order (`None` when absent).
    pub fn signer_pubkeys(&self) -> Result<Vec<Option<[u8; 33]>>, TxError> {
        self.auth_info
            .signer_infos
            .iter()
            .map(|si| match &si.public_key {
                None => Ok(None),
                Some(any) if any.type_url == PubKey::TYPE_URL => {
                    let pk = PubKey::decode(any.value.as_slice())
                        .map_err(|e| TxError::decode("PubKey", e))?;
                    let arr: [u8; 33] = pk.key.as_slice().try_into().map_err(|_| {
                        TxError::Invalid(format!(
                            "public key is {} bytes, expected 33",
                            pk.key.len()
                        ))
                    })?;
                    Ok(Some(arr))
                }
                Some(any) => Err(TxError::Invalid(format!(
                    "unsupported public key type `{}`",
                    any.type_url
                ))),
            })
            .collect()
    }

    /// The `akash1…` addresses of the signers.
    pub fn signer_addresses(&self) -> Result<Vec<String>, TxError> {
        self.signer_pubkeys()?
            .into_iter()
            .map(|pk| {
                let pk = pk.ok_or_else(|| TxError::Invalid("a signer has no public key".into()))?;
                Ok(address_from_pubkey(&pk, ACCOUNT_PREFIX)?)
            })
            .collect()
    }

    /// Verify a single-signer SIGN_MODE_DIRECT transaction against the chain id and the signer's
    /// account number (the signature covers the exact body/auth-info bytes received).
    pub fn verify(&self, chain_id: &str, account_number: u64) -> Result<(), TxError> {
        let pubkeys = self.signer_pubkeys()?;
        if pubkeys.len() != 1 || self.signatures.len() != 1 {
            return Err(TxError::Invalid(format!(
                "expected one signer and one signature, found {} and {}",
                pubkeys.len(),
                self.signatures.len()
            )));
        }
        let mode = self.auth_info.signer_infos[0]
            .mode_info
            .as_ref()
            .and_then(|m| m.single.as_ref())
            .map(|s| s.mode);
        if mode != Some(SignMode::Direct as i32) {
            return Err(TxError::Invalid(
                "only SIGN_MODE_DIRECT single signers are supported".into(),
            ));
        }
        let pk =
            pubkeys[0].ok_or_else(|| TxError::Invalid("the signer has no public key".into()))?;
        let doc = sign_doc_bytes(
            &self.body_bytes,
            &self.auth_info_bytes,
            chain_id,
            account_number,
        );
        verify_signature(&pk, &doc, &self.signatures[0])?;
        Ok(())
    }
}
