//! A learner's whole history out of one learner and into another
//! (`export_learner`, `import_learner`): what goes, what is left out, and
//! that an import goes only into a learner with no history.

use iqrah_core::session::SessionStatus;
use iqrah_core::settings::Settings;
use iqrah_store::{SessionId, StoreError, UserId, UserStore};

use super::learner_state::fit;
use super::{
    GOAL, OTHER_GOAL, THIRD_GOAL, answer_current, learner, other_learner, start_session, summary_of,
};
use crate::practice::{at, learner_data};

/// Learner `a` practises three sessions (one completed, one abandoned, one
/// left active) with settings and a kept fit; their archive, imported into
/// `b`, reads back from `b` exactly as it was exported from `a`.
pub async fn learner_archive<S: UserStore>(store: &S) {
    let a = learner();
    let b = other_learner();
    let settings = Settings {
        session_size: 9,
        practise_meaning: false,
        ..Settings::default()
    };
    store
        .save_settings(&a, &settings)
        .await
        .expect("save_settings");
    let done = start_session(store, &a, "arch-1", 1, GOAL, at(0)).await;
    for (minute, grade) in [(1, 3), (2, 1), (3, 4), (4, 3)] {
        answer_current(store, &a, &done.id, grade, None, at(minute)).await;
    }
    store
        .complete(&a, &done.id, at(5), |ctx| summary_of(ctx, at(5)))
        .await
        .expect("complete");
    let given_up = start_session(store, &a, "arch-2", 2, OTHER_GOAL, at(6)).await;
    answer_current(store, &a, &given_up.id, 3, None, at(7)).await;
    store
        .abandon(&a, &given_up.id, at(8))
        .await
        .expect("abandon");
    let active = start_session(store, &a, "arch-3", 3, THIRD_GOAL, at(9)).await;
    answer_current(store, &a, &active.id, 2, None, at(10)).await;
    let read = store.learner_parameters(&a).await.expect("parameters");
    assert!(
        store
            .record_fit(&a, read.as_ref(), at(11), 6, Some(&fit(at(11), 1.01)))
            .await
            .expect("record_fit"),
        "the fit is kept"
    );
    let before = learner_data(store, &a).await;

    let archive = store.export_learner(&a).await.expect("export_learner");
    assert_eq!(archive.settings, settings);
    assert_eq!(
        archive.parameters, before.parameters,
        "the fit goes with them"
    );
    assert_eq!(archive.memory_states.len(), before.states.len());
    assert!(
        archive
            .memory_states
            .windows(2)
            .all(|pair| pair[0].item < pair[1].item),
        "memory states by item"
    );
    for archived in &archive.memory_states {
        assert_eq!(before.states.get(&archived.item), Some(&archived.state));
    }
    assert_eq!(
        archive.reviews.len() as u64,
        before.review_count,
        "every review"
    );
    for (review, record) in archive.reviews.iter().zip(&before.reviews) {
        assert_eq!(
            (review.item, review.rating, review.reviewed_at),
            (record.item, record.rating, record.reviewed_at),
            "reviews oldest first"
        );
    }
    let sessions: Vec<(&str, SessionStatus)> = archive
        .sessions
        .iter()
        .map(|s| (s.id.as_str(), s.status))
        .collect();
    assert_eq!(
        sessions,
        [
            ("arch-1", SessionStatus::Completed),
            ("arch-2", SessionStatus::Abandoned)
        ],
        "the sessions that ended, by start; the active one is left out"
    );
    assert!(archive.sessions[0].summary.is_some(), "with its summary");
    assert_eq!(archive.sessions[0].settings, settings, "with its settings");

    // Into a learner with no history: everything reads back the same. A
    // session id is unique in some stores across learners, so b's copies
    // of the sessions get ids of their own (as the API gives them).
    let mut archive = archive;
    for session in &mut archive.sessions {
        session.id = SessionId::new(format!("b-{}", session.id));
    }
    store
        .import_learner(&b, &archive)
        .await
        .expect("import_learner");
    assert_eq!(
        store.export_learner(&b).await.expect("export_learner"),
        archive,
        "b's history is a's, exactly"
    );
    let after = learner_data(store, &b).await;
    assert_eq!(after.settings, before.settings);
    assert_eq!(after.states, before.states);
    assert_eq!(
        after.reviews, before.reviews,
        "the statistics read the same log"
    );
    assert_eq!(after.parameters, before.parameters);
    assert_eq!(after.active, None);
    let summaries: Vec<_> = after
        .sessions
        .iter()
        .map(|(s, _)| s.summary.clone())
        .collect();
    let originals: Vec<_> = before
        .sessions
        .iter()
        .filter(|(s, _)| s.status != SessionStatus::Active)
        .map(|(s, _)| s.summary.clone())
        .collect();
    assert_eq!(summaries, originals, "the history's sessions, newest first");
    assert!(
        after
            .sessions
            .iter()
            .all(|(s, items)| s.user_id == b && items.is_empty())
    );
    // a's own data is untouched.
    assert_eq!(learner_data(store, &a).await.reviews, before.reviews);

    // Never twice, never into a learner with a history.
    for user in [&b, &a] {
        let refused = store.import_learner(user, &archive).await;
        assert!(
            matches!(refused, Err(StoreError::LearnerNotEmpty)),
            "{user:?}: {refused:?}"
        );
    }
    assert_eq!(
        store.export_learner(&b).await.expect("export_learner"),
        archive,
        "a refused import wrote nothing"
    );
    // The imported learner practises on: a new session plans from the
    // imported states.
    let next = start_session(store, &b, "after-import", 4, GOAL, at(60 * 24 * 3)).await;
    assert_eq!(next.user_id, b);

    // An empty learner exports an empty history, which imports as one.
    let c = UserId::new("c");
    let empty = store.export_learner(&c).await.expect("export_learner");
    assert!(
        empty.memory_states.is_empty() && empty.sessions.is_empty() && empty.reviews.is_empty()
    );
    let d = UserId::new("d");
    store
        .import_learner(&d, &empty)
        .await
        .expect("import_learner");
    assert_eq!(
        store.export_learner(&d).await.expect("export_learner"),
        empty
    );
}
