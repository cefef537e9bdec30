//! `<conformance>/tx/jwt-*.json`: tokens reproduced byte for byte; official cases verified.

use serde_json::Value;
use vmc_akash::jwt::{self, Alg, Claims};
use vmc_akash::keys::{Mnemonic, SigningKey};

fn load(name: &str) -> Option<Value> {
    let dir = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR"))?;
    Some(
        serde_json::from_str(&std::fs::read_to_string(dir.join("tx").join(name)).unwrap()).unwrap(),
    )
}

#[test]
fn sdk_tokens_byte_for_byte() {
    let mut n = 0;
    for who in ["abandon", "surround"] {
        for kind in ["full", "scoped", "granular"] {
            let Some(v) = load(&format!("jwt-{who}-{kind}.json")) else {
                return;
            };
            let key = SigningKey::from_mnemonic(
                &Mnemonic::parse(v["signer"]["mnemonic"].as_str().unwrap()).unwrap(),
                0,
            )
            .unwrap();
            let claims: Claims = serde_json::from_str(v["claims_json"].as_str().unwrap()).unwrap();
            assert_eq!(
                jwt::adr36_sign_doc(&key.address(), v["signing_input"].as_str().unwrap()),
                v["adr36_amino_sign_doc_json"].as_str().unwrap()
            );
            let token = jwt::issue(&key, &claims, Alg::Es256kAdr36).unwrap();
            assert_eq!(
                token.expose(),
                v["token"].as_str().unwrap(),
                "jwt-{who}-{kind}"
            );
            let now = claims.iat + 10;
            assert_eq!(
                jwt::verify(token.expose(), &key.public_key_compressed(), now).unwrap(),
                claims
            );
            assert!(matches!(
                jwt::verify(token.expose(), &key.public_key_compressed(), claims.exp),
                Err(jwt::JwtError::Expired { .. })
            ));
            // ES256K over the same claims verifies too.
            let t2 = jwt::issue(&key, &claims, Alg::Es256k).unwrap();
            jwt::verify(t2.expose(), &key.public_key_compressed(), now).unwrap();
            n += 1;
        }
    }
    assert_eq!(n, 6);
}

#[test]
fn official_cases() {
    let Some(v) = load("jwt-official-cases.json") else {
        return;
    };
    let key = SigningKey::from_mnemonic(
        &Mnemonic::parse(v["mnemonic"].as_str().unwrap()).unwrap(),
        0,
    )
    .unwrap();
    assert_eq!(
        key.address(),
        "akash1qufa3xzrf34qvwyejkhvnc4psf49fftaw0asmh"
    );
    let pk = key.public_key_compressed();
    let (mut ok, mut failed) = (0, 0);
    for c in v["cases"].as_array().unwrap() {
        let token = c["tokenString"].as_str().unwrap();
        let r = jwt::verify_signature_only(token, &pk);
        if c["mustFail"].as_bool().unwrap() {
            assert!(r.is_err(), "{} must fail", c["description"]);
            failed += 1;
        } else {
            let (alg, claims) = r.unwrap_or_else(|e| panic!("{}: {e}", c["description"]));
            assert_eq!(alg.as_str(), c["expected"]["alg"].as_str().unwrap());
            if claims.get("iss").is_some() {
                assert_eq!(claims, c["expected"]["claims"]);
            }
            ok += 1;
        }
    }
    assert_eq!((ok, failed), (3, 2));
    // The scoped official token passes full verification inside its validity window.
    let scoped = &v["cases"][2]["tokenString"];
    let claims = jwt::verify(scoped.as_str().unwrap(), &pk, 1_760_405_000).unwrap();
    assert_eq!(claims.iss, key.address());
    // The regenerated (key-sorted) token is reproduced byte for byte.
    let regen: Claims = serde_json::from_str(
        v["regenerated"]["regenerated_claims_json"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        jwt::issue(&key, &regen, Alg::Es256kAdr36).unwrap().expose(),
        v["regenerated"]["token"].as_str().unwrap()
    );
}

#[test]
fn refuses_bad_claims_and_tampering() {
    let key = SigningKey::from_mnemonic(
        &Mnemonic::parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").unwrap(),
        0,
    )
    .unwrap();
    let mut c = jwt::default_claims(&key.address(), 1000, jwt::Leases::scoped(vec![]));
    assert!(jwt::issue(&key, &c, Alg::Es256k).is_err(), "empty scope");
    c.leases = jwt::Leases::full();
    assert_eq!(c.exp - c.iat, 900);
    let t = jwt::issue(&key, &c, Alg::Es256kAdr36).unwrap();
    assert!(!format!("{t:?}").contains(t.expose()));
    let mut parts: Vec<String> = t.expose().split('.').map(String::from).collect();
    parts[1] = parts[1].replacen('e', "f", 1);
    assert!(jwt::verify(&parts.join("."), &key.public_key_compressed(), 1001).is_err());
    assert!(matches!(
        jwt::verify(t.expose(), &key.public_key_compressed(), 999),
        Err(jwt::JwtError::NotYetValid { .. })
    ));
    let other = SigningKey::from_mnemonic(
        &Mnemonic::parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").unwrap(),
        1,
    )
    .unwrap();
    assert!(jwt::verify(t.expose(), &other.public_key_compressed(), 1001).is_err());
    c.iss = other.address();
    assert!(matches!(
        jwt::issue(&key, &c, Alg::Es256k),
        Err(jwt::JwtError::IssuerMismatch { .. })
    ));
}
