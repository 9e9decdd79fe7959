//! Figures from issue 4, for a learner with a memory state on every item
//! (18,594) and a long review log (over 200,000 entries): submit ≤ 2× a raw
//! SQLite transaction doing the same writes, start_session ≤ 10 ms,
//! get_next_session_item ≤ 0.5 ms, resume after a restart ≤ 50 ms.
//!
//! Run: `cargo bench -p iqrah-api --bench session -- --warm-up-time 1 --measurement-time 4`.
//! The last group, `submit_vs_raw`, alternates the two submits in one loop
//! and prints both medians and their ratio.

#![allow(missing_docs)] // criterion_group! generates undocumented items.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A benchmark: a failed set-up is a failed run.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use iqrah_api::{Answer, Clock, Config, ExercisePrompt, Iqrah, LOCAL_USER, SessionItemDto, Timestamp};
use iqrah_core::exercise::{AnswerKey, Solution};
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::time::DAY_MS;
use sqlx::SqlitePool;
use tokio::runtime::Runtime;

/// 2026-11-24T06:00:00Z, as in the tests.
const NOW: Timestamp = Timestamp(1_795_500_000_000);
const GOAL: &str = "review";
/// Review log entries per item made by SQL (on top of the sessions' own).
const LOG_ROUNDS: i64 = 11;
/// Completed sessions made through the API during the set-up.
const PAST_SESSIONS: usize = 20;

fn package_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/node_modules/quran-json")
}

fn config(dir: &Path) -> Config {
    let mut config = Config::new(dir);
    config.clock = Clock::Fixed(NOW);
    config
}

fn local() -> String {
    LOCAL_USER.to_owned()
}

/// A state on every item: reviewed 0–59 days ago with stabilities of 1–90
/// days, so that roughly a third are due.
fn all_states() -> Vec<(ItemKey, MemoryState)> {
    let scheduler = Scheduler::new();
    ItemKey::all()
        .enumerate()
        .map(|(i, item)| {
            let reviewed = Timestamp(NOW.millis() - (i as i64 % 60) * DAY_MS - (i as i64 % 997) * 60_000);
            let first = scheduler.review(None, Rating::Good, reviewed, 0.9);
            let stability = 1.0 + ((i * 7) % 90) as f32;
            let state = MemoryState {
                stability,
                due: reviewed.plus_days(f64::from(stability)),
                reps: 3 + (i % 9) as u32,
                lapses: (i % 4) as u32,
                ..first
            };
            (item, state)
        })
        .collect()
}

/// Writes the learner's states and a long review log with plain SQL.
async fn seed_learner(pool: &SqlitePool) {
    let states = all_states();
    assert_eq!(states.len(), 18_594);
    let mut tx = pool.begin().await.unwrap();
    for (item, state) in &states {
        sqlx::query(
            "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(LOCAL_USER)
        .bind(item.to_string())
        .bind(f64::from(state.stability))
        .bind(f64::from(state.difficulty))
        .bind(state.last_review.millis())
        .bind(state.due.millis())
        .bind(state.reps)
        .bind(state.lapses)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    // LOG_ROUNDS earlier reviews of every item, spread over the past two years.
    sqlx::query(
        "WITH RECURSIVE round(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM round WHERE n < ?3)
         INSERT INTO review_log (user_id, item_key, session_item_id, rating, reviewed_at, elapsed_days, duration_ms,
           state_before, state_after)
         SELECT m.user_id, m.item_key, NULL, 1 + (n + length(m.item_key)) % 4,
                m.last_review - n * ((n + length(m.item_key)) % 7 + 4) * ?2, (n % 7) + 4.0, 4000 + n * 500,
                json_object('stability', m.stability / (n + 1), 'difficulty', m.difficulty, 'last_review',
                  m.last_review - (n + 1) * 5 * ?2, 'due', m.last_review - n * 4 * ?2, 'reps', n, 'lapses', 0),
                json_object('stability', m.stability / n, 'difficulty', m.difficulty, 'last_review',
                  m.last_review - n * 5 * ?2, 'due', m.last_review, 'reps', n + 1, 'lapses', 0)
         FROM memory_states m CROSS JOIN round WHERE m.user_id = ?1",
    )
    .bind(LOCAL_USER)
    .bind(DAY_MS)
    .bind(LOG_ROUNDS)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM review_log").fetch_one(pool).await.unwrap();
    assert!(logged >= 200_000, "{logged} review log entries");
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
}

/// Abandons any active session of the goal and starts a new one.
async fn fresh_session(iqrah: &Iqrah) -> String {
    if let Some(active) = iqrah.get_active_session(local()).await.unwrap() {
        iqrah.abandon_session(active.id).await.unwrap();
    }
    let session = iqrah.start_session(local(), GOAL.to_owned()).await.unwrap();
    assert_eq!(session.items_completed, 0, "a new session");
    session.id
}

/// The current item of the active session, starting a new session when the
/// current one has nothing left.
async fn pending_item(iqrah: &Iqrah, session: &mut String) -> SessionItemDto {
    if let Some(item) = iqrah.get_next_session_item(session.clone()).await.unwrap() {
        return item;
    }
    *session = fresh_session(iqrah).await;
    iqrah.get_next_session_item(session.clone()).await.unwrap().expect("a new session has items")
}

/// The right answer to an item, from its stored solution.
async fn right_answer(pool: &SqlitePool, item: &SessionItemDto) -> Answer {
    let solution: String = sqlx::query_scalar("SELECT solution FROM session_items WHERE id = ?1")
        .bind(item.item_id)
        .fetch_one(pool)
        .await
        .unwrap();
    let solution: Solution = serde_json::from_str(&solution).unwrap();
    match solution.key {
        AnswerKey::Words { words } => match item.exercise {
            ExercisePrompt::Recall { .. } => Answer::SelfGrade { rating: Rating::Good },
            _ => Answer::Text { text: words.join(" ") },
        },
        AnswerKey::Choice { index } | AnswerKey::Mistake { index, .. } => Answer::Choice { index },
        AnswerKey::Order { order } => Answer::Order { order },
    }
}

/// A pending item for the raw transaction, with the values it writes.
struct RawItem {
    session_id: String,
    item_id: i64,
    item_key: String,
    state_before: String,
    state_after: String,
}

/// The session's pending item of highest position, for the raw
/// transaction (the API answers from the lowest one).
async fn raw_item(pool: &SqlitePool, session_id: &str) -> Option<RawItem> {
    let (item_id, item_key): (i64, String) = sqlx::query_as(
        "SELECT id, item_key FROM session_items WHERE session_id = ?1 AND status = 'pending'
         ORDER BY position DESC LIMIT 1",
    )
    .bind(session_id)
    .fetch_optional(pool)
    .await
    .unwrap()?;
    let scheduler = Scheduler::new();
    let before = scheduler.review(None, Rating::Good, Timestamp(NOW.millis() - 10 * DAY_MS), 0.9);
    let after = scheduler.review(Some(&before), Rating::Good, NOW, 0.9);
    Some(RawItem {
        session_id: session_id.to_owned(),
        item_id,
        item_key,
        state_before: serde_json::to_string(&before).unwrap(),
        state_after: serde_json::to_string(&after).unwrap(),
    })
}

/// A pending item for the raw transaction, starting a new session when the
/// current one has nothing left.
async fn raw_pending(iqrah: &Iqrah, pool: &SqlitePool, session: &mut String) -> RawItem {
    if let Some(item) = raw_item(pool, session).await {
        return item;
    }
    *session = fresh_session(iqrah).await;
    raw_item(pool, session).await.expect("a new session has items")
}

/// The writes of a submit (grade 3, no relearning copy), as plain SQL:
/// no reads, no decisions.
async fn raw_submit(pool: &SqlitePool, item: &RawItem) {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    let updated = sqlx::query(
        "UPDATE session_items SET status = 'answered', grade = ?1, duration_ms = ?2, answered_at = ?3,
           answered_seq = (SELECT coalesce(max(answered_seq), 0) + 1 FROM session_items WHERE session_id = ?4)
         WHERE id = ?5 AND session_id = ?4 AND status = 'pending'",
    )
    .bind(3u8)
    .bind(5_000i64)
    .bind(NOW.millis())
    .bind(&item.session_id)
    .bind(item.item_id)
    .execute(&mut *tx)
    .await
    .unwrap();
    assert_eq!(updated.rows_affected(), 1);
    sqlx::query(
        "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (user_id, item_key) DO UPDATE SET stability = excluded.stability,
           difficulty = excluded.difficulty, last_review = excluded.last_review, due = excluded.due,
           reps = excluded.reps, lapses = excluded.lapses",
    )
    .bind(LOCAL_USER)
    .bind(&item.item_key)
    .bind(12.5f64)
    .bind(5.0f64)
    .bind(NOW.millis())
    .bind(NOW.millis() + 12 * DAY_MS)
    .bind(4u32)
    .bind(0u32)
    .execute(&mut *tx)
    .await
    .unwrap();
    // The learner's state version, bumped as a submit bumps it.
    sqlx::query(
        "INSERT INTO state_versions (user_id, version) VALUES (?1, 1)
         ON CONFLICT (user_id) DO UPDATE SET version = version + 1 RETURNING version",
    )
    .bind(LOCAL_USER)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO review_log (user_id, item_key, session_item_id, rating, reviewed_at, elapsed_days, duration_ms,
           state_before, state_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(LOCAL_USER)
    .bind(&item.item_key)
    .bind(item.item_id)
    .bind(3u8)
    .bind(NOW.millis())
    .bind(10.0f64)
    .bind(5_000i64)
    .bind(&item.state_before)
    .bind(&item.state_after)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query("UPDATE sessions SET items_completed = items_completed + 1, items_count = items_count + ?1 WHERE id = ?2")
        .bind(0i64)
        .bind(&item.session_id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

struct Fixture {
    runtime: Runtime,
    _dir: tempfile::TempDir,
    data_dir: PathBuf,
    iqrah: Iqrah,
    pool: SqlitePool,
}

fn fixture() -> Fixture {
    let runtime = Runtime::new().expect("tokio runtime");
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().to_owned();
    let (iqrah, pool) = runtime.block_on(async {
        let target = data_dir.join(iqrah_content::CONTENT_FILE_NAME);
        iqrah_content::import(&package_dir(), &target, |_| {}).await.expect("quran-json is installed");
        let iqrah = Iqrah::open(config(&data_dir)).await.unwrap();
        let pool = iqrah.store().await.unwrap().pool().clone();
        seed_learner(&pool).await;
        for _ in 0..PAST_SESSIONS {
            let id = fresh_session(&iqrah).await;
            let mut n = 0u64;
            while let Some(item) = iqrah.get_next_session_item(id.clone()).await.unwrap() {
                n += 1;
                let grade = if n.is_multiple_of(9) { 1 } else { 2 + (n % 3) as u8 };
                iqrah.submit_session_item(id.clone(), item.node_id, grade, 3_000 + n * 100).await.unwrap();
            }
            iqrah.complete_session(id).await.unwrap();
        }
        (iqrah, pool)
    });
    Fixture { runtime, _dir: dir, data_dir, iqrah, pool }
}

fn benches(c: &mut Criterion) {
    let f = fixture();
    let (rt, iqrah, pool) = (&f.runtime, &f.iqrah, &f.pool);
    let mut group = c.benchmark_group("session");

    group.bench_function("start_session", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    if let Some(active) = iqrah.get_active_session(local()).await.unwrap() {
                        iqrah.abandon_session(active.id).await.unwrap();
                    }
                    let started = Instant::now();
                    let session = iqrah.start_session(local(), GOAL.to_owned()).await.unwrap();
                    total += started.elapsed();
                    assert_eq!(session.items_completed, 0, "a new session each time");
                }
                total
            })
        })
    });

    let session = rt.block_on(fresh_session(iqrah));
    group.bench_function("get_next_session_item", |b| {
        b.iter(|| rt.block_on(async { black_box(iqrah.get_next_session_item(session.clone()).await.unwrap()) }))
    });

    let item = rt.block_on(iqrah.get_next_session_item(session.clone())).unwrap().unwrap();
    let answer = rt.block_on(right_answer(pool, &item));
    group.bench_function("check_answer", |b| {
        b.iter(|| {
            rt.block_on(async {
                let checked = iqrah.check_answer(session.clone(), item.node_id.clone(), answer.clone(), 4_000).await;
                black_box(checked.unwrap())
            })
        })
    });

    group.bench_function("submit_session_item", |b| {
        let mut session = rt.block_on(fresh_session(iqrah));
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let item = pending_item(iqrah, &mut session).await;
                    let started = Instant::now();
                    let receipt = iqrah.submit_session_item(session.clone(), item.node_id, 3, 5_000).await.unwrap();
                    total += started.elapsed();
                    black_box(receipt);
                }
                total
            })
        })
    });

    group.bench_function("raw_sqlite_submit_transaction", |b| {
        let mut session = rt.block_on(fresh_session(iqrah));
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let item = raw_pending(iqrah, pool, &mut session).await;
                    let started = Instant::now();
                    raw_submit(pool, &item).await;
                    total += started.elapsed();
                }
                total
            })
        })
    });

    group.bench_function("undo_last_answer", |b| {
        let mut session = rt.block_on(fresh_session(iqrah));
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let item = pending_item(iqrah, &mut session).await;
                    iqrah.submit_session_item(session.clone(), item.node_id.clone(), 3, 5_000).await.unwrap();
                    let started = Instant::now();
                    let current = iqrah.undo_last_answer(session.clone()).await.unwrap();
                    total += started.elapsed();
                    assert_eq!(current.map(|c| c.item_id), Some(item.item_id), "the undone item is current again");
                }
                total
            })
        })
    });

    group.bench_function("complete_session", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut session = fresh_session(iqrah).await;
                    for _ in 0..5 {
                        let item = pending_item(iqrah, &mut session).await;
                        iqrah.submit_session_item(session.clone(), item.node_id, 3, 5_000).await.unwrap();
                    }
                    let started = Instant::now();
                    let summary = iqrah.complete_session(session).await.unwrap();
                    total += started.elapsed();
                    assert_eq!(summary.summary.items_completed, 5);
                }
                total
            })
        })
    });

    let active = rt.block_on(fresh_session(iqrah));
    group.bench_function("resume_after_restart", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let restarted = Iqrah::open(config(&f.data_dir)).await.unwrap();
                    let session = restarted.get_active_session(local()).await.unwrap().expect("an active session");
                    let item = restarted.get_next_session_item(session.id).await.unwrap().expect("a pending item");
                    total += started.elapsed();
                    assert_eq!(item.session_id, active);
                    restarted.store().await.unwrap().close().await;
                }
                total
            })
        })
    });
    group.finish();

    submit_vs_raw(&f);
}

/// Alternates an API submit and the raw transaction in one loop and prints
/// both medians and their ratio (the "≤ 2×" figure).
fn submit_vs_raw(f: &Fixture) {
    const ROUNDS: usize = 600;
    let (iqrah, pool) = (&f.iqrah, &f.pool);
    let (mut api, mut raw) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    f.runtime.block_on(async {
        // One session for both: the API answers from the front, the raw
        // transaction from the back.
        let mut session = fresh_session(iqrah).await;
        for _ in 0..ROUNDS {
            let item = pending_item(iqrah, &mut session).await;
            let started = Instant::now();
            iqrah.submit_session_item(session.clone(), item.node_id, 3, 5_000).await.unwrap();
            api.push(started.elapsed());
            let item = raw_pending(iqrah, pool, &mut session).await;
            let started = Instant::now();
            raw_submit(pool, &item).await;
            raw.push(started.elapsed());
        }
    });
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (api, raw) = (median(&mut api), median(&mut raw));
    println!(
        "submit_vs_raw ({ROUNDS} interleaved rounds): submit median {api:?}, raw transaction median {raw:?}, ratio {:.2} (target ≤ 2)",
        api.as_secs_f64() / raw.as_secs_f64()
    );
}

criterion_group!(session, benches);
criterion_main!(session);
