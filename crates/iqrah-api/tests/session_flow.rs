//! The session flow against the real database file: the original design's
//! integration test (start, answer, restart, resume, complete, summary), the
//! state transitions and every refused input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{T0, data_dir, open_at};
use iqrah_api::{Answer, ApiError, SessionItemDto};
use iqrah_store::UserStore;

const MINUTE: i64 = 60_000;

fn local() -> iqrah_api::UserId {
    iqrah_api::UserId::local()
}

/// Answers the current item with `grade` after `duration_ms`, returning it.
async fn answer(
    iqrah: &iqrah_api::Iqrah,
    session: &str,
    grade: u8,
    duration_ms: u64,
) -> SessionItemDto {
    let item = iqrah
        .get_next_session_item(&common::LOCAL, session.to_owned())
        .await
        .unwrap()
        .expect("an item is pending");
    let receipt = iqrah
        .submit_session_item(
            &common::LOCAL,
            session.to_owned(),
            item.node_id.clone(),
            grade,
            duration_ms,
        )
        .await
        .unwrap()
        .receipt;
    assert_eq!(receipt, item.item_id.to_string());
    item
}

#[tokio::test]
async fn the_design_flow_survives_a_restart_and_summarizes_exactly() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), "surah:112".to_owned())
        .await
        .unwrap();
    assert_eq!(
        (
            session.status.as_str(),
            session.goal_id.as_str(),
            session.items_completed
        ),
        ("active", "surah:112", 0)
    );
    assert!(
        session.items_count >= 4,
        "a fully new surah introduces its verses: {session:?}"
    );
    let planned = session.items_count;

    let first = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        first.node_id, "112:1/memorization",
        "a fully new goal starts at its first verse"
    );
    assert_eq!(first.index, 1);
    assert_eq!(
        iqrah
            .get_next_session_item(&common::LOCAL, session.id.clone())
            .await
            .unwrap()
            .unwrap(),
        first,
        "same payload twice"
    );
    answer(&iqrah, &session.id, 3, 8_000).await;
    let second = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.index, 2);

    // Restart: drop every handle, reopen from disk ten minutes later.
    iqrah.close().await;
    drop(iqrah);
    let iqrah = open_at(dir.path(), 10 * MINUTE).await;
    let active = iqrah
        .get_active_session(&local())
        .await
        .unwrap()
        .expect("the session is still active");
    assert_eq!(
        (active.id.as_str(), active.items_completed),
        (session.id.as_str(), 1)
    );
    let resumed = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        resumed, second,
        "resumes at the same item with the same exercise"
    );

    // Answer the rest: an Again first (it comes back), then Good and Easy.
    let failed = answer(&iqrah, &session.id, 1, 20_000).await;
    let mut durations = vec![8_000u64, 20_000];
    let mut grades = vec![3u8, 1];
    let mut relearned = 0;
    while let Some(item) = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
    {
        let grade = if grades.len() % 2 == 0 { 3 } else { 4 };
        relearned += u32::from(item.relearning);
        if item.relearning {
            assert_eq!(item.node_id, failed.node_id);
        }
        answer(&iqrah, &session.id, grade, 5_000).await;
        durations.push(5_000);
        grades.push(grade);
    }
    assert_eq!(relearned, 1, "the Again came back once");

    let summary = iqrah
        .complete_session(&common::LOCAL, session.id.clone())
        .await
        .unwrap();
    let s = &summary.summary;
    assert_eq!(summary.session.status, iqrah_api::SessionStatus::Completed);
    assert_eq!(summary.session.completed_at, Some(T0 + 10 * MINUTE));
    assert_eq!(s.items_planned as i64, planned);
    assert_eq!(s.relearning_added, 1);
    assert_eq!(s.items_completed as usize, grades.len());
    assert_eq!(s.items_skipped, 0);
    assert_eq!(s.active_ms, durations.iter().sum::<u64>());
    assert_eq!(s.wall_ms, 10 * MINUTE as u64);
    let count = |g: u8| grades.iter().filter(|&&x| x == g).count() as u32;
    assert_eq!(s.grades, [count(1), count(2), count(3), count(4)]);
    assert_eq!(s.new_verses, 4, "surah 112 has four verses, all introduced");
    assert_eq!((s.reviews, s.relearned), (0, 1));
    assert_eq!(
        (
            s.learner.goal_before.new,
            s.learner.goal_before.learning,
            s.learner.goal_before.known
        ),
        (4, 0, 0)
    );
    assert_eq!(
        (
            s.learner.goal_after.new,
            s.learner.goal_after.learning,
            s.learner.goal_after.known
        ),
        (0, 4, 0)
    );
    assert_eq!(s.learner.streak_days, 1);
    assert!(s.learner.next_due.is_some_and(|d| d.millis() > T0));
    assert!(
        s.learner.due_tomorrow >= 1,
        "the failed verse is due again soon"
    );
    let per_type: u32 = s.per_type.iter().map(|t| t.answered).sum();
    assert_eq!(per_type, s.items_completed);

    // Completing again returns the same summary; the session takes no more answers.
    assert_eq!(
        iqrah
            .complete_session(&common::LOCAL, session.id.clone())
            .await
            .unwrap(),
        summary
    );
    assert!(iqrah.get_active_session(&local()).await.unwrap().is_none());
    let error = iqrah
        .submit_session_item(
            &common::LOCAL,
            session.id.clone(),
            "112:1/memorization".into(),
            3,
            1000,
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), "session_not_active");
}

#[tokio::test]
async fn a_retried_submit_records_nothing_twice() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), "juz:30".to_owned())
        .await
        .unwrap();
    let item = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    let submit = || {
        iqrah.submit_session_item(
            &common::LOCAL,
            session.id.clone(),
            item.node_id.clone(),
            3,
            4_000,
        )
    };
    let receipt = submit().await.unwrap();
    assert_eq!(
        submit().await.unwrap(),
        receipt,
        "the retry gets the same receipt"
    );
    assert_eq!(
        iqrah
            .get_session(&common::LOCAL, session.id.clone())
            .await
            .unwrap()
            .items_completed,
        1
    );
    let pool = common::pool(&iqrah).await;
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM review_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn undo_restores_the_memory_state_exactly() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), "surah:1".to_owned())
        .await
        .unwrap();
    let store = &common::store(&iqrah).await;
    answer(&iqrah, &session.id, 3, 3_000).await;
    let before = store.memory_states(&common::LOCAL).await.unwrap();
    let item = answer(&iqrah, &session.id, 1, 3_000).await;
    let after_again = iqrah
        .get_session(&common::LOCAL, session.id.clone())
        .await
        .unwrap();
    assert_eq!(
        after_again.items_count,
        session.items_count + 1,
        "the Again added a relearning copy"
    );

    let current = iqrah
        .undo_last_answer(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (current.node_id.as_str(), current.item_id),
        (item.node_id.as_str(), item.item_id)
    );
    assert_eq!(
        store.memory_states(&common::LOCAL).await.unwrap(),
        before,
        "memory restored from the review log"
    );
    let undone = iqrah
        .get_session(&common::LOCAL, session.id.clone())
        .await
        .unwrap();
    assert_eq!(
        (undone.items_count, undone.items_completed),
        (session.items_count, 1)
    );

    iqrah
        .undo_last_answer(&common::LOCAL, session.id.clone())
        .await
        .unwrap();
    assert!(
        store
            .memory_states(&common::LOCAL)
            .await
            .unwrap()
            .is_empty(),
        "undoing a first review removes the state"
    );
    let error = iqrah
        .undo_last_answer(&common::LOCAL, session.id.clone())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "nothing_to_undo");
}

#[tokio::test]
async fn checking_answers_records_correctness_without_advancing() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), "surah:114".to_owned())
        .await
        .unwrap();
    let item = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    // A text for an exercise that takes a choice is the client's error: refused.
    let refused = iqrah
        .check_answer(
            &common::LOCAL,
            session.id.clone(),
            item.node_id.clone(),
            Answer::Text {
                text: "garbage ∑ text".into(),
            },
            2_000,
        )
        .await;
    if item.exercise.exercise_type().as_str() != "type_verse" {
        assert_eq!(refused.unwrap_err().code(), "invalid_answer");
    }
    assert_eq!(
        iqrah
            .get_next_session_item(&common::LOCAL, session.id.clone())
            .await
            .unwrap()
            .unwrap(),
        item,
        "a check does not advance"
    );
    let wrong_node = iqrah
        .check_answer(
            &common::LOCAL,
            session.id.clone(),
            "1:1/memorization".into(),
            Answer::Choice { index: 0 },
            1,
        )
        .await;
    assert_eq!(wrong_node.unwrap_err().code(), "not_current_item");
}

#[tokio::test]
async fn bad_input_gets_typed_errors_and_changes_nothing() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&local(), "surah:112".to_owned())
        .await
        .unwrap();
    let item = iqrah
        .get_next_session_item(&common::LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    let id = session.id.clone();

    let code = |r: Result<iqrah_api::SubmitResultDto, ApiError>| r.unwrap_err().code();
    assert_eq!(
        code(
            iqrah
                .submit_session_item(
                    &common::LOCAL,
                    "no-such-session".into(),
                    item.node_id.clone(),
                    3,
                    1
                )
                .await
        ),
        "unknown_session"
    );
    for grade in [0, 5, 255] {
        assert_eq!(
            code(
                iqrah
                    .submit_session_item(&common::LOCAL, id.clone(), item.node_id.clone(), grade, 1)
                    .await
            ),
            "invalid_grade"
        );
    }
    assert_eq!(
        code(
            iqrah
                .submit_session_item(
                    &common::LOCAL,
                    id.clone(),
                    "112:2/memorization".into(),
                    3,
                    1
                )
                .await
        ),
        "not_current_item"
    );
    assert_eq!(
        code(
            iqrah
                .submit_session_item(&common::LOCAL, id.clone(), "x".repeat(10_000), 3, 1)
                .await
        ),
        "not_current_item"
    );
    assert_eq!(
        code(
            iqrah
                .submit_session_item(
                    &common::LOCAL,
                    id.clone(),
                    item.node_id.clone(),
                    3,
                    3_600_001
                )
                .await
        ),
        "invalid_duration"
    );
    assert_eq!(
        code(
            iqrah
                .submit_session_item(
                    &common::LOCAL,
                    id.clone(),
                    item.node_id.clone(),
                    3,
                    u64::MAX
                )
                .await
        ),
        "invalid_duration"
    );
    assert_eq!(
        iqrah
            .undo_last_answer(&common::LOCAL, id.clone())
            .await
            .unwrap_err()
            .code(),
        "nothing_to_undo"
    );
    assert_eq!(
        iqrah
            .get_next_session_item(&common::LOCAL, "nope".into())
            .await
            .unwrap_err()
            .code(),
        "unknown_session"
    );
    assert_eq!(
        iqrah
            .complete_session(&common::LOCAL, "nope".into())
            .await
            .unwrap_err()
            .code(),
        "unknown_session"
    );
    for goal in [
        "surah:0",
        "surah:115",
        "juz:31",
        "range:2:300-2:1",
        "range:2:5-1:1",
        "surah:",
        "",
    ] {
        assert_eq!(
            iqrah
                .start_session(&local(), goal.into())
                .await
                .unwrap_err()
                .code(),
            "invalid_goal",
            "{goal:?}"
        );
    }
    assert_eq!(
        iqrah
            .start_session(&local(), "z".repeat(10_240))
            .await
            .unwrap_err()
            .code(),
        "invalid_goal"
    );
    for user in ["", "has space", &"u".repeat(65)] {
        assert_eq!(
            iqrah
                .start_session(&iqrah_api::UserId::new(user), "surah:1".into())
                .await
                .unwrap_err()
                .code(),
            "invalid_user"
        );
    }
    assert_eq!(
        iqrah
            .start_session(&local(), "review".into())
            .await
            .unwrap_err()
            .code(),
        "nothing_to_practise"
    );

    // Nothing changed: the same item waits, nothing was answered.
    let now = iqrah.get_session(&common::LOCAL, id.clone()).await.unwrap();
    assert_eq!(
        (now.items_completed, now.items_count),
        (0, session.items_count)
    );
    assert_eq!(
        iqrah
            .get_next_session_item(&common::LOCAL, id.clone())
            .await
            .unwrap()
            .unwrap(),
        item
    );
    assert!(
        common::store(&iqrah)
            .await
            .memory_states(&common::LOCAL)
            .await
            .unwrap()
            .is_empty()
    );

    // A closed session refuses everything that would change it.
    iqrah
        .abandon_session(&common::LOCAL, id.clone())
        .await
        .unwrap();
    assert_eq!(
        code(
            iqrah
                .submit_session_item(&common::LOCAL, id.clone(), item.node_id.clone(), 3, 1)
                .await
        ),
        "session_not_active"
    );
    assert_eq!(
        iqrah
            .undo_last_answer(&common::LOCAL, id.clone())
            .await
            .unwrap_err()
            .code(),
        "session_not_active"
    );
    assert_eq!(
        iqrah
            .abandon_session(&common::LOCAL, id.clone())
            .await
            .unwrap_err()
            .code(),
        "session_not_active"
    );
    assert_eq!(
        iqrah
            .complete_session(&common::LOCAL, id.clone())
            .await
            .unwrap_err()
            .code(),
        "session_not_active"
    );
    let check = iqrah
        .check_answer(
            &common::LOCAL,
            id.clone(),
            item.node_id.clone(),
            Answer::Choice { index: 0 },
            1,
        )
        .await;
    assert_eq!(check.unwrap_err().code(), "session_not_active");
}

#[tokio::test]
async fn one_active_session_per_goal_and_other_goals_are_kept() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let first = iqrah
        .start_session(&local(), "surah:112".into())
        .await
        .unwrap();
    assert_eq!(
        iqrah
            .start_session(&local(), "surah:112".into())
            .await
            .unwrap()
            .id,
        first.id
    );
    let later = open_at(dir.path(), MINUTE).await;
    let other = later
        .start_session(&local(), "juz:30".into())
        .await
        .unwrap();
    assert_ne!(other.id, first.id);
    assert_eq!(
        later
            .get_session(&common::LOCAL, first.id.clone())
            .await
            .unwrap()
            .status,
        iqrah_api::SessionStatus::Active,
        "nothing is lost"
    );
    assert_eq!(
        later
            .get_active_session(&local())
            .await
            .unwrap()
            .unwrap()
            .id,
        other.id,
        "the latest active"
    );
    let listed = later.list_sessions(&local(), 10).await.unwrap();
    assert_eq!(
        listed.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        [other.id.as_str(), first.id.as_str()]
    );
    assert!(
        later
            .list_sessions(&iqrah_api::UserId::new("someone-else"), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn foreign_and_newer_user_databases_are_refused() {
    let dir = data_dir();
    std::fs::write(
        dir.path().join("user.sqlite3"),
        b"this is not a database at all, just text".repeat(200),
    )
    .unwrap();
    let iqrah = open_at(dir.path(), 0).await;
    assert_eq!(
        iqrah
            .start_session(&local(), "surah:1".into())
            .await
            .unwrap_err()
            .code(),
        "user_db_not_ours"
    );

    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    iqrah
        .start_session(&local(), "surah:1".into())
        .await
        .unwrap();
    let pool = common::pool(&iqrah).await;
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (999, 'future', 1, x'00', 0)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let reopened = open_at(dir.path(), 0).await;
    assert_eq!(
        reopened
            .get_active_session(&local())
            .await
            .unwrap_err()
            .code(),
        "user_db_too_new"
    );

    let dir = data_dir();
    let other = dir.path().join("user.sqlite3");
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&other)
            .create_if_missing(true),
    )
    .await
    .unwrap();
    sqlx::query("CREATE TABLE notes (body TEXT)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let iqrah = open_at(dir.path(), 0).await;
    assert_eq!(
        iqrah
            .start_session(&local(), "surah:1".into())
            .await
            .unwrap_err()
            .code(),
        "user_db_not_ours"
    );
}

#[tokio::test]
async fn kept_memory_states_follow_this_and_other_processes_writes() {
    let dir = data_dir();
    let a = open_at(dir.path(), 0).await;
    let b = open_at(dir.path(), MINUTE).await; // a second "process": its own connections and cache
    let fresh_states = || async {
        let c = open_at(dir.path(), 0).await;
        let states = common::store(&c)
            .await
            .memory_states(&common::LOCAL)
            .await
            .unwrap();
        c.close().await;
        states
    };
    let store_a = &common::store(&a).await;
    let session = a.start_session(&local(), "surah:1".into()).await.unwrap();
    // A keeps the states from here on, and updates them with its own writes.
    for grade in [3, 1, 4] {
        answer(&a, &session.id, grade, 2_000).await;
        assert_eq!(
            store_a.memory_states(&common::LOCAL).await.unwrap(),
            fresh_states().await
        );
    }
    a.undo_last_answer(&common::LOCAL, session.id.clone())
        .await
        .unwrap();
    assert_eq!(
        store_a.memory_states(&common::LOCAL).await.unwrap(),
        fresh_states().await,
        "after an undo"
    );
    // B answers the same session: A must see B's change, not its kept copy.
    let item = answer(&b, &session.id, 2, 3_000).await;
    let seen_by_a = store_a.memory_states(&common::LOCAL).await.unwrap();
    assert_eq!(
        seen_by_a,
        fresh_states().await,
        "another process's submit is seen"
    );
    let key: iqrah_core::item::ItemKey = item.node_id.parse().unwrap();
    assert_eq!(seen_by_a[&key].last_review.millis(), common::T0 + MINUTE);
}
