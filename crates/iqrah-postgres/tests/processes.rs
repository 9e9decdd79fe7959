//! Two stores on one database, as two server processes serving the same
//! learner: an answer sent to both at once is recorded once. And what the
//! store shows of itself never holds the password; a schema a newer Iqrah
//! migrated is refused.
//!
//! Needs the test server: `scripts/postgres start`, then the
//! `export IQRAH_TEST_DATABASE_URL=…` line it prints. Without it these
//! tests fail; none is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_content::ContentPackage;
use iqrah_core::exercise::ExerciseIndex;
use iqrah_core::goal::Goal;
use iqrah_core::memory::Scheduler;
use iqrah_core::planner::{PlanRequest, plan};
use iqrah_core::session::{
    IdempotencyKey, SessionError, SubmitWrite, decide_keyed_submit, decide_submit,
};
use iqrah_core::settings::Settings;
use iqrah_core::time::Timestamp;
use iqrah_postgres::test_support::{TestDatabase, server_options};
use iqrah_postgres::{OpenError, PgStore};
use iqrah_store::{NewItem, NewSession, SessionContext, SessionId, UserId, UserStore};
use sqlx::{Connection, PgConnection};

/// 2026-01-10 12:00 UTC.
const NOW: Timestamp = Timestamp(1_768_046_400_000);

/// A session on surah 112 as the core plans it for a new learner.
fn new_session(id: &str) -> NewSession {
    let ContentPackage {
        quran,
        translations,
        ..
    } = iqrah_content::read_package(&iqrah_content::test_support::package_dir())
        .expect("the quran-json package of data/ reads (npm ci --prefix data)");
    let translation = translations
        .into_iter()
        .find(|t| t.info().language == "en")
        .expect("an English translation");
    let index = ExerciseIndex::new(&quran, &translation);
    let ctx = iqrah_core::exercise::ExerciseContext::new(&quran, &translation, &index);
    let settings = Settings::default();
    let goal: Goal = "surah:112".parse().expect("a goal");
    let scheduler = Scheduler::for_learner(&[], &settings);
    let items = plan(
        &goal,
        &std::collections::HashMap::new(),
        &settings,
        NOW,
        7,
        &scheduler,
        PlanRequest::default(),
        &ctx,
    )
    .expect("the core plans the goal");
    NewSession {
        id: SessionId::new(id),
        seed: 7,
        goal_before: Default::default(),
        settings,
        parameters: Vec::new(),
        items: items
            .into_iter()
            .map(|p| NewItem {
                item: p.item,
                reason: p.reason,
                exercise: p.exercise,
            })
            .collect(),
    }
}

/// A Good answer to `node`, decided as the API decides it (keyed or not).
fn good(
    ctx: &SessionContext,
    key: Option<&IdempotencyKey>,
    node: &str,
) -> Result<SubmitWrite, SessionError> {
    let status = ctx.session.status;
    let decision = match key {
        Some(key) => decide_keyed_submit(
            status,
            ctx.rule_items(),
            key,
            ctx.keyed_answer.as_ref(),
            node,
            3,
            4_000,
        ),
        None => decide_submit(status, ctx.rule_items(), node, 3, 4_000),
    }?;
    let scheduler = ctx.scheduler();
    Ok(decision.into_write(ctx.answering(&scheduler, NOW, 4_000), |_, _| None))
}

/// Two stores on one database, a learner with a started session and the
/// node of its current item.
async fn two_processes() -> (TestDatabase, PgStore, PgStore, UserId, SessionId, String) {
    let database = TestDatabase::create().await;
    let (one, two) = (database.store().await, database.store().await);
    let user = UserId::new("learner");
    let (row, created) = one
        .create_session(&user, "surah:112", NOW, new_session("s-1"))
        .await
        .expect("create_session");
    assert!(created);
    let node = two
        .current_item(&user, &row.id)
        .await
        .expect("current_item")
        .expect("a current item")
        .item
        .item
        .to_string();
    (database, one, two, user, row.id, node)
}

#[tokio::test]
async fn a_keyed_submit_and_its_retry_through_two_stores_at_once_record_once() {
    let (_database, one, two, user, session, node) = two_processes().await;
    let key = IdempotencyKey::new("k-1").expect("a key");
    let (first, retry) = tokio::join!(
        one.submit(&user, &session, Some(&key), |ctx| good(
            ctx,
            Some(&key),
            &node
        )),
        two.submit(&user, &session, Some(&key), |ctx| good(
            ctx,
            Some(&key),
            &node
        )),
    );
    let (first, retry) = (first.expect("a submit"), retry.expect("its retry"));
    assert_eq!(first.receipt, retry.receipt, "both name the one answer");
    assert_eq!(one.review_count(&user).await.unwrap(), 1, "recorded once");
    let session_row = two.session(&user, &session).await.unwrap().unwrap();
    assert_eq!(session_row.items_completed, 1, "counted once");
}

#[tokio::test]
async fn two_submits_of_one_item_through_two_stores_at_once_record_one() {
    let (_database, one, two, user, session, node) = two_processes().await;
    let (a, b) = tokio::join!(
        one.submit(&user, &session, None, |ctx| good(ctx, None, &node)),
        two.submit(&user, &session, None, |ctx| good(ctx, None, &node)),
    );
    let (a, b) = (a.expect("a submit"), b.expect("the other"));
    assert_eq!(a.receipt, b.receipt, "the second is the first's retry");
    assert_eq!(two.review_count(&user).await.unwrap(), 1, "recorded once");
    let states = one.memory_states(&user).await.unwrap();
    assert_eq!(states.len(), 1, "one state written");
    // Each store reads the other's write: nothing is kept between calls.
    assert_eq!(
        one.session_view(&user, &session).await.unwrap(),
        two.session_view(&user, &session).await.unwrap()
    );
}

#[tokio::test]
async fn the_store_and_its_errors_never_show_the_password() {
    let database = TestDatabase::create().await;
    let store = database.store().await;
    let shown = format!("{store:?}");
    assert!(shown.starts_with("PgStore"), "{shown}");
    assert!(
        !shown.contains("iqrah:iqrah") && !shown.contains("password"),
        "{shown}"
    );
    // A wrong password: the server refuses it, and the error names the
    // server and database only.
    let server = server_options();
    let (host, port) = (server.get_host().to_owned(), server.get_port());
    let error = PgStore::connect(&format!(
        "postgres://iqrah:s3cret-pw@{host}:{port}/{}",
        database.name()
    ))
    .await
    .expect_err("a wrong password is refused");
    let shown = format!("{error} {error:?}");
    assert!(
        shown.contains(&format!("{host}:{port}/{}", database.name())),
        "{shown}"
    );
    assert!(!shown.contains("s3cret-pw"), "{shown}");
}

#[tokio::test]
async fn a_server_that_refuses_connections_is_named_unreachable_after_ten_seconds() {
    // Port 1 on loopback: nothing listens there, every connection is refused.
    let started = std::time::Instant::now();
    let error = PgStore::connect("postgres://iqrah:s3cret-pw@127.0.0.1:1/school")
        .await
        .expect_err("nothing listens there");
    let waited = started.elapsed();
    assert!(
        matches!(&error, OpenError::Unreachable { server } if server == "127.0.0.1:1/school"),
        "{error:?}"
    );
    let shown = error.to_string();
    assert!(shown.contains("is it running"), "{shown}");
    assert!(!shown.contains("s3cret-pw"), "{shown}");
    // Tried again for the pool's ten seconds, not sqlx's thirty.
    assert!(waited < std::time::Duration::from_secs(25), "{waited:?}");
}

#[tokio::test]
async fn a_database_a_newer_iqrah_migrated_is_refused() {
    let database = TestDatabase::create().await;
    database.store().await.close().await;
    let mut conn = PgConnection::connect_with(&database.options())
        .await
        .expect("a connection to the test database");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from a newer Iqrah', TRUE, '\\x00', 0)",
    )
    .execute(&mut conn)
    .await
    .expect("a newer migration recorded");
    conn.close().await.expect("the connection closes");
    let refused = PgStore::connect_with(database.options())
        .await
        .expect_err("a newer schema is refused");
    // The newest migration this build knows: the number of its files.
    let known = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .expect("the migrations")
        .count() as i64;
    assert!(
        matches!(
            refused,
            OpenError::TooNew {
                found: 9999,
                known: k,
                ..
            } if k == known
        ),
        "{refused}"
    );
    assert!(refused.to_string().contains("upgrade Iqrah"), "{refused}");
}
