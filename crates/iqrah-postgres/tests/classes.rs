//! The classes of a shared server on PostgreSQL (`ClassStore`): making,
//! joining, leaving and deleting classes, and every lookup scoped by its
//! teacher, with two teachers and two learners. Each test runs on a fresh
//! database.
//!
//! Needs the test server: `scripts/postgres start`, then the
//! `export IQRAH_TEST_DATABASE_URL=…` line it prints. Without it these
//! tests fail; none is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_core::account::Role;
use iqrah_core::time::Timestamp;
use iqrah_postgres::PgStore;
use iqrah_postgres::test_support::TestDatabase;
use iqrah_store::{AccountStore, ClassId, ClassStore, NewAccount, NewClass, StoreError, UserId};

/// 2026-01-10 12:00 UTC.
const NOW: Timestamp = Timestamp(1_768_046_400_000);
/// A minute, in milliseconds.
const MINUTE: i64 = 60_000;

/// `minutes` after [`NOW`].
fn at(minutes: i64) -> Timestamp {
    Timestamp(NOW.0 + minutes * MINUTE)
}

/// Two teachers and two learners on a fresh database.
struct School {
    _database: TestDatabase,
    store: PgStore,
    amina: UserId,
    bilal: UserId,
    sara: UserId,
    yusuf: UserId,
}

/// A fresh database with teachers `amina` and `bilal` and learners `sara`
/// and `yusuf`.
async fn school() -> School {
    let database = TestDatabase::create().await;
    let store = database.store().await;
    let mut ids = Vec::new();
    for (name, role) in [
        ("amina", Role::Teacher),
        ("bilal", Role::Teacher),
        ("sara", Role::Learner),
        ("yusuf", Role::Learner),
    ] {
        let account = store
            .create_account(
                NewAccount {
                    id: UserId::new(format!("{name}-id")),
                    username: name.parse().expect("a valid user name"),
                    role,
                    password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt-{name}$hash"),
                },
                None,
                NOW,
            )
            .await
            .expect("the account is created");
        ids.push(account.id);
    }
    let [amina, bilal, sara, yusuf] = <[UserId; 4]>::try_from(ids).expect("four accounts");
    School {
        _database: database,
        store,
        amina,
        bilal,
        sara,
        yusuf,
    }
}

/// A class of `teacher`'s with this id, name and join code, counting
/// progress in juz 30.
fn new_class(teacher: &UserId, id: &str, name: &str, join_code: &str) -> NewClass {
    NewClass {
        id: ClassId::new(id),
        teacher: teacher.clone(),
        name: name.to_owned(),
        goal: Some("juz:30".to_owned()),
        join_code: join_code.to_owned(),
    }
}

#[tokio::test]
async fn a_class_is_made_and_listed_newest_first_for_its_teacher_only() {
    let s = school().await;
    let first = s
        .store
        .create_class(
            new_class(&s.amina, "c1", "Tuesday evening", "aaaa000001"),
            NOW,
        )
        .await
        .expect("the class is made");
    assert_eq!(first.teacher, s.amina);
    assert_eq!(first.teacher_name.as_str(), "amina");
    assert_eq!(first.goal.as_deref(), Some("juz:30"));
    assert_eq!(first.created_at, NOW);
    let second = s
        .store
        .create_class(
            NewClass {
                goal: None,
                ..new_class(&s.amina, "c2", "Whole Quran", "aaaa000002")
            },
            at(1),
        )
        .await
        .expect("a second class is made");
    assert_eq!(second.goal, None);

    let taught = s.store.classes_taught(&s.amina).await.expect("her classes");
    let ids: Vec<&str> = taught.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c2", "c1"]);
    assert!(
        s.store
            .classes_taught(&s.bilal)
            .await
            .expect("his classes")
            .is_empty(),
        "another teacher's classes are not his"
    );
    assert_eq!(
        s.store
            .class_taught(&s.amina, &first.id)
            .await
            .expect("a lookup"),
        Some(first.clone())
    );
    assert_eq!(
        s.store
            .class_taught(&s.bilal, &first.id)
            .await
            .expect("a lookup"),
        None,
        "another teacher's class is no class"
    );
    assert_eq!(
        s.store
            .class_taught(&s.amina, &ClassId::new("no-such-class"))
            .await
            .expect("a lookup"),
        None
    );
}

#[tokio::test]
async fn a_taken_join_code_is_refused_and_writes_nothing() {
    let s = school().await;
    s.store
        .create_class(new_class(&s.amina, "c1", "First", "samecode01"), NOW)
        .await
        .expect("the first class is made");
    let refused = s
        .store
        .create_class(new_class(&s.bilal, "c2", "Second", "samecode01"), NOW)
        .await
        .expect_err("the code is taken");
    assert!(matches!(refused, StoreError::JoinCodeTaken), "{refused}");
    assert!(
        s.store
            .classes_taught(&s.bilal)
            .await
            .expect("his classes")
            .is_empty()
    );
    s.store
        .create_class(new_class(&s.bilal, "c2", "Second", "othercode1"), NOW)
        .await
        .expect("another code is free");
}

#[tokio::test]
async fn learners_join_by_code_once_and_their_teacher_alone_sees_them() {
    let s = school().await;
    let class = s
        .store
        .create_class(new_class(&s.amina, "c1", "Tuesday", "join000001"), NOW)
        .await
        .expect("the class is made");
    assert_eq!(
        s.store
            .join_class(&s.sara, "nosuchcode", at(1))
            .await
            .expect("a join"),
        None,
        "an unknown code joins nothing"
    );
    let joined = s
        .store
        .join_class(&s.yusuf, "join000001", at(2))
        .await
        .expect("a join")
        .expect("the code is the class's");
    assert_eq!(joined.id, class.id);
    s.store
        .join_class(&s.sara, "join000001", at(3))
        .await
        .expect("a join")
        .expect("the code is the class's");
    // Joining again is the same membership, from the first time.
    s.store
        .join_class(&s.sara, "join000001", at(9))
        .await
        .expect("a join")
        .expect("the code is the class's");

    let members = s
        .store
        .members(&s.amina, &class.id)
        .await
        .expect("the members")
        .expect("her class");
    let seen: Vec<(&str, Timestamp)> = members
        .iter()
        .map(|m| (m.username.as_str(), m.joined_at))
        .collect();
    assert_eq!(seen, [("sara", at(3)), ("yusuf", at(2))]);
    assert_eq!(members[0].user, s.sara);
    assert_eq!(
        s.store
            .members(&s.bilal, &class.id)
            .await
            .expect("a lookup"),
        None,
        "another teacher sees no members"
    );
    assert_eq!(
        s.store
            .members(&s.amina, &ClassId::new("no-such-class"))
            .await
            .expect("a lookup"),
        None
    );

    let sara_in = s.store.classes_joined(&s.sara).await.expect("her classes");
    assert_eq!(sara_in, vec![class.clone()]);
    assert!(
        s.store
            .classes_joined(&s.amina)
            .await
            .expect("hers")
            .is_empty()
    );
}

#[tokio::test]
async fn a_learner_leaves_their_own_membership_only() {
    let s = school().await;
    let class = s
        .store
        .create_class(new_class(&s.amina, "c1", "Tuesday", "join000001"), NOW)
        .await
        .expect("the class is made");
    for learner in [&s.sara, &s.yusuf] {
        s.store
            .join_class(learner, "join000001", at(1))
            .await
            .expect("a join")
            .expect("the class's code");
    }
    assert!(
        s.store
            .leave_class(&s.sara, &class.id)
            .await
            .expect("a leave")
    );
    assert!(
        !s.store
            .leave_class(&s.sara, &class.id)
            .await
            .expect("a leave"),
        "leaving twice leaves nothing more"
    );
    assert!(
        !s.store
            .leave_class(&s.sara, &ClassId::new("no-such-class"))
            .await
            .expect("a leave")
    );
    assert!(
        s.store
            .classes_joined(&s.sara)
            .await
            .expect("hers")
            .is_empty()
    );
    let members = s
        .store
        .members(&s.amina, &class.id)
        .await
        .expect("the members")
        .expect("her class");
    let names: Vec<&str> = members.iter().map(|m| m.username.as_str()).collect();
    assert_eq!(names, ["yusuf"]);
}

#[tokio::test]
async fn only_its_teacher_deletes_a_class_and_its_memberships_go_with_it() {
    let s = school().await;
    let class = s
        .store
        .create_class(new_class(&s.amina, "c1", "Tuesday", "join000001"), NOW)
        .await
        .expect("the class is made");
    s.store
        .join_class(&s.sara, "join000001", at(1))
        .await
        .expect("a join")
        .expect("the class's code");
    assert!(
        !s.store
            .delete_class(&s.bilal, &class.id)
            .await
            .expect("a delete"),
        "another teacher deletes nothing"
    );
    assert!(
        !s.store
            .delete_class(&s.sara, &class.id)
            .await
            .expect("a delete"),
        "a member deletes nothing"
    );
    assert_eq!(
        s.store.classes_joined(&s.sara).await.expect("hers").len(),
        1
    );

    assert!(
        s.store
            .delete_class(&s.amina, &class.id)
            .await
            .expect("a delete")
    );
    assert!(
        s.store
            .classes_taught(&s.amina)
            .await
            .expect("hers")
            .is_empty()
    );
    assert!(
        s.store
            .classes_joined(&s.sara)
            .await
            .expect("hers")
            .is_empty(),
        "the membership went with the class"
    );
    assert_eq!(
        s.store
            .join_class(&s.yusuf, "join000001", at(2))
            .await
            .expect("a join"),
        None,
        "a deleted class's code joins nothing"
    );
    assert!(
        !s.store
            .delete_class(&s.amina, &class.id)
            .await
            .expect("a delete")
    );
}
