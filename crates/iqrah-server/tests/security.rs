//! The server defends itself against the pages a learner visits: foreign
//! `Host` values (DNS rebinding) are refused, state-changing requests from
//! another origin (CSRF) are refused and change nothing, every response
//! carries the security headers; over real TCP, unfinished requests and
//! idle connections are cut off, connections beyond the limit wait, and a
//! network address is refused before anything is bound.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use iqrah_server::{AppState, Assets, router};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The app's state over a fresh user database and a copy of the content.
async fn state() -> (tempfile::TempDir, AppState) {
    let (dir, iqrah) = common::open_iqrah().await;
    (dir, AppState::local(iqrah, Assets::default()))
}

async fn app() -> (tempfile::TempDir, Router) {
    let (dir, state) = state().await;
    (dir, router(state))
}

/// What a response said: status, headers and body text.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
            .to_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("<missing>")
    }
}

/// Sends `method uri` with `headers` and `body` (a JSON body gets its content type).
async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let is_form = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v.contains("form"));
    if body.is_some() && !is_form {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

#[tokio::test]
async fn a_foreign_host_is_refused_and_changes_nothing() {
    let (_dir, app) = app().await;
    let before = send(&app, "GET", "/api/v1/settings", &[], None)
        .await
        .json();
    for host in [
        "evil.example",
        "evil.example:8080",
        "localhost.evil.example:8080",
        "127.0.0.1.nip.io:8080",
    ] {
        let api = send(&app, "GET", "/api/v1/settings", &[("host", host)], None).await;
        assert_eq!(
            (api.status, api.code().as_str()),
            (StatusCode::MISDIRECTED_REQUEST, "unknown_host"),
            "{host}: {}",
            api.body
        );
        let page = send(&app, "GET", "/", &[("host", host)], None).await;
        assert_eq!(page.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert!(
            page.header("content-type").starts_with("text/html")
                && page.body.contains("not served"),
            "{host}: an HTML error page, not {}",
            page.body
        );
        let mut changed = before.clone();
        changed["session_size"] = json!(7);
        let put = send(
            &app,
            "PUT",
            "/api/v1/settings",
            &[("host", host)],
            Some(&changed.to_string()),
        )
        .await;
        assert_eq!(put.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        let start = send(
            &app,
            "POST",
            "/api/v1/sessions",
            &[("host", host)],
            Some(r#"{"goal_id":"surah:112"}"#),
        )
        .await;
        assert_eq!(start.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    assert_eq!(
        send(&app, "GET", "/api/v1/settings", &[], None)
            .await
            .json(),
        before
    );
    assert_eq!(
        send(&app, "GET", "/api/v1/sessions/active", &[], None)
            .await
            .json(),
        Value::Null,
        "no session was started"
    );
    let overview = send(&app, "GET", "/api/v1/overview", &[], None)
        .await
        .json();
    assert_eq!(overview["total"]["learning"], 0, "nothing was placed");
    assert_eq!(overview["total"]["known"], 0, "nothing was placed");
    assert_eq!(
        send(&app, "GET", "/api/v1/parameters", &[], None)
            .await
            .json()["last_checked_at"],
        Value::Null,
        "no fit or reset ran"
    );
}

#[tokio::test]
async fn loopback_hosts_are_served() {
    let (_dir, app) = app().await;
    for host in [
        "localhost:8080",
        "LOCALHOST:8080",
        "127.0.0.1:8080",
        "127.0.0.1",
        "[::1]:8080",
        "localhost",
    ] {
        let answer = send(&app, "GET", "/api/v1/health", &[("host", host)], None).await;
        assert_eq!(answer.status, StatusCode::OK, "{host}: {}", answer.body);
    }
    // No Host at all: not a browser (every browser sends one), so no rebinding.
    assert_eq!(
        send(&app, "GET", "/api/v1/health", &[], None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn cross_origin_writes_are_refused_and_change_nothing() {
    let (_dir, app) = app().await;
    let before = send(&app, "GET", "/api/v1/settings", &[], None)
        .await
        .json();
    let host = ("host", "127.0.0.1:8080");
    // What a browser sends for a request from a page of another origin.
    let foreign: [&[(&str, &str)]; 6] = [
        &[
            host,
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        &[host, ("origin", "http://evil.example")],
        &[host, ("sec-fetch-site", "cross-site")],
        // Sandboxed frames, data: and file: pages send `Origin: null`.
        &[host, ("origin", "null")],
        // Another program on this computer: another port is another origin.
        &[
            host,
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "same-site"),
        ],
        &[
            host,
            ("origin", "http://localhost:8080"),
            ("sec-fetch-site", "same-site"),
        ],
    ];
    for headers in foreign {
        let mut form = headers.to_vec();
        form.push(FORM);
        let start = send(&app, "POST", "/start", &form, Some("goal=surah%3A112")).await;
        assert_eq!(start.status, StatusCode::FORBIDDEN, "/start {headers:?}");
        assert!(
            start.header("content-type").starts_with("text/html"),
            "{headers:?}"
        );
        let settings = send(
            &app,
            "POST",
            "/settings",
            &form,
            Some(
                "desired_retention=0.8&session_size=5&new_verses_per_session=1&day_start_hour=4\
                 &utc_offset_minutes=0&translation_language=en",
            ),
        )
        .await;
        assert_eq!(
            settings.status,
            StatusCode::FORBIDDEN,
            "/settings {headers:?}"
        );
        for (form_post, body) in [
            ("/settings/parameters/optimize", ""),
            ("/settings/parameters/reset", ""),
            ("/placement", "surah_112=solid&juz_30=shaky"),
            ("/placement/dismiss", ""),
        ] {
            let refused = send(&app, "POST", form_post, &form, Some(body)).await;
            assert_eq!(
                refused.status,
                StatusCode::FORBIDDEN,
                "{form_post} {headers:?}"
            );
        }

        let mut changed = before.clone();
        changed["session_size"] = json!(7);
        for (method, uri, body) in [
            ("PUT", "/api/v1/settings", changed.to_string()),
            (
                "POST",
                "/api/v1/sessions",
                r#"{"goal_id":"surah:112"}"#.to_owned(),
            ),
            ("POST", "/api/v1/parameters/optimize", String::new()),
            ("DELETE", "/api/v1/parameters", String::new()),
            (
                "POST",
                "/api/v1/placement",
                r#"{"marks":[{"goal":"surah:112","level":"solid"}]}"#.to_owned(),
            ),
            ("POST", "/api/v1/placement/dismiss", String::new()),
        ] {
            let answer = send(&app, method, uri, headers, Some(&body)).await;
            assert_eq!(
                (answer.status, answer.code().as_str()),
                (StatusCode::FORBIDDEN, "cross_origin_request"),
                "{method} {uri} {headers:?}: {}",
                answer.body
            );
        }
    }
    assert_eq!(
        send(&app, "GET", "/api/v1/settings", &[], None)
            .await
            .json(),
        before
    );
    assert_eq!(
        send(&app, "GET", "/api/v1/sessions/active", &[], None)
            .await
            .json(),
        Value::Null,
        "no session was started"
    );

    // An active session is not abandoned from another origin either.
    let started = send(
        &app,
        "POST",
        "/api/v1/sessions",
        &[],
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let id = started.json()["id"].as_str().unwrap().to_owned();
    let abandon = send(
        &app,
        "POST",
        &format!("/api/v1/sessions/{id}/abandon"),
        &[
            host,
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        None,
    )
    .await;
    assert_eq!(abandon.status, StatusCode::FORBIDDEN);
    assert_eq!(
        send(&app, "GET", &format!("/api/v1/sessions/{id}"), &[], None)
            .await
            .json()["status"],
        "active"
    );
}

#[tokio::test]
async fn same_origin_and_headerless_writes_work() {
    let (_dir, app) = app().await;
    // The app's own pages: the browser names the origin it was loaded from.
    for (host, origin) in [
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("localhost:8080", "http://localhost:8080"),
        ("[::1]:8080", "http://[::1]:8080"),
    ] {
        let started = send(
            &app,
            "POST",
            "/start",
            &[
                ("host", host),
                ("origin", origin),
                ("sec-fetch-site", "same-origin"),
                FORM,
            ],
            Some("goal=surah%3A112"),
        )
        .await;
        assert_eq!(
            started.status,
            StatusCode::SEE_OTHER,
            "{origin}: {}",
            started.body
        );
    }
    // curl, scripts, the CLI's and the bench's clients send neither header.
    let active = send(&app, "GET", "/api/v1/sessions/active", &[], None).await;
    let id = active.json()["id"].as_str().unwrap().to_owned();
    let abandoned = send(
        &app,
        "POST",
        &format!("/api/v1/sessions/{id}/abandon"),
        &[],
        None,
    )
    .await;
    assert_eq!(abandoned.status, StatusCode::OK, "{}", abandoned.body);
    // A navigation the learner typed (Sec-Fetch-Site: none) is theirs.
    let typed = send(
        &app,
        "POST",
        "/api/v1/sessions",
        &[("host", "localhost:8080"), ("sec-fetch-site", "none")],
        Some(r#"{"goal_id":"surah:113"}"#),
    )
    .await;
    assert_eq!(typed.status, StatusCode::CREATED, "{}", typed.body);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (_dir, app) = app().await;
    let evil_host: &[(&str, &str)] = &[("host", "evil.example")];
    let evil_origin: &[(&str, &str)] = &[("origin", "http://evil.example")];
    for (method, uri, headers) in [
        ("GET", "/", &[][..]),
        ("GET", "/progress", &[]),
        ("GET", "/settings", &[]),
        ("GET", "/about", &[]),
        ("GET", "/nowhere", &[]),
        ("GET", "/api/v1/health", &[]),
        ("GET", "/api/v1/nowhere", &[]),
        ("GET", "/assets/app.css", &[]),
        ("GET", "/assets/app.js", &[]),
        ("GET", "/", evil_host),
        ("POST", "/api/v1/sessions", evil_origin),
    ] {
        let answer = send(&app, method, uri, headers, None).await;
        let csp = answer.header("content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{uri}: {directive} in {csp:?}");
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{uri}: {csp}"
        );
        assert_eq!(answer.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(answer.header("x-frame-options"), "DENY", "{uri}");
        assert_eq!(answer.header("referrer-policy"), "same-origin", "{uri}");
        assert_eq!(
            answer.header("cross-origin-resource-policy"),
            "same-origin",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn pages_need_no_inline_style_or_script() {
    let (_dir, app) = app().await;
    let started = send(
        &app,
        "POST",
        "/api/v1/sessions",
        &[],
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    let id = started.json()["id"].as_str().unwrap().to_owned();
    for uri in [
        "/".to_owned(),
        "/progress".to_owned(),
        "/settings".to_owned(),
        "/about".to_owned(),
        format!("/session/{id}"),
        format!("/session/{id}/summary"),
    ] {
        if uri.ends_with("/summary") {
            let completed = send(
                &app,
                "POST",
                &format!("/api/v1/sessions/{id}/complete"),
                &[],
                None,
            )
            .await;
            assert_eq!(completed.status, StatusCode::OK, "{}", completed.body);
        }
        let page = send(&app, "GET", &uri, &[], None).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        for forbidden in [
            " style=",
            "<style",
            "<script>",
            " onclick=",
            " onload=",
            "javascript:",
        ] {
            assert!(
                !page.body.contains(forbidden),
                "{uri} contains {forbidden:?}, which the Content-Security-Policy blocks"
            );
        }
    }
}

// ---- Over real TCP: the listener's timeouts, limit and address rule. ----

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use iqrah_server::{HostName, Limits, ServeError, ServeOptions, router_for, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Short limits, so the tests wait fractions of a second.
const TEST_LIMITS: Limits = Limits {
    header_read_timeout: Duration::from_millis(400),
    body_read_timeout: Duration::from_millis(400),
    max_connections: 4,
};

/// Longer than any limit above, with room for a busy machine.
const PATIENCE: Duration = Duration::from_secs(10);

/// A server on an ephemeral loopback port, stopped when dropped.
struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), ServeError>>,
    _dir: tempfile::TempDir,
}

impl Running {
    async fn start(limits: Limits) -> Running {
        let (dir, state) = state().await;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (bound_tx, bound) = tokio::sync::oneshot::channel();
        let options = ServeOptions {
            allowed_hosts: Vec::new(),
            limits,
        };
        let task = tokio::spawn(async move {
            serve(
                state,
                "127.0.0.1:0".parse().unwrap(),
                &options,
                move |addr| bound_tx.send(addr).unwrap(),
                async move {
                    let _ = stopped.await;
                },
            )
            .await
        });
        Running {
            addr: bound.await.unwrap(),
            stop: Some(stop),
            task,
            _dir: dir,
        }
    }

    /// Stops the server and waits for `serve` to return.
    async fn stop(mut self) -> Result<(), ServeError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(PATIENCE, &mut self.task)
            .await
            .expect("serve returns once shut down")
            .unwrap()
    }
}

/// Reads until the server closes the connection (or resets it); returns
/// what was read and when it closed. Fails if it is still open after
/// [`PATIENCE`].
async fn read_until_closed(stream: &mut TcpStream) -> (String, Instant) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let read = tokio::time::timeout(PATIENCE, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server still held the connection open after {PATIENCE:?}; received {:?}",
        String::from_utf8_lossy(&received)
    );
    (
        String::from_utf8_lossy(&received).into_owned(),
        Instant::now(),
    )
}

/// Reads one response (headers and a `Content-Length` body) off a kept-alive connection.
async fn read_response(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    tokio::time::timeout(PATIENCE, async {
        loop {
            let n = stream.read(&mut buffer).await.unwrap();
            assert!(
                n > 0,
                "closed mid-response: {:?}",
                String::from_utf8_lossy(&received)
            );
            received.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&received);
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text[..end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    break;
                }
            }
        }
    })
    .await
    .expect("a response in time");
    String::from_utf8_lossy(&received).into_owned()
}

async fn get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    read_until_closed(&mut stream).await.0
}

#[tokio::test]
async fn half_sent_headers_are_cut_off_after_the_header_timeout() {
    let server = Running::start(TEST_LIMITS).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let sent = Instant::now();
    stream
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let (received, closed) = read_until_closed(&mut stream).await;
    assert!(
        closed - sent >= TEST_LIMITS.header_read_timeout - Duration::from_millis(50),
        "closed after {:?}, before the timeout",
        closed - sent
    );
    assert!(!received.contains("200 OK"), "{received}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn idle_kept_alive_connections_are_closed() {
    let server = Running::start(TEST_LIMITS).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let request = format!(
        "GET /api/v1/health HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    );
    for _ in 0..2 {
        stream.write_all(request.as_bytes()).await.unwrap();
        let response = read_response(&mut stream).await;
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    }
    let idle = Instant::now();
    let (received, closed) = read_until_closed(&mut stream).await;
    assert_eq!(received, "", "nothing more was sent");
    assert!(closed - idle >= TEST_LIMITS.header_read_timeout - Duration::from_millis(50));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_body_sent_too_slowly_is_cut_off_and_changes_nothing() {
    let server = Running::start(TEST_LIMITS).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let body = r#"{"goal_id":"surah:112"}"#;
    let head = format!(
        "POST /api/v1/sessions HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..10]).await.unwrap();
    let sent = Instant::now();
    let (received, closed) = read_until_closed(&mut stream).await;
    assert!(closed - sent >= TEST_LIMITS.body_read_timeout - Duration::from_millis(50));
    assert!(
        received.starts_with("HTTP/1.1 400") && received.contains("invalid_body"),
        "{received}"
    );
    let active = get(server.addr, "/api/v1/sessions/active").await;
    assert!(active.ends_with("null"), "no session was started: {active}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_and_the_learner_is_served() {
    let server = Running::start(TEST_LIMITS).await;
    // Five times the limit in stalled connections: half a request each.
    let mut stalled = Vec::new();
    for _ in 0..TEST_LIMITS.max_connections * 5 {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        stalled.push(stream);
    }
    let asked = Instant::now();
    let response = get(server.addr, "/api/v1/health").await;
    let waited = asked.elapsed();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    // The learner's connection waited for the stalled ones ahead of it to
    // time out, four at a time.
    assert!(
        waited >= TEST_LIMITS.header_read_timeout * 4,
        "served after {waited:?}: the limit did not hold"
    );
    for mut stream in stalled {
        read_until_closed(&mut stream).await;
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn shutting_down_closes_idle_connections_and_returns() {
    let server = Running::start(Limits {
        header_read_timeout: Duration::from_secs(60),
        ..TEST_LIMITS
    })
    .await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let request = format!(
        "GET /api/v1/health HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    assert!(read_response(&mut stream).await.starts_with("HTTP/1.1 200"));
    let asked = Instant::now();
    server.stop().await.unwrap();
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "the idle connection did not hold shutdown"
    );
    read_until_closed(&mut stream).await;
}

#[tokio::test]
async fn a_network_address_is_refused_before_binding() {
    let (_dir, state) = state().await;
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let mut bound = false;
        let result = serve(
            state.clone(),
            addr.parse().unwrap(),
            &ServeOptions::default(),
            |_| bound = true,
            async {},
        )
        .await;
        let Err(error @ ServeError::NotLoopback(_)) = result else {
            panic!("{addr}: {result:?}");
        };
        assert!(!bound, "{addr} was bound");
        let message = error.to_string();
        assert!(
            message.contains("not a loopback address") && message.contains("no accounts"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn allowed_hosts_are_served_on_the_listening_port_only() {
    let (_dir, state) = state().await;
    let options = ServeOptions {
        allowed_hosts: vec!["iqrah.test".parse::<HostName>().unwrap()],
        limits: Limits::default(),
    };
    let app = router_for(state, "127.0.0.1:8080".parse().unwrap(), &options);
    for (host, expected) in [
        ("iqrah.test:8080", StatusCode::OK),
        ("localhost:8080", StatusCode::OK),
        ("127.0.0.1:8080", StatusCode::OK),
        ("iqrah.test:8081", StatusCode::MISDIRECTED_REQUEST),
        ("localhost:9999", StatusCode::MISDIRECTED_REQUEST),
        ("other.test:8080", StatusCode::MISDIRECTED_REQUEST),
    ] {
        let answer = send(&app, "GET", "/api/v1/health", &[("host", host)], None).await;
        assert_eq!(answer.status, expected, "{host}");
    }
    let started = send(
        &app,
        "POST",
        "/api/v1/sessions",
        &[
            ("host", "iqrah.test:8080"),
            ("origin", "http://iqrah.test:8080"),
            ("sec-fetch-site", "same-origin"),
        ],
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
}
