//! Transactions: decode a TxRaw, run the Cosmos ante checks (fee, public key, sequence,
//! signature over the SignDoc), and describe the messages.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use prost::Message;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::dec;
use crate::keys;
use crate::state::{ChainState, UAKT};
use crate::wire::{self, schema, type_url as T};

/// A failed transaction as the chain reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxError {
    pub codespace: String,
    pub code: u32,
    pub log: String,
}

impl TxError {
    pub fn new(codespace: &str, code: u32, log: impl Into<String>) -> Self {
        TxError {
            codespace: codespace.to_string(),
            code,
            log: log.into(),
        }
    }
    pub fn sdk(code: u32, log: impl Into<String>) -> Self {
        TxError::new("sdk", code, log)
    }
}

/// One decoded message.
#[derive(Debug, Clone)]
pub enum Msg {
    CreateDeployment(wire::MsgCreateDeployment),
    UpdateDeployment(wire::MsgUpdateDeployment),
    CloseDeployment(wire::MsgCloseDeployment),
    CloseGroup(wire::MsgGroup),
    PauseGroup(wire::MsgGroup),
    StartGroup(wire::MsgGroup),
    AccountDeposit(wire::MsgAccountDeposit),
    CreateLease(wire::MsgCreateLease),
    CloseLease(wire::MsgCloseLease),
    CreateCertificate(wire::MsgCreateCertificate),
    RevokeCertificate(wire::MsgRevokeCertificate),
    Send(wire::MsgSend),
    MintAct(wire::MsgMintAct),
}

impl Msg {
    pub fn decode(any: &wire::Any) -> Result<Msg, TxError> {
        fn d<M: Message + Default>(v: &[u8], url: &str) -> Result<M, TxError> {
            M::decode(v).map_err(|e| {
                TxError::sdk(2, format!("unable to decode {url}: {e}: tx parse error"))
            })
        }
        let v = any.value.as_slice();
        let u = any.type_url.as_str();
        Ok(match u {
            T::CREATE_DEPLOYMENT => Msg::CreateDeployment(d(v, u)?),
            T::UPDATE_DEPLOYMENT => Msg::UpdateDeployment(d(v, u)?),
            T::CLOSE_DEPLOYMENT => Msg::CloseDeployment(d(v, u)?),
            T::CLOSE_GROUP => Msg::CloseGroup(d(v, u)?),
            T::PAUSE_GROUP => Msg::PauseGroup(d(v, u)?),
            T::START_GROUP => Msg::StartGroup(d(v, u)?),
            T::ACCOUNT_DEPOSIT => Msg::AccountDeposit(d(v, u)?),
            T::CREATE_LEASE => Msg::CreateLease(d(v, u)?),
            T::CLOSE_LEASE => Msg::CloseLease(d(v, u)?),
            T::CREATE_CERTIFICATE => Msg::CreateCertificate(d(v, u)?),
            T::REVOKE_CERTIFICATE => Msg::RevokeCertificate(d(v, u)?),
            T::BANK_SEND => Msg::Send(d(v, u)?),
            T::MINT_ACT => Msg::MintAct(d(v, u)?),
            other => {
                return Err(TxError::sdk(
                    2,
                    format!("unable to resolve type URL {other}: tx parse error"),
                ));
            }
        })
    }

    pub fn type_url(&self) -> &'static str {
        match self {
            Msg::CreateDeployment(_) => T::CREATE_DEPLOYMENT,
            Msg::UpdateDeployment(_) => T::UPDATE_DEPLOYMENT,
            Msg::CloseDeployment(_) => T::CLOSE_DEPLOYMENT,
            Msg::CloseGroup(_) => T::CLOSE_GROUP,
            Msg::PauseGroup(_) => T::PAUSE_GROUP,
            Msg::StartGroup(_) => T::START_GROUP,
            Msg::AccountDeposit(_) => T::ACCOUNT_DEPOSIT,
            Msg::CreateLease(_) => T::CREATE_LEASE,
            Msg::CloseLease(_) => T::CLOSE_LEASE,
            Msg::CreateCertificate(_) => T::CREATE_CERTIFICATE,
            Msg::RevokeCertificate(_) => T::REVOKE_CERTIFICATE,
            Msg::Send(_) => T::BANK_SEND,
            Msg::MintAct(_) => T::MINT_ACT,
        }
    }

    /// The address that must sign (`GetSigners`).
    pub fn signer(&self) -> String {
        let id_owner = |o: &Option<wire::DeploymentId>| {
            o.as_ref().map(|i| i.owner.clone()).unwrap_or_default()
        };
        let gid_owner =
            |o: &Option<wire::GroupId>| o.as_ref().map(|i| i.owner.clone()).unwrap_or_default();
        let bid_owner =
            |o: &Option<wire::BidId>| o.as_ref().map(|i| i.owner.clone()).unwrap_or_default();
        match self {
            Msg::CreateDeployment(m) => id_owner(&m.id),
            Msg::UpdateDeployment(m) => id_owner(&m.id),
            Msg::CloseDeployment(m) => id_owner(&m.id),
            Msg::CloseGroup(m) | Msg::PauseGroup(m) | Msg::StartGroup(m) => gid_owner(&m.id),
            Msg::AccountDeposit(m) => m.signer.clone(),
            Msg::CreateLease(m) => bid_owner(&m.bid_id),
            Msg::CloseLease(m) => bid_owner(&m.id),
            Msg::CreateCertificate(m) => m.owner.clone(),
            Msg::RevokeCertificate(m) => m.id.as_ref().map(|i| i.owner.clone()).unwrap_or_default(),
            Msg::Send(m) => m.from_address.clone(),
            Msg::MintAct(m) => m.owner.clone(),
        }
    }

    /// Gas this message consumes (the devnet's fixed schedule; clients must simulate).
    pub fn gas(&self) -> u64 {
        match self {
            Msg::CreateDeployment(m) => 60_000 + 5_000 * m.groups.len() as u64,
            Msg::UpdateDeployment(_) => 30_000,
            Msg::CloseDeployment(_) => 40_000,
            Msg::CloseGroup(_) | Msg::PauseGroup(_) | Msg::StartGroup(_) => 30_000,
            Msg::AccountDeposit(_) => 40_000,
            Msg::CreateLease(_) => 50_000,
            Msg::CloseLease(_) => 40_000,
            Msg::CreateCertificate(_) => 30_000,
            Msg::RevokeCertificate(_) => 20_000,
            Msg::Send(_) => 20_000,
            Msg::MintAct(_) => 30_000,
        }
    }

    pub fn module(&self) -> &'static str {
        match self {
            Msg::CreateDeployment(_)
            | Msg::UpdateDeployment(_)
            | Msg::CloseDeployment(_)
            | Msg::CloseGroup(_)
            | Msg::PauseGroup(_)
            | Msg::StartGroup(_) => "deployment",
            Msg::AccountDeposit(_) => "escrow",
            Msg::CreateLease(_) | Msg::CloseLease(_) => "market",
            Msg::CreateCertificate(_) | Msg::RevokeCertificate(_) => "cert",
            Msg::Send(_) => "bank",
            Msg::MintAct(_) => "bme",
        }
    }
}

/// Gas every transaction pays before its messages, plus this much per byte.
pub const BASE_GAS: u64 = 30_000;
pub const GAS_PER_BYTE: u64 = 10;

/// A decoded, not yet verified transaction.
#[derive(Debug, Clone)]
pub struct DecodedTx {
    pub hash: String,
    pub size: usize,
    pub raw: wire::TxRaw,
    pub body: wire::TxBody,
    pub auth: wire::AuthInfo,
    pub msgs: Vec<Msg>,
    pub signer: String,
    pub fee_uakt: u128,
    pub gas_limit: u64,
}

impl DecodedTx {
    pub fn gas_needed(&self) -> u64 {
        BASE_GAS + GAS_PER_BYTE * self.size as u64 + self.msgs.iter().map(Msg::gas).sum::<u64>()
    }
}

/// `sha256(tx_bytes)` in upper-case hex: the tx hash.
pub fn tx_hash(bytes: &[u8]) -> String {
    hex::encode_upper(Sha256::digest(bytes))
}

/// A decoding refusal as the chain words it (Cosmos SDK 0.53): x/tx's decoder wraps the detail
/// in its `tx parse error`, and baseapp wraps that in the `sdk` codespace's (code 2).
fn refused(detail: impl std::fmt::Display) -> TxError {
    TxError::sdk(2, format!("{detail}: tx parse error: tx parse error"))
}

fn refusal(r: wire::Refusal) -> TxError {
    match r {
        wire::Refusal::Detail(d) => refused(d),
        wire::Refusal::UnknownType(url) => TxError::sdk(
            2,
            format!("unable to resolve type URL {url}: tx parse error"),
        ),
    }
}

/// ADR-027 as the chain checks it on TxRaw (x/tx `decode/adr027.go`): only length-delimited
/// fields, in ascending order, `body_bytes` and `auth_info_bytes` at most once (only
/// `signatures` repeats), each length prefix as short as possible. With the unknown field
/// check, a relay can no longer give a signed transaction another hash by appending, repeating,
/// reordering or padding fields. What the chain's check lets through the devnet lets through
/// too: a tag varint written longer than needed, an empty field written or left out.
pub fn reject_non_adr027(mut b: &[u8]) -> Result<(), String> {
    use wire::raw::{BYTES, consume_field_value, consume_tag, consume_varint, varint_min_len};
    let mut prev = 0u32;
    while !b.is_empty() {
        let (num, wt, m) = consume_tag(b).map_err(|e| format!("invalid length; {e}"))?;
        if wt != BYTES {
            return Err(format!("expected {BYTES} wire type, got {wt}"));
        }
        if num < prev {
            return Err(format!(
                "txRaw must follow ADR-027, got tagNum {num} after tagNum {prev}"
            ));
        }
        if num == prev && num != 3 {
            return Err(format!(
                "txRaw must follow ADR-027, field {num} appears more than once"
            ));
        }
        prev = num;
        let (len, n) = consume_varint(&b[m..]).map_err(|e| format!("invalid length; {e}"))?;
        let need = varint_min_len(len);
        if n != need {
            return Err(format!(
                "length prefix varint for tagNum {num} is not as short as possible, read {n}, only need {need}"
            ));
        }
        let v =
            consume_field_value(num, wt, &b[m..]).map_err(|e| format!("invalid length; {e}"))?;
        b = &b[m + v..];
    }
    Ok(())
}

/// Decodes TxRaw, TxBody, AuthInfo and every message, refusing what the chain's decoder
/// refuses first: a TxRaw that breaks ADR-027, and unknown fields anywhere in TxRaw, AuthInfo
/// and TxBody (in TxBody only non-critical ones, field numbers with bit 1024, pass), including
/// inside messages and public keys. Errors are code 2 `tx parse error`.
pub fn decode(bytes: &[u8]) -> Result<DecodedTx, TxError> {
    let parse =
        |what: &str, e: prost::DecodeError| TxError::sdk(2, format!("{what}: {e}: tx parse error"));
    reject_non_adr027(bytes).map_err(refused)?;
    wire::reject_unknown_fields(bytes, &schema::TX_RAW, false).map_err(refusal)?;
    let raw = wire::TxRaw::decode(bytes).map_err(|e| parse("TxRaw", e))?;
    wire::reject_unknown_fields(&raw.body_bytes, &schema::TX_BODY, true).map_err(refusal)?;
    let body = wire::TxBody::decode(raw.body_bytes.as_slice())
        .map_err(|e| refused(format!("TxBody: {e}")))?;
    wire::reject_unknown_fields(&raw.auth_info_bytes, &schema::AUTH_INFO, false)
        .map_err(refusal)?;
    let auth = wire::AuthInfo::decode(raw.auth_info_bytes.as_slice())
        .map_err(|e| refused(format!("AuthInfo: {e}")))?;
    if body.messages.is_empty() {
        return Err(TxError::sdk(
            18,
            "must contain at least one message: invalid request",
        ));
    }
    let msgs = body
        .messages
        .iter()
        .map(Msg::decode)
        .collect::<Result<Vec<_>, _>>()?;
    let signer = msgs[0].signer();
    if let Some(other) = msgs.iter().map(Msg::signer).find(|s| *s != signer) {
        return Err(TxError::sdk(
            4,
            format!(
                "the devnet accepts one signer per transaction; got {signer} and {other}: unauthorized"
            ),
        ));
    }
    if !keys::valid_address(&signer) {
        return Err(TxError::sdk(
            7,
            format!("invalid signer address {signer:?}: invalid address"),
        ));
    }
    let fee = auth.fee.clone().unwrap_or_default();
    let mut fee_uakt = 0u128;
    for c in &fee.amount {
        let amt = dec::parse_int(&c.amount).ok_or_else(|| {
            TxError::sdk(
                10,
                format!("invalid fee amount {:?}: invalid coins", c.amount),
            )
        })?;
        if c.denom == UAKT {
            fee_uakt += amt;
        }
    }
    Ok(DecodedTx {
        hash: tx_hash(bytes),
        size: bytes.len(),
        gas_limit: fee.gas_limit,
        raw,
        body,
        auth,
        msgs,
        signer,
        fee_uakt,
    })
}

/// What the ante handler checks, against `st` with `pending` earlier unconfirmed transactions of
/// the same signer (their sequences and fees). `verify_sig` is false when simulating.
pub fn ante(
    st: &ChainState,
    tx: &DecodedTx,
    pending_count: u64,
    pending_fees: u128,
    verify_sig: bool,
) -> Result<(), TxError> {
    // RejectExtensionOptionsDecorator: the chain accepts no (critical) extension option.
    if !tx.body.extension_options.is_empty() {
        return Err(TxError::sdk(31, "unknown extension options"));
    }
    if tx.body.timeout_height != 0 && tx.body.timeout_height < st.height + 1 {
        return Err(TxError::sdk(
            30,
            format!(
                "block height: {}, timeout height: {}: tx timeout height",
                st.height + 1,
                tx.body.timeout_height
            ),
        ));
    }
    if tx.body.memo.len() > 256 {
        return Err(TxError::sdk(
            12,
            format!(
                "maximum number of characters is 256 but received {} characters: memo too large",
                tx.body.memo.len()
            ),
        ));
    }
    if tx.auth.signer_infos.len() != 1 || tx.raw.signatures.len() != 1 {
        return Err(TxError::sdk(
            4,
            format!(
                "wrong number of signers; expected 1, got {} signer infos and {} signatures: unauthorized",
                tx.auth.signer_infos.len(),
                tx.raw.signatures.len()
            ),
        ));
    }
    // Fee: gas × minimum gas price, rounded up.
    let required = (tx.gas_limit as u128 * st.params.min_gas_price).div_ceil(dec::SCALE);
    if verify_sig && tx.fee_uakt < required {
        return Err(TxError::sdk(
            13,
            format!(
                "insufficient fees; got: {}uakt required: {}uakt: insufficient fee",
                tx.fee_uakt, required
            ),
        ));
    }
    let Some(acc) = st.accounts.get(&tx.signer) else {
        return Err(TxError::sdk(
            9,
            format!("account {} not found: unknown address", tx.signer),
        ));
    };
    let spendable = acc
        .balances
        .get(UAKT)
        .copied()
        .unwrap_or(0)
        .saturating_sub(pending_fees);
    if spendable < tx.fee_uakt {
        return Err(TxError::sdk(
            5,
            format!(
                "spendable balance {spendable}uakt is smaller than {}uakt: insufficient funds",
                tx.fee_uakt
            ),
        ));
    }
    let si = &tx.auth.signer_infos[0];
    let pubkey = match (&acc.pubkey, &si.public_key) {
        (Some(k), _) => k.clone(),
        (None, Some(any)) if any.type_url == wire::type_url::SECP256K1_PUBKEY => {
            let pk = wire::PubKey::decode(any.value.as_slice())
                .map_err(|e| TxError::sdk(8, format!("{e}: invalid pubkey")))?;
            if keys::address_of(&pk.key) != tx.signer {
                return Err(TxError::sdk(
                    8,
                    format!(
                        "pubKey does not match signer address {} with signer index: 0: invalid pubkey",
                        tx.signer
                    ),
                ));
            }
            pk.key
        }
        (None, Some(any)) => {
            return Err(TxError::sdk(
                8,
                format!(
                    "unsupported public key type {}: invalid pubkey",
                    any.type_url
                ),
            ));
        }
        (None, None) if !verify_sig => Vec::new(),
        (None, None) => {
            return Err(TxError::sdk(
                8,
                "pubkey on account is not set: invalid pubkey",
            ));
        }
    };
    let expected = acc.sequence + pending_count;
    if si.sequence != expected {
        return Err(TxError::sdk(
            32,
            format!(
                "account sequence mismatch, expected {expected}, got {}: incorrect account sequence",
                si.sequence
            ),
        ));
    }
    if verify_sig {
        let mode = si
            .mode_info
            .as_ref()
            .and_then(|m| m.single.as_ref())
            .map(|s| s.mode);
        if mode != Some(1) {
            return Err(TxError::sdk(
                4,
                "only SIGN_MODE_DIRECT is supported by the devnet: unauthorized",
            ));
        }
        let doc = wire::SignDoc {
            body_bytes: tx.raw.body_bytes.clone(),
            auth_info_bytes: tx.raw.auth_info_bytes.clone(),
            chain_id: st.chain_id.clone(),
            account_number: acc.number,
        };
        if !keys::verify(&pubkey, &doc.encode_to_vec(), &tx.raw.signatures[0]) {
            return Err(TxError::sdk(
                4,
                format!(
                    "signature verification failed; please verify account number ({}), sequence ({}) and chain-id ({}): unauthorized",
                    acc.number, acc.sequence, st.chain_id
                ),
            ));
        }
    }
    Ok(())
}

/// Charges the fee, sets the public key on first use and bumps the sequence.
pub fn apply_ante(st: &mut ChainState, tx: &DecodedTx) {
    st.debit(&tx.signer, UAKT, tx.fee_uakt);
    let pk = tx
        .auth
        .signer_infos
        .first()
        .and_then(|si| si.public_key.as_ref())
        .and_then(|any| {
            wire::PubKey::decode(any.value.as_slice())
                .ok()
                .map(|p| p.key)
        });
    let acc = st.account_mut(&tx.signer);
    if acc.pubkey.is_none() {
        acc.pubkey = pk;
    }
    acc.sequence += 1;
}

/// The decoded transaction as the gateway renders it in `GET /cosmos/tx/v1beta1/txs/{hash}`.
pub fn tx_json(tx: &DecodedTx) -> Value {
    let fee = tx.auth.fee.clone().unwrap_or_default();
    json!({
        "body": {
            "messages": tx.msgs.iter().map(crate::render::msg_json).collect::<Vec<_>>(),
            "memo": tx.body.memo,
            "timeout_height": tx.body.timeout_height.to_string(),
            "unordered": tx.body.unordered,
            "timeout_timestamp": null,
            "extension_options": [],
            "non_critical_extension_options": [],
        },
        "auth_info": {
            "signer_infos": tx.auth.signer_infos.iter().map(|si| json!({
                "public_key": si.public_key.as_ref().map(|pk| {
                    let key = wire::PubKey::decode(pk.value.as_slice()).map(|p| B64.encode(p.key)).unwrap_or_default();
                    json!({"@type": pk.type_url, "key": key})
                }),
                "mode_info": {"single": {"mode": "SIGN_MODE_DIRECT"}},
                "sequence": si.sequence.to_string(),
            })).collect::<Vec<_>>(),
            "fee": {
                "amount": fee.amount.iter().map(|c| json!({"denom": c.denom, "amount": c.amount})).collect::<Vec<_>>(),
                "gas_limit": fee.gas_limit.to_string(),
                "payer": fee.payer,
                "granter": fee.granter,
            },
            "tip": null,
        },
        "signatures": tx.raw.signatures.iter().map(|s| B64.encode(s)).collect::<Vec<_>>(),
    })
}
