//! Two learners never see each other.

use iqrah_core::settings::Settings;
use iqrah_store::{StoreError, UserStore};

use crate::practice::{START, at, key, learner_data};

use super::{GOAL, answer_current, learner, other_learner, start_session};

/// Two learners: every session-scoped method treats the other learner's
/// session as unknown (`SessionNotFound` or `None`), runs no decision on it
/// and leaves it untouched; lists and statistics never mix learners.
pub async fn two_learners<S: UserStore>(store: &S) {
    let a = learner();
    let b = other_learner();
    let row = start_session(store, &a, "two-1", 1, GOAL, START).await;
    answer_current(store, &a, &row.id, 3, Some("t-1"), at(1)).await;
    store
        .save_settings(
            &a,
            &Settings {
                session_size: 7,
                ..Settings::default()
            },
        )
        .await
        .expect("save_settings");
    assert!(
        store
            .record_fit(&a, None, at(2), 1, None)
            .await
            .expect("record_fit"),
        "a's fit"
    );
    let a_data = learner_data(store, &a).await;
    let s = &row.id;
    let unknown = |what: &str, result: Result<(), StoreError>| {
        assert!(
            matches!(&result, Err(StoreError::SessionNotFound(id)) if id == s),
            "{what} of another learner's session is SessionNotFound: {result:?}"
        );
    };
    const RAN: &str = "the store ran a decision on another learner's session";

    assert_eq!(
        store.session(&b, s).await.expect("session"),
        None,
        "session: None for b"
    );
    assert_eq!(
        store.current_item(&b, s).await.expect("current_item"),
        None,
        "current_item: None for b"
    );
    unknown("session_items", store.session_items(&b, s).await.map(drop));
    unknown("session_view", store.session_view(&b, s).await.map(drop));
    unknown(
        "skip",
        store.skip(&b, s, |_| panic!("{RAN}")).await.map(drop),
    );
    unknown(
        "record_check",
        store.record_check::<()>(&b, s, |_| panic!("{RAN}")).await,
    );
    unknown(
        "submit",
        store
            .submit(&b, s, Some(&key("t-1")), |_| panic!("{RAN}"))
            .await
            .map(drop),
    );
    unknown(
        "submit",
        store
            .submit(&b, s, None, |_| panic!("{RAN}"))
            .await
            .map(drop),
    );
    unknown(
        "submit_passage",
        store
            .submit_passage(&b, s, None, |_, _| panic!("{RAN}"))
            .await
            .map(drop),
    );
    unknown(
        "undo",
        store.undo(&b, s, |_| panic!("{RAN}")).await.map(drop),
    );
    unknown(
        "complete",
        store
            .complete(&b, s, at(3), |_| panic!("{RAN}"))
            .await
            .map(drop),
    );
    unknown("abandon", store.abandon(&b, s, at(3)).await.map(drop));
    assert_eq!(
        learner_data(store, &a).await,
        a_data,
        "the other learner's calls left a's data untouched"
    );

    let b_data = learner_data(store, &b).await;
    assert!(
        b_data.sessions.is_empty(),
        "sessions never lists another learner's"
    );
    assert_eq!(
        b_data.active, None,
        "active_session never returns another learner's"
    );
    assert!(
        b_data.states.is_empty(),
        "memory_states never holds another learner's"
    );
    assert!(
        b_data.reviews.is_empty(),
        "review_records never holds another learner's"
    );
    assert_eq!(
        b_data.review_count, 0,
        "review_count never counts another learner's"
    );
    assert_eq!(
        b_data.parameters, None,
        "learner_parameters are each learner's"
    );
    assert_eq!(
        b_data.settings,
        Settings::default(),
        "settings are each learner's"
    );
    assert_eq!(
        store
            .active_session_for_goal(&b, GOAL)
            .await
            .expect("active_session_for_goal"),
        None,
        "active_session_for_goal never returns another learner's"
    );

    // b's own session for the same goal: created beside a's.
    let own = start_session(store, &b, "two-2", 2, GOAL, at(4)).await;
    assert_eq!(own.user_id, b, "b's session is b's");
    answer_current(store, &b, &own.id, 3, Some("t-1"), at(5)).await;
    assert_eq!(
        store.review_count(&b).await.expect("review_count"),
        1,
        "b's answer is b's"
    );
    let b_sessions = store.sessions(&b, 10).await.expect("sessions");
    assert_eq!(
        b_sessions.iter().map(|r| &r.id).collect::<Vec<_>>(),
        vec![&own.id],
        "b lists only b's"
    );
    assert_eq!(
        learner_data(store, &a).await,
        a_data,
        "b's own practice leaves a's data untouched"
    );
}
