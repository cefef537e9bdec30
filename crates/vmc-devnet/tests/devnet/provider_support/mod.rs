//! Talking to a devnet provider gateway as a client would: the provider's certificate is taken
//! from the chain (REST) and is the only trusted root; JWTs are made by vmc's protocol crate;
//! websockets over the same TLS.
#![allow(dead_code)]

use std::sync::Arc;

use base64::Engine;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use vmc_akash::jwt::{self, Alg, Leases};
use vmc_akash::keys::SigningKey;

use crate::akash_support::Net;

pub struct Gateway {
    pub name: String,
    pub address: String,
    pub url: String,
    /// The provider's certificate as published on chain (DER).
    pub cert_der: Vec<u8>,
    /// HTTPS client trusting only that certificate.
    pub http: reqwest::Client,
}

/// The DER of the single valid on-chain certificate of `owner`.
pub async fn on_chain_cert(net: &Net, owner: &str) -> Vec<u8> {
    let v = net
        .get_ok(&format!(
            "/akash/cert/v1/certificates/list?filter.owner={owner}&filter.state=valid"
        ))
        .await;
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 1, "one valid certificate for {owner}: {v}");
    let pem_text = base64::engine::general_purpose::STANDARD
        .decode(certs[0]["certificate"]["cert"].as_str().unwrap())
        .unwrap();
    pem::parse(pem_text).unwrap().contents().to_vec()
}

pub fn client(root_der: &[u8], identity_pem: Option<&str>) -> reqwest::Client {
    let mut b = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .min_tls_version(reqwest::tls::Version::TLS_1_3)
        .add_root_certificate(reqwest::Certificate::from_der(root_der).unwrap());
    if let Some(pem) = identity_pem {
        b = b.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
    }
    b.build().unwrap()
}

pub async fn gateway(net: &Net, name: &str) -> Gateway {
    let info = net
        .running
        .gateways
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no gateway {name}"))
        .clone();
    let cert_der = on_chain_cert(net, &info.address).await;
    Gateway {
        http: client(&cert_der, None),
        name: info.name,
        address: info.address,
        url: info.url,
        cert_der,
    }
}

/// A JWT signed by `key`, valid from `now_s` for 15 minutes.
pub fn token(key: &SigningKey, now_s: i64, leases: Leases, alg: Alg) -> String {
    let claims = jwt::default_claims(&key.address(), now_s, leases);
    jwt::issue(key, &claims, alg).unwrap().expose().to_string()
}

impl Gateway {
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, String) {
        let mut r = self.http.get(format!("{}{path}", self.url));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let r = r.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn get_json(&self, path: &str, token: Option<&str>) -> Value {
        let (s, body) = self.get(path, token).await;
        assert_eq!(s, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    pub async fn put_manifest(&self, dseq: u64, body: &str, token: &str) -> (u16, String) {
        let r = self
            .http
            .put(format!("{}/deployment/{dseq}/manifest", self.url))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Opens a websocket (`path_and_query` under the gateway) with a bearer token.
    pub async fn ws(
        &self,
        path_and_query: &str,
        token: &str,
    ) -> WebSocketStream<TlsStream<TcpStream>> {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(rustls_pki_types::CertificateDer::from(
                self.cert_der.clone(),
            ))
            .unwrap();
        let cfg = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        let hostport = self.url.trim_start_matches("https://").to_string();
        let tcp = TcpStream::connect(&hostport).await.unwrap();
        let name = rustls_pki_types::ServerName::try_from("127.0.0.1").unwrap();
        let tls = tokio_rustls::TlsConnector::from(Arc::new(cfg))
            .connect(name, tcp)
            .await
            .unwrap();
        let mut req = format!("wss://{hostport}{path_and_query}")
            .into_client_request()
            .unwrap();
        req.headers_mut()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
        let (ws, _) = tokio_tungstenite::client_async(req, tls).await.unwrap();
        ws
    }
}

/// Creates the deployment of `web.yaml` with on-chain `hash` (default: the manifest's own),
/// waits for bids and leases it to `provider`. Returns the manifest text vmc-sdl produced.
pub async fn lease_web(
    net: &Net,
    key: &SigningKey,
    dseq: u64,
    provider: &str,
    hash: Option<Vec<u8>>,
) -> String {
    use vmc_akash::proto::base::Deposit;
    use vmc_akash::proto::cosmos::Coin;
    use vmc_akash::proto::deployment::{DeploymentId, MsgCreateDeployment};
    use vmc_akash::proto::market::{BidId, MsgCreateLease};
    use vmc_akash::tx::Msg;
    let sdl = vmc_sdl::parse(include_str!("../../../../../templates/akash/web.yaml")).unwrap();
    let (groups, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::Ts);
    let owner = key.address();
    let msg = MsgCreateDeployment {
        id: Some(DeploymentId {
            owner: owner.clone(),
            dseq,
        }),
        groups: vmc_akash::groups::group_specs_to_proto(&groups),
        hash: hash.unwrap_or_else(|| manifest.hash().to_vec()),
        deposit: Some(Deposit {
            amount: Some(Coin {
                denom: "uact".into(),
                amount: "5000000".into(),
            }),
            sources: vec![1],
        }),
        reclamation: None,
    };
    let res = net.deliver(key, vec![Msg::CreateDeployment(msg)]).await;
    assert_eq!(res["code"], 0, "{res}");
    net.advance(1, 1.0).await;
    let lease = Msg::CreateLease(MsgCreateLease {
        bid_id: Some(BidId {
            owner,
            dseq,
            gseq: 1,
            oseq: 1,
            provider: provider.to_string(),
            bseq: 0,
        }),
    });
    let res = net.deliver(key, vec![lease]).await;
    assert_eq!(res["code"], 0, "{res}");
    manifest.canonical_json()
}
