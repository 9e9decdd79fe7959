//! Reciting a passage through the API: one submit grades every verse and
//! link in one transaction, a retry with the key records once, an undo
//! restores every state, and bad input changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{data_dir, open_at};
use iqrah_api::{ApiError, Iqrah, MarkKind, PassageMark};
use iqrah_core::exercise::choose::Stage;
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_core::item::Skill;
use iqrah_core::passage::generate_passage;
use iqrah_store::UserStore;

/// Review-log rows, memory states, session items answered, submit keys.
async fn written(iqrah: &Iqrah) -> (i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM review_log), (SELECT count(*) FROM memory_states),
                (SELECT count(*) FROM session_items WHERE status = 'answered'),
                (SELECT count(*) FROM submit_keys WHERE undone = 0)",
    )
    .fetch_one(&common::pool(iqrah).await)
    .await
    .unwrap()
}

/// A session of surah 112 whose current item is made the passage 112:1–4.
async fn a_passage_session(iqrah: &Iqrah) -> String {
    let session = iqrah
        .start_session(&common::LOCAL, "surah:112".to_owned())
        .await
        .unwrap();
    let quran = iqrah.content().quran().await.unwrap();
    let translation = iqrah.content().translation("en").await.unwrap();
    let index = ExerciseIndex::new(quran, &translation);
    let ctx = ExerciseContext::new(quran, &translation, &index);
    let exercise = generate_passage("112:1-112:4".parse().unwrap(), &ctx).unwrap();
    let current = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(current.node_id, "112:1/memorization");
    sqlx::query(
        "UPDATE session_items SET exercise_type = 'recite_passage', prompt = ?1, solution = ?2 WHERE id = ?3",
    )
    .bind(serde_json::to_string(&exercise.prompt).unwrap())
    .bind(serde_json::to_string(&exercise.solution).unwrap())
    .bind(current.item_id)
    .execute(&common::pool(iqrah).await)
    .await
    .unwrap();
    session.id
}

fn mark(verse: usize, word: Option<usize>, mark: MarkKind) -> PassageMark {
    PassageMark { verse, word, mark }
}

#[tokio::test]
async fn a_passage_grades_every_verse_and_link_once_and_undo_restores_them() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = a_passage_session(&iqrah).await;
    let item = iqrah
        .get_next_session_item(&common::LOCAL, session.clone())
        .await
        .unwrap()
        .unwrap();
    let json = serde_json::to_value(&item.exercise).unwrap();
    assert_eq!(json["type"], "recite_passage");
    assert_eq!(json["range"], "112:1-4");
    assert_eq!(json["verses"][1]["reference"], "112:2");
    assert_eq!(json["previous"], serde_json::Value::Null);
    let empty = written(&iqrah).await;

    // Bad input: nothing changes.
    let submit = |marks: Vec<PassageMark>, node: &str, key: &str| {
        iqrah.submit_passage(
            &common::LOCAL,
            session.clone(),
            node.to_owned(),
            marks,
            20_000,
            Some(key.to_owned()),
        )
    };
    let out_of_range = submit(
        vec![mark(4, None, MarkKind::Stumbled)],
        "112:1/memorization",
        "k0",
    )
    .await;
    assert_eq!(out_of_range.unwrap_err().code(), "invalid_passage");
    let word = submit(
        vec![mark(0, Some(40), MarkKind::Stumbled)],
        "112:1/memorization",
        "k0",
    )
    .await;
    assert_eq!(word.unwrap_err().code(), "invalid_passage");
    let other = submit(vec![], "112:2/memorization", "k0").await;
    assert_eq!(other.unwrap_err().code(), "not_current_item");
    assert_eq!(written(&iqrah).await, empty);

    // A prompt on 112:3's first word: 112:3 and the link into it are Again.
    let marks = vec![
        mark(1, Some(1), MarkKind::Stumbled),
        mark(2, Some(0), MarkKind::Prompted),
    ];
    let result = submit(marks.clone(), "112:1/memorization", "k1")
        .await
        .unwrap();
    let grades: Vec<(&str, u8)> = result
        .grades
        .iter()
        .map(|g| (g.node_id.as_str(), g.rating))
        .collect();
    assert_eq!(
        grades,
        [
            ("112:1/memorization", 3),
            ("112:1/continuity", 3),
            ("112:2/memorization", 2),
            ("112:2/continuity", 1),
            ("112:3/memorization", 1),
            ("112:3/continuity", 3),
            ("112:4/memorization", 3),
        ]
    );
    assert_eq!(result.verses.len(), 4);
    assert_eq!(result.verses[3].reference, "112:4");
    assert!(!result.verses[0].text.is_empty());
    assert_eq!(result.marks, marks);
    let (log, states, answered, keys) = written(&iqrah).await;
    assert_eq!((log, states, answered, keys), (7, 7, 1, 1));
    let states_after = common::store(&iqrah)
        .await
        .memory_states(&common::LOCAL)
        .await
        .unwrap();
    // 112:3 was answered Again: a relearning copy of it comes back in the session.
    let copies: Vec<(String, String)> =
        sqlx::query_as("SELECT item_key, exercise_type FROM session_items WHERE relearn_of = ?1")
            .bind(result.receipt.parse::<i64>().unwrap())
            .fetch_all(&common::pool(&iqrah).await)
            .await
            .unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].0, "112:3/memorization");
    let relearning_types: Vec<&str> = Stage::Relearning
        .allowed(Skill::Memorization)
        .iter()
        .map(|t| t.as_str())
        .collect();
    assert!(
        relearning_types.contains(&copies[0].1.as_str()),
        "{copies:?} not among {relearning_types:?}"
    );

    // The retry with the key records nothing more; another answer with it is refused.
    let retry = submit(marks.clone(), "112:1/memorization", "k1")
        .await
        .unwrap();
    assert_eq!(retry.receipt, result.receipt);
    assert!(retry.grades.is_empty());
    assert_eq!(retry.verses.len(), 4);
    assert_eq!(written(&iqrah).await, (7, 7, 1, 1));
    let reused = submit(vec![], "112:1/memorization", "k1")
        .await
        .unwrap_err();
    assert_eq!(reused.code(), "idempotency_key_reused");

    assert_eq!(
        common::store(&iqrah)
            .await
            .memory_states(&common::LOCAL)
            .await
            .unwrap(),
        states_after
    );

    // A passage answer to an ordinary item is refused.
    let next = result.next.unwrap();
    assert_ne!(next.node_id, "112:1/memorization");
    let wrong = submit(vec![], &next.node_id, "k2").await.unwrap_err();
    assert_eq!(wrong.code(), "not_a_passage");
    assert!(matches!(wrong, ApiError::Session(_)));

    // Undo restores every state (all new: none left), the log and the item.
    let back = iqrah
        .undo_last_answer(&common::LOCAL, session.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.node_id, "112:1/memorization");
    assert_eq!(written(&iqrah).await, empty);
    let copies: i64 =
        sqlx::query_scalar("SELECT count(*) FROM session_items WHERE relearn_of IS NOT NULL")
            .fetch_one(&common::pool(&iqrah).await)
            .await
            .unwrap();
    assert_eq!(copies, 0);
    let undone = submit(marks, "112:1/memorization", "k1").await.unwrap_err();
    assert_eq!(undone.code(), "answer_undone");
}

#[tokio::test]
async fn undo_restores_states_that_existed_before_the_passage() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = a_passage_session(&iqrah).await;
    // A first recitation, then a second session item made a passage again.
    iqrah
        .submit_passage(
            &common::LOCAL,
            session.clone(),
            "112:1/memorization".into(),
            vec![],
            10_000,
            None,
        )
        .await
        .unwrap();
    let store = &common::store(&iqrah).await;
    let before = store.memory_states(&common::LOCAL).await.unwrap();
    assert_eq!(before.len(), 7);
    iqrah
        .complete_session(&common::LOCAL, session)
        .await
        .unwrap();
    let later = open_at(dir.path(), 3 * 86_400_000).await;
    let again = a_passage_session_after(&later).await;
    let second = later
        .submit_passage(
            &common::LOCAL,
            again.clone(),
            "112:1/memorization".into(),
            vec![mark(0, Some(0), MarkKind::Prompted)],
            10_000,
            None,
        )
        .await
        .unwrap();
    assert_eq!(second.grades[0].rating, 1);
    // Without a key, the same node and duration is a retry.
    let retry = later
        .submit_passage(
            &common::LOCAL,
            again.clone(),
            "112:1/memorization".into(),
            vec![],
            10_000,
            None,
        )
        .await
        .unwrap();
    assert_eq!(retry.receipt, second.receipt);
    let store = &common::store(&later).await;
    assert_ne!(store.memory_states(&common::LOCAL).await.unwrap(), before);
    later.undo_last_answer(&common::LOCAL, again).await.unwrap();
    assert_eq!(store.memory_states(&common::LOCAL).await.unwrap(), before);
}

/// Like [`a_passage_session`], for a learner who has started the surah:
/// the session's first item (whatever it is) becomes the passage 112:1–4.
async fn a_passage_session_after(iqrah: &Iqrah) -> String {
    let session = iqrah
        .start_session(&common::LOCAL, "surah:112".to_owned())
        .await
        .unwrap();
    let quran = iqrah.content().quran().await.unwrap();
    let translation = iqrah.content().translation("en").await.unwrap();
    let index = ExerciseIndex::new(quran, &translation);
    let ctx = ExerciseContext::new(quran, &translation, &index);
    let exercise = generate_passage("112:1-112:4".parse().unwrap(), &ctx).unwrap();
    let current = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    sqlx::query(
        "UPDATE session_items SET item_key = '112:1/memorization', skill = 'memorization',
           exercise_type = 'recite_passage', prompt = ?1, solution = ?2 WHERE id = ?3",
    )
    .bind(serde_json::to_string(&exercise.prompt).unwrap())
    .bind(serde_json::to_string(&exercise.solution).unwrap())
    .bind(current.item_id)
    .execute(&common::pool(iqrah).await)
    .await
    .unwrap();
    session.id
}

/// A learner whose surah 112 holds and is due gets it as one passage.
#[tokio::test]
async fn the_planner_offers_due_verses_that_hold_as_one_passage() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let pool = common::pool(&iqrah).await;
    let day = 86_400_000_i64;
    let last = common::T0 - 40 * day;
    for ayah in 1..=4 {
        for skill in ["memorization", "continuity", "meaning"] {
            if skill == "continuity" && ayah == 4 {
                continue;
            }
            sqlx::query(
                "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
                 VALUES ('local', ?1, 30.0, 5.0, ?2, ?3, 6, 0)",
            )
            .bind(format!("112:{ayah}/{skill}"))
            .bind(last)
            .bind(last + 30 * day)
            .execute(&pool)
            .await
            .unwrap();
        }
    }
    let session = iqrah
        .start_session(&common::LOCAL, "surah:112".to_owned())
        .await
        .unwrap();
    let items = common::store(&iqrah)
        .await
        .session_items(
            &common::LOCAL,
            &iqrah_api::SessionId::new(session.id.as_str()),
        )
        .await
        .unwrap();
    let passages: Vec<String> = items
        .iter()
        .filter_map(|i| match &i.exercise.prompt {
            iqrah_api::ExercisePrompt::RecitePassage { range, .. } => Some(range.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(passages, ["112:1-4"]);
    // The passage stands for the 4 memorization reviews and the 3 links:
    // the 4 meaning reviews are left.
    assert_eq!(items.len(), 5, "{items:?}");
    // Reach it and recite it unaided: 7 reviews, all Good.
    loop {
        let item = iqrah
            .get_next_session_item(&common::LOCAL, session.id.clone())
            .await
            .unwrap()
            .unwrap();
        if item.exercise.exercise_type() == iqrah_api::ExerciseType::RecitePassage {
            let done = iqrah
                .submit_passage(
                    &common::LOCAL,
                    session.id.clone(),
                    item.node_id,
                    vec![],
                    30_000,
                    None,
                )
                .await
                .unwrap();
            assert_eq!(done.grades.len(), 7);
            assert!(done.grades.iter().all(|g| g.rating == 3));
            break;
        }
        iqrah
            .skip_session_item(&common::LOCAL, session.id.clone(), item.node_id)
            .await
            .unwrap();
    }
}
