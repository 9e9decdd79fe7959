//! Exactly once: a retried submit is never recorded twice, with or without
//! an idempotency key, including an Again on the last pending item (whose
//! relearning copy comes right after it), and a retry of an undone answer
//! is refused rather than recorded again or reported as recorded.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::collections::HashMap;

/// The test answers more than a day's work: it asks for practice-ahead.
const AHEAD: iqrah_api::SessionOptions = iqrah_api::SessionOptions {
    practice_ahead: true,
    minutes: None,
};

use common::{data_dir, open_at};
use iqrah_api::{Iqrah, SessionItemDto};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn local() -> iqrah_api::UserId {
    iqrah_api::UserId::local()
}

/// Review-log rows, lapses summed over the memory states, session items,
/// and items completed: what a second recording of an answer would change.
async fn written(iqrah: &Iqrah, session: &str) -> (i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM review_log),
                (SELECT coalesce(sum(lapses), 0) FROM memory_states),
                (SELECT count(*) FROM session_items WHERE session_id = ?1),
                (SELECT items_completed FROM sessions WHERE id = ?1)",
    )
    .bind(session)
    .fetch_one(&common::pool(iqrah).await)
    .await
    .unwrap()
}

async fn next(iqrah: &Iqrah, session: &str) -> Option<SessionItemDto> {
    iqrah
        .get_next_session_item(&common::LOCAL, session.to_owned())
        .await
        .unwrap()
}

/// A session of surah 112 answered Good up to its last pending item, which
/// is then current.
async fn at_the_last_item(iqrah: &Iqrah) -> (String, SessionItemDto) {
    let session = iqrah
        .start_session(&local(), "surah:112".to_owned())
        .await
        .unwrap();
    let id = session.id;
    for n in 1..session.items_count {
        let item = next(iqrah, &id).await.unwrap();
        iqrah
            .submit_session_item(
                &common::LOCAL,
                id.clone(),
                item.node_id,
                3,
                2_000 + n as u64,
            )
            .await
            .unwrap();
    }
    let last = next(iqrah, &id).await.unwrap();
    (id, last)
}

#[tokio::test]
async fn an_identical_retry_of_an_again_on_the_last_item_is_recorded_once() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (id, last) = at_the_last_item(&iqrah).await;
    let submit =
        || iqrah.submit_session_item(&common::LOCAL, id.clone(), last.node_id.clone(), 1, 7_000);
    let submitted = submit().await.unwrap();
    assert_eq!(submitted.receipt, last.item_id.to_string());
    let copy = next(&iqrah, &id).await.expect("the relearning copy");
    assert_eq!(copy.node_id, last.node_id, "the copy comes right after");
    assert_eq!(
        submitted.next,
        Some(copy.clone()),
        "the submit answers the copy its write added"
    );
    let after_first = written(&iqrah, &id).await;
    for _ in 0..3 {
        assert_eq!(submit().await.unwrap(), submitted, "same receipt and item");
        assert_eq!(written(&iqrah, &id).await, after_first, "nothing written");
    }
    assert_eq!(next(&iqrah, &id).await, Some(copy), "the copy still waits");
}

#[tokio::test]
async fn a_key_records_an_again_on_the_last_item_once_and_a_new_key_answers_the_copy() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (id, last) = at_the_last_item(&iqrah).await;
    let submit = |key: &str| {
        iqrah.submit_session_item_once(
            &common::LOCAL,
            id.clone(),
            last.node_id.clone(),
            1,
            7_000,
            key.to_owned(),
        )
    };
    let receipt = submit("answer-1").await.unwrap().receipt;
    assert_eq!(receipt, last.item_id.to_string());
    let after_first = written(&iqrah, &id).await;
    assert_eq!(submit("answer-1").await.unwrap().receipt, receipt);
    assert_eq!(
        written(&iqrah, &id).await,
        after_first,
        "a retry writes nothing"
    );

    // The same answer with a new key is the learner failing the copy too.
    let copy = next(&iqrah, &id).await.unwrap();
    let copy_receipt = submit("answer-2").await.unwrap().receipt;
    assert_eq!(copy_receipt, copy.item_id.to_string());
    assert_eq!(written(&iqrah, &id).await.0, after_first.0 + 1);

    // Retries still answer with their own receipts, even once completed.
    iqrah
        .complete_session(&common::LOCAL, id.clone())
        .await
        .unwrap();
    let done = written(&iqrah, &id).await;
    // The session is closed: the retries answer no item.
    let retried = submit("answer-1").await.unwrap();
    assert_eq!((retried.receipt, retried.next), (receipt, None));
    assert_eq!(submit("answer-2").await.unwrap().receipt, copy_receipt);
    assert_eq!(written(&iqrah, &id).await, done);

    // The same key with another answer is a client bug, refused.
    let reused = iqrah
        .submit_session_item_once(
            &common::LOCAL,
            id.clone(),
            last.node_id.clone(),
            3,
            7_000,
            "answer-1".into(),
        )
        .await
        .unwrap_err();
    assert_eq!(reused.code(), "idempotency_key_reused", "{reused}");
}

#[tokio::test]
async fn a_retry_of_an_undone_answer_is_refused_and_writes_nothing() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), "surah:112".to_owned())
        .await
        .unwrap();
    let id = session.id;
    let first = next(&iqrah, &id).await.unwrap();
    let submit = |key: &str, grade: u8| {
        iqrah.submit_session_item_once(
            &common::LOCAL,
            id.clone(),
            first.node_id.clone(),
            grade,
            3_000,
            key.to_owned(),
        )
    };
    submit("k1", 1).await.unwrap();
    iqrah
        .undo_last_answer(&common::LOCAL, id.clone())
        .await
        .unwrap();
    let undone = written(&iqrah, &id).await;
    let error = submit("k1", 1).await.unwrap_err();
    assert_eq!(error.code(), "answer_undone", "{error}");
    assert_eq!(written(&iqrah, &id).await, undone, "nothing written");
    // The learner answers the item anew with a new key.
    assert_eq!(
        submit("k2", 3).await.unwrap().receipt,
        first.item_id.to_string()
    );
    assert_eq!(written(&iqrah, &id).await.0, undone.0 + 1);
}

#[tokio::test]
async fn invalid_keys_are_refused_and_change_nothing() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), "surah:112".to_owned())
        .await
        .unwrap();
    let first = next(&iqrah, &session.id).await.unwrap();
    let before = written(&iqrah, &session.id).await;
    for key in ["", "has space", "é", &"k".repeat(65), "a/b"] {
        let error = iqrah
            .submit_session_item_once(
                &common::LOCAL,
                session.id.clone(),
                first.node_id.clone(),
                3,
                1_000,
                key.to_owned(),
            )
            .await
            .unwrap_err();
        assert_eq!(error.code(), "invalid_idempotency_key", "{key:?}: {error}");
    }
    assert_eq!(written(&iqrah, &session.id).await, before);
}

/// Random sequences of answers, retries of any earlier answer (keyed or
/// not), undos and Agains: every answer standing is in the review log
/// exactly once, and every retry of a standing keyed answer returns its
/// first receipt.
#[tokio::test]
async fn random_retries_never_count_twice() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    // Six surahs in one day: more than the default daily cap of new verses.
    let mut settings = iqrah.settings(&local()).await.unwrap();
    settings.new_verses_per_day = 1000;
    iqrah.save_settings(&local(), settings).await.unwrap();
    for round in 0..6 {
        let session = iqrah
            .start_session_with(&local(), format!("surah:{}", 114 - round), AHEAD)
            .await
            .unwrap()
            .0;
        let id = session.id;
        // key -> (node, grade, duration, receipt, standing)
        let mut sent: HashMap<String, (String, u8, u64, String, bool)> = HashMap::new();
        let mut stack: Vec<String> = Vec::new(); // standing answers, oldest first
        let mut n = 0u64;
        for _ in 0..60 {
            n += 1;
            match rng.random_range(0..10) {
                0..=4 => {
                    let Some(item) = next(&iqrah, &id).await else {
                        break;
                    };
                    let grade = if rng.random_bool(0.4) { 1 } else { 3 };
                    // A duration often repeated, to look like a retry.
                    let duration = 1_000 + rng.random_range(0..2);
                    let key = format!("r{round}-{n}");
                    let receipt = iqrah
                        .submit_session_item_once(
                            &common::LOCAL,
                            id.clone(),
                            item.node_id.clone(),
                            grade,
                            duration,
                            key.clone(),
                        )
                        .await
                        .unwrap()
                        .receipt;
                    assert_eq!(receipt, item.item_id.to_string());
                    sent.insert(key.clone(), (item.node_id, grade, duration, receipt, true));
                    stack.push(key);
                }
                5..=6 if !sent.is_empty() => {
                    let keys: Vec<&String> = sent.keys().collect();
                    let key = keys[rng.random_range(0..keys.len())].clone();
                    let (node, grade, duration, receipt, standing) = sent[&key].clone();
                    let before = written(&iqrah, &id).await;
                    let retried = iqrah
                        .submit_session_item_once(
                            &common::LOCAL,
                            id.clone(),
                            node,
                            grade,
                            duration,
                            key.clone(),
                        )
                        .await;
                    if standing {
                        assert_eq!(retried.unwrap().receipt, receipt, "retry of {key}");
                    } else {
                        assert_eq!(retried.unwrap_err().code(), "answer_undone");
                    }
                    assert_eq!(written(&iqrah, &id).await, before, "retry of {key} wrote");
                }
                7 => {
                    // A keyless answer, then its identical retry.
                    let Some(item) = next(&iqrah, &id).await else {
                        break;
                    };
                    let grade = if rng.random_bool(0.5) { 1 } else { 2 };
                    let duration = 20_000 + n;
                    let receipt = iqrah
                        .submit_session_item(
                            &common::LOCAL,
                            id.clone(),
                            item.node_id.clone(),
                            grade,
                            duration,
                        )
                        .await
                        .unwrap();
                    let before = written(&iqrah, &id).await;
                    let retry = iqrah
                        .submit_session_item(
                            &common::LOCAL,
                            id.clone(),
                            item.node_id.clone(),
                            grade,
                            duration,
                        )
                        .await
                        .unwrap();
                    assert_eq!(retry, receipt);
                    assert_eq!(written(&iqrah, &id).await, before, "keyless retry wrote");
                    stack.push(String::new());
                }
                _ => {
                    if stack.is_empty() {
                        continue;
                    }
                    iqrah
                        .undo_last_answer(&common::LOCAL, id.clone())
                        .await
                        .unwrap();
                    let key = stack.pop().unwrap();
                    if let Some(entry) = sent.get_mut(&key) {
                        entry.4 = false;
                    }
                }
            }
            let (_, _, _, completed) = written(&iqrah, &id).await;
            assert_eq!(completed, stack.len() as i64, "standing answers");
            let (in_log,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM review_log JOIN session_items ON session_items.id = session_item_id
                 WHERE session_id = ?1",
            )
            .bind(&id)
            .fetch_one(&common::pool(&iqrah).await)
            .await
            .unwrap();
            assert_eq!(in_log, completed, "one review-log row per standing answer");
        }
        iqrah.complete_session(&common::LOCAL, id).await.unwrap();
    }
}
