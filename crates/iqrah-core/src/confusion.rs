//! Confusions: a verse the learner mixed up with one that looks like it.
//!
//! A confusion of a verse with another is recorded by the answer itself: a
//! wrong answer that gave the other verse's words
//! ([`CheckOutcome::confused_with`](crate::exercise::CheckOutcome::confused_with):
//! a look-alike drill's choice that is another verse's, a typed verse nearer
//! to a look-alike than to itself). Nothing else is stored: the answers
//! kept on the session items are the record, so undoing an answer undoes
//! its confusion.
//!
//! A confusion stays open until [`RESOLVED_AFTER`] look-alike drills of the
//! verse in a row are answered right after it; a new confusion of the
//! same pair opens it again. While it is open, the planner reviews the two
//! verses together with drills against each other
//! ([`crate::planner::review_confusions`]).

use std::collections::HashMap;

use iqrah_quran::VerseKey;
use serde::{Deserialize, Serialize};

/// Right look-alike drills of a verse, in a row, that close its confusions.
pub const RESOLVED_AFTER: u32 = 2;

/// One answered memorization item that bears on confusions: a drill, or an
/// answer that gave another verse's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookAlikeAnswer {
    /// The verse asked.
    pub verse: VerseKey,
    /// The verse whose words the answer gave, if it did.
    pub confused_with: Option<VerseKey>,
    /// Whether the exercise was a look-alike drill.
    pub drill: bool,
    /// Whether the answer was right.
    pub correct: bool,
}

/// An open confusion of `verse` with `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// The verse asked.
    pub verse: VerseKey,
    /// The verse it was taken for.
    pub other: VerseKey,
    /// How many answers took it for `other` since the confusion opened.
    pub times: u32,
    /// Right drills of `verse` since the last time (fewer than
    /// [`RESOLVED_AFTER`]).
    pub right_since: u32,
}

/// The confusions still open after `answers`, given in the order they
/// were answered (see the module docs), the most recently confused first.
pub fn open_confusions(answers: &[LookAlikeAnswer]) -> Vec<Confusion> {
    // (verse, other) → (confusion, order of its last confusion).
    let mut open: HashMap<(VerseKey, VerseKey), (Confusion, usize)> = HashMap::new();
    for (at, answer) in answers.iter().enumerate() {
        if let Some(other) = answer.confused_with {
            let entry = open.entry((answer.verse, other)).or_insert((
                Confusion {
                    verse: answer.verse,
                    other,
                    times: 0,
                    right_since: 0,
                },
                at,
            ));
            entry.0.times += 1;
            entry.0.right_since = 0;
            entry.1 = at;
        } else if answer.drill && answer.correct {
            open.retain(|&(verse, _), (confusion, _)| {
                if verse != answer.verse {
                    return true;
                }
                confusion.right_since += 1;
                confusion.right_since < RESOLVED_AFTER
            });
        } else if answer.drill {
            // A wrong drill that gave no other verse's words starts the count again.
            for ((verse, _), (confusion, _)) in open.iter_mut() {
                if *verse == answer.verse {
                    confusion.right_since = 0;
                }
            }
        }
    }
    let mut list: Vec<(Confusion, usize)> = open.into_values().collect();
    list.sort_by_key(|&(c, at)| (std::cmp::Reverse(at), c.verse, c.other));
    list.into_iter().map(|(c, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> VerseKey {
        s.parse().unwrap()
    }

    fn confused(verse: &str, other: &str) -> LookAlikeAnswer {
        LookAlikeAnswer {
            verse: key(verse),
            confused_with: Some(key(other)),
            drill: false,
            correct: false,
        }
    }

    fn drill(verse: &str, correct: bool) -> LookAlikeAnswer {
        LookAlikeAnswer {
            verse: key(verse),
            confused_with: None,
            drill: true,
            correct,
        }
    }

    #[test]
    fn a_confusion_closes_after_two_right_drills_in_a_row() {
        let mut answers = vec![confused("2:49", "7:141")];
        let open = open_confusions(&answers);
        assert_eq!(open.len(), 1);
        assert_eq!(
            (open[0].verse, open[0].other, open[0].times),
            (key("2:49"), key("7:141"), 1)
        );
        answers.push(drill("2:49", true));
        assert_eq!(open_confusions(&answers)[0].right_since, 1);
        // A wrong drill starts the count again.
        answers.push(drill("2:49", false));
        assert_eq!(open_confusions(&answers)[0].right_since, 0);
        answers.push(drill("2:49", true));
        answers.push(drill("7:141", true)); // another verse's drill counts for its own confusions
        assert_eq!(open_confusions(&answers).len(), 1);
        answers.push(drill("2:49", true));
        assert!(open_confusions(&answers).is_empty());
        // Confused again: open again, counted afresh.
        answers.push(confused("2:49", "7:141"));
        assert_eq!(open_confusions(&answers)[0].times, 1);
    }

    #[test]
    fn the_most_recent_confusion_comes_first() {
        let answers = [confused("2:49", "7:141"), confused("55:13", "55:16")];
        let open = open_confusions(&answers);
        assert_eq!(open[0].verse, key("55:13"));
        assert_eq!(open[1].verse, key("2:49"));
    }
}
