//! `POST /sessions/{id}/submit-passage` through the real router: a recited
//! passage grades every verse and link, a keyed retry records once, and bad
//! input is a JSON error that changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use iqrah_api::Iqrah;
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_core::passage::generate_passage;
use iqrah_server::{AppState, Assets, router};
use serde_json::{Value, json};
use tower::ServiceExt;

async fn call(app: &Router, method: &str, uri: &str, body: Option<&str>) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Review-log rows and memory states.
async fn written(iqrah: &Iqrah) -> (i64, i64) {
    sqlx::query_as("SELECT (SELECT count(*) FROM review_log), (SELECT count(*) FROM memory_states)")
        .fetch_one(&common::pool(iqrah).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_passage_through_the_json_api() {
    let (_dir, iqrah) = common::open_iqrah().await;
    let app = router(AppState::local(iqrah.clone(), Assets::default()));
    let (status, session) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();
    // The session's first item made the passage 112:1–4 (the planner's
    // passage rule makes them for verses that hold).
    let quran = iqrah.content().quran().await.unwrap();
    let translation = iqrah.content().translation("en").await.unwrap();
    let index = ExerciseIndex::new(quran, &translation);
    let exercise = generate_passage(
        "112:1-112:4".parse().unwrap(),
        &ExerciseContext::new(quran, &translation, &index),
    )
    .unwrap();
    sqlx::query(
        "UPDATE session_items SET exercise_type = 'recite_passage', prompt = ?1, solution = ?2
         WHERE id = (SELECT id FROM session_items WHERE session_id = ?3 ORDER BY position LIMIT 1)",
    )
    .bind(serde_json::to_string(&exercise.prompt).unwrap())
    .bind(serde_json::to_string(&exercise.solution).unwrap())
    .bind(&id)
    .execute(&common::pool(&iqrah).await)
    .await
    .unwrap();
    let url = format!("/api/v1/sessions/{id}/submit-passage");
    let (_, item) = call(&app, "GET", &format!("/api/v1/sessions/{id}/next"), None).await;
    assert_eq!(item["exercise"]["type"], "recite_passage");
    assert_eq!(item["exercise"]["verses"][3]["reference"], "112:4");
    assert!(
        item["exercise"]["verses"][0]["word_count"]
            .as_u64()
            .unwrap()
            > 0
    );

    // Bad input: 422 or 409 with a code, nothing written.
    for (body, status, error) in [
        (
            json!({"node_id":"112:1/memorization","marks":[{"verse":9,"word":null,"mark":"prompted"}],"duration_ms":9000}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_passage",
        ),
        (
            json!({"node_id":"112:1/memorization","marks":[{"verse":0,"word":0,"mark":"forgot"}],"duration_ms":9000}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        ),
        (
            json!({"node_id":"112:3/memorization","marks":[],"duration_ms":9000}),
            StatusCode::CONFLICT,
            "not_current_item",
        ),
    ] {
        let (got, reply) = call(&app, "POST", &url, Some(&body.to_string())).await;
        assert_eq!(got, status, "{reply}");
        if error != "invalid_json" {
            assert_eq!(reply["error"]["code"], error, "{reply}");
        }
        assert_eq!(written(&iqrah).await, (0, 0));
    }

    let body = json!({
        "node_id": "112:1/memorization",
        "marks": [{"verse": 1, "word": 0, "mark": "stumbled"}],
        "duration_ms": 15000,
        "idempotency_key": "p-1",
    })
    .to_string();
    let (status, reply) = call(&app, "POST", &url, Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["verses"].as_array().unwrap().len(), 4);
    assert_eq!(reply["marks"][0]["mark"], "stumbled");
    let ratings: Vec<u64> = reply["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["rating"].as_u64().unwrap())
        .collect();
    assert_eq!(ratings, [3, 2, 2, 3, 3, 3, 3]);
    assert_eq!(reply["grades"][1]["node_id"], "112:1/continuity");
    assert_eq!(written(&iqrah).await, (7, 7));
    let (status, again) = call(&app, "POST", &url, Some(&body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["receipt"], reply["receipt"]);
    assert_eq!(written(&iqrah).await, (7, 7), "the retry records nothing");

    // A passage answer to the next (ordinary) item is refused.
    let node = reply["next"]["node_id"].as_str().unwrap();
    let wrong = json!({"node_id": node, "marks": [], "duration_ms": 1000}).to_string();
    let (status, error) = call(&app, "POST", &url, Some(&wrong)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["code"], "not_a_passage");

    // Undo takes the whole passage back.
    let (status, back) = call(&app, "POST", &format!("/api/v1/sessions/{id}/undo"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(back["node_id"], "112:1/memorization");
    assert_eq!(written(&iqrah).await, (0, 0));
}

#[tokio::test]
async fn the_passage_screen_module_is_served() {
    let (_dir, iqrah) = common::open_iqrah().await;
    let app = router(AppState::local(iqrah, Assets::default()));
    let request = Request::builder()
        .uri("/assets/passage.js")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("export class PassageMarks"));
}
