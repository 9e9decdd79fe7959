//! The daily cap of new verses, "done for today" and practice-ahead on request.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use iqrah_api::{ApiError, SessionOptions};

use common::{data_dir, open_at};

const DAY: i64 = 86_400_000;

#[tokio::test]
async fn the_daily_cap_ends_the_day_and_practice_ahead_goes_on() {
    let dir = data_dir();
    let local = || iqrah_api::UserId::local();
    let iqrah = open_at(dir.path(), 0).await;
    let mut settings = iqrah.settings(&local()).await.unwrap();
    settings.new_verses_per_day = 3;
    iqrah.save_settings(&local(), settings).await.unwrap();

    let session = iqrah
        .start_session(&local(), "surah:112".into())
        .await
        .unwrap();
    while let Some(item) = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
    {
        iqrah
            .submit_session_item(&common::LOCAL, session.id.clone(), item.node_id, 3, 2_000)
            .await
            .unwrap();
    }
    iqrah
        .complete_session(&common::LOCAL, session.id.clone())
        .await
        .unwrap();

    // Three verses introduced: the fourth waits for tomorrow.
    let error = iqrah
        .start_session(&local(), "surah:112".into())
        .await
        .expect_err("done for today");
    assert_eq!(error.code(), "done_for_today");
    assert!(error.to_string().starts_with("Done for today: "), "{error}");
    let ApiError::DoneForToday { next_due_at, .. } = error else {
        unreachable!()
    };
    assert!(next_due_at.is_some());

    let bad = SessionOptions {
        practice_ahead: true,
        minutes: Some(0),
    };
    let error = iqrah
        .start_session_with(&local(), "surah:112".into(), bad)
        .await
        .expect_err("0 minutes");
    assert_eq!(error.code(), "invalid_minutes");

    let ahead = SessionOptions {
        practice_ahead: true,
        minutes: None,
    };
    let (ahead_session, created) = iqrah
        .start_session_with(&local(), "surah:112".into(), ahead)
        .await
        .unwrap();
    assert!(created && ahead_session.items_count > 0);
    iqrah
        .complete_session(&common::LOCAL, ahead_session.id)
        .await
        .unwrap();
    drop(iqrah);

    // The next learner day introduces again.
    let tomorrow = open_at(dir.path(), DAY).await;
    let next = tomorrow
        .start_session(&local(), "surah:112".into())
        .await
        .unwrap();
    assert!(next.items_count > 0);
}

/// Answers every item of a new session for `goal` with Good (a passage
/// recited without a mark) and completes it; the node ids answered.
async fn practise(iqrah: &iqrah_api::Iqrah, goal: &str) -> Result<Vec<String>, ApiError> {
    let session = iqrah.start_session(&common::LOCAL, goal.into()).await?;
    let mut answered = Vec::new();
    while let Some(item) = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await?
    {
        let exercise = serde_json::to_value(&item.exercise).unwrap();
        if exercise["type"] == "recite_passage" {
            iqrah
                .submit_passage(
                    &common::LOCAL,
                    session.id.clone(),
                    item.node_id.clone(),
                    Vec::new(),
                    20_000,
                    None,
                )
                .await?;
        } else {
            iqrah
                .submit_session_item(
                    &common::LOCAL,
                    session.id.clone(),
                    item.node_id.clone(),
                    3,
                    2_000,
                )
                .await?;
        }
        answered.push(item.node_id);
    }
    iqrah
        .complete_session(&common::LOCAL, session.id.clone())
        .await?;
    Ok(answered)
}

/// Verses started on mushaf page `page`.
async fn started_on(iqrah: &iqrah_api::Iqrah, page: u16) -> u32 {
    let stats = iqrah
        .stats(&common::LOCAL, Some(format!("page:{page}")))
        .await
        .unwrap();
    stats.verses.learning + stats.verses.known
}

#[tokio::test]
async fn a_page_a_day_finishes_todays_page_over_sessions_and_begins_the_next_tomorrow() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let mut settings = iqrah.settings(&common::LOCAL).await.unwrap();
    settings.new_pages_per_day = 1;
    settings.new_verses_per_session = 3;
    settings.new_verses_per_day = 1; // counted only when pages are not
    iqrah.save_settings(&common::LOCAL, settings).await.unwrap();

    // Page 1 (1:1-1:7) over three sessions of at most 3 new verses.
    for expected in [3, 6, 7] {
        practise(&iqrah, "page:1-2").await.unwrap();
        assert_eq!(started_on(&iqrah, 1).await, expected);
        assert_eq!(started_on(&iqrah, 2).await, 0, "page 2 waits");
    }
    let error = practise(&iqrah, "page:1-2").await.expect_err("done");
    assert_eq!(error.code(), "done_for_today", "{error}");
    drop(iqrah);

    // The next learner day begins page 2.
    let tomorrow = open_at(dir.path(), DAY).await;
    practise(&tomorrow, "page:1-2").await.unwrap();
    assert_eq!(started_on(&tomorrow, 2).await, 3);
}

#[tokio::test]
async fn a_learner_who_skips_meaning_is_done_when_only_meaning_is_due() {
    let dir = data_dir();
    let local = common::local;
    let iqrah = open_at(dir.path(), 0).await;
    let answered = practise(&iqrah, "surah:112").await.unwrap();
    assert!(
        answered.iter().any(|id| id.ends_with("/meaning")),
        "{answered:?}"
    );

    // Thirty days on everything of surah 112 is due, meaning too.
    let later = open_at(dir.path(), 30 * DAY).await;
    let due_with_meaning = later.overview(&local()).await.unwrap().due_now;
    let mut settings = later.settings(&local()).await.unwrap();
    settings.practise_meaning = false;
    later
        .save_settings(&local(), settings.clone())
        .await
        .unwrap();
    let due_without = later.overview(&local()).await.unwrap().due_now;
    assert_eq!(
        due_with_meaning - due_without,
        4,
        "{due_with_meaning} {due_without}"
    );
    let reviewed = practise(&later, "surah:112").await.unwrap();
    assert!(!reviewed.is_empty());
    assert!(
        reviewed.iter().all(|id| !id.ends_with("/meaning")),
        "{reviewed:?}"
    );
    // Only the meaning is left due: done for today, and it is not
    // counted as due or as coming due.
    assert_eq!(later.overview(&local()).await.unwrap().due_now, 0);
    let error = practise(&later, "surah:112").await.expect_err("done");
    let ApiError::DoneForToday { next_due_at, .. } = error else {
        panic!("{error:?}")
    };
    assert!(next_due_at.is_some_and(|at| at.millis() > common::T0 + 30 * DAY));

    // Turned on again, the meaning comes back, kept as it was: reviews.
    settings.practise_meaning = true;
    later.save_settings(&local(), settings).await.unwrap();
    let meaning = practise(&later, "surah:112").await.unwrap();
    assert_eq!(meaning.len(), 4, "{meaning:?}");
    assert!(
        meaning.iter().all(|id| id.ends_with("/meaning")),
        "{meaning:?}"
    );
}

/// The meanings answered in `answered` (node ids).
fn meanings(answered: &[String]) -> usize {
    answered
        .iter()
        .filter(|node| node.ends_with("/meaning"))
        .count()
}

#[tokio::test]
async fn the_meanings_caught_up_on_count_against_the_day_over_its_sessions() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    // Surah 78 known by heart: its recitation and links placed, never
    // its meaning, so nothing is left to introduce but the meaning.
    iqrah
        .place(
            &common::LOCAL,
            vec![iqrah_api::PlacementMarkDto::new("surah:78", "solid")],
        )
        .await
        .unwrap();
    let mut settings = iqrah.settings(&common::LOCAL).await.unwrap();
    settings.new_verses_per_session = 2;
    settings.new_verses_per_day = 3;
    iqrah.save_settings(&common::LOCAL, settings).await.unwrap();

    // Two a session, three a day.
    assert_eq!(meanings(&practise(&iqrah, "surah:78").await.unwrap()), 2);
    assert_eq!(meanings(&practise(&iqrah, "surah:78").await.unwrap()), 1);
    match practise(&iqrah, "surah:78").await {
        Ok(answered) => assert_eq!(meanings(&answered), 0, "{answered:?}"),
        Err(error) => assert_eq!(error.code(), "done_for_today", "{error}"),
    }
    drop(iqrah);

    // The next learner day catches up again.
    let tomorrow = open_at(dir.path(), DAY).await;
    assert_eq!(meanings(&practise(&tomorrow, "surah:78").await.unwrap()), 2);
}
