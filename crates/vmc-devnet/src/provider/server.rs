//! Serving one gateway: accept TCP → (fault: reset) → TLS (tokio-rustls) → HTTP/1.1 or HTTP/2
//! with upgrades (hyper-util) → the axum router, with the client's certificate chain, if any, in
//! each request's extensions as [`PeerCerts`]. On stop, open connections finish their requests
//! and close.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls_pki_types::CertificateDer;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use super::Gw;

/// The certificates the client presented during the TLS handshake.
#[derive(Debug, Clone)]
pub struct PeerCerts(pub Arc<Vec<CertificateDer<'static>>>);

/// Serves `router` on `listener` until `stop` turns true.
pub async fn serve(
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    router: Router,
    gw: Gw,
    mut stop: watch::Receiver<bool>,
) {
    let acceptor = TlsAcceptor::from(tls);
    loop {
        let accepted = tokio::select! {
            _ = stop.changed() => break,
            a = listener.accept() => a,
        };
        let Ok((tcp, _)) = accepted else {
            continue;
        };
        if gw
            .app
            .faults
            .take_unreachable([gw.address.as_str(), gw.name.as_str()])
        {
            // Close with RST: the client sees a reset connection.
            let _ = tcp.set_zero_linger();
            drop(tcp);
            continue;
        }
        let acceptor = acceptor.clone();
        let router = router.clone();
        let mut conn_stop = stop.clone();
        tokio::spawn(async move {
            let Ok(Ok(stream)) =
                tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
            else {
                return;
            };
            let peer = stream
                .get_ref()
                .1
                .peer_certificates()
                .filter(|c| !c.is_empty())
                .map(|c| PeerCerts(Arc::new(c.iter().map(|c| c.clone().into_owned()).collect())));
            let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                if let Some(p) = &peer {
                    req.extensions_mut().insert(p.clone());
                }
                router.clone().oneshot(req.map(axum::body::Body::new))
            });
            let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = conn_stop.changed() => {
                    // Shutting down: finish what is in flight, then close (keep-alive ends).
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(2), conn).await;
                }
            }
        });
    }
}
