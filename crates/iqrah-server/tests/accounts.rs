//! A shared server with accounts, on a real PostgreSQL database: every
//! route but the public ones needs a sign-in; sign-up (open or by
//! invitation), sign-in with its back-off, sign-out, password changes and
//! API tokens work as documented; two learners never reach each other's
//! data; only an admin manages accounts.
//!
//! Needs `IQRAH_TEST_DATABASE_URL` (scripts/test starts the server).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::accounts::{PASSWORD, Server};
use iqrah_api::{Role, SignUpMode};
use serde_json::{Value, json};
use tower::ServiceExt;

/// Every route of the app but the public ones, with a body where one is
/// needed to reach the handler.
fn private_routes() -> Vec<(&'static str, &'static str)> {
    vec![
        ("GET", "/api/v1/surahs"),
        ("GET", "/api/v1/languages"),
        ("GET", "/api/v1/verses/112:1"),
        ("GET", "/api/v1/overview"),
        ("GET", "/api/v1/stats"),
        ("GET", "/api/v1/history"),
        ("GET", "/api/v1/settings"),
        ("PUT", "/api/v1/settings"),
        ("PATCH", "/api/v1/settings"),
        ("GET", "/api/v1/parameters"),
        ("DELETE", "/api/v1/parameters"),
        ("POST", "/api/v1/parameters/optimize"),
        ("GET", "/api/v1/sessions"),
        ("POST", "/api/v1/sessions"),
        ("GET", "/api/v1/sessions/active"),
        ("GET", "/api/v1/sessions/s"),
        ("GET", "/api/v1/sessions/s/next"),
        ("POST", "/api/v1/sessions/s/reveal"),
        ("POST", "/api/v1/sessions/s/check"),
        ("POST", "/api/v1/sessions/s/submit"),
        ("POST", "/api/v1/sessions/s/skip"),
        ("POST", "/api/v1/sessions/s/show-answer"),
        ("POST", "/api/v1/sessions/s/submit-passage"),
        ("POST", "/api/v1/sessions/s/undo"),
        ("POST", "/api/v1/sessions/s/complete"),
        ("POST", "/api/v1/sessions/s/abandon"),
        ("POST", "/api/v1/sign-out"),
        ("GET", "/api/v1/account"),
        ("PUT", "/api/v1/account/password"),
        ("GET", "/api/v1/tokens"),
        ("POST", "/api/v1/tokens"),
        ("DELETE", "/api/v1/tokens/t"),
        ("GET", "/api/v1/invitations"),
        ("POST", "/api/v1/invitations"),
        ("DELETE", "/api/v1/invitations/i"),
        ("GET", "/api/v1/accounts"),
        ("PATCH", "/api/v1/accounts/someone"),
        ("GET", "/api/v1/classes"),
        ("POST", "/api/v1/classes"),
        ("POST", "/api/v1/classes/join"),
        ("GET", "/api/v1/classes/c"),
        ("DELETE", "/api/v1/classes/c"),
        ("DELETE", "/api/v1/classes/c/membership"),
        ("GET", "/api/v1/no-such-route"),
    ]
}

/// Every page but the public ones.
const PRIVATE_PAGES: [&str; 10] = [
    "/",
    "/progress",
    "/settings",
    "/about",
    "/account",
    "/session/s",
    "/session/s/summary",
    "/classes",
    "/classes/c",
    "/no-such-page",
];

#[tokio::test]
async fn every_route_but_sign_in_sign_up_health_and_assets_needs_a_signed_in_account() {
    let server = Server::start(SignUpMode::Open).await;
    let mut anonymous = server.client();
    let mut forger = server.client();
    forger.bearer = Some(format!("iqrah_{}", "0".repeat(64)));
    let mut garbled = server.client();
    garbled.cookie = Some("__Host-iqrah_session=not-a-session".to_owned());
    for (method, path) in private_routes() {
        let body = (method != "GET" && method != "DELETE").then(|| json!({}));
        let answer = anonymous.send(method, path, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (StatusCode::UNAUTHORIZED, "sign_in_required"),
            "{method} {path}: {}",
            answer.body
        );
        let answer = forger.send(method, path, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (StatusCode::UNAUTHORIZED, "token_not_valid"),
            "{method} {path} with a forged token"
        );
        let answer = garbled.send(method, path, body).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{method} {path} with a garbled cookie"
        );
    }
    for page in PRIVATE_PAGES {
        let answer = anonymous.get(page).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{page}");
        let to = answer.header("location");
        assert!(to.starts_with("/sign-in?next=/"), "{page} → {to}");
    }
    for form in [
        "/start",
        "/settings",
        "/sign-out",
        "/account/tokens",
        "/classes",
        "/classes/join",
        "/classes/c/leave",
        "/classes/c/delete",
    ] {
        let answer = anonymous.send("POST", form, Some(json!("x=1"))).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "POST {form}");
        assert_eq!(answer.header("location"), "/sign-in?next=/", "POST {form}");
    }
    for public in ["/sign-in", "/sign-up", "/api/v1/health", "/assets/app.css"] {
        assert_eq!(
            anonymous.get(public).await.status,
            StatusCode::OK,
            "{public}"
        );
    }
    // The signed-out pages' navigation leads only where a visitor may go.
    for public in ["/sign-in", "/sign-up"] {
        let page = anonymous.get(public).await.body;
        let nav = page
            .split("<nav>")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .unwrap_or_default();
        assert_eq!(
            nav, r#"<a href="/sign-in">Sign in</a> <a href="/sign-up">Sign up</a>"#,
            "{public}"
        );
    }
    // Nothing was created by any of it.
    assert!(server.iqrah.account_list(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn sign_up_signs_in_with_a_secure_cookie_and_sign_out_ends_the_session() {
    let server = Server::start(SignUpMode::Open).await;
    let mut amina = server.client();
    let answer = amina
        .send(
            "POST",
            "/api/v1/sign-up",
            Some(json!({"username": " Amina ", "password": PASSWORD})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.json()["username"], "amina");
    assert_eq!(answer.json()["role"], "learner");
    assert!(answer.json().get("password_hash").is_none());
    let cookie = answer.header("set-cookie");
    for part in [
        "__Host-iqrah_session=",
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Path=/",
    ] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let me = amina.get("/api/v1/account").await;
    assert_eq!(me.json()["username"], "amina");
    assert_eq!(amina.get("/").await.status, StatusCode::OK);
    // The About page speaks of this server, not of the learner's computer.
    let about = amina.get("/about").await;
    assert!(
        about
            .body
            .contains("kept on this server under your account"),
        "{}",
        about.body
    );
    assert!(!about.body.contains("runs on this computer"));

    // Refusals: a taken name, a short password, a bad name; nothing made.
    let mut other = server.client();
    for (body, status, code) in [
        (
            json!({"username": "AMINA", "password": PASSWORD}),
            StatusCode::CONFLICT,
            "username_taken",
        ),
        (
            json!({"username": "zaid", "password": "short"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_password",
        ),
        (
            json!({"username": "zaid", "password": "zaid"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_password",
        ),
        (
            json!({"username": "z a", "password": PASSWORD}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_username",
        ),
        (
            json!({"username": "zaid"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
        ),
    ] {
        let answer = other
            .send("POST", "/api/v1/sign-up", Some(body.clone()))
            .await;
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (status, code),
            "{body}"
        );
        assert!(other.cookie.is_none(), "{body}: no session");
    }
    assert_eq!(server.iqrah.account_list(None).await.unwrap().len(), 1);

    // Sign-out deletes the session: the old cookie is worth nothing.
    let old = amina.cookie.clone();
    let out = amina.send("POST", "/api/v1/sign-out", None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let mut replay = server.client();
    replay.cookie = old;
    assert_eq!(
        replay.get("/api/v1/account").await.status,
        StatusCode::UNAUTHORIZED
    );

    // Signing in again, by form, goes back to the page asked for.
    let mut browser = server.client();
    let form = format!(
        "username=amina&password={}&next=%2Fprogress",
        PASSWORD.replace(' ', "+")
    );
    let answer = browser.send("POST", "/sign-in", Some(json!(form))).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.header("location"), "/progress");
    assert_eq!(browser.get("/progress").await.status, StatusCode::OK);
    // …but never to another site.
    let form = format!(
        "username=amina&password={}&next=%2F%2Fevil.example",
        PASSWORD.replace(' ', "+")
    );
    let answer = server
        .client()
        .send("POST", "/sign-in", Some(json!(form)))
        .await;
    assert_eq!(answer.header("location"), "/");
}

#[tokio::test]
async fn by_invitation_only_an_admins_code_makes_an_account_and_only_once() {
    let server = Server::start(SignUpMode::Invitation).await;
    let mut stranger = server.client();
    let body = json!({"username": "zaid", "password": PASSWORD});
    let answer = stranger.send("POST", "/api/v1/sign-up", Some(body)).await;
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (StatusCode::FORBIDDEN, "invitation_required")
    );

    let mut admin = server.account("amina", Role::Admin).await;
    let invitation = admin
        .send(
            "POST",
            "/api/v1/invitations",
            Some(json!({"role": "teacher"})),
        )
        .await;
    assert_eq!(
        invitation.status,
        StatusCode::CREATED,
        "{}",
        invitation.body
    );
    let code = invitation.json()["code"].as_str().unwrap().to_owned();
    assert_eq!(invitation.json()["role"], "teacher");

    let body = json!({"username": "zaid", "password": PASSWORD, "invitation": code});
    let answer = stranger.send("POST", "/api/v1/sign-up", Some(body)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.json()["role"], "teacher");

    let mut late = server.client();
    for code in [code.as_str(), "0123456789abcdef0123456789abcdef", ""] {
        let body = json!({"username": "bilal", "password": PASSWORD, "invitation": code});
        let answer = late.send("POST", "/api/v1/sign-up", Some(body)).await;
        assert!(
            matches!(
                answer.code().as_str(),
                "invitation_not_valid" | "invitation_required"
            ),
            "{code:?}: {}",
            answer.body
        );
    }
    assert_eq!(server.iqrah.account_list(None).await.unwrap().len(), 2);

    // A learner may not invite.
    let mut zaid_learner = server.account("bilal", Role::Learner).await;
    let answer = zaid_learner
        .send("POST", "/api/v1/invitations", Some(json!({})))
        .await;
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (StatusCode::FORBIDDEN, "not_allowed")
    );
}

#[tokio::test]
async fn an_admin_lists_and_revokes_invitations_and_a_revoked_code_signs_nobody_up() {
    let server = Server::start(SignUpMode::Invitation).await;
    let mut admin = server.account("amina", Role::Admin).await;
    let mut codes = Vec::new();
    for role in ["learner", "teacher", "learner"] {
        let made = admin
            .send("POST", "/api/v1/invitations", Some(json!({"role": role})))
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        codes.push(made.json()["code"].as_str().unwrap().to_owned());
    }
    let body = json!({"username": "zaid", "password": PASSWORD, "invitation": codes[0]});
    let answer = server
        .client()
        .send("POST", "/api/v1/sign-up", Some(body))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);

    let listed = admin.get("/api/v1/invitations").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    for code in &codes {
        assert!(
            !listed.body.contains(code.as_str()),
            "a code is never listed"
        );
    }
    let list = listed.json().as_array().unwrap().clone();
    assert_eq!(list.len(), 3);
    let used: Vec<_> = list.iter().filter(|i| !i["used_by"].is_null()).collect();
    assert_eq!(used.len(), 1);
    assert_eq!(
        (&used[0]["used_by"], &used[0]["role"], &used[0]["made_by"]),
        (&json!("zaid"), &json!("learner"), &json!("amina"))
    );
    let teacher = list.iter().find(|i| i["role"] == "teacher").unwrap();
    let teacher_id = teacher["id"].as_str().unwrap();

    // Only an admin lists or revokes.
    let mut learner = server.account("bilal", Role::Learner).await;
    for (method, path) in [
        ("GET", "/api/v1/invitations".to_owned()),
        ("DELETE", format!("/api/v1/invitations/{teacher_id}")),
    ] {
        let answer = learner.send(method, &path, None).await;
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (StatusCode::FORBIDDEN, "not_allowed"),
            "{method} {path}"
        );
    }

    let revoke = format!("/api/v1/invitations/{teacher_id}");
    assert_eq!(
        admin.send("DELETE", &revoke, None).await.status,
        StatusCode::NO_CONTENT
    );
    let listed = admin.get("/api/v1/invitations").await.json();
    let revoked = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == teacher_id)
        .unwrap();
    assert_eq!(revoked["revoked_by"], "amina");
    assert_eq!(revoked["revoked_at"], revoked["expires_at"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["id"] != teacher_id)
            .all(|i| i["revoked_by"].is_null())
    );
    // Revoked already, used, unknown: nothing to revoke.
    for id in [
        teacher_id,
        used[0]["id"].as_str().unwrap(),
        "no-such-invitation",
    ] {
        let answer = admin
            .send("DELETE", &format!("/api/v1/invitations/{id}"), None)
            .await;
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (StatusCode::NOT_FOUND, "unknown_invitation"),
            "{id}"
        );
    }
    let body = json!({"username": "hafsa", "password": PASSWORD, "invitation": codes[1]});
    let answer = server
        .client()
        .send("POST", "/api/v1/sign-up", Some(body))
        .await;
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invitation_not_valid"),
        "{}",
        answer.body
    );

    // The account page lists them, and its form revokes the last one.
    let page = admin.get("/account").await;
    assert!(page.body.contains("used by zaid on"), "{}", page.body);
    assert!(page.body.contains("revoked by amina on"), "{}", page.body);
    let last = list
        .iter()
        .find(|i| i["role"] == "learner" && i["used_by"].is_null())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let form = format!("/account/invitations/{last}/revoke");
    assert!(
        page.body.contains(&form),
        "a usable invitation has its button"
    );
    assert!(
        !page
            .body
            .contains(&format!("/account/invitations/{teacher_id}/revoke"))
    );
    let revoked = admin.send("POST", &form, Some(json!(""))).await;
    assert!(
        revoked.body.contains("Invitation revoked"),
        "{}",
        revoked.body
    );
    assert!(!revoked.body.contains(&form));
    let body = json!({"username": "hafsa", "password": PASSWORD, "invitation": codes[2]});
    let answer = server
        .client()
        .send("POST", "/api/v1/sign-up", Some(body))
        .await;
    assert_eq!(answer.code(), "invitation_not_valid");
}

#[tokio::test]
async fn five_failed_sign_ins_hold_a_name_back_and_say_nothing_of_which_names_exist() {
    let server = Server::start(SignUpMode::Open).await;
    server.learner("amina").await;
    let mut guesser = server.client();
    let wrong = guesser.sign_in("amina", "not the password").await;
    let unknown = guesser.sign_in("nobody", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        (wrong.code(), wrong.json()["error"]["message"].clone()),
        (unknown.code(), unknown.json()["error"]["message"].clone())
    );
    for _ in 0..4 {
        guesser.sign_in("amina", "not the password").await;
    }
    // The sixth try waits, even with the right password.
    let held = guesser.sign_in("amina", PASSWORD).await;
    assert_eq!(
        (held.status, held.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_sign_ins"),
        "{}",
        held.body
    );
    assert_eq!(held.json()["error"]["retry_after_ms"], 15 * 60 * 1000);
    assert!(guesser.cookie.is_none());
    // Other names are not held back.
    server.learner("zaid").await;
}

#[tokio::test]
async fn a_token_acts_as_its_learner_until_revoked_and_a_password_change_signs_out_other_browsers()
{
    let server = Server::start(SignUpMode::Open).await;
    let mut amina = server.learner("amina").await;
    let made = amina
        .send("POST", "/api/v1/tokens", Some(json!({"label": "phone"})))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let token = made.json()["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("iqrah_"));
    let listed = amina.get("/api/v1/tokens").await.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(
        !listed.to_string().contains(&token),
        "the secret is never listed"
    );

    let mut script = server.client();
    script.bearer = Some(token.clone());
    let started = script
        .send(
            "POST",
            "/api/v1/sessions",
            Some(json!({"goal_id": "surah:112"})),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    assert_eq!(
        amina
            .get("/api/v1/sessions")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A second browser, then a password change in the first.
    let mut laptop = server.client();
    assert_eq!(
        laptop.sign_in("amina", PASSWORD).await.status,
        StatusCode::OK
    );
    let wrong = amina
        .send(
            "PUT",
            "/api/v1/account/password",
            Some(json!({"current": "nope", "new": "another long passphrase"})),
        )
        .await;
    assert_eq!(wrong.code(), "sign_in_failed");
    let changed = amina
        .send(
            "PUT",
            "/api/v1/account/password",
            Some(json!({"current": PASSWORD, "new": "another long passphrase"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(amina.get("/api/v1/account").await.status, StatusCode::OK);
    assert_eq!(
        laptop.get("/api/v1/account").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        laptop.sign_in("amina", PASSWORD).await.code(),
        "sign_in_failed"
    );
    assert_eq!(
        laptop
            .sign_in("amina", "another long passphrase")
            .await
            .status,
        StatusCode::OK
    );
    // Tokens outlive a password change, until revoked.
    assert_eq!(script.get("/api/v1/account").await.status, StatusCode::OK);
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    let mut zaid = server.learner("zaid").await;
    let theirs = zaid
        .send("DELETE", &format!("/api/v1/tokens/{id}"), None)
        .await;
    assert_eq!(
        (theirs.status, theirs.code().as_str()),
        (StatusCode::NOT_FOUND, "unknown_token")
    );
    assert_eq!(script.get("/api/v1/account").await.status, StatusCode::OK);
    let revoked = amina
        .send("DELETE", &format!("/api/v1/tokens/{id}"), None)
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(
        script.get("/api/v1/account").await.code(),
        "token_not_valid"
    );
}

#[tokio::test]
async fn two_learners_never_reach_each_others_sessions_or_data() {
    let server = Server::start(SignUpMode::Open).await;
    let mut amina = server.learner("amina").await;
    let mut zaid = server.learner("zaid").await;
    let started = amina
        .send(
            "POST",
            "/api/v1/sessions",
            Some(json!({"goal_id": "surah:112"})),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let id = started.json()["id"].as_str().unwrap().to_owned();
    let next_before = amina.get(&format!("/api/v1/sessions/{id}/next")).await.body;
    let settings = json!({"session_size": 7});
    assert_eq!(
        amina
            .send("PATCH", "/api/v1/settings", Some(settings))
            .await
            .status,
        StatusCode::OK
    );

    let item = json!({"item_id": 1, "grade": 3, "duration_ms": 1000});
    for (method, action, body) in [
        ("GET", "", None),
        ("GET", "/next", None),
        ("POST", "/reveal", Some(json!({"item_id": 1}))),
        (
            "POST",
            "/check",
            Some(json!({"item_id": 1, "answer": {"type": "text", "text": "x"}})),
        ),
        ("POST", "/submit", Some(item.clone())),
        ("POST", "/skip", Some(json!({"item_id": 1}))),
        ("POST", "/show-answer", Some(json!({"item_id": 1}))),
        (
            "POST",
            "/submit-passage",
            Some(json!({"item_id": 1, "marks": [], "duration_ms": 1000})),
        ),
        ("POST", "/undo", Some(json!({}))),
        ("POST", "/complete", None),
        ("POST", "/abandon", None),
    ] {
        let theirs = zaid
            .send(
                method,
                &format!("/api/v1/sessions/{id}{action}"),
                body.clone(),
            )
            .await;
        let nobodys = zaid
            .send(
                method,
                &format!("/api/v1/sessions/{}{action}", "0".repeat(id.len())),
                body,
            )
            .await;
        assert_eq!(
            theirs.status, nobodys.status,
            "{method} {action}: {}",
            theirs.body
        );
        assert_eq!(theirs.code(), nobodys.code(), "{method} {action}");
        assert!(
            !theirs.body.contains("surah:112"),
            "{method} {action}: {}",
            theirs.body
        );
        assert!(
            theirs.status == StatusCode::NOT_FOUND
                || theirs.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {action}: {}",
            theirs.body
        );
    }
    for page in [format!("/session/{id}"), format!("/session/{id}/summary")] {
        assert_eq!(
            zaid.get(&page).await.status,
            StatusCode::NOT_FOUND,
            "{page}"
        );
    }
    assert_eq!(zaid.get("/api/v1/sessions").await.json(), json!([]));
    assert_eq!(
        zaid.get("/api/v1/sessions/active").await.json(),
        Value::Null
    );
    assert_ne!(zaid.get("/api/v1/settings").await.json()["session_size"], 7);
    assert_eq!(zaid.get("/api/v1/history").await.json(), json!([]));
    // Amina's session is as she left it.
    assert_eq!(
        amina.get(&format!("/api/v1/sessions/{id}/next")).await.body,
        next_before
    );
    assert_eq!(
        amina.get("/api/v1/sessions/active").await.json()["id"],
        id.as_str()
    );
}

#[tokio::test]
async fn an_admin_lists_and_disables_accounts_and_a_disabled_account_is_shut_out() {
    let server = Server::start(SignUpMode::Open).await;
    let mut admin = server.account("amina", Role::Admin).await;
    let mut zaid = server.learner("zaid").await;
    let made = zaid
        .send("POST", "/api/v1/tokens", Some(json!({"label": "script"})))
        .await;
    let mut script = server.client();
    script.bearer = Some(made.json()["token"].as_str().unwrap().to_owned());

    assert_eq!(zaid.get("/api/v1/accounts").await.code(), "not_allowed");
    let list = admin.get("/api/v1/accounts").await.json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["amina", "zaid"]);
    assert!(!list.to_string().contains("argon2"), "no hash is ever sent");

    let own = admin
        .send(
            "PATCH",
            "/api/v1/accounts/amina",
            Some(json!({"role": "learner"})),
        )
        .await;
    assert_eq!(own.code(), "not_allowed");
    let unknown = admin
        .send(
            "PATCH",
            "/api/v1/accounts/nobody",
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.code().as_str()),
        (StatusCode::NOT_FOUND, "unknown_account")
    );
    let off = admin
        .send(
            "PATCH",
            "/api/v1/accounts/zaid",
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert_eq!(off.json()["disabled"], true);
    assert_eq!(
        zaid.get("/api/v1/account").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        script.get("/api/v1/account").await.code(),
        "token_not_valid"
    );
    assert_eq!(
        server.client().sign_in("zaid", PASSWORD).await.code(),
        "account_disabled"
    );
    let on = admin
        .send(
            "PATCH",
            "/api/v1/accounts/zaid",
            Some(json!({"disabled": false})),
        )
        .await;
    assert_eq!(on.json()["disabled"], false);
    assert_eq!(script.get("/api/v1/account").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_page_of_another_site_cannot_sign_in_or_out() {
    let server = Server::start(SignUpMode::Open).await;
    let amina = server.learner("amina").await;
    for path in [
        "/api/v1/sign-in",
        "/sign-in",
        "/sign-out",
        "/api/v1/sign-up",
    ] {
        let request = Request::builder()
            .method("POST")
            .uri(path)
            .header("host", "localhost:8080")
            .header("origin", "https://evil.example")
            .header("cookie", amina.cookie.clone().unwrap())
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"username": "amina", "password": PASSWORD}).to_string(),
            ))
            .unwrap();
        let response = server.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
    }
    let mut still = amina.clone();
    assert_eq!(still.get("/api/v1/account").await.status, StatusCode::OK);
}
