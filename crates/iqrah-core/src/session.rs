//! The rules of a practice session, independent of where it is stored:
//! statuses, which item is current, what a submit or an undo may do, and
//! where a failed item comes back for relearning.
//!
//! A session is `active` until it is `completed` or `abandoned`; both are
//! final. Each session item is `pending` until answered; an undo makes the
//! last answered item pending again; completing a session marks the items
//! never reached as `skipped`. A learner may skip the current item once:
//! it moves after every pending item ([`decide_skip`]). Showing the answer
//! records an Again ([`decide_show_answer`]).

use std::fmt;
use std::str::FromStr;

use iqrah_quran::shorten;
use serde::{Deserialize, Serialize};

use crate::exercise::ExerciseType;
use crate::item::ItemKey;
use crate::memory::{Rating, RatingError};
use crate::planner::Reason;
use crate::time::Timestamp;

mod submit;

pub use submit::{
    Answering, PassageWrite, Reciting, RelearnCopy, ReviewWrite, SubmitWrite, relearning_exercise,
};

/// The longest answer time accepted, in milliseconds (one hour). A longer
/// duration is a client bug or a learner who walked away; it is refused
/// rather than allowed to distort the statistics.
pub const MAX_DURATION_MS: u64 = 3_600_000;

/// How many relearning copies one item may get in one session.
pub const MAX_RELEARNS_PER_ITEM: usize = 2;

/// How many other items come between a failed item and its relearning copy
/// (fewer when the session ends sooner).
pub const RELEARN_GAP: usize = 3;

/// Where a session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Being practised; can be resumed.
    Active,
    /// Closed with a summary.
    Completed,
    /// Given up; its answers stay recorded.
    Abandoned,
}

/// Where a session item is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Not answered yet.
    Pending,
    /// Answered and graded.
    Answered,
    /// Never reached before the session was completed.
    Skipped,
}

macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The snake_case name stored in databases and sent in JSON.
            pub const fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownName;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                match input {
                    $($text => Ok($ty::$variant),)+
                    _ => Err(UnknownName { name: shorten(input) }),
                }
            }
        }
    };
}

text_enum!(SessionStatus { Active => "active", Completed => "completed", Abandoned => "abandoned" });
text_enum!(ItemStatus { Pending => "pending", Answered => "answered", Skipped => "skipped" });

/// A stored name that is not one of the enum's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown name {name:?}")]
pub struct UnknownName {
    /// The name, shortened by [`iqrah_quran::shorten`].
    pub name: String,
}

/// What the rules need to know about one item of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionItem {
    /// Its id in storage (the receipt of its answer).
    pub id: i64,
    /// Its place in the session; items are practised in increasing position.
    pub position: i64,
    /// The item practised.
    pub item: ItemKey,
    /// Why it is in the session.
    pub reason: Reason,
    /// The type of its exercise.
    pub exercise_type: ExerciseType,
    /// Pending, answered or skipped.
    pub status: ItemStatus,
    /// Whether the last checked answer was right (`None`: not checked, or self-graded).
    pub correct: Option<bool>,
    /// The grade given when it was answered.
    pub rating: Option<Rating>,
    /// The answer time given when it was answered.
    pub duration_ms: Option<u64>,
    /// When it was answered.
    pub answered_at: Option<Timestamp>,
    /// 1 for the first item answered in the session, 2 for the next, …
    pub answered_seq: Option<i64>,
    /// For a relearning copy, the id of the item answered Again that created it.
    pub relearn_of: Option<i64>,
    /// How many times the learner skipped it (at most [`MAX_SKIPS_PER_ITEM`]).
    pub skips: u32,
}

/// How many times the learner may skip one session item.
pub const MAX_SKIPS_PER_ITEM: u32 = 1;

/// Why a session action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The session is completed or abandoned.
    #[error("the session is {status}: only an active session accepts answers")]
    NotActive {
        /// Its status.
        status: SessionStatus,
    },
    /// The node is not the item the session is waiting for.
    #[error("{given:?} is not the current item of the session (the current item is {})", current.map_or("none: every item is answered".to_owned(), |c| c.to_string()))]
    NotCurrentItem {
        /// The node given (shortened by [`iqrah_quran::shorten`]).
        given: String,
        /// The item the session waits for, if any.
        current: Option<ItemKey>,
    },
    /// The grade is not 1–4.
    #[error(transparent)]
    InvalidGrade(#[from] RatingError),
    /// The duration is over [`MAX_DURATION_MS`].
    #[error("answer time {duration_ms} ms is over the one-hour limit ({MAX_DURATION_MS} ms)")]
    InvalidDuration {
        /// The rejected duration.
        duration_ms: u64,
    },
    /// No answer to undo.
    #[error("nothing to undo: no item of this session has been answered")]
    NothingToUndo,
    /// An answer that does not fit the current item's exercise (another
    /// kind, an index out of range); nothing was recorded.
    #[error("invalid answer: {0}")]
    InvalidAnswer(#[from] crate::exercise::AnswerMismatch),
    /// An idempotency key that is empty, too long or has other characters.
    #[error(
        "invalid idempotency key {given:?}: use 1 to {MAX_IDEMPOTENCY_KEY_LEN} characters among letters, digits, '-' and '_' (a UUID fits)"
    )]
    InvalidIdempotencyKey {
        /// The key given (shortened by [`iqrah_quran::shorten`]).
        given: String,
    },
    /// The key was used before for a different answer.
    #[error(
        "idempotency key {key:?} was used for another answer ({recorded}) in this session: send a new key with each answer"
    )]
    IdempotencyKeyReused {
        /// The key.
        key: String,
        /// The answer recorded with it (`node grade duration_ms`).
        recorded: String,
    },
    /// The current item was skipped before: an item is skipped at most
    /// [`MAX_SKIPS_PER_ITEM`] times.
    #[error("{item} was skipped once already: answer it, show its answer or end the session")]
    AlreadySkipped {
        /// The item.
        item: ItemKey,
    },
    /// A passage's marks do not fit it (a verse or word out of range);
    /// nothing was recorded.
    #[error("invalid passage answer: {0}")]
    InvalidPassage(#[from] crate::passage::PassageError),
    /// A passage answer was sent for an item whose exercise is not a
    /// passage (or another answer for a passage).
    #[error("{item} is not a passage to recite: send its own answer")]
    NotAPassage {
        /// The current item.
        item: ItemKey,
    },
    /// The answer sent with this key was recorded and then undone.
    #[error(
        "the answer sent with idempotency key {key:?} was undone: it is not recorded again; answer the item anew with a new key"
    )]
    AnswerUndone {
        /// The key.
        key: String,
    },
}

/// The longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 64;

/// A client's key for one answer: the client makes one per answer and sends
/// the same key again when it retries, so that the answer is recorded once.
/// 1–64 characters among ASCII letters, digits, `-` and `_` (a UUID fits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks a key.
    pub fn new(key: &str) -> Result<Self, SessionError> {
        let valid = (1..=MAX_IDEMPOTENCY_KEY_LEN).contains(&key.len())
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if valid {
            Ok(IdempotencyKey(key.to_owned()))
        } else {
            Err(SessionError::InvalidIdempotencyKey {
                given: shorten(key),
            })
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An answer recorded with an idempotency key, as a later submit with the
/// same key finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyedAnswer {
    /// The session item answered (the receipt).
    pub item_id: i64,
    /// The node submitted.
    pub node_id: String,
    /// The grade submitted.
    pub grade: u8,
    /// The answer time submitted.
    pub duration_ms: u64,
    /// Whether the answer was undone since.
    pub undone: bool,
    /// For a recited passage, the marks sent (`None` for any other answer).
    #[serde(default)]
    pub marks: Option<Vec<crate::passage::PassageMark>>,
}

/// The item a session waits for: the pending item with the lowest position.
pub fn current_item(items: &[SessionItem]) -> Option<&SessionItem> {
    items
        .iter()
        .filter(|i| i.status == ItemStatus::Pending)
        .min_by_key(|i| i.position)
}

/// The most recently answered item.
pub fn last_answered(items: &[SessionItem]) -> Option<&SessionItem> {
    items
        .iter()
        .filter(|i| i.status == ItemStatus::Answered)
        .max_by_key(|i| i.answered_seq)
}

/// Checks that the session is active and that its current item (whose
/// item key `item_of` gives) is `node_id`, and returns it: what every answer
/// to an item (a check, a reveal, a submit) requires.
pub fn require_current<'a, T>(
    status: SessionStatus,
    current: Option<&'a T>,
    item_of: impl Fn(&T) -> ItemKey,
    node_id: &str,
) -> Result<&'a T, SessionError> {
    if status != SessionStatus::Active {
        return Err(SessionError::NotActive { status });
    }
    current
        .filter(|c| item_of(c).to_string() == node_id)
        .ok_or_else(|| SessionError::NotCurrentItem {
            given: shorten(node_id),
            current: current.map(&item_of),
        })
}

/// Where a relearning copy goes: at `position`, after moving every item at
/// `position` or later one place down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelearnPlacement {
    /// The copy's position.
    pub position: i64,
    /// The id of the item answered Again.
    pub relearn_of: i64,
}

/// What a submit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitDecision {
    /// Record the answer to item `item_id`, and maybe place a relearning copy.
    Record {
        /// The session item answered.
        item_id: i64,
        /// The item practised.
        item: ItemKey,
        /// The grade.
        rating: Rating,
        /// Where its relearning copy goes, for an Again within the bound.
        relearn: Option<RelearnPlacement>,
    },
    /// The same submit was already recorded: answer with its receipt, write nothing.
    AlreadyRecorded {
        /// The id of the session item recorded then.
        item_id: i64,
    },
}

/// Decides a submit of `grade` for `node_id` after `duration_ms` sent
/// without an idempotency key.
///
/// A submit identical to the last one recorded (same node, grade and
/// duration) is a retry: it returns the receipt of that answer and changes
/// nothing, also when the current item is now that node's relearning copy
/// (an Again on the last pending item places the copy right after). Without
/// a key, an identical answer to that copy cannot be told from a retry, so
/// it is never counted twice; a client tells them apart with a key
/// ([`decide_keyed_submit`]). Otherwise the rules of [`decide_keyed_submit`]
/// for a new key apply.
pub fn decide_submit(
    status: SessionStatus,
    items: &[SessionItem],
    node_id: &str,
    grade: u8,
    duration_ms: u64,
) -> Result<SubmitDecision, SessionError> {
    if let Some(last) = last_answered(items) {
        let same = last.item.to_string() == node_id
            && last.rating.map(Rating::value) == Some(grade)
            && last.duration_ms == Some(duration_ms);
        if same {
            return Ok(SubmitDecision::AlreadyRecorded { item_id: last.id });
        }
    }
    decide_answer(status, items, node_id, grade, duration_ms)
}

/// Decides a submit sent with an idempotency key, given what was recorded
/// with that key in the session before (`recorded`).
///
/// A key already recorded with the same node, grade and duration is a
/// retry: its receipt is returned and nothing changes, whatever the session
/// looks like now (completed, another item current). The same key with a
/// different answer is refused ([`SessionError::IdempotencyKeyReused`]), and
/// so is a retry of an answer that was undone since
/// ([`SessionError::AnswerUndone`]): the learner took it back, so it is
/// neither recorded again nor reported as recorded. A new key is a new
/// answer: the session must be active, `node_id` its current item, the grade
/// 1–4 and the duration at most [`MAX_DURATION_MS`]; a recited passage is
/// answered with its marks (`crate::passage::decide_passage_submit`), never
/// one grade ([`SessionError::InvalidAnswer`]). A grade of 1 (Again)
/// places a relearning copy [`RELEARN_GAP`] items later (or last), at most
/// [`MAX_RELEARNS_PER_ITEM`] per item and session.
pub fn decide_keyed_submit(
    status: SessionStatus,
    items: &[SessionItem],
    key: &IdempotencyKey,
    recorded: Option<&KeyedAnswer>,
    node_id: &str,
    grade: u8,
    duration_ms: u64,
) -> Result<SubmitDecision, SessionError> {
    if let Some(recorded) = recorded {
        if recorded.node_id != node_id
            || recorded.grade != grade
            || recorded.duration_ms != duration_ms
            || recorded.marks.is_some()
        {
            return Err(SessionError::IdempotencyKeyReused {
                key: key.as_str().to_owned(),
                recorded: format!(
                    "{} {} {}",
                    recorded.node_id, recorded.grade, recorded.duration_ms
                ),
            });
        }
        if recorded.undone {
            return Err(SessionError::AnswerUndone {
                key: key.as_str().to_owned(),
            });
        }
        return Ok(SubmitDecision::AlreadyRecorded {
            item_id: recorded.item_id,
        });
    }
    decide_answer(status, items, node_id, grade, duration_ms)
}

/// A new answer: the checks and the relearning copy shared by both submits.
fn decide_answer(
    status: SessionStatus,
    items: &[SessionItem],
    node_id: &str,
    grade: u8,
    duration_ms: u64,
) -> Result<SubmitDecision, SessionError> {
    let current = require_current(status, current_item(items), |c| c.item, node_id)?;
    // A passage grades several items from its marks: one grade cannot.
    if current.exercise_type == ExerciseType::RecitePassage {
        return Err(SessionError::InvalidAnswer(
            crate::exercise::AnswerMismatch {
                reason: "a recite_passage item is answered with its marks (submit-passage), not one grade".to_owned(),
            },
        ));
    }
    let rating = Rating::try_from(grade)?;
    if duration_ms > MAX_DURATION_MS {
        return Err(SessionError::InvalidDuration { duration_ms });
    }
    let relearn = (rating == Rating::Again)
        .then(|| relearn_placement(items, current))
        .flatten();
    Ok(SubmitDecision::Record {
        item_id: current.id,
        item: current.item,
        rating,
        relearn,
    })
}

/// Where the relearning copy of `failed` goes, or `None` when the item has
/// had its share of copies in this session.
pub(crate) fn relearn_placement(
    items: &[SessionItem],
    failed: &SessionItem,
) -> Option<RelearnPlacement> {
    // Each copy points at the item whose Again created it: the chain from
    // `failed` back to the original is as long as the copies made so far.
    let mut copies = 0;
    let mut parent = failed.relearn_of;
    while let Some(id) = parent.filter(|_| copies <= items.len()) {
        copies += 1;
        parent = items.iter().find(|i| i.id == id).and_then(|i| i.relearn_of);
    }
    if copies >= MAX_RELEARNS_PER_ITEM {
        return None;
    }
    let mut later: Vec<i64> = items
        .iter()
        .filter(|i| i.status == ItemStatus::Pending && i.position > failed.position)
        .map(|i| i.position)
        .collect();
    later.sort_unstable();
    let position = match later.get(RELEARN_GAP) {
        Some(&position) => position,
        None => {
            items
                .iter()
                .map(|i| i.position)
                .max()
                .unwrap_or(failed.position)
                + 1
        }
    };
    Some(RelearnPlacement {
        position,
        relearn_of: failed.id,
    })
}

/// What a skip does: the item moves to `position`, after every pending item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkipDecision {
    /// The session item skipped.
    pub item_id: i64,
    /// Its new position: one after the highest position of the session.
    pub position: i64,
}

/// Decides a skip of `node_id`: the session must be active and `node_id`
/// its current item, skipped fewer than [`MAX_SKIPS_PER_ITEM`] times
/// ([`SessionError::AlreadySkipped`] otherwise). The item goes after every
/// pending item (it stays current when it is the only one); nothing else
/// changes: no grade, no memory state, no review log.
pub fn decide_skip(
    status: SessionStatus,
    items: &[SessionItem],
    node_id: &str,
) -> Result<SkipDecision, SessionError> {
    let current = require_current(status, current_item(items), |c| c.item, node_id)?;
    if current.skips >= MAX_SKIPS_PER_ITEM {
        return Err(SessionError::AlreadySkipped { item: current.item });
    }
    let last = items
        .iter()
        .map(|i| i.position)
        .max()
        .unwrap_or(current.position);
    Ok(SkipDecision {
        item_id: current.id,
        position: last.max(current.position) + 1,
    })
}

/// Decides "I don't know / show answer" on `node_id` after `duration_ms`:
/// a submit of Again, by the same rules ([`decide_keyed_submit`] with a
/// key, [`decide_submit`] without): a relearning copy, the review log, and
/// with a key exactly once.
pub fn decide_show_answer(
    status: SessionStatus,
    items: &[SessionItem],
    key: Option<(&IdempotencyKey, Option<&KeyedAnswer>)>,
    node_id: &str,
    duration_ms: u64,
) -> Result<SubmitDecision, SessionError> {
    let again = Rating::Again.value();
    match key {
        Some((key, recorded)) => {
            decide_keyed_submit(status, items, key, recorded, node_id, again, duration_ms)
        }
        None => decide_submit(status, items, node_id, again, duration_ms),
    }
}

/// What an undo does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UndoDecision {
    /// The item whose answer is reverted; it becomes current again.
    pub item_id: i64,
    /// The relearning copy its Again created, to remove.
    pub remove_copy: Option<i64>,
}

/// Decides an undo: the last answered item of an active session.
pub fn decide_undo(
    status: SessionStatus,
    items: &[SessionItem],
) -> Result<UndoDecision, SessionError> {
    if status != SessionStatus::Active {
        return Err(SessionError::NotActive { status });
    }
    let last = last_answered(items).ok_or(SessionError::NothingToUndo)?;
    let remove_copy = items
        .iter()
        .find(|i| i.relearn_of == Some(last.id) && i.status == ItemStatus::Pending)
        .map(|i| i.id);
    Ok(UndoDecision {
        item_id: last.id,
        remove_copy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(count: i64) -> Vec<SessionItem> {
        (1..=count)
            .map(|n| SessionItem {
                id: n,
                position: n,
                item: ItemKey::memorization(
                    iqrah_quran::VerseKey::new(1, u32::try_from(n).unwrap()).unwrap(),
                ),
                reason: Reason::New,
                exercise_type: ExerciseType::Recall,
                status: ItemStatus::Pending,
                correct: None,
                rating: None,
                duration_ms: None,
                answered_at: None,
                answered_seq: None,
                relearn_of: None,
                skips: 0,
            })
            .collect()
    }

    #[test]
    fn a_skipped_item_goes_after_every_pending_item_once() {
        let mut all = items(4);
        let node = |n: u32| format!("1:{n}/memorization");
        let skip = decide_skip(SessionStatus::Active, &all, &node(1)).unwrap();
        assert_eq!(
            skip,
            SkipDecision {
                item_id: 1,
                position: 5
            }
        );
        all[0].position = skip.position;
        all[0].skips = 1;
        assert_eq!(current_item(&all).unwrap().id, 2);
        // Not current, then current but skipped once already.
        assert!(matches!(
            decide_skip(SessionStatus::Active, &all, &node(1)),
            Err(SessionError::NotCurrentItem { .. })
        ));
        for id in 2..=4 {
            answer(&mut all, id, Rating::Good, id);
        }
        assert_eq!(
            decide_skip(SessionStatus::Active, &all, &node(1)),
            Err(SessionError::AlreadySkipped { item: all[0].item })
        );
        for status in [SessionStatus::Completed, SessionStatus::Abandoned] {
            assert_eq!(
                decide_skip(status, &items(2), &node(1)),
                Err(SessionError::NotActive { status })
            );
        }
        // The only pending item may be skipped: it stays current.
        let mut one = items(2);
        answer(&mut one, 1, Rating::Good, 1);
        assert_eq!(
            decide_skip(SessionStatus::Active, &one, &node(2))
                .unwrap()
                .position,
            3
        );
    }

    #[test]
    fn showing_the_answer_is_an_again_with_its_relearning_copy() {
        let all = items(6);
        let shown =
            decide_show_answer(SessionStatus::Active, &all, None, "1:1/memorization", 4_000)
                .unwrap();
        let SubmitDecision::Record {
            item_id,
            rating,
            relearn,
            ..
        } = shown
        else {
            panic!("{shown:?}")
        };
        assert_eq!((item_id, rating), (1, Rating::Again));
        assert_eq!(relearn.map(|r| r.relearn_of), Some(1));
        let key = IdempotencyKey::new("k1").unwrap();
        let recorded = KeyedAnswer {
            item_id: 1,
            node_id: "1:1/memorization".to_owned(),
            grade: 1,
            duration_ms: 4_000,
            undone: false,
            marks: None,
        };
        assert_eq!(
            decide_show_answer(
                SessionStatus::Completed,
                &all,
                Some((&key, Some(&recorded))),
                "1:1/memorization",
                4_000
            ),
            Ok(SubmitDecision::AlreadyRecorded { item_id: 1 })
        );
        assert!(matches!(
            decide_show_answer(SessionStatus::Active, &all, None, "1:2/memorization", 1),
            Err(SessionError::NotCurrentItem { .. })
        ));
    }

    fn answer(items: &mut [SessionItem], id: i64, rating: Rating, seq: i64) {
        let item = items.iter_mut().find(|i| i.id == id).unwrap();
        item.status = ItemStatus::Answered;
        item.rating = Some(rating);
        item.duration_ms = Some(1000);
        item.answered_seq = Some(seq);
    }

    #[test]
    fn submit_requires_the_current_item_a_valid_grade_and_duration() {
        let list = items(5);
        let ok = decide_submit(SessionStatus::Active, &list, "1:1/memorization", 3, 1000).unwrap();
        assert!(matches!(
            ok,
            SubmitDecision::Record {
                item_id: 1,
                relearn: None,
                ..
            }
        ));
        assert!(matches!(
            decide_submit(SessionStatus::Active, &list, "1:2/memorization", 3, 1000),
            Err(SessionError::NotCurrentItem {
                current: Some(_),
                ..
            })
        ));
        for grade in [0, 5, 255] {
            assert!(matches!(
                decide_submit(
                    SessionStatus::Active,
                    &list,
                    "1:1/memorization",
                    grade,
                    1000
                ),
                Err(SessionError::InvalidGrade(_))
            ));
        }
        assert!(matches!(
            decide_submit(
                SessionStatus::Active,
                &list,
                "1:1/memorization",
                3,
                MAX_DURATION_MS + 1
            ),
            Err(SessionError::InvalidDuration { .. })
        ));
        for status in [SessionStatus::Completed, SessionStatus::Abandoned] {
            assert_eq!(
                decide_submit(status, &list, "1:1/memorization", 3, 1000),
                Err(SessionError::NotActive { status })
            );
        }
    }

    #[test]
    fn a_retried_submit_is_recognised() {
        let mut list = items(3);
        answer(&mut list, 1, Rating::Good, 1);
        let retry =
            decide_submit(SessionStatus::Active, &list, "1:1/memorization", 3, 1000).unwrap();
        assert_eq!(retry, SubmitDecision::AlreadyRecorded { item_id: 1 });
        // A different grade for the same node is not a retry: it is refused.
        assert!(decide_submit(SessionStatus::Active, &list, "1:1/memorization", 4, 1000).is_err());
    }

    /// A session whose only item was answered Again, its relearning copy
    /// now current right after it.
    fn again_on_the_last_item() -> Vec<SessionItem> {
        let mut list = items(1);
        answer(&mut list, 1, Rating::Again, 1);
        let mut copy = list[0].clone();
        (copy.id, copy.position, copy.relearn_of, copy.status) =
            (2, 2, Some(1), ItemStatus::Pending);
        (copy.rating, copy.duration_ms, copy.answered_seq) = (None, None, None);
        list.push(copy);
        list
    }

    #[test]
    fn an_identical_retry_of_an_again_on_the_last_item_is_not_recorded_again() {
        let list = again_on_the_last_item();
        let decision =
            decide_submit(SessionStatus::Active, &list, "1:1/memorization", 1, 1000).unwrap();
        assert_eq!(decision, SubmitDecision::AlreadyRecorded { item_id: 1 });
        // Another duration is a new answer, to the copy.
        let decision =
            decide_submit(SessionStatus::Active, &list, "1:1/memorization", 1, 1001).unwrap();
        assert!(
            matches!(decision, SubmitDecision::Record { item_id: 2, .. }),
            "{decision:?}"
        );
    }

    #[test]
    fn a_key_tells_a_retry_from_a_new_answer() {
        let list = again_on_the_last_item();
        let key = IdempotencyKey::new("k-1").unwrap();
        let recorded = KeyedAnswer {
            item_id: 1,
            node_id: "1:1/memorization".to_owned(),
            grade: 1,
            duration_ms: 1000,
            undone: false,
            marks: None,
        };
        let keyed = |recorded: Option<&KeyedAnswer>, status, grade, duration| {
            decide_keyed_submit(
                status,
                &list,
                &key,
                recorded,
                "1:1/memorization",
                grade,
                duration,
            )
        };
        assert_eq!(
            keyed(Some(&recorded), SessionStatus::Active, 1, 1000),
            Ok(SubmitDecision::AlreadyRecorded { item_id: 1 })
        );
        assert_eq!(
            keyed(Some(&recorded), SessionStatus::Completed, 1, 1000),
            Ok(SubmitDecision::AlreadyRecorded { item_id: 1 }),
            "a retry is answered whatever the session looks like now"
        );
        assert!(matches!(
            keyed(Some(&recorded), SessionStatus::Active, 3, 1000),
            Err(SessionError::IdempotencyKeyReused { .. })
        ));
        let undone = KeyedAnswer {
            undone: true,
            ..recorded.clone()
        };
        assert!(matches!(
            keyed(Some(&undone), SessionStatus::Active, 1, 1000),
            Err(SessionError::AnswerUndone { .. })
        ));
        // A new key with the same answer is an answer to the copy.
        assert!(matches!(
            keyed(None, SessionStatus::Active, 1, 1000),
            Ok(SubmitDecision::Record { item_id: 2, .. })
        ));
    }

    #[test]
    fn idempotency_keys_are_checked() {
        for good in [
            "a",
            "550e8400-e29b-41d4-a716-446655440000",
            &"x".repeat(64),
            "A_b-9",
        ] {
            assert_eq!(
                IdempotencyKey::new(good).map(|k| k.as_str().to_owned()),
                Ok(good.to_owned())
            );
        }
        for bad in ["", &"x".repeat(65), "a b", "ключ", "a/b", "a\0", "a;drop"] {
            assert!(
                matches!(
                    IdempotencyKey::new(bad),
                    Err(SessionError::InvalidIdempotencyKey { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn again_places_a_bounded_relearning_copy() {
        let list = items(6);
        let decision =
            decide_submit(SessionStatus::Active, &list, "1:1/memorization", 1, 1000).unwrap();
        let SubmitDecision::Record {
            relearn: Some(place),
            ..
        } = decision
        else {
            panic!("{decision:?}")
        };
        assert_eq!(
            place,
            RelearnPlacement {
                position: 5,
                relearn_of: 1
            }
        ); // after items 2, 3, 4
        let short = items(2);
        let SubmitDecision::Record {
            relearn: Some(place),
            ..
        } = decide_submit(SessionStatus::Active, &short, "1:1/memorization", 1, 1000).unwrap()
        else {
            panic!()
        };
        assert_eq!(place.position, 3); // last

        let mut copies = items(1);
        for (id, of) in [(2, 1), (3, 2)] {
            let mut copy = copies[0].clone();
            (copy.id, copy.position, copy.relearn_of) = (id, id, Some(of));
            copies.push(copy);
        }
        answer(&mut copies, 1, Rating::Again, 1);
        answer(&mut copies, 2, Rating::Again, 2);
        let SubmitDecision::Record { relearn, .. } =
            decide_submit(SessionStatus::Active, &copies, "1:1/memorization", 1, 2000).unwrap()
        else {
            panic!()
        };
        assert_eq!(relearn, None, "two copies already");
    }

    #[test]
    fn undo_reverts_the_last_answer_and_its_copy() {
        let mut list = items(3);
        assert_eq!(
            decide_undo(SessionStatus::Active, &list),
            Err(SessionError::NothingToUndo)
        );
        answer(&mut list, 1, Rating::Again, 1);
        let mut copy = list[0].clone();
        (copy.id, copy.position, copy.relearn_of, copy.status) =
            (4, 4, Some(1), ItemStatus::Pending);
        list.push(copy);
        assert_eq!(
            decide_undo(SessionStatus::Active, &list),
            Ok(UndoDecision {
                item_id: 1,
                remove_copy: Some(4)
            })
        );
        answer(&mut list, 2, Rating::Good, 2);
        assert_eq!(
            decide_undo(SessionStatus::Active, &list),
            Ok(UndoDecision {
                item_id: 2,
                remove_copy: None
            })
        );
        assert!(matches!(
            decide_undo(SessionStatus::Completed, &list),
            Err(SessionError::NotActive { .. })
        ));
    }

    #[test]
    fn statuses_round_trip_as_text() {
        for status in [
            SessionStatus::Active,
            SessionStatus::Completed,
            SessionStatus::Abandoned,
        ] {
            assert_eq!(status.as_str().parse::<SessionStatus>(), Ok(status));
        }
        assert!("done".parse::<ItemStatus>().is_err());
    }
}
