//! `iqrah serve` as a separate process on loopback: its peak memory after
//! a session, and concurrent keep-alive clients on a submit loop and on the
//! trivial health route.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use crate::BenchError;
use crate::learner::{GOAL, NOW_RFC3339};

/// How long `iqrah serve` may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A running `iqrah serve`, killed when dropped.
#[derive(Debug)]
pub(crate) struct Server {
    child: Child,
    /// The address it listens on.
    pub(crate) addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `exe serve` on an ephemeral loopback port over `data_dir`
    /// (at the benchmark's fixed time) and waits for the address it prints.
    pub(crate) fn spawn(exe: &Path, data_dir: &Path) -> Result<Server, BenchError> {
        Server::spawn_with(exe, data_dir, &[], &[])
    }

    /// Like [`Server::spawn`], with `global` options before `serve` (such
    /// as `--database URL`) and `serve_args` after it.
    pub(crate) fn spawn_with(
        exe: &Path,
        data_dir: &Path,
        global: &[&str],
        serve_args: &[&str],
    ) -> Result<Server, BenchError> {
        let mut child = Command::new(exe)
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--now")
            .arg(NOW_RFC3339)
            .args(global)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(serve_args)
            .env_remove("IQRAH_DATA_DIR")
            .env_remove("IQRAH_NOW")
            .env_remove("IQRAH_DATABASE_URL")
            .env_remove("IQRAH_SIGN_UP")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(BenchError::io(format!("starting {} serve", exe.display())))?;
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(mut pipe) = child.stderr.take() {
            let sink = Arc::clone(&stderr);
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                if let Ok(mut sink) = sink.lock() {
                    sink.push_str(&text);
                }
            });
        }
        let (lines, first) = mpsc::channel();
        if let Some(pipe) = child.stdout.take() {
            // Reads every line so the server never blocks on a full pipe.
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let _ = lines.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr,
        };
        let line = first
            .recv_timeout(START_TIMEOUT)
            .map_err(|_| server.failure("printed no address"))?;
        server.addr = parse_address(&line)
            .ok_or_else(|| server.failure(&format!("printed {line:?}, not an address")))?;
        Ok(server)
    }

    /// A failure of the server with what it wrote on stderr.
    fn failure(&mut self, what: &str) -> BenchError {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Give the reader thread a moment to take the last output.
        std::thread::sleep(Duration::from_millis(100));
        let stderr = self
            .stderr
            .lock()
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        BenchError::Serve(format!("{what}; its stderr: {stderr:?}"))
    }

    /// The peak resident set size so far (`VmHWM` of `/proc/PID/status`),
    /// in bytes; `None` where `/proc` is not available.
    pub(crate) fn peak_memory_bytes(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        vm_hwm_bytes(&status)
    }

    /// Starts the peak resident set size over from the current size
    /// (writing 5 to `/proc/PID/clear_refs`, Linux 4.0 and later); `false`
    /// where that is not possible, and the peak then counts from the start.
    pub(crate) fn reset_peak_memory(&self) -> bool {
        std::fs::write(format!("/proc/{}/clear_refs", self.child.id()), "5").is_ok()
    }

    /// Fails if the server has exited.
    pub(crate) fn check_running(&mut self) -> Result<(), BenchError> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(self.failure(&format!("exited ({status})"))),
            Err(e) => Err(BenchError::io("checking on iqrah serve")(e)),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address in `iqrah serve`'s first line ("… open http://IP:PORT/ …").
fn parse_address(line: &str) -> Option<SocketAddr> {
    let rest = &line[line.find("http://")? + "http://".len()..];
    rest[..rest.find('/')?].parse().ok()
}

/// `VmHWM` from the text of `/proc/PID/status`, in bytes.
fn vm_hwm_bytes(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let mut fields = line["VmHWM:".len()..].split_whitespace();
    let value: u64 = fields.next()?.parse().ok()?;
    match fields.next() {
        Some("kB") => Some(value * 1024),
        _ => None,
    }
}

/// A kept-alive HTTP/1.1 connection to the server.
pub(crate) struct Client {
    sender: SendRequest<Full<Bytes>>,
    /// The `Authorization` header its requests carry (a shared server's
    /// API token), if any.
    pub(crate) authorization: Option<String>,
}

fn http_error(what: &str) -> impl FnOnce(hyper::Error) -> BenchError + '_ {
    move |e| BenchError::Serve(format!("{what}: {e}"))
}

impl Client {
    /// Connects to `addr` (no Nagle delay).
    pub(crate) async fn connect(addr: SocketAddr) -> Result<Client, BenchError> {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(BenchError::io(format!("connecting to {addr}")))?;
        stream
            .set_nodelay(true)
            .map_err(BenchError::io("setting TCP_NODELAY"))?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(http_error("HTTP handshake"))?;
        tokio::spawn(connection);
        Ok(Client {
            sender,
            authorization: None,
        })
    }

    /// Sends a request and returns the status and the whole body.
    pub(crate) async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(StatusCode, Bytes), BenchError> {
        let (status, _, bytes) = self.send_with_headers(method, path, body, &[]).await?;
        Ok((status, bytes))
    }

    /// Sends a request with `headers` added and returns the status, the
    /// response's headers and the whole body.
    pub(crate) async fn send_with_headers(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Result<(StatusCode, hyper::HeaderMap, Bytes), BenchError> {
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "127.0.0.1");
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        if let Some(authorization) = &self.authorization {
            request = request.header("authorization", authorization);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
        let request = request
            .body(Full::new(body))
            .map_err(|e| BenchError::Serve(format!("request {path}: {e}")))?;
        self.sender.ready().await.map_err(http_error(path))?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(http_error(path))?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(http_error(path))?
            .to_bytes();
        Ok((status, headers, bytes))
    }

    /// Sends a request that must answer one of `expected` and returns the
    /// body (JSON when `json`, else `Null`).
    pub(crate) async fn expect(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        expected: &[StatusCode],
        json: bool,
    ) -> Result<Value, BenchError> {
        let (status, bytes) = self.send(method.clone(), path, body).await?;
        if !expected.contains(&status) {
            let shown: String = String::from_utf8_lossy(&bytes).chars().take(300).collect();
            return Err(BenchError::Serve(format!(
                "{method} {path} answered {status}: {shown}"
            )));
        }
        if json {
            Ok(serde_json::from_slice(&bytes)?)
        } else {
            Ok(Value::Null)
        }
    }
}

const OK: &[StatusCode] = &[StatusCode::OK];
const STARTED: &[StatusCode] = &[StatusCode::OK, StatusCode::CREATED];

/// Starts (or resumes) a session for `goal` and returns its id.
async fn start(client: &mut Client, goal: &str) -> Result<String, BenchError> {
    let session = client
        .expect(
            Method::POST,
            "/api/v1/sessions",
            Some(&json!({ "goal_id": goal })),
            STARTED,
            true,
        )
        .await?;
    session["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| BenchError::Serve(format!("no session id in {session}")))
}

/// What a learner does in one session of the web app: the home page, a
/// session for [`GOAL`] answered to the end, its summary, the progress page.
/// Returns the number of items answered.
pub(crate) async fn drive_session(addr: SocketAddr) -> Result<usize, BenchError> {
    let mut client = Client::connect(addr).await?;
    client.expect(Method::GET, "/", None, OK, false).await?;
    let id = start(&mut client, GOAL).await?;
    client
        .expect(Method::GET, &format!("/session/{id}"), None, OK, false)
        .await?;
    let mut answered = 0usize;
    loop {
        let item = client
            .expect(
                Method::GET,
                &format!("/api/v1/sessions/{id}/next"),
                None,
                OK,
                true,
            )
            .await?;
        let Some(node) = item["node_id"].as_str() else {
            break;
        };
        let grade = if answered % 7 == 3 { 1 } else { 3 };
        let body = json!({ "node_id": node, "grade": grade, "duration_ms": 6_000 });
        client
            .expect(
                Method::POST,
                &format!("/api/v1/sessions/{id}/submit"),
                Some(&body),
                OK,
                true,
            )
            .await?;
        answered += 1;
    }
    client
        .expect(
            Method::POST,
            &format!("/api/v1/sessions/{id}/complete"),
            None,
            OK,
            true,
        )
        .await?;
    client
        .expect(
            Method::GET,
            &format!("/session/{id}/summary"),
            None,
            OK,
            false,
        )
        .await?;
    client
        .expect(Method::GET, "/progress", None, OK, false)
        .await?;
    Ok(answered)
}

/// The outcome of a fixed-time load: the requests counted and their
/// latencies, and the wall time from the start to the last client's end.
#[derive(Debug)]
pub(crate) struct Load {
    pub(crate) latencies: Vec<Duration>,
    pub(crate) elapsed: Duration,
}

/// `clients` concurrent connections calling `GET /api/v1/health` for
/// `duration`; every answer must be 200.
pub(crate) async fn health_load(
    addr: SocketAddr,
    clients: usize,
    duration: Duration,
) -> Result<Load, BenchError> {
    let mut connected = Vec::with_capacity(clients);
    for _ in 0..clients {
        connected.push(Client::connect(addr).await?);
    }
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = connected
        .into_iter()
        .map(|mut client| {
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let (status, _) = client.send(Method::GET, "/api/v1/health", None).await?;
                    if status != StatusCode::OK {
                        return Err(BenchError::Serve(format!(
                            "GET /api/v1/health answered {status}"
                        )));
                    }
                    latencies.push(sent.elapsed());
                }
                Ok(latencies)
            })
        })
        .collect();
    gather(tasks, started).await
}

/// `clients` concurrent connections, each practising its own goal
/// (`surah:N`, distinct N) for `duration` as the web app does: submit with
/// grade 3 the item that waits, or recite it unaided when it is a passage
/// (the submit answers the next one with its receipt), completing the
/// session and starting another when it runs out.
/// Only the submits count; every answer must be a success.
pub(crate) async fn submit_load(
    addr: SocketAddr,
    clients: usize,
    duration: Duration,
) -> Result<Load, BenchError> {
    let mut connected = Vec::with_capacity(clients);
    for n in 0..clients {
        let goal = format!("surah:{}", crate::goal_surah(n));
        let mut client = Client::connect(addr).await?;
        let session = start(&mut client, &goal).await?;
        connected.push((client, goal, session));
    }
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = connected
        .into_iter()
        .map(|(mut client, goal, mut session)| {
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut waiting = None;
                let mut answers = 0usize;
                while Instant::now() < deadline {
                    let item = match waiting.take() {
                        Some(item) => item,
                        None => {
                            client
                                .expect(
                                    Method::GET,
                                    &format!("/api/v1/sessions/{session}/next"),
                                    None,
                                    OK,
                                    true,
                                )
                                .await?
                        }
                    };
                    let Some(node) = item["node_id"].as_str() else {
                        let complete = format!("/api/v1/sessions/{session}/complete");
                        client
                            .expect(Method::POST, &complete, None, OK, false)
                            .await?;
                        session = start(&mut client, &goal).await?;
                        continue;
                    };
                    answers += 1;
                    let (route, body) = answer_request(&item, node, answers);
                    let submit = format!("/api/v1/sessions/{session}/{route}");
                    let sent = Instant::now();
                    let mut reply = client
                        .expect(Method::POST, &submit, Some(&body), OK, true)
                        .await?;
                    latencies.push(sent.elapsed());
                    waiting = reply.get_mut("next").map(Value::take);
                }
                Ok(latencies)
            })
        })
        .collect();
    gather(tasks, started).await
}

/// The route and body of the load's answer to `item` (its `node`), the
/// client's `nth` answer, as the web app sends it: a passage recited whole
/// (no marks: unaided), every other item grade 3, each with an idempotency
/// key of its own.
pub(crate) fn answer_request(item: &Value, node: &str, nth: usize) -> (&'static str, Value) {
    let key = format!("load-{nth}");
    if item["exercise"]["type"] == "recite_passage" {
        let body =
            json!({ "node_id": node, "marks": [], "duration_ms": 20_000, "idempotency_key": key });
        ("submit-passage", body)
    } else {
        let body =
            json!({ "node_id": node, "grade": 3, "duration_ms": 5_000, "idempotency_key": key });
        ("submit", body)
    }
}

async fn gather(
    tasks: Vec<tokio::task::JoinHandle<Result<Vec<Duration>, BenchError>>>,
    started: Instant,
) -> Result<Load, BenchError> {
    let mut latencies = Vec::new();
    for task in tasks {
        let client = task
            .await
            .map_err(|e| BenchError::Serve(format!("a client task failed: {e}")))?;
        latencies.extend(client?);
    }
    Ok(Load {
        latencies,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_from_the_serve_banner() {
        let line =
            "Iqrah is running: open http://127.0.0.1:40123/ in your browser (Ctrl-C stops it).";
        assert_eq!(
            parse_address(line),
            Some(SocketAddr::from(([127, 0, 0, 1], 40123)))
        );
        assert_eq!(parse_address("warning: something"), None);
        assert_eq!(parse_address("open http://localhost/"), None);
    }

    #[test]
    fn peak_memory_from_proc_status() {
        let status =
            "Name:\tiqrah\nVmPeak:\t  500000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   80000 kB\n";
        assert_eq!(vm_hwm_bytes(status), Some(81_234 * 1024));
        assert_eq!(vm_hwm_bytes("Name:\tiqrah\n"), None);
        assert_eq!(vm_hwm_bytes("VmHWM:\t 12 MB\n"), None);
    }

    #[test]
    fn this_process_has_a_peak() {
        if Path::new("/proc/self/status").exists() {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            assert!(vm_hwm_bytes(&status).is_some_and(|b| b > 0));
        }
    }
}
