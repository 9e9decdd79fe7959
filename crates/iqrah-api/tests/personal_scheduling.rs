//! FSRS fitted to the learner through the API: a review log made by
//! practising real sessions day after day, fitted on request and
//! automatically, kept across a reopening, used from the next session (not
//! the running one), reset; a log too short is a typed error; and the
//! learner's day (its start hour) is the day FSRS counts.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// The test answers more than a day's work: it asks for practice-ahead.
const AHEAD: iqrah_api::SessionOptions = iqrah_api::SessionOptions {
    practice_ahead: true,
    minutes: None,
};

use iqrah_api::{ApiError, Clock, Config, Iqrah, MIN_REVIEWS_TO_FIT, Timestamp};
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::settings::Settings;
use iqrah_store::UserStore;

use common::{T0, data_dir};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// Days of [`practise_days`] whose recitations alone reach
/// `MIN_REVIEWS_TO_FIT` training reviews (only recitations train FSRS).
const DAYS_TO_FIT: i64 = 26;

fn local() -> iqrah_api::UserId {
    iqrah_api::UserId::local()
}

/// Iqrah on `dir` at `T0 + offset_ms`, fitting automatically or not.
async fn open(dir: &Path, offset_ms: i64, automatic_fitting: bool) -> Iqrah {
    let mut config = Config::new(dir);
    config.clock = Clock::Fixed(Timestamp::from_millis(T0 + offset_ms));
    config.automatic_fitting = automatic_fitting;
    Iqrah::open(config).await.unwrap()
}

/// Practises juz 30 once a day for `days` days (60 items a session, 10 new
/// verses) as a learner whose recall halves every two days since an item
/// was last seen (Again when not recalled, Good otherwise). The defaults
/// expect 90 % recall at each due date, so a fit to this log predicts it
/// better. Returns the answers given.
async fn practise_days(dir: &Path, days: i64, automatic_fitting: bool) -> usize {
    let mut last_seen: HashMap<String, i64> = HashMap::new();
    let mut answers = 0;
    for day in 0..days {
        let iqrah = open(dir, day * DAY, automatic_fitting).await;
        if day == 0 {
            iqrah
                .update_setting(&local(), "session_size".into(), "60".into())
                .await
                .unwrap();
            iqrah
                .update_setting(&local(), "new_verses_per_session".into(), "10".into())
                .await
                .unwrap();
        }
        let session = iqrah
            .start_session(&local(), "juz:30".into())
            .await
            .unwrap();
        while let Some(item) = iqrah
            .get_next_session_item(&common::LOCAL, session.id.clone())
            .await
            .unwrap()
        {
            // Recall halves every two days since the item was last seen:
            // far faster forgetting than FSRS's defaults expect.
            let grade = match last_seen.get(&item.node_id) {
                Some(&seen) if unit(answers) >= 0.5f64.powf((day - seen) as f64 / 2.0) => 1,
                _ => 3,
            };
            iqrah
                .submit_session_item(
                    &common::LOCAL,
                    session.id.clone(),
                    item.node_id.clone(),
                    grade,
                    4_000 + (answers % 1_000) as u64,
                )
                .await
                .unwrap();
            last_seen.insert(item.node_id, day);
            answers += 1;
        }
        iqrah
            .complete_session(&common::LOCAL, session.id)
            .await
            .unwrap();
    }
    answers
}

/// The learner's memory state of `node`.
async fn state_of(iqrah: &Iqrah, node: &str) -> MemoryState {
    let item: ItemKey = node.parse().unwrap();
    common::store(iqrah)
        .await
        .memory_states(&common::LOCAL)
        .await
        .unwrap()[&item]
}

/// Answers the session's current item, which must be new, Good; returns
/// the item's node and its state.
async fn first_new_item_good(iqrah: &Iqrah, session_id: &str) -> (String, MemoryState) {
    let item = iqrah
        .get_next_session_item(&common::LOCAL, session_id.to_owned())
        .await
        .unwrap()
        .expect("an item");
    assert_eq!(item.reason, iqrah_api::Reason::New, "{item:?}");
    iqrah
        .submit_session_item(
            &common::LOCAL,
            session_id.to_owned(),
            item.node_id.clone(),
            3,
            6_000,
        )
        .await
        .unwrap();
    let state = state_of(iqrah, &item.node_id).await;
    (item.node_id, state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fit_is_kept_used_from_the_next_session_survives_reopening_and_resets() {
    let dir = data_dir();
    let answers = practise_days(dir.path(), DAYS_TO_FIT, false).await;
    assert!(answers >= 800, "{answers}");

    let day = DAYS_TO_FIT * DAY;
    let iqrah = open(dir.path(), day, false).await;
    let before = iqrah.scheduling_parameters(&local()).await.unwrap();
    assert_eq!(before.source, "default");
    assert_eq!(
        before.parameters,
        iqrah_core::fitting::DEFAULT_PARAMETERS.to_vec()
    );
    assert_eq!(before.reviews, answers as u64);
    assert_eq!(before.fit, None);
    // A session started now keeps the defaults, whatever a fit does meanwhile.
    let running = iqrah
        .start_session(&local(), "surah:2".into())
        .await
        .unwrap();

    let report = iqrah.optimize(&local()).await.unwrap();
    assert_eq!(report.reviews, answers as u64);
    assert!(
        report.training_reviews >= MIN_REVIEWS_TO_FIT as u64,
        "{report:?}"
    );
    assert!(
        report.fitted.log_loss < report.default.log_loss,
        "{report:?}"
    );
    assert!(report.kept);
    assert_eq!(report.parameters.len(), 21);
    let shown = iqrah.scheduling_parameters(&local()).await.unwrap();
    assert_eq!(shown.source, "fitted");
    assert_eq!(shown.parameters, report.parameters);
    let fit = shown.fit.clone().expect("the fit in use");
    assert_eq!(
        (fit.fitted_at, fit.default, fit.fitted, fit.reviews),
        (
            report.fitted_at,
            report.default,
            report.fitted,
            report.reviews
        )
    );
    assert_eq!(shown.next_automatic_fit_at, answers as u64 + 400);

    // The running session still schedules with the defaults…
    let day_start = Settings::default().day_start_offset_ms();
    let (_, state) = first_new_item_good(&iqrah, &running.id).await;
    let at = Timestamp::from_millis(T0 + day);
    let default_first =
        Scheduler::new()
            .with_day_start(day_start)
            .review(None, Rating::Good, at, 0.9);
    assert_eq!(state.stability, default_first.stability);
    assert_eq!(state.due, default_first.due);
    iqrah
        .complete_session(&common::LOCAL, running.id)
        .await
        .unwrap();

    // …the next one, after a reopening, with the fitted parameters.
    drop(iqrah);
    let iqrah = open(dir.path(), day + HOUR, false).await;
    let reopened = iqrah.scheduling_parameters(&local()).await.unwrap();
    assert_eq!(
        (reopened.source, reopened.parameters, reopened.fit),
        (
            shown.source.clone(),
            shown.parameters.clone(),
            shown.fit.clone()
        )
    );
    let next = iqrah
        .start_session(&local(), "surah:3".into())
        .await
        .unwrap();
    let (_, state) = first_new_item_good(&iqrah, &next.id).await;
    let at = Timestamp::from_millis(T0 + day + HOUR);
    let fitted = Scheduler::with_parameters(&report.parameters)
        .unwrap()
        .with_day_start(day_start);
    let expected = fitted.review(None, Rating::Good, at, 0.9);
    assert_eq!(
        (state.stability, state.due),
        (expected.stability, expected.due)
    );
    assert_ne!(state.stability, default_first.stability);
    iqrah
        .complete_session(&common::LOCAL, next.id)
        .await
        .unwrap();

    // Reset: the defaults again from the next session, and counted as a check.
    let reset = iqrah.reset_parameters(&local()).await.unwrap();
    assert_eq!(reset.source, "default");
    assert_eq!(reset.fit, None);
    assert_eq!(reset.last_checked_at, Some(at));
    let after_reset = iqrah
        .start_session(&local(), "surah:4".into())
        .await
        .unwrap();
    let (_, state) = first_new_item_good(&iqrah, &after_reset.id).await;
    assert_eq!(
        state.stability,
        Scheduler::new()
            .review(None, Rating::Good, at, 0.9)
            .stability
    );
}

#[tokio::test]
async fn too_short_a_log_is_not_enough_reviews_and_changes_nothing() {
    let dir = data_dir();
    let iqrah = open(dir.path(), 0, false).await;
    let session = iqrah
        .start_session(&local(), "surah:112".into())
        .await
        .unwrap();
    first_new_item_good(&iqrah, &session.id).await;
    match iqrah.optimize(&local()).await {
        Err(error @ ApiError::NotEnoughReviews { have: 0, need }) => {
            assert_eq!(need, MIN_REVIEWS_TO_FIT);
            assert_eq!(error.code(), "not_enough_reviews");
        }
        other => panic!("{other:?}"),
    }
    let shown = iqrah.scheduling_parameters(&local()).await.unwrap();
    assert_eq!(
        (shown.source.as_str(), shown.last_checked_at),
        ("default", None)
    );
    assert_eq!(shown.reviews, 1);
    assert_eq!(
        iqrah
            .optimize(&iqrah_api::UserId::new("not a user"))
            .await
            .unwrap_err()
            .code(),
        "invalid_user"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completing_sessions_fits_automatically_once_enough_reviews_accumulated() {
    let dir = data_dir();
    let answers = practise_days(dir.path(), 16, true).await;
    let iqrah = open(dir.path(), 16 * DAY, false).await;
    // The fit runs in the background after a completion: wait for it.
    let mut shown = iqrah.scheduling_parameters(&local()).await.unwrap();
    for _ in 0..600 {
        if shown.last_checked_at.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        shown = iqrah.scheduling_parameters(&local()).await.unwrap();
    }
    let checked_at = shown.last_checked_at.expect("an automatic fit ran");
    assert!(checked_at.millis() <= T0 + 15 * DAY, "{shown:?}");
    assert!(shown.next_automatic_fit_at > MIN_REVIEWS_TO_FIT as u64);
    assert!(shown.next_automatic_fit_at <= answers as u64 + 400);
}

#[tokio::test]
async fn elapsed_days_are_the_learners_days() {
    // The learner's day starts at 04:00 UTC.
    let dir = data_dir();
    let iqrah = open(dir.path(), 0, false).await;
    iqrah
        .update_setting(&local(), "day_start_hour".into(), "4".into())
        .await
        .unwrap();
    let offset = 4 * HOUR;
    let scheduler = Scheduler::new().with_day_start(offset);
    // T0 is 06:00 UTC. Three reviews of one item: at 06:00, at 05:59 the
    // next morning (23.99 h later: the next learner day), and at 03:30 the
    // morning after (21.5 h later, before 04:00: the same learner day).
    let steps = [0, 23 * HOUR + 59 * 60_000 + 24_000, 45 * HOUR + 30 * 60_000];
    let mut node = None;
    let mut previous: Option<MemoryState> = None;
    for (n, at) in steps.into_iter().enumerate() {
        let iqrah = open(dir.path(), at, false).await;
        let session = iqrah
            .start_session_with(&local(), "range:112:1-112:1".into(), AHEAD)
            .await
            .unwrap()
            .0;
        // Good to every item; the one followed is the first one seen.
        let mut seen = false;
        while let Some(item) = iqrah
            .get_next_session_item(&common::LOCAL, session.id.clone())
            .await
            .unwrap()
        {
            iqrah
                .submit_session_item(
                    &common::LOCAL,
                    session.id.clone(),
                    item.node_id.clone(),
                    3,
                    5_000,
                )
                .await
                .unwrap();
            seen |= *node.get_or_insert_with(|| item.node_id.clone()) == item.node_id;
        }
        let node = node.as_deref().unwrap();
        assert!(seen, "review {n}: {node} not in the session");
        iqrah
            .complete_session(&common::LOCAL, session.id)
            .await
            .unwrap();
        let state = state_of(&iqrah, node).await;
        let now = Timestamp::from_millis(T0 + at);
        let expected = scheduler.review(previous.as_ref(), Rating::Good, now, 0.9);
        assert_eq!(
            (state.stability, state.due),
            (expected.stability, expected.due),
            "review {n}"
        );
        if let Some(before) = previous {
            let days = scheduler.elapsed_days(before.last_review, now);
            assert_eq!(days, [0, 1, 0][n], "review {n}");
            if n == 1 {
                assert!(state.stability > before.stability * 1.5, "{state:?}");
            }
            if n == 2 {
                // Midnight-UTC days would call this a next-day review.
                assert_eq!(Scheduler::new().elapsed_days(before.last_review, now), 1);
                assert!(state.stability <= before.stability + 1e-6, "{state:?}");
            }
        }
        previous = Some(state);
    }
}

/// Completing a session sums it up with the settings and parameters it
/// started with: a day start changed and a fit kept while it ran change
/// neither its streak nor its items due by the end of tomorrow.
#[tokio::test]
async fn a_session_is_summed_up_with_the_settings_and_parameters_it_started_with() {
    let dir = data_dir();
    // Day start 04:00 UTC (the default). A session at T0 (2026-11-24
    // 06:00 UTC, learner day of the 24th), the next 44 hours later (the
    // 26th 02:00 UTC, learner day of the 25th): two days in a row.
    let first = open(dir.path(), 0, false).await;
    let session = first
        .start_session(&local(), "juz:30".into())
        .await
        .unwrap();
    first_new_item_good(&first, &session.id).await;
    first
        .complete_session(&common::LOCAL, session.id)
        .await
        .unwrap();

    let later = 44 * HOUR;
    let iqrah = open(dir.path(), later, false).await;
    let session = iqrah
        .start_session(&local(), "juz:30".into())
        .await
        .unwrap();
    first_new_item_good(&iqrah, &session.id).await;
    // Mid-session: the day starts at midnight (the second session now on
    // the 26th, after a day without practice), the desired retention
    // changes and a fit is kept.
    iqrah
        .update_setting(&local(), "day_start_hour".into(), "0".into())
        .await
        .unwrap();
    iqrah
        .update_setting(&local(), "desired_retention".into(), "0.8".into())
        .await
        .unwrap();
    let store = &common::store(&iqrah).await;
    let read = store.learner_parameters(&common::LOCAL).await.unwrap();
    let mut parameters = iqrah_core::fitting::DEFAULT_PARAMETERS.to_vec();
    for w in &mut parameters[..4] {
        *w *= 0.25;
    }
    assert!(Scheduler::with_parameters(&parameters).is_ok());
    let record = iqrah_api::FitRecord {
        fitted_at: Timestamp::from_millis(T0 + later),
        parameters,
        default: iqrah_api::Evaluation {
            log_loss: 0.4,
            rmse_bins: 0.07,
        },
        fitted: iqrah_api::Evaluation {
            log_loss: 0.3,
            rmse_bins: 0.03,
        },
        reviews: 2,
        training_reviews: 1,
    };
    assert!(
        store
            .record_fit(
                &common::LOCAL,
                read.as_ref(),
                record.fitted_at,
                2,
                Some(&record)
            )
            .await
            .unwrap()
    );

    let done = iqrah
        .complete_session(&common::LOCAL, session.id)
        .await
        .unwrap();
    assert_eq!(done.summary.learner.streak_days, 2, "{:?}", done.summary);
    // The end of tomorrow of the session's learner day (the 25th, days
    // starting 04:00 UTC): the 27th 04:00 UTC.
    let today = (T0 + later - 4 * HOUR).div_euclid(DAY);
    let end_of_tomorrow = Timestamp::from_millis((today + 2) * DAY + 4 * HOUR);
    let due_tomorrow = store
        .memory_states(&common::LOCAL)
        .await
        .unwrap()
        .values()
        .filter(|state| state.due < end_of_tomorrow)
        .count();
    assert_eq!(done.summary.learner.due_tomorrow as usize, due_tomorrow);
}

/// A fixed pseudo-random number in [0, 1) for the `n`th answer (SplitMix64),
/// so the simulated learner's log is the same on every run.
fn unit(n: usize) -> f64 {
    let mut z = (n as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}
