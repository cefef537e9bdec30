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
