//! Practice goals: what a session draws its verses from.
//!
//! A goal is written `surah:N`, `surah:N-M`, `juz:N`, `range:S:A-S:B` or
//! `review`, and resolves to verses in mushaf order.

use std::fmt;
use std::str::FromStr;

use iqrah_quran::{KeyError, VerseKey, VerseRange, juz_range, surah_range};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::memory::MemoryStates;

/// The accepted goal forms, quoted by every parse error.
pub const ACCEPTED_GOALS: &str = "accepted goals: surah:N (1-114), surah:N-M, juz:N (1-30), range:S:A-S:B (e.g. range:2:1-2:20), review";

/// Why a goal was rejected. Every message ends with the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoalError {
    /// Nothing was given.
    #[error("empty goal; {}", ACCEPTED_GOALS)]
    Empty,
    /// The text is not one of the accepted forms.
    #[error("unknown goal {input:?}; {}", ACCEPTED_GOALS)]
    Unknown {
        /// The rejected input, shortened to at most 40 characters.
        input: String,
    },
    /// A surah or juz number is missing or not a number.
    #[error(
        "malformed goal {input:?}: expected a number after the colon; {}",
        ACCEPTED_GOALS
    )]
    Malformed {
        /// The rejected input, shortened to at most 40 characters.
        input: String,
    },
    /// A surah span ends before it starts.
    #[error(
        "reversed goal surah:{first}-{last}: the first surah must not come after the last; {}",
        ACCEPTED_GOALS
    )]
    ReversedSurahs {
        /// The first surah given.
        first: u32,
        /// The last surah given.
        last: u32,
    },
    /// A surah, juz or verse does not exist, or a range is reversed.
    #[error("{source}; {accepted}", source = .0, accepted = ACCEPTED_GOALS)]
    Verse(#[from] KeyError),
}

/// What a session practises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Goal {
    /// Surahs `first` to `last` (equal for one surah).
    Surahs {
        /// First surah, 1–114.
        first: u8,
        /// Last surah (included), `first`–114.
        last: u8,
    },
    /// One juz, 1–30.
    Juz(u8),
    /// Any run of consecutive verses.
    Range(VerseRange),
    /// Everything the learner has started (every item with a memory state).
    Review,
}

impl Goal {
    /// The verses the goal covers, or `None` for [`Goal::Review`], whose
    /// verses depend on the learner (see [`Goal::verses`]), and for a goal
    /// built by hand with numbers out of range (parsing never yields one).
    pub fn range(&self) -> Option<VerseRange> {
        match *self {
            Goal::Surahs { first, last } => {
                let start = surah_range(u32::from(first)).ok()?.start();
                let end = surah_range(u32::from(last)).ok()?.end();
                VerseRange::new(start, end).ok()
            }
            Goal::Juz(juz) => juz_range(u32::from(juz)).ok(),
            Goal::Range(range) => Some(range),
            Goal::Review => None,
        }
    }

    /// Whether `verse` lies inside the goal; for [`Goal::Review`], whether
    /// any of its items has a memory state in `states`.
    pub fn contains<S: MemoryStates + ?Sized>(&self, verse: VerseKey, states: &S) -> bool {
        match (self, self.range()) {
            (Goal::Review, _) => {
                crate::item::ItemKey::of_verse(verse).any(|item| states.get(item).is_some())
            }
            (_, Some(range)) => range.contains(verse),
            (_, None) => false,
        }
    }

    /// The goal's verses in mushaf order. For [`Goal::Review`], the verses
    /// with at least one started item.
    pub fn verses<S: MemoryStates + ?Sized>(&self, states: &S) -> Vec<VerseKey> {
        if *self != Goal::Review {
            return self
                .range()
                .map(|range| range.keys().collect())
                .unwrap_or_default();
        }
        let mut started = vec![false; usize::from(iqrah_quran::facts::VERSE_COUNT)];
        states.for_each(&mut |item, _| {
            if let Some(slot) = started.get_mut(item.verse().index()) {
                *slot = true;
            }
        });
        started
            .iter()
            .enumerate()
            .filter(|&(_, &on)| on)
            .filter_map(|(index, _)| VerseKey::from_index(index))
            .collect()
    }
}

/// Parses a surah or juz number: ASCII digits only, at most six of them.
fn number(text: &str, input: &str) -> Result<u32, GoalError> {
    let malformed = || GoalError::Malformed {
        input: input.chars().take(40).collect(),
    };
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse().map_err(|_| malformed())
}

impl FromStr for Goal {
    type Err = GoalError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let text = input.trim();
        if text.is_empty() {
            return Err(GoalError::Empty);
        }
        if text == "review" {
            return Ok(Goal::Review);
        }
        let unknown = || GoalError::Unknown {
            input: text.chars().take(40).collect(),
        };
        let (kind, rest) = text.split_once(':').ok_or_else(unknown)?;
        match kind {
            "surah" => {
                let (first, last) = match rest.split_once('-') {
                    Some((a, b)) => (number(a, text)?, number(b, text)?),
                    None => {
                        let n = number(rest, text)?;
                        (n, n)
                    }
                };
                let first_range = surah_range(first)?;
                let last_range = surah_range(last)?;
                if last < first {
                    return Err(GoalError::ReversedSurahs { first, last });
                }
                Ok(Goal::Surahs {
                    first: first_range.start().surah(),
                    last: last_range.start().surah(),
                })
            }
            "juz" => {
                let juz = number(rest, text)?;
                juz_range(juz)?;
                // juz_range accepted it, so it is 1–30.
                Ok(Goal::Juz(
                    u8::try_from(juz).map_err(|_| KeyError::UnknownJuz { juz })?,
                ))
            }
            "range" => {
                if rest.trim().is_empty() {
                    return Err(GoalError::Malformed {
                        input: text.chars().take(40).collect(),
                    });
                }
                Ok(Goal::Range(rest.parse::<VerseRange>()?))
            }
            _ => Err(unknown()),
        }
    }
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Goal::Surahs { first, last } if first == last => write!(f, "surah:{first}"),
            Goal::Surahs { first, last } => write!(f, "surah:{first}-{last}"),
            Goal::Juz(juz) => write!(f, "juz:{juz}"),
            Goal::Range(range) => write!(f, "range:{}-{}", range.start(), range.end()),
            Goal::Review => f.write_str("review"),
        }
    }
}

impl Serialize for Goal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Goal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::item::ItemKey;
    use crate::memory::MemoryState;
    use crate::time::Timestamp;

    #[test]
    fn parses_every_form_and_round_trips() {
        for text in [
            "surah:1",
            "surah:2-4",
            "juz:30",
            "range:2:1-2:20",
            "range:1:7-2:2",
            "review",
            "surah:114",
        ] {
            let goal: Goal = text.parse().unwrap();
            assert_eq!(goal.to_string(), text);
            assert_eq!(goal.to_string().parse::<Goal>().unwrap(), goal);
        }
        assert_eq!(
            "range:2:1-20".parse::<Goal>().unwrap().to_string(),
            "range:2:1-2:20"
        );
        assert_eq!(
            " surah:112 ".parse::<Goal>().unwrap(),
            Goal::Surahs {
                first: 112,
                last: 112
            }
        );
    }

    #[test]
    fn resolves_to_verses_in_mushaf_order() {
        let none: HashMap<ItemKey, MemoryState> = HashMap::new();
        let verses = "surah:112-113".parse::<Goal>().unwrap().verses(&none);
        let texts: Vec<String> = verses.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "112:1", "112:2", "112:3", "112:4", "113:1", "113:2", "113:3", "113:4", "113:5"
            ]
        );
        let juz = "juz:2".parse::<Goal>().unwrap().verses(&none);
        assert_eq!(
            (juz[0].to_string(), juz.last().unwrap().to_string()),
            ("2:142".into(), "2:252".into())
        );
        assert!(Goal::Review.verses(&none).is_empty());
    }

    #[test]
    fn review_covers_the_started_verses() {
        let state = crate::memory::Scheduler::new().review(
            None,
            crate::memory::Rating::Good,
            Timestamp(0),
            0.9,
        );
        let mut states = HashMap::new();
        states.insert(ItemKey::meaning("3:1".parse().unwrap()), state);
        states.insert(ItemKey::memorization("1:2".parse().unwrap()), state);
        states.insert(ItemKey::memorization("3:1".parse().unwrap()), state);
        let verses = Goal::Review.verses(&states);
        assert_eq!(
            verses,
            ["1:2".parse().unwrap(), "3:1".parse::<VerseKey>().unwrap()]
        );
        assert!(Goal::Review.contains("3:1".parse().unwrap(), &states));
        assert!(!Goal::Review.contains("3:2".parse().unwrap(), &states));
    }

    #[test]
    fn rejects_bad_goals_with_typed_errors_listing_the_forms() {
        type Check = fn(&GoalError) -> bool;
        let cases: [(&str, Check); 12] = [
            ("surah:0", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownSurah { surah: 0 }))
            }),
            ("surah:115", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownSurah { surah: 115 }))
            }),
            ("juz:31", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownJuz { juz: 31 }))
            }),
            ("juz:0", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownJuz { juz: 0 }))
            }),
            ("range:2:300-2:1", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownAyah { .. }))
            }),
            ("range:2:5-1:1", |e| {
                matches!(e, GoalError::Verse(KeyError::ReversedRange { .. }))
            }),
            ("surah:", |e| matches!(e, GoalError::Malformed { .. })),
            ("surah:5-2", |e| {
                matches!(e, GoalError::ReversedSurahs { first: 5, last: 2 })
            }),
            ("", |e| matches!(e, GoalError::Empty)),
            ("   ", |e| matches!(e, GoalError::Empty)),
            ("page:3", |e| matches!(e, GoalError::Unknown { .. })),
            ("range:", |e| matches!(e, GoalError::Malformed { .. })),
        ];
        for (input, expected) in cases {
            let error = input.parse::<Goal>().unwrap_err();
            assert!(expected(&error), "{input:?} gave {error:?}");
            assert!(
                error.to_string().contains("surah:N-M, juz:N"),
                "{input:?}: {error}"
            );
        }
        assert!("range:2:3-2:1".parse::<Goal>().is_err());
        assert!("Review".parse::<Goal>().is_err());
    }

    #[test]
    fn garbage_is_rejected_without_panicking() {
        let garbage: String = (0..10_240u32)
            .map(|i| char::from_u32(0x20 + (i * 7919) % 0x2000).unwrap_or('x'))
            .collect();
        assert!(garbage.parse::<Goal>().is_err());
        let error = format!("surah:{}", "9".repeat(10_000))
            .parse::<Goal>()
            .unwrap_err();
        assert!(error.to_string().len() < 400);
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(input in "(surah|juz|range|review)?:?[0-9:\\-]{0,12}|.{0,64}") {
            if let Ok(goal) = input.parse::<Goal>() {
                proptest::prop_assert_eq!(goal.to_string().parse::<Goal>().unwrap(), goal);
            }
        }
    }
}
