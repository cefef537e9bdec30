//! Client certificates: ours validate and have the Go/alpha.38 structure; the SDK samples in
//! `<conformance>/tx/certificate-*.json` pass the same validator.

use time::macros::datetime;
use vmc_akash::cert::{self, CertError};

const OWNER: &str = "akash19rl4cm2hmr8afy4kldpxz3fka4jguq0a3mq6x0";

#[test]
fn generated_certificate_validates() {
    let now = datetime!(2026-01-01 00:00:00 UTC);
    let c = cert::generate(OWNER, now).unwrap();
    assert_eq!(c.serial, "1767225600000000");
    assert!(c.cert_pem.starts_with("-----BEGIN CERTIFICATE-----\r\n"));
    assert!(
        c.pubkey_pem
            .starts_with("-----BEGIN EC PUBLIC KEY-----\r\n")
    );
    assert!(
        c.expose_private_key_pem()
            .starts_with("-----BEGIN PRIVATE KEY-----\r\n")
    );
    assert!(!format!("{c:?}").contains("PRIVATE KEY-----"));
    let msg = c.msg_create_certificate();
    let info = cert::validate_on_chain(OWNER, &msg.cert, &msg.pubkey).unwrap();
    assert_eq!(info.cn, OWNER);
    assert_eq!(info.serial, c.serial);
    assert!(!info.is_ca && info.client_auth);
    assert_eq!(info.not_after - info.not_before, 365 * 86400);
    // Wrong owner, swapped blocks.
    assert!(matches!(
        cert::validate_on_chain(
            "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf",
            &msg.cert,
            &msg.pubkey
        ),
        Err(CertError::OwnerMismatch { .. })
    ));
    assert!(cert::validate_on_chain(OWNER, &msg.pubkey, &msg.cert).is_err());
    let other = cert::generate(OWNER, now).unwrap();
    assert!(cert::validate_on_chain(OWNER, &msg.cert, other.pubkey_pem.as_bytes()).is_err());
    assert!(cert::generate("akash1bad", now).is_err());
}

#[test]
fn sdk_samples_validate() {
    let Some(dir) = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR")) else {
        return;
    };
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("tx")).unwrap() {
        let p = e.unwrap().path();
        if !p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("certificate-")
        {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let owner = v["address"].as_str().unwrap();
        let info = cert::validate_on_chain(
            owner,
            v["cert_pem"].as_str().unwrap().as_bytes(),
            v["public_key_pem"].as_str().unwrap().as_bytes(),
        )
        .unwrap();
        assert_eq!(info.cn, owner);
        let hex_serial = v["parsed_by_node_crypto"]["serial_hex"].as_str().unwrap();
        assert_eq!(
            info.serial,
            u128::from_str_radix(hex_serial, 16).unwrap().to_string()
        );
        assert!(info.client_auth);
        // Ours has the same shape apart from the documented alpha.38 changes (CA:FALSE, OID).
        let ours = cert::generate(
            owner,
            time::OffsetDateTime::from_unix_timestamp(info.not_before).unwrap(),
        )
        .unwrap();
        let mine =
            cert::validate_on_chain(owner, ours.cert_pem.as_bytes(), ours.pubkey_pem.as_bytes())
                .unwrap();
        assert_eq!(
            (mine.not_before, mine.not_after),
            (info.not_before, info.not_after)
        );
        assert_eq!(
            mine.serial,
            (info.not_before as u128 * 1_000_000).to_string()
        );
        // A tampered certificate fails.
        let mut der = pem::parse(v["cert_pem"].as_str().unwrap())
            .unwrap()
            .contents()
            .to_vec();
        let i = der.len() / 2;
        der[i] ^= 1;
        assert!(cert::parse_certificate(&der).is_err());
        n += 1;
    }
    assert_eq!(n, 2);
}
