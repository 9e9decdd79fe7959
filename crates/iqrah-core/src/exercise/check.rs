//! Checking answers: correctness, the expected answer, a word diff for typed
//! answers and a suggested grade.

use super::kind::ExerciseType;
use super::payload::{Answer, AnswerKey, CheckError, CheckOutcome, ExercisePrompt, Solution};
use crate::arabic::{diff_words, normalize};
use crate::memory::Rating;

/// Checks `answer`, given `duration_ms` after the prompt was shown.
///
/// A wrong answer, an answer of the wrong kind (a typed text for a choice),
/// an index out of range or an order that is not a permutation are all
/// simply wrong (suggested grade Again). A right answer is graded by time
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
    let graded = |correct: bool| {
        if correct {
            solution.timing.rating_for(duration_ms)
        } else {
            Rating::Again
        }
    };
    let outcome = |correct: bool, expected: String| CheckOutcome {
        correct: Some(correct),
        expected,
        diff: None,
        suggested_rating: graded(correct),
    };
    match (prompt, &solution.key) {
        (ExercisePrompt::Recall { .. }, AnswerKey::Words { words }) => Ok(match answer {
            Answer::SelfGrade { rating } => CheckOutcome {
                correct: None,
                expected: words.join(" "),
                diff: None,
                suggested_rating: *rating,
            },
            _ => outcome(false, words.join(" ")),
        }),
        (ExercisePrompt::TypeVerse { .. }, AnswerKey::Words { words }) => Ok(match answer {
            Answer::Text { text } => {
                let diff = diff_words(words, text);
                let correct = diff.is_exact();
                CheckOutcome {
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
            Ok(outcome(correct, original.clone()))
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
        (_, AnswerKey::Choice { index }) if exercise_type != ExerciseType::FindTheMistake => {
            let choices = prompt.choices();
            let expected = choices.get(*index).ok_or(mismatch)?.clone();
            let correct = matches!(answer, Answer::Choice { index: given } if given == index);
            Ok(outcome(correct, expected))
        }
        _ => Err(mismatch),
    }
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
