//! The chapters of the story, one per part of the contract. Each takes a
//! fresh, empty store and panics with a message naming what broke.

use std::collections::HashMap;

use iqrah_core::exercise::{Answer, answer_fits, check};
use iqrah_core::fitting::{DEFAULT_PARAMETERS, Evaluation};
use iqrah_core::goal::Goal;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::passage::{MarkKind, PassageMark};
use iqrah_core::progress::{current_streak, learner_day, verse_progress};
use iqrah_core::session::{
    ItemStatus, KeyedAnswer, SessionError, SessionStatus, current_item, decide_skip, decide_undo,
    require_current,
};
use iqrah_core::settings::{Settings, SettingsError};
use iqrah_core::stats::ReviewRecord;
use iqrah_core::summary::{LearnerFigures, SessionSummary, summarize};
use iqrah_core::time::{DAY_MS, Timestamp};
use iqrah_store::{
    CompletionContext, FitRecord, LearnerParameters, PassageWrite, SessionId, SessionRow,
    StoreError, SubmitWrite, UserId, UserStore,
};

use crate::practice::{
    START, answer, at, current_node, key, learner_data, passage_session, planned, recite, scheduler,
};

/// The goal most chapters practise (Al-Ikhlas, four verses).
const GOAL: &str = "surah:112";
/// Another goal (Al-Falaq).
const OTHER_GOAL: &str = "surah:113";
/// A third goal (An-Nas).
const THIRD_GOAL: &str = "surah:114";

/// The learner of the story.
fn learner() -> UserId {
    UserId::new("a")
}

/// Another learner, who must never see the first one's data.
fn other_learner() -> UserId {
    UserId::new("b")
}

/// Starts a session for `goal` planned from what the store holds of
/// `user`, and checks it was created.
async fn start_session<S: UserStore>(
    store: &S,
    user: &UserId,
    id: &str,
    seed: u64,
    goal: &str,
    now: Timestamp,
) -> SessionRow {
    let settings = store.settings(user).await.expect("settings");
    let states = store.memory_states(user).await.expect("memory_states");
    let new = planned(id, seed, goal, &settings, &states, now);
    let (row, created) = store
        .create_session(user, goal, now, new)
        .await
        .expect("create_session");
    assert!(created, "a first session for {goal} is created");
    row
}

/// Submits `grade` for the session's current item at `now` (with `key`,
/// if any) as the API decides it; returns the receipt and the node.
async fn answer_current<S: UserStore>(
    store: &S,
    user: &UserId,
    session: &SessionId,
    grade: u8,
    key: Option<&str>,
    now: Timestamp,
) -> (i64, String) {
    let node = current_node(store, user, session).await;
    let key = key.map(crate::practice::key);
    let receipt = store
        .submit(user, session, key.as_ref(), |ctx| {
            answer(ctx, key.as_ref(), &node, grade, 4_000, now)
        })
        .await
        .expect("submit");
    (receipt, node)
}

/// The summary the API stores for a session completed at `now`.
fn summary_of(ctx: &CompletionContext, now: Timestamp) -> SessionSummary {
    let goal: Goal = ctx.session.goal_id.parse().expect("a stored goal");
    let scheduler = scheduler(&ctx.parameters, &ctx.settings);
    let offset = ctx.settings.day_start_offset_ms();
    let today = learner_day(now, offset);
    let end_of_tomorrow = Timestamp::from_millis((today + 2) * DAY_MS + offset);
    let figures = LearnerFigures {
        goal_before: ctx.session.goal_before,
        goal_after: verse_progress(
            goal.verses(&ctx.states),
            &ctx.states,
            &scheduler,
            now,
            ctx.settings.desired_retention,
        ),
        next_due: ctx.states.values().map(|s| s.due).min(),
        due_tomorrow: ctx
            .states
            .values()
            .filter(|s| s.due < end_of_tomorrow)
            .count()
            .try_into()
            .expect("few states"),
        streak_days: current_streak(&ctx.practice_days, today),
    };
    summarize(ctx.rule_items(), ctx.session.started_at, now, figures)
}

/// Whether `result` is the refusal `expected` of the core.
fn is_rejected<T>(result: &Result<T, StoreError>, expected: &SessionError) -> bool {
    matches!(result, Err(StoreError::Rejected(refused)) if refused == expected)
}

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

/// What the check chapter's decision stores and hands back: the answer,
/// its correctness, and the checked item's id with its correctness.
type Checked = (Answer, Option<bool>, (i64, Option<bool>));

/// Check: `record_check` keeps the last checked answer on the current item
/// and nothing else changes; a refused check writes nothing.
pub async fn check_answer<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "check-1", 1, GOAL, START).await;
    let node = current_node(store, &a, &row.id).await;
    let before = learner_data(store, &a).await;
    let checked = |answer: Answer, node: String| {
        move |ctx: &iqrah_store::SessionContext| -> Result<Checked, SessionError> {
            let current = require_current(
                ctx.session.status,
                ctx.current.as_ref(),
                |c| c.item.item,
                &node,
            )?;
            answer_fits(&current.exercise.prompt, &answer)?;
            let outcome = check(
                &current.exercise.prompt,
                &current.exercise.solution,
                &answer,
                3_000,
            );
            let correct = outcome.as_ref().ok().and_then(|o| o.correct);
            Ok((answer.clone(), correct, (current.item.id, correct)))
        }
    };
    for rating in [Rating::Good, Rating::Hard] {
        let given = Answer::SelfGrade { rating };
        let (item_id, correct) = store
            .record_check(&a, &row.id, checked(given.clone(), node.clone()))
            .await
            .expect("record_check");
        let after = learner_data(store, &a).await;
        let mut expected = before.clone();
        let item = expected.sessions[0]
            .1
            .iter_mut()
            .find(|i| i.item.id == item_id)
            .expect("the checked item");
        item.answer = Some(given.clone());
        item.item.correct = correct;
        assert_eq!(
            after, expected,
            "a check keeps the last answer ({rating:?}) and nothing else changes"
        );
        let current = store
            .current_item(&a, &row.id)
            .await
            .expect("current_item")
            .expect("current");
        assert_eq!(current.item.id, item_id, "a check does not advance");
    }
    let kept = learner_data(store, &a).await;
    let refused = store
        .record_check(
            &a,
            &row.id,
            checked(
                Answer::Text {
                    text: "قل".to_owned(),
                },
                node.clone(),
            ),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rejected(SessionError::InvalidAnswer(_)))
        ),
        "an answer of another kind is refused: {refused:?}"
    );
    let refused = store
        .record_check(
            &a,
            &row.id,
            checked(
                Answer::SelfGrade {
                    rating: Rating::Easy,
                },
                "1:1/memorization".to_owned(),
            ),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rejected(SessionError::NotCurrentItem { .. }))
        ),
        "a check of another item is refused: {refused:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        kept,
        "a refused check writes nothing"
    );
}

/// Submit with and without an idempotency key: the answer, its memory
/// state, its review-log row and the counters; a retry records nothing
/// twice (the decision sees the keyed answer); `AlreadyRecorded` writes
/// nothing; a reused key is refused.
pub async fn submit<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "submit-1", 1, GOAL, START).await;
    let node = current_node(store, &a, &row.id).await;
    let item_key: ItemKey = node.parse().expect("a node");
    let (receipt, _) = answer_current(store, &a, &row.id, 3, None, at(1)).await;

    let data = learner_data(store, &a).await;
    let expected_state = scheduler(&[], &Settings::default()).review(
        None,
        Rating::Good,
        at(1),
        Settings::default().desired_retention,
    );
    assert_eq!(
        data.states,
        HashMap::from([(item_key, expected_state)]),
        "the submit stores the state the decision gave"
    );
    assert_eq!(
        data.reviews,
        vec![ReviewRecord {
            item: item_key,
            rating: Rating::Good,
            reviewed_at: at(1),
            duration_ms: 4_000,
            due_before: None,
        }],
        "the submit appends one review-log row"
    );
    assert_eq!(data.review_count, 1, "review_count counts it");
    let (session, items) = &data.sessions[0];
    assert_eq!(session.items_completed, 1, "the session counts the answer");
    let answered = items
        .iter()
        .find(|i| i.item.id == receipt)
        .expect("the receipt names the item");
    assert_eq!(
        answered.item.status,
        ItemStatus::Answered,
        "the item is answered"
    );
    assert_eq!(answered.item.rating, Some(Rating::Good), "with its grade");
    assert_eq!(answered.item.duration_ms, Some(4_000), "with its time");
    assert_eq!(answered.item.answered_at, Some(at(1)), "at its moment");
    assert_eq!(answered.item.answered_seq, Some(1), "as the first answer");

    // Without a key, the same submit again is a retry.
    let retry = store
        .submit(&a, &row.id, None, |ctx| {
            answer(ctx, None, &node, 3, 4_000, at(2))
        })
        .await
        .expect("submit retry");
    assert_eq!(retry, receipt, "a retry returns the first receipt");
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a retry writes nothing"
    );

    // With a key: recorded once, the retry sees it.
    let second = current_node(store, &a, &row.id).await;
    let k1 = key("k-1");
    let receipt2 = store
        .submit(&a, &row.id, Some(&k1), |ctx| {
            assert_eq!(ctx.keyed_answer, None, "a new key has no keyed answer");
            answer(ctx, Some(&k1), &second, 4, 3_000, at(3))
        })
        .await
        .expect("keyed submit");
    assert_ne!(receipt2, receipt, "another item, another receipt");
    let data = learner_data(store, &a).await;
    assert_eq!(data.review_count, 2, "the keyed submit is recorded");
    let retry = store
        .submit(&a, &row.id, Some(&k1), |ctx| {
            assert_eq!(
                ctx.keyed_answer,
                Some(KeyedAnswer {
                    item_id: receipt2,
                    node_id: second.clone(),
                    grade: 4,
                    duration_ms: 3_000,
                    undone: false,
                    marks: None,
                }),
                "the retry's decision sees what the key recorded"
            );
            answer(ctx, Some(&k1), &second, 4, 3_000, at(4))
        })
        .await
        .expect("keyed retry");
    assert_eq!(retry, receipt2, "a keyed retry returns the first receipt");
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a keyed retry writes nothing"
    );
    let reused = store
        .submit(&a, &row.id, Some(&k1), |ctx| {
            answer(ctx, Some(&k1), &second, 2, 3_000, at(4))
        })
        .await;
    assert!(
        matches!(
            reused,
            Err(StoreError::Rejected(
                SessionError::IdempotencyKeyReused { .. }
            ))
        ),
        "a key reused for another answer is refused: {reused:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a refused submit writes nothing"
    );

    // A decision of AlreadyRecorded writes nothing, not even its key.
    let k2 = key("k-2");
    let told = store
        .submit(&a, &row.id, Some(&k2), |_| {
            Ok(SubmitWrite::AlreadyRecorded { item_id: receipt })
        })
        .await
        .expect("submit AlreadyRecorded");
    assert_eq!(
        told, receipt,
        "AlreadyRecorded returns the receipt it names"
    );
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "AlreadyRecorded writes nothing"
    );
    store
        .submit(&a, &row.id, Some(&k2), |ctx| {
            assert_eq!(ctx.keyed_answer, None, "AlreadyRecorded stored no key");
            Ok(SubmitWrite::AlreadyRecorded { item_id: receipt })
        })
        .await
        .expect("submit AlreadyRecorded again");
}

/// An Again adds a relearning copy at the position the core gives: items
/// at that position or later move one place down, the copy keeps the
/// item's reason and names the item it relearns.
pub async fn relearning<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "relearn-1", 1, GOAL, START).await;
    let before = store
        .session_items(&a, &row.id)
        .await
        .expect("session_items");
    let node = current_node(store, &a, &row.id).await;
    let mut copy = None;
    let receipt = store
        .submit(&a, &row.id, None, |ctx| {
            let write = answer(ctx, None, &node, 1, 4_000, at(1))?;
            if let SubmitWrite::Record { relearn, .. } = &write {
                copy.clone_from(relearn);
            }
            Ok(write)
        })
        .await
        .expect("submit Again");
    let copy = copy.expect("an Again within the bound places a relearning copy");
    let after = store
        .session_items(&a, &row.id)
        .await
        .expect("session_items");
    assert_eq!(after.len(), before.len() + 1, "the copy is one more item");
    let session = store
        .session(&a, &row.id)
        .await
        .expect("session")
        .expect("the session");
    assert_eq!(
        session.items_count,
        row.items_count + 1,
        "items_count counts the copy"
    );
    let added = after
        .iter()
        .find(|i| before.iter().all(|b| b.item.id != i.item.id))
        .expect("the copy is a new item");
    assert_eq!(
        added.item.position, copy.position,
        "the copy is at its position"
    );
    assert_eq!(
        added.item.relearn_of,
        Some(receipt),
        "the copy names the item answered Again"
    );
    assert_eq!(
        added.item.item.to_string(),
        node,
        "the copy relearns the same item"
    );
    assert_eq!(
        added.exercise, copy.exercise,
        "the copy keeps its fresh exercise"
    );
    assert_eq!(
        added.item.status,
        ItemStatus::Pending,
        "the copy is pending"
    );
    let original = before
        .iter()
        .find(|b| b.item.id == receipt)
        .expect("the answered item");
    assert_eq!(
        added.item.reason, original.item.reason,
        "the copy keeps the item's reason"
    );
    for old in &before {
        let now = after
            .iter()
            .find(|i| i.item.id == old.item.id)
            .expect("every item stays");
        let expected = if old.item.position >= copy.position {
            old.item.position + 1
        } else {
            old.item.position
        };
        assert_eq!(
            now.item.position, expected,
            "item {} moves down only when at or after the copy",
            old.item.id
        );
    }
}

/// Undo: the memory state restored exactly (removed after a first review),
/// the review-log row removed, a relearning copy removed, the key marked
/// undone, the item current again.
pub async fn undo<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "undo-1", 1, GOAL, START).await;
    let start = learner_data(store, &a).await;
    // An Again (a copy), then Goods until the copy is current.
    let (failed, failed_node) = answer_current(store, &a, &row.id, 1, Some("u-1"), at(1)).await;
    let after_again = learner_data(store, &a).await;
    let mut minute = 2;
    loop {
        let current = store
            .current_item(&a, &row.id)
            .await
            .expect("current_item")
            .expect("current");
        if current.item.relearn_of == Some(failed) {
            break;
        }
        answer_current(store, &a, &row.id, 3, None, at(minute)).await;
        minute += 1;
    }
    let before_copy = learner_data(store, &a).await;
    let (copy, copy_node) = answer_current(store, &a, &row.id, 3, Some("u-2"), at(minute)).await;
    assert_eq!(copy_node, failed_node, "the copy relearns the failed item");
    let item: ItemKey = copy_node.parse().expect("a node");
    assert_ne!(
        learner_data(store, &a).await.states[&item],
        before_copy.states[&item],
        "the copy's answer changed the state"
    );

    let undone = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await
        .expect("undo");
    assert_eq!(undone, copy, "undo reverts the last answer");
    assert_eq!(
        learner_data(store, &a).await,
        before_copy,
        "undo restores the state exactly, removes the log row and makes the item current again"
    );
    let retried = store
        .submit(&a, &row.id, Some(&key("u-2")), |ctx| {
            assert!(
                ctx.keyed_answer
                    .as_ref()
                    .is_some_and(|k| k.undone && k.item_id == copy),
                "undo marks the key undone: {:?}",
                ctx.keyed_answer
            );
            answer(ctx, Some(&key("u-2")), &copy_node, 3, 4_000, at(minute))
        })
        .await;
    assert!(
        is_rejected(
            &retried,
            &SessionError::AnswerUndone {
                key: "u-2".to_owned()
            }
        ),
        "a retry of an undone answer is refused: {retried:?}"
    );

    // Undo back to the Again: its copy goes, its first review leaves no state.
    while store
        .session(&a, &row.id)
        .await
        .expect("session")
        .expect("the session")
        .items_completed
        > 1
    {
        store
            .undo(&a, &row.id, |ctx| {
                decide_undo(ctx.session.status, ctx.rule_items())
            })
            .await
            .expect("undo");
    }
    assert_eq!(
        learner_data(store, &a).await.states,
        after_again.states,
        "undo after undo restores each state"
    );
    let undone = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await
        .expect("undo the Again");
    assert_eq!(undone, failed, "the Again is undone last");
    let now = learner_data(store, &a).await;
    assert!(
        now.states.is_empty(),
        "a first review undone leaves no state: {:?}",
        now.states
    );
    assert!(now.reviews.is_empty(), "every log row is removed");
    assert_eq!(now.review_count, 0, "review_count follows the undo");
    let (session, items) = &now.sessions[0];
    let (start_session_row, start_items) = &start.sessions[0];
    assert_eq!(
        session, start_session_row,
        "the counters are as at the start"
    );
    let ids =
        |items: &[iqrah_store::StoredItem]| items.iter().map(|i| i.item.id).collect::<Vec<_>>();
    assert_eq!(
        ids(items),
        ids(start_items),
        "the copy is removed, the order kept"
    );
    assert!(
        items.iter().all(|i| i.item.status == ItemStatus::Pending),
        "every item is pending again"
    );
    let current = store
        .current_item(&a, &row.id)
        .await
        .expect("current_item")
        .expect("current");
    assert_eq!(current.item.id, failed, "the undone item is current again");
    let nothing = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await;
    assert!(
        is_rejected(&nothing, &SessionError::NothingToUndo),
        "nothing left to undo: {nothing:?}"
    );
}

/// Skip: the current item moves where the core says and counts the skip;
/// nothing else changes.
pub async fn skip<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "skip-1", 1, GOAL, START).await;
    answer_current(store, &a, &row.id, 3, None, at(1)).await;
    let before = learner_data(store, &a).await;
    let node = current_node(store, &a, &row.id).await;
    let mut decided = None;
    let skipped = store
        .skip(&a, &row.id, |ctx| {
            let decision = decide_skip(ctx.session.status, ctx.rule_items(), &node)?;
            decided = Some(decision);
            Ok(decision)
        })
        .await
        .expect("skip");
    let decision = decided.expect("the skip was decided");
    assert_eq!(skipped, decision.item_id, "skip returns the skipped item");
    let mut expected = before.clone();
    let item = expected.sessions[0]
        .1
        .iter_mut()
        .find(|i| i.item.id == skipped)
        .expect("the skipped item");
    item.item.position = decision.position;
    item.item.skips = 1;
    expected.sessions[0].1.sort_by_key(|i| i.item.position);
    assert_eq!(
        learner_data(store, &a).await,
        expected,
        "the skipped item moves and counts the skip; nothing else changes"
    );
    assert_ne!(
        current_node(store, &a, &row.id).await,
        node,
        "another item is current"
    );
    let refused = store
        .skip(&a, &row.id, |ctx| {
            decide_skip(ctx.session.status, ctx.rule_items(), &node)
        })
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rejected(SessionError::NotCurrentItem { .. }))
        ),
        "a skip of an item not current is refused: {refused:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        expected,
        "a refused skip writes nothing"
    );
}

/// A recited passage: every review in one transaction (states, log rows,
/// the item, the key with its marks, a relearning copy); a retry writes
/// nothing; undo reverts every review.
pub async fn passage<S: UserStore>(store: &S) {
    let a = learner();
    let (row, _) = store
        .create_session(&a, "surah:78", START, passage_session("passage-1"))
        .await
        .expect("create_session");
    let before = learner_data(store, &a).await;
    let node = current_node(store, &a, &row.id).await;
    assert_eq!(node, "78:1/memorization", "the passage is current");
    // Prompted on 78:2's first word: 78:2 and the link into it are Again.
    let marks = vec![PassageMark {
        verse: 1,
        word: Some(0),
        mark: MarkKind::Prompted,
    }];
    let k = key("p-1");
    let mut written = None;
    let receipt = store
        .submit_passage(&a, &row.id, Some(&k), |ctx, states| {
            assert!(
                states.is_empty(),
                "the decision sees the learner's states (none yet)"
            );
            let write = recite(ctx, states, Some(&k), &node, &marks, 30_000, at(1))?;
            written = Some(write.clone());
            Ok(write)
        })
        .await
        .expect("submit_passage");
    let Some(PassageWrite::Record {
        reviews, relearn, ..
    }) = written
    else {
        panic!("the recitation was recorded");
    };
    assert_eq!(reviews.len(), 5, "three verses and two links are reviewed");
    let data = learner_data(store, &a).await;
    let states: HashMap<ItemKey, MemoryState> =
        reviews.iter().map(|r| (r.item, r.state_after)).collect();
    assert_eq!(data.states, states, "every review's state is stored");
    assert_eq!(data.review_count, 5, "one log row per review");
    assert_eq!(
        data.reviews
            .iter()
            .map(|r| (r.item, r.rating))
            .collect::<Vec<_>>(),
        reviews
            .iter()
            .map(|r| (r.item, r.rating))
            .collect::<Vec<_>>(),
        "the log holds every review with its grade, in order"
    );
    let (session, items) = &data.sessions[0];
    assert_eq!(session.items_completed, 1, "the passage is one answer");
    let relearn = relearn.expect("a verse answered Again gets a copy");
    let added = items
        .iter()
        .find(|i| i.item.relearn_of == Some(receipt))
        .expect("the copy is stored");
    assert_eq!(
        added.item.item, relearn.exercise.solution.item,
        "the copy relearns the failed verse"
    );
    assert_eq!(
        added.item.position, relearn.position,
        "the copy is at its position"
    );
    let answered = items
        .iter()
        .find(|i| i.item.id == receipt)
        .expect("the passage item");
    assert_eq!(
        answered.item.status,
        ItemStatus::Answered,
        "the passage is answered"
    );
    assert_eq!(
        answered.item.rating,
        Some(Rating::Again),
        "with its worst grade"
    );

    let retry = store
        .submit_passage(&a, &row.id, Some(&k), |ctx, states| {
            let recorded = ctx.keyed_answer.as_ref().expect("the key was recorded");
            assert_eq!(recorded.item_id, receipt, "the key names the passage");
            assert_eq!(
                recorded.marks.as_deref(),
                Some(&marks[..]),
                "the key keeps the marks"
            );
            recite(ctx, states, Some(&k), &node, &marks, 30_000, at(2))
        })
        .await
        .expect("submit_passage retry");
    assert_eq!(retry, receipt, "a retry returns the first receipt");
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a retry writes nothing"
    );

    let undone = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await
        .expect("undo");
    assert_eq!(undone, receipt, "undo reverts the passage");
    assert_eq!(
        learner_data(store, &a).await,
        before,
        "undo reverts every review of the passage"
    );
    let retried = store
        .submit_passage(&a, &row.id, Some(&k), |ctx, states| {
            recite(ctx, states, Some(&k), &node, &marks, 30_000, at(3))
        })
        .await;
    assert!(
        is_rejected(
            &retried,
            &SessionError::AnswerUndone {
                key: "p-1".to_owned()
            }
        ),
        "a retry of an undone passage is refused: {retried:?}"
    );
}

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

/// A session keeps the settings it started with: a change afterwards is
/// the learner's, not the session's.
pub async fn session_settings<S: UserStore>(store: &S) {
    let a = learner();
    let started = Settings {
        desired_retention: 0.85,
        day_start_hour: 3,
        ..Settings::default()
    };
    store
        .save_settings(&a, &started)
        .await
        .expect("save_settings");
    let row = start_session(store, &a, "settings-1", 1, GOAL, START).await;
    let changed = Settings {
        desired_retention: 0.95,
        day_start_hour: 6,
        ..Settings::default()
    };
    store
        .save_settings(&a, &changed)
        .await
        .expect("save_settings");
    assert_eq!(
        store.settings(&a).await.expect("settings"),
        changed,
        "the learner's settings changed"
    );
    let view = store.session_view(&a, &row.id).await.expect("session_view");
    assert_eq!(
        view.settings, started,
        "the session keeps the settings it started with"
    );
    let node = current_node(store, &a, &row.id).await;
    store
        .submit(&a, &row.id, None, |ctx| {
            assert_eq!(
                ctx.settings, started,
                "a submit decides with the session's settings"
            );
            answer(ctx, None, &node, 3, 2_000, at(1))
        })
        .await
        .expect("submit");
    store
        .complete(&a, &row.id, at(2), |ctx| {
            assert_eq!(
                ctx.settings, started,
                "the summary uses the session's settings"
            );
            summary_of(ctx, at(2))
        })
        .await
        .expect("complete");
    let next = start_session(store, &a, "settings-2", 2, GOAL, at(3)).await;
    assert_eq!(
        store
            .session_view(&a, &next.id)
            .await
            .expect("session_view")
            .settings,
        changed,
        "the next session starts with the changed settings"
    );
}

/// Settings: defaults until saved, `save_settings`, `update_settings`
/// (the change sees the current ones; a refusal writes nothing).
pub async fn settings<S: UserStore>(store: &S) {
    let a = learner();
    assert_eq!(
        store.settings(&a).await.expect("settings"),
        Settings::default(),
        "defaults until saved"
    );
    let saved = Settings {
        session_size: 30,
        ..Settings::default()
    };
    store
        .save_settings(&a, &saved)
        .await
        .expect("save_settings");
    assert_eq!(
        store.settings(&a).await.expect("settings"),
        saved,
        "saved settings read back"
    );
    let updated = store
        .update_settings(&a, |current| {
            assert_eq!(current, saved, "the change sees the current settings");
            let mut next = current;
            next.set("new_verses_per_day", "3").map(|()| next)
        })
        .await
        .expect("update_settings")
        .expect("a valid change");
    assert_eq!(updated.new_verses_per_day, 3, "the change is applied");
    assert_eq!(
        store.settings(&a).await.expect("settings"),
        updated,
        "the change is saved"
    );
    let refused = store
        .update_settings(&a, |current| {
            let next = Settings {
                desired_retention: 2.0,
                ..current
            };
            next.validate().map(|()| next)
        })
        .await
        .expect("update_settings");
    assert!(
        matches!(refused, Err(SettingsError::DesiredRetention(_))),
        "the refusal is handed back: {refused:?}"
    );
    assert_eq!(
        store.settings(&a).await.expect("settings"),
        updated,
        "a refusal writes nothing"
    );
}

/// The statistics' inputs: `memory_states`, `review_records` oldest first,
/// `review_count`, `new_verses_introduced` since a time; an undone answer
/// no longer counts.
pub async fn statistics<S: UserStore>(store: &S) {
    let a = learner();
    assert!(
        store
            .memory_states(&a)
            .await
            .expect("memory_states")
            .is_empty(),
        "no states yet"
    );
    assert!(
        store
            .review_records(&a)
            .await
            .expect("review_records")
            .is_empty(),
        "no reviews yet"
    );
    assert_eq!(
        store.review_count(&a).await.expect("review_count"),
        0,
        "no reviews yet"
    );
    assert_eq!(
        store
            .new_verses_introduced(&a, START)
            .await
            .expect("new_verses_introduced"),
        0,
        "no verse introduced yet"
    );
    let row = start_session(store, &a, "stats-1", 1, GOAL, START).await;
    let mut answered = Vec::new();
    for minute in 1..=3 {
        let (_, node) = answer_current(store, &a, &row.id, 3, None, at(minute)).await;
        answered.push(node.parse::<ItemKey>().expect("a node"));
    }
    let memorization: Vec<i64> = (1..=3)
        .zip(&answered)
        .filter(|(_, item)| item.skill() == iqrah_core::item::Skill::Memorization)
        .map(|(minute, _)| minute)
        .collect();
    assert!(
        memorization.len() >= 2,
        "the plan introduces verses first: {answered:?}"
    );
    let records = store.review_records(&a).await.expect("review_records");
    assert_eq!(
        records
            .iter()
            .map(|r| (r.item, r.reviewed_at))
            .collect::<Vec<_>>(),
        answered
            .iter()
            .zip(1..)
            .map(|(item, m)| (*item, at(m)))
            .collect::<Vec<_>>(),
        "review_records lists every answer, oldest first"
    );
    assert_eq!(
        store.review_count(&a).await.expect("review_count"),
        3,
        "review_count counts them"
    );
    let states = store.memory_states(&a).await.expect("memory_states");
    assert_eq!(
        states
            .keys()
            .copied()
            .collect::<std::collections::HashSet<_>>(),
        answered.iter().copied().collect(),
        "memory_states has every answered item"
    );
    for since in 0..=4 {
        let expected = memorization.iter().filter(|m| **m >= since).count();
        assert_eq!(
            store
                .new_verses_introduced(&a, at(since))
                .await
                .expect("new_verses_introduced"),
            u32::try_from(expected).expect("few"),
            "verses introduced at or after minute {since}"
        );
    }
    let b = other_learner();
    assert_eq!(
        store
            .new_verses_introduced(&b, START)
            .await
            .expect("new_verses_introduced"),
        0,
        "another learner introduced nothing"
    );

    // Undo the last two answers: they no longer count anywhere.
    for _ in 0..2 {
        store
            .undo(&a, &row.id, |ctx| {
                decide_undo(ctx.session.status, ctx.rule_items())
            })
            .await
            .expect("undo");
    }
    assert_eq!(
        store.review_count(&a).await.expect("review_count"),
        1,
        "undone answers are not counted"
    );
    assert_eq!(
        store.review_records(&a).await.expect("review_records"),
        records[..1].to_vec(),
        "undone answers leave the log"
    );
    let kept = memorization.iter().filter(|m| **m < 2).count();
    assert_eq!(
        store
            .new_verses_introduced(&a, START)
            .await
            .expect("new_verses_introduced"),
        u32::try_from(kept).expect("few"),
        "an undone first answer no longer introduces its verse"
    );
    let states = store.memory_states(&a).await.expect("memory_states");
    assert!(
        !states.contains_key(&answered[1]) && !states.contains_key(&answered[2]),
        "the undone first reviews leave no state: {states:?}"
    );
}

/// A fit as the optimizer records it.
fn fit(at: Timestamp, nudge: f32) -> FitRecord {
    FitRecord {
        fitted_at: at,
        parameters: DEFAULT_PARAMETERS.iter().map(|w| w * nudge).collect(),
        default: Evaluation {
            log_loss: 0.412_345_67,
            rmse_bins: 0.0712,
        },
        fitted: Evaluation {
            log_loss: 1.0 / 3.0,
            rmse_bins: f32::MIN_POSITIVE,
        },
        reviews: 2_345,
        training_reviews: 1_234,
    }
}

/// The learner's FSRS parameters: `record_fit` is a compare-and-set
/// (`false` and nothing written on a stale read), a kept fit reads back
/// exactly, a fit not kept only moves the check, `reset_parameters`
/// deletes them; a value that is not finite is refused.
pub async fn learner_parameters<S: UserStore>(store: &S) {
    let a = learner();
    assert_eq!(
        store
            .learner_parameters(&a)
            .await
            .expect("learner_parameters"),
        None,
        "none before a fit"
    );
    assert!(
        store
            .record_fit(&a, None, at(10), 500, None)
            .await
            .expect("record_fit"),
        "a fit on a fresh read is recorded"
    );
    let checked = LearnerParameters {
        in_use: None,
        checked_at: at(10),
        checked_reviews: 500,
    };
    assert_eq!(
        store
            .learner_parameters(&a)
            .await
            .expect("learner_parameters"),
        Some(checked.clone()),
        "a fit not kept records the check only"
    );
    let first = fit(at(20), 1.01);
    assert!(
        !store
            .record_fit(&a, None, at(20), 2_345, Some(&first))
            .await
            .expect("record_fit"),
        "a fit on a stale read is not recorded"
    );
    assert_eq!(
        store
            .learner_parameters(&a)
            .await
            .expect("learner_parameters"),
        Some(checked.clone()),
        "a stale fit writes nothing"
    );
    assert!(
        store
            .record_fit(&a, Some(&checked), at(20), 2_345, Some(&first))
            .await
            .expect("record_fit"),
        "a fit on the current read is recorded"
    );
    let kept = LearnerParameters {
        in_use: Some(first.clone()),
        checked_at: at(20),
        checked_reviews: 2_345,
    };
    assert_eq!(
        store
            .learner_parameters(&a)
            .await
            .expect("learner_parameters"),
        Some(kept.clone()),
        "a kept fit reads back exactly"
    );
    assert!(
        store
            .record_fit(&a, Some(&kept), at(30), 2_800, None)
            .await
            .expect("record_fit"),
        "a later fit not kept is recorded"
    );
    let later = LearnerParameters {
        in_use: Some(first),
        checked_at: at(30),
        checked_reviews: 2_800,
    };
    assert_eq!(
        store
            .learner_parameters(&a)
            .await
            .expect("learner_parameters"),
        Some(later.clone()),
        "a fit not kept leaves the parameters in use"
    );
    let mut broken = fit(at(35), 1.0);
    broken.fitted.log_loss = f32::NAN;
    let refused = store
        .record_fit(&a, Some(&later), at(35), 2_900, Some(&broken))
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotFinite(_))),
        "a NaN is refused: {refused:?}"
    );
    store
        .reset_parameters(&a, at(40), 3_000)
        .await
        .expect("reset_parameters");
    let reset = LearnerParameters {
        in_use: None,
        checked_at: at(40),
        checked_reviews: 3_000,
    };
    assert_eq!(
        store
            .learner_parameters(&a)
            .await
            .expect("learner_parameters"),
        Some(reset.clone()),
        "a reset deletes the parameters and records the check"
    );
    assert!(
        !store
            .record_fit(&a, Some(&later), at(50), 3_100, Some(&fit(at(50), 0.99)))
            .await
            .expect("record_fit"),
        "a fit read before the reset is not recorded"
    );
    assert_eq!(
        store
            .learner_parameters(&a)
            .await
            .expect("learner_parameters"),
        Some(reset),
        "the reset stays"
    );
    assert_eq!(
        store
            .learner_parameters(&other_learner())
            .await
            .expect("learner_parameters"),
        None,
        "another learner's parameters are untouched"
    );
}

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
