//! The accounts of a shared server on PostgreSQL (`AccountStore`): every
//! call, every refusal and what a refusal leaves unwritten, two sign-ups
//! racing on one invitation or one name through two stores, and the web
//! sessions kept in the same database. Each test runs on a fresh database.
//!
//! Needs the test server: `scripts/postgres start`, then the
//! `export IQRAH_TEST_DATABASE_URL=…` line it prints. Without it these
//! tests fail; none is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::collections::HashMap;

use iqrah_core::account::{Role, Username};
use iqrah_core::time::Timestamp;
use iqrah_postgres::PgStore;
use iqrah_postgres::test_support::TestDatabase;
use iqrah_store::{Account, AccountStore, NewAccount, NewInvitation, StoreError, TokenId, UserId};
use sqlx::{Connection, PgConnection};
use tower_sessions::SessionStore;
use tower_sessions::cookie::time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};

/// 2026-01-10 12:00 UTC.
const NOW: Timestamp = Timestamp(1_768_046_400_000);
/// A minute, in milliseconds.
const MINUTE: i64 = 60_000;

/// `minutes` after [`NOW`] (before it when negative).
fn at(minutes: i64) -> Timestamp {
    Timestamp(NOW.0 + minutes * MINUTE)
}

/// A user name, parsed as the API parses it.
fn name(text: &str) -> Username {
    text.parse().expect("a valid user name")
}

/// An account to create, its password hash made from its id.
fn new_account(id: &str, username: &str, role: Role) -> NewAccount {
    NewAccount {
        id: UserId::new(id),
        username: name(username),
        role,
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt-of-{id}$hash"),
    }
}

/// A fresh database, a store on it and an admin account (`admin-id`,
/// `admin`) to make invitations with.
async fn with_admin() -> (TestDatabase, PgStore, UserId) {
    let database = TestDatabase::create().await;
    let store = database.store().await;
    let admin = store
        .create_account(new_account("admin-id", "admin", Role::Admin), None, NOW)
        .await
        .expect("the admin is created");
    (database, store, admin.id)
}

/// Stores an invitation to `role`, code hash `code_hash`, expiring at
/// `expires_at`.
async fn invite(
    store: &PgStore,
    admin: &UserId,
    code_hash: &str,
    role: Role,
    expires_at: Timestamp,
) {
    store
        .create_invitation(
            NewInvitation {
                code_hash: code_hash.to_owned(),
                role,
                created_by: admin.clone(),
                expires_at,
            },
            NOW,
        )
        .await
        .expect("the invitation is stored");
}

/// Who used the invitation with this hash, and when, as stored.
async fn used(database: &TestDatabase, code_hash: &str) -> (Option<String>, Option<i64>) {
    let mut conn = PgConnection::connect_with(&database.options())
        .await
        .expect("a connection to the test database");
    let used = sqlx::query_as("SELECT used_by, used_at FROM invitations WHERE code_hash = $1")
        .bind(code_hash)
        .fetch_one(&mut conn)
        .await
        .expect("the invitation is stored");
    conn.close().await.expect("the connection closes");
    used
}

#[tokio::test]
async fn an_account_is_created_and_read_by_id_and_by_name() {
    let database = TestDatabase::create().await;
    let store = database.store().await;
    assert_eq!(store.account_count().await.unwrap(), 0);
    assert_eq!(store.accounts().await.unwrap(), vec![]);
    let zaid = store
        .create_account(new_account("zaid-id", "Zaid", Role::Teacher), None, NOW)
        .await
        .expect("created");
    assert_eq!(zaid.id, UserId::new("zaid-id"));
    assert_eq!(zaid.username.as_str(), "zaid");
    assert_eq!(
        zaid.role,
        Role::Teacher,
        "without an invitation, its own role"
    );
    assert_eq!(
        zaid.password_hash,
        new_account("zaid-id", "zaid", Role::Teacher).password_hash
    );
    assert_eq!(zaid.credentials_version, 1);
    assert!(!zaid.disabled);
    assert_eq!(zaid.created_at, NOW);
    let amina = store
        .create_account(new_account("amina-id", "amina", Role::Learner), None, at(1))
        .await
        .expect("created");
    assert_eq!(store.account(&zaid.id).await.unwrap(), Some(zaid.clone()));
    assert_eq!(
        store.account_named(&name("ZAID")).await.unwrap(),
        Some(zaid.clone())
    );
    assert_eq!(store.account(&UserId::new("nobody")).await.unwrap(), None);
    assert_eq!(store.account_named(&name("nobody")).await.unwrap(), None);
    assert_eq!(
        store.accounts().await.unwrap(),
        vec![amina, zaid],
        "by name"
    );
    assert_eq!(store.account_count().await.unwrap(), 2);
}

#[tokio::test]
async fn a_taken_user_name_is_refused_and_nothing_is_written() {
    let database = TestDatabase::create().await;
    let store = database.store().await;
    let first = store
        .create_account(new_account("first", "amina", Role::Learner), None, NOW)
        .await
        .expect("created");
    // "  Amina " parses to the same name: one account.
    let refused = store
        .create_account(new_account("second", "  Amina ", Role::Admin), None, at(1))
        .await
        .expect_err("the name is taken");
    assert!(
        matches!(&refused, StoreError::UsernameTaken(taken) if taken == "amina"),
        "{refused:?}"
    );
    assert_eq!(store.account_count().await.unwrap(), 1);
    assert_eq!(store.account(&UserId::new("second")).await.unwrap(), None);
    assert_eq!(
        store.account_named(&name("amina")).await.unwrap(),
        Some(first)
    );
}

#[tokio::test]
async fn an_invitation_is_used_up_once_and_gives_its_role() {
    let (database, store, admin) = with_admin().await;
    invite(&store, &admin, "code-1", Role::Teacher, at(60)).await;
    assert_eq!(used(&database, "code-1").await, (None, None));
    let teacher = store
        .create_account(
            new_account("t-id", "teacher", Role::Learner),
            Some("code-1"),
            at(1),
        )
        .await
        .expect("a valid invitation");
    assert_eq!(
        teacher.role,
        Role::Teacher,
        "the invitation's role, not the asked one"
    );
    assert_eq!(teacher.created_at, at(1));
    assert_eq!(
        used(&database, "code-1").await,
        (Some("t-id".to_owned()), Some(at(1).0)),
        "used up by the new account"
    );
    let again = store
        .create_account(
            new_account("x-id", "another", Role::Learner),
            Some("code-1"),
            at(2),
        )
        .await
        .expect_err("a used invitation");
    assert!(matches!(again, StoreError::InvitationNotValid), "{again:?}");
    assert_eq!(
        store.account_count().await.unwrap(),
        2,
        "the admin and the teacher"
    );
    assert_eq!(store.account(&UserId::new("x-id")).await.unwrap(), None);
    assert_eq!(store.account_named(&name("another")).await.unwrap(), None);
    assert_eq!(
        used(&database, "code-1").await,
        (Some("t-id".to_owned()), Some(at(1).0)),
        "still the first account's"
    );
}

#[tokio::test]
async fn an_expired_or_unknown_invitation_is_refused_and_nothing_is_written() {
    let (database, store, admin) = with_admin().await;
    invite(&store, &admin, "expires-now", Role::Learner, NOW).await;
    invite(&store, &admin, "expired", Role::Learner, at(-1)).await;
    for code in ["expires-now", "expired", "unknown"] {
        let refused = store
            .create_account(
                new_account("l-id", "learner", Role::Learner),
                Some(code),
                NOW,
            )
            .await
            .expect_err(code);
        assert!(
            matches!(refused, StoreError::InvitationNotValid),
            "{code}: {refused:?}"
        );
    }
    assert_eq!(store.account_count().await.unwrap(), 1, "the admin only");
    assert_eq!(store.account(&UserId::new("l-id")).await.unwrap(), None);
    assert_eq!(used(&database, "expires-now").await, (None, None));
    assert_eq!(used(&database, "expired").await, (None, None));
    // A moment before it expires, the same invitation is good.
    let learner = store
        .create_account(
            new_account("l-id", "learner", Role::Learner),
            Some("expires-now"),
            at(-1),
        )
        .await
        .expect("not yet expired");
    assert_eq!(
        used(&database, "expires-now").await.0,
        Some(learner.id.to_string())
    );
}

#[tokio::test]
async fn a_taken_name_with_a_valid_invitation_leaves_the_invitation_unused() {
    let (database, store, admin) = with_admin().await;
    invite(&store, &admin, "code", Role::Teacher, at(60)).await;
    let refused = store
        .create_account(
            new_account("a-id", "admin", Role::Learner),
            Some("code"),
            NOW,
        )
        .await
        .expect_err("the name is the admin's");
    assert!(
        matches!(refused, StoreError::UsernameTaken(_)),
        "{refused:?}"
    );
    assert_eq!(used(&database, "code").await, (None, None), "rolled back");
    assert_eq!(store.account_count().await.unwrap(), 1);
    let teacher = store
        .create_account(
            new_account("a-id", "aisha", Role::Learner),
            Some("code"),
            NOW,
        )
        .await
        .expect("the invitation is still good");
    assert_eq!(teacher.role, Role::Teacher);
}

#[tokio::test]
async fn two_sign_ups_racing_on_one_invitation_make_one_account() {
    let (database, one, admin) = with_admin().await;
    let two = database.store().await;
    invite(&one, &admin, "code", Role::Learner, at(60)).await;
    let (a, b) = tokio::join!(
        one.create_account(
            new_account("a-id", "amina", Role::Learner),
            Some("code"),
            NOW
        ),
        two.create_account(
            new_account("b-id", "bilal", Role::Learner),
            Some("code"),
            NOW
        ),
    );
    let (made, refused) = match (a, b) {
        (Ok(made), Err(refused)) | (Err(refused), Ok(made)) => (made, refused),
        (a, b) => panic!("exactly one sign-up succeeds: {a:?}, {b:?}"),
    };
    assert!(
        matches!(refused, StoreError::InvitationNotValid),
        "{refused:?}"
    );
    assert_eq!(
        one.account_count().await.unwrap(),
        2,
        "the admin and one learner"
    );
    assert_eq!(used(&database, "code").await.0, Some(made.id.to_string()));
}

#[tokio::test]
async fn two_sign_ups_racing_on_one_name_make_one_account() {
    let database = TestDatabase::create().await;
    let (one, two) = (database.store().await, database.store().await);
    let (a, b) = tokio::join!(
        one.create_account(new_account("a-id", "amina", Role::Learner), None, NOW),
        two.create_account(new_account("b-id", "amina", Role::Learner), None, NOW),
    );
    let (made, refused) = match (a, b) {
        (Ok(made), Err(refused)) | (Err(refused), Ok(made)) => (made, refused),
        (a, b) => panic!("exactly one sign-up succeeds: {a:?}, {b:?}"),
    };
    assert!(
        matches!(&refused, StoreError::UsernameTaken(taken) if taken == "amina"),
        "{refused:?}"
    );
    assert_eq!(two.accounts().await.unwrap(), vec![made]);
}

#[tokio::test]
async fn a_password_change_bumps_the_credentials_version() {
    let (_database, store, admin) = with_admin().await;
    let changed = store
        .set_password_hash(&admin, "$argon2id$new")
        .await
        .unwrap()
        .expect("the admin's account");
    assert_eq!(changed.password_hash, "$argon2id$new");
    assert_eq!(changed.credentials_version, 2);
    assert_eq!(store.account(&admin).await.unwrap(), Some(changed));
    let again = store
        .set_password_hash(&admin, "$argon2id$newer")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.credentials_version, 3);
    assert_eq!(
        store
            .set_password_hash(&UserId::new("nobody"), "$argon2id$x")
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.account_count().await.unwrap(), 1, "nobody created");
}

#[tokio::test]
async fn a_role_and_the_disabled_flag_are_set() {
    let (_database, store, admin) = with_admin().await;
    let before = store.account(&admin).await.unwrap().unwrap();
    let teacher = store
        .set_role(&admin, Role::Teacher)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(teacher.role, Role::Teacher);
    assert_eq!(
        teacher.credentials_version, before.credentials_version,
        "not a password change"
    );
    let disabled = store.set_disabled(&admin, true).await.unwrap().unwrap();
    assert!(disabled.disabled);
    assert_eq!(disabled.role, Role::Teacher);
    assert_eq!(store.account(&admin).await.unwrap(), Some(disabled));
    let enabled = store.set_disabled(&admin, false).await.unwrap().unwrap();
    assert_eq!(
        enabled,
        Account {
            role: Role::Teacher,
            ..before
        }
    );
    let nobody = UserId::new("nobody");
    assert_eq!(store.set_role(&nobody, Role::Admin).await.unwrap(), None);
    assert_eq!(store.set_disabled(&nobody, true).await.unwrap(), None);
}

#[tokio::test]
async fn failed_sign_ins_are_read_after_a_time_and_cleared_by_name() {
    let database = TestDatabase::create().await;
    let store = database.store().await;
    let (amina, zaid) = (name("amina"), name("zaid"));
    for minutes in [-10, -1, -5] {
        store
            .record_sign_in_failure(&amina, at(minutes))
            .await
            .unwrap();
    }
    // Counted by name, whether an account has it or not (none has here).
    store.record_sign_in_failure(&zaid, at(-2)).await.unwrap();
    assert_eq!(
        store.sign_in_failures(&amina, at(-10)).await.unwrap(),
        vec![at(-5), at(-1)],
        "after `since` (the one at it excluded), oldest first"
    );
    assert_eq!(
        store.sign_in_failures(&amina, at(-11)).await.unwrap().len(),
        3
    );
    assert_eq!(store.sign_in_failures(&amina, NOW).await.unwrap(), vec![]);
    store.clear_sign_in_failures(&amina).await.unwrap();
    assert_eq!(
        store.sign_in_failures(&amina, at(-60)).await.unwrap(),
        vec![]
    );
    assert_eq!(
        store.sign_in_failures(&zaid, at(-60)).await.unwrap(),
        vec![at(-2)],
        "another name's are kept"
    );
}

#[tokio::test]
async fn tokens_are_listed_newest_first_found_by_hash_and_revoked_by_their_owner() {
    let (_database, store, admin) = with_admin().await;
    let other = store
        .create_account(new_account("other-id", "other", Role::Learner), None, NOW)
        .await
        .unwrap()
        .id;
    let phone = store
        .create_token(&admin, TokenId::new("t-phone"), "hash-phone", "phone", NOW)
        .await
        .unwrap();
    assert_eq!(phone.id, TokenId::new("t-phone"));
    assert_eq!(phone.label, "phone");
    assert_eq!(phone.created_at, NOW);
    let script = store
        .create_token(
            &admin,
            TokenId::new("t-script"),
            "hash-script",
            "backup script",
            at(1),
        )
        .await
        .unwrap();
    assert_eq!(
        store.tokens(&admin).await.unwrap(),
        vec![script.clone(), phone.clone()]
    );
    assert_eq!(store.tokens(&other).await.unwrap(), vec![]);
    let account = store.account(&admin).await.unwrap().unwrap();
    assert_eq!(
        store.account_for_token("hash-phone").await.unwrap(),
        Some((account.clone(), phone.id.clone()))
    );
    assert_eq!(store.account_for_token("hash-unknown").await.unwrap(), None);
    // Another user cannot revoke it: it still works.
    assert!(!store.revoke_token(&other, &phone.id).await.unwrap());
    assert_eq!(
        store.account_for_token("hash-phone").await.unwrap(),
        Some((account.clone(), phone.id.clone()))
    );
    assert!(store.revoke_token(&admin, &phone.id).await.unwrap());
    assert_eq!(store.account_for_token("hash-phone").await.unwrap(), None);
    assert_eq!(store.tokens(&admin).await.unwrap(), vec![script.clone()]);
    assert!(
        !store.revoke_token(&admin, &phone.id).await.unwrap(),
        "already gone"
    );
    assert_eq!(
        store.account_for_token("hash-script").await.unwrap(),
        Some((account, script.id))
    );
}

#[tokio::test]
async fn web_sessions_are_kept_in_the_same_database() {
    let database = TestDatabase::create().await;
    let (one, two) = (database.store().await, database.store().await);
    let mut record = Record {
        id: Id::default(),
        data: HashMap::from([("user".to_owned(), serde_json::json!("admin-id"))]),
        expiry_date: OffsetDateTime::now_utc() + Duration::hours(1),
    };
    one.web_session_store()
        .create(&mut record)
        .await
        .expect("saved");
    // Another store on the database (another process) finds it.
    let sessions = two.web_session_store();
    assert_eq!(
        sessions.load(&record.id).await.expect("loaded"),
        Some(record.clone())
    );
    let mut conn = PgConnection::connect_with(&database.options())
        .await
        .unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session")
        .fetch_one(&mut conn)
        .await
        .expect("the sessions' table");
    assert_eq!(rows, 1);
    conn.close().await.unwrap();
    sessions.delete(&record.id).await.expect("deleted");
    assert_eq!(
        one.web_session_store().load(&record.id).await.unwrap(),
        None
    );
}
