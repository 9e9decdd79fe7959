//! `submit_passage` through the bridge, run as the generated glue runs it:
//! bad input fails with its stable code and records nothing. (A process of
//! its own: `init_app` holds one app per process.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::future::Future;

use flutter_rust_bridge::{BaseAsyncRuntime, SimpleAsyncRuntime};
use iqrah_bridge::api::{
    get_next_session_item, get_session, init_app, start_session, submit_passage,
};

fn call<F>(runtime: &SimpleAsyncRuntime, task: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    runtime.0.block_on(runtime.spawn(task)).unwrap()
}

#[track_caller]
fn assert_code<T: std::fmt::Debug>(result: anyhow::Result<T>, code: &str) {
    let error = result.expect_err(code);
    assert!(
        error.to_string().starts_with(&format!("{code}: ")),
        "expected {code}, got {error}"
    );
}

#[test]
fn a_passage_answer_to_another_item_or_unreadable_marks_is_refused() {
    let runtime = SimpleAsyncRuntime::default();
    let dir = iqrah_content::test_support::data_dir();
    call(&runtime, init_app(dir.path().to_str().unwrap().to_owned())).unwrap();
    let session = call(&runtime, start_session("local".into(), "surah:112".into())).unwrap();
    let item = call(&runtime, get_next_session_item(session.id.clone()))
        .unwrap()
        .unwrap();
    assert_code(
        call(
            &runtime,
            submit_passage(
                session.id.clone(),
                item.node_id.clone(),
                "[{\"verse\":0}]".into(),
                1_000,
                None,
            ),
        ),
        "invalid_answer",
    );
    assert_code(
        call(
            &runtime,
            submit_passage(
                session.id.clone(),
                item.node_id.clone(),
                "[]".into(),
                1_000,
                Some("b-1".into()),
            ),
        ),
        "not_a_passage",
    );
    assert_code(
        call(
            &runtime,
            submit_passage(
                session.id.clone(),
                "112:4/meaning".into(),
                "[]".into(),
                1_000,
                None,
            ),
        ),
        "not_current_item",
    );
    assert_eq!(
        call(&runtime, get_session(session.id.clone()))
            .unwrap()
            .items_completed,
        0
    );
}
