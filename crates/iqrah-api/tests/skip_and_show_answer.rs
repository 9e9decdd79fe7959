//! Skip, show answer and end session against the real database file, the
//! grade previews and the feedback's full verse: what they change, and that
//! every bad input is a typed error that changes nothing, exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::collections::HashMap;

use common::{data_dir, open_at};
use iqrah_api::{Answer, ApiError, Iqrah, SessionItemDto};
use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_store::UserStore;

/// Everything a refused call must leave as it was.
#[derive(Debug, PartialEq)]
struct Snapshot {
    items: Vec<(i64, i64, String, u32, Option<u8>)>,
    states: HashMap<ItemKey, MemoryState>,
    reviews: u64,
    session: iqrah_api::SessionDto,
}

async fn snapshot(iqrah: &Iqrah, session: &str) -> Snapshot {
    let store = &common::store(iqrah).await;
    Snapshot {
        items: store
            .session_items(&common::LOCAL, &iqrah_api::SessionId::new(session))
            .await
            .unwrap()
            .into_iter()
            .map(|i| {
                (
                    i.item.id,
                    i.item.position,
                    i.item.status.to_string(),
                    i.item.skips,
                    i.item.rating.map(|r| r.value()),
                )
            })
            .collect(),
        states: store.memory_states(&common::LOCAL).await.unwrap(),
        reviews: store.review_count(&common::LOCAL).await.unwrap(),
        session: iqrah
            .get_session(&common::LOCAL, session.to_owned())
            .await
            .unwrap(),
    }
}

async fn start(iqrah: &Iqrah, goal: &str) -> (String, SessionItemDto) {
    let session = iqrah
        .start_session(&common::LOCAL, goal.to_owned())
        .await
        .unwrap();
    let item = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    (session.id, item)
}

fn code<T: std::fmt::Debug>(result: Result<T, ApiError>) -> &'static str {
    result.unwrap_err().code()
}

#[tokio::test]
async fn each_grade_previews_what_its_submit_schedules() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (session, item) = start(&iqrah, "surah:112").await;
    let labels: Vec<&str> = item.grades.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(
        item.grades.iter().map(|g| g.rating).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert!(
        item.grades.windows(2).all(|g| g[0].due_at <= g[1].due_at),
        "{labels:?}"
    );
    assert_eq!(labels[0], "tomorrow");
    let good = item.grades[2].clone();
    iqrah
        .submit_session_item(
            &common::LOCAL,
            session.clone(),
            item.node_id.clone(),
            3,
            5_000,
        )
        .await
        .unwrap();
    let key: ItemKey = item.node_id.parse().unwrap();
    let states = common::store(&iqrah)
        .await
        .memory_states(&common::LOCAL)
        .await
        .unwrap();
    assert_eq!(states[&key].due, good.due_at);
    // The JSON shape the clients read.
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json["grades"][2]["label"], good.label.as_str());
    assert!(json["grades"][0]["due_at"].is_i64());
    assert!(json["grades"][3]["days"].is_u64());
}

#[tokio::test]
async fn a_checked_answer_shows_the_whole_verse_with_its_mistakes() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (session, mut item) = start(&iqrah, "surah:112").await;
    // A new verse opens on its study step (self-graded): answer those until
    // an exercise the app checks.
    while item.exercise.exercise_type() == iqrah_api::ExerciseType::Study {
        iqrah
            .submit_session_item(
                &common::LOCAL,
                session.clone(),
                item.node_id.clone(),
                3,
                4_000,
            )
            .await
            .unwrap();
        item = iqrah
            .get_next_session_item(&common::LOCAL, session.clone())
            .await
            .unwrap()
            .unwrap();
    }
    let answer = match &item.exercise {
        iqrah_api::ExercisePrompt::Recall { .. } => Answer::SelfGrade {
            rating: iqrah_core::memory::Rating::Hard,
        },
        iqrah_api::ExercisePrompt::TypeVerse { .. } => Answer::Text {
            text: "قل".to_owned(),
        },
        iqrah_api::ExercisePrompt::PutInOrder { verses, .. } => Answer::Order {
            order: (0..verses.len()).collect(),
        },
        _ => Answer::Choice { index: 0 },
    };
    let checked = iqrah
        .check_answer(
            &common::LOCAL,
            session.clone(),
            item.node_id.clone(),
            answer,
            4_000,
        )
        .await
        .unwrap();
    let key: ItemKey = item.node_id.parse().unwrap();
    assert_eq!(checked.verse.reference, key.verse().to_string());
    assert_eq!(checked.verse.words.join(" "), checked.verse.text);
    assert!(!checked.verse.translation.is_empty());
    assert!(
        checked
            .outcome
            .marked
            .iter()
            .all(|&p| p < checked.verse.words.len())
    );
    if checked.outcome.correct == Some(true) {
        assert!(checked.outcome.marked.is_empty());
    }
    let json = serde_json::to_value(&checked).unwrap();
    assert!(json["marked"].is_array() && json["verse"]["words"].is_array());
    assert!(json["suggested_rating"].is_u64());
}

#[tokio::test]
async fn a_skipped_item_comes_last_once_and_nothing_else_changes() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (session, first) = start(&iqrah, "surah:112").await;
    let before = snapshot(&iqrah, &session).await;
    let pending = before.items.len();
    assert!(pending >= 2, "{before:?}");
    let next = iqrah
        .skip_session_item(&common::LOCAL, session.clone(), first.node_id.clone())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(next.item_id, first.item_id);
    let after = snapshot(&iqrah, &session).await;
    assert_eq!(
        (after.states.clone(), after.reviews),
        (before.states.clone(), before.reviews)
    );
    let moved = after.items.iter().find(|i| i.0 == first.item_id).unwrap();
    assert_eq!(moved.3, 1);
    assert!(
        after
            .items
            .iter()
            .all(|i| i.0 == first.item_id || i.1 < moved.1)
    );
    // Answer every other item; the skipped one comes back last, and may
    // not be skipped again.
    loop {
        let item = iqrah
            .get_next_session_item(&common::LOCAL, session.clone())
            .await
            .unwrap()
            .unwrap();
        if item.item_id == first.item_id {
            break;
        }
        iqrah
            .submit_session_item(&common::LOCAL, session.clone(), item.node_id, 3, 4_000)
            .await
            .unwrap();
    }
    let unchanged = snapshot(&iqrah, &session).await;
    assert_eq!(
        code(
            iqrah
                .skip_session_item(&common::LOCAL, session.clone(), first.node_id.clone())
                .await
        ),
        "already_skipped"
    );
    assert_eq!(snapshot(&iqrah, &session).await, unchanged);
    // Ending the session: the summary, the unreached item skipped.
    let summary = iqrah
        .complete_session(&common::LOCAL, session.clone())
        .await
        .unwrap();
    assert_eq!(summary.session.status, iqrah_api::SessionStatus::Completed);
    assert_eq!(summary.summary.items_skipped, 1);
}

#[tokio::test]
async fn showing_the_answer_records_one_again_with_the_verse() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (session, item) = start(&iqrah, "surah:112").await;
    let before = snapshot(&iqrah, &session).await;
    let shown = iqrah
        .show_answer(
            &common::LOCAL,
            session.clone(),
            item.node_id.clone(),
            6_000,
            Some("show-1".into()),
        )
        .await
        .unwrap();
    assert_eq!(shown.receipt, item.item_id.to_string());
    let key: ItemKey = item.node_id.parse().unwrap();
    assert_eq!(shown.verse.reference, key.verse().to_string());
    assert_eq!(shown.verse.words.join(" "), shown.verse.text);
    assert_ne!(shown.next.as_ref().unwrap().item_id, item.item_id);
    let after = snapshot(&iqrah, &session).await;
    assert_eq!(after.reviews, before.reviews + 1);
    assert_eq!(after.session.items_completed, 1);
    // The Again and its relearning copy.
    assert_eq!(after.items.len(), before.items.len() + 1);
    let answered = after.items.iter().find(|i| i.0 == item.item_id).unwrap();
    assert_eq!((answered.2.as_str(), answered.4), ("answered", Some(1)));
    assert_eq!(after.states[&key].reps, 1);
    // A retry with the same key: the same receipt, nothing recorded again.
    let retry = iqrah
        .show_answer(
            &common::LOCAL,
            session.clone(),
            item.node_id.clone(),
            6_000,
            Some("show-1".into()),
        )
        .await
        .unwrap();
    assert_eq!(retry.receipt, shown.receipt);
    assert_eq!(snapshot(&iqrah, &session).await, after);
    // Undo takes it back like any answer.
    let back = iqrah
        .undo_last_answer(&common::LOCAL, session.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.item_id, item.item_id);
    let undone = snapshot(&iqrah, &session).await;
    assert_eq!(
        (undone.reviews, undone.items.len()),
        (before.reviews, before.items.len())
    );
}

#[tokio::test]
async fn skip_and_show_answer_refuse_bad_input_and_change_nothing() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (session, item) = start(&iqrah, "surah:112").await;
    let before = snapshot(&iqrah, &session).await;
    let other = "112:4/memorization".to_owned();
    assert_ne!(item.node_id, other);
    assert_eq!(
        code(
            iqrah
                .skip_session_item(&common::LOCAL, "no-such".into(), item.node_id.clone())
                .await
        ),
        "unknown_session"
    );
    assert_eq!(
        code(
            iqrah
                .show_answer(
                    &common::LOCAL,
                    "no-such".into(),
                    item.node_id.clone(),
                    1,
                    None
                )
                .await
        ),
        "unknown_session"
    );
    assert_eq!(
        code(
            iqrah
                .skip_session_item(&common::LOCAL, session.clone(), other.clone())
                .await
        ),
        "not_current_item"
    );
    assert_eq!(
        code(
            iqrah
                .show_answer(&common::LOCAL, session.clone(), other.clone(), 1, None)
                .await
        ),
        "not_current_item"
    );
    assert_eq!(
        code(
            iqrah
                .show_answer(
                    &common::LOCAL,
                    session.clone(),
                    item.node_id.clone(),
                    3_600_001,
                    None
                )
                .await
        ),
        "invalid_duration"
    );
    assert_eq!(
        code(
            iqrah
                .show_answer(
                    &common::LOCAL,
                    session.clone(),
                    item.node_id.clone(),
                    1,
                    Some(String::new())
                )
                .await
        ),
        "invalid_idempotency_key"
    );
    assert_eq!(snapshot(&iqrah, &session).await, before);

    // A closed session: completed, then another one abandoned.
    iqrah
        .complete_session(&common::LOCAL, session.clone())
        .await
        .unwrap();
    let closed = snapshot(&iqrah, &session).await;
    assert_eq!(
        code(
            iqrah
                .skip_session_item(&common::LOCAL, session.clone(), item.node_id.clone())
                .await
        ),
        "session_not_active"
    );
    assert_eq!(
        code(
            iqrah
                .show_answer(
                    &common::LOCAL,
                    session.clone(),
                    item.node_id.clone(),
                    1,
                    Some("k".into())
                )
                .await
        ),
        "session_not_active"
    );
    assert_eq!(snapshot(&iqrah, &session).await, closed);
    let (abandoned, item) = start(&iqrah, "surah:113").await;
    iqrah
        .abandon_session(&common::LOCAL, abandoned.clone())
        .await
        .unwrap();
    assert_eq!(
        code(
            iqrah
                .skip_session_item(&common::LOCAL, abandoned.clone(), item.node_id.clone())
                .await
        ),
        "session_not_active"
    );
    assert_eq!(
        code(
            iqrah
                .show_answer(&common::LOCAL, abandoned, item.node_id, 1, None)
                .await
        ),
        "session_not_active"
    );
}

#[tokio::test]
async fn raced_against_a_submit_exactly_one_wins() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    for round in 0..3 {
        let (session, item) = start(&iqrah, &format!("surah:{}", 112 + round)).await;
        let before = snapshot(&iqrah, &session).await;
        let node = item.node_id.clone();
        let (a, b) = (iqrah.clone(), iqrah.clone());
        let racer = match round {
            // skip against submit
            0 => tokio::spawn({
                let (s, n) = (session.clone(), node.clone());
                async move { a.skip_session_item(&common::LOCAL, s, n).await.map(|_| ()) }
            }),
            // show answer against submit
            1 => tokio::spawn({
                let (s, n) = (session.clone(), node.clone());
                async move {
                    a.show_answer(&common::LOCAL, s, n, 2_000, Some("race".into()))
                        .await
                        .map(|_| ())
                }
            }),
            // show answer against the same show answer retried at once
            _ => tokio::spawn({
                let (s, n) = (session.clone(), node.clone());
                async move {
                    a.show_answer(&common::LOCAL, s, n, 2_000, Some("twice".into()))
                        .await
                        .map(|_| ())
                }
            }),
        };
        let other = tokio::spawn({
            let (s, n) = (session.clone(), node.clone());
            async move {
                if round == 2 {
                    b.show_answer(&common::LOCAL, s, n, 2_000, Some("twice".into()))
                        .await
                        .map(|_| ())
                } else {
                    b.submit_session_item_once(
                        &common::LOCAL,
                        s,
                        n,
                        3,
                        2_000,
                        format!("submit-{round}"),
                    )
                    .await
                    .map(|_| ())
                }
            }
        });
        let (first, second) = (racer.await.unwrap(), other.await.unwrap());
        let after = snapshot(&iqrah, &session).await;
        if round == 2 {
            assert!(first.is_ok() && second.is_ok(), "{first:?} {second:?}");
            assert_eq!(after.reviews, before.reviews + 1);
            continue;
        }
        let outcomes = [first, second];
        let failures: Vec<&'static str> = outcomes
            .iter()
            .filter_map(|r| r.as_ref().err().map(ApiError::code))
            .collect();
        assert_eq!(failures, ["not_current_item"], "round {round}");
        let skipped = outcomes[0].is_ok() && round == 0;
        let recorded = after.reviews - before.reviews;
        assert_eq!(recorded, u64::from(!skipped), "round {round}");
        let skips: u32 = after.items.iter().map(|i| i.3).sum();
        assert_eq!(skips, u32::from(skipped));
    }
}

#[tokio::test]
async fn the_summary_names_the_goal_and_lists_the_verses_missed() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (session, first) = start(&iqrah, "surah:112").await;
    iqrah
        .show_answer(
            &common::LOCAL,
            session.clone(),
            first.node_id.clone(),
            3_000,
            None,
        )
        .await
        .unwrap();
    let second = iqrah
        .get_next_session_item(&common::LOCAL, session.clone())
        .await
        .unwrap()
        .unwrap();
    iqrah
        .submit_session_item(
            &common::LOCAL,
            session.clone(),
            second.node_id.clone(),
            2,
            3_000,
        )
        .await
        .unwrap();
    let third = iqrah
        .get_next_session_item(&common::LOCAL, session.clone())
        .await
        .unwrap()
        .unwrap();
    iqrah
        .submit_session_item(
            &common::LOCAL,
            session.clone(),
            third.node_id.clone(),
            3,
            3_000,
        )
        .await
        .unwrap();
    let summary = iqrah
        .complete_session(&common::LOCAL, session.clone())
        .await
        .unwrap();
    assert_eq!(summary.goal_name, "Al-Ikhlas");
    let missed: Vec<(String, u8, iqrah_api::Skill)> = summary
        .missed
        .iter()
        .map(|m| (m.reference.clone(), m.rating, m.skill))
        .collect();
    let described = |item: &SessionItemDto, rating| {
        let key: ItemKey = item.node_id.parse().unwrap();
        (key.verse().to_string(), rating, key.skill())
    };
    let mut expected = vec![described(&first, 1)];
    if second.node_id != first.node_id {
        expected.push(described(&second, 2));
    }
    assert_eq!(missed, expected);
    let verse = iqrah
        .verse(&summary.missed[0].reference, None)
        .await
        .unwrap();
    assert_eq!(summary.missed[0].text, verse.text);
    // Completing again gives the same summary.
    assert_eq!(
        iqrah
            .complete_session(&common::LOCAL, session)
            .await
            .unwrap(),
        summary
    );
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["goal_name"], "Al-Ikhlas");
    assert_eq!(json["missed"][0]["rating"], 1);

    for (goal, name) in [
        ("juz:30", "Juz 30"),
        ("surah:113-114", "Al-Falaq to An-Nas"),
        ("range:2:1-2:20", "Al-Baqarah 1–20"),
    ] {
        let (session, _) = start(&iqrah, goal).await;
        let summary = iqrah
            .complete_session(&common::LOCAL, session)
            .await
            .unwrap();
        assert_eq!(summary.goal_name, name);
    }
}
