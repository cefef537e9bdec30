//! The standard Cosmos tx JSON (`{"body": …, "auth_info": …, "signatures": […]}`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use vmc_akash_proto::cosmos::{AuthInfo, Fee, PubKey, SignMode, TxBody};
use vmc_akash_proto::serde_helpers::ProtoEnum;

use super::registry::parse_strict;
use super::{DecodedTx, Msg, TxDraft, TxError};

impl TxDraft {
    /// Parse an unsigned (or signed: signer infos and signatures are ignored) Cosmos tx JSON.
    pub fn from_json(doc: &Value) -> Result<TxDraft, TxError> {
        let top = doc
            .as_object()
            .ok_or_else(|| TxError::json("$", "the transaction must be a JSON object"))?;
        only_keys(top, "$", &["body", "auth_info", "signatures"])?;
        let body = top.get("body").and_then(Value::as_object).ok_or_else(|| {
            TxError::json("body", "missing (expected an object with \"messages\")")
        })?;
        only_keys(
            body,
            "body",
            &[
                "messages",
                "memo",
                "timeout_height",
                "unordered",
                "timeout_timestamp",
                "extension_options",
                "non_critical_extension_options",
            ],
        )?;
        let msgs = body
            .get("messages")
            .and_then(Value::as_array)
            .ok_or_else(|| TxError::json("body.messages", "missing (expected a list)"))?;
        let messages = msgs
            .iter()
            .enumerate()
            .map(|(i, m)| Msg::from_json(m, &format!("body.messages[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let memo = match body.get("memo") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(TxError::json("body.memo", "must be a string")),
        };
        let timeout_height = match body.get("timeout_height") {
            None | Some(Value::Null) => 0,
            Some(Value::String(s)) => s.parse().map_err(|_| {
                TxError::json(
                    "body.timeout_height",
                    format!("`{s}` is not an unsigned integer"),
                )
            })?,
            Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
                TxError::json("body.timeout_height", "must be an unsigned integer")
            })?,
            Some(_) => return Err(TxError::json("body.timeout_height", "must be a string")),
        };
        if matches!(body.get("unordered"), Some(Value::Bool(true))) {
            return Err(TxError::json(
                "body.unordered",
                "unordered transactions are not supported",
            ));
        }
        if !matches!(body.get("timeout_timestamp"), None | Some(Value::Null)) {
            return Err(TxError::json(
                "body.timeout_timestamp",
                "not supported; use timeout_height",
            ));
        }
        for key in ["extension_options", "non_critical_extension_options"] {
            if let Some(v) = body.get(key)
                && !matches!(v, Value::Null)
                && v.as_array().is_none_or(|a| !a.is_empty())
            {
                return Err(TxError::json(
                    format!("body.{key}"),
                    "extension options are not supported",
                ));
            }
        }
        let fee = match top.get("auth_info").and_then(|a| a.get("fee")) {
            Some(Value::Object(f)) => parse_strict::<Fee>(f, "auth_info.fee")?,
            _ => {
                return Err(TxError::json(
                    "auth_info.fee",
                    "missing (expected {\"amount\": [...], \"gas_limit\": \"...\"})",
                ));
            }
        };
        if let Some(Value::Object(a)) = top.get("auth_info") {
            only_keys(a, "auth_info", &["signer_infos", "fee", "tip"])?;
        }
        for (i, c) in fee.amount.iter().enumerate() {
            crate::coin::Coin::try_from(c.clone())
                .map_err(|e| TxError::json(format!("auth_info.fee.amount[{i}]"), e))?;
        }
        Ok(TxDraft {
            messages,
            memo,
            timeout_height,
            fee,
        })
    }

    /// The unsigned Cosmos tx JSON (empty signer infos and signatures).
    pub fn to_json(&self) -> Value {
        json!({
            "body": body_json(&self.body(), &self.messages),
            "auth_info": {
                "signer_infos": [],
                "fee": serde_json::to_value(&self.fee).unwrap_or(Value::Null),
                "tip": null,
            },
            "signatures": [],
        })
    }
}

impl DecodedTx {
    /// The Cosmos tx JSON of a decoded transaction (as `… tx decode` prints it).
    pub fn to_json(&self) -> Value {
        json!({
            "body": body_json(&self.body, &self.messages),
            "auth_info": auth_info_json(&self.auth_info),
            "signatures": self.signatures.iter().map(|s| STANDARD.encode(s)).collect::<Vec<_>>(),
        })
    }
}

fn body_json(body: &TxBody, messages: &[Msg]) -> Value {
    json!({
        "messages": messages.iter().map(Msg::to_json).collect::<Vec<_>>(),
        "memo": body.memo,
        "timeout_height": body.timeout_height.to_string(),
        "unordered": body.unordered,
        "timeout_timestamp": null,
        "extension_options": [],
        "non_critical_extension_options": [],
    })
}

fn auth_info_json(a: &AuthInfo) -> Value {
    let signer_infos: Vec<Value> = a
        .signer_infos
        .iter()
        .map(|si| {
            let public_key = match &si.public_key {
                None => Value::Null,
                Some(any) => match <PubKey as prost::Message>::decode(any.value.as_slice()) {
                    Ok(pk) if any.type_url == <PubKey as vmc_akash_proto::TypeUrl>::TYPE_URL => {
                        json!({"@type": any.type_url, "key": STANDARD.encode(&pk.key)})
                    }
                    _ => json!({"@type": any.type_url, "value": STANDARD.encode(&any.value)}),
                },
            };
            let mode = si.mode_info.as_ref().and_then(|m| m.single.as_ref()).map(|s| {
                SignMode::from_number(s.mode).map(|m| m.as_str_name().to_string()).unwrap_or(s.mode.to_string())
            });
            json!({
                "public_key": public_key,
                "mode_info": match mode { Some(m) => json!({"single": {"mode": m}}), None => Value::Null },
                "sequence": si.sequence.to_string(),
            })
        })
        .collect();
    json!({
        "signer_infos": signer_infos,
        "fee": a.fee.as_ref().map(|f| serde_json::to_value(f).unwrap_or(Value::Null)),
        "tip": a.tip.as_ref().map(|t| serde_json::to_value(t).unwrap_or(Value::Null)),
    })
}

fn only_keys(obj: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<(), TxError> {
    for k in obj.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(TxError::json(
                format!("{path}.{k}"),
                format!("unknown field; expected one of {}", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Encode a Cosmos tx JSON (unsigned or signed) into TxRaw bytes, exactly as given: signer infos
/// and signatures are kept (an unsigned tx gives empty ones).
pub fn tx_raw_from_json(doc: &Value) -> Result<Vec<u8>, TxError> {
    use prost::Message as _;
    use vmc_akash_proto::TypeUrl;
    use vmc_akash_proto::cosmos::{Any, ModeInfo, ModeInfoSingle, SignerInfo, TxRaw};

    let draft = TxDraft::from_json(doc)?;
    let mut signer_infos = Vec::new();
    let infos = doc.get("auth_info").and_then(|a| a.get("signer_infos"));
    if let Some(list) = infos.filter(|v| !v.is_null()) {
        let list = list
            .as_array()
            .ok_or_else(|| TxError::json("auth_info.signer_infos", "must be a list"))?;
        for (i, si) in list.iter().enumerate() {
            let path = format!("auth_info.signer_infos[{i}]");
            let obj = si
                .as_object()
                .ok_or_else(|| TxError::json(&path, "must be an object"))?;
            only_keys(obj, &path, &["public_key", "mode_info", "sequence"])?;
            let public_key = match obj.get("public_key") {
                None | Some(Value::Null) => None,
                Some(pk) => {
                    let t = pk.get("@type").and_then(Value::as_str).unwrap_or_default();
                    if t != PubKey::TYPE_URL {
                        return Err(TxError::json(
                            format!("{path}.public_key.@type"),
                            format!(
                                "unsupported public key type `{t}`; expected {}",
                                PubKey::TYPE_URL
                            ),
                        ));
                    }
                    let key = pk.get("key").and_then(Value::as_str).unwrap_or_default();
                    let key = STANDARD.decode(key).map_err(|e| {
                        TxError::json(
                            format!("{path}.public_key.key"),
                            format!("invalid base64: {e}"),
                        )
                    })?;
                    Some(Any {
                        type_url: t.into(),
                        value: PubKey { key }.encode_to_vec(),
                    })
                }
            };
            let mode = match obj
                .get("mode_info")
                .and_then(|m| m.get("single"))
                .and_then(|s| s.get("mode"))
            {
                None | Some(Value::Null) => None,
                Some(Value::String(name)) => {
                    Some(SignMode::from_str_name(name).ok_or_else(|| {
                        TxError::json(
                            format!("{path}.mode_info.single.mode"),
                            format!("unknown sign mode `{name}`"),
                        )
                    })? as i32)
                }
                Some(Value::Number(n)) => Some(n.as_i64().unwrap_or_default() as i32),
                Some(_) => {
                    return Err(TxError::json(
                        format!("{path}.mode_info.single.mode"),
                        "must be a name",
                    ));
                }
            };
            let sequence = match obj.get("sequence") {
                None | Some(Value::Null) => 0,
                Some(Value::String(s)) => s.parse().map_err(|_| {
                    TxError::json(
                        format!("{path}.sequence"),
                        format!("`{s}` is not an unsigned integer"),
                    )
                })?,
                Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
                    TxError::json(format!("{path}.sequence"), "must be an unsigned integer")
                })?,
                Some(_) => {
                    return Err(TxError::json(
                        format!("{path}.sequence"),
                        "must be a string",
                    ));
                }
            };
            signer_infos.push(SignerInfo {
                public_key,
                mode_info: mode.map(|m| ModeInfo {
                    single: Some(ModeInfoSingle { mode: m }),
                }),
                sequence,
            });
        }
    }
    let mut signatures = Vec::new();
    if let Some(list) = doc.get("signatures").filter(|v| !v.is_null()) {
        let list = list
            .as_array()
            .ok_or_else(|| TxError::json("signatures", "must be a list"))?;
        for (i, s) in list.iter().enumerate() {
            let s = s.as_str().ok_or_else(|| {
                TxError::json(format!("signatures[{i}]"), "must be a base64 string")
            })?;
            signatures.push(STANDARD.decode(s).map_err(|e| {
                TxError::json(format!("signatures[{i}]"), format!("invalid base64: {e}"))
            })?);
        }
    }
    let auth = AuthInfo {
        signer_infos,
        fee: Some(draft.fee.clone()),
        tip: None,
    };
    Ok(TxRaw {
        body_bytes: draft.body_bytes(),
        auth_info_bytes: auth.encode_to_vec(),
        signatures,
    }
    .encode_to_vec())
}

/// Standard base64 of bytes (how TxRaw travels in JSON and on the command line).
pub fn to_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decode standard base64 (surrounding whitespace ignored).
pub fn from_base64(text: &str) -> Result<Vec<u8>, TxError> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD
        .decode(t.as_bytes())
        .map_err(|e| TxError::decode("base64 TxRaw", e))
}
