//! Checking answers: correctness, the expected answer, a word diff for typed
//! answers and a suggested grade.

use super::kind::ExerciseType;
use super::payload::{
    Answer, AnswerKey, CheckError, CheckOutcome, ExercisePrompt, Solution, Trap, TrapAnswer,
};
use crate::arabic::{DiffKind, WordDiff, diff_words, normalize};

/// Checks `answer`, given `duration_ms` after the prompt was shown.
///
/// A wrong answer, an answer of the wrong kind (a typed text for a choice),
/// an index out of range or an order that is not a permutation are all
/// simply wrong (suggested grade Again); callers that take answers from a
/// client refuse those first with [`answer_fits`]. A right answer is graded by time
/// with the solution's [`TimingProfile`](super::TimingProfile). Recall is
/// self-graded: `correct` is `None` and the suggestion is the learner's own
/// grade. The only error is a solution that does not belong to the prompt.
pub fn check(
    prompt: &ExercisePrompt,
    solution: &Solution,
    answer: &Answer,
    duration_ms: u64,
) -> Result<CheckOutcome, CheckError> {
    let exercise_type = prompt.exercise_type();
    let mismatch = CheckError { exercise_type };
    if solution.item.skill() != exercise_type.skill() {
        return Err(mismatch);
    }
    let graded = |correct: bool| solution.timing.suggest(correct, duration_ms);
    let outcome = |correct: bool, expected: String| CheckOutcome {
        correct: Some(correct),
        expected,
        diff: None,
        suggested_rating: graded(correct),
        marked: Vec::new(),
        confused_with: None,
    };
    // The one word a word exercise asks about, marked when it was missed.
    let asked = |correct: bool, position: usize| {
        if correct { Vec::new() } else { vec![position] }
    };
    match (prompt, &solution.key) {
        (
            ExercisePrompt::Study { .. } | ExercisePrompt::Recall { .. },
            AnswerKey::Words { words },
        ) => Ok(match answer {
            Answer::SelfGrade { rating } => CheckOutcome {
                correct: None,
                expected: words.join(" "),
                diff: None,
                suggested_rating: *rating,
                marked: Vec::new(),
                confused_with: None,
            },
            _ => outcome(false, words.join(" ")),
        }),
        (ExercisePrompt::TypeVerse { .. }, AnswerKey::Words { words }) => Ok(match answer {
            Answer::Text { text } => {
                let diff = diff_words(words, text);
                let correct = diff.is_exact();
                let missed = missed_words(&diff);
                CheckOutcome {
                    confused_with: typed_confusion(&solution.traps, text, missed.len()),
                    marked: missed,
                    diff: Some(diff),
                    ..outcome(correct, words.join(" "))
                }
            }
            _ => outcome(false, words.join(" ")),
        }),
        (ExercisePrompt::FindTheMistake { words, .. }, AnswerKey::Mistake { index, original }) => {
            if *index >= words.len() {
                return Err(mismatch);
            }
            let correct = matches!(answer, Answer::Choice { index: given } if given == index);
            Ok(CheckOutcome {
                marked: asked(correct, *index),
                ..outcome(correct, original.clone())
            })
        }
        (ExercisePrompt::PutInOrder { verses, .. }, AnswerKey::Order { order }) => {
            if !is_permutation(order, verses.len()) {
                return Err(mismatch);
            }
            let expected = order
                .iter()
                .map(|&i| verses[i].as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let correct = match answer {
                Answer::Order { order: given } if is_permutation(given, verses.len()) => {
                    let normalized: Vec<String> = verses.iter().map(|v| normalize(v)).collect();
                    given
                        .iter()
                        .zip(order)
                        .all(|(&g, &o)| normalized[g] == normalized[o])
                }
                _ => false,
            };
            Ok(outcome(correct, expected))
        }
        (ExercisePrompt::RecitePassage { verses, .. }, AnswerKey::Passage { verses: words }) => {
            let expected = words
                .iter()
                .map(|w| w.join(" "))
                .collect::<Vec<_>>()
                .join("\n");
            Ok(match answer {
                Answer::Passage { marks } => match crate::passage::grade_passage(verses, marks) {
                    Ok(grades) => CheckOutcome {
                        correct: None,
                        expected,
                        diff: None,
                        suggested_rating: crate::passage::overall(&grades),
                        // The first verse's marked words (the item's verse).
                        marked: marks
                            .iter()
                            .filter(|m| m.verse == 0)
                            .filter_map(|m| m.word)
                            .collect(),
                        confused_with: None,
                    },
                    Err(_) => outcome(false, expected),
                },
                _ => outcome(false, expected),
            })
        }
        (_, AnswerKey::Choice { index }) if exercise_type != ExerciseType::FindTheMistake => {
            let choices = prompt.choices();
            let expected = choices.get(*index).ok_or(mismatch)?.clone();
            let correct = matches!(answer, Answer::Choice { index: given } if given == index);
            let marked = match prompt {
                ExercisePrompt::NextWord { shown, .. } => asked(correct, shown.len()),
                ExercisePrompt::MissingWord { before, .. } => asked(correct, before.len()),
                // The verse's words the right continuation holds.
                ExercisePrompt::WhichContinuation { shown, .. } if !correct => {
                    let words = expected.split(' ').filter(|w| !w.is_empty()).count();
                    (shown.len()..shown.len() + words).collect()
                }
                _ => Vec::new(),
            };
            let confused_with = match answer {
                Answer::Choice { index: given } if !correct => {
                    solution.traps.iter().find_map(|trap| match trap.answer {
                        TrapAnswer::Choice { index } if index == *given => Some(trap.verse),
                        _ => None,
                    })
                }
                _ => None,
            };
            Ok(CheckOutcome {
                marked,
                confused_with,
                ..outcome(correct, expected)
            })
        }
        _ => Err(mismatch),
    }
}

/// An answer that does not fit its exercise: of another kind (a text for a
/// choice), a choice or word index out of range, or an order that is not a
/// permutation of the exercise's verses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct AnswerMismatch {
    /// What does not fit, and what the exercise takes.
    pub reason: String,
}

/// Checks that `answer` is of the kind `prompt` takes and within its range:
/// recall takes a self-grade, type the verse a text, put in order a
/// permutation of its verses, find the mistake a word position, the others
/// a choice among theirs. An answer that fails this is refused rather than
/// marked wrong: it is a client's error, not the learner's.
pub fn answer_fits(prompt: &ExercisePrompt, answer: &Answer) -> Result<(), AnswerMismatch> {
    let exercise_type = prompt.exercise_type();
    let refuse = |takes: String| {
        Err(AnswerMismatch {
            reason: format!("a {} exercise takes {takes}", exercise_type.as_str()),
        })
    };
    match (prompt, answer) {
        (
            ExercisePrompt::Study { .. } | ExercisePrompt::Recall { .. },
            Answer::SelfGrade { .. },
        ) => Ok(()),
        (ExercisePrompt::Study { .. } | ExercisePrompt::Recall { .. }, _) => {
            refuse("a self_grade answer".to_owned())
        }
        (ExercisePrompt::RecitePassage { verses, .. }, Answer::Passage { marks }) => {
            crate::passage::check_marks(verses, marks).map_err(|e| AnswerMismatch {
                reason: e.to_string(),
            })
        }
        (ExercisePrompt::RecitePassage { .. }, _) => refuse("a passage answer".to_owned()),
        (ExercisePrompt::TypeVerse { .. }, Answer::Text { .. }) => Ok(()),
        (ExercisePrompt::TypeVerse { .. }, _) => refuse("a text answer".to_owned()),
        (ExercisePrompt::PutInOrder { verses, .. }, Answer::Order { order })
            if is_permutation(order, verses.len()) =>
        {
            Ok(())
        }
        (ExercisePrompt::PutInOrder { verses, .. }, _) => refuse(format!(
            "an order answer listing each of the indexes 0 to {} once",
            verses.len().saturating_sub(1)
        )),
        (ExercisePrompt::FindTheMistake { words, .. }, Answer::Choice { index })
            if *index < words.len() =>
        {
            Ok(())
        }
        (ExercisePrompt::FindTheMistake { words, .. }, _) => refuse(format!(
            "a choice answer with a word position 0 to {}",
            words.len().saturating_sub(1)
        )),
        (_, Answer::Choice { index }) if *index < prompt.choices().len() => Ok(()),
        _ => refuse(format!(
            "a choice answer with an index 0 to {}",
            prompt.choices().len().saturating_sub(1)
        )),
    }
}

/// The look-alike a wrong typed verse gave instead (see
/// [`CheckOutcome::confused_with`]): the trap whose words the text misses
/// fewest of, when that is fewer than the `missed` words of the verse asked
/// and at most half the trap's words. A garbled answer is near neither.
fn typed_confusion(traps: &[Trap], text: &str, missed: usize) -> Option<iqrah_quran::VerseKey> {
    if missed == 0 {
        return None;
    }
    traps
        .iter()
        .filter_map(|trap| match &trap.answer {
            TrapAnswer::Words { words } => {
                let missed_there = missed_words(&diff_words(words, text)).len();
                (missed_there < missed && missed_there * 2 <= words.len())
                    .then_some((missed_there, trap.verse))
            }
            TrapAnswer::Choice { .. } => None,
        })
        .min_by_key(|&(m, _)| m)
        .map(|(_, verse)| verse)
}

/// The positions of the source words a typed answer got wrong or left out.
fn missed_words(diff: &WordDiff) -> Vec<usize> {
    diff.words
        .iter()
        .filter(|w| w.kind != DiffKind::Extra)
        .enumerate()
        .filter(|(_, w)| matches!(w.kind, DiffKind::Missing | DiffKind::Wrong))
        .map(|(position, _)| position)
        .collect()
}

/// Whether `order` lists each of `0..len` exactly once.
fn is_permutation(order: &[usize], len: usize) -> bool {
    if order.len() != len {
        return false;
    }
    let mut seen = vec![false; len];
    order
        .iter()
        .all(|&i| i < len && !std::mem::replace(&mut seen[i], true))
}
