//! Tampering with a log in any way a hand edit or a broken disk could: every case must fail
//! verification and name the right line.

use serde_json::json;
use vmc_receipt::{
    Draft, GENESIS_PREV, Platform, Problem, Receipt, ReceiptSigner, SignatureVerifier, sha256,
    verify_log,
};

/// A test double (NOT a real signature scheme): "signs" with SHA-256(key ‖ digest).
struct FakeSigner(u8);
impl ReceiptSigner for FakeSigner {
    fn scheme(&self) -> &str {
        "fake"
    }
    fn public_key(&self) -> Vec<u8> {
        vec![self.0]
    }
    fn sign(&self, digest: &[u8; 32]) -> Vec<u8> {
        let mut m = vec![self.0];
        m.extend_from_slice(digest);
        sha256(&m).to_vec()
    }
}
struct FakeVerifier;
impl SignatureVerifier for FakeVerifier {
    fn verify(&self, r: &Receipt, digest: &[u8; 32]) -> Result<(), String> {
        let s = r.signer.as_ref().ok_or("no signer")?;
        let key = hex::decode(&s.pubkey).map_err(|e| e.to_string())?;
        let want = FakeSigner(key[0]).sign(digest);
        if hex::encode(want) == *r.signature.as_ref().ok_or("no signature")? {
            Ok(())
        } else {
            Err("signature does not match".into())
        }
    }
}

fn log(n_pairs: usize, signed: bool) -> Vec<u8> {
    let signer = FakeSigner(7);
    let signer: Option<&dyn ReceiptSigner> = if signed { Some(&signer) } else { None };
    let mut out = String::new();
    let mut prev = GENESIS_PREV.to_string();
    let mut seq = 1;
    for i in 0..n_pairs {
        let intent = Draft::intent(
            format!("2026-01-01T00:00:0{i}Z"),
            Platform::Hetzner,
            "hetzner",
            "context:test",
            "hetzner.server.create",
            format!("web-{i}"),
            "scale out",
            json!({"name": format!("web-{i}"), "n": i}),
            "0.1.0",
        )
        .seal(seq, &prev, signer)
        .unwrap();
        let outcome = Draft::outcome_of(&intent, "2026-01-01T00:01:00Z", Ok(json!({"id": i})))
            .seal(seq + 1, &intent.sha256, signer)
            .unwrap();
        for r in [&intent, &outcome] {
            out.push_str(&r.to_line().unwrap());
            out.push('\n');
        }
        prev = outcome.sha256.clone();
        seq += 2;
    }
    out.into_bytes()
}

fn line_of(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos].iter().filter(|b| **b == b'\n').count() + 1
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn the_untouched_logs_verify() {
    let r = verify_log(&log(2, false), None).unwrap();
    assert_eq!((r.receipts, r.signatures_unchecked), (4, 0));
    let r = verify_log(&log(2, true), Some(&FakeVerifier)).unwrap();
    assert_eq!(r.signatures_checked, 4);
    let r = verify_log(&log(2, true), None).unwrap();
    assert_eq!(r.signatures_unchecked, 4);
}

#[test]
fn flipping_any_byte_fails_on_that_line() {
    for signed in [false, true] {
        let good = log(2, signed);
        for pos in 0..good.len() {
            for mask in [0x01u8, 0x20, 0x80] {
                let mut bad = good.clone();
                bad[pos] ^= mask;
                let err = verify_log(&bad, Some(&FakeVerifier)).expect_err(&format!(
                    "flip {mask:#x} at byte {pos} ({:?}) went unnoticed",
                    good[pos] as char
                ));
                assert_eq!(
                    err.line,
                    line_of(&good, pos),
                    "byte {pos} mask {mask:#x}: {err}"
                );
            }
        }
    }
}

#[test]
fn deleting_a_line_fails_on_the_next() {
    let good = log(3, false);
    let ls = lines(&good);
    for del in 0..ls.len() - 1 {
        let bad: Vec<u8> = ls
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != del)
            .flat_map(|(_, l)| l.clone())
            .collect();
        let err = verify_log(&bad, None).unwrap_err();
        assert_eq!(err.line, del + 1, "deleted line {}: {err}", del + 1);
        assert!(matches!(err.problem, Problem::BadSeq { .. }), "{err}");
    }
}

#[test]
fn swapping_two_lines_fails_on_the_first() {
    let good = log(3, false);
    let ls = lines(&good);
    for a in 0..ls.len() {
        for b in a + 1..ls.len() {
            let mut swapped = ls.clone();
            swapped.swap(a, b);
            let err = verify_log(&swapped.concat(), None).unwrap_err();
            assert_eq!(err.line, a + 1, "swapped {} and {}: {err}", a + 1, b + 1);
        }
    }
}

#[test]
fn a_torn_tail_is_reported_as_such() {
    let good = log(2, false);
    let mut torn = good.clone();
    torn.extend_from_slice(b"{\"action\":\"hetzner.ser");
    let err = verify_log(&torn, None).unwrap_err();
    assert_eq!(err.line, 5);
    assert_eq!(err.problem, Problem::TornTail { len: 22 });
    // Also a complete record missing only its newline.
    let err = verify_log(&good[..good.len() - 1], None).unwrap_err();
    assert_eq!(
        (err.line, matches!(err.problem, Problem::TornTail { .. })),
        (4, true)
    );
}

#[test]
fn removing_a_signature_or_swapping_the_key_fails() {
    let good = String::from_utf8(log(1, true)).unwrap();
    let first = good.lines().next().unwrap();
    let r: Receipt = serde_json::from_str(first).unwrap();
    // Drop the signature but keep the (hashed) signer.
    let mut v: serde_json::Value = serde_json::from_str(first).unwrap();
    v.as_object_mut().unwrap().remove("signature");
    let stripped = format!("{}\n", serde_json_canonicalizer::to_string(&v).unwrap());
    let err = verify_log(stripped.as_bytes(), Some(&FakeVerifier)).unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    // A different signer's valid signature over the same digest.
    let other = FakeSigner(8).sign(&hex::decode(&r.sha256).unwrap().try_into().unwrap());
    let forged = first.replace(r.signature.as_deref().unwrap(), &hex::encode(other));
    let err = verify_log(format!("{forged}\n").as_bytes(), Some(&FakeVerifier)).unwrap_err();
    assert!(matches!(err.problem, Problem::BadSignature(_)), "{err}");
}

#[test]
fn an_intent_has_at_most_one_outcome() {
    let good = log(1, false);
    let ls = lines(&good);
    let i: Receipt = serde_json::from_slice(ls[0].strip_suffix(b"\n").unwrap()).unwrap();
    let o1 = Draft::outcome_of(&i, "t", Ok(json!(1)))
        .seal(2, &i.sha256, None)
        .unwrap();
    let o2 = Draft::outcome_of(&i, "t", Ok(json!(2)))
        .seal(3, &o1.sha256, None)
        .unwrap();
    let text = format!(
        "{}{}\n{}\n",
        String::from_utf8(ls[0].clone()).unwrap(),
        o1.to_line().unwrap(),
        o2.to_line().unwrap()
    );
    let err = verify_log(text.as_bytes(), None).unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.to_string().contains("already has an outcome"), "{err}");
}
