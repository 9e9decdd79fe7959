//! Two `iqrah serve` processes on one PostgreSQL database serve the same
//! learner by turns: every answer is recorded once, whichever process gets
//! it and however often it is retried, and each process sees what the
//! other wrote. The learner is an account made with `iqrah account add`,
//! signed in on one process, whose API token the other accepts.
//!
//! Needs the test server of `scripts/postgres start`
//! (`IQRAH_TEST_DATABASE_URL`); without it the test fails, never skips.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};

use iqrah_postgres::test_support::TestDatabase;
use iqrah_store::{UserId, UserStore};
use serde_json::{Value, json};

use common::{Outcome, data_dir, iqrah_in, iqrah_process};

/// An `iqrah serve` process on `database`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    /// The header line that names the account (`Cookie: …` or
    /// `Authorization: Bearer …`), once signed in.
    credentials: Option<String>,
}

impl Server {
    /// Starts `iqrah serve` on a free loopback port and waits for its banner.
    fn start(data_dir: &Path, database: &str) -> Server {
        let mut child = iqrah_process()
            .arg("--data-dir")
            .arg(data_dir)
            .args(["--database", database, "serve", "--addr", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut banner = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut banner)
            .unwrap();
        let addr = banner
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {banner:?}"))
            .to_owned();
        Server {
            child,
            addr,
            credentials: None,
        }
    }

    /// Sends one request (JSON `body` for a POST) and returns the status
    /// with the JSON answer (`null` when empty).
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let (status, _, value) = self.exchange(method, path, body);
        (status, value)
    }

    /// Like [`Server::call`], also returning the response's head.
    fn exchange(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, String, Value) {
        let body = body.map(Value::to_string).unwrap_or_default();
        let credentials = self
            .credentials
            .as_deref()
            .map(|line| format!("{line}\r\n"))
            .unwrap_or_default();
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "{method} /api/v1{path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             {credentials}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status in {response:?}"));
        let (head, json) = response.split_once("\r\n\r\n").unwrap();
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "the API answers with a length: {head}"
        );
        let value = if json.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
        };
        (status, head.to_owned(), value)
    }

    /// Signs in as `username` with a browser session; returns the account.
    fn sign_in(&mut self, username: &str, password: &str) -> Value {
        let body = json!({"username": username, "password": password});
        let (status, head, account) = self.exchange("POST", "/sign-in", Some(&body));
        assert_eq!(status, 200, "{account}");
        let cookie = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("set-cookie")
                    .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
            })
            .unwrap_or_else(|| panic!("no cookie in {head}"));
        self.credentials = Some(format!("Cookie: {cookie}"));
        account
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The answer to `item` (a session item as the API shows it) with `key`:
/// a recited passage with no marks, any other exercise graded Good.
fn answer(server: &Server, session: &str, item: &Value, key: &str) -> (u16, Value) {
    let node = &item["node_id"];
    if item["exercise"]["type"] == "recite_passage" {
        let body =
            json!({"node_id": node, "marks": [], "duration_ms": 20_000, "idempotency_key": key});
        server.call(
            "POST",
            &format!("/sessions/{session}/submit-passage"),
            Some(&body),
        )
    } else {
        let body =
            json!({"node_id": node, "grade": 3, "duration_ms": 6_000, "idempotency_key": key});
        server.call("POST", &format!("/sessions/{session}/submit"), Some(&body))
    }
}

#[test]
fn two_servers_on_one_database_record_each_answer_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(TestDatabase::create());
    // The content is imported before either server opens it.
    let dir = data_dir();
    let password = "a long enough passphrase";
    iqrah_in(dir.path())
        .args([
            "--database",
            &database.url(),
            "account",
            "add",
            "amina",
            "--json",
        ])
        .write_stdin(format!("{password}\n"))
        .assert()
        .stdout_json();
    let mut servers = [
        Server::start(dir.path(), &database.url()),
        Server::start(dir.path(), &database.url()),
    ];
    // Without a sign-in, nothing is served.
    let (status, refused) = servers[0].call("GET", "/sessions", None);
    assert_eq!(
        (status, &refused["error"]["code"]),
        (401, &json!("sign_in_required"))
    );
    // A browser session on one process, an API token on the other.
    let account = servers[0].sign_in("amina", password);
    let learner = UserId::new(account["id"].as_str().unwrap());
    let (status, token) = servers[0].call("POST", "/tokens", Some(&json!({"label": "test"})));
    assert_eq!(status, 201, "{token}");
    servers[1].credentials = Some(format!(
        "Authorization: Bearer {}",
        token["token"].as_str().unwrap()
    ));

    let start = json!({"goal_id": "surah:112", "practice_ahead": false, "minutes": 10});
    let (status, session) = servers[0].call("POST", "/sessions", Some(&start));
    assert_eq!(status, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();
    // The other process finds the same active session.
    let (status, again) = servers[1].call("POST", "/sessions", Some(&start));
    assert_eq!((status, &again["id"]), (200, &session["id"]), "{again}");

    let mut answered = 0;
    let mut reviews_recorded = 0;
    for turn in 0..6 {
        let (server, other) = (&servers[turn % 2], &servers[(turn + 1) % 2]);
        let (status, item) = server.call("GET", &format!("/sessions/{id}/next"), None);
        assert_eq!(status, 200, "{item}");
        if item.is_null() {
            break;
        }
        let key = format!("answer-{turn}");
        let (status, first) = answer(server, &id, &item, &key);
        assert_eq!(status, 200, "{first}");
        answered += 1;
        // A recited passage records a review for each verse and link.
        reviews_recorded += first["grades"].as_array().map_or(1, Vec::len);
        // The client retries on the other process: the same receipt,
        // nothing recorded twice.
        let (status, retry) = answer(other, &id, &item, &key);
        assert_eq!(status, 200, "{retry}");
        assert_eq!(retry["receipt"], first["receipt"], "turn {turn}");
        // Each process sees what the other wrote: the same item waits.
        let (_, next_here) = server.call("GET", &format!("/sessions/{id}/next"), None);
        let (_, next_there) = other.call("GET", &format!("/sessions/{id}/next"), None);
        assert_eq!(next_here["item_id"], next_there["item_id"], "turn {turn}");
        assert_eq!(
            next_here["item_id"], first["next"]["item_id"],
            "turn {turn}"
        );
    }
    assert!(answered >= 3, "a new learner's session has several items");

    let (status, summary) = servers[1].call("POST", &format!("/sessions/{id}/complete"), None);
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["items_completed"], answered, "{summary}");
    let (status, _) = servers[0].call("POST", &format!("/sessions/{id}/complete"), None);
    assert_eq!(status, 200, "completing again returns the stored summary");
    drop(servers);

    let reviews = runtime.block_on(async {
        let store = database.store().await;
        let count = store.review_count(&learner).await.unwrap();
        store.close().await;
        count
    });
    assert_eq!(
        reviews, reviews_recorded as u64,
        "every answer is in the log once: {answered} answers"
    );
    let sessions = runtime.block_on(async {
        let store = database.store().await;
        let sessions = store.sessions(&learner, 10).await.unwrap();
        store.close().await;
        sessions
    });
    assert_eq!(sessions.len(), 1, "one session, started once");
    assert_eq!(sessions[0].items_completed, answered as i64);
    drop(database);
}

/// Runs `iqrah --database URL session list`, which must fail with a JSON
/// error, and returns its code with everything it printed.
fn refused(database: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let refusal = iqrah_in(dir.path())
        .args(["--database", database, "session", "list"])
        .assert();
    let output = refusal.get_output();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (refusal.error_code(), printed)
}

#[test]
fn a_database_that_cannot_be_used_is_refused_without_showing_its_password() {
    let (code, printed) = refused("mysql://root:s3cret@127.0.0.1/iqrah");
    assert_eq!(code, "invalid_database_url", "{printed}");
    assert!(!printed.contains("s3cret"), "{printed}");
    // A server that is not there (port 1 on loopback refuses at once).
    let (code, printed) = refused("postgres://iqrah:s3cret@127.0.0.1:1/iqrah");
    assert_eq!(code, "database_unreachable", "{printed}");
    assert!(!printed.contains("s3cret"), "{printed}");
    assert!(
        printed.contains("127.0.0.1:1/iqrah"),
        "names the server: {printed}"
    );
}
