//! Provider gateway authentication (§8.4): the SDK's conformance JWTs against on-chain keys,
//! the chain-sdk's published JWT cases, scope checks, expiry on the devnet clock, and legacy
//! mTLS client certificates published (or not) on chain.

use crate::akash_support;
use crate::provider_support;

use akash_support::{Net, dev_key};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use provider_support::{client, gateway, token};
use serde_json::Value;
use vmc_akash::jwt::{Alg, Leases};
use vmc_akash::keys::{Mnemonic, SigningKey};
use vmc_akash::proto::cert::{CertificateId, MsgRevokeCertificate};
use vmc_akash::tx::Msg;
use vmc_devnet::Genesis;
use vmc_devnet::genesis::GenesisAccount;

/// The provider the granular conformance tokens name.
const GRANULAR_PROVIDER: &str = "akash1achqtxnj5x0algqayherxcws0490awtp87xdmf";

#[allow(clippy::print_stderr)]
fn conformance() -> Option<std::path::PathBuf> {
    let dir = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR"));
    if dir.is_none() {
        eprintln!("skipped: conformance vectors not found");
    }
    dir.map(|d| d.join("tx"))
}

fn read(dir: &std::path::Path, name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

fn account(address: &str, pubkey_hex: &str) -> GenesisAccount {
    GenesisAccount {
        name: None,
        address: Some(address.to_string()),
        dev_wallet: None,
        account_number: None,
        sequence: 0,
        pubkey: Some(pubkey_hex.to_string()),
        balances: Default::default(),
    }
}

fn flip_signature(token: &str) -> String {
    let (head, sig) = token.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(sig).unwrap();
    bytes[10] ^= 0x01;
    format!("{head}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn message(body: &str) -> String {
    serde_json::from_str::<Value>(body).unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn conformance_jwts_against_on_chain_keys() {
    let Some(dir) = conformance() else { return };
    let vectors: Vec<Value> = ["abandon", "surround"]
        .iter()
        .flat_map(|k| {
            ["full", "scoped", "granular"].map(|a| read(&dir, &format!("jwt-{k}-{a}.json")))
        })
        .collect();
    let mut g = Genesis::default_embedded();
    for v in vectors.iter().step_by(3) {
        let s = &v["signer"];
        g.accounts.push(account(
            s["address"].as_str().unwrap(),
            s["pubkey_compressed_hex"].as_str().unwrap(),
        ));
    }
    let us_west = g
        .providers
        .iter_mut()
        .find(|p| p.name == "provider-us-west")
        .unwrap();
    us_west.address = Some(GRANULAR_PROVIDER.to_string());
    // The clock of the vectors: iat = nbf = genesis time.
    assert_eq!(g.genesis_ms().unwrap() / 1000, 1767225600);
    let net = Net::start(g).await;
    let gw = gateway(&net, "provider-us-west").await;
    assert_eq!(gw.address, GRANULAR_PROVIDER);
    let sdl = vmc_sdl::parse(include_str!("../../../../templates/akash/web.yaml")).unwrap();
    let manifest = sdl
        .groups_and_manifest(vmc_sdl::Convention::Ts)
        .1
        .canonical_json();

    for v in &vectors {
        let name = v["name"].as_str().unwrap();
        let t = v["token"].as_str().unwrap();
        let (status, _) = gw.get("/lease/1/1/1/status", Some(t)).await;
        let (put, _) = gw.put_manifest(1, &manifest, t).await;
        if name.ends_with("-full") {
            assert_eq!(status, 404, "{name}: accepted, no such lease");
            assert_eq!(put, 404, "{name}");
        } else if name.ends_with("-scoped") {
            assert_eq!(status, 401, "{name}: `status` is not in its scope");
            assert_eq!(put, 404, "{name}: `send-manifest` is");
        } else {
            assert_eq!(status, 401, "{name}: other deployment");
            assert_eq!(put, 401, "{name}");
            let ok = gw.get("/lease/19582634/1/1/status", Some(t)).await.0;
            assert_eq!(ok, 404, "{name}: the granted lease");
            let web = gw
                .get("/lease/19582634/1/1/service/web/status", Some(t))
                .await
                .0;
            assert_eq!(web, 404, "{name}: granted service");
            let db = gw
                .get("/lease/19582634/1/1/service/db/status", Some(t))
                .await
                .0;
            assert_eq!(db, 401, "{name}: service not granted");
            let other = gw.get("/lease/19582634/2/1/status", Some(t)).await.0;
            assert_eq!(other, 401, "{name}: other group");
        }
        let (s, body) = gw
            .get("/lease/1/1/1/status", Some(&flip_signature(t)))
            .await;
        assert_eq!(s, 401, "{name}: flipped signature");
        assert_eq!(message(&body), "JWT is invalid");
    }

    // A well-signed token of an account the chain has no key for.
    let stranger = token(&dev_key(2), 1767225600, Leases::full(), Alg::Es256k);
    let (s, body) = gw.get("/lease/1/1/1/status", Some(&stranger)).await;
    assert_eq!((s, message(&body).as_str()), (401, "JWT is invalid"));
    let (s, body) = gw.get("/lease/1/1/1/status", Some("")).await;
    assert_eq!(s, 400, "{body}");

    // One hour later (exp = iat + 3600) on the devnet clock, the tokens are expired.
    net.running.devnet().advance_secs(3600);
    let (s, body) = gw
        .get(
            "/lease/1/1/1/status",
            Some(vectors[0]["token"].as_str().unwrap()),
        )
        .await;
    assert_eq!((s, message(&body).as_str()), (401, "JWT is expired"));
}

#[tokio::test]
async fn official_jwt_cases_behave_as_published() {
    let Some(dir) = conformance() else { return };
    let cases = read(&dir, "jwt-official-cases.json");
    let m = Mnemonic::parse(cases["mnemonic"].as_str().unwrap()).unwrap();
    let key = SigningKey::from_mnemonic(&m, 0).unwrap();
    let pk = key.public_key_compressed();
    let list = cases["cases"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    for c in list {
        let t = c["tokenString"].as_str().unwrap();
        let got = vmc_devnet::provider::jwt::verify_signature(t, &pk);
        let must_fail = c["mustFail"].as_bool().unwrap();
        assert_eq!(got.is_err(), must_fail, "{}: {got:?}", c["description"]);
        if !must_fail {
            let alg = c["expected"]["alg"].as_str().unwrap();
            let want = if alg == "ES256K" {
                vmc_devnet::provider::jwt::Alg::Es256k
            } else {
                vmc_devnet::provider::jwt::Alg::Es256kAdr36
            };
            assert_eq!(got.unwrap().0, want);
        }
    }

    // The scoped case (claims not key-sorted) and its SDK re-signing, through the gateway with
    // the clock at their iat and the signer's key on chain.
    let scoped = list
        .iter()
        .find(|c| c["description"] == "ES256KADR36 - Valid Signature/with scoped claims")
        .unwrap();
    let iss = scoped["expected"]["claims"]["iss"].as_str().unwrap();
    assert_eq!(key.address(), iss);
    let mut g = Genesis::default_embedded();
    g.genesis_time = "2025-10-14T01:22:20Z".into();
    g.accounts.push(account(iss, &hex::encode(pk)));
    let net = Net::start(g).await;
    let gw = gateway(&net, "provider-us-west").await;
    for t in [
        scoped["tokenString"].as_str().unwrap(),
        cases["regenerated"]["token"].as_str().unwrap(),
    ] {
        assert_eq!(gw.get("/lease/1/1/1/status", Some(t)).await.0, 404);
        let body = gw.put_manifest(1, "[]", t).await;
        assert_eq!(body.0, 401, "send-manifest is not in the scope");
    }
    // The short cases carry no `iss`: no on-chain key to check them with.
    for c in list
        .iter()
        .filter(|c| c["description"].as_str().unwrap().contains("short"))
    {
        let (s, _) = gw
            .get("/lease/1/1/1/status", c["tokenString"].as_str())
            .await;
        assert_eq!(s, 401);
    }
}

#[tokio::test]
async fn mtls_client_certificates_checked_against_the_chain() {
    let net = Net::start(Genesis::default_embedded()).await;
    let key = dev_key(0);
    let owner = key.address();
    let gw = gateway(&net, "provider-us-west").await;
    let not_before = time::OffsetDateTime::from_unix_timestamp(1767225600 - 3600).unwrap();
    let published = vmc_akash::cert::generate(&owner, not_before).unwrap();
    let res = net
        .deliver(
            &key,
            vec![Msg::CreateCertificate(published.msg_create_certificate())],
        )
        .await;
    assert_eq!(res["code"], 0, "{res}");
    let unpublished =
        vmc_akash::cert::generate(&owner, not_before + time::Duration::seconds(1)).unwrap();
    let identity = |c: &vmc_akash::cert::ClientCertificate| {
        format!("{}{}", c.cert_pem, c.expose_private_key_pem())
    };
    let url = format!("{}/lease/1/1/1/status", gw.url);

    let ok = client(&gw.cert_der, Some(&identity(&published)));
    let r = ok.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404, "accepted, no such lease");
    assert_eq!(
        ok.get(format!("{}/address", gw.url))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );

    let refused = client(&gw.cert_der, Some(&identity(&unpublished)));
    let r = refused.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401, "not on chain");

    let jwt = token(&key, 1767225600, Leases::full(), Alg::Es256k);
    let r = ok.get(&url).bearer_auth(&jwt).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let body = r.text().await.unwrap();
    assert!(
        message(&body).starts_with("auth: ambiguous authentication"),
        "{body}"
    );

    // Revoked on chain: refused from then on.
    let res = net
        .deliver(
            &key,
            vec![Msg::RevokeCertificate(MsgRevokeCertificate {
                id: Some(CertificateId {
                    owner: owner.clone(),
                    serial: published.serial.clone(),
                }),
            })],
        )
        .await;
    assert_eq!(res["code"], 0, "{res}");
    let again = client(&gw.cert_der, Some(&identity(&published)));
    let r = again.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401, "revoked");
}
