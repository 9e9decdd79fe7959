//! The whole session flow through the bridge functions, each one run the way
//! flutter_rust_bridge's generated glue runs it: spawned on the bridge's own
//! async runtime (which also proves each future is `Send + 'static`), with
//! the results read from the plain structs Dart would receive. Then a bad
//! input for every function, whose error must start with its stable code.
//!
//! `init_app` holds one app per process, so the flow is one test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::future::Future;

use flutter_rust_bridge::{BaseAsyncRuntime, SimpleAsyncRuntime};
use iqrah_bridge::api::{
    abandon_session, check_answer, complete_session, find_goals, get_active_session,
    get_next_session_item, get_session, get_settings, get_statistics, init_app, list_sessions,
    optimize, reset_parameters, reveal_words, scheduling_parameters, show_answer, similar_verses,
    skip_session_item, start_session, submit_session_item, submit_session_item_once,
    undo_last_answer, update_settings,
};

/// Runs `task` as the generated glue does: spawned on flutter_rust_bridge's runtime.
fn call<F>(runtime: &SimpleAsyncRuntime, task: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    runtime.0.block_on(runtime.spawn(task)).unwrap()
}

/// Asserts that `result` failed with `code`, in the message Dart shows (`{:?}`) and in its text.
#[track_caller]
fn assert_code<T: std::fmt::Debug>(result: anyhow::Result<T>, code: &str) {
    let error = result.expect_err(code);
    let prefix = format!("{code}: ");
    assert!(
        format!("{error:?}").starts_with(&prefix),
        "expected {code}, got {error:?}"
    );
    assert!(
        error.to_string().starts_with(&prefix),
        "expected {code}, got {error}"
    );
}

/// An answer to the exercise in `exercise_json`, in the bridge's JSON.
fn answer_for(exercise_json: &str) -> String {
    let exercise: serde_json::Value = serde_json::from_str(exercise_json).unwrap();
    match exercise["type"].as_str().expect("the exercise has a type") {
        "recall" | "study" => r#"{"kind":"self_grade","rating":3}"#.to_owned(),
        "type_verse" => r#"{"kind":"text","text":"قل هو الله أحد"}"#.to_owned(),
        "put_in_order" => {
            let n = exercise["verses"].as_array().map_or(0, Vec::len);
            serde_json::json!({ "kind": "order", "order": (0..n).collect::<Vec<_>>() }).to_string()
        }
        _ => r#"{"kind":"choice","index":0}"#.to_owned(),
    }
}

#[test]
fn the_session_flow_through_the_bridge() {
    let runtime = SimpleAsyncRuntime::default();
    let local = || "local".to_owned();

    // A data directory with the content imported, as an app ships it.
    let dir = iqrah_content::test_support::data_dir();
    let data_dir = dir.path().to_str().unwrap().to_owned();

    // Before init_app nothing works; then init_app is idempotent for its directory only.
    assert_code(
        call(&runtime, start_session(local(), "surah:112".into())),
        "not_initialized",
    );
    call(&runtime, init_app(data_dir.clone())).unwrap();
    call(&runtime, init_app(data_dir.clone())).unwrap();
    let other = tempfile::tempdir().unwrap();
    assert_code(
        call(
            &runtime,
            init_app(other.path().to_str().unwrap().to_owned()),
        ),
        "already_initialized",
    );

    // Start, and find it again.
    let session = call(&runtime, start_session(local(), "surah:112".into())).unwrap();
    assert_eq!(
        (
            session.status.as_str(),
            session.goal_id.as_str(),
            session.items_completed
        ),
        ("active", "surah:112", 0)
    );
    assert_eq!(
        call(&runtime, start_session(local(), "surah:112".into())).unwrap(),
        session,
        "the same session again"
    );
    assert_eq!(
        call(&runtime, get_active_session(local())).unwrap(),
        Some(session.clone())
    );
    let id = || session.id.clone();

    // Next, check with a JSON answer, submit, undo, submit again.
    let first = call(&runtime, get_next_session_item(id()))
        .unwrap()
        .expect("an item");
    assert_eq!(
        (first.index, first.items_count, first.relearning),
        (1, session.items_count, false)
    );
    assert_eq!(
        call(&runtime, get_next_session_item(id())).unwrap(),
        Some(first.clone()),
        "the same payload"
    );
    let checked = call(
        &runtime,
        check_answer(
            id(),
            first.node_id.clone(),
            answer_for(&first.exercise_json),
            4_000,
        ),
    );
    let checked = checked.unwrap();
    assert!((1..=4).contains(&checked.suggested_grade));
    assert_eq!(checked.verse.words.join(" "), checked.verse.text);
    assert!(
        first
            .node_id
            .starts_with(&format!("{}/", checked.verse.reference))
    );
    assert!(
        checked
            .marked
            .iter()
            .all(|&p| (p as usize) < checked.verse.words.len())
    );
    assert_eq!(
        first.grades.iter().map(|g| g.rating).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(first.grades[0].label, "tomorrow");
    assert!(!checked.expected.is_empty());
    if let Some(diff) = &checked.diff_json {
        serde_json::from_str::<serde_json::Value>(diff).unwrap();
    }
    let submitted = call(
        &runtime,
        submit_session_item(id(), first.node_id.clone(), 3, 4_000),
    )
    .unwrap();
    assert_eq!(submitted.receipt, first.item_id.to_string());
    let waiting = call(&runtime, get_next_session_item(id())).unwrap();
    assert!(waiting.is_some());
    assert_eq!(
        submitted.next, waiting,
        "a submit answers the item that now waits"
    );
    let again = call(
        &runtime,
        submit_session_item(id(), first.node_id.clone(), 3, 4_000),
    )
    .unwrap();
    assert_eq!(
        again, submitted,
        "a retried submit gets the same receipt and item"
    );
    assert_eq!(
        call(&runtime, get_session(id())).unwrap().items_completed,
        1
    );
    let undone = call(&runtime, undo_last_answer(id())).unwrap();
    assert_eq!(
        undone,
        Some(first.clone()),
        "undo makes the item current again"
    );
    assert_eq!(
        call(&runtime, get_session(id())).unwrap().items_completed,
        0
    );
    // With the app's idempotency key: a retry is recorded once; after an
    // undo, the undone answer's retry is refused.
    let keyed =
        || submit_session_item_once(id(), first.node_id.clone(), 3, 4_000, "bridge-key-1".into());
    let keyed_result = call(&runtime, keyed()).unwrap();
    assert_eq!(keyed_result.receipt, first.item_id.to_string());
    assert_eq!(keyed_result.next, waiting);
    assert_eq!(call(&runtime, keyed()).unwrap(), keyed_result);
    assert_eq!(
        call(&runtime, get_session(id())).unwrap().items_completed,
        1
    );
    call(&runtime, undo_last_answer(id())).unwrap();
    assert_code(call(&runtime, keyed()), "answer_undone");
    assert_code(
        call(
            &runtime,
            submit_session_item_once(id(), first.node_id.clone(), 3, 4_000, "no spaces".into()),
        ),
        "invalid_idempotency_key",
    );

    // Skip once, then the item comes back last and a second skip is refused.
    let skipped = call(&runtime, get_next_session_item(id()))
        .unwrap()
        .unwrap();
    let next = call(&runtime, skip_session_item(id(), skipped.node_id.clone()))
        .unwrap()
        .unwrap();
    assert_ne!(next.item_id, skipped.item_id);
    assert_code(
        call(&runtime, skip_session_item(id(), skipped.node_id.clone())),
        "not_current_item",
    );
    // Show answer: an Again recorded once, the verse whole.
    let shown = call(
        &runtime,
        show_answer(
            id(),
            next.node_id.clone(),
            3_000,
            Some("bridge-show".into()),
        ),
    )
    .unwrap();
    assert_eq!(shown.receipt, next.item_id.to_string());
    assert!(
        next.node_id
            .starts_with(&format!("{}/", shown.verse.reference))
    );
    let retried = call(
        &runtime,
        show_answer(
            id(),
            next.node_id.clone(),
            3_000,
            Some("bridge-show".into()),
        ),
    )
    .unwrap();
    assert_eq!(retried.receipt, shown.receipt);
    assert_eq!(
        call(&runtime, get_session(id())).unwrap().items_completed,
        1
    );

    let mut answered = 1;
    let mut skipped_came_back = false;
    // Each submit's next item is the one answered next, until `None`.
    let mut waiting = call(&runtime, get_next_session_item(id())).unwrap();
    while let Some(item) = waiting {
        if item.item_id == skipped.item_id {
            skipped_came_back = true;
            assert_code(
                call(&runtime, skip_session_item(id(), item.node_id.clone())),
                "already_skipped",
            );
        }
        let grade = 3;
        let submitted = call(
            &runtime,
            submit_session_item(id(), item.node_id.clone(), grade, 5_000),
        )
        .unwrap();
        assert_eq!(submitted.receipt, item.item_id.to_string());
        answered += 1;
        waiting = submitted.next;
    }
    assert_eq!(call(&runtime, get_next_session_item(id())).unwrap(), None);

    // Complete: the summary as JSON, the same the second time.
    assert!(skipped_came_back);
    let summary = call(&runtime, complete_session(id())).unwrap();
    assert_eq!(summary.session.status, "completed");
    assert_eq!(summary.goal_name, "Al-Ikhlas");
    assert_eq!(
        summary.missed.iter().map(|m| m.rating).collect::<Vec<_>>(),
        [1]
    );
    assert_eq!(summary.session.items_completed, answered);
    let figures: serde_json::Value = serde_json::from_str(&summary.summary_json).unwrap();
    assert_eq!(figures["items_completed"], answered);
    assert_eq!(figures["relearning_added"], 1, "the Again came back once");
    assert_eq!(figures["items_skipped"], 0);
    assert_eq!(call(&runtime, complete_session(id())).unwrap(), summary);
    assert_eq!(call(&runtime, get_active_session(local())).unwrap(), None);

    // Another session, abandoned; both listed, newest first.
    let second = call(&runtime, start_session(local(), "juz:30".into())).unwrap();
    let abandoned = call(&runtime, abandon_session(second.id.clone())).unwrap();
    assert_eq!(
        (abandoned.id.as_str(), abandoned.status.as_str()),
        (second.id.as_str(), "abandoned")
    );
    let listed = call(&runtime, list_sessions(local(), 10)).unwrap();
    let listed: Vec<(&str, &str)> = listed
        .iter()
        .map(|s| (s.id.as_str(), s.status.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (second.id.as_str(), "abandoned"),
            (session.id.as_str(), "completed")
        ]
    );

    // Personal scheduling: the defaults until a fit is kept; a log of a
    // few answers is not enough to fit, and reset keeps the defaults.
    let parameters = call(&runtime, scheduling_parameters(local())).unwrap();
    assert_eq!(parameters.source, "default");
    assert_eq!(parameters.parameters.len(), 21);
    assert_eq!(parameters.fitted_at, None);
    assert!(parameters.reviews >= answered as u64, "{parameters:?}");
    assert_code(call(&runtime, optimize(local())), "not_enough_reviews");
    let reset = call(&runtime, reset_parameters(local())).unwrap();
    assert_eq!(reset.source, "default");
    assert!(reset.last_checked_at.is_some());
    assert_code(call(&runtime, optimize("no!".into())), "invalid_user");
    assert_code(
        call(&runtime, scheduling_parameters(String::new())),
        "invalid_user",
    );
    assert_code(
        call(&runtime, reset_parameters("x".repeat(65))),
        "invalid_user",
    );

    // Statistics and settings, as the web API's JSON.
    let stats: serde_json::Value =
        serde_json::from_str(&call(&runtime, get_statistics(local(), None)).unwrap()).unwrap();
    assert_eq!(stats["total_answers"], parameters.reviews);
    let of_goal: serde_json::Value = serde_json::from_str(
        &call(&runtime, get_statistics(local(), Some("surah:112".into()))).unwrap(),
    )
    .unwrap();
    assert_eq!(of_goal["goal"], "surah:112");
    assert_code(
        call(&runtime, get_statistics(local(), Some("surah:115".into()))),
        "invalid_goal",
    );
    let found = call(&runtime, find_goals("الإخلاص".into())).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        (
            found[0].kind.as_str(),
            found[0].goal_id.as_str(),
            found[0].title.as_str()
        ),
        ("surah", "surah:112", "Al-Ikhlas")
    );
    let found = call(&runtime, find_goals("page 42".into())).unwrap();
    assert_eq!(found[0].goal_id, "page:42");
    assert_eq!(found[0].name_arabic, None);
    assert_code(
        call(&runtime, find_goals("x".repeat(101))),
        "invalid_search",
    );
    let similar = call(&runtime, similar_verses("2:5".into())).unwrap();
    assert_eq!(
        (
            similar.look_alikes[0].key.as_str(),
            similar.look_alikes[0].likeness.as_str()
        ),
        ("31:5", "identical")
    );
    assert_code(
        call(&runtime, similar_verses("2:287".into())),
        "invalid_reference",
    );
    let settings: serde_json::Value =
        serde_json::from_str(&call(&runtime, get_settings(local())).unwrap()).unwrap();
    assert_eq!(settings["new_verses_per_day"], 10);
    let changed: serde_json::Value = serde_json::from_str(
        &call(
            &runtime,
            update_settings(local(), r#"{"desired_retention":0.85}"#.into()),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(changed["desired_retention"], 0.85);
    assert_eq!(changed["session_size"], settings["session_size"]);
    for refused in [r#"{"desired_retention":2}"#, r#"{"colour":"red"}"#, "{"] {
        assert_code(
            call(&runtime, update_settings(local(), refused.into())),
            "invalid_setting",
        );
    }
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&call(&runtime, get_settings(local())).unwrap())
            .unwrap(),
        changed,
        "a refused change changes nothing"
    );
    assert_code(call(&runtime, get_settings("no!".into())), "invalid_user");
    assert_code(
        call(&runtime, reveal_words(id(), first.node_id.clone(), 1)),
        "session_not_active",
    );

    // A bad input for every function: a typed error with its stable code.
    let unknown = || "00000000-0000-0000-0000-000000000000".to_owned();
    assert_code(
        call(&runtime, start_session(local(), "juz:31".into())),
        "invalid_goal",
    );
    assert_code(
        call(
            &runtime,
            start_session("not a user!".into(), "juz:30".into()),
        ),
        "invalid_user",
    );
    assert_code(
        call(&runtime, get_active_session(String::new())),
        "invalid_user",
    );
    assert_code(
        call(&runtime, get_next_session_item(unknown())),
        "unknown_session",
    );
    assert_code(call(&runtime, get_session(unknown())), "unknown_session");
    assert_code(
        call(&runtime, list_sessions("x".repeat(65), 10)),
        "invalid_user",
    );
    assert_code(
        call(&runtime, complete_session(unknown())),
        "unknown_session",
    );
    assert_code(call(&runtime, abandon_session(id())), "session_not_active");
    assert_code(call(&runtime, undo_last_answer(id())), "session_not_active");
    assert_code(
        call(
            &runtime,
            submit_session_item(id(), first.node_id.clone(), 3, 1_000),
        ),
        "session_not_active",
    );
    assert_code(
        call(
            &runtime,
            check_answer(id(), first.node_id.clone(), "{".into(), 1_000),
        ),
        "invalid_answer",
    );
    assert_code(
        call(
            &runtime,
            check_answer(
                id(),
                first.node_id.clone(),
                r#"{"kind":"shout"}"#.into(),
                1_000,
            ),
        ),
        "invalid_answer",
    );

    let third = call(&runtime, start_session(local(), "surah:1".into())).unwrap();
    let current = call(&runtime, get_next_session_item(third.id.clone()))
        .unwrap()
        .unwrap();
    assert_code(
        call(&runtime, undo_last_answer(third.id.clone())),
        "nothing_to_undo",
    );
    for grade in [0, 5, 255] {
        let submitted = call(
            &runtime,
            submit_session_item(third.id.clone(), current.node_id.clone(), grade, 1_000),
        );
        assert_code(submitted, "invalid_grade");
    }
    let too_long = call(
        &runtime,
        submit_session_item(third.id.clone(), current.node_id.clone(), 3, u64::MAX),
    );
    assert_code(too_long, "invalid_duration");
    let answer = r#"{"kind":"choice","index":0}"#.to_owned();
    assert_code(
        call(
            &runtime,
            check_answer(third.id.clone(), "1:7/meaning".into(), answer, 1_000),
        ),
        "not_current_item",
    );
    assert_code(
        call(
            &runtime,
            submit_session_item(third.id.clone(), "1:7/meaning".into(), 3, 1_000),
        ),
        "not_current_item",
    );
    // Nothing changed.
    assert_eq!(
        call(&runtime, get_session(third.id.clone()))
            .unwrap()
            .items_completed,
        0
    );
    assert_eq!(
        call(&runtime, get_next_session_item(third.id.clone())).unwrap(),
        Some(current)
    );
}
