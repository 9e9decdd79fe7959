//! The crash test: a child process submitting in a loop is killed with
//! SIGKILL at random points, many times; after each kill every acknowledged
//! submit is in the learner's database exactly once, the database's
//! invariants hold and `PRAGMA integrity_check` says ok.
//!
//! The child is this test binary itself, re-executed to run only
//! [`crash_child`] (which does nothing unless `IQRAH_CRASH_CHILD_DIR` is
//! set), so it works the same under `cargo test` and `cargo nextest`.
//!
//! The child answers items of the local learner's active session (starting
//! one for `juz:30`, `juz:29`, … when there is none) with a fixed pattern of
//! grades that includes Again (relearning copies) and, for every third item, a
//! recorded check first; it completes a session when nothing is left in it.
//! After each acknowledged submit it prints `ACK <session_id> <receipt>` and
//! flushes. Before starting a session it prints `START`. Most rounds are
//! killed 2–300 ms after the child's first acknowledgement (a child makes
//! about one submit per millisecond or two, so kills land inside submit,
//! check, complete and start transactions); every fourth round is killed
//! 0–500 ms after a `START`, while the session is being planned or written.
//!
//! The clock is fixed per child (`Clock::Fixed`): round `r` runs at
//! `T0 + r` minutes, so restarts move forward in time and the run is
//! reproducible. The kill delays come from a seeded ChaCha generator
//! (`IQRAH_CRASH_SEED` overrides the seed, `IQRAH_CRASH_ROUNDS` the number of
//! rounds).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{data_dir, open_at};
use iqrah_api::{Answer, ApiError, SessionOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

const CHILD_DIR_VAR: &str = "IQRAH_CRASH_CHILD_DIR";
const CHILD_ROUND_VAR: &str = "IQRAH_CRASH_CHILD_ROUND";
const MINUTE: i64 = 60_000;
/// The grades a child gives, in turn: Again comes up often enough to add
/// relearning copies. Each child starts with an Again, whose submit builds
/// the exercise index for the relearning copy (the slow first use, hundreds
/// of milliseconds in a debug build), so that the kill delays, counted from
/// the first acknowledgement, fall among ordinary submits.
const GRADES: [u8; 7] = [1, 3, 4, 3, 2, 1, 3];

/// The child: answers items until it is killed. A no-op in a normal test run.
#[tokio::test]
async fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR_VAR) else {
        return;
    };
    let round: i64 = std::env::var(CHILD_ROUND_VAR).unwrap().parse().unwrap();
    let iqrah = open_at(Path::new(&dir), round * MINUTE).await;
    let user = iqrah_api::UserId::local();
    let mut stdout = std::io::stdout();
    let mut answered = 0usize;
    loop {
        let session = match iqrah.get_active_session(&user.clone()).await.unwrap() {
            Some(session) => session,
            None => {
                // The next goal: one juz further back per completed session.
                let done = iqrah
                    .list_sessions(&user.clone(), 1000)
                    .await
                    .unwrap()
                    .len();
                writeln!(stdout, "START").unwrap();
                stdout.flush().unwrap();
                let mut started = None;
                for k in 0..30 {
                    let goal = format!("juz:{}", 30 - (done + k) % 30);
                    // Practice-ahead: the child answers far more than a
                    // day's new verses, and must always find work.
                    let options = SessionOptions {
                        practice_ahead: true,
                        minutes: None,
                    };
                    match iqrah.start_session_with(&user.clone(), goal, options).await {
                        Ok((session, _)) => {
                            started = Some(session);
                            break;
                        }
                        Err(ApiError::NothingToPractise { .. }) => continue,
                        Err(other) => panic!("start failed: {other}"),
                    }
                }
                started.expect("some juz has something to practise")
            }
        };
        while let Some(item) = iqrah
            .get_next_session_item(&common::LOCAL, session.id.clone())
            .await
            .unwrap()
        {
            if item.item_id % 3 == 0 {
                // A recorded check (its own transaction); the answer may be wrong.
                iqrah
                    .check_answer(
                        &common::LOCAL,
                        session.id.clone(),
                        item.node_id.clone(),
                        Answer::Choice { index: 0 },
                        2_000,
                    )
                    .await
                    .ok();
            }
            let grade = GRADES[answered % GRADES.len()];
            // A duration of its own per item: the API takes a submit with the
            // last answered item's node, grade and duration for a retry of it,
            // even when the current item is that item's relearning copy.
            let duration_ms = 1_000 + item.item_id.unsigned_abs();
            let receipt = iqrah
                .submit_session_item(
                    &common::LOCAL,
                    session.id.clone(),
                    item.node_id.clone(),
                    grade,
                    duration_ms,
                )
                .await
                .unwrap()
                .receipt;
            assert_eq!(receipt, item.item_id.to_string());
            writeln!(stdout, "ACK {} {receipt}", session.id).unwrap();
            stdout.flush().unwrap();
            answered += 1;
        }
        iqrah
            .complete_session(&common::LOCAL, session.id.clone())
            .await
            .unwrap();
    }
}

/// How a round's kill is timed.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// This long after the child's first acknowledged submit.
    AfterFirstAck(Duration),
    /// This long after the child announced a session start.
    AfterStart(Duration),
}

/// What one child printed before it died.
struct Round {
    acks: Vec<(String, i64)>,
    started: bool,
}

/// Runs one child until `kill` says, kills it with SIGKILL and returns what it printed.
fn run_child(dir: &Path, round: usize, kill: Kill) -> Round {
    let exe = std::env::current_exe().unwrap();
    let stderr_path = dir.join(format!("child-{round}.stderr"));
    let mut child = Command::new(exe)
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR_VAR, dir)
        .env(CHILD_ROUND_VAR, round.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut round_out = Round {
        acks: Vec::new(),
        started: false,
    };
    let record = |line: &str, out: &mut Round| {
        // The first line follows libtest's "test crash_child ... ".
        if let Some(rest) = line.find("ACK ").map(|at| &line[at + 4..]) {
            let (session, receipt) = rest.split_once(' ').unwrap();
            out.acks
                .push((session.to_owned(), receipt.parse().unwrap()));
        } else if line.ends_with("START") {
            out.started = true;
        }
    };
    // Wait for the trigger line, then for the delay.
    let deadline = Instant::now() + Duration::from_secs(120);
    let delay = loop {
        let line = match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => line,
            Err(_) => {
                child.kill().ok();
                child.wait().ok();
                let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
                panic!(
                    "round {round}: the child ended or stalled before its trigger ({kill:?}); stderr:\n{stderr}"
                );
            }
        };
        record(&line, &mut round_out);
        match kill {
            Kill::AfterFirstAck(delay) if line.contains("ACK ") => break delay,
            Kill::AfterStart(delay) if line.ends_with("START") => break delay,
            _ => {}
        }
    };
    std::thread::sleep(delay);
    if let Ok(Some(status)) = child.try_wait() {
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        panic!("round {round}: the child exited by itself ({status}); stderr:\n{stderr}");
    }
    child.kill().unwrap(); // SIGKILL on Unix.
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "round {round}: a killed child does not succeed"
    );
    reader.join().unwrap();
    while let Ok(line) = lines.try_recv() {
        record(&line, &mut round_out);
    }
    round_out
}

/// Checks the learner's database file as the kill left it, before anything
/// else opens it; returns the number of answered items.
async fn check_database(path: &Path, acked: &HashMap<i64, String>, round: usize) -> i64 {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut db = SqliteConnection::connect_with(&options).await.unwrap();
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut db)
        .await
        .unwrap();
    assert_eq!(integrity, ["ok"], "round {round}: integrity_check");
    let foreign: Vec<(String, i64)> =
        sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
            .fetch_all(&mut db)
            .await
            .unwrap();
    assert!(
        foreign.is_empty(),
        "round {round}: foreign key violations {foreign:?}"
    );

    // Every acknowledged submit: an answered item of its session, logged exactly once.
    let answered: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, session_id FROM session_items WHERE status = 'answered'")
            .fetch_all(&mut db)
            .await
            .unwrap();
    let answered: HashMap<i64, String> = answered.into_iter().collect();
    let logged: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT session_item_id, count(*) FROM review_log WHERE session_item_id IS NOT NULL GROUP BY session_item_id",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let logged: HashMap<i64, i64> = logged.into_iter().collect();
    for (receipt, session) in acked {
        assert_eq!(
            answered.get(receipt),
            Some(session),
            "round {round}: acknowledged item {receipt} is answered"
        );
        assert_eq!(
            logged.get(receipt),
            Some(&1),
            "round {round}: acknowledged item {receipt} is logged once"
        );
    }
    // No log without its answered item, no answered item without its log.
    for (item, count) in &logged {
        assert!(
            answered.contains_key(item),
            "round {round}: review_log row for item {item}, which is not answered"
        );
        assert_eq!(*count, 1, "round {round}: item {item} logged {count} times");
    }
    let unlogged: i64 =
        sqlx::query_scalar("SELECT count(*) FROM review_log WHERE session_item_id IS NULL")
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!(
        unlogged, 0,
        "round {round}: only session answers are logged here"
    );
    assert_eq!(
        logged.len(),
        answered.len(),
        "round {round}: every answered item is logged"
    );

    // The session counters match their items.
    let counters: Vec<(String, String, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.status, s.items_count, s.items_completed,
                (SELECT count(*) FROM session_items i WHERE i.session_id = s.id),
                (SELECT count(*) FROM session_items i WHERE i.session_id = s.id AND i.status = 'answered'),
                (SELECT count(*) FROM session_items i WHERE i.session_id = s.id AND i.status = 'skipped')
         FROM sessions s",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    for (id, status, count, completed, items, answered_items, skipped) in &counters {
        assert_eq!(
            completed, answered_items,
            "round {round}: items_completed of {id}"
        );
        assert_eq!(count, items, "round {round}: items_count of {id}");
        if status == "active" {
            assert_eq!(
                *skipped, 0,
                "round {round}: active session {id} has skipped items"
            );
        }
    }
    let active: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE status = 'active'")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert!(active <= 1, "round {round}: {active} active sessions");

    // One memory state per reviewed item, equal to its last logged state.
    let states: i64 = sqlx::query_scalar("SELECT count(*) FROM memory_states WHERE user_id = ?1")
        .bind("local")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let keys: i64 =
        sqlx::query_scalar("SELECT count(DISTINCT item_key) FROM review_log WHERE user_id = ?1")
            .bind("local")
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!(
        states, keys,
        "round {round}: memory states per reviewed item"
    );
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT m.item_key FROM memory_states m
         JOIN review_log r ON r.id = (SELECT max(id) FROM review_log WHERE user_id = m.user_id AND item_key = m.item_key)
         WHERE m.user_id = ?1 AND (m.reps <> json_extract(r.state_after, '$.reps')
            OR m.lapses <> json_extract(r.state_after, '$.lapses')
            OR m.due <> json_extract(r.state_after, '$.due')
            OR m.last_review <> json_extract(r.state_after, '$.last_review'))",
    )
    .bind("local")
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert!(
        stale.is_empty(),
        "round {round}: memory states differ from their last review: {stale:?}"
    );
    db.close().await.unwrap();
    answered.len() as i64
}

#[tokio::test]
async fn acknowledged_submits_survive_sigkill() {
    let rounds: usize = std::env::var("IQRAH_CRASH_ROUNDS").map_or(25, |r| r.parse().unwrap());
    let seed: u64 = std::env::var("IQRAH_CRASH_SEED").map_or(0x1c8a4, |s| s.parse().unwrap());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = data_dir();
    let user_db = dir.path().join(iqrah_sqlite::USER_DB_FILE_NAME);
    let started = Instant::now();

    let mut acked: HashMap<i64, String> = HashMap::new();
    let mut start_rounds = 0;
    let mut ack_rounds = 0;
    let mut last_answered = 0;
    for round in 1..=rounds {
        // Every fourth round (from the first, which must start a session)
        // dies while a session is being created, if the child starts one.
        let kill = if round % 4 == 1 {
            // Starting in a fresh process builds the exercise index first
            // (about 0.4 s in a debug build), then writes the session.
            Kill::AfterStart(Duration::from_millis(rng.random_range(0..500)))
        } else {
            Kill::AfterFirstAck(Duration::from_millis(rng.random_range(2..300)))
        };
        let kill = match kill {
            // A child with an active session does not start one: the round
            // becomes an ACK-timed one.
            Kill::AfterStart(delay) if round > 1 && active_session(&user_db).await => {
                Kill::AfterFirstAck(delay)
            }
            other => other,
        };
        ack_rounds += usize::from(matches!(kill, Kill::AfterFirstAck(_)));
        let out = tokio::task::spawn_blocking({
            let path = dir.path().to_owned();
            move || run_child(&path, round, kill)
        })
        .await
        .unwrap();
        start_rounds += usize::from(out.started);
        let mut fresh = HashSet::new();
        for (session, receipt) in out.acks {
            assert!(
                fresh.insert(receipt),
                "round {round}: item {receipt} acknowledged twice"
            );
            let previous = acked.insert(receipt, session);
            assert!(
                previous.is_none(),
                "round {round}: item {receipt} was already acknowledged in an earlier round"
            );
        }
        let answered = check_database(&user_db, &acked, round).await;
        assert!(
            answered >= last_answered,
            "round {round}: answered items went from {last_answered} to {answered}"
        );
        assert!(answered >= acked.len() as i64);
        last_answered = answered;

        // The restart works: the next item can be fetched through the API.
        let iqrah = open_at(dir.path(), round as i64 * MINUTE).await;
        if let Some(active) = iqrah.get_active_session(&common::LOCAL).await.unwrap() {
            let next = iqrah
                .get_next_session_item(&common::LOCAL, active.id.clone())
                .await
                .unwrap();
            let again = iqrah
                .get_next_session_item(&common::LOCAL, active.id.clone())
                .await
                .unwrap();
            assert_eq!(
                next, again,
                "round {round}: the same payload twice after the restart"
            );
        }
        iqrah.close().await;
    }
    let unacknowledged = last_answered - acked.len() as i64;
    eprintln!(
        "{rounds} kills in {:.1} s: {} acknowledged submits, {unacknowledged} committed but unacknowledged, \
         {start_rounds} rounds started a session",
        started.elapsed().as_secs_f64(),
        acked.len(),
    );
    assert!(
        acked.len() >= ack_rounds,
        "every ACK-timed round acknowledged at least one submit"
    );
}

/// Whether the local learner has an active session (read-only).
async fn active_session(path: &Path) -> bool {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut db = SqliteConnection::connect_with(&options).await.unwrap();
    let active: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sessions WHERE user_id = ?1 AND status = 'active'",
    )
    .bind("local")
    .fetch_one(&mut db)
    .await
    .unwrap();
    db.close().await.unwrap();
    active > 0
}
