//! A school's load: many learners practising at once on one server, on
//! PostgreSQL with accounts beside the local SQLite server, in one run.
//!
//! Both servers are the real `iqrah serve`, started fresh on the imported
//! content. On the PostgreSQL server, `accounts` learners sign up (argon2id
//! and all) and get an API token; on the SQLite server there is one learner,
//! the local one, as that server has. Then `clients` keep-alive connections
//! practise for a fixed time as the web app does: each raises its learner's
//! daily cap of new verses (a fresh learner would otherwise be done for the
//! day after ten), starts a session for its own surah, submits grade 3 for
//! the item that waits (reciting a passage unaided), and at a session's end
//! completes it and starts the next one (practising the surah ahead when it
//! has nothing left today, then the next surah); on PostgreSQL it then takes the
//! next of its accounts, so that every account practises. Only submits
//! count. The same clients, goals and time run against both servers, the
//! SQLite one first.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use hyper::{Method, StatusCode};
use serde::Serialize;
use serde_json::{Value, json};

use crate::BenchError;
use crate::http::{Client, Load, Server, answer_request};
use crate::report::SubmitVsRaw;
use crate::stats::Summary;

/// The targets for the school load.
pub mod targets {
    /// The PostgreSQL server's submits per second over the SQLite server's.
    pub const THROUGHPUT_OVER_SQLITE: f64 = 2.0;
    /// The PostgreSQL server's 99th percentile submit latency, in ms.
    pub const P99_MS: f64 = 50.0;
    /// Peak resident memory of the PostgreSQL server process, in MB.
    pub const PEAK_MB: f64 = 200.0;
}

/// The password of every benchmark account.
const PASSWORD: &str = "a bench passphrase";
/// Sign-ups sent at once while the accounts are made.
const SIGN_UPS_AT_ONCE: usize = 8;

/// What to run.
#[derive(Debug, Clone)]
pub struct SchoolOptions {
    /// Accounts on the PostgreSQL server.
    pub accounts: usize,
    /// Concurrent clients (at most [`crate::MAX_CLIENTS`] and `accounts`).
    pub clients: usize,
    /// How long each load lasts.
    pub duration: Duration,
    /// The PostgreSQL database (empty; its tables are created).
    pub database: String,
    /// The `iqrah` executable.
    pub iqrah_exe: std::path::PathBuf,
    /// Timed runs of the submit and of the raw transaction on PostgreSQL.
    pub runs: usize,
    /// The long-time learner moved onto PostgreSQL for them.
    pub scale: crate::Scale,
}

/// One server's load.
#[derive(Debug, Clone, Serialize)]
pub struct ServerLoad {
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Learners practising (the local one on SQLite).
    pub learners: usize,
    /// Submits counted.
    pub submits: usize,
    /// Submits per second of wall time.
    pub per_second: f64,
    /// Submit latency as the clients saw it.
    pub latency: Summary,
    /// Sessions completed during the load.
    pub sessions_completed: usize,
    /// Peak resident memory of the server process (`VmHWM`) during the
    /// practising load, in MB; `null` without `/proc`. On PostgreSQL the
    /// peak is started over after the sign-ups (see `sign_up_peak_mb`),
    /// where `/proc/PID/clear_refs` allows it.
    pub peak_mb: Option<f64>,
}

/// The school load's figures and targets.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolReport {
    /// Accounts on the PostgreSQL server.
    pub accounts: usize,
    /// Concurrent clients.
    pub clients: usize,
    /// Seconds each load lasted.
    pub seconds: f64,
    /// The long-time learner's submit through the API on PostgreSQL beside
    /// the raw PostgreSQL transaction doing the same writes.
    pub submit_vs_raw: SubmitVsRaw,
    /// That learner's memory states and review log, moved onto PostgreSQL.
    pub learner_items: usize,
    /// Its review log entries.
    pub learner_reviews: usize,
    /// Seconds the sign-ups and tokens of every account took.
    pub sign_up_seconds: f64,
    /// Peak resident memory of the PostgreSQL server through its start-up
    /// and the sign-ups, in MB (each argon2id hash holds 19 MiB while it is
    /// computed, and sign-ups run a few at once).
    pub sign_up_peak_mb: Option<f64>,
    /// Whether the peak could be started over after the sign-ups; if not,
    /// `postgres.peak_mb` includes them.
    pub peak_reset: bool,
    /// Processors available.
    pub cpus: usize,
    /// The SQLite server.
    pub sqlite: ServerLoad,
    /// The PostgreSQL server.
    pub postgres: ServerLoad,
    /// `postgres.per_second / sqlite.per_second`.
    pub throughput_ratio: f64,
    /// Whether the ratio reaches [`targets::THROUGHPUT_OVER_SQLITE`].
    pub throughput_met: bool,
    /// Whether PostgreSQL's p99 is within [`targets::P99_MS`].
    pub p99_met: bool,
    /// Whether PostgreSQL's peak memory is within [`targets::PEAK_MB`]
    /// (`null` without `/proc`).
    pub memory_met: Option<bool>,
}

impl SchoolReport {
    /// The figures as a table.
    pub fn table(&self) -> String {
        let row = |load: &ServerLoad| {
            format!(
                "{:<9} {:>8} {:>8} {:>10.1} {:>10.2} {:>10.2} {:>9} {:>10}\n",
                load.backend,
                load.learners,
                load.submits,
                load.per_second,
                load.latency.median_ms,
                load.latency.p99_ms,
                load.sessions_completed,
                load.peak_mb
                    .map_or_else(|| "n/a".to_owned(), |mb| format!("{mb:.1} MB")),
            )
        };
        let verdict = |met: bool| if met { "met" } else { "MISSED" };
        let raw = &self.submit_vs_raw;
        let mut out = format!(
            "On PostgreSQL, a learner with {} memory states and {} reviews, {} rounds:\n\
             submit_session_item median {:.2} ms, the raw transaction of its writes {:.2} ms: \
             {:.2}× raw (target ≤ {}×: {})\n\n",
            self.learner_items,
            self.learner_reviews,
            raw.rounds,
            raw.submit_median_ms,
            raw.raw_median_ms,
            raw.ratio,
            raw.target_ratio,
            verdict(raw.met)
        );
        out.push_str(&format!(
            "A school's load: {} clients for {:.0} s each, {} accounts on PostgreSQL (sign-ups and tokens took {:.1} s), {} CPUs\n\n",
            self.clients, self.seconds, self.accounts, self.sign_up_seconds, self.cpus
        ));
        out.push_str(
            "backend   learners  submits   submit/s  median ms     p99 ms  sessions   peak RSS\n",
        );
        out.push_str(&row(&self.sqlite));
        out.push_str(&row(&self.postgres));
        out.push_str(&format!(
            "\nPostgreSQL over SQLite: {:.2}× the submits a second (target ≥ {}×: {})\n",
            self.throughput_ratio,
            targets::THROUGHPUT_OVER_SQLITE,
            verdict(self.throughput_met)
        ));
        out.push_str(&format!(
            "PostgreSQL p99: {:.1} ms (target ≤ {} ms: {})\n",
            self.postgres.latency.p99_ms,
            targets::P99_MS,
            verdict(self.p99_met)
        ));
        out.push_str(&format!(
            "PostgreSQL server peak RSS while practising: {} (target ≤ {} MB: {}){}\n",
            self.postgres
                .peak_mb
                .map_or_else(|| "n/a".to_owned(), |mb| format!("{mb:.1} MB")),
            targets::PEAK_MB,
            self.memory_met.map_or("–", verdict),
            if self.peak_reset {
                ""
            } else {
                " (the sign-ups included)"
            }
        ));
        out.push_str(&format!(
            "PostgreSQL server peak RSS through the sign-ups: {}\n",
            self.sign_up_peak_mb
                .map_or_else(|| "n/a".to_owned(), |mb| format!("{mb:.1} MB")),
        ));
        out
    }
}

/// Runs both loads; `progress` is told each step.
pub async fn run_school(
    options: &SchoolOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<SchoolReport, BenchError> {
    if options.clients == 0 || options.clients > crate::MAX_CLIENTS {
        return Err(BenchError::Setup(format!(
            "clients must be 1 to {}",
            crate::MAX_CLIENTS
        )));
    }
    if options.accounts < options.clients {
        return Err(BenchError::Setup(
            "there must be at least as many accounts as clients".to_owned(),
        ));
    }
    let raw =
        crate::postgres::submit_vs_raw(&options.database, options.scale, options.runs, progress)
            .await?;
    let submit =
        Summary::of(&raw.submit).ok_or_else(|| BenchError::Setup("no submit timed".to_owned()))?;
    let raw_timing = Summary::of(&raw.raw)
        .ok_or_else(|| BenchError::Setup("no raw transaction timed".to_owned()))?;
    let ratio = submit.median_ms / raw_timing.median_ms;
    let submit_vs_raw = SubmitVsRaw {
        rounds: options.runs,
        submit_median_ms: submit.median_ms,
        raw_median_ms: raw_timing.median_ms,
        ratio,
        target_ratio: crate::targets::SUBMIT_OVER_RAW,
        met: ratio <= crate::targets::SUBMIT_OVER_RAW,
    };
    progress("importing the content");
    let sqlite_dir = tempfile::tempdir().map_err(BenchError::io("a temporary directory"))?;
    import_content(&options.iqrah_exe, sqlite_dir.path())?;
    let postgres_dir = tempfile::tempdir().map_err(BenchError::io("a temporary directory"))?;
    std::fs::copy(
        sqlite_dir.path().join("content.sqlite3"),
        postgres_dir.path().join("content.sqlite3"),
    )
    .map_err(BenchError::io("copying the content database"))?;

    progress(&format!(
        "SQLite server: {} clients practising",
        options.clients
    ));
    let exe = options.iqrah_exe.clone();
    let dir = sqlite_dir.path().to_owned();
    let mut server = tokio::task::spawn_blocking(move || Server::spawn(&exe, &dir))
        .await
        .map_err(|e| BenchError::Serve(e.to_string()))??;
    let practisers = (0..options.clients)
        .map(|n| Practiser::new(n, Vec::new()))
        .collect();
    let (load, completed) = practise(server.addr, practisers, options.duration).await?;
    server.check_running()?;
    let sqlite = server_load("sqlite", 1, &load, completed, server.peak_memory_bytes())?;
    drop(server);

    progress("PostgreSQL server: start-up");
    let exe = options.iqrah_exe.clone();
    let dir = postgres_dir.path().to_owned();
    let database = options.database.clone();
    let mut server = tokio::task::spawn_blocking(move || {
        Server::spawn_with(
            &exe,
            &dir,
            &["--database", &database],
            &["--sign-up", "open", "--insecure-cookies"],
        )
    })
    .await
    .map_err(|e| BenchError::Serve(e.to_string()))??;
    progress(&format!(
        "PostgreSQL server: {} sign-ups and tokens",
        options.accounts
    ));
    let began = Instant::now();
    let tokens = sign_up_all(server.addr, options.accounts).await?;
    let sign_up_seconds = began.elapsed().as_secs_f64();
    let sign_up_peak_mb = server.peak_memory_bytes().map(|b| b as f64 / 1e6);
    let peak_reset = server.reset_peak_memory();
    progress(&format!(
        "PostgreSQL server: {} clients practising",
        options.clients
    ));
    // Client n takes turns as accounts n, n + clients, n + 2·clients, …
    let practisers = (0..options.clients)
        .map(|n| {
            let turns = tokens
                .iter()
                .skip(n)
                .step_by(options.clients)
                .cloned()
                .collect();
            Practiser::new(n, turns)
        })
        .collect();
    let (load, completed) = practise(server.addr, practisers, options.duration).await?;
    server.check_running()?;
    let postgres = server_load(
        "postgres",
        options.accounts,
        &load,
        completed,
        server.peak_memory_bytes(),
    )?;
    drop(server);

    let throughput_ratio = postgres.per_second / sqlite.per_second;
    Ok(SchoolReport {
        accounts: options.accounts,
        clients: options.clients,
        seconds: options.duration.as_secs_f64(),
        submit_vs_raw,
        learner_items: raw.items,
        learner_reviews: raw.reviews,
        sign_up_seconds,
        sign_up_peak_mb,
        peak_reset,
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        throughput_ratio,
        throughput_met: throughput_ratio >= targets::THROUGHPUT_OVER_SQLITE,
        p99_met: postgres.latency.p99_ms <= targets::P99_MS,
        memory_met: postgres.peak_mb.map(|mb| mb <= targets::PEAK_MB),
        sqlite,
        postgres,
    })
}

/// `iqrah content import` into `dir`.
fn import_content(exe: &Path, dir: &Path) -> Result<(), BenchError> {
    let output = std::process::Command::new(exe)
        .arg("--data-dir")
        .arg(dir)
        .args(["content", "import"])
        .env_remove("IQRAH_DATA_DIR")
        .env_remove("IQRAH_DATABASE_URL")
        .output()
        .map_err(BenchError::io("running iqrah content import"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BenchError::Setup(format!(
            "iqrah content import failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

fn server_load(
    backend: &str,
    learners: usize,
    load: &Load,
    sessions_completed: usize,
    peak_bytes: Option<u64>,
) -> Result<ServerLoad, BenchError> {
    Ok(ServerLoad {
        backend: backend.to_owned(),
        learners,
        submits: load.latencies.len(),
        per_second: load.latencies.len() as f64 / load.elapsed.as_secs_f64(),
        latency: Summary::of(&load.latencies)
            .ok_or_else(|| BenchError::Serve(format!("no submit on the {backend} server")))?,
        sessions_completed,
        peak_mb: peak_bytes.map(|b| b as f64 / 1e6),
    })
}

/// Signs up `accounts` learners (a few at a time) and makes each an API
/// token; returns their `Authorization` headers.
async fn sign_up_all(addr: SocketAddr, accounts: usize) -> Result<Vec<String>, BenchError> {
    let mut tokens = Vec::with_capacity(accounts);
    let mut next = 0;
    while next < accounts {
        let batch: Vec<_> = (next..accounts.min(next + SIGN_UPS_AT_ONCE))
            .map(|n| tokio::spawn(sign_up(addr, n)))
            .collect();
        next += batch.len();
        for task in batch {
            tokens.push(
                task.await
                    .map_err(|e| BenchError::Serve(format!("a sign-up failed: {e}")))??,
            );
        }
    }
    Ok(tokens)
}

/// Signs up learner `n` and makes a token with its session cookie.
async fn sign_up(addr: SocketAddr, n: usize) -> Result<String, BenchError> {
    let mut client = Client::connect(addr).await?;
    let body = json!({ "username": format!("learner-{n:04}"), "password": PASSWORD });
    let (status, headers, bytes) = client
        .send_with_headers(Method::POST, "/api/v1/sign-up", Some(&body), &[])
        .await?;
    if status != StatusCode::CREATED {
        return Err(BenchError::Serve(format!(
            "sign-up answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        )));
    }
    let cookie = headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .ok_or_else(|| BenchError::Serve("a sign-up set no cookie".to_owned()))?
        .to_owned();
    let label = json!({ "label": "bench" });
    let (status, _, bytes) = client
        .send_with_headers(
            Method::POST,
            "/api/v1/tokens",
            Some(&label),
            &[("cookie", &cookie)],
        )
        .await?;
    if status != StatusCode::CREATED {
        return Err(BenchError::Serve(format!("a token answered {status}")));
    }
    let token: Value = serde_json::from_slice(&bytes)?;
    let secret = token["token"]
        .as_str()
        .ok_or_else(|| BenchError::Serve(format!("no token in {token}")))?;
    Ok(format!("Bearer {secret}"))
}

/// A client of the load: the surahs it works through and the accounts it
/// takes turns as (none: the local learner).
struct Practiser {
    /// Client `n`.
    n: usize,
    /// `Authorization` headers, one per account.
    accounts: Vec<String>,
}

impl Practiser {
    fn new(n: usize, accounts: Vec<String>) -> Self {
        Practiser { n, accounts }
    }
}

const OK: &[StatusCode] = &[StatusCode::OK];

/// Sets the daily cap of new verses of the client's learner high enough
/// for the load.
async fn raise_new_verse_cap(client: &mut Client) -> Result<(), BenchError> {
    client
        .expect(
            Method::PATCH,
            "/api/v1/settings",
            Some(&json!({ "new_verses_per_day": 1000 })),
            OK,
            false,
        )
        .await
        .map(drop)
}

/// Starts (or resumes) a session for surah `goal_surah(*goal)`; when that
/// surah has nothing left today (its verses introduced and none due, or
/// the learner's daily cap of new verses reached), practises it ahead, as a
/// learner who asks for more would; when even that finds nothing, moves
/// to the next of the client's surahs (`*goal` stepped by `step`, the
/// number of clients, so that clients keep apart). Returns the session's
/// id.
async fn start_some(
    client: &mut Client,
    goal: &mut usize,
    step: usize,
) -> Result<String, BenchError> {
    let mut refused = String::new();
    for _ in 0..114 {
        let goal_id = format!("surah:{}", crate::goal_surah(*goal % 114));
        for practice_ahead in [false, true] {
            let body = json!({ "goal_id": goal_id, "practice_ahead": practice_ahead });
            let (status, bytes) = client
                .send(Method::POST, "/api/v1/sessions", Some(&body))
                .await?;
            if status == StatusCode::OK || status == StatusCode::CREATED {
                let session: Value = serde_json::from_slice(&bytes)?;
                return session["id"]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| BenchError::Serve(format!("no session id in {session}")));
            }
            refused = String::from_utf8_lossy(&bytes).into_owned();
            if status != StatusCode::CONFLICT {
                return Err(BenchError::Serve(format!(
                    "starting a session answered {status}: {refused}"
                )));
            }
        }
        *goal += step;
    }
    Err(BenchError::Serve(format!(
        "nothing left to practise: {refused}"
    )))
}

/// Every practiser on its own connection for `duration`; returns the
/// submits' latencies and the sessions completed.
async fn practise(
    addr: SocketAddr,
    practisers: Vec<Practiser>,
    duration: Duration,
) -> Result<(Load, usize), BenchError> {
    let step = practisers.len();
    let mut ready = Vec::with_capacity(step);
    for practiser in practisers {
        let mut client = Client::connect(addr).await?;
        client.authorization = practiser.accounts.first().cloned();
        for account in &practiser.accounts {
            client.authorization = Some(account.clone());
            raise_new_verse_cap(&mut client).await?;
        }
        if practiser.accounts.is_empty() && practiser.n == 0 {
            raise_new_verse_cap(&mut client).await?;
        }
        client.authorization = practiser.accounts.first().cloned();
        let mut goal = practiser.n;
        let session = start_some(&mut client, &mut goal, step).await?;
        ready.push((client, practiser, goal, session));
    }
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = ready
        .into_iter()
        .map(|(mut client, practiser, mut goal, mut session)| {
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut completed = 0usize;
                let mut turn = 0usize;
                let mut answers = 0usize;
                let mut waiting: Option<Value> = None;
                while Instant::now() < deadline {
                    let item = match waiting.take() {
                        Some(item) => item,
                        None => {
                            let next = format!("/api/v1/sessions/{session}/next");
                            client.expect(Method::GET, &next, None, OK, true).await?
                        }
                    };
                    let Some(node) = item["node_id"].as_str() else {
                        let complete = format!("/api/v1/sessions/{session}/complete");
                        client
                            .expect(Method::POST, &complete, None, OK, false)
                            .await?;
                        completed += 1;
                        if !practiser.accounts.is_empty() {
                            turn = (turn + 1) % practiser.accounts.len();
                            client.authorization = Some(practiser.accounts[turn].clone());
                        }
                        session = start_some(&mut client, &mut goal, step).await?;
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
                Ok::<_, BenchError>((latencies, completed))
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut completed = 0;
    for task in tasks {
        let (client, done) = task
            .await
            .map_err(|e| BenchError::Serve(format!("a client task failed: {e}")))??;
        latencies.extend(client);
        completed += done;
    }
    Ok((
        Load {
            latencies,
            elapsed: started.elapsed(),
        },
        completed,
    ))
}
