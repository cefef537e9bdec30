//! The `@type` ↔ message registry: every transaction message vmc builds or reads.

use prost::Message as _;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use vmc_akash_proto::TypeUrl;
use vmc_akash_proto::cosmos::Any;
use vmc_akash_proto::{bme, cert, cosmos, deployment, escrow, market, provider};

use super::TxError;

macro_rules! registry {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        /// A transaction message of a known type.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Msg {
            $($variant($ty)),+
        }

        impl Msg {
            /// The `@type` / Any type URL.
            pub fn type_url(&self) -> &'static str {
                match self { $(Msg::$variant(_) => <$ty as TypeUrl>::TYPE_URL),+ }
            }

            /// Pack into an Any (protobuf bytes).
            pub fn to_any(&self) -> Any {
                match self { $(Msg::$variant(m) => Any::pack(m)),+ }
            }

            /// Unpack an Any; an unknown type URL is an error naming it.
            pub fn from_any(any: &Any) -> Result<Msg, TxError> {
                $(if any.type_url == <$ty as TypeUrl>::TYPE_URL {
                    return <$ty>::decode(any.value.as_slice())
                        .map(Msg::$variant)
                        .map_err(|e| TxError::decode(<$ty as TypeUrl>::TYPE_URL, e));
                })+
                Err(TxError::UnknownType(any.type_url.clone()))
            }

            /// The Cosmos JSON object with `@type` first.
            pub fn to_json(&self) -> Value {
                match self { $(Msg::$variant(m) => with_type(<$ty as TypeUrl>::TYPE_URL, m)),+ }
            }

            /// Parse a Cosmos JSON message object (`{"@type": "...", ...}`); `path` names its
            /// place in the document for error messages. Unknown fields are refused.
            pub fn from_json(value: &Value, path: &str) -> Result<Msg, TxError> {
                let obj = value.as_object().ok_or_else(|| TxError::json(path, "a message must be a JSON object"))?;
                let type_url = obj.get("@type").and_then(Value::as_str)
                    .ok_or_else(|| TxError::json(path, "the message has no \"@type\""))?;
                $(if type_url == <$ty as TypeUrl>::TYPE_URL {
                    return parse_strict::<$ty>(obj, path).map(Msg::$variant);
                })+
                Err(TxError::UnknownType(type_url.to_string()))
            }
        }

        /// Every type URL the registry knows.
        pub fn known_type_urls() -> Vec<&'static str> {
            vec![$(<$ty as TypeUrl>::TYPE_URL),+]
        }
    };
}

registry! {
    CreateDeployment(deployment::MsgCreateDeployment),
    UpdateDeployment(deployment::MsgUpdateDeployment),
    CloseDeployment(deployment::MsgCloseDeployment),
    CloseGroup(deployment::MsgCloseGroup),
    PauseGroup(deployment::MsgPauseGroup),
    StartGroup(deployment::MsgStartGroup),
    CreateLease(market::MsgCreateLease),
    CloseLease(market::MsgCloseLease),
    CreateBid(market::MsgCreateBid),
    CloseBid(market::MsgCloseBid),
    AccountDeposit(escrow::MsgAccountDeposit),
    CreateCertificate(cert::MsgCreateCertificate),
    RevokeCertificate(cert::MsgRevokeCertificate),
    MintAct(bme::MsgMintAct),
    SignProviderAttributes(provider::MsgSignProviderAttributes),
    DeleteProviderAttributes(provider::MsgDeleteProviderAttributes),
    Send(cosmos::MsgSend),
}

fn with_type<T: Serialize>(type_url: &str, m: &T) -> Value {
    let mut out = Map::new();
    out.insert("@type".into(), Value::String(type_url.into()));
    if let Ok(Value::Object(fields)) = serde_json::to_value(m) {
        out.extend(fields);
    }
    Value::Object(out)
}

/// Deserialize, then refuse any input key the type does not know (a typo must not silently
/// become a zero value in something the user signs).
pub(crate) fn parse_strict<T: DeserializeOwned + Serialize>(
    obj: &Map<String, Value>,
    path: &str,
) -> Result<T, TxError> {
    let mut input = obj.clone();
    input.remove("@type");
    let input = Value::Object(input);
    let parsed: T = serde_path_to_error::deserialize(&input).map_err(|e| {
        let inner = e.path().to_string();
        TxError::json(join_path(path, &inner), e.into_inner())
    })?;
    let echo = serde_json::to_value(&parsed).map_err(|e| TxError::json(path, e))?;
    check_known_keys(&input, &echo, path)?;
    Ok(parsed)
}

fn join_path(base: &str, inner: &str) -> String {
    if inner.is_empty() || inner == "." {
        base.to_string()
    } else {
        format!("{base}.{inner}")
    }
}

fn check_known_keys(input: &Value, known: &Value, path: &str) -> Result<(), TxError> {
    match (input, known) {
        (Value::Object(i), Value::Object(k)) => {
            for (key, v) in i {
                let here = format!("{path}.{key}");
                match k.get(key) {
                    None => {
                        return Err(TxError::json(
                            here,
                            "unknown field (check the spelling; names are snake_case)",
                        ));
                    }
                    Some(kv) => check_known_keys(v, kv, &here)?,
                }
            }
            Ok(())
        }
        (Value::Array(i), Value::Array(k)) => {
            for (n, (iv, kv)) in i.iter().zip(k).enumerate() {
                check_known_keys(iv, kv, &format!("{path}[{n}]"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

impl Msg {
    /// The address that must sign this message (`GetSigners` on chain), when set.
    pub fn signer(&self) -> Option<&str> {
        let s = match self {
            Msg::CreateDeployment(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::UpdateDeployment(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::CloseDeployment(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::CloseGroup(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::PauseGroup(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::StartGroup(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::CreateLease(m) => m.bid_id.as_ref().map(|i| i.owner.as_str()),
            Msg::CloseLease(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::CreateBid(m) => m.id.as_ref().map(|i| i.provider.as_str()),
            Msg::CloseBid(m) => m.id.as_ref().map(|i| i.provider.as_str()),
            Msg::AccountDeposit(m) => Some(m.signer.as_str()),
            Msg::CreateCertificate(m) => Some(m.owner.as_str()),
            Msg::RevokeCertificate(m) => m.id.as_ref().map(|i| i.owner.as_str()),
            Msg::MintAct(m) => Some(m.owner.as_str()),
            Msg::SignProviderAttributes(m) => Some(m.auditor.as_str()),
            Msg::DeleteProviderAttributes(m) => Some(m.auditor.as_str()),
            Msg::Send(m) => Some(m.from_address.as_str()),
        };
        s.filter(|s| !s.is_empty())
    }
}
