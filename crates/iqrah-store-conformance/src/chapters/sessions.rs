//! Starting sessions and reading them back: start, the session reads, next.

use std::collections::HashMap;

use iqrah_core::session::{ItemStatus, SessionStatus, current_item};
use iqrah_core::settings::Settings;
use iqrah_store::{SessionId, SessionRow, StoreError, UserStore};

use crate::practice::{START, at, planned};

use super::{GOAL, OTHER_GOAL, THIRD_GOAL, answer_current, learner, start_session};

/// Start: `create_session` writes the session and every item as planned;
/// one active session per learner and goal (a second start returns it,
/// `false`, and writes nothing); another goal gets its own.
pub async fn start<S: UserStore>(store: &S) {
    let a = learner();
    assert_eq!(
        store
            .active_session_for_goal(&a, GOAL)
            .await
            .expect("active_session_for_goal"),
        None,
        "a fresh store has no active session"
    );
    let new = planned(
        "start-1",
        1,
        GOAL,
        &Settings::default(),
        &HashMap::new(),
        START,
    );
    let (row, created) = store
        .create_session(&a, GOAL, START, new.clone())
        .await
        .expect("create_session");
    assert!(created, "the first start creates the session");
    assert_eq!(row.id, new.id, "the session keeps its id");
    assert_eq!(row.user_id, a, "the session is the learner's");
    assert_eq!(row.goal_id, GOAL, "the session keeps its goal");
    assert_eq!(row.status, SessionStatus::Active, "a new session is active");
    assert_eq!(row.seed, new.seed, "the session keeps its seed");
    assert_eq!(row.started_at, START, "the session keeps its start");
    assert_eq!(row.completed_at, None, "a new session is not completed");
    assert_eq!(
        row.items_count,
        i64::try_from(new.items.len()).expect("few items"),
        "items_count counts the planned items"
    );
    assert_eq!(row.items_completed, 0, "nothing is answered yet");
    assert_eq!(row.goal_before, new.goal_before, "goal_before as planned");
    assert_eq!(row.summary, None, "no summary before completion");

    let items = store
        .session_items(&a, &row.id)
        .await
        .expect("session_items");
    assert_eq!(items.len(), new.items.len(), "every planned item is stored");
    for (n, (stored, planned)) in items.iter().zip(&new.items).enumerate() {
        assert_eq!(stored.item.item, planned.item, "item {n} in planned order");
        assert_eq!(
            stored.item.reason, planned.reason,
            "item {n} keeps its reason"
        );
        assert_eq!(
            stored.exercise, planned.exercise,
            "item {n} keeps its exercise exactly"
        );
        assert_eq!(
            stored.item.status,
            ItemStatus::Pending,
            "item {n} is pending"
        );
        assert_eq!(stored.answer, None, "item {n} has no checked answer");
        assert_eq!(
            stored.item.relearn_of, None,
            "item {n} is no relearning copy"
        );
        assert_eq!(stored.item.skips, 0, "item {n} was never skipped");
    }
    assert!(
        items
            .windows(2)
            .all(|w| w[0].item.position < w[1].item.position),
        "items come in increasing position"
    );

    // A second start for the same goal returns the active session.
    let again = planned(
        "start-2",
        2,
        GOAL,
        &Settings::default(),
        &HashMap::new(),
        at(1),
    );
    let (existing, created) = store
        .create_session(&a, GOAL, at(1), again)
        .await
        .expect("create_session again");
    assert!(!created, "a second start for the goal creates nothing");
    assert_eq!(existing, row, "a second start returns the active session");
    assert_eq!(
        store
            .session(&a, &SessionId::new("start-2"))
            .await
            .expect("session"),
        None,
        "the second session was not written"
    );
    assert_eq!(
        store.sessions(&a, 10).await.expect("sessions").len(),
        1,
        "one session after two starts of one goal"
    );

    // Another goal gets its own; the first stays active and untouched.
    let other = start_session(store, &a, "start-3", 3, OTHER_GOAL, at(2)).await;
    assert_eq!(other.goal_id, OTHER_GOAL, "the other goal's session");
    assert_eq!(
        store
            .active_session_for_goal(&a, GOAL)
            .await
            .expect("active_session_for_goal"),
        Some(row),
        "the first goal's session stays active and untouched"
    );
    assert_eq!(
        store
            .active_session_for_goal(&a, OTHER_GOAL)
            .await
            .expect("active_session_for_goal"),
        Some(other),
        "the other goal's session is its active one"
    );
    assert_eq!(
        store
            .active_session_for_goal(&a, THIRD_GOAL)
            .await
            .expect("active_session_for_goal"),
        None,
        "a goal never started has no active session"
    );
}

/// Reading sessions: `session` (`None` for an unknown id), `sessions`
/// newest first within the limit, `active_session` the most recently
/// started active one.
pub async fn session_reads<S: UserStore>(store: &S) {
    let a = learner();
    assert!(
        store.sessions(&a, 10).await.expect("sessions").is_empty(),
        "no sessions yet"
    );
    assert_eq!(
        store.active_session(&a).await.expect("active_session"),
        None,
        "none active yet"
    );
    let first = start_session(store, &a, "reads-1", 1, GOAL, START).await;
    let second = start_session(store, &a, "reads-2", 2, OTHER_GOAL, at(1)).await;
    let third = start_session(store, &a, "reads-3", 3, THIRD_GOAL, at(2)).await;

    assert_eq!(
        store.session(&a, &first.id).await.expect("session"),
        Some(first.clone()),
        "session reads a session back as created"
    );
    assert_eq!(
        store
            .session(&a, &SessionId::new("no-such-session"))
            .await
            .expect("session"),
        None,
        "an unknown session is None"
    );
    let ids = |rows: Vec<SessionRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.sessions(&a, 10).await.expect("sessions")),
        vec![third.id.clone(), second.id.clone(), first.id.clone()],
        "sessions lists newest first"
    );
    assert_eq!(
        ids(store.sessions(&a, 2).await.expect("sessions")),
        vec![third.id.clone(), second.id.clone()],
        "sessions keeps to its limit, newest first"
    );
    assert_eq!(
        store.active_session(&a).await.expect("active_session"),
        Some(third.clone()),
        "the active session is the most recently started"
    );

    let abandoned = store.abandon(&a, &third.id, at(3)).await.expect("abandon");
    assert_eq!(
        store.active_session(&a).await.expect("active_session"),
        Some(second.clone()),
        "once the newest is abandoned, the next most recent active one"
    );
    let listed = store.sessions(&a, 10).await.expect("sessions");
    assert_eq!(
        listed.first(),
        Some(&abandoned),
        "closed sessions are still listed"
    );
    assert_eq!(listed.len(), 3, "every session is listed");
}

/// Next: the current item is the pending item of lowest position, the
/// same from `current_item` and `session_view`, with its exercise as
/// stored; it moves on once answered.
pub async fn next<S: UserStore>(store: &S) {
    let a = learner();
    let new = planned(
        "next-1",
        1,
        GOAL,
        &Settings::default(),
        &HashMap::new(),
        START,
    );
    let (row, _) = store
        .create_session(&a, GOAL, START, new.clone())
        .await
        .expect("create_session");
    let view = store.session_view(&a, &row.id).await.expect("session_view");
    assert_eq!(view.session, row, "the view holds the session");
    assert_eq!(
        view.settings,
        Settings::default(),
        "the view holds the session's settings"
    );
    assert!(
        view.parameters.is_empty(),
        "the session schedules with the defaults"
    );
    assert_eq!(view.keyed_answer, None, "a view sees no keyed answer");
    assert_eq!(
        view.items.len(),
        new.items.len(),
        "the view holds every item"
    );
    let current = view
        .current
        .clone()
        .expect("a new session has a current item");
    let lowest = current_item(view.rule_items()).expect("a pending item");
    assert_eq!(
        current.item.id, lowest.id,
        "the current item is the pending item of lowest position"
    );
    assert_eq!(
        current.exercise, new.items[0].exercise,
        "the current item's exercise as generated"
    );
    assert_eq!(view.current_state, None, "a new item has no memory state");
    assert_eq!(
        store.current_item(&a, &row.id).await.expect("current_item"),
        Some(current.clone()),
        "current_item and session_view agree"
    );

    answer_current(store, &a, &row.id, 3, None, at(1)).await;
    let view = store.session_view(&a, &row.id).await.expect("session_view");
    let moved = view.current.clone().expect("more items are pending");
    assert_ne!(
        moved.item.id, current.item.id,
        "the answered item is no longer current"
    );
    assert_eq!(
        Some(moved.item.id),
        current_item(view.rule_items()).map(|i| i.id),
        "the next current item is the pending item of lowest position"
    );
    assert_eq!(
        moved.exercise, new.items[1].exercise,
        "the next item is the second planned"
    );
    assert_eq!(
        store.current_item(&a, &row.id).await.expect("current_item"),
        Some(moved),
        "current_item follows the answer"
    );
    assert!(
        matches!(
            store
                .session_view(&a, &SessionId::new("no-such-session"))
                .await,
            Err(StoreError::SessionNotFound(_))
        ),
        "the view of an unknown session is SessionNotFound"
    );
    assert_eq!(
        store
            .current_item(&a, &SessionId::new("no-such-session"))
            .await
            .expect("current_item"),
        None,
        "an unknown session has no current item"
    );
}
