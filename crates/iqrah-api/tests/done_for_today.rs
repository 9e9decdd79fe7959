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
