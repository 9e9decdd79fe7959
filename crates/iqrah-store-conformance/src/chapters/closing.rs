//! Closing a session: complete and abandon.

use iqrah_core::session::{ItemStatus, SessionError, SessionStatus};
use iqrah_store::UserStore;

use crate::practice::{START, answer, at, learner_data};

use super::{GOAL, OTHER_GOAL, answer_current, is_rejected, learner, start_session, summary_of};

/// Complete: unreached items skipped before the summary is made, the
/// summary stored and returned again by a second complete; an abandoned
/// session is refused.
pub async fn complete<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "complete-1", 1, GOAL, START).await;
    answer_current(store, &a, &row.id, 3, None, at(1)).await;
    answer_current(store, &a, &row.id, 4, None, at(2)).await;
    let states = store.memory_states(&a).await.expect("memory_states");
    let summary = store
        .complete(&a, &row.id, at(5), |ctx| {
            assert_eq!(
                ctx.session.status,
                SessionStatus::Active,
                "summarized while still active"
            );
            assert_eq!(ctx.states, states, "the summary sees every state");
            assert!(
                !ctx.practice_days.is_empty(),
                "the summary sees the practice days"
            );
            let statuses: Vec<_> = ctx.items.iter().map(|i| i.status).collect();
            assert_eq!(
                statuses
                    .iter()
                    .filter(|s| **s == ItemStatus::Answered)
                    .count(),
                2,
                "two items were answered"
            );
            assert!(
                !statuses.contains(&ItemStatus::Pending),
                "unreached items are skipped before the summary: {statuses:?}"
            );
            summary_of(ctx, at(5))
        })
        .await
        .expect("complete");
    assert_eq!(summary.items_completed, 2, "the summary counts the answers");
    assert_eq!(
        i64::from(summary.items_skipped),
        row.items_count - 2,
        "the summary counts the unreached items"
    );
    let done = store
        .session(&a, &row.id)
        .await
        .expect("session")
        .expect("the session");
    assert_eq!(
        done.status,
        SessionStatus::Completed,
        "the session is completed"
    );
    assert_eq!(done.completed_at, Some(at(5)), "at its completion");
    assert_eq!(
        done.summary.as_ref(),
        Some(&summary),
        "with its summary stored"
    );
    let items = store
        .session_items(&a, &row.id)
        .await
        .expect("session_items");
    assert_eq!(
        items
            .iter()
            .filter(|i| i.item.status == ItemStatus::Skipped)
            .count(),
        items.len() - 2,
        "unreached items are stored skipped"
    );
    assert_eq!(
        store.active_session(&a).await.expect("active_session"),
        None,
        "nothing is active"
    );

    let again = store
        .complete(&a, &row.id, at(9), |ctx| {
            let mut other = summary_of(ctx, at(9));
            other.items_planned += 100;
            other
        })
        .await
        .expect("complete again");
    assert_eq!(
        again, summary,
        "a second complete returns the stored summary"
    );
    assert_eq!(
        store.session(&a, &row.id).await.expect("session"),
        Some(done),
        "a second complete writes nothing"
    );

    let abandoned = start_session(store, &a, "complete-2", 2, OTHER_GOAL, at(10)).await;
    let abandoned = store
        .abandon(&a, &abandoned.id, at(11))
        .await
        .expect("abandon");
    let refused = store
        .complete(&a, &abandoned.id, at(12), |ctx| summary_of(ctx, at(12)))
        .await;
    assert!(
        is_rejected(
            &refused,
            &SessionError::NotActive {
                status: SessionStatus::Abandoned
            }
        ),
        "an abandoned session is not completed: {refused:?}"
    );
    assert_eq!(
        store.session(&a, &abandoned.id).await.expect("session"),
        Some(abandoned),
        "a refused complete writes nothing"
    );
}

/// Abandon: the session closes, its answers stay; it takes no more answers
/// and the goal can be started anew.
pub async fn abandon<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "abandon-1", 1, GOAL, START).await;
    answer_current(store, &a, &row.id, 3, None, at(1)).await;
    answer_current(store, &a, &row.id, 2, None, at(2)).await;
    let before = learner_data(store, &a).await;
    let abandoned = store.abandon(&a, &row.id, at(3)).await.expect("abandon");
    assert_eq!(
        abandoned.status,
        SessionStatus::Abandoned,
        "the session is abandoned"
    );
    assert_eq!(abandoned.completed_at, Some(at(3)), "at its end");
    assert_eq!(
        abandoned.items_completed, 2,
        "its answers are still counted"
    );
    assert_eq!(
        abandoned.summary, None,
        "an abandoned session has no summary"
    );
    let after = learner_data(store, &a).await;
    assert_eq!(after.states, before.states, "the answers' states stay");
    assert_eq!(after.reviews, before.reviews, "the answers stay in the log");
    assert_eq!(
        after.sessions[0]
            .1
            .iter()
            .filter(|i| i.item.status == ItemStatus::Answered)
            .count(),
        2,
        "the answered items stay answered"
    );
    assert_eq!(after.active, None, "nothing is active");
    assert_eq!(
        store
            .active_session_for_goal(&a, GOAL)
            .await
            .expect("active_session_for_goal"),
        None,
        "the goal has no active session"
    );
    let refused = store.abandon(&a, &row.id, at(4)).await;
    assert!(
        is_rejected(
            &refused,
            &SessionError::NotActive {
                status: SessionStatus::Abandoned
            }
        ),
        "an abandoned session is not abandoned again: {refused:?}"
    );
    let node = after.sessions[0].1[0].item.item.to_string();
    let refused = store
        .submit(&a, &row.id, None, |ctx| {
            answer(ctx, None, &node, 3, 1_000, at(4))
        })
        .await;
    assert!(
        is_rejected(
            &refused,
            &SessionError::NotActive {
                status: SessionStatus::Abandoned
            }
        ),
        "an abandoned session takes no answer: {refused:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        after,
        "refusals write nothing"
    );
    start_session(store, &a, "abandon-2", 2, GOAL, at(5)).await;
}
