//! Migration 0007 widens the CHECK on `session_items.reason` in the stored
//! schema: a manzil item must be stored and read back, also by a connection
//! opened before, and the database must stay sound.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_core::exercise::{AnswerKey, ExercisePrompt, GeneratedExercise, Solution, TimingProfile};
use iqrah_core::item::ItemKey;
use iqrah_core::planner::Reason;
use iqrah_core::settings::Settings;
use iqrah_core::time::Timestamp;
use iqrah_quran::VerseKey;
use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME, test_support};
use iqrah_store::{NewItem, NewSession, SessionId, UserId, UserStore};

fn recall(verse: VerseKey) -> GeneratedExercise {
    GeneratedExercise {
        prompt: ExercisePrompt::Recall {
            reference: verse,
            surah_name: "Al-Ikhlas".to_owned(),
            previous: None,
            word_count: 2,
        },
        solution: Solution {
            item: ItemKey::memorization(verse),
            timing: TimingProfile::LONG_RECALL,
            key: AnswerKey::Words {
                words: vec!["a".to_owned(), "b".to_owned()],
            },
            traps: Vec::new(),
        },
    }
}

#[tokio::test]
async fn a_manzil_item_is_stored_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(USER_DB_FILE_NAME);
    let store = SqliteStore::open(&path).await.unwrap();
    let items = [(1, Reason::Review), (2, Reason::Manzil), (3, Reason::New)]
        .into_iter()
        .map(|(ayah, reason)| {
            let verse = VerseKey::new(112, ayah).unwrap();
            NewItem {
                item: ItemKey::memorization(verse),
                reason,
                exercise: recall(verse),
            }
        })
        .collect();
    let session = NewSession {
        id: SessionId::new("s1"),
        seed: 7,
        goal_before: Default::default(),
        settings: Settings::default(),
        parameters: Vec::new(),
        items,
    };
    let (row, created) = store
        .create_session(
            &UserId::new("local"),
            "surah:112",
            Timestamp::from_millis(1),
            session,
        )
        .await
        .unwrap();
    assert!(created);
    let reasons: Vec<Reason> = store
        .session_items(&UserId::local(), &row.id)
        .await
        .unwrap()
        .iter()
        .map(|i| i.item.reason)
        .collect();
    assert_eq!(reasons, [Reason::Review, Reason::Manzil, Reason::New]);

    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(test_support::pool(&store))
        .await
        .unwrap();
    assert_eq!(check, "ok");
    // Any other reason is still refused by the schema.
    let refused = sqlx::query("UPDATE session_items SET reason = 'anything' WHERE id = 1")
        .execute(test_support::pool(&store))
        .await;
    assert!(refused.is_err(), "{refused:?}");
    drop(store);

    // Reopened from disk (migrations already applied): still readable.
    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store
            .session_items(&UserId::local(), &SessionId::new("s1"))
            .await
            .unwrap()[1]
            .item
            .reason,
        Reason::Manzil
    );
}
