use vmc_akash::keys::*;

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

#[test]
fn abandon_derives_known_address() {
    let m = Mnemonic::parse(ABANDON).unwrap();
    let k = SigningKey::from_mnemonic(&m, 0).unwrap();
    assert_eq!(k.address(), "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0");
    assert_eq!(
        hex::encode(k.public_key_compressed()),
        "024f4e2ad99c34d60b9ba6283c9431a8418af8673212961f97a77b6377fcd05b62"
    );
    let k1 = SigningKey::from_mnemonic(&m, 1).unwrap();
    assert_ne!(k1.address(), k.address());
}

#[test]
fn bad_word_is_named_by_position() {
    let bad = ABANDON.replacen("about", "aboutt", 1);
    assert_eq!(
        Mnemonic::parse(&bad).unwrap_err(),
        KeyError::UnknownWord { position: 12 }
    );
    let msg = Mnemonic::parse(&bad).unwrap_err().to_string();
    assert!(msg.contains("word 12"), "{msg}");
}

#[test]
fn bad_checksum_and_count() {
    let bad = ABANDON.replacen("about", "abandon", 1);
    assert_eq!(Mnemonic::parse(&bad).unwrap_err(), KeyError::BadChecksum);
    assert_eq!(
        Mnemonic::parse("abandon abandon").unwrap_err(),
        KeyError::WordCount(2)
    );
}

#[test]
fn redacts_secrets() {
    let m = Mnemonic::parse(ABANDON).unwrap();
    let k = SigningKey::from_mnemonic(&m, 0).unwrap();
    for s in [
        format!("{m:?}"),
        format!("{m}"),
        format!("{k:?}"),
        format!("{k}"),
    ] {
        assert!(!s.contains("abandon"), "{s}");
        assert!(s.contains("REDACTED"));
    }
}

#[test]
fn generate_roundtrips() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
    for words in [12, 24] {
        let m = Mnemonic::generate(words, &mut rng).unwrap();
        assert_eq!(m.word_count(), words);
        let again = Mnemonic::parse(&m.expose_phrase()).unwrap();
        assert_eq!(
            SigningKey::from_mnemonic(&m, 0).unwrap().address(),
            SigningKey::from_mnemonic(&again, 0).unwrap().address()
        );
    }
    assert_eq!(
        Mnemonic::generate(13, &mut rng).unwrap_err(),
        KeyError::WordCount(13)
    );
}

#[test]
fn sign_and_verify() {
    let k = SigningKey::from_mnemonic(&Mnemonic::parse(ABANDON).unwrap(), 0).unwrap();
    let sig = k.sign(b"msg");
    assert_eq!(sig, k.sign(b"msg"), "deterministic");
    verify_signature(&k.public_key_compressed(), b"msg", &sig).unwrap();
    assert_eq!(
        verify_signature(&k.public_key_compressed(), b"other", &sig).unwrap_err(),
        KeyError::SignatureMismatch
    );
    verify_signature_for_address(&k.address(), &k.public_key_compressed(), b"msg", &sig).unwrap();
    assert!(
        verify_signature_for_address(
            "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf",
            &k.public_key_compressed(),
            b"msg",
            &sig
        )
        .is_err()
    );
}

#[test]
fn address_validation() {
    validate_address("akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0", "akash").unwrap();
    assert!(validate_address("akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x1", "akash").is_err());
    assert!(validate_address("cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0", "akash").is_err());
}
