//! Transactions (SIGN_MODE_DIRECT): build → sign → TxRaw bytes → hash; decode and verify.
//!
//! ```
//! use vmc_akash::keys::{Mnemonic, SigningKey};
//! use vmc_akash::tx::{Msg, SignerData, TxDraft, fee};
//! use vmc_akash_proto::{cosmos::{Coin, MsgSend}};
//! let key = SigningKey::from_mnemonic(&Mnemonic::parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").unwrap(), 0).unwrap();
//! let draft = TxDraft {
//!     messages: vec![Msg::Send(MsgSend {
//!         from_address: key.address(),
//!         to_address: "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf".into(),
//!         amount: vec![Coin { denom: "uakt".into(), amount: "1000000".into() }],
//!     })],
//!     memo: "vmc".into(),
//!     timeout_height: 0,
//!     fee: fee(5000, 200_000),
//! };
//! let signed = draft.sign(&key, &SignerData { chain_id: "akashnet-2".into(), account_number: 42, sequence: 7 }).unwrap();
//! let decoded = vmc_akash::tx::DecodedTx::from_bytes(&signed.tx_raw).unwrap();
//! decoded.verify("akashnet-2", 42).unwrap();
//! assert_eq!(decoded.messages, draft.messages);
//! ```

mod decode;
mod error;
mod json;
pub mod registry;

use prost::Message as _;
use sha2::{Digest, Sha256};
use vmc_akash_proto::TypeUrl;
use vmc_akash_proto::cosmos::{
    Any, AuthInfo, Coin, Fee, ModeInfo, ModeInfoSingle, PubKey, SignDoc, SignMode, SignerInfo,
    TxBody, TxRaw,
};

use crate::keys::SigningKey;
pub use decode::DecodedTx;
pub use error::TxError;
pub use json::{from_base64, to_base64, tx_raw_from_json};
pub use registry::{Msg, known_type_urls};

/// The denom fees are paid in.
pub const FEE_DENOM: &str = "uakt";
/// The safe default gas price (uakt per gas unit), as the Go and TS clients use.
pub const DEFAULT_GAS_PRICE: &str = "0.025";

/// What to sign: messages, memo, timeout and fee.
#[derive(Debug, Clone, PartialEq)]
pub struct TxDraft {
    pub messages: Vec<Msg>,
    pub memo: String,
    pub timeout_height: u64,
    pub fee: Fee,
}

/// Chain id, account number and sequence of the signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerData {
    pub chain_id: String,
    pub account_number: u64,
    pub sequence: u64,
}

/// A signed transaction: every byte string the chain sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTx {
    pub body_bytes: Vec<u8>,
    pub auth_info_bytes: Vec<u8>,
    pub sign_doc_bytes: Vec<u8>,
    pub signature: [u8; 64],
    /// `TxRaw{body_bytes, auth_info_bytes, [signature]}`: what is broadcast.
    pub tx_raw: Vec<u8>,
}

impl SignedTx {
    /// Upper-case hex SHA-256 of the TxRaw bytes (the chain's tx hash).
    pub fn hash(&self) -> String {
        tx_hash(&self.tx_raw)
    }
}

/// A fee of `amount` uakt with a gas limit.
pub fn fee(amount_uakt: u128, gas_limit: u64) -> Fee {
    Fee {
        amount: vec![Coin {
            denom: FEE_DENOM.into(),
            amount: amount_uakt.to_string(),
        }],
        gas_limit,
        payer: String::new(),
        granter: String::new(),
    }
}

/// The fee for `gas_limit` at a decimal gas price in uakt (`"0.025"`), rounded up.
pub fn fee_for_gas(gas_limit: u64, gas_price: &str) -> Result<Fee, TxError> {
    let atomics: u128 = vmc_akash_proto::legacy_dec::decimal_to_atomics(gas_price)
        .map_err(|e| TxError::Invalid(format!("gas price: {e}")))?
        .parse()
        .map_err(|_| TxError::Invalid(format!("gas price `{gas_price}` must not be negative")))?;
    let scale = 10u128.pow(18);
    let total = (gas_limit as u128)
        .checked_mul(atomics)
        .ok_or_else(|| TxError::Invalid("fee overflows".into()))?;
    Ok(fee(total.div_ceil(scale), gas_limit))
}

/// Gas limit from a simulated gas use and a multiplier such as 1.5 (rounded up).
pub fn gas_with_adjustment(simulated: u64, adjustment: f64) -> u64 {
    (simulated as f64 * adjustment).ceil() as u64
}

/// Upper-case hex SHA-256 of TxRaw bytes.
pub fn tx_hash(tx_raw: &[u8]) -> String {
    hex::encode_upper(Sha256::digest(tx_raw))
}

impl TxDraft {
    /// The `TxBody` message.
    pub fn body(&self) -> TxBody {
        TxBody {
            messages: self.messages.iter().map(Msg::to_any).collect(),
            memo: self.memo.clone(),
            timeout_height: self.timeout_height,
            ..TxBody::default()
        }
    }

    /// Encoded `TxBody`.
    pub fn body_bytes(&self) -> Vec<u8> {
        self.body().encode_to_vec()
    }

    /// Encoded `AuthInfo` for a single SIGN_MODE_DIRECT signer.
    pub fn auth_info_bytes(&self, pubkey: &[u8; 33], sequence: u64) -> Vec<u8> {
        auth_info(pubkey, sequence, &self.fee).encode_to_vec()
    }

    /// Build, sign and encode. The fee must be set (gas limit > 0) and there must be a message.
    pub fn sign(&self, key: &SigningKey, signer: &SignerData) -> Result<SignedTx, TxError> {
        if self.messages.is_empty() {
            return Err(TxError::Invalid("the transaction has no messages".into()));
        }
        if self.fee.gas_limit == 0 {
            return Err(TxError::Invalid(
                "the fee's gas limit is 0; set a gas limit".into(),
            ));
        }
        if signer.chain_id.is_empty() {
            return Err(TxError::Invalid("the chain id is empty".into()));
        }
        let body_bytes = self.body_bytes();
        let auth_info_bytes = self.auth_info_bytes(&key.public_key_compressed(), signer.sequence);
        let sign_doc_bytes = sign_doc_bytes(
            &body_bytes,
            &auth_info_bytes,
            &signer.chain_id,
            signer.account_number,
        );
        let signature = key.sign(&sign_doc_bytes);
        let tx_raw = TxRaw {
            body_bytes: body_bytes.clone(),
            auth_info_bytes: auth_info_bytes.clone(),
            signatures: vec![signature.to_vec()],
        }
        .encode_to_vec();
        Ok(SignedTx {
            body_bytes,
            auth_info_bytes,
            sign_doc_bytes,
            signature,
            tx_raw,
        })
    }
}

/// `AuthInfo{signer_infos: [{secp256k1 pubkey, SIGN_MODE_DIRECT, sequence}], fee}`.
pub fn auth_info(pubkey: &[u8; 33], sequence: u64, fee: &Fee) -> AuthInfo {
    AuthInfo {
        signer_infos: vec![SignerInfo {
            public_key: Some(Any {
                type_url: PubKey::TYPE_URL.into(),
                value: PubKey {
                    key: pubkey.to_vec(),
                }
                .encode_to_vec(),
            }),
            mode_info: Some(ModeInfo {
                single: Some(ModeInfoSingle {
                    mode: SignMode::Direct as i32,
                }),
            }),
            sequence,
        }],
        fee: Some(fee.clone()),
        tip: None,
    }
}

/// Encoded `SignDoc`.
pub fn sign_doc_bytes(
    body_bytes: &[u8],
    auth_info_bytes: &[u8],
    chain_id: &str,
    account_number: u64,
) -> Vec<u8> {
    SignDoc {
        body_bytes: body_bytes.to_vec(),
        auth_info_bytes: auth_info_bytes.to_vec(),
        chain_id: chain_id.to_string(),
        account_number,
    }
    .encode_to_vec()
}
