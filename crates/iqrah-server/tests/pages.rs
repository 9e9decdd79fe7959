//! The pages around a session: "done for today" (with practise ahead) when
//! a goal has nothing left for today, the summary that names the goal and lists the verses missed with their text,
//! the settings form's daily cap on new verses, goals named as a learner
//! names them on the home page and in the history, and the first goals a new
//! learner is offered.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use iqrah_api::Iqrah;
use iqrah_server::{AppState, Assets, router};
use tower::ServiceExt;

async fn app() -> (tempfile::TempDir, Iqrah, Router) {
    let (dir, iqrah) = common::open_iqrah().await;
    let router = router(AppState::local(iqrah.clone(), Assets::default()));
    (dir, iqrah, router)
}

/// What a page request answered: status, `Location` and body text.
struct Page {
    status: StatusCode,
    location: String,
    body: String,
}

async fn send(app: &Router, method: &str, uri: &str, form: Option<&str>) -> Page {
    let mut request = Request::builder().method(method).uri(uri);
    if form.is_some() {
        request = request.header("content-type", "application/x-www-form-urlencoded");
    }
    let request = request
        .body(form.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
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
    Page {
        status,
        location,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Answers every item of the session with `grade(n)` (n counts from 0).
async fn play(iqrah: &Iqrah, session_id: &str, grade: impl Fn(usize) -> u8) -> Vec<String> {
    let mut answered = Vec::new();
    while let Some(item) = iqrah
        .get_next_session_item(&iqrah_api::UserId::local(), session_id.to_owned())
        .await
        .unwrap()
    {
        iqrah
            .submit_session_item(
                &iqrah_api::UserId::local(),
                session_id.to_owned(),
                item.node_id.clone(),
                grade(answered.len()),
                4000,
            )
            .await
            .unwrap();
        answered.push(item.node_id);
    }
    answered
}

#[tokio::test]
async fn the_summary_names_the_goal_and_lists_the_verses_missed_with_their_text() {
    let (_dir, iqrah, app) = app().await;
    let session = iqrah
        .start_session(&iqrah_api::UserId::local(), "surah:112".to_owned())
        .await
        .unwrap();
    // The first item answered Again, every other Good.
    let answered = play(&iqrah, &session.id, |n| if n == 0 { 1 } else { 3 }).await;
    iqrah
        .complete_session(&iqrah_api::UserId::local(), session.id.clone())
        .await
        .unwrap();
    // The session page of a completed session leads to its summary.
    let session_page = send(&app, "GET", &format!("/session/{}", session.id), None).await;
    assert_eq!(
        session_page.location,
        format!("/session/{}/summary", session.id)
    );
    let page = send(
        &app,
        "GET",
        &format!("/session/{}/summary", session.id),
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(r#"<span id="goal-name">Al-Ikhlas</span>"#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"id="missed""#));
    // The Again's relearning copy is counted beside the items planned, so
    // that answered and skipped add up to what the planned figures say.
    assert!(
        page.body
            .contains(r#"<dd class="muted" id="relearning-added">+ 1 to relearn</dd>"#),
        "{}",
        page.body
    );
    let reference = answered[0].split('/').next().unwrap();
    assert!(
        page.body
            .contains(&format!(r#"data-reference="{reference}" data-rating="1""#)),
        "{reference} is listed as missed: {}",
        page.body
    );
    let verse = &iqrah.verses(reference, None).await.unwrap()[0];
    let shown = iqrah_quran::display::for_display(&verse.text);
    assert!(page.body.contains(shown.as_ref()), "the verse's text");
    assert!(
        page.body
            .contains(&format!(r#"href="/verses/{reference}/similar""#))
    );
}

#[tokio::test]
async fn the_look_alikes_page_sets_each_look_alike_beside_the_verse_with_the_differences_marked() {
    let (_dir, _iqrah, app) = app().await;
    let page = send(&app, "GET", "/verses/113:1/similar", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Verses that look like Al-Falaq 113:1"),
        "{}",
        page.body
    );
    let nas = page
        .body
        .split(r#"<li class="look-alike" data-key="114:1">"#)
        .nth(1)
        .expect("An-Nas 1 is listed");
    let nas = nas.split("</li>").next().unwrap_or_default();
    assert!(
        nas.contains("a word or two differ · 75 % in common"),
        "{nas}"
    );
    // One word marked on each side: an-nas in 114:1, al-falaq in 113:1.
    assert_eq!(nas.matches(r#"<mark class="missed">"#).count(), 2, "{nas}");
    let marked: Vec<String> = nas
        .split(r#"<mark class="missed">"#)
        .skip(1)
        .map(|m| iqrah_core::arabic::normalize(m.split("</mark>").next().unwrap_or_default()))
        .collect();
    assert_eq!(marked, ["الناس", "الفلق"]);
    // 2:5 and 31:5 are the same verse: nothing to mark.
    let page = send(&app, "GET", "/verses/2:5/similar", None).await;
    let luqman = page.body.split(r#"data-key="31:5">"#).nth(1).expect("31:5");
    assert!(
        !luqman
            .split("</li>")
            .next()
            .unwrap_or_default()
            .contains("<mark")
    );
    assert!(
        !page.body.contains("look-alike passage"),
        "2:5 and 31:5 stand alone"
    );
    // 23:6 and 70:30 lie in runs alike verse by verse: the page says so.
    let page = send(&app, "GET", "/verses/23:6/similar", None).await;
    assert!(
        page.body.contains(
            "Part of a look-alike passage: 23:5-8 and 70:29-32 are alike verse by verse."
        ),
        "{}",
        page.body
    );
    // A verse that does not exist is an error page, not a list.
    let page = send(&app, "GET", "/verses/2:287/similar", None).await;
    assert!(page.status.is_client_error(), "{}", page.status);
    assert!(!page.body.contains("look-alike"), "{}", page.body);
}

#[tokio::test]
async fn a_goal_with_nothing_left_today_says_done_for_today_and_offers_to_practise_ahead() {
    let (_dir, iqrah, app) = app().await;
    // Sessions of surah 112, every item graded Good, until nothing is left today.
    let mut sessions = 0;
    let done = loop {
        let page = send(&app, "POST", "/start", Some("goal=surah%3A112")).await;
        if page.status == StatusCode::OK {
            break page;
        }
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let id = page.location.trim_start_matches("/session/").to_owned();
        assert!(!play(&iqrah, &id, |_| 3).await.is_empty());
        iqrah
            .complete_session(&iqrah_api::UserId::local(), id)
            .await
            .unwrap();
        sessions += 1;
        assert!(sessions < 6, "done for today within 6 sessions");
    };
    assert!(sessions >= 1);
    assert!(!done.body.contains("Something went wrong"), "{}", done.body);
    assert!(done.body.contains(r#"id="next-due""#));
    if !done.body.contains(r#"data-code="done_for_today""#) {
        // A server without the start options: nothing to practise, no practice ahead offered.
        assert!(
            done.body.contains("<h1>Nothing to practise now</h1>"),
            "{}",
            done.body
        );
        assert!(!done.body.contains(r#"id="practise-ahead""#));
        return;
    }
    assert!(
        done.body.contains("<h1>Done for today</h1>"),
        "{}",
        done.body
    );
    assert!(done.body.contains(r#"id="practise-ahead""#));
    assert!(done.body.contains(r#"name="practice_ahead" value="true""#));
    // Practising ahead when asked: a session of items not due yet.
    let ahead = send(
        &app,
        "POST",
        "/start",
        Some("goal=surah%3A112&practice_ahead=true"),
    )
    .await;
    assert_eq!(ahead.status, StatusCode::SEE_OTHER, "{}", ahead.body);
    let id = ahead.location.trim_start_matches("/session/").to_owned();
    let item = iqrah
        .get_next_session_item(&iqrah_api::UserId::local(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.reason, iqrah_api::Reason::PracticeAhead);
}

#[tokio::test]
async fn the_page_form_starts_a_session_of_that_mushaf_page_and_refuses_a_page_that_is_not() {
    let (_dir, iqrah, app) = app().await;
    let home = send(&app, "GET", "/", None).await;
    assert!(
        home.body
            .contains(r#"name="page" id="page-number" min="1" max="604""#)
    );
    let start = send(&app, "POST", "/start", Some("goal=page&page=604")).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let id = start.location.trim_start_matches("/session/").to_owned();
    let session = iqrah
        .get_session(&iqrah_api::UserId::local(), id.clone())
        .await
        .unwrap();
    assert_eq!(session.goal_id, "page:604");
    let item = iqrah
        .get_next_session_item(&iqrah_api::UserId::local(), id)
        .await
        .unwrap()
        .unwrap();
    assert!(item.node_id.starts_with("112:1/"), "{}", item.node_id);
    for bad in ["0", "605", "4x", ""] {
        let refused = send(
            &app,
            "POST",
            "/start",
            Some(&format!("goal=page&page={bad}")),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "page {bad:?}: {}",
            refused.body
        );
        assert!(
            refused.body.contains("page"),
            "page {bad:?}: {}",
            refused.body
        );
    }
    let sessions = iqrah
        .list_sessions(&iqrah_api::UserId::local(), 10)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1, "a refused page starts nothing");
}

#[tokio::test]
async fn the_search_box_finds_surahs_by_name_in_either_script_juz_pages_and_verses() {
    let (_dir, _iqrah, app) = app().await;
    let home = send(&app, "GET", "/", None).await;
    assert!(home.body.contains(r#"<form method="get" action="/find""#));
    assert!(
        home.body
            .contains(r#"<span class="name-ar" lang="ar" dir="rtl">الإخلاص</span>"#),
        "the surah list names each surah in Arabic too"
    );
    assert!(
        home.body
            .contains(r#"title="Begins on page 604 of the mushaf">p. 604</span>"#)
    );
    assert!(home.body.contains(r#"title="Juz 30, from page 582: "#));
    let found = |q: &str| {
        let app = app.clone();
        let uri = format!("/find?q={q}");
        async move { send(&app, "GET", &uri, None).await }
    };
    for q in [
        "ikhlas",
        "Al-Ikhlas",
        "%D8%A7%D9%84%D8%A5%D8%AE%D9%84%D8%A7%D8%B5",
    ] {
        let page = found(q).await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        assert!(
            page.body.contains(r#"data-goal="surah:112""#),
            "{q}: {}",
            page.body
        );
        assert!(page.body.contains("Al-Ikhlas"), "{q}");
    }
    let page = found("page+42").await;
    assert!(
        page.body.contains(r#"data-goal="page:42""#),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"<span class="kind">Page</span>"#),
        "{}",
        page.body
    );
    let page = found("2%3A255").await;
    assert!(
        page.body.contains(r#"data-goal="range:2:255-2:255""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("Al-Baqarah 255"), "{}", page.body);
    let page = found("30").await;
    for goal in ["surah:30", "juz:30", "page:30"] {
        assert!(
            page.body.contains(&format!(r#"data-goal="{goal}""#)),
            "{goal}"
        );
    }
    let page = found("zzzz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"id="found-nothing""#));
    let page = found(&"a".repeat(101)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("at most 100"), "{}", page.body);
    let page = send(&app, "GET", "/find?q=ikhlas&extra=1", None).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let page = send(&app, "GET", "/find", None).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "an empty search is the search page"
    );
}

#[tokio::test]
async fn every_page_has_a_description_and_the_icon_and_a_get_of_a_form_address_is_an_html_405() {
    let (_dir, _iqrah, app) = app().await;
    for uri in ["/", "/about", "/find?q=ikhlas"] {
        let page = send(&app, "GET", uri, None).await;
        assert!(
            page.body
                .contains(r#"<meta name="description" content="Iqrah: "#),
            "{uri}"
        );
        assert!(
            page.body
                .contains(r#"<link rel="icon" href="/assets/icon.svg""#),
            "{uri}"
        );
    }
    let icon = send(&app, "GET", "/assets/icon.svg", None).await;
    assert_eq!(icon.status, StatusCode::OK);
    assert!(icon.body.starts_with("<svg"));
    let get_start = send(&app, "GET", "/start", None).await;
    assert_eq!(get_start.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        get_start.body.contains("<h1>Not a page to open</h1>"),
        "{}",
        get_start.body
    );
    assert!(get_start.body.contains("/start is not a page to open"));
}

/// The `Content-Encoding` and the body's length on the wire of a GET
/// sent with `accept_encoding`.
async fn encoded(
    app: &Router,
    uri: &str,
    accept_encoding: Option<&str>,
) -> (Option<String>, usize) {
    let mut request = Request::builder().uri(uri);
    if let Some(accept) = accept_encoding {
        request = request.header("accept-encoding", accept);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    (encoding, bytes.len())
}

#[tokio::test]
async fn text_is_sent_compressed_to_a_browser_that_accepts_it_and_fonts_as_they_are() {
    let (_dir, iqrah) = common::open_iqrah().await;
    let fontsource = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/node_modules/@fontsource");
    let app = router(AppState::local(iqrah, Assets::load(Some(&fontsource))));
    for uri in ["/", "/assets/app.js", "/assets/app.css", "/api/v1/surahs"] {
        let (plain_encoding, plain) = encoded(&app, uri, None).await;
        assert_eq!(
            plain_encoding, None,
            "{uri}: nothing asked, nothing compressed"
        );
        let (encoding, br) = encoded(&app, uri, Some("br, gzip")).await;
        assert_eq!(encoding.as_deref(), Some("br"), "{uri}");
        assert!(br * 2 < plain, "{uri}: {br} bytes compressed of {plain}");
        let (encoding, _) = encoded(&app, uri, Some("gzip")).await;
        assert_eq!(encoding.as_deref(), Some("gzip"), "{uri}");
    }
    let css = send(&app, "GET", "/assets/fonts.css", None).await.body;
    let font = css
        .split("url(")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("a font URL in fonts.css")
        .trim_matches(|c| c == '"' || c == '\'');
    let (encoding, _) = encoded(&app, font, Some("br, gzip")).await;
    assert_eq!(encoding, None, "{font}: WOFF2 is compressed already");
}

#[tokio::test]
async fn the_settings_form_saves_new_verses_per_day() {
    let (_dir, iqrah, app) = app().await;
    let s = iqrah.settings(&iqrah_api::UserId::local()).await.unwrap();
    let form = |per_day: &str| {
        format!(
            "desired_retention={}&session_size={}&new_verses_per_session={}&day_start_hour={}&utc_offset_minutes={}&translation_language={}{per_day}",
            s.desired_retention,
            s.session_size,
            s.new_verses_per_session,
            s.day_start_hour,
            s.utc_offset_minutes,
            s.translation_language
        )
    };
    let page = send(&app, "GET", "/settings", None).await;
    assert!(page.body.contains(&format!(
        r#"name="new_verses_per_day" type="number" min="0" max="1000" value="{}""#,
        s.new_verses_per_day
    )));
    let saved = send(
        &app,
        "POST",
        "/settings",
        Some(&form("&new_verses_per_day=3")),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        iqrah
            .settings(&iqrah_api::UserId::local())
            .await
            .unwrap()
            .new_verses_per_day,
        3
    );
    // Out of range: refused, nothing changed.
    let refused = send(
        &app,
        "POST",
        "/settings",
        Some(&form("&new_verses_per_day=5000")),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        iqrah
            .settings(&iqrah_api::UserId::local())
            .await
            .unwrap()
            .new_verses_per_day,
        3
    );
    // A form without the field keeps the saved value.
    let kept = send(&app, "POST", "/settings", Some(&form(""))).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    assert_eq!(
        iqrah
            .settings(&iqrah_api::UserId::local())
            .await
            .unwrap()
            .new_verses_per_day,
        3
    );
}

#[tokio::test]
async fn the_home_page_and_the_history_name_goals_as_a_learner_would() {
    let (_dir, iqrah, app) = app().await;
    let learner = iqrah_api::UserId::local();
    let done = iqrah
        .start_session(&learner, "surah:112".to_owned())
        .await
        .unwrap();
    play(&iqrah, &done.id, |_| 3).await;
    iqrah
        .complete_session(&learner, done.id.clone())
        .await
        .unwrap();
    iqrah
        .start_session(&learner, "juz:30".to_owned())
        .await
        .unwrap();
    let home = send(&app, "GET", "/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body
            .contains(r#"<p class="muted" id="resume-goal">Juz 30 · every answer is saved</p>"#),
        "{}",
        home.body
    );
    let progress = send(&app, "GET", "/progress", None).await;
    assert_eq!(progress.status, StatusCode::OK);
    assert!(
        progress.body.contains(&format!(
            r#"<a href="/session/{}/summary">Al-Ikhlas</a>"#,
            done.id
        )),
        "{}",
        progress.body
    );
    assert!(!progress.body.contains(">surah:112<"));
    // The surah table lists the started surahs; all 114 on request.
    assert!(
        progress.body.contains("<td>112. Al-Ikhlas</td>"),
        "{}",
        progress.body
    );
    assert!(!progress.body.contains("<td>2. Al-Baqarah</td>"));
    assert!(progress.body.contains("The 1 surah you have started."));
    let all = send(&app, "GET", "/progress?surahs=all", None).await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains("<td>2. Al-Baqarah</td>"));
    assert_eq!(all.body.matches("<td>112. Al-Ikhlas</td>").count(), 1);
    for bad in ["/progress?surahs=some", "/progress?surahs=all&x=1"] {
        let refused = send(&app, "GET", bad, None).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            refused.body.contains("/progress?surahs=all"),
            "{}",
            refused.body
        );
    }
}

#[tokio::test]
async fn every_page_is_drawn_in_the_learners_theme_and_reading_size() {
    let (_dir, iqrah, app) = app().await;
    let learner = iqrah_api::UserId::local();
    let tag = |theme: &str, size: u16| {
        format!(r#"<html lang="en" data-theme="{theme}" data-reading-size="{size}">"#)
    };
    for path in ["/", "/progress", "/settings", "/about"] {
        let page = send(&app, "GET", path, None).await;
        assert!(page.body.contains(&tag("system", 100)), "{path}");
    }
    let s = iqrah.settings(&learner).await.unwrap();
    let form = |rest: &str| {
        format!(
            "desired_retention={}&session_size={}&new_verses_per_session={}&day_start_hour={}&utc_offset_minutes={}&translation_language={}{rest}",
            s.desired_retention,
            s.session_size,
            s.new_verses_per_session,
            s.day_start_hour,
            s.utc_offset_minutes,
            s.translation_language
        )
    };
    let saved = send(
        &app,
        "POST",
        "/settings",
        Some(&form("&theme=dark&reading_size=150")),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let session = iqrah
        .start_session(&learner, "surah:112".to_owned())
        .await
        .unwrap();
    let session_page = format!("/session/{}", session.id);
    for path in [
        "/",
        "/progress",
        "/settings",
        "/about",
        session_page.as_str(),
    ] {
        let page = send(&app, "GET", path, None).await;
        assert!(page.body.contains(&tag("dark", 150)), "{path}");
        assert_eq!(page.body.matches("<html").count(), 1, "{path}");
    }
    let settings_page = send(&app, "GET", "/settings", None).await.body;
    assert!(settings_page.contains(r#"<option value="dark" selected>"#));
    assert!(settings_page.contains(r#"<option value="150" selected>"#));
    // Out of range: refused with the reason, nothing changed.
    for rest in [
        "&theme=light&reading_size=300",
        "&theme=light&reading_size=big",
        "&theme=sepia&reading_size=100",
    ] {
        let refused = send(&app, "POST", "/settings", Some(&form(rest))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{rest}");
        assert!(refused.body.contains("Nothing was changed"), "{rest}");
        assert!(refused.body.contains(&tag("dark", 150)), "{rest}");
        let now = iqrah.settings(&learner).await.unwrap();
        assert_eq!(
            (now.theme, now.reading_size),
            (iqrah_api::Theme::Dark, 150),
            "{rest}"
        );
    }
    // A form without the fields keeps them.
    let kept = send(&app, "POST", "/settings", Some(&form(""))).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    let now = iqrah.settings(&learner).await.unwrap();
    assert_eq!((now.theme, now.reading_size), (iqrah_api::Theme::Dark, 150));

    // Meaning is practised until the learner skips it; a form without the
    // field keeps what was chosen, a garbled value changes nothing.
    let page = send(&app, "GET", "/settings", None).await.body;
    assert!(
        page.contains(r#"<option value="true" selected>Practise the meaning"#),
        "{page}"
    );
    let skipped = send(
        &app,
        "POST",
        "/settings",
        Some(&form("&practise_meaning=false")),
    )
    .await;
    assert_eq!(skipped.status, StatusCode::SEE_OTHER, "{}", skipped.body);
    assert!(!iqrah.settings(&learner).await.unwrap().practise_meaning);
    let page = send(&app, "GET", "/settings", None).await.body;
    assert!(
        page.contains(r#"<option value="false" selected>Skip the meaning"#),
        "{page}"
    );
    let kept = send(&app, "POST", "/settings", Some(&form(""))).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    let before = iqrah.settings(&learner).await.unwrap();
    assert!(!before.practise_meaning);
    // A refused form changes no setting, not even the valid ones beside it.
    let refused = send(
        &app,
        "POST",
        "/settings",
        Some(&form(
            "&practise_meaning=maybe&theme=light&reading_size=100",
        )),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(iqrah.settings(&learner).await.unwrap(), before);
}

#[tokio::test]
async fn the_app_is_installable_its_service_worker_keeps_a_shell_that_is_served_and_never_the_api()
{
    let (_dir, _iqrah, app) = app().await;
    // Every page links the manifest and registers the service worker.
    for uri in ["/", "/about", "/progress", "/settings", "/offline"] {
        let page = send(&app, "GET", uri, None).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(
            page.body
                .contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#),
            "{uri}"
        );
        assert!(
            page.body
                .contains(r#"<script type="module" src="/assets/install.js">"#),
            "{uri}"
        );
    }
    let manifest = send(&app, "GET", "/manifest.webmanifest", None).await;
    assert_eq!(manifest.status, StatusCode::OK);
    let manifest: serde_json::Value = serde_json::from_str(&manifest.body).unwrap();
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["display"], "standalone");
    // The icons it names are served, the PNGs at the size they claim.
    for icon in manifest["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap();
        let response = app
            .clone()
            .oneshot(Request::get(src).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{src}");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        if icon["type"] == "image/png" {
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{src}");
            let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
            let size = icon["sizes"].as_str().unwrap();
            assert_eq!(size, format!("{width}x{width}"), "{src}");
        }
    }
    // The service worker: a version, and a shell of URLs that all answer.
    let worker = send(&app, "GET", "/sw.js", None).await;
    assert_eq!(worker.status, StatusCode::OK);
    assert!(!worker.body.contains("__IQRAH_"), "filled in");
    let list = worker
        .body
        .lines()
        .find_map(|l| l.strip_prefix("const SHELL = "))
        .and_then(|l| l.strip_suffix(';'))
        .unwrap();
    let shell: Vec<String> = serde_json::from_str(list).unwrap();
    assert!(shell.contains(&"/offline".to_owned()) && shell.contains(&"/assets/app.js".to_owned()));
    for url in &shell {
        assert!(!url.starts_with("/api/"), "{url}: the API is never kept");
        assert_eq!(
            send(&app, "GET", url, None).await.status,
            StatusCode::OK,
            "{url}"
        );
    }
    // The offline page says nothing is lost.
    let offline = send(&app, "GET", "/offline", None).await;
    assert!(offline.body.contains("Nothing you answered is lost"));
}

#[tokio::test]
async fn a_new_learner_is_offered_first_goals_until_a_verse_is_started() {
    let (_dir, iqrah, app) = app().await;
    let learner = iqrah_api::UserId::local();
    let home = send(&app, "GET", "/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    for needle in [
        r#"id="first-run""#,
        r#"<input type="hidden" name="goal" value="juz:30:reverse">"#,
        r#"<input type="hidden" name="goal" value="surah:1">"#,
        r##"href="#find-query""##,
    ] {
        assert!(home.body.contains(needle), "{needle} in {}", home.body);
    }
    assert!(
        !home.body.contains(r#"id="start-review""#),
        "no review with nothing to review"
    );
    // The first goal starts a session whose first item teaches.
    let started = send(&app, "POST", "/start", Some("goal=surah%3A1")).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let session = started.location.trim_start_matches("/session/").to_owned();
    let first = iqrah
        .get_next_session_item(&learner, session.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        first.exercise.exercise_type(),
        iqrah_core::exercise::ExerciseType::Study
    );
    // With a session open, the home page resumes it instead.
    let home = send(&app, "GET", "/", None).await;
    assert!(!home.body.contains(r#"id="first-run""#));
    assert!(home.body.contains(r#"id="resume""#));
    // Once a verse is started and the session is over, today's review is back.
    play(&iqrah, &session, |_| 3).await;
    iqrah.complete_session(&learner, session).await.unwrap();
    let home = send(&app, "GET", "/", None).await;
    assert!(!home.body.contains(r#"id="first-run""#));
    assert!(home.body.contains(r#"id="start-review""#));
}
