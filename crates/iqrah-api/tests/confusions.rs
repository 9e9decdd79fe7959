//! Look-alike confusions through the API: a relearning copy of a verse
//! with look-alikes is a drill, a wrong drill answer that gives a
//! look-alike's words is shown side by side and recorded, the next session
//! reviews the pair together with drills, two right drills close it, and an
//! undo takes the confusion back.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use iqrah_api::{Answer, ExercisePrompt, Iqrah, SessionItemDto};

use common::{local, open_at};

const DAY: i64 = 24 * 3_600_000;

/// Answers the items of `session` as `decide` says (an answer to check,
/// if any, and the grade) until none is left, then completes it.
async fn answer_all(
    iqrah: &Iqrah,
    session: &str,
    mut decide: impl FnMut(&SessionItemDto) -> (Option<Answer>, u8),
) {
    while let Some(item) = iqrah
        .get_next_session_item(&local(), session.to_owned())
        .await
        .unwrap()
    {
        let (answer, grade) = decide(&item);
        if let Some(answer) = answer {
            iqrah
                .check_answer(
                    &local(),
                    session.to_owned(),
                    item.node_id.clone(),
                    answer,
                    3_000,
                )
                .await
                .unwrap();
        }
        iqrah
            .submit_session_item(
                &local(),
                session.to_owned(),
                item.node_id.clone(),
                grade,
                3_000,
            )
            .await
            .unwrap();
    }
    iqrah
        .complete_session(&local(), session.to_owned())
        .await
        .unwrap();
}

/// The exercise of an item.
fn prompt(item: &SessionItemDto) -> ExercisePrompt {
    item.exercise.clone()
}

#[tokio::test]
async fn a_look_alike_mistake_is_shown_side_by_side_recorded_reviewed_together_and_closed() {
    let dir = common::data_dir();
    let goal = "range:2:49-2:49".to_owned();
    // Day 0: the verse is studied.
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), goal.clone())
        .await
        .unwrap()
        .id;
    answer_all(&iqrah, &session, |item| match prompt(item) {
        ExercisePrompt::Study { .. } => (
            Some(Answer::SelfGrade {
                rating: iqrah_core::memory::Rating::Good,
            }),
            3,
        ),
        _ => (None, 3),
    })
    .await;
    assert!(iqrah.confusions(&local()).await.unwrap().is_empty());
    drop(iqrah);

    // Day 10: the recall is failed; its relearning copy is a drill, and the
    // wrong answer is a look-alike's words.
    let iqrah = open_at(dir.path(), 10 * DAY).await;
    let session = iqrah
        .start_session(&local(), goal.clone())
        .await
        .unwrap()
        .id;
    let mut drilled = None;
    while let Some(item) = iqrah
        .get_next_session_item(&local(), session.clone())
        .await
        .unwrap()
    {
        let p = prompt(&item);
        let node = item.node_id.clone();
        if p.exercise_type().is_drill() && drilled.is_none() {
            // A wrong choice: any other than the right one is another verse's.
            let mut confused = None;
            for index in 0..p.choices().len() {
                // Check is repeatable until the submit: the last check counts.
                let checked = iqrah
                    .check_answer(
                        &local(),
                        session.clone(),
                        node.clone(),
                        Answer::Choice { index },
                        4_000,
                    )
                    .await
                    .unwrap();
                if checked.outcome.correct == Some(false) {
                    let other = checked.confusion.clone().expect("the side-by-side view");
                    assert_eq!(
                        Some(other.key.parse().unwrap()),
                        checked.outcome.confused_with
                    );
                    assert!(!other.differing.is_empty() && !other.verse_differing.is_empty());
                    confused = Some(other.key);
                    break;
                }
            }
            drilled = confused;
            iqrah
                .submit_session_item(&local(), session.clone(), node, 1, 4_000)
                .await
                .unwrap();
            continue;
        }
        let grade = if matches!(p, ExercisePrompt::Recall { .. }) {
            1
        } else {
            3
        };
        if matches!(p, ExercisePrompt::Recall { .. }) {
            iqrah
                .check_answer(
                    &local(),
                    session.clone(),
                    node.clone(),
                    Answer::SelfGrade {
                        rating: iqrah_core::memory::Rating::Again,
                    },
                    9_000,
                )
                .await
                .unwrap();
        }
        iqrah
            .submit_session_item(&local(), session.clone(), node, grade, 9_000)
            .await
            .unwrap();
    }
    iqrah
        .complete_session(&local(), session.clone())
        .await
        .unwrap();
    let other = drilled.expect("the relearning copy of 2:49 is a look-alike drill");
    let open = iqrah.confusions(&local()).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (
            open[0].key.as_str(),
            open[0].other.key.as_str(),
            open[0].times
        ),
        ("2:49", other.as_str(), 1)
    );
    drop(iqrah);

    // The next two days: 2:49 is drilled against the other verse, right
    // each time; after the second the confusion is closed.
    for day in [11, 12] {
        let iqrah = open_at(dir.path(), day * DAY).await;
        let started = iqrah
            .start_session_with(
                &local(),
                goal.clone(),
                iqrah_api::SessionOptions {
                    practice_ahead: true,
                    minutes: None,
                },
            )
            .await
            .unwrap()
            .0
            .id;
        let mut drills = 0;
        let words = iqrah
            .content()
            .quran()
            .await
            .unwrap()
            .verse("2:49".parse().unwrap())
            .words
            .clone();
        answer_all(&iqrah, &started, |item| {
            let p = prompt(item);
            if p.exercise_type().is_drill() && item.node_id.starts_with("2:49") {
                drills += 1;
                // The right answer is the choice that names no other verse:
                // found by the text of 2:49's own words in it.
                let right = right_choice(&p, &words);
                (Some(Answer::Choice { index: right }), 3)
            } else if matches!(
                p,
                ExercisePrompt::Recall { .. } | ExercisePrompt::Study { .. }
            ) {
                (
                    Some(Answer::SelfGrade {
                        rating: iqrah_core::memory::Rating::Good,
                    }),
                    3,
                )
            } else {
                (None, 3)
            }
        })
        .await;
        assert!(drills >= 1, "day {day}: 2:49 is drilled");
        let open = iqrah.confusions(&local()).await.unwrap();
        if day == 11 {
            assert_eq!(open.len(), 1);
            assert_eq!(open[0].right_since, 1);
        } else {
            assert!(open.is_empty(), "two right drills close it: {open:?}");
        }
    }
}

/// The index of the drill's right choice, found from the text as a learner
/// would know it.
fn right_choice(prompt: &ExercisePrompt, words: &[String]) -> usize {
    use iqrah_core::arabic::normalize;
    match prompt {
        ExercisePrompt::WhichContinuation { shown, choices, .. } => {
            let rest = normalize(&words[shown.len()..].join(" "));
            choices
                .iter()
                .position(|c| rest.starts_with(&normalize(c)))
                .unwrap()
        }
        ExercisePrompt::WhichSurah { choices, .. } => {
            choices.iter().position(|c| c == "Al-Baqarah").unwrap()
        }
        other => panic!("not a drill: {:?}", other.exercise_type()),
    }
}
