//! Fuzz target: any bytes → the devnet's transaction decoder, what broadcast and simulate run
//! first (`vmc_devnet::tx::decode`). Must never panic, hang or blow up memory, and must refuse
//! what the chain's decoder refuses: whatever it accepts stops being accepted once malleated
//! (an unknown field appended to the TxRaw — the probe's `7a 01 00` —, a non-critical one,
//! `body_bytes` repeated, a length prefix padded), each time with `sdk` code 2; and the parts
//! of an accepted TxRaw, re-encoded canonically, decode to the same transaction.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmc_devnet::tx::{self, TxError};

fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn field(num: u64, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 8);
    varint(num << 3 | 2, &mut out);
    varint(value.len() as u64, &mut out);
    out.extend_from_slice(value);
    out
}

fn refused(bytes: &[u8], what: &str) {
    match tx::decode(bytes) {
        Err(TxError {
            codespace, code, ..
        }) if codespace == "sdk" && code == 2 => {}
        Err(e) => panic!("{what}: refused with the wrong error {e:?}"),
        Ok(_) => panic!("{what}: a malleated transaction was accepted"),
    }
}

fuzz_target!(|data: &[u8]| {
    let t = match tx::decode(data) {
        Ok(t) => t,
        Err(e) => {
            assert_eq!(e.codespace, "sdk", "{e:?}");
            return;
        }
    };
    assert_eq!(t.hash, tx::tx_hash(data));
    refused(
        &[data, &[0x7a, 0x01, 0x00]].concat(),
        "unknown field 15 appended",
    );
    refused(
        &[data, &field(1024, b"x")].concat(),
        "non-critical field appended",
    );
    let body = field(1, &t.raw.body_bytes);
    refused(&[&body, data].concat(), "body_bytes twice");

    let auth = field(2, &t.raw.auth_info_bytes);
    let sigs: Vec<u8> = t.raw.signatures.iter().flat_map(|s| field(3, s)).collect();
    let canonical = [&body[..], &auth, &sigs].concat();
    let again = tx::decode(&canonical).expect("the canonical encoding decodes");
    assert_eq!(
        (&again.raw, &again.body, &again.auth, &again.signer),
        (&t.raw, &t.body, &t.auth, &t.signer)
    );
    // A padded length prefix on body_bytes (one byte longer than needed).
    let mut padded = Vec::new();
    varint(t.raw.body_bytes.len() as u64, &mut padded);
    *padded.last_mut().expect("a varint has a byte") |= 0x80;
    padded.push(0);
    let overlong = [&[0x0a][..], &padded, &t.raw.body_bytes, &auth, &sigs].concat();
    refused(&overlong, "overlong length prefix");
});
