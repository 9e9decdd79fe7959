//! What the chapters do with a store, as the API does it: sessions planned
//! by the core on the real text, and every decision a closure made of the
//! core's decision functions.

use std::collections::HashMap;

use iqrah_core::goal::Goal;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Scheduler};
use iqrah_core::passage::{PassageMark, decide_passage_submit, generate_passage, prompt_verses};
use iqrah_core::planner::{PlanRequest, Reason, item_seed, plan};
use iqrah_core::progress::verse_progress;
use iqrah_core::session::{
    IdempotencyKey, PassageWrite, Reciting, SessionError, SubmitWrite, decide_keyed_submit,
    decide_submit, relearning_exercise,
};
use iqrah_core::settings::Settings;
use iqrah_core::stats::ReviewRecord;
use iqrah_core::time::Timestamp;
use iqrah_quran::{VerseKey, VerseRange};
use iqrah_store::{
    LearnerParameters, NewItem, NewSession, SessionContext, SessionId, SessionRow, StoredItem,
    UserId, UserStore,
};

use crate::content;

/// When the story starts (2026-01-10 12:00 UTC); every time is an argument.
pub(crate) const START: Timestamp = Timestamp(1_768_046_400_000);

/// `minutes` after [`START`].
pub(crate) fn at(minutes: i64) -> Timestamp {
    Timestamp(START.millis() + minutes * 60_000)
}

/// A verse key from its text.
pub(crate) fn verse(text: &str) -> VerseKey {
    text.parse().expect("a verse key")
}

/// An idempotency key from its text.
pub(crate) fn key(text: &str) -> IdempotencyKey {
    IdempotencyKey::new(text).expect("a valid idempotency key")
}

/// A session for `goal` as the core plans it at `now` for a learner with
/// `states` and `settings`, with passages offered.
pub(crate) fn planned(
    id: &str,
    seed: u64,
    goal: &str,
    settings: &Settings,
    states: &HashMap<ItemKey, MemoryState>,
    now: Timestamp,
) -> NewSession {
    let goal: Goal = goal.parse().expect("a goal");
    let scheduler = Scheduler::for_learner(&[], settings);
    let request = PlanRequest {
        passages: true,
        ..PlanRequest::default()
    };
    let items = plan(
        &goal,
        states,
        settings,
        now,
        seed,
        &scheduler,
        request,
        &content::context(),
    )
    .expect("the core plans the goal");
    assert!(!items.is_empty(), "the core plans items for {goal}");
    NewSession {
        id: SessionId::new(id),
        seed: i64::try_from(seed).expect("a small seed"),
        goal_before: verse_progress(
            goal.verses(states),
            states,
            &scheduler,
            now,
            settings.desired_retention,
        ),
        settings: settings.clone(),
        parameters: Vec::new(),
        items: items
            .into_iter()
            .map(|p| NewItem {
                item: p.item,
                reason: p.reason,
                exercise: p.exercise,
            })
            .collect(),
    }
}

/// A session whose first item is the passage 78:1–3 to recite (the core's
/// passage exercise), followed by the memorization of 78:4 to 78:6.
pub(crate) fn passage_session(id: &str) -> NewSession {
    let ctx = content::context();
    let range = VerseRange::new(verse("78:1"), verse("78:3")).expect("a range");
    let mut items = vec![NewItem {
        item: ItemKey::memorization(range.start()),
        reason: Reason::Review,
        exercise: generate_passage(range, &ctx).expect("the passage exercise"),
    }];
    for text in ["78:4", "78:5", "78:6"] {
        let item = ItemKey::memorization(verse(text));
        items.push(NewItem {
            item,
            reason: Reason::Review,
            exercise: iqrah_core::exercise::generate(item, &ctx, item_seed(3, item))
                .expect("an exercise"),
        });
    }
    NewSession {
        id: SessionId::new(id),
        seed: 3,
        goal_before: Default::default(),
        settings: Settings::default(),
        parameters: Vec::new(),
        items,
    }
}

/// What a submit of `grade` for `node` after `duration_ms` writes at
/// `now`, decided as the API decides it (with or without `key`).
pub(crate) fn answer(
    ctx: &SessionContext,
    key: Option<&IdempotencyKey>,
    node: &str,
    grade: u8,
    duration_ms: u64,
    now: Timestamp,
) -> Result<SubmitWrite, SessionError> {
    let status = ctx.session.status;
    let decision = match key {
        Some(key) => decide_keyed_submit(
            status,
            ctx.rule_items(),
            key,
            ctx.keyed_answer.as_ref(),
            node,
            grade,
            duration_ms,
        ),
        None => decide_submit(status, ctx.rule_items(), node, grade, duration_ms),
    }?;
    let scheduler = ctx.scheduler();
    Ok(decision.into_write(
        ctx.answering(&scheduler, now, duration_ms),
        |item, place| {
            relearning_exercise(&content::context(), ctx.session.seed as u64, item, place)
        },
    ))
}

/// What a recitation of the current passage `node` with `marks` writes at
/// `now`, decided as the API decides it.
pub(crate) fn recite(
    ctx: &SessionContext,
    states: &HashMap<ItemKey, MemoryState>,
    key: Option<&IdempotencyKey>,
    node: &str,
    marks: &[PassageMark],
    duration_ms: u64,
    now: Timestamp,
) -> Result<PassageWrite, SessionError> {
    let verses = ctx
        .current
        .as_ref()
        .and_then(|c| prompt_verses(&c.exercise.prompt));
    let decision = decide_passage_submit(
        ctx.session.status,
        ctx.rule_items(),
        key.map(|k| (k, ctx.keyed_answer.as_ref())),
        node,
        verses,
        marks,
        duration_ms,
    )?;
    let scheduler = ctx.scheduler();
    let reciting = Reciting {
        states,
        scheduler: &scheduler,
        desired_retention: ctx.settings.desired_retention,
        now,
        duration_ms,
    };
    Ok(
        decision.into_write(reciting, marks.to_vec(), |item, place| {
            relearning_exercise(&content::context(), ctx.session.seed as u64, item, place)
        }),
    )
}

/// Everything the contract lets one read of a learner: what "nothing
/// changed" is compared on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LearnerData {
    /// The settings.
    pub(crate) settings: Settings,
    /// The memory states.
    pub(crate) states: HashMap<ItemKey, MemoryState>,
    /// The review log.
    pub(crate) reviews: Vec<ReviewRecord>,
    /// Its length, as `review_count` says.
    pub(crate) review_count: u64,
    /// The FSRS parameters.
    pub(crate) parameters: Option<LearnerParameters>,
    /// The active session.
    pub(crate) active: Option<SessionRow>,
    /// Every session, newest first, each with its items.
    pub(crate) sessions: Vec<(SessionRow, Vec<StoredItem>)>,
}

/// Reads everything of `user`.
pub(crate) async fn learner_data<S: UserStore>(store: &S, user: &UserId) -> LearnerData {
    let mut sessions = Vec::new();
    for row in store.sessions(user, 1000).await.expect("sessions") {
        let items = store
            .session_items(user, &row.id)
            .await
            .expect("session_items");
        sessions.push((row, items));
    }
    LearnerData {
        settings: store.settings(user).await.expect("settings"),
        states: store.memory_states(user).await.expect("memory_states"),
        reviews: store.review_records(user).await.expect("review_records"),
        review_count: store.review_count(user).await.expect("review_count"),
        parameters: store
            .learner_parameters(user)
            .await
            .expect("learner_parameters"),
        active: store.active_session(user).await.expect("active_session"),
        sessions,
    }
}

/// The current item's node id (`112:1/memorization`) of the session.
pub(crate) async fn current_node<S: UserStore>(
    store: &S,
    user: &UserId,
    session: &SessionId,
) -> String {
    store
        .current_item(user, session)
        .await
        .expect("current_item")
        .expect("a current item")
        .item
        .item
        .to_string()
}
