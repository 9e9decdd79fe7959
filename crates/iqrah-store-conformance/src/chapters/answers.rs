//! Answering: check, submit, relearning copies, undo, skip, recited passages.

use std::collections::HashMap;

use iqrah_core::exercise::{Answer, answer_fits, check};
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::passage::{MarkKind, PassageMark};
use iqrah_core::session::{
    ItemStatus, KeyedAnswer, SessionError, decide_skip, decide_undo, require_current,
};
use iqrah_core::settings::Settings;
use iqrah_core::stats::ReviewRecord;
use iqrah_store::{PassageWrite, StoreError, SubmitWrite, UserStore};

use crate::practice::{
    START, answer, at, current_node, key, learner_data, passage_session, recite,
};

use super::{GOAL, answer_current, is_rejected, learner, start_session};

/// What the check chapter's decision stores and hands back: the answer,
/// its correctness, and the checked item's id with its correctness.
type Checked = (Answer, Option<bool>, (i64, Option<bool>));

/// Check: `record_check` keeps the last checked answer on the current item
/// and nothing else changes; a refused check writes nothing.
pub async fn check_answer<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "check-1", 1, GOAL, START).await;
    let node = current_node(store, &a, &row.id).await;
    let before = learner_data(store, &a).await;
    let checked = |answer: Answer, node: String| {
        move |ctx: &iqrah_store::SessionContext| -> Result<Checked, SessionError> {
            let current = require_current(
                ctx.session.status,
                ctx.current.as_ref(),
                |c| c.item.item,
                &node,
            )?;
            answer_fits(&current.exercise.prompt, &answer)?;
            let outcome = check(
                &current.exercise.prompt,
                &current.exercise.solution,
                &answer,
                3_000,
            );
            let correct = outcome.as_ref().ok().and_then(|o| o.correct);
            Ok((answer.clone(), correct, (current.item.id, correct)))
        }
    };
    for rating in [Rating::Good, Rating::Hard] {
        let given = Answer::SelfGrade { rating };
        let (item_id, correct) = store
            .record_check(&a, &row.id, checked(given.clone(), node.clone()))
            .await
            .expect("record_check");
        let after = learner_data(store, &a).await;
        let mut expected = before.clone();
        let item = expected.sessions[0]
            .1
            .iter_mut()
            .find(|i| i.item.id == item_id)
            .expect("the checked item");
        item.answer = Some(given.clone());
        item.item.correct = correct;
        assert_eq!(
            after, expected,
            "a check keeps the last answer ({rating:?}) and nothing else changes"
        );
        let current = store
            .current_item(&a, &row.id)
            .await
            .expect("current_item")
            .expect("current");
        assert_eq!(current.item.id, item_id, "a check does not advance");
    }
    let kept = learner_data(store, &a).await;
    let refused = store
        .record_check(
            &a,
            &row.id,
            checked(
                Answer::Text {
                    text: "قل".to_owned(),
                },
                node.clone(),
            ),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rejected(SessionError::InvalidAnswer(_)))
        ),
        "an answer of another kind is refused: {refused:?}"
    );
    let refused = store
        .record_check(
            &a,
            &row.id,
            checked(
                Answer::SelfGrade {
                    rating: Rating::Easy,
                },
                "1:1/memorization".to_owned(),
            ),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rejected(SessionError::NotCurrentItem { .. }))
        ),
        "a check of another item is refused: {refused:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        kept,
        "a refused check writes nothing"
    );
}

/// Submit with and without an idempotency key: the answer, its memory
/// state, its review-log row and the counters; a retry records nothing
/// twice (the decision sees the keyed answer); `AlreadyRecorded` writes
/// nothing; a reused key is refused.
pub async fn submit<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "submit-1", 1, GOAL, START).await;
    let node = current_node(store, &a, &row.id).await;
    let item_key: ItemKey = node.parse().expect("a node");
    let (receipt, _) = answer_current(store, &a, &row.id, 3, None, at(1)).await;

    let data = learner_data(store, &a).await;
    let expected_state = Scheduler::for_learner(&[], &Settings::default()).review(
        None,
        Rating::Good,
        at(1),
        Settings::default().desired_retention,
    );
    assert_eq!(
        data.states,
        HashMap::from([(item_key, expected_state)]),
        "the submit stores the state the decision gave"
    );
    assert_eq!(
        data.reviews,
        vec![ReviewRecord {
            item: item_key,
            rating: Rating::Good,
            reviewed_at: at(1),
            duration_ms: 4_000,
            due_before: None,
        }],
        "the submit appends one review-log row"
    );
    assert_eq!(data.review_count, 1, "review_count counts it");
    let (session, items) = &data.sessions[0];
    assert_eq!(session.items_completed, 1, "the session counts the answer");
    let answered = items
        .iter()
        .find(|i| i.item.id == receipt)
        .expect("the receipt names the item");
    assert_eq!(
        answered.item.status,
        ItemStatus::Answered,
        "the item is answered"
    );
    assert_eq!(answered.item.rating, Some(Rating::Good), "with its grade");
    assert_eq!(answered.item.duration_ms, Some(4_000), "with its time");
    assert_eq!(answered.item.answered_at, Some(at(1)), "at its moment");
    assert_eq!(answered.item.answered_seq, Some(1), "as the first answer");

    // Without a key, the same submit again is a retry.
    let retry = store
        .submit(&a, &row.id, None, |ctx| {
            answer(ctx, None, &node, 3, 4_000, at(2))
        })
        .await
        .expect("submit retry");
    assert_eq!(retry.receipt, receipt, "a retry returns the first receipt");
    assert_eq!(
        retry.next,
        store.session_view(&a, &row.id).await.expect("session_view"),
        "a retry returns the session as it stands"
    );
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a retry writes nothing"
    );

    // With a key: recorded once, the retry sees it.
    let second = current_node(store, &a, &row.id).await;
    let k1 = key("k-1");
    let receipt2 = store
        .submit(&a, &row.id, Some(&k1), |ctx| {
            assert_eq!(ctx.keyed_answer, None, "a new key has no keyed answer");
            answer(ctx, Some(&k1), &second, 4, 3_000, at(3))
        })
        .await
        .expect("keyed submit");
    let after_second = store.session_view(&a, &row.id).await.expect("session_view");
    assert_eq!(
        receipt2.next, after_second,
        "a submit returns the session after the answer"
    );
    assert_ne!(
        receipt2.next.current.as_ref().map(|c| c.item.id),
        Some(receipt2.receipt),
        "the answered item no longer waits"
    );
    let receipt2 = receipt2.receipt;
    assert_ne!(receipt2, receipt, "another item, another receipt");
    let data = learner_data(store, &a).await;
    assert_eq!(data.review_count, 2, "the keyed submit is recorded");
    let retry = store
        .submit(&a, &row.id, Some(&k1), |ctx| {
            assert_eq!(
                ctx.keyed_answer,
                Some(KeyedAnswer {
                    item_id: receipt2,
                    node_id: second.clone(),
                    grade: 4,
                    duration_ms: 3_000,
                    undone: false,
                    marks: None,
                }),
                "the retry's decision sees what the key recorded"
            );
            answer(ctx, Some(&k1), &second, 4, 3_000, at(4))
        })
        .await
        .expect("keyed retry");
    assert_eq!(
        retry.receipt, receipt2,
        "a keyed retry returns the first receipt"
    );
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a keyed retry writes nothing"
    );
    let reused = store
        .submit(&a, &row.id, Some(&k1), |ctx| {
            answer(ctx, Some(&k1), &second, 2, 3_000, at(4))
        })
        .await;
    assert!(
        matches!(
            reused,
            Err(StoreError::Rejected(
                SessionError::IdempotencyKeyReused { .. }
            ))
        ),
        "a key reused for another answer is refused: {reused:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a refused submit writes nothing"
    );

    // A decision of AlreadyRecorded writes nothing, not even its key.
    let k2 = key("k-2");
    let told = store
        .submit(&a, &row.id, Some(&k2), |_| {
            Ok(SubmitWrite::AlreadyRecorded { item_id: receipt })
        })
        .await
        .expect("submit AlreadyRecorded");
    assert_eq!(
        told.receipt, receipt,
        "AlreadyRecorded returns the receipt it names"
    );
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "AlreadyRecorded writes nothing"
    );
    store
        .submit(&a, &row.id, Some(&k2), |ctx| {
            assert_eq!(ctx.keyed_answer, None, "AlreadyRecorded stored no key");
            Ok(SubmitWrite::AlreadyRecorded { item_id: receipt })
        })
        .await
        .expect("submit AlreadyRecorded again");
}

/// An Again adds a relearning copy at the position the core gives: items
/// at that position or later move one place down, the copy keeps the
/// item's reason and names the item it relearns.
pub async fn relearning<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "relearn-1", 1, GOAL, START).await;
    let before = store
        .session_items(&a, &row.id)
        .await
        .expect("session_items");
    let node = current_node(store, &a, &row.id).await;
    let mut copy = None;
    let receipt = store
        .submit(&a, &row.id, None, |ctx| {
            let write = answer(ctx, None, &node, 1, 4_000, at(1))?;
            if let SubmitWrite::Record { relearn, .. } = &write {
                copy.clone_from(relearn);
            }
            Ok(write)
        })
        .await
        .expect("submit Again")
        .receipt;
    let copy = copy.expect("an Again within the bound places a relearning copy");
    let after = store
        .session_items(&a, &row.id)
        .await
        .expect("session_items");
    assert_eq!(after.len(), before.len() + 1, "the copy is one more item");
    let session = store
        .session(&a, &row.id)
        .await
        .expect("session")
        .expect("the session");
    assert_eq!(
        session.items_count,
        row.items_count + 1,
        "items_count counts the copy"
    );
    let added = after
        .iter()
        .find(|i| before.iter().all(|b| b.item.id != i.item.id))
        .expect("the copy is a new item");
    assert_eq!(
        added.item.position, copy.position,
        "the copy is at its position"
    );
    assert_eq!(
        added.item.relearn_of,
        Some(receipt),
        "the copy names the item answered Again"
    );
    assert_eq!(
        added.item.item.to_string(),
        node,
        "the copy relearns the same item"
    );
    assert_eq!(
        added.exercise, copy.exercise,
        "the copy keeps its fresh exercise"
    );
    assert_eq!(
        added.item.status,
        ItemStatus::Pending,
        "the copy is pending"
    );
    let original = before
        .iter()
        .find(|b| b.item.id == receipt)
        .expect("the answered item");
    assert_eq!(
        added.item.reason, original.item.reason,
        "the copy keeps the item's reason"
    );
    for old in &before {
        let now = after
            .iter()
            .find(|i| i.item.id == old.item.id)
            .expect("every item stays");
        let expected = if old.item.position >= copy.position {
            old.item.position + 1
        } else {
            old.item.position
        };
        assert_eq!(
            now.item.position, expected,
            "item {} moves down only when at or after the copy",
            old.item.id
        );
    }
}

/// Undo: the memory state restored exactly (removed after a first review),
/// the review-log row removed, a relearning copy removed, the key marked
/// undone, the item current again.
pub async fn undo<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "undo-1", 1, GOAL, START).await;
    let start = learner_data(store, &a).await;
    // An Again (a copy), then Goods until the copy is current.
    let (failed, failed_node) = answer_current(store, &a, &row.id, 1, Some("u-1"), at(1)).await;
    let after_again = learner_data(store, &a).await;
    let mut minute = 2;
    loop {
        let current = store
            .current_item(&a, &row.id)
            .await
            .expect("current_item")
            .expect("current");
        if current.item.relearn_of == Some(failed) {
            break;
        }
        answer_current(store, &a, &row.id, 3, None, at(minute)).await;
        minute += 1;
    }
    let before_copy = learner_data(store, &a).await;
    let (copy, copy_node) = answer_current(store, &a, &row.id, 3, Some("u-2"), at(minute)).await;
    assert_eq!(copy_node, failed_node, "the copy relearns the failed item");
    let item: ItemKey = copy_node.parse().expect("a node");
    assert_ne!(
        learner_data(store, &a).await.states[&item],
        before_copy.states[&item],
        "the copy's answer changed the state"
    );

    let undone = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await
        .expect("undo");
    assert_eq!(undone, copy, "undo reverts the last answer");
    assert_eq!(
        learner_data(store, &a).await,
        before_copy,
        "undo restores the state exactly, removes the log row and makes the item current again"
    );
    let retried = store
        .submit(&a, &row.id, Some(&key("u-2")), |ctx| {
            assert!(
                ctx.keyed_answer
                    .as_ref()
                    .is_some_and(|k| k.undone && k.item_id == copy),
                "undo marks the key undone: {:?}",
                ctx.keyed_answer
            );
            answer(ctx, Some(&key("u-2")), &copy_node, 3, 4_000, at(minute))
        })
        .await;
    assert!(
        is_rejected(
            &retried,
            &SessionError::AnswerUndone {
                key: "u-2".to_owned()
            }
        ),
        "a retry of an undone answer is refused: {retried:?}"
    );

    // Undo back to the Again: its copy goes, its first review leaves no state.
    while store
        .session(&a, &row.id)
        .await
        .expect("session")
        .expect("the session")
        .items_completed
        > 1
    {
        store
            .undo(&a, &row.id, |ctx| {
                decide_undo(ctx.session.status, ctx.rule_items())
            })
            .await
            .expect("undo");
    }
    assert_eq!(
        learner_data(store, &a).await.states,
        after_again.states,
        "undo after undo restores each state"
    );
    let undone = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await
        .expect("undo the Again");
    assert_eq!(undone, failed, "the Again is undone last");
    let now = learner_data(store, &a).await;
    assert!(
        now.states.is_empty(),
        "a first review undone leaves no state: {:?}",
        now.states
    );
    assert!(now.reviews.is_empty(), "every log row is removed");
    assert_eq!(now.review_count, 0, "review_count follows the undo");
    let (session, items) = &now.sessions[0];
    let (start_session_row, start_items) = &start.sessions[0];
    assert_eq!(
        session, start_session_row,
        "the counters are as at the start"
    );
    let ids =
        |items: &[iqrah_store::StoredItem]| items.iter().map(|i| i.item.id).collect::<Vec<_>>();
    assert_eq!(
        ids(items),
        ids(start_items),
        "the copy is removed, the order kept"
    );
    assert!(
        items.iter().all(|i| i.item.status == ItemStatus::Pending),
        "every item is pending again"
    );
    let current = store
        .current_item(&a, &row.id)
        .await
        .expect("current_item")
        .expect("current");
    assert_eq!(current.item.id, failed, "the undone item is current again");
    let nothing = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await;
    assert!(
        is_rejected(&nothing, &SessionError::NothingToUndo),
        "nothing left to undo: {nothing:?}"
    );
}

/// Skip: the current item moves where the core says and counts the skip;
/// nothing else changes.
pub async fn skip<S: UserStore>(store: &S) {
    let a = learner();
    let row = start_session(store, &a, "skip-1", 1, GOAL, START).await;
    answer_current(store, &a, &row.id, 3, None, at(1)).await;
    let before = learner_data(store, &a).await;
    let node = current_node(store, &a, &row.id).await;
    let mut decided = None;
    let skipped = store
        .skip(&a, &row.id, |ctx| {
            let decision = decide_skip(ctx.session.status, ctx.rule_items(), &node)?;
            decided = Some(decision);
            Ok(decision)
        })
        .await
        .expect("skip");
    let decision = decided.expect("the skip was decided");
    assert_eq!(skipped, decision.item_id, "skip returns the skipped item");
    let mut expected = before.clone();
    let item = expected.sessions[0]
        .1
        .iter_mut()
        .find(|i| i.item.id == skipped)
        .expect("the skipped item");
    item.item.position = decision.position;
    item.item.skips = 1;
    expected.sessions[0].1.sort_by_key(|i| i.item.position);
    assert_eq!(
        learner_data(store, &a).await,
        expected,
        "the skipped item moves and counts the skip; nothing else changes"
    );
    assert_ne!(
        current_node(store, &a, &row.id).await,
        node,
        "another item is current"
    );
    let refused = store
        .skip(&a, &row.id, |ctx| {
            decide_skip(ctx.session.status, ctx.rule_items(), &node)
        })
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Rejected(SessionError::NotCurrentItem { .. }))
        ),
        "a skip of an item not current is refused: {refused:?}"
    );
    assert_eq!(
        learner_data(store, &a).await,
        expected,
        "a refused skip writes nothing"
    );
}

/// A recited passage: every review in one transaction (states, log rows,
/// the item, the key with its marks, a relearning copy); a retry writes
/// nothing; undo reverts every review.
pub async fn passage<S: UserStore>(store: &S) {
    let a = learner();
    let (row, _) = store
        .create_session(&a, "surah:78", START, passage_session("passage-1"))
        .await
        .expect("create_session");
    let before = learner_data(store, &a).await;
    let node = current_node(store, &a, &row.id).await;
    assert_eq!(node, "78:1/memorization", "the passage is current");
    // Prompted on 78:2's first word: 78:2 and the link into it are Again.
    let marks = vec![PassageMark {
        verse: 1,
        word: Some(0),
        mark: MarkKind::Prompted,
    }];
    let k = key("p-1");
    let mut written = None;
    let receipt = store
        .submit_passage(&a, &row.id, Some(&k), |ctx, states| {
            assert!(
                states.is_empty(),
                "the decision sees the learner's states (none yet)"
            );
            let write = recite(ctx, states, Some(&k), &node, &marks, 30_000, at(1))?;
            written = Some(write.clone());
            Ok(write)
        })
        .await
        .expect("submit_passage");
    assert_eq!(
        receipt.next,
        store.session_view(&a, &row.id).await.expect("session_view"),
        "a recited passage returns the session after it"
    );
    let receipt = receipt.receipt;
    let Some(PassageWrite::Record {
        reviews, relearn, ..
    }) = written
    else {
        panic!("the recitation was recorded");
    };
    assert_eq!(reviews.len(), 5, "three verses and two links are reviewed");
    let data = learner_data(store, &a).await;
    let states: HashMap<ItemKey, MemoryState> =
        reviews.iter().map(|r| (r.item, r.state_after)).collect();
    assert_eq!(data.states, states, "every review's state is stored");
    assert_eq!(data.review_count, 5, "one log row per review");
    assert_eq!(
        data.reviews
            .iter()
            .map(|r| (r.item, r.rating))
            .collect::<Vec<_>>(),
        reviews
            .iter()
            .map(|r| (r.item, r.rating))
            .collect::<Vec<_>>(),
        "the log holds every review with its grade, in order"
    );
    let (session, items) = &data.sessions[0];
    assert_eq!(session.items_completed, 1, "the passage is one answer");
    let relearn = relearn.expect("a verse answered Again gets a copy");
    let added = items
        .iter()
        .find(|i| i.item.relearn_of == Some(receipt))
        .expect("the copy is stored");
    assert_eq!(
        added.item.item, relearn.exercise.solution.item,
        "the copy relearns the failed verse"
    );
    assert_eq!(
        added.item.position, relearn.position,
        "the copy is at its position"
    );
    let answered = items
        .iter()
        .find(|i| i.item.id == receipt)
        .expect("the passage item");
    assert_eq!(
        answered.item.status,
        ItemStatus::Answered,
        "the passage is answered"
    );
    assert_eq!(
        answered.item.rating,
        Some(Rating::Again),
        "with its worst grade"
    );

    let retry = store
        .submit_passage(&a, &row.id, Some(&k), |ctx, states| {
            let recorded = ctx.keyed_answer.as_ref().expect("the key was recorded");
            assert_eq!(recorded.item_id, receipt, "the key names the passage");
            assert_eq!(
                recorded.marks.as_deref(),
                Some(&marks[..]),
                "the key keeps the marks"
            );
            recite(ctx, states, Some(&k), &node, &marks, 30_000, at(2))
        })
        .await
        .expect("submit_passage retry");
    assert_eq!(retry.receipt, receipt, "a retry returns the first receipt");
    assert_eq!(
        learner_data(store, &a).await,
        data,
        "a retry writes nothing"
    );

    let undone = store
        .undo(&a, &row.id, |ctx| {
            decide_undo(ctx.session.status, ctx.rule_items())
        })
        .await
        .expect("undo");
    assert_eq!(undone, receipt, "undo reverts the passage");
    assert_eq!(
        learner_data(store, &a).await,
        before,
        "undo reverts every review of the passage"
    );
    let retried = store
        .submit_passage(&a, &row.id, Some(&k), |ctx, states| {
            recite(ctx, states, Some(&k), &node, &marks, 30_000, at(3))
        })
        .await;
    assert!(
        is_rejected(
            &retried,
            &SessionError::AnswerUndone {
                key: "p-1".to_owned()
            }
        ),
        "a retry of an undone passage is refused: {retried:?}"
    );
}
