//! Where and how the server listens: on loopback only, with a bounded number
//! of connections, each cut off when it is slow to send a request or sits
//! idle, and with the open-file soft limit raised to the hard limit.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a client may take to send a request's line and headers, counted
/// from when the connection starts waiting for them; hyper starts that wait
/// as soon as a kept-alive connection is idle, so this is also the longest a
/// connection may sit idle between requests.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to send a whole request body, from the end of
/// its headers (bodies are at most [`crate::MAX_BODY_BYTES`]).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections are served at once. One learner's browser opens
/// about six; further connections wait in the listening socket's backlog
/// until one closes (at most [`HEADER_READ_TIMEOUT`] for an idle or stalled
/// one), rather than being refused.
pub const MAX_CONNECTIONS: usize = 256;

/// How long to wait before accepting again after `accept` failed (out of
/// file descriptors, say), instead of spinning.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(50);

/// The limits on every connection (the constants of this module by default;
/// tests shorten them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// See [`BODY_READ_TIMEOUT`].
    pub body_read_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Why the server could not serve.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address is not a loopback address.
    #[error(
        "{0} is not a loopback address: Iqrah has no accounts yet, so anyone on the network \
         could read and change the learner's data; listen on 127.0.0.1 (the default), [::1] \
         or another loopback address"
    )]
    NotLoopback(std::net::IpAddr),
    /// Binding or accepting failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Refuses an address other computers could reach: a server for the local
/// learner has no accounts, so it must listen on loopback only.
pub fn require_loopback(addr: SocketAddr) -> Result<(), ServeError> {
    let ip = addr.ip().to_canonical();
    if ip.is_loopback() {
        Ok(())
    } else {
        Err(ServeError::NotLoopback(addr.ip()))
    }
}

/// Raises the open-file soft limit to the hard limit (each connection holds
/// a file descriptor) and returns the new soft limit. Does nothing where the
/// platform has no such limit.
pub fn raise_open_file_limit() -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

/// Binds `addr` (loopback only when `loopback_only`), calls `ready` with the bound address, and
/// serves `app` until `shutdown` completes; then stops accepting, closes
/// idle connections and waits for requests in flight.
pub(crate) async fn listen(
    addr: SocketAddr,
    loopback_only: bool,
    app: impl FnOnce(SocketAddr) -> Router,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    if loopback_only {
        require_loopback(addr)?;
    }
    // Not fatal: the connection limit still bounds the descriptors used.
    let _ = raise_open_file_limit();
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let app = app(bound);
    ready(bound);

    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_closed) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small request–response exchanges: send each answer at once.
        let _ = stream.set_nodelay(true);
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection's error (a reset, a timeout) concerns it alone.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_are_served() {
        for addr in [
            "127.0.0.1:8080",
            "127.0.0.2:0",
            "[::1]:8080",
            "[::ffff:127.0.0.1]:80",
        ] {
            let addr: SocketAddr = addr.parse().unwrap_or_else(|_| panic!("{addr}"));
            assert!(require_loopback(addr).is_ok(), "{addr}");
        }
        for addr in [
            "0.0.0.0:8080",
            "192.168.1.20:8080",
            "[::]:8080",
            "[2001:db8::1]:80",
        ] {
            let addr: SocketAddr = addr.parse().unwrap_or_else(|_| panic!("{addr}"));
            assert!(
                matches!(require_loopback(addr), Err(ServeError::NotLoopback(_))),
                "{addr}"
            );
        }
    }
}
