//! Reciting a passage, as huffaz revise: consecutive verses of one surah
//! recited from memory in one go, the learner marking where they stumbled
//! or needed a prompt. One answer grades every verse's memorization and
//! every link between them (the continuity item of verse k, into k + 1).
//!
//! # The grading rule
//!
//! | marks on the verse | its memorization |
//! |---|---|
//! | none | Good |
//! | a stumble (hesitated, corrected themself) | Hard |
//! | a prompt (needed to see words) | Again |
//!
//! The worst mark of a verse wins. A mark on a verse's **first word** also
//! grades the link into it from the verse before, with the same rule: not
//! finding how the next verse opens is the classic stall of a memorizer,
//! and it is the link that failed, not only the verse. A mark on another
//! word, or on the verse as a whole (`word: null`), grades the verse only:
//! it does not say that the learner could not cross into it. A link with no
//! mark on its verse's first word is Good: the learner went on without help.
//!
//! Why Good and not Easy: the learner recited without a mark, which is what
//! the passage asks; FSRS's Easy is kept for answers clearly above the
//! expected effort, which a mark-or-no-mark answer cannot tell.
//!
//! For verses that hold, this is the cheapest full review there is: one
//! recitation reviews n verses and n − 1 links at the price of reciting
//! them, without n separate prompts.

use iqrah_quran::{VerseKey, VerseRange};
use serde::{Deserialize, Serialize};

use crate::exercise::{
    AnswerKey, ExerciseContext, ExerciseError, ExercisePrompt, ExerciseType, GeneratedExercise,
    ShownVerse, Solution, TimingProfile,
};

use crate::item::ItemKey;
use crate::memory::Rating;
use crate::session::{
    IdempotencyKey, KeyedAnswer, MAX_DURATION_MS, RelearnPlacement, SessionError, SessionItem,
    SessionStatus, current_item, last_answered, relearn_placement, require_current,
};

/// The most marks one answer may carry (more is a client bug).
pub const MAX_MARKS: usize = 2_000;

/// The most verses one passage holds.
pub const MAX_VERSES: usize = 10;

/// The most words one passage holds (a page of the Madani mushaf is about
/// 130 words): a passage is one recitation, not a session.
pub const MAX_WORDS: usize = 160;

/// What the learner marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// Hesitated or corrected themself, and went on unaided: Hard.
    Stumbled,
    /// Needed to see words to go on: Again.
    Prompted,
}

impl MarkKind {
    /// The rating a verse (or link) with this mark gets.
    pub const fn rating(self) -> Rating {
        match self {
            MarkKind::Stumbled => Rating::Hard,
            MarkKind::Prompted => Rating::Again,
        }
    }
}

/// One mark of the learner on the passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PassageMark {
    /// The verse, as an index into the passage's verses (0-based).
    pub verse: usize,
    /// The word of that verse (0-based), or `None` for the verse as a whole.
    pub word: Option<usize>,
    /// Stumbled or prompted.
    pub mark: MarkKind,
}

/// One verse of a passage, as its prompt lists it (never its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PassageVerse {
    /// The verse.
    pub reference: VerseKey,
    /// How many words it has.
    pub word_count: usize,
}

/// One review a passage answer records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PassageGrade {
    /// The item reviewed: a verse's memorization, or the continuity item of
    /// a verse (its link into the next).
    pub item: ItemKey,
    /// Its rating.
    pub rating: Rating,
}

/// Why a passage or its marks were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassageError {
    /// A passage needs at least one verse.
    #[error("a passage needs at least one verse")]
    Empty,
    /// The verses are not consecutive verses of one surah.
    #[error(
        "{after} does not follow {before} in its surah: a passage is consecutive verses of one surah"
    )]
    NotConsecutive {
        /// The verse before.
        before: VerseKey,
        /// The verse that should follow it.
        after: VerseKey,
    },
    /// A mark names a verse the passage does not have.
    #[error("mark {index} names verse {verse} of a passage of {count} verses")]
    VerseOutOfRange {
        /// The mark's index in the list.
        index: usize,
        /// The verse index given.
        verse: usize,
        /// How many verses the passage has.
        count: usize,
    },
    /// A mark names a word its verse does not have.
    #[error("mark {index} names word {word} of {reference}, which has {word_count} words")]
    WordOutOfRange {
        /// The mark's index in the list.
        index: usize,
        /// The verse.
        reference: VerseKey,
        /// The word index given.
        word: usize,
        /// How many words the verse has.
        word_count: usize,
    },
    /// More than [`MAX_MARKS`] marks.
    #[error("{count} marks: at most {MAX_MARKS} are accepted")]
    TooManyMarks {
        /// How many were sent.
        count: usize,
    },
}

/// Checks that `verses` is a passage: at least one verse, consecutive in one surah.
pub fn check_verses(verses: &[PassageVerse]) -> Result<(), PassageError> {
    if verses.is_empty() {
        return Err(PassageError::Empty);
    }
    for pair in verses.windows(2) {
        let (before, after) = (pair[0].reference, pair[1].reference);
        if before.next_in_surah() != Some(after) {
            return Err(PassageError::NotConsecutive { before, after });
        }
    }
    Ok(())
}

/// Checks the marks against the passage's verses: every verse and word
/// index in range, at most [`MAX_MARKS`].
pub fn check_marks(verses: &[PassageVerse], marks: &[PassageMark]) -> Result<(), PassageError> {
    if marks.len() > MAX_MARKS {
        return Err(PassageError::TooManyMarks { count: marks.len() });
    }
    for (index, mark) in marks.iter().enumerate() {
        let verse = verses
            .get(mark.verse)
            .ok_or(PassageError::VerseOutOfRange {
                index,
                verse: mark.verse,
                count: verses.len(),
            })?;
        if let Some(word) = mark.word.filter(|&w| w >= verse.word_count) {
            return Err(PassageError::WordOutOfRange {
                index,
                reference: verse.reference,
                word,
                word_count: verse.word_count,
            });
        }
    }
    Ok(())
}

/// The items a passage reviews, in recitation order: verse 1's
/// memorization, the link from verse 1 into verse 2 (verse 1's continuity
/// item), verse 2's memorization, …, the last verse's memorization.
/// `2n − 1` items for `n` verses, each once.
pub fn graded_items(verses: &[PassageVerse]) -> Result<Vec<ItemKey>, PassageError> {
    check_verses(verses)?;
    let mut items = Vec::with_capacity(verses.len() * 2);
    for (index, verse) in verses.iter().enumerate() {
        if index > 0 {
            let link = ItemKey::continuity(verses[index - 1].reference).ok_or(
                PassageError::NotConsecutive {
                    before: verses[index - 1].reference,
                    after: verse.reference,
                },
            )?;
            items.push(link);
        }
        items.push(ItemKey::memorization(verse.reference));
    }
    Ok(items)
}

/// Grades a recited passage from the learner's marks (the rule in the
/// module docs): every item of [`graded_items`] once, in that order.
pub fn grade_passage(
    verses: &[PassageVerse],
    marks: &[PassageMark],
) -> Result<Vec<PassageGrade>, PassageError> {
    let items = graded_items(verses)?;
    check_marks(verses, marks)?;
    let worst = |ratings: &mut dyn Iterator<Item = Rating>| ratings.min().unwrap_or(Rating::Good);
    Ok(items
        .into_iter()
        .map(|item| {
            let verse = verses
                .iter()
                .position(|v| v.reference == item.verse())
                .unwrap_or_default();
            let rating = if item.skill() == crate::item::Skill::Continuity {
                // The link into the next verse: marks on that verse's first word.
                worst(
                    &mut marks
                        .iter()
                        .filter(|m| m.verse == verse + 1 && m.word == Some(0))
                        .map(|m| m.mark.rating()),
                )
            } else {
                worst(
                    &mut marks
                        .iter()
                        .filter(|m| m.verse == verse)
                        .map(|m| m.mark.rating()),
                )
            };
            PassageGrade { item, rating }
        })
        .collect())
}

/// The rating of the passage as a whole (the session item's grade, for the
/// summary): its worst review.
pub fn overall(grades: &[PassageGrade]) -> Rating {
    grades
        .iter()
        .map(|g| g.rating)
        .min()
        .unwrap_or(Rating::Good)
}

/// The answer time of each graded item (as [`graded_items`] orders them):
/// the passage's time shared among its verses by their word counts, the
/// remainder to the last verse, links 0 (crossing a link takes no time of
/// its own). The shares add up to `duration_ms` exactly, so the review log's
/// total time stays true.
pub fn split_duration(verses: &[PassageVerse], duration_ms: u64) -> Vec<u64> {
    let words: u64 = verses.iter().map(|v| v.word_count.max(1) as u64).sum();
    let mut shares = Vec::with_capacity(verses.len() * 2);
    let mut given = 0;
    for (index, verse) in verses.iter().enumerate() {
        if index > 0 {
            shares.push(0);
        }
        let share = if index + 1 == verses.len() {
            duration_ms - given
        } else {
            // At most duration_ms · (words of this verse) / words: no overflow
            // for any duration under u64::MAX / MAX_WORDS-sized passages.
            let share = u128::from(duration_ms) * u128::from(verse.word_count.max(1) as u64)
                / u128::from(words.max(1));
            u64::try_from(share).unwrap_or(duration_ms - given)
        };
        given += share;
        shares.push(share);
    }
    shares
}

/// Makes the passage exercise of `range` (consecutive verses of one surah,
/// at most [`MAX_VERSES`]): the prompt lists each verse's reference and
/// word count and shows the verse before (never the passage's text); the
/// solution keeps the words. Its item is the first verse's memorization.
/// Its timing is that of reciting all its words.
pub fn generate_passage(
    range: VerseRange,
    ctx: &ExerciseContext<'_>,
) -> Result<GeneratedExercise, ExerciseError> {
    let first = ItemKey::memorization(range.start());
    let unsupported = ExerciseError::Unsupported {
        item: first,
        exercise_type: ExerciseType::RecitePassage,
    };
    if range.start().surah() != range.end().surah() || range.len() > MAX_VERSES {
        return Err(unsupported);
    }
    let verses: Vec<&iqrah_quran::Verse> = range
        .keys()
        .map(|key| ctx.quran.verses().get(key.index()))
        .collect::<Option<_>>()
        .ok_or(ExerciseError::StaleIndex)?;
    let listed: Vec<PassageVerse> = verses
        .iter()
        .map(|v| PassageVerse {
            reference: v.key,
            word_count: v.words.len(),
        })
        .collect();
    let previous = range.start().previous_in_surah().and_then(|key| {
        ctx.quran.verses().get(key.index()).map(|v| ShownVerse {
            reference: key,
            text: v.text.clone(),
        })
    });
    let surah_name = ctx
        .quran
        .surah(range.start().surah())
        .map(|s| s.name_transliterated.clone())
        .unwrap_or_default();
    let words: usize = listed.iter().map(|v| v.word_count).sum();
    Ok(GeneratedExercise {
        prompt: ExercisePrompt::RecitePassage {
            range,
            surah_name,
            previous,
            verses: listed,
        },
        solution: Solution {
            item: first,
            timing: TimingProfile::recitation(words),
            key: AnswerKey::Passage {
                verses: verses.iter().map(|v| v.words.clone()).collect(),
            },
            traps: Vec::new(),
        },
    })
}

/// The verses of a passage prompt (`None` for any other exercise).
pub fn prompt_verses(prompt: &ExercisePrompt) -> Option<&[PassageVerse]> {
    match prompt {
        ExercisePrompt::RecitePassage { verses, .. } => Some(verses),
        _ => None,
    }
}

/// The passages a session offers among its due memorization reviews: runs
/// of at least 2 consecutive verses of one surah, each of which `holds`
/// (the planner's stage where full recall is the exercise), at most
/// [`MAX_VERSES`] verses and [`MAX_WORDS`] words each (`words` gives a
/// verse's word count). `due` is in any order; the runs come in mushaf
/// order. A long run is cut into consecutive passages; a remainder of one
/// verse stays a single review.
///
/// Why: a hafiz revises by reciting on, not verse by verse; one recitation
/// of n verses that hold reviews the n verses and their n − 1 links for the
/// time of reciting them, where n separate exercises would each cost a
/// prompt, a check and a grade. Verses that do not hold yet keep their
/// cued exercises: a passage gives no cue.
pub fn find_passages(
    due: &[VerseKey],
    holds: impl Fn(VerseKey) -> bool,
    words: impl Fn(VerseKey) -> usize,
) -> Vec<VerseRange> {
    let mut verses: Vec<VerseKey> = due.iter().copied().filter(|&v| holds(v)).collect();
    verses.sort_unstable();
    verses.dedup();
    let mut passages = Vec::new();
    let mut run: Vec<VerseKey> = Vec::new();
    let mut run_words = 0;
    let close = |run: &mut Vec<VerseKey>, passages: &mut Vec<VerseRange>| {
        if let (Some(&first), Some(&last)) = (run.first(), run.last())
            && run.len() >= 2
            && let Ok(range) = VerseRange::new(first, last)
        {
            passages.push(range);
        }
        run.clear();
    };
    for verse in verses {
        let count = words(verse);
        let follows = run.last().and_then(|last| last.next_in_surah()) == Some(verse);
        if !follows || run.len() >= MAX_VERSES || run_words + count > MAX_WORDS {
            close(&mut run, &mut passages);
            run_words = 0;
        }
        run.push(verse);
        run_words += count;
    }
    close(&mut run, &mut passages);
    passages
}

/// What a passage submit does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PassageDecision {
    /// Record the recitation on session item `item_id`: every review of
    /// `grades`, in one transaction.
    Record {
        /// The session item answered (the passage).
        item_id: i64,
        /// Its item (the first verse's memorization).
        item: ItemKey,
        /// The session item's grade: the worst review ([`overall`]).
        rating: Rating,
        /// Each item reviewed with its rating, as [`grade_passage`] gives them.
        grades: Vec<PassageGrade>,
        /// The answer time of each review ([`split_duration`]).
        durations: Vec<u64>,
        /// For a passage with a verse answered Again: a relearning copy of
        /// the first such verse, and where it goes.
        relearn: Option<(RelearnPlacement, VerseKey)>,
    },
    /// The same recitation was recorded before: its receipt, nothing written.
    AlreadyRecorded {
        /// The session item recorded then.
        item_id: i64,
    },
}

/// Decides a recited passage sent for `node_id` with `marks` after
/// `duration_ms`; `verses` are the current item's passage verses (`None`
/// when its exercise is not a passage).
///
/// With an idempotency key, a key recorded with the same node, marks and
/// duration is a retry (its receipt, whatever the session looks like now);
/// the same key with another answer is refused
/// ([`SessionError::IdempotencyKeyReused`]), and a retry of an answer undone
/// since too ([`SessionError::AnswerUndone`]). Without a key, a submit whose
/// node and duration are the last recorded answer's is a retry. A new
/// answer needs an active session whose current item is `node_id` and a
/// passage ([`SessionError::NotAPassage`] otherwise), a duration of at most
/// [`MAX_DURATION_MS`] and marks that fit the passage
/// ([`SessionError::InvalidPassage`]). A verse answered Again gets a
/// relearning copy (the first such verse, by the session's relearning rule):
/// a failed verse is not left untouched until the next session.
pub fn decide_passage_submit(
    status: SessionStatus,
    items: &[SessionItem],
    key: Option<(&IdempotencyKey, Option<&KeyedAnswer>)>,
    node_id: &str,
    verses: Option<&[PassageVerse]>,
    marks: &[PassageMark],
    duration_ms: u64,
) -> Result<PassageDecision, SessionError> {
    match key {
        Some((key, Some(recorded))) => {
            if recorded.node_id != node_id
                || recorded.duration_ms != duration_ms
                || recorded.marks.as_deref() != Some(marks)
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
            return Ok(PassageDecision::AlreadyRecorded {
                item_id: recorded.item_id,
            });
        }
        Some((_, None)) => {}
        None => {
            if let Some(last) = last_answered(items).filter(|last| {
                last.item.to_string() == node_id && last.duration_ms == Some(duration_ms)
            }) {
                return Ok(PassageDecision::AlreadyRecorded { item_id: last.id });
            }
        }
    }
    let current = require_current(status, current_item(items), |c| c.item, node_id)?;
    let verses = verses.ok_or(SessionError::NotAPassage { item: current.item })?;
    if duration_ms > MAX_DURATION_MS {
        return Err(SessionError::InvalidDuration { duration_ms });
    }
    let grades = grade_passage(verses, marks)?;
    let rating = overall(&grades);
    let failed = grades
        .iter()
        .find(|g| g.rating == Rating::Again && g.item.skill() == crate::item::Skill::Memorization)
        .map(|g| g.item.verse());
    let relearn = failed.and_then(|verse| relearn_placement(items, current).map(|p| (p, verse)));
    Ok(PassageDecision::Record {
        item_id: current.id,
        item: current.item,
        rating,
        durations: split_duration(verses, duration_ms),
        grades,
        relearn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::Skill;

    fn key(text: &str) -> VerseKey {
        text.parse().unwrap()
    }

    fn passage(surah: u32, first: u32, words: &[usize]) -> Vec<PassageVerse> {
        words
            .iter()
            .enumerate()
            .map(|(i, &word_count)| PassageVerse {
                reference: VerseKey::new(surah, first + u32::try_from(i).unwrap()).unwrap(),
                word_count,
            })
            .collect()
    }

    fn mark(verse: usize, word: Option<usize>, mark: MarkKind) -> PassageMark {
        PassageMark { verse, word, mark }
    }

    fn ratings(grades: &[PassageGrade]) -> Vec<(String, u8)> {
        grades
            .iter()
            .map(|g| (g.item.to_string(), g.rating.value()))
            .collect()
    }

    #[test]
    fn no_mark_is_good_a_stumble_hard_a_prompt_again() {
        let verses = passage(78, 1, &[3, 4, 5]);
        let grades = grade_passage(&verses, &[]).unwrap();
        assert_eq!(
            ratings(&grades),
            [
                ("78:1/memorization".to_owned(), 3),
                ("78:1/continuity".to_owned(), 3),
                ("78:2/memorization".to_owned(), 3),
                ("78:2/continuity".to_owned(), 3),
                ("78:3/memorization".to_owned(), 3),
            ]
        );
        let marks = [
            mark(0, Some(2), MarkKind::Stumbled),
            mark(2, Some(4), MarkKind::Prompted),
            mark(2, Some(1), MarkKind::Stumbled),
        ];
        let grades = grade_passage(&verses, &marks).unwrap();
        assert_eq!(
            grades.iter().map(|g| g.rating.value()).collect::<Vec<_>>(),
            [2, 3, 3, 3, 1],
            "the worst mark of a verse wins; marks past the first word leave links Good"
        );
        assert_eq!(overall(&grades), Rating::Again);
    }

    #[test]
    fn a_mark_on_the_first_word_also_grades_the_link_into_the_verse() {
        let verses = passage(78, 1, &[3, 4, 5]);
        let grades = grade_passage(&verses, &[mark(1, Some(0), MarkKind::Prompted)]).unwrap();
        assert_eq!(
            grades.iter().map(|g| g.rating.value()).collect::<Vec<_>>(),
            [3, 1, 1, 3, 3]
        );
        // The first verse's first word: no link inside the passage leads into it.
        let grades = grade_passage(&verses, &[mark(0, Some(0), MarkKind::Stumbled)]).unwrap();
        assert_eq!(
            grades.iter().map(|g| g.rating.value()).collect::<Vec<_>>(),
            [2, 3, 3, 3, 3]
        );
        // A mark on the verse as a whole grades the verse only.
        let grades = grade_passage(&verses, &[mark(2, None, MarkKind::Stumbled)]).unwrap();
        assert_eq!(
            grades.iter().map(|g| g.rating.value()).collect::<Vec<_>>(),
            [3, 3, 3, 3, 2]
        );
    }

    #[test]
    fn marks_out_of_range_and_broken_passages_are_typed_errors() {
        let verses = passage(78, 1, &[3, 4]);
        assert_eq!(
            grade_passage(&verses, &[mark(2, None, MarkKind::Stumbled)]),
            Err(PassageError::VerseOutOfRange {
                index: 0,
                verse: 2,
                count: 2
            })
        );
        assert_eq!(
            grade_passage(
                &verses,
                &[
                    mark(0, Some(2), MarkKind::Stumbled),
                    mark(1, Some(4), MarkKind::Stumbled)
                ]
            ),
            Err(PassageError::WordOutOfRange {
                index: 1,
                reference: key("78:2"),
                word: 4,
                word_count: 4
            })
        );
        let many = vec![mark(0, None, MarkKind::Stumbled); MAX_MARKS + 1];
        assert!(matches!(
            grade_passage(&verses, &many),
            Err(PassageError::TooManyMarks { .. })
        ));
        assert_eq!(grade_passage(&[], &[]), Err(PassageError::Empty));
        let gap = [verses[0], passage(78, 3, &[2])[0]];
        assert!(matches!(
            grade_passage(&gap, &[]),
            Err(PassageError::NotConsecutive { .. })
        ));
        // Across surahs: 77:50 is the last verse of al-Mursalat.
        let across = [passage(77, 50, &[3])[0], verses[0]];
        assert!(matches!(
            graded_items(&across),
            Err(PassageError::NotConsecutive { .. })
        ));
    }

    #[test]
    fn marks_serialize_as_the_answer_sends_them() {
        let marks: Vec<PassageMark> = serde_json::from_str(
            r#"[{"verse":0,"word":3,"mark":"stumbled"},{"verse":1,"word":null,"mark":"prompted"}]"#,
        )
        .unwrap();
        assert_eq!(
            marks,
            [
                mark(0, Some(3), MarkKind::Stumbled),
                mark(1, None, MarkKind::Prompted)
            ]
        );
        assert!(
            serde_json::from_str::<PassageMark>(r#"{"verse":0,"word":1,"mark":"forgot"}"#).is_err()
        );
    }

    #[test]
    fn the_time_is_shared_by_words_and_adds_up() {
        let verses = passage(78, 1, &[2, 6, 0]);
        let shares = split_duration(&verses, 9_001);
        assert_eq!(shares.len(), 5);
        assert_eq!(shares.iter().sum::<u64>(), 9_001);
        assert_eq!((shares[1], shares[3]), (0, 0));
        assert_eq!(shares[0], 9_001 * 2 / 9);
    }

    fn session_items() -> Vec<SessionItem> {
        (1..=3)
            .map(|n: i64| SessionItem {
                id: n,
                position: n,
                item: ItemKey::memorization(VerseKey::new(78, u32::try_from(n).unwrap()).unwrap()),
                reason: crate::planner::Reason::Review,
                exercise_type: crate::exercise::ExerciseType::Recall,
                status: crate::session::ItemStatus::Pending,
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
    fn a_passage_submit_is_checked_and_retried_once() {
        let items = session_items();
        let verses = passage(78, 1, &[3, 4, 5]);
        let marks = [mark(1, Some(2), MarkKind::Prompted)];
        let decide = |key, node: &str, verses: Option<&[PassageVerse]>, marks: &[PassageMark]| {
            decide_passage_submit(
                SessionStatus::Active,
                &items,
                key,
                node,
                verses,
                marks,
                9_000,
            )
        };
        let Ok(PassageDecision::Record {
            item_id,
            rating,
            grades,
            durations,
            relearn,
            ..
        }) = decide(None, "78:1/memorization", Some(&verses), &marks)
        else {
            panic!()
        };
        assert_eq!(
            (item_id, rating, grades.len(), durations.len()),
            (1, Rating::Again, 5, 5)
        );
        assert_eq!(
            relearn.map(|(p, v)| (p.relearn_of, v)),
            Some((1, key("78:2")))
        );
        // Not the current item, not a passage, marks out of range, closed.
        assert!(matches!(
            decide(None, "78:2/memorization", Some(&verses), &marks),
            Err(SessionError::NotCurrentItem { .. })
        ));
        assert!(matches!(
            decide(None, "78:1/memorization", None, &marks),
            Err(SessionError::NotAPassage { .. })
        ));
        assert!(matches!(
            decide(
                None,
                "78:1/memorization",
                Some(&verses),
                &[mark(3, None, MarkKind::Stumbled)]
            ),
            Err(SessionError::InvalidPassage(
                PassageError::VerseOutOfRange { .. }
            ))
        ));
        assert!(matches!(
            decide_passage_submit(
                SessionStatus::Completed,
                &items,
                None,
                "78:1/memorization",
                Some(&verses),
                &marks,
                9_000
            ),
            Err(SessionError::NotActive { .. })
        ));
        // With a key: the same answer is a retry, another is refused.
        let k = IdempotencyKey::new("k").unwrap();
        let recorded = KeyedAnswer {
            item_id: 1,
            node_id: "78:1/memorization".to_owned(),
            grade: 1,
            duration_ms: 9_000,
            undone: false,
            marks: Some(marks.to_vec()),
        };
        assert_eq!(
            decide(
                Some((&k, Some(&recorded))),
                "78:1/memorization",
                None,
                &marks
            ),
            Ok(PassageDecision::AlreadyRecorded { item_id: 1 })
        );
        assert!(matches!(
            decide(Some((&k, Some(&recorded))), "78:1/memorization", None, &[]),
            Err(SessionError::IdempotencyKeyReused { .. })
        ));
        // An ordinary submit may not reuse a passage's key.
        assert!(matches!(
            crate::session::decide_keyed_submit(
                SessionStatus::Active,
                &items,
                &k,
                Some(&recorded),
                "78:1/memorization",
                1,
                9_000
            ),
            Err(SessionError::IdempotencyKeyReused { .. })
        ));
    }

    #[test]
    fn passages_are_runs_of_due_verses_that_hold() {
        let keys = |list: &[&str]| list.iter().map(|k| key(k)).collect::<Vec<_>>();
        let due = keys(&[
            "78:3", "78:1", "78:2", "78:5", "78:7", "78:8", "78:40", "79:1", "79:2",
        ]);
        let holds = |v: VerseKey| v != key("78:8");
        let found = find_passages(&due, holds, |_| 5);
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        // 78:5 and 78:7 are alone (78:6 is not due, 78:8 does not hold);
        // 78:40 ends an-Naba': no passage crosses into 79:1.
        assert_eq!(shown, ["78:1-3", "79:1-2"]);
        // Long runs are cut by verse count and by words.
        let many: Vec<VerseKey> = (1..=25).map(|a| VerseKey::new(2, a).unwrap()).collect();
        let cut: Vec<usize> = find_passages(&many, |_| true, |_| 5)
            .iter()
            .map(|r| r.len())
            .collect();
        assert_eq!(cut, [10, 10, 5]);
        let wordy: Vec<usize> = find_passages(&many[..4], |_| true, |_| 70)
            .iter()
            .map(|r| r.len())
            .collect();
        assert_eq!(wordy, [2, 2]);
        assert!(find_passages(&many[..1], |_| true, |_| 5).is_empty());
    }

    proptest::proptest! {
        /// Every verse and every link of a passage is graded exactly once,
        /// in recitation order, and a verse is never graded better than its
        /// worst mark.
        #[test]
        fn every_verse_and_link_is_graded_once(
            first in 1u32..30,
            words in proptest::collection::vec(1usize..30, 1..=MAX_VERSES),
            raw in proptest::collection::vec((0usize..12, proptest::option::of(0usize..32), proptest::bool::ANY), 0..40),
        ) {
            let verses = passage(2, first, &words);
            let marks: Vec<PassageMark> = raw
                .into_iter()
                .filter(|&(v, w, _)| v < verses.len() && w.is_none_or(|w| w < verses[v].word_count))
                .map(|(v, w, prompted)| mark(v, w, if prompted { MarkKind::Prompted } else { MarkKind::Stumbled }))
                .collect();
            let grades = grade_passage(&verses, &marks).unwrap();
            proptest::prop_assert_eq!(grades.len(), 2 * verses.len() - 1);
            let mut seen = std::collections::HashSet::new();
            for (i, grade) in grades.iter().enumerate() {
                proptest::prop_assert!(seen.insert(grade.item));
                let verse = i / 2;
                proptest::prop_assert_eq!(grade.item.verse(), verses[verse].reference);
                let skill = if i % 2 == 0 { Skill::Memorization } else { Skill::Continuity };
                proptest::prop_assert_eq!(grade.item.skill(), skill);
                if skill == Skill::Memorization {
                    for m in marks.iter().filter(|m| m.verse == verse) {
                        proptest::prop_assert!(grade.rating <= m.mark.rating());
                    }
                }
            }
            let shares = split_duration(&verses, 60_000);
            proptest::prop_assert_eq!(shares.len(), grades.len());
            proptest::prop_assert_eq!(shares.iter().sum::<u64>(), 60_000);
        }
    }
}
