//! The decoder refuses what the chain's refuses (Cosmos SDK 0.53 x/tx `decode`): a TxRaw that
//! breaks ADR-027 (fields out of order, `body_bytes` twice, an overlong length prefix, a
//! non-bytes field) and unknown fields in TxRaw, AuthInfo and TxBody, down into messages and
//! public keys; only TxBody's non-critical fields (numbers with bit 1024) pass. Each refusal is
//! `sdk` code 2 with the chain's log, at broadcast (CheckTx) and at simulate, and nothing is
//! included. A validly signed TxRaw therefore has one encoding: its hash cannot be changed by
//! whoever relays it.

use crate::akash_support;

use akash_support::{Net, dev_key};
use prost::Message;
use serde_json::{Value, json};
use vmc_akash::keys::SigningKey;
use vmc_akash::proto::cosmos::{Coin, MsgSend};
use vmc_akash::tx::{Msg, SignedTx, SignerData, TxDraft, fee, sign_doc_bytes, to_base64};
use vmc_devnet::Genesis;

const PARSE: &str = ": tx parse error: tx parse error";

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

/// A length-delimited field.
fn field(num: u64, value: &[u8]) -> Vec<u8> {
    let mut out = varint(num << 3 | 2);
    out.extend(varint(value.len() as u64));
    out.extend(value);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn send(key: &SigningKey) -> Msg {
    Msg::Send(MsgSend {
        from_address: key.address(),
        to_address: vmc_devnet::genesis::dev_address(1),
        amount: vec![Coin {
            denom: "uakt".into(),
            amount: "1".into(),
        }],
    })
}

struct Signer {
    key: SigningKey,
    data: SignerData,
}

impl Signer {
    async fn new(net: &Net, index: u32) -> Signer {
        let key = dev_key(index);
        let (number, seq) = net.account(&key.address()).await;
        Signer {
            key,
            data: SignerData {
                chain_id: net.chain_id.clone(),
                account_number: number,
                sequence: seq,
            },
        }
    }

    fn draft(&self) -> TxDraft {
        TxDraft {
            messages: vec![send(&self.key)],
            memo: String::new(),
            timeout_height: 0,
            fee: fee(5_000, 200_000),
        }
    }

    fn signed(&self) -> SignedTx {
        self.draft().sign(&self.key, &self.data).unwrap()
    }

    /// A TxRaw over these body and auth info bytes, validly signed.
    fn sign_raw(&self, body: &[u8], auth: &[u8]) -> Vec<u8> {
        let doc = sign_doc_bytes(body, auth, &self.data.chain_id, self.data.account_number);
        let sig = self.key.sign(&doc);
        cat(&[&field(1, body), &field(2, auth), &field(3, &sig)])
    }
}

async fn simulate(net: &Net, tx: &[u8]) -> (u16, Value) {
    net.post(
        "/cosmos/tx/v1beta1/simulate",
        json!({"tx_bytes": to_base64(tx)}),
    )
    .await
}

/// Broadcast and simulate both refuse `tx` with `log`, and a block later it is not included.
async fn refused(net: &Net, what: &str, tx: &[u8], log: &str) {
    let res = net.broadcast(tx).await;
    assert_eq!(
        (res["codespace"].as_str(), res["code"].as_u64()),
        (Some("sdk"), Some(2)),
        "{what}: {res}"
    );
    assert_eq!(res["raw_log"], log, "{what}: {res}");
    assert_eq!(
        res["txhash"],
        vmc_akash::tx::tx_hash(tx),
        "{what}: the hash of the bytes sent"
    );
    let (s, v) = simulate(net, tx).await;
    assert_eq!((s, v["code"].as_u64()), (500, Some(2)), "{what}: {v}");
    assert_eq!(
        v["message"],
        format!("{log} With gas wanted: '0' and gas used: '0' "),
        "{what}: {v}"
    );
    net.advance(1, 1.0).await;
    let (s, v) = net
        .get(&format!(
            "/cosmos/tx/v1beta1/txs/{}",
            vmc_akash::tx::tx_hash(tx)
        ))
        .await;
    assert_eq!(s, 404, "{what}: included: {v}");
}

#[tokio::test]
async fn malleated_tx_raw_is_refused_and_the_original_still_lands() {
    let net = Net::start(Genesis::default_embedded()).await;
    let s = Signer::new(&net, 0).await;
    let tx = s.signed();
    let (body, auth, sig) = (
        field(1, &tx.body_bytes),
        field(2, &tx.auth_info_bytes),
        field(3, &tx.signature),
    );
    assert_eq!(cat(&[&body, &auth, &sig]), tx.tx_raw);

    // The probe's case: an unknown field appended to a validly signed TxRaw.
    let appended = cat(&[&tx.tx_raw, &[0x7a, 0x01, 0x00]]);
    let raw = "cosmos.tx.v1beta1.TxRaw";
    refused(
        &net,
        "unknown field 15",
        &appended,
        &format!("{raw}: {{TagNum: 15, WireType:\"bytes\"}}: unknown protobuf field{PARSE}"),
    )
    .await;
    // TxRaw has no non-critical fields either.
    refused(
        &net,
        "non-critical field 1024",
        &cat(&[&tx.tx_raw, &field(1024, b"abc")]),
        &format!("{raw}: {{TagNum: 1024, WireType:\"bytes\"}}: unknown protobuf field{PARSE}"),
    )
    .await;
    // Non-minimal encodings (ADR-027).
    refused(
        &net,
        "body_bytes twice",
        &cat(&[&body, &body, &auth, &sig]),
        &format!("txRaw must follow ADR-027, field 1 appears more than once{PARSE}"),
    )
    .await;
    refused(
        &net,
        "auth_info_bytes twice",
        &cat(&[&body, &auth, &auth, &sig]),
        &format!("txRaw must follow ADR-027, field 2 appears more than once{PARSE}"),
    )
    .await;
    refused(
        &net,
        "fields out of order",
        &cat(&[&auth, &body, &sig]),
        &format!("txRaw must follow ADR-027, got tagNum 1 after tagNum 2{PARSE}"),
    )
    .await;
    let len = varint(tx.body_bytes.len() as u64);
    let mut padded = len.clone();
    *padded.last_mut().unwrap() |= 0x80;
    padded.push(0);
    let overlong = cat(&[&[0x0a], &padded, &tx.body_bytes, &auth, &sig]);
    refused(
        &net,
        "overlong length prefix",
        &overlong,
        &format!(
            "length prefix varint for tagNum 1 is not as short as possible, read {}, only need {}{PARSE}",
            len.len() + 1,
            len.len()
        ),
    )
    .await;
    refused(
        &net,
        "a varint field",
        &cat(&[&[0x08, 0x01], &tx.tx_raw]),
        &format!("expected 2 wire type, got 0{PARSE}"),
    )
    .await;
    refused(
        &net,
        "truncated",
        &tx.tx_raw[..tx.tx_raw.len() - 1],
        &format!("invalid length; unexpected EOF{PARSE}"),
    )
    .await;
    // Several signatures are well-formed (the ante handler counts them).
    let res = net.broadcast(&cat(&[&body, &auth, &sig, &sig])).await;
    assert_eq!(res["code"], 4, "{res}");

    // None of these took the sequence: the original is accepted and included under its hash.
    let res = net.broadcast(&tx.tx_raw).await;
    assert_eq!(res["code"], 0, "{res}");
    assert_eq!(res["txhash"], tx.hash());
    net.advance(1, 1.0).await;
    let v = net
        .get_ok(&format!("/cosmos/tx/v1beta1/txs/{}", tx.hash()))
        .await;
    assert_eq!(v["tx_response"]["code"], 0, "{v}");
    net.running.shutdown().await;
}

#[tokio::test]
async fn unknown_fields_inside_body_and_auth_info_are_refused_even_when_signed() {
    let net = Net::start(Genesis::default_embedded()).await;
    let s = Signer::new(&net, 0).await;
    let tx = s.signed();
    let (body, auth) = (tx.body_bytes.clone(), tx.auth_info_bytes.clone());
    let unknown = |name: &str, num: u32, wt: &str| {
        format!("{name}: {{TagNum: {num}, WireType:\"{wt}\"}}: unknown protobuf field{PARSE}")
    };

    // TxBody: a critical unknown field (13), signed by the key's owner.
    let body13 = cat(&[&body, &field(13, b"x")]);
    refused(
        &net,
        "TxBody field 13",
        &s.sign_raw(&body13, &auth),
        &unknown("cosmos.tx.v1beta1.TxBody", 13, "bytes"),
    )
    .await;
    // AuthInfo is strict: even a non-critical number is refused.
    let auth1024 = cat(&[&auth, &field(1024, b"x")]);
    refused(
        &net,
        "AuthInfo field 1024",
        &s.sign_raw(&body, &auth1024),
        &unknown("cosmos.tx.v1beta1.AuthInfo", 1024, "bytes"),
    )
    .await;

    // Inside a message: MsgSend field 4 (a varint).
    let mut msg = send(&s.key).to_any();
    msg.value.extend([0x20, 0x01]);
    let draft = s.draft();
    let mut b = draft.body();
    b.messages = vec![msg];
    refused(
        &net,
        "MsgSend field 4",
        &s.sign_raw(&b.encode_to_vec(), &auth),
        &unknown("cosmos.bank.v1beta1.MsgSend", 4, "varint"),
    )
    .await;
    // … and inside a coin of the message.
    let mut coin = Coin {
        denom: "uakt".into(),
        amount: "1".into(),
    }
    .encode_to_vec();
    coin.extend(field(3, b"9"));
    let msg_bytes = cat(&[
        &field(1, s.key.address().as_bytes()),
        &field(2, vmc_devnet::genesis::dev_address(1).as_bytes()),
        &field(3, &coin),
    ]);
    let mut b = draft.body();
    b.messages[0].value = msg_bytes;
    refused(
        &net,
        "Coin field 3 in MsgSend",
        &s.sign_raw(&b.encode_to_vec(), &auth),
        &unknown("cosmos.base.v1beta1.Coin", 3, "bytes"),
    )
    .await;

    // Inside the public key (an Any in SignerInfo).
    let mut a = vmc_akash::tx::auth_info(&s.key.public_key_compressed(), 0, &draft.fee);
    if let Some(pk) = a.signer_infos[0].public_key.as_mut() {
        pk.value.extend([0x10, 0x07]);
    }
    refused(
        &net,
        "PubKey field 2",
        &s.sign_raw(&body, &a.encode_to_vec()),
        &unknown("cosmos.crypto.secp256k1.PubKey", 2, "varint"),
    )
    .await;
    // A public key type the chain does not know.
    let mut a = vmc_akash::tx::auth_info(&s.key.public_key_compressed(), 0, &draft.fee);
    if let Some(pk) = a.signer_infos[0].public_key.as_mut() {
        pk.type_url = "/vmc.Nothing".into();
    }
    refused(
        &net,
        "unknown public key type",
        &s.sign_raw(&body, &a.encode_to_vec()),
        "unable to resolve type URL /vmc.Nothing: tx parse error",
    )
    .await;

    // A non-critical unknown field in TxBody (1025: bit 1024 set) passes, as on the chain.
    let body1025 = cat(&[&body, &field(1025, b"x")]);
    let ok = s.sign_raw(&body1025, &auth);
    let res = net.broadcast(&ok).await;
    assert_eq!(res["code"], 0, "{res}");
    net.advance(1, 1.0).await;
    let v = net
        .get_ok(&format!(
            "/cosmos/tx/v1beta1/txs/{}",
            res["txhash"].as_str().unwrap()
        ))
        .await;
    assert_eq!(v["tx_response"]["code"], 0, "{v}");
    net.running.shutdown().await;
}

#[tokio::test]
async fn extension_options_are_refused_by_the_ante_handler() {
    let net = Net::start(Genesis::default_embedded()).await;
    let s = Signer::new(&net, 0).await;
    let draft = s.draft();
    let auth = draft.auth_info_bytes(&s.key.public_key_compressed(), 0);
    // extension_options (1023) holding a type the chain knows: decodes, then the ante handler
    // refuses it (sdk 31); non_critical_extension_options (2047) are allowed.
    let opt = field(1023, &send(&s.key).to_any().encode_to_vec());
    let tx = s.sign_raw(&cat(&[&draft.body_bytes(), &opt]), &auth);
    let res = net.broadcast(&tx).await;
    assert_eq!(
        (res["codespace"].as_str(), res["code"].as_u64()),
        (Some("sdk"), Some(31)),
        "{res}"
    );
    assert_eq!(res["raw_log"], "unknown extension options", "{res}");
    // An extension option of a type nobody registered does not even decode.
    let junk = field(1023, &cat(&[&field(1, b"/vmc.Nothing"), &field(2, b"")]));
    let tx = s.sign_raw(&cat(&[&draft.body_bytes(), &junk]), &auth);
    let res = net.broadcast(&tx).await;
    assert_eq!(
        res["raw_log"], "unable to resolve type URL /vmc.Nothing: tx parse error",
        "{res}"
    );
    let opt = field(2047, &send(&s.key).to_any().encode_to_vec());
    let tx = s.sign_raw(&cat(&[&draft.body_bytes(), &opt]), &auth);
    let res = net.broadcast(&tx).await;
    assert_eq!(res["code"], 0, "{res}");
    net.running.shutdown().await;
}

/// Writes the seed corpus of the `devnet_tx_decode` fuzz target (`fuzz/seeds/devnet_tx_decode`,
/// or `$VMC_FUZZ_SEEDS`): transactions the decoder accepts, for the fuzzer to malleate.
/// `cargo test -p vmc-devnet --test devnet -- --ignored akash_tx_malleation::write_fuzz_seeds`
#[tokio::test]
#[ignore = "writes the fuzz seed corpus"]
async fn write_fuzz_seeds() {
    let dir = std::env::var_os("VMC_FUZZ_SEEDS").map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../fuzz/seeds/devnet_tx_decode")
        },
        std::path::PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    let net = Net::start(Genesis::default_embedded()).await;
    let s = Signer::new(&net, 0).await;
    let tx = s.signed();
    let sdl = vmc_sdl::parse(akash_support::WEB_SDL).unwrap();
    let create = Msg::CreateDeployment(akash_support::create_deployment(
        &sdl,
        &s.key.address(),
        7,
        5_000_000,
    ));
    let mut draft = s.draft();
    draft.messages = vec![create];
    draft.memo = "fuzz seed".into();
    let deploy = draft.sign(&s.key, &s.data).unwrap();
    let seeds: [(&str, Vec<u8>); 4] = [
        ("send", tx.tx_raw.clone()),
        ("create_deployment", deploy.tx_raw.clone()),
        (
            "non_critical_body_field",
            s.sign_raw(
                &cat(&[&tx.body_bytes, &field(1025, b"x")]),
                &tx.auth_info_bytes,
            ),
        ),
        (
            "two_signatures",
            cat(&[&tx.tx_raw, &field(3, &tx.signature)]),
        ),
    ];
    for (name, bytes) in seeds {
        vmc_devnet::tx::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    net.running.shutdown().await;
}
