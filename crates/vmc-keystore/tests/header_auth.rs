//! Issue 15, point 5: the header of a keystore entry is authenticated, and hostile KDF costs are
//! refused before any key is derived.
//!
//! "Before deriving" is shown structurally: [`Keystore::read`] takes no passphrase, so it cannot
//! derive a key; an entry it refuses is refused before any derivation, and `unlock` (which reads
//! first) returns that same error.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use vmc_keystore::{EntryMeta, FORMAT_VERSION, KdfParams, Keystore, KeystoreError, SecretKind};

const PASS: &str = "right passphrase";
const SECRET: &str = "twelve secret words";

fn meta(name: &str) -> EntryMeta {
    EntryMeta {
        name: name.into(),
        address: "akash1headeraddress".into(),
        account_index: 1,
        created: "2026-01-01T00:00:00Z".into(),
        kind: SecretKind::Mnemonic,
    }
}

fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}

/// A fresh entry `e` (fast parameters), and its JSON.
fn entry(ks: &Keystore) -> Value {
    let path = ks
        .create(
            meta("e"),
            &pw(SECRET),
            &pw(PASS),
            KdfParams::INSECURE_FAST_FOR_TESTS,
        )
        .unwrap();
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write(ks: &Keystore, value: &Value) {
    let text = serde_json::to_string_pretty(value).unwrap();
    std::fs::write(ks.path_for("e").unwrap(), text).unwrap();
}

/// Flips one bit of the first byte of a base64 field, keeping it valid base64 of the same length.
fn flip_b64(text: &str) -> String {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD as B64;
    let mut bytes = B64.decode(text).unwrap();
    bytes[0] ^= 1;
    B64.encode(bytes)
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = new;
}

fn corrupted_detail(err: &KeystoreError) -> Option<&str> {
    match err {
        KeystoreError::Corrupted { detail, .. } => Some(detail),
        _ => None,
    }
}

#[test]
fn new_entries_are_version_2() {
    let tmp = tempfile::tempdir().unwrap();
    let ks = Keystore::new(tmp.path());
    assert_eq!(FORMAT_VERSION, 2);
    assert_eq!(entry(&ks)["version"], 2);
    let u = ks.unlock("e", &pw(PASS)).unwrap();
    assert_eq!(u.secret.expose_secret(), SECRET);
}

/// Out-of-range costs are refused by `read` (no passphrase, so no derivation), naming the field
/// and the bound. Before the fix `m_kib: 4194304` was accepted and cost 4 GiB and ~12 s.
#[test]
fn hostile_kdf_costs_are_refused_before_deriving() {
    let tmp = tempfile::tempdir().unwrap();
    let ks = Keystore::new(tmp.path());
    let original = entry(&ks);
    for (field, value, names) in [
        ("m_kib", 4_194_304u64, "kdf.m_kib"),
        ("m_kib", u64::from(u32::MAX), "kdf.m_kib"),
        ("m_kib", 2_097_152, "kdf.m_kib"),
        ("t", 1_000_000, "kdf.t"),
        ("t", 17, "kdf.t"),
        ("p", 255, "kdf.p"),
        ("t", 0, "kdf.t"),
        ("p", 0, "kdf.p"),
    ] {
        let mut v = original.clone();
        set(&mut v, &format!("/kdf/{field}"), json!(value));
        write(&ks, &v);
        let err = ks.read("e").unwrap_err();
        let detail = corrupted_detail(&err).unwrap_or_else(|| panic!("{field}={value}: {err:?}"));
        assert!(detail.contains(names), "{field}={value}: {detail}");
        assert!(
            detail.contains("at most") || detail.contains("at least"),
            "{field}={value}: the bound is named: {detail}"
        );
        // unlock reads first, so it fails the same way, without deriving.
        let err = ks.unlock("e", &pw(PASS)).unwrap_err();
        assert!(corrupted_detail(&err).is_some(), "{err:?}");
    }
    // Within every per-field bound, but too much work in total (1 GiB × 2 passes).
    let mut v = original.clone();
    set(&mut v, "/kdf/m_kib", json!(1_048_576));
    set(&mut v, "/kdf/t", json!(2));
    write(&ks, &v);
    let err = ks.read("e").unwrap_err();
    let detail = corrupted_detail(&err).unwrap_or_else(|| panic!("{err:?}"));
    assert!(detail.contains("kdf.m_kib × kdf.t"), "{detail}");
}

/// The bounds also hold when sealing: no entry vmc writes can be refused on reading.
#[test]
fn sealing_refuses_the_same_bounds() {
    let tmp = tempfile::tempdir().unwrap();
    let ks = Keystore::new(tmp.path());
    let err = ks
        .create(
            meta("big"),
            &pw(SECRET),
            &pw(PASS),
            KdfParams {
                m_kib: 4 * 1024 * 1024,
                t: 1,
                p: 1,
            },
        )
        .unwrap_err();
    assert!(matches!(err, KeystoreError::InvalidKdf(_)), "{err:?}");
    assert!(!ks.path_for("big").unwrap().exists());
    assert!(KdfParams::DEFAULT.validate().is_ok());
}

/// Every header field, edited on its own, is refused as a modified file, never as a wrong
/// passphrase, under the right passphrase. The one exception is documented: an edited salt
/// changes the derived key exactly as a wrong passphrase does, and the message says so.
#[test]
fn every_header_edit_reads_as_modified() {
    let tmp = tempfile::tempdir().unwrap();
    let ks = Keystore::new(tmp.path());
    let original = entry(&ks);
    let b64 = |p: &str| flip_b64(original.pointer(p).unwrap().as_str().unwrap());
    let edits: Vec<(&str, Value)> = vec![
        ("/version", json!(1)),
        ("/address", json!("akash1attackeraddress")),
        ("/account_index", json!(7)),
        ("/created", json!("2027-01-01T00:00:00Z")),
        ("/kind", json!("private_key_pem")),
        ("/kdf/m_kib", json!(257)),
        ("/kdf/m_kib", json!(65536)),
        ("/kdf/t", json!(2)),
        ("/kdf/t", json!(3)),
        ("/kdf/p", json!(2)),
        ("/kdf/check", json!(b64("/kdf/check"))),
        ("/cipher/nonce", json!(b64("/cipher/nonce"))),
        ("/cipher/ciphertext", json!(b64("/cipher/ciphertext"))),
    ];
    let mut wrong = Vec::new();
    for (pointer, value) in edits {
        let mut v = original.clone();
        set(&mut v, pointer, value.clone());
        write(&ks, &v);
        match ks.unlock("e", &pw(PASS)) {
            Err(e)
                if corrupted_detail(&e).is_some()
                    && !e.to_string().contains("wrong passphrase") => {}
            Err(e) => wrong.push(format!("{pointer} = {value}: {e}")),
            Ok(_) => wrong.push(format!("{pointer} = {value}: opened")),
        }
        // A wrong passphrase on an edited file is not reported as the right one either.
        assert!(ks.unlock("e", &pw("wrong")).is_err());
    }
    assert!(
        wrong.is_empty(),
        "edits not refused as a modified file:\n{}",
        wrong.join("\n")
    );
    let mut v = original.clone();
    set(&mut v, "/kdf/salt", json!(b64("/kdf/salt")));
    write(&ks, &v);
    let err = ks.unlock("e", &pw(PASS)).unwrap_err();
    assert!(
        matches!(err, KeystoreError::WrongPassphrase { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("salt"), "{err}");
    // The untouched entry still opens, and a wrong passphrase is still named.
    write(&ks, &original);
    assert_eq!(
        ks.unlock("e", &pw(PASS)).unwrap().secret.expose_secret(),
        SECRET
    );
    assert!(matches!(
        ks.unlock("e", &pw("wrong")),
        Err(KeystoreError::WrongPassphrase { .. })
    ));
}

/// Version 1 entries (written by earlier vmc; this fixture came from the v1 code) still open, are
/// never rewritten, and their bound metadata is still checked.
#[test]
fn version_1_entries_still_open() {
    let fixture =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-legacy.json"))
            .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let ks = Keystore::new(tmp.path());
    let path = ks.path_for("legacy").unwrap();
    std::fs::write(&path, &fixture).unwrap();
    let sealed = ks.read("legacy").unwrap();
    assert_eq!(sealed.version(), 1);
    assert_eq!(sealed.to_json().as_bytes(), &fixture[..]);
    let u = ks.unlock("legacy", &pw("old pass")).unwrap();
    assert_eq!(u.secret.expose_secret(), "legacy secret words");
    assert_eq!(u.meta.account_index, 3);
    assert!(matches!(
        ks.unlock("legacy", &pw("wrong")),
        Err(KeystoreError::WrongPassphrase { .. })
    ));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        fixture,
        "opening never rewrites"
    );
    // Its metadata is bound (v1 did that already), and an edited check reads as modified.
    let mut v: Value = serde_json::from_slice(&fixture).unwrap();
    set(&mut v, "/address", json!("akash1attackeraddress"));
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let err = ks.unlock("legacy", &pw("old pass")).unwrap_err();
    assert!(corrupted_detail(&err).is_some(), "{err:?}");
    let mut v: Value = serde_json::from_slice(&fixture).unwrap();
    let check = flip_b64(v["kdf"]["check"].as_str().unwrap());
    set(&mut v, "/kdf/check", json!(check));
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let err = ks.unlock("legacy", &pw("old pass")).unwrap_err();
    assert!(corrupted_detail(&err).is_some(), "{err:?}");
    // And the cost bounds apply to v1 too.
    let mut v: Value = serde_json::from_slice(&fixture).unwrap();
    set(&mut v, "/kdf/m_kib", json!(4_194_304));
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let err = ks.read("legacy").unwrap_err();
    assert!(
        corrupted_detail(&err).is_some_and(|d| d.contains("kdf.m_kib")),
        "{err:?}"
    );
}
