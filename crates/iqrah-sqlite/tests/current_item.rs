//! The store's SQL finds a session's current item where the core's rule
//! (`iqrah_core::session::current_item`) does, on sessions of random
//! positions (equal ones included) and statuses in a real SQLite file:
//! `current_item`, and `session_view`'s current item with its exercise and
//! memory state.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::cell::Cell;
use std::collections::HashMap;

use iqrah_core::exercise::{AnswerKey, ExercisePrompt, GeneratedExercise, Solution, TimingProfile};
use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::planner::Reason;
use iqrah_core::session::SessionItem;
use iqrah_core::time::Timestamp;
use iqrah_quran::VerseKey;
use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME, test_support};
use iqrah_store::{NewItem, NewSession, SessionId, UserId, UserStore};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// An item of a random session: its position, status, and whether the
/// learner has a memory state of it.
#[derive(Debug, Clone)]
struct RandomItem {
    position: i64,
    status: &'static str,
    has_state: bool,
}

fn random_item() -> impl Strategy<Value = RandomItem> {
    (
        // Few positions, so that items often share one.
        1..=5i64,
        prop_oneof![Just("pending"), Just("answered"), Just("skipped")],
        any::<bool>(),
    )
        .prop_map(|(position, status, has_state)| RandomItem {
            position,
            status,
            has_state,
        })
}

/// The memorization of An-Naba' verse `verse`.
fn item(verse: usize) -> ItemKey {
    let reference: VerseKey = format!("78:{verse}").parse().unwrap();
    ItemKey::memorization(reference)
}

/// An exercise for the item (the store keeps it, the rule does not read it).
fn exercise(item: ItemKey) -> GeneratedExercise {
    GeneratedExercise {
        prompt: ExercisePrompt::Recall {
            reference: item.verse(),
            surah_name: "An-Naba'".to_owned(),
            previous: None,
            word_count: 3,
        },
        solution: Solution {
            item,
            timing: TimingProfile::LONG_RECALL,
            key: AnswerKey::Words {
                words: vec!["a".into(), "b".into(), "c".into()],
            },
            traps: Vec::new(),
        },
    }
}

/// A state told apart by `n`.
fn state(n: u32) -> MemoryState {
    MemoryState {
        stability: 2.0 + n as f32,
        difficulty: 5.0,
        last_review: Timestamp(1_000),
        due: Timestamp(2_000 + i64::from(n)),
        reps: n,
        lapses: 0,
    }
}

/// Writes the random session for `user` (its items created in order, then
/// given their positions and statuses, as skips and answers leave them)
/// and the learner's states, which it returns.
async fn write_session(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    random: &[RandomItem],
) -> HashMap<ItemKey, MemoryState> {
    let items = (1..=random.len())
        .map(|verse| NewItem {
            item: item(verse),
            reason: Reason::Review,
            exercise: exercise(item(verse)),
        })
        .collect();
    let (_, created) = store
        .create_session(
            user,
            "surah:78",
            Timestamp(1_000),
            NewSession {
                id: session.clone(),
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
    let stored = store.session_items(user, session).await.unwrap();
    let pool = test_support::pool(store);
    let mut states = HashMap::new();
    for (n, (item, random)) in stored.iter().zip(random).enumerate() {
        sqlx::query("UPDATE session_items SET position = ?1, status = ?2 WHERE id = ?3")
            .bind(random.position)
            .bind(random.status)
            .bind(item.item.id)
            .execute(pool)
            .await
            .unwrap();
        if random.has_state {
            let s = state(n as u32);
            sqlx::query(
                "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .bind(user.as_str())
            .bind(item.item.item.to_string())
            .bind(f64::from(s.stability))
            .bind(f64::from(s.difficulty))
            .bind(s.last_review.millis())
            .bind(s.due.millis())
            .bind(s.reps)
            .bind(s.lapses)
            .execute(pool)
            .await
            .unwrap();
            states.insert(item.item.item, s);
        }
    }
    states
}

#[test]
fn the_current_item_is_the_cores() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = runtime
        .block_on(SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME)))
        .unwrap();
    let case = Cell::new(0);
    let mut runner = TestRunner::new(Config::with_cases(96));
    let sessions = proptest::collection::vec(random_item(), 0..8);
    runner
        .run(&sessions, |random| {
            case.set(case.get() + 1);
            // A learner a case, so that states and active goals stay apart.
            let user = UserId::new(format!("learner-{}", case.get()));
            let session = SessionId::new(format!("session-{}", case.get()));
            runtime.block_on(async {
                let states = write_session(&store, &user, &session, &random).await;
                let items: Vec<SessionItem> = store
                    .session_items(&user, &session)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|stored| stored.item)
                    .collect();
                let expected = iqrah_core::session::current_item(&items);
                let expected_id = expected.map(|i| i.id);
                let expected_state =
                    expected.and_then(|current| states.get(&current.item).copied());

                let found = store.current_item(&user, &session).await.unwrap();
                prop_assert_eq!(found.map(|i| i.item.id), expected_id);
                let view = store.session_view(&user, &session).await.unwrap();
                prop_assert_eq!(view.current.as_ref().map(|i| i.item.id), expected_id);
                if let Some(current) = &view.current {
                    prop_assert_eq!(current.exercise.solution.item, current.item.item);
                }
                prop_assert_eq!(view.current_state, expected_state);
                Ok::<(), TestCaseError>(())
            })
        })
        .unwrap();
}
