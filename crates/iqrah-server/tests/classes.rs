//! Classes on a shared server, on a real PostgreSQL database, with two
//! teachers and two learners: a teacher makes a class, learners join it by
//! its code, the teacher reads what they did (and nothing of anyone else);
//! another teacher's class is unknown, a learner cannot make one, a learner
//! leaves, a teacher deletes; the class pages show the same.
//!
//! Needs `IQRAH_TEST_DATABASE_URL` (scripts/test starts the server).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use axum::http::StatusCode;
use common::accounts::{Client, Server};
use iqrah_api::{Role, SignUpMode};
use serde_json::{Value, json};

/// Two teachers and two learners signed in on one server.
struct School {
    _server: Server,
    amina: Client,
    bilal: Client,
    sara: Client,
    yusuf: Client,
}

async fn school() -> School {
    let server = Server::start(SignUpMode::Open).await;
    let amina = server.account("amina", Role::Teacher).await;
    let bilal = server.account("bilal", Role::Teacher).await;
    let sara = server.learner("sara").await;
    let yusuf = server.learner("yusuf").await;
    School {
        _server: server,
        amina,
        bilal,
        sara,
        yusuf,
    }
}

/// Makes a class as `teacher`, answering its JSON.
async fn make_class(teacher: &mut Client, name: &str, goal: &str) -> Value {
    let made = teacher
        .send(
            "POST",
            "/api/v1/classes",
            Some(json!({"name": name, "goal": goal})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    made.json()
}

/// Joins the class with `code` as `learner`.
async fn join(learner: &mut Client, code: &str) -> Value {
    let joined = learner
        .send("POST", "/api/v1/classes/join", Some(json!({"code": code})))
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    joined.json()
}

/// Practises `goal` as `learner` to the end of a session, grading every
/// item Good, and completes it; answers how many items were answered.
async fn practise(learner: &mut Client, goal: &str) -> u64 {
    let started = learner
        .send("POST", "/api/v1/sessions", Some(json!({"goal_id": goal})))
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let id = started.json()["id"].as_str().unwrap().to_owned();
    let mut answered = 0;
    loop {
        let next = learner.get(&format!("/api/v1/sessions/{id}/next")).await;
        assert_eq!(next.status, StatusCode::OK, "{}", next.body);
        let item = next.json();
        if item.is_null() {
            break;
        }
        let node = item["node_id"].clone();
        let sent = if item["exercise"]["type"] == "recite_passage" {
            learner
                .send(
                    "POST",
                    &format!("/api/v1/sessions/{id}/submit-passage"),
                    Some(json!({"node_id": node, "marks": [], "duration_ms": 9000})),
                )
                .await
        } else {
            learner
                .send(
                    "POST",
                    &format!("/api/v1/sessions/{id}/submit"),
                    Some(json!({"node_id": node, "grade": 3, "duration_ms": 4000})),
                )
                .await
        };
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        answered += 1;
        assert!(answered < 100, "the session ends");
    }
    let completed = learner
        .send("POST", &format!("/api/v1/sessions/{id}/complete"), None)
        .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.body);
    answered
}

#[tokio::test]
async fn a_teacher_reads_what_the_members_of_their_class_did_and_nothing_else() {
    let mut s = school().await;
    let class = make_class(&mut s.amina, "Al-Ikhlas, Tuesday", "surah:112").await;
    let id = class["id"].as_str().unwrap().to_owned();
    let code = class["join_code"].as_str().unwrap().to_owned();
    assert_eq!(class["teacher"], "amina");
    assert_eq!(class["goal"], "surah:112");
    // A code is entered as the learner reads it: case and spaces do not
    // matter.
    let joined = join(&mut s.sara, &format!("  {}  ", code.to_uppercase())).await;
    assert_eq!(joined["id"], id.as_str());
    assert_eq!(
        joined["join_code"],
        Value::Null,
        "a member is not shown the code"
    );
    // Yusuf practises but is in no class; Sara practises in hers.
    let sara_answered = practise(&mut s.sara, "surah:112").await;
    assert!(sara_answered >= 4, "{sara_answered}");
    practise(&mut s.yusuf, "surah:112").await;

    let view = s.amina.get(&format!("/api/v1/classes/{id}")).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    let view = view.json();
    let members = view["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "only the members: {view}");
    let sara = &members[0];
    assert_eq!(sara["username"], "sara");
    // Everything she was taught she now learns: the four verses of 112.
    let verses = &sara["verses"];
    assert_eq!(
        verses["new"].as_u64().unwrap()
            + verses["learning"].as_u64().unwrap()
            + verses["known"].as_u64().unwrap(),
        4,
        "{verses}"
    );
    assert_eq!(verses["new"], 0, "{verses}");
    assert_eq!(sara["streak_days"], 1);
    let recent = sara["recent_sessions"].as_array().unwrap();
    assert_eq!(recent.len(), 1, "{sara}");
    assert_eq!(recent[0]["session"]["goal_id"], "surah:112");
    assert_eq!(
        recent[0]["session"]["items_completed"].as_u64(),
        Some(sara_answered)
    );
    assert!(
        !view.to_string().contains("yusuf"),
        "nothing of a learner outside the class: {view}"
    );

    // The class page shows the same.
    let page = s.amina.get(&format!("/classes/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Al-Ikhlas, Tuesday"), "{}", page.body);
    assert!(page.body.contains(&code), "the teacher sees the code");
    assert!(page.body.contains(">sara</th>"), "{}", page.body);
    assert!(!page.body.contains("yusuf"));
}

#[tokio::test]
async fn another_teachers_class_is_unknown_and_says_nothing_of_itself() {
    let mut s = school().await;
    let class = make_class(&mut s.amina, "Juz Amma", "juz:30").await;
    let id = class["id"].as_str().unwrap().to_owned();
    join(&mut s.sara, class["join_code"].as_str().unwrap()).await;
    let nobodys = "0".repeat(id.len());
    for (method, path) in [
        ("GET", format!("/api/v1/classes/{id}")),
        ("DELETE", format!("/api/v1/classes/{id}")),
    ] {
        let theirs = s.bilal.send(method, &path, None).await;
        let unknown = s
            .bilal
            .send(method, &path.replace(&id, &nobodys), None)
            .await;
        assert_eq!(
            (theirs.status, theirs.code().as_str()),
            (StatusCode::NOT_FOUND, "unknown_class"),
            "{method} {path}"
        );
        assert_eq!(
            theirs.body.replace(&id, &nobodys),
            unknown.body,
            "{method} {path}: the same answer as for no class"
        );
        assert!(!theirs.body.contains("Juz Amma") && !theirs.body.contains("sara"));
    }
    assert_eq!(
        s.bilal.get(&format!("/classes/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let his = s.bilal.get("/api/v1/classes").await.json();
    assert_eq!(his, json!({"taught": [], "joined": []}));
    // A member reads their class's list entry, not its members' progress.
    let as_member = s.sara.get(&format!("/api/v1/classes/{id}")).await;
    assert_eq!(as_member.status, StatusCode::NOT_FOUND);
    // Amina's class is as she made it.
    let view = s.amina.get(&format!("/api/v1/classes/{id}")).await.json();
    assert_eq!(view["members"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_learner_cannot_make_a_class_and_bad_input_changes_nothing() {
    let mut s = school().await;
    let refused = s
        .sara
        .send("POST", "/api/v1/classes", Some(json!({"name": "Mine"})))
        .await;
    assert_eq!(
        (refused.status, refused.code().as_str()),
        (StatusCode::FORBIDDEN, "not_allowed"),
        "{}",
        refused.body
    );
    for (body, code) in [
        (json!({"name": "   "}), "invalid_class_name"),
        (json!({"name": "x".repeat(81)}), "invalid_class_name"),
        (json!({"name": "Good", "goal": "surah:115"}), "invalid_goal"),
        (json!({"name": "Good", "extra": 1}), "invalid_fields"),
    ] {
        let answer = s
            .amina
            .send("POST", "/api/v1/classes", Some(body.clone()))
            .await;
        assert_eq!(answer.code(), code, "{body}: {}", answer.body);
        assert!(answer.status.is_client_error(), "{body}");
    }
    let answer = s
        .yusuf
        .send(
            "POST",
            "/api/v1/classes/join",
            Some(json!({"code": "ffffffffff"})),
        )
        .await;
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (StatusCode::NOT_FOUND, "unknown_join_code")
    );
    assert_eq!(
        s.amina.get("/api/v1/classes").await.json(),
        json!({"taught": [], "joined": []}),
        "nothing was made"
    );
    assert_eq!(
        s.yusuf.get("/api/v1/classes").await.json(),
        json!({"taught": [], "joined": []})
    );
}

#[tokio::test]
async fn a_learner_leaves_and_a_teacher_deletes_and_the_learners_keep_their_work() {
    let mut s = school().await;
    let class = make_class(&mut s.amina, "Tuesday", "surah:112").await;
    let id = class["id"].as_str().unwrap().to_owned();
    let code = class["join_code"].as_str().unwrap().to_owned();
    join(&mut s.sara, &code).await;
    join(&mut s.yusuf, &code).await;
    // Joining twice is one membership.
    join(&mut s.yusuf, &code).await;
    let listed = s.yusuf.get("/api/v1/classes").await.json();
    assert_eq!(listed["joined"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed["joined"][0]["teacher"], "amina");

    let left = s
        .sara
        .send("DELETE", &format!("/api/v1/classes/{id}/membership"), None)
        .await;
    assert_eq!(left.status, StatusCode::NO_CONTENT, "{}", left.body);
    let again = s
        .sara
        .send("DELETE", &format!("/api/v1/classes/{id}/membership"), None)
        .await;
    assert_eq!(
        (again.status, again.code().as_str()),
        (StatusCode::NOT_FOUND, "unknown_class")
    );
    let view = s.amina.get(&format!("/api/v1/classes/{id}")).await.json();
    let names: Vec<&str> = view["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["yusuf"]);

    practise(&mut s.yusuf, "surah:112").await;
    // A member cannot delete the class; its teacher can, by the page's form.
    let refused = s
        .yusuf
        .send("DELETE", &format!("/api/v1/classes/{id}"), None)
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let deleted = s
        .amina
        .send("POST", &format!("/classes/{id}/delete"), Some(json!("")))
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert!(
        deleted.body.contains("The class is deleted."),
        "{}",
        deleted.body
    );
    assert_eq!(
        s.amina.get(&format!("/api/v1/classes/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.yusuf.get("/api/v1/classes").await.json()["joined"],
        json!([])
    );
    let history = s.yusuf.get("/api/v1/history").await.json();
    assert_eq!(
        history.as_array().unwrap().len(),
        1,
        "his work stays: {history}"
    );
}

#[tokio::test]
async fn the_classes_page_lets_a_learner_join_and_a_teacher_make_a_class() {
    let mut s = school().await;
    let page = s.sara.get("/classes").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"join-form\""));
    assert!(
        !page.body.contains("id=\"class-form\""),
        "a learner is not offered to make a class"
    );
    let made = s
        .amina
        .send(
            "POST",
            "/classes",
            Some(json!("name=Evening+hifz&goal=juz%3A30")),
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let location = made.header("location");
    assert!(location.starts_with("/classes/"), "{location}");
    let page = s.amina.get(&location).await;
    assert!(page.body.contains("Evening hifz"), "{}", page.body);
    assert!(
        page.body.contains("Juz 30"),
        "the goal by its name: {}",
        page.body
    );
    let code = s.amina.get("/api/v1/classes").await.json()["taught"][0]["join_code"]
        .as_str()
        .unwrap()
        .to_owned();

    let joined = s
        .sara
        .send("POST", "/classes/join", Some(json!(format!("code={code}"))))
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert!(
        joined.body.contains("You joined Evening hifz."),
        "{}",
        joined.body
    );
    assert!(joined.body.contains("taught by amina"), "{}", joined.body);
    let wrong = s
        .yusuf
        .send("POST", "/classes/join", Some(json!("code=nope")))
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(
        wrong.body.contains("no class has this join code"),
        "{}",
        wrong.body
    );
    let refused = s
        .yusuf
        .send("POST", "/classes", Some(json!("name=Mine")))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
