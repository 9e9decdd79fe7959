//! `place_known_verses` through the bridge, run as the generated glue runs
//! it: a placement is read back in the statistics, and bad input fails
//! with its stable code and places nothing. (A process of its own:
//! `init_app` holds one app per process.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::future::Future;

use flutter_rust_bridge::{BaseAsyncRuntime, SimpleAsyncRuntime};
use iqrah_bridge::api::{PlacementMarkDto, get_statistics, init_app, place_known_verses};

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

fn mark(goal: &str, level: &str) -> PlacementMarkDto {
    PlacementMarkDto {
        goal: goal.into(),
        level: level.into(),
    }
}

/// The learner's started verses (known + learning), from the statistics.
fn started(runtime: &SimpleAsyncRuntime) -> u64 {
    let stats: serde_json::Value =
        serde_json::from_str(&call(runtime, get_statistics("local".into(), None)).unwrap())
            .unwrap();
    stats["verses"]["known"].as_u64().unwrap() + stats["verses"]["learning"].as_u64().unwrap()
}

#[test]
fn placing_known_surahs_and_refusing_bad_marks() {
    let runtime = SimpleAsyncRuntime::default();
    let dir = iqrah_content::test_support::data_dir();
    call(&runtime, init_app(dir.path().to_str().unwrap().to_owned())).unwrap();
    for (marks, code) in [
        (vec![], "invalid_placement"),
        (vec![mark("surah:115", "solid")], "invalid_goal"),
        (vec![mark("review", "solid")], "invalid_goal"),
        (
            vec![mark("surah:112", "solid"), mark("surah:113", "great")],
            "invalid_level",
        ),
    ] {
        assert_code(
            call(&runtime, place_known_verses("local".into(), marks)),
            code,
        );
        assert_eq!(started(&runtime), 0, "{code} placed nothing");
    }
    let placed = call(
        &runtime,
        place_known_verses(
            "local".into(),
            vec![mark("surah:112", "solid"), mark("surah:114", "shaky")],
        ),
    )
    .unwrap();
    // 4 + 6 verses, 3 + 5 links.
    assert_eq!((placed.verses, placed.placed, placed.kept), (10, 18, 0));
    assert_eq!(started(&runtime), 10);
    let again = call(
        &runtime,
        place_known_verses("local".into(), vec![mark("surah:112", "rusty")]),
    )
    .unwrap();
    assert_eq!((again.placed, again.kept), (0, 7), "a placed item is kept");
}
