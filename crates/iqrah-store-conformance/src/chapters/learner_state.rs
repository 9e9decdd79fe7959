//! The learner's own data: the settings a session keeps, settings, the
//! statistics' inputs, FSRS parameters.

use iqrah_core::fitting::{DEFAULT_PARAMETERS, Evaluation};
use iqrah_core::item::ItemKey;
use iqrah_core::session::decide_undo;
use iqrah_core::settings::{Settings, SettingsError, Theme};
use iqrah_core::time::Timestamp;
use iqrah_store::{FitRecord, LearnerParameters, StoreError, UserStore};

use crate::practice::{START, answer, at, current_node};

use super::{GOAL, answer_current, learner, other_learner, start_session, summary_of};

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
        theme: Theme::Dark,
        reading_size: 150,
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
        (updated.theme, updated.reading_size),
        (Theme::Dark, 150),
        "the theme and the reading size round-trip"
    );
    let appearance = store
        .update_settings(&a, |current| {
            let mut next = current;
            next.set("theme", "light")
                .and_then(|()| next.set("reading_size", "200"))
                .map(|()| next)
        })
        .await
        .expect("update_settings")
        .expect("a valid change");
    assert_eq!(
        store.settings(&a).await.expect("settings"),
        appearance,
        "a changed theme and reading size are saved"
    );
    assert_eq!(
        (appearance.theme, appearance.reading_size),
        (Theme::Light, 200)
    );
    let updated = appearance;
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
    let refused = store
        .update_settings(&a, |current| {
            let next = Settings {
                reading_size: 300,
                theme: Theme::Dark,
                ..current
            };
            next.validate().map(|()| next)
        })
        .await
        .expect("update_settings");
    assert_eq!(refused, Err(SettingsError::ReadingSize(300)));
    assert_eq!(
        store.settings(&a).await.expect("settings"),
        updated,
        "a refused reading size writes nothing, not even the theme beside it"
    );
}

/// The statistics' inputs: `memory_states`, `review_records` oldest first,
/// `review_count`, `items_introduced` since a time; an undone answer
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
            .items_introduced(&a, START)
            .await
            .expect("items_introduced"),
        Vec::new(),
        "no verse introduced yet"
    );
    let row = start_session(store, &a, "stats-1", 1, GOAL, START).await;
    let mut answered = Vec::new();
    for minute in 1..=3 {
        let (_, node) = answer_current(store, &a, &row.id, 3, None, at(minute)).await;
        answered.push(node.parse::<ItemKey>().expect("a node"));
    }
    // Each answer is its item's first (a new session of new verses).
    let first_answers: Vec<(i64, ItemKey)> = (1..=3).zip(answered.iter().copied()).collect();
    // The items answered at or after a minute, of every skill, sorted.
    let introduced_since = |since: i64| {
        let mut items: Vec<ItemKey> = first_answers
            .iter()
            .filter(|(m, _)| *m >= since)
            .map(|(_, item)| *item)
            .collect();
        items.sort_unstable();
        items
    };
    assert!(
        answered
            .iter()
            .filter(|item| item.skill() == iqrah_core::item::Skill::Memorization)
            .count()
            >= 2,
        "the plan introduces verses first: {answered:?}"
    );
    assert!(
        answered
            .iter()
            .any(|item| item.skill() != iqrah_core::item::Skill::Memorization),
        "and another skill beside them: {answered:?}"
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
        assert_eq!(
            store
                .items_introduced(&a, at(since))
                .await
                .expect("items_introduced"),
            introduced_since(since),
            "items introduced at or after minute {since}"
        );
    }
    let b = other_learner();
    assert_eq!(
        store
            .items_introduced(&b, START)
            .await
            .expect("items_introduced"),
        Vec::new(),
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
    let kept: Vec<ItemKey> = first_answers
        .iter()
        .filter(|(m, _)| *m < 2)
        .map(|(_, item)| *item)
        .collect();
    assert_eq!(
        store
            .items_introduced(&a, START)
            .await
            .expect("items_introduced"),
        kept,
        "an undone first answer no longer introduces its item"
    );
    let states = store.memory_states(&a).await.expect("memory_states");
    assert!(
        !states.contains_key(&answered[1]) && !states.contains_key(&answered[2]),
        "the undone first reviews leave no state: {states:?}"
    );
}

/// A fit as the optimizer records it.
pub(super) fn fit(at: Timestamp, nudge: f32) -> FitRecord {
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
