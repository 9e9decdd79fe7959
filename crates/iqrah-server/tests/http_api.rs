//! The JSON API through the real router (no socket): the session flow, and
//! every kind of bad request answered with the right status and a JSON
//! error, changing nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use iqrah_api::Iqrah;
use iqrah_server::{AppState, Assets, router};
use serde_json::{Value, json};
use tower::ServiceExt;

async fn app() -> (tempfile::TempDir, Router) {
    let (dir, _, router) = app_and_iqrah().await;
    (dir, router)
}

async fn app_and_iqrah() -> (tempfile::TempDir, Iqrah, Router) {
    let (dir, iqrah) = common::open_iqrah().await;
    let router = router(AppState::local(iqrah.clone(), Assets::default()));
    (dir, iqrah, router)
}

/// Sends a request and returns the status and the parsed JSON body.
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

/// An answer of the kind the item's exercise takes.
fn fitting_answer(item: &Value) -> Value {
    match item["exercise"]["type"].as_str().unwrap() {
        "recall" | "study" => json!({ "kind": "self_grade", "rating": 3 }),
        "type_verse" => json!({ "kind": "text", "text": "قل" }),
        "put_in_order" => {
            let n = item["exercise"]["verses"].as_array().map_or(0, Vec::len);
            json!({ "kind": "order", "order": (0..n).collect::<Vec<_>>() })
        }
        _ => json!({ "kind": "choice", "index": 0 }),
    }
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no error code>")
}

#[tokio::test]
async fn a_session_through_the_json_api() {
    let (_dir, app) = app().await;
    let (status, session) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = session["id"].as_str().unwrap().to_owned();
    let (status, again) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    assert_eq!(
        (status, again["id"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/sessions/active", None).await.1["id"],
        id.as_str()
    );

    let (status, item) = call(&app, "GET", &format!("/api/v1/sessions/{id}/next"), None).await;
    assert_eq!(status, StatusCode::OK);
    let node = item["node_id"].as_str().unwrap().to_owned();
    assert!(item["exercise"]["type"].is_string());
    let check = json!({ "node_id": node, "answer": fitting_answer(&item), "duration_ms": 1500 })
        .to_string();
    let (status, outcome) = call(
        &app,
        "POST",
        &format!("/api/v1/sessions/{id}/check"),
        Some(&check),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(outcome["suggested_rating"].is_u64());
    let submit = json!({ "node_id": node, "grade": 3, "duration_ms": 1500 }).to_string();
    let (status, receipt) = call(
        &app,
        "POST",
        &format!("/api/v1/sessions/{id}/submit"),
        Some(&submit),
    )
    .await;
    assert_eq!(
        (status, receipt["receipt"].clone()),
        (StatusCode::OK, json!(item["item_id"].to_string()))
    );
    let (_, retried) = call(
        &app,
        "POST",
        &format!("/api/v1/sessions/{id}/submit"),
        Some(&submit),
    )
    .await;
    assert_eq!(retried, receipt, "a retried submit gets the same receipt");
    let (_, waiting) = call(&app, "GET", &format!("/api/v1/sessions/{id}/next"), None).await;
    assert_eq!(
        receipt["next"], waiting,
        "the receipt comes with the item that now waits"
    );
    assert_ne!(receipt["next"]["node_id"], item["node_id"]);
    let mut fields: Vec<&str> = receipt
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["next", "receipt"],
        "a submit answers these two fields"
    );

    let (status, undone) = call(&app, "POST", &format!("/api/v1/sessions/{id}/undo"), None).await;
    assert_eq!(
        (status, undone["node_id"].as_str()),
        (StatusCode::OK, Some(node.as_str()))
    );
    let (status, summary) = call(
        &app,
        "POST",
        &format!("/api/v1/sessions/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            summary["items_completed"].as_u64(),
            summary["session"]["status"].as_str()
        ),
        (Some(0), Some("completed"))
    );
    assert!(summary["items_skipped"].as_u64().unwrap() >= 4);

    let (status, overview) = call(&app, "GET", "/api/v1/overview", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(overview["surahs"].as_array().unwrap().len(), 114);
    assert_eq!(overview["juz"].as_array().unwrap().len(), 30);
    assert_eq!(
        call(&app, "GET", "/api/v1/verses/112:1-4?lang=fr", None)
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn bad_requests_get_json_errors_and_change_nothing() {
    let (_dir, app) = app().await;
    let (_, session) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"juz:30"}"#),
    )
    .await;
    let id = session["id"].as_str().unwrap().to_owned();
    let (_, item) = call(&app, "GET", &format!("/api/v1/sessions/{id}/next"), None).await;
    let node = item["node_id"].as_str().unwrap().to_owned();
    let submit_uri = format!("/api/v1/sessions/{id}/submit");
    let huge = format!(r#"{{"goal_id":"{}"}}"#, "x".repeat(1 << 20));

    let cases: Vec<(&str, String, Option<String>, StatusCode, &str)> = vec![
        (
            "GET",
            "/api/v1/sessions/nope".into(),
            None,
            StatusCode::NOT_FOUND,
            "unknown_session",
        ),
        (
            "GET",
            "/api/v1/sessions/nope/next".into(),
            None,
            StatusCode::NOT_FOUND,
            "unknown_session",
        ),
        (
            "POST",
            "/api/v1/sessions/nope/complete".into(),
            None,
            StatusCode::NOT_FOUND,
            "unknown_session",
        ),
        (
            "GET",
            "/api/v1/nothing-here".into(),
            None,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "DELETE",
            "/api/v1/sessions".into(),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "GET",
            submit_uri.clone(),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some("{goal".into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some("\u{0}\u{1}garbage".into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some("{}".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some(r#"{"goal_id":7}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some(r#"{"goal_id":"juz:1","extra":1}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some(r#"{"goal_id":"juz:31"}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_goal",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some(r#"{"goal_id":"page:605"}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_goal",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some(r#"{"goal_id":"page:9-3"}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_goal",
        ),
        (
            "POST",
            "/api/v1/sessions".into(),
            Some(huge),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "POST",
            submit_uri.clone(),
            Some(json!({"node_id": node, "grade": 0, "duration_ms": 1}).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_grade",
        ),
        (
            "POST",
            submit_uri.clone(),
            Some(json!({"node_id": node, "grade": 255, "duration_ms": 1}).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_grade",
        ),
        (
            "POST",
            submit_uri.clone(),
            Some(json!({"node_id": node, "grade": 256, "duration_ms": 1}).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "POST",
            submit_uri.clone(),
            Some(json!({"node_id": node, "grade": 3, "duration_ms": -5}).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "POST",
            submit_uri.clone(),
            Some(json!({"node_id": node, "grade": 3, "duration_ms": 99_999_999}).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_duration",
        ),
        (
            "POST",
            submit_uri.clone(),
            Some(json!({"node_id": "1:1/memorization", "grade": 3, "duration_ms": 1}).to_string()),
            StatusCode::CONFLICT,
            "not_current_item",
        ),
        (
            "POST",
            submit_uri.clone(),
            Some(json!({"node_id": node, "grade": 3}).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "POST",
            format!("/api/v1/sessions/{id}/undo"),
            None,
            StatusCode::CONFLICT,
            "nothing_to_undo",
        ),
        (
            "POST",
            format!("/api/v1/sessions/{id}/check"),
            Some(
                json!({"node_id": node, "answer": {"kind": "telepathy"}, "duration_ms": 1})
                    .to_string(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "GET",
            "/api/v1/verses/2:287".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_reference",
        ),
        (
            "GET",
            "/api/v1/verses/1:1?lang=xx".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_language",
        ),
        (
            "GET",
            "/api/v1/verses/1:1?language=fr".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_query",
        ),
        (
            "GET",
            "/api/v1/sessions?limit=abc".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_query",
        ),
    ];
    for (method, uri, body, status, expected) in cases {
        let (got, error) = call(&app, method, &uri, body.as_deref()).await;
        assert_eq!(
            (got, code(&error)),
            (status, expected),
            "{method} {uri} {body:?}"
        );
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    // A body that is not declared as JSON.
    let request = Request::post("/api/v1/sessions")
        .body(Body::from(r#"{"goal_id":"juz:1"}"#))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Nothing changed, and the server still serves.
    let (_, now) = call(&app, "GET", &format!("/api/v1/sessions/{id}"), None).await;
    assert_eq!(
        (now["items_completed"].as_u64(), now["items_count"].clone()),
        (Some(0), session["items_count"].clone())
    );
    assert_eq!(
        call(&app, "GET", &format!("/api/v1/sessions/{id}/next"), None)
            .await
            .1,
        item
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/sessions", None)
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/health", None).await.0,
        StatusCode::OK
    );

    call(
        &app,
        "POST",
        &format!("/api/v1/sessions/{id}/abandon"),
        None,
    )
    .await;
    let submit = json!({"node_id": node, "grade": 3, "duration_ms": 1}).to_string();
    let (status, error) = call(&app, "POST", &submit_uri, Some(&submit)).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::CONFLICT, "session_not_active")
    );
}

#[tokio::test]
async fn pages_render_and_unknown_pages_are_404() {
    let (_dir, app) = app().await;
    let get = |uri: &'static str| {
        let app = app.clone();
        async move {
            let response = app
                .oneshot(Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 1 << 24)
                .await
                .unwrap();
            (status, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    let (status, home) = get("/").await;
    assert_eq!(status, StatusCode::OK);
    // A new learner is offered first goals; today's review comes once a verse is started.
    assert!(home.contains("Where to begin"), "{home}");
    assert!(home.contains("Al-Fatihah") && home.contains("An-Nas"));
    let (status, about) = get("/about").await;
    assert_eq!(status, StatusCode::OK);
    assert!(about.contains("Saheeh International") && about.contains("Open Font License"));
    assert!(about.contains("Everything runs on this computer"));
    assert_eq!(get("/session/nope").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get("/nowhere").await.0, StatusCode::NOT_FOUND);
    for page in [home, about] {
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no external request from any page"
        );
    }
}

#[tokio::test]
async fn stats_history_and_settings_routes() {
    let (_dir, app) = app().await;
    let (status, stats) = call(&app, "GET", "/api/v1/stats", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            stats["verses"]["new"].as_u64(),
            stats["forecast"].as_array().map(Vec::len)
        ),
        (Some(6236), Some(14))
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/stats?goal=juz:30", None).await.1["verses"]["new"],
        564
    );
    assert_eq!(
        code(&call(&app, "GET", "/api/v1/stats?goal=juz:31", None).await.1),
        "invalid_goal"
    );
    let (status, found) = call(&app, "GET", "/api/v1/find?q=ikhlas", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        found,
        json!([{"kind":"surah","goal_id":"surah:112","title":"Al-Ikhlas","name_arabic":"الإخلاص"}])
    );
    let (_, found) = call(&app, "GET", "/api/v1/find?q=page%20604", None).await;
    assert_eq!(
        found,
        json!([{"kind":"page","goal_id":"page:604","title":"Page 604","name_arabic":null}])
    );
    let (status, similar) = call(&app, "GET", "/api/v1/verses/2:5/similar", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            &similar["key"],
            &similar["look_alikes"][0]["key"],
            &similar["look_alikes"][0]["likeness"]
        ),
        (&json!("2:5"), &json!("31:5"), &json!("identical"))
    );
    assert_eq!(similar["look_alikes"][0]["passage"], json!(null));
    let (_, passage) = call(&app, "GET", "/api/v1/verses/7:108/similar", None).await;
    let magicians = passage["look_alikes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "26:33")
        .expect("7:108 and 26:33");
    assert_eq!(
        (&magicians["verse_passage"], &magicians["passage"]),
        (&json!("7:106-111"), &json!("26:31-36")),
        "Musa before Pharaoh's magicians, told twice"
    );
    for bad in ["2:287", "115:1", "2:5-7", "x"] {
        let (status, body) =
            call(&app, "GET", &format!("/api/v1/verses/{bad}/similar"), None).await;
        assert_eq!(code(&body), "invalid_reference", "{bad}");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let long = format!("/api/v1/find?q={}", "a".repeat(101));
    assert_eq!(
        code(&call(&app, "GET", &long, None).await.1),
        "invalid_search"
    );
    assert_eq!(
        code(&call(&app, "GET", "/api/v1/find", None).await.1),
        "invalid_query"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/history", None).await.1,
        json!([])
    );

    let (status, settings) = call(&app, "GET", "/api/v1/settings", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut changed = settings.clone();
    changed["session_size"] = json!(8);
    let (status, saved) = call(&app, "PUT", "/api/v1/settings", Some(&changed.to_string())).await;
    assert_eq!((status, saved), (StatusCode::OK, changed.clone()));
    // A partial or malformed PUT is refused, naming what is missing.
    for body in [
        json!({ "session_size": 30 }),
        json!({}),
        json!([]),
        json!(null),
        json!(7),
    ] {
        let (status, error) = call(&app, "PUT", "/api/v1/settings", Some(&body.to_string())).await;
        assert_eq!(
            (status, code(&error)),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields"),
            "{body}"
        );
        let message = error["error"]["message"].as_str().unwrap();
        if body.is_object() {
            assert!(
                message.contains("missing") && message.contains("desired_retention"),
                "{message}"
            );
            assert!(
                !message.contains("session_size") || body == json!({}),
                "{message}"
            );
        }
    }
    for method in ["PUT", "PATCH"] {
        for (body, expected) in [
            (json!({ "session_size": 0 }), "invalid_setting"),
            (json!({ "desired_retention": 1.5 }), "invalid_setting"),
            (json!({ "translation_language": "xx" }), "invalid_setting"),
            (json!({ "colour": "blue" }), "invalid_fields"),
            (json!({ "session_size": "big" }), "invalid_fields"),
            (json!({ "practise_meaning": "maybe" }), "invalid_fields"),
            (json!({ "practise_meaning": 1 }), "invalid_fields"),
        ] {
            let body = if method == "PUT" {
                let mut whole = changed.clone();
                for (key, value) in body.as_object().unwrap() {
                    whole[key] = value.clone();
                }
                whole
            } else {
                body
            };
            let (status, error) =
                call(&app, method, "/api/v1/settings", Some(&body.to_string())).await;
            assert_eq!(
                (status, code(&error)),
                (StatusCode::UNPROCESSABLE_ENTITY, expected),
                "{method} {body}"
            );
        }
    }
    let (status, error) = call(&app, "PATCH", "/api/v1/settings", Some("[]")).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields")
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/settings", None).await.1,
        changed,
        "refused settings changed nothing"
    );
    // PATCH changes only what it names.
    let (status, patched) = call(
        &app,
        "PATCH",
        "/api/v1/settings",
        Some(r#"{"session_size":30,"day_start_hour":2,"practise_meaning":false}"#),
    )
    .await;
    changed["session_size"] = json!(30);
    changed["day_start_hour"] = json!(2);
    changed["practise_meaning"] = json!(false);
    assert_eq!((status, &patched), (StatusCode::OK, &changed));
    assert_eq!(
        call(&app, "GET", "/api/v1/settings", None).await.1,
        changed,
        "refused settings changed nothing"
    );
}

/// Starts a surah 112 session through the API and answers its items Good up
/// to the last, returning the session id and the last item.
async fn session_at_last_item(app: &Router) -> (String, Value) {
    let (status, session) = call(
        app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = session["id"].as_str().unwrap().to_owned();
    loop {
        let (_, item) = call(app, "GET", &format!("/api/v1/sessions/{id}/next"), None).await;
        let (_, reply) = call(
            app,
            "POST",
            &format!("/api/v1/sessions/{id}/submit"),
            Some(
                &json!({ "node_id": item["node_id"], "grade": 3, "duration_ms": item["item_id"] })
                    .to_string(),
            ),
        )
        .await;
        let next = &reply["next"];
        if reply["next"].is_null() {
            panic!("the session ended before its last item was found");
        }
        if session["items_count"].as_i64() == Some(next["index"].as_i64().unwrap()) {
            return (id, next.clone());
        }
    }
}

#[tokio::test]
async fn a_keyed_retry_of_an_again_on_the_last_item_is_recorded_once() {
    let (_dir, app) = app().await;
    let (id, last) = session_at_last_item(&app).await;
    let body = json!({ "node_id": last["node_id"], "grade": 1, "duration_ms": 5000, "idempotency_key": "3f2a9c1e-0b7d-4e8a-9c55-1d2e3f4a5b6c" })
        .to_string();
    let submit = format!("/api/v1/sessions/{id}/submit");
    let (status, first) = call(&app, "POST", &submit, Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let completed = call(&app, "GET", &format!("/api/v1/sessions/{id}"), None)
        .await
        .1["items_completed"]
        .clone();
    let (status, retry) = call(&app, "POST", &submit, Some(&body)).await;
    assert_eq!(
        (status, &retry["receipt"]),
        (StatusCode::OK, &first["receipt"])
    );
    assert_eq!(
        call(&app, "GET", &format!("/api/v1/sessions/{id}"), None)
            .await
            .1["items_completed"],
        completed,
        "the retry recorded nothing"
    );
    let bad = json!({ "node_id": last["node_id"], "grade": 1, "duration_ms": 5000, "idempotency_key": "no spaces" });
    let (status, error) = call(&app, "POST", &submit, Some(&bad.to_string())).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_idempotency_key")
    );
}

/// Sets `PRAGMA max_page_count` on every connection of the store's pool:
/// the current size (`None`) makes the disk "full".
async fn page_limit(store: &iqrah_sqlite::SqliteStore, limit: Option<i64>) {
    use iqrah_sqlite::test_support;
    let pages = match limit {
        Some(limit) => limit,
        None => test_support::page_count(store).await.unwrap(),
    };
    test_support::set_max_page_count(store, Some(pages))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_full_disk_is_a_507_and_the_next_writes_succeed_once_space_is_back() {
    let (_dir, iqrah, store) = common::open_iqrah_with_store().await;
    let app = router(AppState::local(iqrah.clone(), Assets::default()));
    let start = r#"{"goal_id":"juz:30"}"#;
    page_limit(&store, None).await;
    let (status, error) = call(&app, "POST", "/api/v1/sessions", Some(start)).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::INSUFFICIENT_STORAGE, "user_db_full")
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/sessions/active", None).await.1,
        Value::Null
    );
    page_limit(&store, Some(1_073_741_823)).await;
    for n in 0..8 {
        let (status, body) = call(
            &app,
            "PATCH",
            "/api/v1/settings",
            Some(&json!({ "session_size": 20 + n }).to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "settings write {n}: {body}");
    }
    let (status, session) = call(&app, "POST", "/api/v1/sessions", Some(start)).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
}

#[tokio::test]
async fn an_invalid_utf8_id_in_a_path_gets_the_json_or_html_error() {
    let (_dir, app) = app().await;
    for (method, uri) in [
        ("GET", "/api/v1/sessions/%FF/next"),
        ("GET", "/api/v1/sessions/%FF"),
        ("POST", "/api/v1/sessions/%C3%28/undo"),
        ("GET", "/api/v1/verses/%FF"),
    ] {
        let (status, body) = call(&app, method, uri, None).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_path"),
            "{uri}: {body}"
        );
    }
    let request = Request::builder()
        .uri("/session/%FF")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("<html") && html.contains("UTF-8"), "{html}");
}

#[tokio::test]
async fn a_check_with_an_answer_of_the_wrong_kind_or_out_of_range_is_refused_and_stores_nothing() {
    let (_dir, iqrah, app) = app_and_iqrah().await;
    let (_, session) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    let id = session["id"].as_str().unwrap().to_owned();
    let (_, item) = call(&app, "GET", &format!("/api/v1/sessions/{id}/next"), None).await;
    let kind = item["exercise"]["type"].as_str().unwrap().to_owned();
    let wrong_kind = if kind == "type_verse" {
        json!({ "kind": "choice", "index": 0 })
    } else {
        json!({ "kind": "text", "text": "قل هو الله أحد" })
    };
    for answer in [
        wrong_kind,
        json!({ "kind": "choice", "index": 99 }),
        json!({ "kind": "order", "order": [7, 7] }),
    ] {
        let body = json!({ "node_id": item["node_id"], "answer": answer, "duration_ms": 2000 });
        let (status, error) = call(
            &app,
            "POST",
            &format!("/api/v1/sessions/{id}/check"),
            Some(&body.to_string()),
        )
        .await;
        assert_eq!(
            (status, code(&error)),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_answer"),
            "{kind}: {body}: {error}"
        );
    }
    let stored: (Option<String>, Option<i64>) = sqlx::query_as("SELECT answer, correct FROM session_items WHERE session_id = ?1 AND status = 'pending' ORDER BY position LIMIT 1")
        .bind(&id)
        .fetch_one(&common::pool(&iqrah).await)
        .await
        .unwrap();
    assert_eq!(stored, (None, None), "nothing stored");
}

/// A page's status, `location` header and body.
async fn page(app: &Router, method: &str, uri: &str) -> (StatusCode, String, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if method == "POST" {
        request = request.header("content-type", "application/x-www-form-urlencoded");
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, location, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn personal_scheduling_routes_and_the_settings_section() {
    let (_dir, iqrah, app) = app_and_iqrah().await;
    // The defaults at first.
    let (status, shown) = call(&app, "GET", "/api/v1/parameters", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["source"], "default");
    assert_eq!(shown["parameters"].as_array().unwrap().len(), 21);
    assert_eq!(shown["fit"], Value::Null);
    assert_eq!(shown["min_training_reviews"], 400);
    // Fitting an empty log: 422 not_enough_reviews, nothing changed.
    let (status, error) = call(&app, "POST", "/api/v1/parameters/optimize", None).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_enough_reviews")
    );
    assert_eq!(call(&app, "GET", "/api/v1/parameters", None).await.1, shown);
    assert_eq!(
        call(&app, "PUT", "/api/v1/parameters", Some("{}")).await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );

    // The Settings page shows the defaults and both buttons.
    let (status, _, html) = page(&app, "GET", "/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="personal-scheduling""#), "{html}");
    assert!(html.contains("FSRS-6&#39;s defaults") || html.contains("FSRS-6's defaults"));
    assert!(html.contains(r#"action="/settings/parameters/optimize""#));
    assert!(html.contains(r#"action="/settings/parameters/reset""#));
    assert!(!html.contains(r#"id="fit-figures""#));
    // Fit now with too few reviews: the page again, with the reason.
    let (status, _, html) = page(&app, "POST", "/settings/parameters/optimize").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("0 of the 400 needed"), "{html}");

    // A fit in use (recorded through the store, as `optimize` records one):
    // its figures side by side with the defaults'.
    let fitted: Vec<f32> = shown["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_f64().unwrap() as f32 * 0.97)
        .collect();
    let record = iqrah_api::FitRecord {
        fitted_at: iqrah_api::Timestamp::from_millis(common::T0),
        parameters: fitted.clone(),
        default: iqrah_api::Evaluation {
            log_loss: 0.41234,
            rmse_bins: 0.0789,
        },
        fitted: iqrah_api::Evaluation {
            log_loss: 0.35001,
            rmse_bins: 0.0312,
        },
        reviews: 1_234,
        training_reviews: 987,
    };
    use iqrah_store::UserStore as _;
    let store = &common::store(&iqrah).await;
    let read = store
        .learner_parameters(&iqrah_api::UserId::local())
        .await
        .unwrap();
    let recorded = store
        .record_fit(
            &iqrah_api::UserId::local(),
            read.as_ref(),
            record.fitted_at,
            1_234,
            Some(&record),
        )
        .await
        .unwrap();
    assert!(recorded);
    let (_, shown) = call(&app, "GET", "/api/v1/parameters", None).await;
    assert_eq!(shown["source"], "fitted");
    assert_eq!(shown["fit"]["reviews"], 1_234);
    assert_eq!(shown["next_automatic_fit_at"], 1_634);
    let (status, _, html) = page(&app, "GET", "/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Fitted to your reviews"), "{html}");
    for figure in [
        "0.4123",
        "0.0789",
        "0.3500",
        "0.0312",
        "2026-11-24",
        "1234 reviews",
        "987 recitations",
    ] {
        assert!(html.contains(figure), "{figure} in {html}");
    }

    // Use the defaults: a plain form post, then the page says so.
    let (status, location, _) = page(&app, "POST", "/settings/parameters/reset").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/settings?fit=reset")
    );
    let (_, _, html) = page(&app, "GET", "/settings?fit=reset").await;
    assert!(html.contains(r#"id="fit-message""#), "{html}");
    assert!(!html.contains(r#"id="fit-figures""#));
    let (status, shown) = call(&app, "DELETE", "/api/v1/parameters", None).await;
    assert_eq!(
        (status, &shown["source"]),
        (StatusCode::OK, &json!("default"))
    );
    assert!(shown["last_checked_at"].is_i64());
}

#[tokio::test]
async fn skip_show_answer_and_end_session_through_the_json_api() {
    let (_dir, app) = app().await;
    let (_, session) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    let id = session["id"].as_str().unwrap().to_owned();
    let url = |path: &str| format!("/api/v1/sessions/{id}/{path}");
    let (_, first) = call(&app, "GET", &url("next"), None).await;
    let node = first["node_id"].as_str().unwrap().to_owned();
    let grades = first["grades"].as_array().unwrap();
    assert_eq!(grades.len(), 4);
    assert_eq!(
        (grades[0]["rating"].as_u64(), grades[0]["label"].as_str()),
        (Some(1), Some("tomorrow"))
    );
    assert!(
        grades
            .iter()
            .all(|g| g["due_at"].is_i64() && g["days"].is_u64())
    );

    // The check shows the verse whole and the marked words.
    let check = json!({ "node_id": node, "answer": fitting_answer(&first), "duration_ms": 900 });
    let (status, checked) = call(&app, "POST", &url("check"), Some(&check.to_string())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(checked["marked"].is_array());
    assert!(checked["verse"]["text"].as_str().unwrap().contains(' '));
    assert!(checked["verse"]["translation"].is_string());

    // Skip: the next item is current, and the skipped one cannot be skipped
    // twice (it is not current, then already skipped once it comes back).
    let skip = json!({ "node_id": node }).to_string();
    let (status, next) = call(&app, "POST", &url("skip"), Some(&skip)).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(next["node_id"], first["node_id"]);
    let (status, error) = call(&app, "POST", &url("skip"), Some(&skip)).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::CONFLICT, "not_current_item")
    );

    // Show answer, retried with its key: one Again, one receipt.
    let second = next["node_id"].as_str().unwrap().to_owned();
    let show =
        json!({ "node_id": second, "duration_ms": 2000, "idempotency_key": "show-1" }).to_string();
    let (status, shown) = call(&app, "POST", &url("show-answer"), Some(&show)).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["receipt"], json!(next["item_id"].to_string()));
    assert!(shown["verse"]["words"].is_array());
    assert_ne!(shown["next"]["node_id"], next["node_id"]);
    let (status, retried) = call(&app, "POST", &url("show-answer"), Some(&show)).await;
    assert_eq!(
        (status, &retried["receipt"]),
        (StatusCode::OK, &shown["receipt"])
    );
    let (_, current) = call(&app, "GET", &format!("/api/v1/sessions/{id}"), None).await;
    assert_eq!(current["items_completed"], 1);

    // Bad input: typed errors.
    for (path, body, status, expected) in [
        (
            "skip",
            r#"{"node_id":"112:4/meaning"}"#,
            StatusCode::CONFLICT,
            "not_current_item",
        ),
        (
            "skip",
            r#"{}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
        (
            "show-answer",
            r#"{"node_id":"112:4/meaning","duration_ms":1}"#,
            StatusCode::CONFLICT,
            "not_current_item",
        ),
        (
            "show-answer",
            r#"{"node_id":"x","duration_ms":1,"idempotency_key":""}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_idempotency_key",
        ),
    ] {
        let (got, error) = call(&app, "POST", &url(path), Some(body)).await;
        assert_eq!((got, code(&error)), (status, expected), "{path} {body}");
    }
    let (status, error) = call(&app, "POST", "/api/v1/sessions/no-such/skip", Some(&skip)).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::NOT_FOUND, "unknown_session")
    );
    let (_, unchanged) = call(&app, "GET", &format!("/api/v1/sessions/{id}"), None).await;
    assert_eq!(unchanged, current);

    // End session: the summary names the goal and lists the verse missed.
    let (status, summary) = call(&app, "POST", &url("complete"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(summary["goal_name"], "Al-Ikhlas");
    let missed = summary["missed"].as_array().unwrap();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0]["rating"], 1);
    assert!(second.starts_with(missed[0]["reference"].as_str().unwrap()));
    assert!(missed[0]["text"].is_string() && missed[0]["skill"].is_string());
    for (path, body) in [("skip", skip.as_str()), ("show-answer", show.as_str())] {
        let (status, error) = call(&app, "POST", &url(path), Some(body)).await;
        if path == "show-answer" {
            // The keyed retry still answers its receipt, whatever the session's state.
            assert_eq!(status, StatusCode::OK);
            continue;
        }
        assert_eq!(
            (status, code(&error)),
            (StatusCode::CONFLICT, "session_not_active")
        );
    }
    let fresh = json!({ "node_id": node, "duration_ms": 1, "idempotency_key": "new" }).to_string();
    let (status, error) = call(&app, "POST", &url("show-answer"), Some(&fresh)).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::CONFLICT, "session_not_active")
    );
}

#[tokio::test]
async fn a_skip_raced_against_a_submit_is_one_or_the_other() {
    let (_dir, app) = app().await;
    let (_, session) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    let id = session["id"].as_str().unwrap().to_owned();
    let (_, item) = call(&app, "GET", &format!("/api/v1/sessions/{id}/next"), None).await;
    let node = item["node_id"].as_str().unwrap();
    let skip = json!({ "node_id": node }).to_string();
    let submit = json!({ "node_id": node, "grade": 3, "duration_ms": 1000 }).to_string();
    let skip_url = format!("/api/v1/sessions/{id}/skip");
    let submit_url = format!("/api/v1/sessions/{id}/submit");
    let ((skipped, _), (submitted, _)) = tokio::join!(
        call(&app, "POST", &skip_url, Some(&skip)),
        call(&app, "POST", &submit_url, Some(&submit)),
    );
    let mut statuses = [skipped, submitted];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let (_, after) = call(&app, "GET", &format!("/api/v1/sessions/{id}"), None).await;
    assert_eq!(
        after["items_completed"],
        u64::from(submitted == StatusCode::OK)
    );
}

#[tokio::test]
async fn a_second_skip_of_an_item_and_an_abandoned_session_are_409() {
    let (_dir, app) = app().await;
    let (_, session) = call(
        &app,
        "POST",
        "/api/v1/sessions",
        Some(r#"{"goal_id":"surah:112"}"#),
    )
    .await;
    let id = session["id"].as_str().unwrap().to_owned();
    let url = |path: &str| format!("/api/v1/sessions/{id}/{path}");
    let (_, first) = call(&app, "GET", &url("next"), None).await;
    let skip = json!({ "node_id": first["node_id"] }).to_string();
    assert_eq!(
        call(&app, "POST", &url("skip"), Some(&skip)).await.0,
        StatusCode::OK
    );
    loop {
        let (_, item) = call(&app, "GET", &url("next"), None).await;
        if item["item_id"] == first["item_id"] {
            break;
        }
        let submit = json!({ "node_id": item["node_id"], "grade": 3, "duration_ms": 1000 });
        let (status, _) = call(&app, "POST", &url("submit"), Some(&submit.to_string())).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, before) = call(&app, "GET", &format!("/api/v1/sessions/{id}"), None).await;
    let (status, error) = call(&app, "POST", &url("skip"), Some(&skip)).await;
    assert_eq!(
        (status, code(&error)),
        (StatusCode::CONFLICT, "already_skipped")
    );
    let (_, after) = call(&app, "GET", &format!("/api/v1/sessions/{id}"), None).await;
    assert_eq!(after, before);
    let (_, next) = call(&app, "GET", &url("next"), None).await;
    assert_eq!(next["item_id"], first["item_id"], "still current");

    assert_eq!(
        call(&app, "POST", &url("abandon"), None).await.0,
        StatusCode::OK
    );
    let show = json!({ "node_id": first["node_id"], "duration_ms": 1 }).to_string();
    for (path, body) in [("skip", &skip), ("show-answer", &show)] {
        let (status, error) = call(&app, "POST", &url(path), Some(body)).await;
        assert_eq!(
            (status, code(&error)),
            (StatusCode::CONFLICT, "session_not_active")
        );
    }
}

#[tokio::test]
async fn the_theme_and_reading_size_are_settings_and_out_of_range_is_refused() {
    let (_dir, app) = app().await;
    let (_, before) = call(&app, "GET", "/api/v1/settings", None).await;
    assert_eq!(
        (before["theme"].clone(), before["reading_size"].clone()),
        (json!("system"), json!(100))
    );
    let (status, saved) = call(
        &app,
        "PATCH",
        "/api/v1/settings",
        Some(r#"{"theme":"dark","reading_size":150}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["theme"].clone(), saved["reading_size"].clone()),
        (json!("dark"), json!(150))
    );
    for (body, expected) in [
        (json!({ "reading_size": 300 }), "invalid_setting"),
        (json!({ "reading_size": 79 }), "invalid_setting"),
        (
            json!({ "reading_size": 120, "theme": "light" }),
            "invalid_setting",
        ),
        (json!({ "reading_size": -5 }), "invalid_fields"),
        (json!({ "theme": "blue" }), "invalid_fields"),
    ] {
        for method in ["PATCH", "PUT"] {
            let body = if method == "PUT" {
                let mut whole = saved.clone();
                for (key, value) in body.as_object().unwrap() {
                    whole[key] = value.clone();
                }
                whole
            } else {
                body.clone()
            };
            let (status, error) =
                call(&app, method, "/api/v1/settings", Some(&body.to_string())).await;
            assert_eq!(
                (status, code(&error)),
                (StatusCode::UNPROCESSABLE_ENTITY, expected),
                "{method} {body}"
            );
        }
        assert_eq!(
            call(&app, "GET", "/api/v1/settings", None).await.1,
            saved,
            "a refused {body} changes nothing"
        );
    }
}
