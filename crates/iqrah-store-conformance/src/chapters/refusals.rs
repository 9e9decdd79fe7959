//! Refused decisions write nothing.

use iqrah_core::exercise::Answer;
use iqrah_core::memory::Rating;
use iqrah_core::passage::{MarkKind, PassageMark};
use iqrah_core::session::{SessionError, decide_skip, decide_undo, require_current};
use iqrah_store::{StoreError, UserStore};

use crate::practice::{
    START, answer, at, current_node, key, learner_data, passage_session, recite,
};

use super::{GOAL, answer_current, is_rejected, learner, start_session};

/// A decision that refuses writes nothing, and its refusal comes back as
/// `StoreError::Rejected`: submit, recitation, undo, skip, check.
pub async fn refused_decisions<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "refused-1", 1, GOAL, START).await;
    let nothing = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await;
    assert!(
        is_rejected(&nothing, &SessionError::NothingToUndo),
        "nothing to undo yet: {nothing:?}"
    );
    answer_current(store, &a, &row.id, 3, Some("r-0"), at(1)).await;
    let (passage, _) = store
        .create_session(&a, "surah:78", at(2), passage_session("refused-2"))
        .await
        .expect("create_session");
    let before = learner_data(store, &a).await;
    let node = current_node(store, &a, &row.id).await;
    let k = key("r-1");

    let bad_grade = store
        .submit(&a, &row.id, Some(&k), |ctx| {
            answer(ctx, Some(&k), &node, 7, 1_000, at(3))
        })
        .await;
    assert!(
        matches!(
            bad_grade,
            Err(StoreError::Rejected(SessionError::InvalidGrade(_)))
        ),
        "a grade of 7 is refused: {bad_grade:?}"
    );
    let too_long = store
        .submit(&a, &row.id, None, |ctx| {
            answer(ctx, None, &node, 3, 3_600_001, at(3))
        })
        .await;
    assert!(
        is_rejected(
            &too_long,
            &SessionError::InvalidDuration {
                duration_ms: 3_600_001
            }
        ),
        "an answer over an hour is refused: {too_long:?}"
    );
    let bad_marks = [PassageMark {
        verse: 9,
        word: None,
        mark: MarkKind::Stumbled,
    }];
    let passage_node = current_node(store, &a, &passage.id).await;
    let bad_passage = store
        .submit_passage(&a, &passage.id, Some(&k), |ctx, states| {
            recite(
                ctx,
                states,
                Some(&k),
                &passage_node,
                &bad_marks,
                20_000,
                at(3),
            )
        })
        .await;
    assert!(
        matches!(
            bad_passage,
            Err(StoreError::Rejected(SessionError::InvalidPassage(_)))
        ),
        "marks outside the passage are refused: {bad_passage:?}"
    );
    let not_a_passage = store
        .submit_passage(&a, &row.id, None, |ctx, states| {
            recite(ctx, states, None, &node, &[], 20_000, at(3))
        })
        .await;
    assert!(
        matches!(
            not_a_passage,
            Err(StoreError::Rejected(SessionError::NotAPassage { .. }))
        ),
        "a recitation of an item that is no passage is refused: {not_a_passage:?}"
    );
    let undo = store
        .undo(&a, &row.id, |_| Err(SessionError::NothingToUndo))
        .await;
    assert!(
        is_rejected(&undo, &SessionError::NothingToUndo),
        "an undo refused: {undo:?}"
    );
    let skip = store
        .skip(&a, &row.id, |ctx| {
            decide_skip(ctx.session.status, ctx.rule_items(), "1:1/memorization")
        })
        .await;
    assert!(
        matches!(
            skip,
            Err(StoreError::Rejected(SessionError::NotCurrentItem { .. }))
        ),
        "a skip refused: {skip:?}"
    );
    let check = store
        .record_check(&a, &row.id, |ctx| {
            require_current(
                ctx.session.status,
                ctx.current.as_ref(),
                |c| c.item.item,
                "1:1/memorization",
            )
            .map(|_| {
                (
                    Answer::SelfGrade {
                        rating: Rating::Good,
                    },
                    None,
                    (),
                )
            })
        })
        .await;
    assert!(
        matches!(
            check,
            Err(StoreError::Rejected(SessionError::NotCurrentItem { .. }))
        ),
        "a check refused: {check:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        before,
        "no refused decision wrote anything"
    );
    store
        .submit(&a, &row.id, Some(&k), |ctx| {
            assert_eq!(ctx.keyed_answer, None, "a refused submit stored no key");
            answer(ctx, Some(&k), &node, 3, 1_000, at(4))
        })
        .await
        .expect("the key is free for a valid answer");
}
