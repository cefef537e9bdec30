//! Shared by the `hetzner_*` tests: the router on 127.0.0.1:0 and a small JSON client.
#![allow(dead_code)]

use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use vmc_devnet::hetzner::{
    Clock, DEFAULT_TOKEN, HetznerFixtures, HetznerState, ManualClock, admin_router, router,
};

/// 2026-11-21T00:00:00Z.
pub const T0: i64 = 1_795_219_200_000;

pub struct Devnet {
    /// `http://127.0.0.1:PORT/v1`
    pub base: String,
    /// `http://127.0.0.1:PORT/__devnet/hetzner`
    pub admin: String,
    pub state: HetznerState,
    pub token: String,
    pub client: reqwest::Client,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
}

/// Serve `state` on an ephemeral loopback port.
pub async fn serve(state: HetznerState) -> Devnet {
    let app = axum::Router::new()
        .nest("/v1", router(state.clone()))
        .nest("/__devnet/hetzner", admin_router(state.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Devnet {
        base: format!("http://{addr}/v1"),
        admin: format!("http://{addr}/__devnet/hetzner"),
        state,
        token: DEFAULT_TOKEN.to_string(),
        client: reqwest::Client::new(),
    }
}

/// A devnet on a manual clock standing at [`T0`].
pub async fn start(fixtures: HetznerFixtures) -> (Devnet, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(T0));
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    (
        serve(HetznerState::new(fixtures, dyn_clock, 7)).await,
        clock,
    )
}

impl Devnet {
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        };
        let mut req = self.client.request(method, url).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, None).await
    }

    /// Create a server and return its id (asserting 201).
    pub async fn create(&self, name: &str, labels: Value) -> i64 {
        let a = self
            .post(
                "/servers",
                serde_json::json!({"name": name, "server_type": "cx22", "image": "ubuntu-24.04", "labels": labels}),
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        a.body["server"]["id"].as_i64().unwrap()
    }

    pub async fn server(&self, id: i64) -> Value {
        let a = self.get(&format!("/servers/{id}")).await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.body["server"].clone()
    }

    pub async fn action(&self, id: i64) -> Value {
        let a = self.get(&format!("/actions/{id}")).await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.body["action"].clone()
    }
}
