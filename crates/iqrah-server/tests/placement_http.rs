//! Placement over HTTP: `POST /api/v1/placement` with its typed 422s, the
//! `/placement` form (surahs grouped by juz, a level per surah and per
//! juz) that places and confirms, and the home page's one-time offer.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use iqrah_server::{AppState, Assets, router};
use serde_json::{Value, json};
use tower::ServiceExt;

async fn app() -> (tempfile::TempDir, Router) {
    let (dir, iqrah) = common::open_iqrah().await;
    (dir, router(AppState::local(iqrah, Assets::default())))
}

/// What a request answered: status, `Location` and body text.
struct Answer {
    status: StatusCode,
    location: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn send(app: &Router, method: &str, uri: &str, kind: &str, body: &str) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if !kind.is_empty() {
        request = request.header("content-type", kind);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    Answer {
        status,
        location,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, "GET", uri, "", "").await
}

async fn post_json(app: &Router, uri: &str, body: &Value) -> Answer {
    send(app, "POST", uri, "application/json", &body.to_string()).await
}

async fn post_form(app: &Router, uri: &str, body: &str) -> Answer {
    send(app, "POST", uri, "application/x-www-form-urlencoded", body).await
}

/// Verses started (known + learning), as the overview counts them.
async fn started(app: &Router) -> u64 {
    let overview = get(app, "/api/v1/overview").await.json();
    overview["total"]["known"].as_u64().unwrap() + overview["total"]["learning"].as_u64().unwrap()
}

#[tokio::test]
async fn the_json_api_places_marks_and_refuses_bad_ones_with_typed_codes() {
    let (_dir, app) = app().await;
    for (marks, code) in [
        (
            json!([{"goal":"surah:115","level":"solid"}]),
            "invalid_goal",
        ),
        (json!([{"goal":"page:0","level":"solid"}]), "invalid_goal"),
        (json!([{"goal":"page:605","level":"solid"}]), "invalid_goal"),
        (
            json!([{"goal":"page:43-42","level":"solid"}]),
            "invalid_goal",
        ),
        (json!([{"goal":"review","level":"solid"}]), "invalid_goal"),
        (
            json!([{"goal":"surah:112","level":"great"}]),
            "invalid_level",
        ),
        (json!([]), "invalid_placement"),
    ] {
        let refused = post_json(&app, "/api/v1/placement", &json!({ "marks": marks })).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{marks}");
        assert_eq!(refused.json()["error"]["code"], code, "{marks}");
        assert_eq!(started(&app).await, 0, "{marks} placed something");
    }
    let wrong_shape = post_json(
        &app,
        "/api/v1/placement",
        &json!({"marks":[{"goal":"surah:112"}]}),
    )
    .await;
    assert_eq!(wrong_shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_shape.json()["error"]["code"], "invalid_fields");

    let placed = post_json(
        &app,
        "/api/v1/placement",
        &json!({"marks":[{"goal":"surah:112","level":"solid"}]}),
    )
    .await;
    assert_eq!(placed.status, StatusCode::OK, "{}", placed.body);
    assert_eq!(placed.json(), json!({"verses":4,"placed":7,"kept":0}));
    assert_eq!(started(&app).await, 4);
    let settings = get(&app, "/api/v1/settings").await.json();
    assert_eq!(settings["placement_offered"], true);
}

#[tokio::test]
async fn the_form_lists_surahs_by_juz_places_them_and_confirms() {
    let (_dir, app) = app().await;
    let page = get(&app, "/placement").await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "Juz 30",
        "name=\"juz_30\"",
        "name=\"surah_112\"",
        "Al-Ikhlas",
        "الإخلاص",
        "name=\"surah_2\"",
        "value=\"rusty\"",
    ] {
        assert!(page.body.contains(expected), "{expected} missing");
    }
    // Juz 30 comes first, Al-Baqarah in juz 1 last.
    assert!(page.body.find("juz_30").unwrap() < page.body.find("juz_1\"").unwrap());

    let empty = post_form(&app, "/placement", "surah_112=&juz_30=").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("at least one surah or juz"),
        "{}",
        empty.body
    );
    let bad_level = post_form(&app, "/placement", "surah_112=great").await;
    assert_eq!(bad_level.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_level.body.contains("unknown level"),
        "{}",
        bad_level.body
    );
    let bad_field = post_form(&app, "/placement", "goal=review").await;
    assert_eq!(bad_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_surah = post_form(&app, "/placement", "surah_115=solid").await;
    assert_eq!(bad_surah.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(started(&app).await, 0, "refused forms place nothing");

    // An-Nas and Al-Ikhlas solid, the rest of juz 30 not known.
    let placed = post_form(
        &app,
        "/placement",
        "juz_30=&surah_114=solid&surah_112=solid&surah_113=",
    )
    .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    assert_eq!(placed.location, "/placement?verses=10&placed=18&kept=0");
    let confirmed = get(&app, &placed.location).await;
    assert!(
        confirmed.body.contains("Placed 10 verses"),
        "{}",
        confirmed.body
    );
    assert_eq!(started(&app).await, 10);
    let progress = get(&app, "/progress").await;
    assert!(progress.body.contains("href=\"/placement\""));
    assert!(
        progress.body.contains("id=\"verses-known\">10<"),
        "solid verses are known"
    );

    // A whole juz, with one surah of its own level: the narrowest wins.
    let juz = post_form(&app, "/placement", "juz_29=shaky&surah_67=rusty").await;
    assert_eq!(juz.status, StatusCode::SEE_OTHER);
    assert!(
        juz.location.starts_with("/placement?verses=431&"),
        "{}",
        juz.location
    );
}

#[tokio::test]
async fn the_home_page_offers_placement_once() {
    let (_dir, app) = app().await;
    let home = get(&app, "/").await;
    assert!(
        home.body.contains("id=\"placement-offer\""),
        "a new learner is offered placement"
    );
    assert!(home.body.contains("href=\"/placement\""));
    let dismissed = post_form(&app, "/placement/dismiss", "").await;
    assert_eq!(
        (dismissed.status, dismissed.location.as_str()),
        (StatusCode::SEE_OTHER, "/")
    );
    assert!(!get(&app, "/").await.body.contains("id=\"placement-offer\""));
    // Progress still links to it.
    assert!(
        get(&app, "/progress")
            .await
            .body
            .contains("href=\"/placement\"")
    );
}

#[tokio::test]
async fn pages_are_read_page_by_page_in_json_and_on_the_mushaf_map() {
    let (_dir, app) = app().await;
    let placed = post_json(
        &app,
        "/api/v1/placement",
        &json!({"marks":[{"goal":"surah:112","level":"solid"},{"goal":"page:1","level":"shaky"}]}),
    )
    .await;
    assert_eq!(placed.status, StatusCode::OK, "{}", placed.body);
    let pages = get(&app, "/api/v1/pages").await;
    assert_eq!(pages.status, StatusCode::OK);
    let pages = pages.json();
    let pages = pages.as_array().unwrap();
    assert_eq!(pages.len(), 604);
    assert_eq!(pages[603]["first_verse"], "112:1");
    assert_eq!(pages[603]["state"], "begun", "112 placed, 113 and 114 not");
    assert_eq!(
        pages[0]["state"], "learning",
        "shaky verses are started, not known"
    );
    assert_eq!(pages[0]["progress"]["learning"], 7);
    assert_eq!(pages[1]["state"], "new");

    let map = get(&app, "/progress/mushaf").await;
    assert_eq!(map.status, StatusCode::OK);
    assert_eq!(map.body.matches("<rect ").count(), 604, "a square a page");
    assert_eq!(
        map.body.matches("class=\"mushaf-row\"").count(),
        30,
        "a row a juz"
    );
    assert!(
        map.body
            .contains("Juz 30, pages 582 to 604: 0 known, 0 learning, 1 begun, 22 new"),
        "{}",
        map.body
    );
    assert!(
        map.body
            .contains("Page 604 · 112:1–114:6 · 4 of 15 verses started, 4 known")
    );
    assert!(
        map.body
            .contains(r#"<strong id="pages-learning">1</strong>"#)
    );
    assert!(map.body.contains(r#"<strong id="pages-begun">1</strong>"#));
    assert_eq!(
        get(&app, "/progress/mushaf?x=1").await.status,
        StatusCode::OK,
        "a query is ignored"
    );
}
