//! Latency of the session routes over real HTTP on loopback, one client on a
//! kept-alive connection (issue 5: median of next and submit ≤ 2 ms), beside
//! the trivial `/api/v1/health` route on the same server as the framework's
//! floor.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)] // A benchmark: set-up failures abort it.

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use iqrah_api::{Config, Iqrah};
use iqrah_server::{AppState, Assets};
use serde_json::{Value, json};

/// A kept-alive HTTP/1.1 connection to the server.
struct Client {
    sender: SendRequest<Full<Bytes>>,
}

impl Client {
    async fn connect(addr: std::net::SocketAddr) -> Self {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(connection);
        Client { sender }
    }

    async fn call(&mut self, method: &str, path: &str, body: Option<Value>) -> Value {
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "127.0.0.1");
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let body = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
        self.sender.ready().await.unwrap();
        let response = self
            .sender
            .send_request(request.body(Full::new(body)).unwrap())
            .await
            .unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }
}

/// Goals to practise one after another, so submits always find new items.
fn goals() -> impl Iterator<Item = String> {
    (1..=114).rev().map(|s| format!("surah:{s}")).cycle()
}

fn http(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let package = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/node_modules/quran-json");
    let (addr, _server) = runtime.block_on(async {
        iqrah_content::import(
            &package,
            &dir.path().join(iqrah_content::CONTENT_FILE_NAME),
            |_| {},
        )
        .await
        .unwrap();
        let iqrah = Iqrah::open(Config::new(dir.path())).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = iqrah_server::router(AppState::local(iqrah, Assets::default()));
        (
            addr,
            tokio::spawn(async move { axum::serve(listener, app).await }),
        )
    });
    let mut client = runtime.block_on(Client::connect(addr));
    let mut goals = goals();
    let mut session = String::new();

    let mut group = c.benchmark_group("http_loopback");
    group.bench_function("health (trivial route)", |b| {
        b.iter(|| runtime.block_on(client.call("GET", "/api/v1/health", None)));
    });
    // next and submit are timed separately inside the same loop: each
    // iteration reads the current item and answers it, starting a new
    // session whenever one runs out (set-up time not counted).
    let mut next_time = Duration::ZERO;
    let mut submit_time = Duration::ZERO;
    let mut step = |client: &mut Client, session: &mut String| {
        runtime.block_on(async {
            loop {
                if !session.is_empty() {
                    let started = Instant::now();
                    let item = client
                        .call("GET", &format!("/api/v1/sessions/{session}/next"), None)
                        .await;
                    let fetched = started.elapsed();
                    if let Some(node) = item["node_id"].as_str() {
                        let body = json!({ "node_id": node, "grade": 3, "duration_ms": 3000 });
                        let started = Instant::now();
                        let receipt = client
                            .call(
                                "POST",
                                &format!("/api/v1/sessions/{session}/submit"),
                                Some(body),
                            )
                            .await;
                        assert!(receipt["receipt"].is_string(), "{receipt}");
                        return (fetched, started.elapsed());
                    }
                    client
                        .call(
                            "POST",
                            &format!("/api/v1/sessions/{session}/complete"),
                            None,
                        )
                        .await;
                }
                let goal = goals.next().unwrap();
                let created = client
                    .call("POST", "/api/v1/sessions", Some(json!({ "goal_id": goal })))
                    .await;
                *session = created["id"].as_str().unwrap().to_owned();
            }
        })
    };
    group.bench_function("next", |b| {
        b.iter_custom(|iters| {
            next_time = Duration::ZERO;
            for _ in 0..iters {
                next_time += step(&mut client, &mut session).0;
            }
            next_time
        });
    });
    group.bench_function("submit", |b| {
        b.iter_custom(|iters| {
            submit_time = Duration::ZERO;
            for _ in 0..iters {
                submit_time += step(&mut client, &mut session).1;
            }
            submit_time
        });
    });
    group.finish();
}

criterion_group!(benches, http);
criterion_main!(benches);
