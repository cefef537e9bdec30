//! serde adapters for the Cosmos proto3 JSON conventions (`OrigName`, `EmitDefaults`):
//! 64-bit integers as strings, bytes as base64, LegacyDec amounts as 18-decimal strings,
//! `ResourceValue.val` as decimal text, enums by name, durations as `"3600s"`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum StrOrNum {
    Str(String),
    U(u64),
    I(i64),
}

/// `u64` as a JSON string; accepts a string or a number.
pub mod u64_str {
    use super::*;
    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        match StrOrNum::deserialize(d)? {
            StrOrNum::Str(s) => s
                .parse()
                .map_err(|_| D::Error::custom(format!("`{s}` is not an unsigned 64-bit integer"))),
            StrOrNum::U(u) => Ok(u),
            StrOrNum::I(i) => Err(D::Error::custom(format!("{i} is negative"))),
        }
    }
}

/// `i64` as a JSON string; accepts a string or a number.
pub mod i64_str {
    use super::*;
    pub fn serialize<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        match StrOrNum::deserialize(d)? {
            StrOrNum::Str(s) => s
                .parse()
                .map_err(|_| D::Error::custom(format!("`{s}` is not a 64-bit integer"))),
            StrOrNum::U(u) => i64::try_from(u).map_err(D::Error::custom),
            StrOrNum::I(i) => Ok(i),
        }
    }
}

/// `bytes` as standard base64 (`null` reads as empty).
pub mod bytes_b64 {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(v))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        match s {
            None => Ok(Vec::new()),
            Some(s) => STANDARD
                .decode(s.as_bytes())
                .map_err(|e| D::Error::custom(format!("invalid base64: {e}"))),
        }
    }
}

/// Repeated `bytes` as base64 strings.
pub mod vec_bytes_b64 {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|b| STANDARD.encode(b)))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
        let v: Option<Vec<String>> = Option::deserialize(d)?;
        v.unwrap_or_default()
            .iter()
            .map(|s| {
                STANDARD
                    .decode(s)
                    .map_err(|e| D::Error::custom(format!("invalid base64: {e}")))
            })
            .collect()
    }
}

/// A LegacyDec: on the wire the atomics (value × 10^18, an integer string); in JSON the decimal
/// with 18 fractional digits. JSON input may carry up to 18 fractional digits, or none.
pub mod legacy_dec {
    use super::*;
    pub fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(
            &crate::legacy_dec::atomics_to_decimal(v).map_err(serde::ser::Error::custom)?,
        )
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        match s {
            None => Ok(String::new()),
            Some(s) if s.is_empty() => Ok(s),
            Some(s) => crate::legacy_dec::decimal_to_atomics(&s).map_err(D::Error::custom),
        }
    }
}

/// `ResourceValue.val`: bytes holding ASCII decimal digits. JSON shows the digits (`"500"`);
/// input may also be base64 of the digits (`"NTAw"`, what the JS SDK's `toJSON` prints).
pub mod resource_val {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(v) {
            Ok(t) if t.bytes().all(|b| b.is_ascii_digit()) => s.serialize_str(t),
            _ => s.serialize_str(&STANDARD.encode(v)),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        let Some(s) = s else { return Ok(Vec::new()) };
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(s.into_bytes());
        }
        let bytes = STANDARD.decode(s.as_bytes()).map_err(|_| {
            D::Error::custom(format!(
                "resource value `{s}` is neither decimal digits nor base64"
            ))
        })?;
        if bytes.iter().all(u8::is_ascii_digit) {
            Ok(bytes)
        } else {
            Err(D::Error::custom(format!(
                "resource value `{s}` does not decode to decimal digits"
            )))
        }
    }
}

/// `google.protobuf.Duration` as `"3600s"`; also reads `{"seconds": "3600", "nanos": 0}`.
pub mod duration {
    use super::*;
    use crate::cosmos::Duration;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Obj {
            #[serde(default, with = "super::i64_str")]
            seconds: i64,
            #[serde(default)]
            nanos: i32,
        },
    }

    pub fn serialize<S: Serializer>(v: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(d) => s.serialize_str(&d.to_json_text()),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        let r: Option<Repr> = Option::deserialize(d)?;
        match r {
            None => Ok(None),
            Some(Repr::Obj { seconds, nanos }) => Ok(Some(Duration { seconds, nanos })),
            Some(Repr::Text(t)) => Duration::parse_json_text(&t)
                .map(Some)
                .map_err(D::Error::custom),
        }
    }
}

/// Implemented by the enums declared with `proto_enum!`.
pub trait ProtoEnum: Sized + Copy {
    const ENUM_NAME: &'static str;
    fn from_number(v: i32) -> Option<Self>;
    fn to_i32(self) -> i32;
    fn as_str_name(self) -> &'static str;
    fn from_str_name(s: &str) -> Option<Self>;
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NameOrNum {
    Name(String),
    Num(i32),
}

fn enum_from_json<E: ProtoEnum, Er: serde::de::Error>(v: NameOrNum) -> Result<i32, Er> {
    match v {
        NameOrNum::Name(n) => E::from_str_name(&n)
            .map(E::to_i32)
            .ok_or_else(|| Er::custom(format!("unknown {} value `{n}`", E::ENUM_NAME))),
        NameOrNum::Num(i) => Ok(i),
    }
}

fn enum_name<E: ProtoEnum>(v: i32) -> String {
    E::from_number(v)
        .map(|e| e.as_str_name().to_string())
        .unwrap_or_else(|| v.to_string())
}

/// An `i32` enum field by value name.
pub fn ser_enum<E: ProtoEnum, S: Serializer>(v: &i32, s: S) -> Result<S::Ok, S::Error> {
    match E::from_number(*v) {
        Some(e) => s.serialize_str(e.as_str_name()),
        None => s.serialize_i32(*v),
    }
}
pub fn de_enum<'de, E: ProtoEnum, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let v: Option<NameOrNum> = Option::deserialize(d)?;
    v.map(enum_from_json::<E, D::Error>).unwrap_or(Ok(0))
}
/// A repeated `i32` enum field by value names.
pub fn ser_enum_vec<E: ProtoEnum, S: Serializer>(v: &[i32], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|i| enum_name::<E>(*i)))
}
pub fn de_enum_vec<'de, E: ProtoEnum, D: Deserializer<'de>>(d: D) -> Result<Vec<i32>, D::Error> {
    let v: Option<Vec<NameOrNum>> = Option::deserialize(d)?;
    v.unwrap_or_default()
        .into_iter()
        .map(enum_from_json::<E, D::Error>)
        .collect()
}

/// Declare a proto enum: a `prost::Enumeration` with its proto value names.
#[macro_export]
macro_rules! proto_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $num:literal => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Enumeration)]
        #[repr(i32)]
        pub enum $name { $($(#[$vm])* $var = $num),+ }

        impl $crate::serde_helpers::ProtoEnum for $name {
            const ENUM_NAME: &'static str = stringify!($name);
            fn from_number(v: i32) -> Option<Self> { match v { $($num => Some(Self::$var),)+ _ => None } }
            fn to_i32(self) -> i32 { self as i32 }
            fn as_str_name(self) -> &'static str { match self { $(Self::$var => $text),+ } }
            fn from_str_name(s: &str) -> Option<Self> { match s { $($text => Some(Self::$var),)+ _ => None } }
        }
    };
}
