//! A recited passage records several reviews in one transaction: a failure
//! in the middle (the third review row refused by a trigger, after the item,
//! the key and two states were written) leaves nothing, and an
//! undo reverts every review exactly.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::collections::HashMap;

use iqrah_core::exercise::{AnswerKey, ExercisePrompt, GeneratedExercise, Solution, TimingProfile};
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::passage::{MarkKind, PassageMark};
use iqrah_core::planner::Reason;
use iqrah_core::session::{IdempotencyKey, decide_undo};
use iqrah_core::time::Timestamp;
use iqrah_quran::VerseKey;
use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME, test_support};
use iqrah_store::{
    NewItem, NewSession, PassageWrite, ReviewWrite, SessionId, StoreError, UserId, UserStore,
};

const USER: &str = "local";

fn key(text: &str) -> VerseKey {
    text.parse().unwrap()
}

/// An exercise for the session item (the store does not read it).
fn exercise(verse: &str) -> GeneratedExercise {
    let reference = key(verse);
    GeneratedExercise {
        prompt: ExercisePrompt::Recall {
            reference,
            surah_name: "An-Naba'".to_owned(),
            previous: None,
            word_count: 3,
        },
        solution: Solution {
            item: ItemKey::memorization(reference),
            timing: TimingProfile::LONG_RECALL,
            key: AnswerKey::Words {
                words: vec!["a".into(), "b".into(), "c".into()],
            },
            traps: Vec::new(),
        },
    }
}

async fn open() -> (tempfile::TempDir, SqliteStore, SessionId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME))
        .await
        .unwrap();
    let items = ["78:1", "78:5"]
        .into_iter()
        .map(|v| NewItem {
            item: ItemKey::memorization(key(v)),
            reason: Reason::Review,
            exercise: exercise(v),
        })
        .collect();
    let (session, created) = store
        .create_session(
            &UserId::local(),
            "surah:78",
            Timestamp(1_000),
            NewSession {
                id: SessionId::new("s1"),
                seed: 7,
                goal_before: Default::default(),
                settings: Default::default(),
                parameters: Vec::new(),
                items,
            },
        )
        .await
        .unwrap();
    assert!(created);
    (dir, store, session.id)
}

/// The passage 78:1–3: its five items and their states before.
fn items() -> Vec<ItemKey> {
    vec![
        ItemKey::memorization(key("78:1")),
        ItemKey::continuity(key("78:1")).unwrap(),
        ItemKey::memorization(key("78:2")),
        ItemKey::continuity(key("78:2")).unwrap(),
        ItemKey::memorization(key("78:3")),
    ]
}

fn state(n: u32, at: i64) -> MemoryState {
    MemoryState {
        stability: 3.0 + n as f32,
        difficulty: 5.0,
        last_review: Timestamp(at),
        due: Timestamp(at + 86_400_000),
        reps: n,
        lapses: 0,
    }
}

/// Seeds states for the first three items (the other two are new).
async fn seed(store: &SqliteStore) {
    for (n, item) in items().into_iter().take(3).enumerate() {
        let s = state(n as u32, 500);
        sqlx::query(
            "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(USER)
        .bind(item.to_string())
        .bind(f64::from(s.stability))
        .bind(f64::from(s.difficulty))
        .bind(s.last_review.millis())
        .bind(s.due.millis())
        .bind(s.reps)
        .bind(s.lapses)
        .execute(test_support::pool(store))
        .await
        .unwrap();
    }
}

/// The write of a recitation of 78:1–3 with one prompt on 78:2's first word.
fn write(item_id: i64, states: &HashMap<ItemKey, MemoryState>) -> PassageWrite {
    let ratings = [
        Rating::Good,
        Rating::Again,
        Rating::Again,
        Rating::Good,
        Rating::Good,
    ];
    PassageWrite::Record {
        item_id,
        item: items()[0],
        rating: Rating::Again,
        duration_ms: 30_000,
        answered_at: Timestamp(2_000),
        marks: vec![PassageMark {
            verse: 1,
            word: Some(0),
            mark: MarkKind::Prompted,
        }],
        reviews: items()
            .into_iter()
            .zip(ratings)
            .enumerate()
            .map(|(n, (item, rating))| ReviewWrite {
                item,
                rating,
                duration_ms: [10_000, 0, 10_000, 0, 10_000][n],
                elapsed_days: 1.0,
                state_before: states.get(&item).copied(),
                state_after: state(10 + n as u32, 2_000),
            })
            .collect(),
        relearn: None,
    }
}

/// Everything a submit may write.
async fn snapshot(store: &SqliteStore) -> (Vec<(String, f64, i64)>, i64, i64, i64, String) {
    let states =
        sqlx::query_as("SELECT item_key, stability, reps FROM memory_states ORDER BY item_key")
            .fetch_all(test_support::pool(store))
            .await
            .unwrap();
    let (log, keys, completed): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM review_log), (SELECT count(*) FROM submit_keys WHERE undone = 0),
           (SELECT items_completed FROM sessions)",
    )
    .fetch_one(test_support::pool(store))
    .await
    .unwrap();
    let statuses: String = sqlx::query_scalar(
        "SELECT group_concat(status || ':' || coalesce(grade, '-')) FROM session_items",
    )
    .fetch_one(test_support::pool(store))
    .await
    .unwrap();
    (states, log, keys, completed, statuses)
}

#[tokio::test]
async fn a_passage_is_one_transaction_and_its_undo_reverts_every_review() {
    let (_dir, store, session) = open().await;
    seed(&store).await;
    let before = snapshot(&store).await;
    let key = IdempotencyKey::new("k1").unwrap();

    // A review row that fails in the middle (the third of five): nothing stays.
    sqlx::query(
        "CREATE TRIGGER fail_third BEFORE INSERT ON review_log
         WHEN (SELECT count(*) FROM review_log WHERE passage_item_id = NEW.passage_item_id) >= 2
         BEGIN SELECT RAISE(ABORT, 'failed in the middle'); END",
    )
    .execute(test_support::pool(&store))
    .await
    .unwrap();
    let failed = store
        .submit_passage(&UserId::local(), &session, Some(&key), |ctx, states| {
            Ok(write(ctx.current.as_ref().unwrap().item.id, states))
        })
        .await;
    assert!(matches!(failed, Err(StoreError::Backend(_))), "{failed:?}");
    assert_eq!(
        snapshot(&store).await,
        before,
        "nothing of the failed passage"
    );
    assert_eq!(
        store.memory_states(&UserId::local()).await.unwrap().len(),
        3
    );
    sqlx::query("DROP TRIGGER fail_third")
        .execute(test_support::pool(&store))
        .await
        .unwrap();

    // Recorded: five reviews, one answered item, the key with its marks.
    let receipt = store
        .submit_passage(&UserId::local(), &session, Some(&key), |ctx, states| {
            assert_eq!(states.len(), 3);
            Ok(write(ctx.current.as_ref().unwrap().item.id, states))
        })
        .await
        .unwrap()
        .receipt;
    let after = snapshot(&store).await;
    assert_eq!((after.1, after.2, after.3), (5, 1, 1));
    assert!(after.4.starts_with("answered:1,"), "{}", after.4);
    let states = store.memory_states(&UserId::local()).await.unwrap();
    assert_eq!(states.len(), 5);
    assert_eq!(states[&items()[4]], state(14, 2_000));
    let (own, named): (i64, i64) =
        sqlx::query_as("SELECT count(session_item_id), count(passage_item_id) FROM review_log")
            .fetch_one(test_support::pool(&store))
            .await
            .unwrap();
    assert_eq!(
        (own, named),
        (1, 5),
        "one row owns the item, all name the passage"
    );
    // The retry sees the key and its marks.
    let retried = store
        .submit_passage(&UserId::local(), &session, Some(&key), |ctx, _| {
            let recorded = ctx.keyed_answer.as_ref().unwrap();
            assert_eq!(recorded.item_id, receipt);
            assert_eq!(recorded.marks.as_ref().unwrap().len(), 1);
            Ok(PassageWrite::AlreadyRecorded {
                item_id: recorded.item_id,
            })
        })
        .await
        .unwrap();
    assert_eq!(retried.receipt, receipt);
    assert_eq!(snapshot(&store).await, after);

    // Undo: every state as before (the new ones gone), the log empty.
    store
        .undo(&UserId::local(), &session, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await
        .unwrap();
    let undone = snapshot(&store).await;
    assert_eq!(undone, before);
    let states = store.memory_states(&UserId::local()).await.unwrap();
    assert_eq!(states.len(), 3, "the cached states follow the undo");
    assert_eq!(states[&items()[1]], state(1, 500));
}
