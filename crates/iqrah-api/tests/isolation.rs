//! Learners are kept apart: a session of learner A is, to learner B, a
//! session that does not exist. Every session call B makes on A's session
//! fails exactly as on a made-up id, and leaves A's session, memory states
//! and review log exactly as they were; A's lists and statistics do not
//! show in B's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{data_dir, open_at};
use iqrah_api::{Answer, ApiError, Iqrah, MarkKind, PassageMark, SessionId, UserId};
use iqrah_core::stats::ReviewRecord;
use iqrah_store::{StoredItem, UserStore};

/// What B must not change of A's data.
#[derive(Debug, PartialEq)]
struct Snapshot {
    session: iqrah_api::SessionDto,
    items: Vec<StoredItem>,
    states: std::collections::HashMap<iqrah_core::item::ItemKey, iqrah_core::memory::MemoryState>,
    reviews: Vec<ReviewRecord>,
}

async fn snapshot(iqrah: &Iqrah, user: &UserId, session: &str) -> Snapshot {
    let store = common::store(iqrah).await;
    Snapshot {
        session: iqrah.get_session(user, session.to_owned()).await.unwrap(),
        items: store
            .session_items(user, &SessionId::new(session))
            .await
            .unwrap(),
        states: store.memory_states(user).await.unwrap(),
        reviews: store.review_records(user).await.unwrap(),
    }
}

/// Every session call of `user` on `session`, each with its error.
async fn every_session_call(
    iqrah: &Iqrah,
    user: &UserId,
    session: &str,
    node: &str,
) -> Vec<(&'static str, ApiError)> {
    let id = || session.to_owned();
    let node = || node.to_owned();
    let mut errors = Vec::new();
    macro_rules! refused {
        ($name:literal, $call:expr) => {
            match $call.await {
                Ok(found) => panic!("{} on another learner's session: {:?}", $name, found),
                Err(error) => errors.push(($name, error)),
            }
        };
    }
    refused!("get_session", iqrah.get_session(user, id()));
    refused!(
        "get_next_session_item",
        iqrah.get_next_session_item(user, id())
    );
    refused!(
        "check_answer",
        iqrah.check_answer(user, id(), node(), Answer::Choice { index: 0 }, 1_000)
    );
    refused!("reveal_words", iqrah.reveal_words(user, id(), node(), 1));
    refused!(
        "skip_session_item",
        iqrah.skip_session_item(user, id(), node())
    );
    refused!(
        "show_answer",
        iqrah.show_answer(user, id(), node(), 1_000, None)
    );
    refused!(
        "submit_session_item",
        iqrah.submit_session_item(user, id(), node(), 3, 1_000)
    );
    refused!(
        "submit_session_item_once",
        iqrah.submit_session_item_once(user, id(), node(), 3, 1_000, "key-1".to_owned())
    );
    let marks = vec![PassageMark {
        verse: 0,
        word: None,
        mark: MarkKind::Stumbled,
    }];
    refused!(
        "submit_passage",
        iqrah.submit_passage(user, id(), node(), marks, 1_000, None)
    );
    refused!("undo_last_answer", iqrah.undo_last_answer(user, id()));
    refused!("complete_session", iqrah.complete_session(user, id()));
    refused!("abandon_session", iqrah.abandon_session(user, id()));
    errors
}

#[tokio::test]
async fn another_learners_session_is_an_unknown_session_and_stays_untouched() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let (a, b) = (UserId::new("learner-a"), UserId::new("learner-b"));
    let session = iqrah
        .start_session(&a, "surah:112".to_owned())
        .await
        .unwrap();
    // One answer recorded (so that an undo would have something to undo),
    // and one checked on the item now current.
    let first = iqrah
        .get_next_session_item(&a, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    iqrah
        .submit_session_item(&a, session.id.clone(), first.node_id, 3, 4_000)
        .await
        .unwrap();
    let current = iqrah
        .get_next_session_item(&a, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    let before = snapshot(&iqrah, &a, &session.id).await;
    assert_eq!(before.reviews.len(), 1);

    let refused = every_session_call(&iqrah, &b, &session.id, &current.node_id).await;
    let made_up = "00000000-0000-4000-8000-000000000000";
    let unknown = every_session_call(&iqrah, &b, made_up, &current.node_id).await;
    assert_eq!(refused.len(), 12);
    for ((call, error), (_, other)) in refused.iter().zip(&unknown) {
        assert_eq!(error.code(), "unknown_session", "{call}: {error}");
        assert_eq!(other.code(), "unknown_session", "{call}: {other}");
        assert_eq!(
            error.to_string(),
            other.to_string().replace(made_up, &session.id),
            "{call}: the same error as for a session that does not exist"
        );
    }

    // A's session as it was: items, counts, states, log.
    assert_eq!(snapshot(&iqrah, &a, &session.id).await, before);
    // And A goes on with it.
    assert_eq!(
        iqrah
            .get_next_session_item(&a, session.id.clone())
            .await
            .unwrap()
            .unwrap()
            .node_id,
        current.node_id
    );

    // A's lists and figures are not B's.
    assert!(iqrah.list_sessions(&b, 10).await.unwrap().is_empty());
    assert_eq!(iqrah.get_active_session(&b).await.unwrap(), None);
    assert!(iqrah.history(&b, 10).await.unwrap().is_empty());
    let fresh = UserId::new("learner-c");
    assert_eq!(
        iqrah.stats(&b, None).await.unwrap(),
        iqrah.stats(&fresh, None).await.unwrap()
    );
    assert_ne!(
        iqrah.stats(&a, None).await.unwrap(),
        iqrah.stats(&fresh, None).await.unwrap(),
        "A's answer shows in A's figures"
    );
    assert_eq!(iqrah.list_sessions(&a, 10).await.unwrap().len(), 1);
}
