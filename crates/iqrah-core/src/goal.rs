//! Practice goals: what a session draws its verses from.
//!
//! A goal is written `surah:N`, `surah:N-M`, `juz:N`, `juz:N:reverse`,
//! `page:N`, `page:N-M` (pages of the Madani mushaf), `range:S:A-S:B` or
//! `review`, and resolves to verses in mushaf order.
//! Its *introduction order* ([`Goal::introduction`]) is the order in which
//! its new verses are learned: mushaf order, except that `surah:N-M` with
//! N > M (`surah:114-78`) and `juz:N:reverse` take the surahs from the last
//! back to the first, verses in mushaf order inside each surah, as Juz ʿAmma
//! is usually learned from an-Nas backwards (GUIDE §3b).

use std::fmt;
use std::str::FromStr;

use iqrah_quran::{KeyError, VerseKey, VerseRange, juz_range, page_range, shorten, surah_range};
use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::memory::MemoryStates;

/// The accepted goal forms, quoted by every parse error.
pub const ACCEPTED_GOALS: &str = "accepted goals: surah:N (1-114), surah:N-M, juz:N (1-30), juz:N:reverse, page:N (1-604), page:N-M, range:S:A-S:B (e.g. range:2:1-2:20), review; surah:N-M with N after M (surah:114-78) learns the surahs from N back";

/// Why a goal was rejected. Every message ends with the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoalError {
    /// Nothing was given.
    #[error("empty goal; {}", ACCEPTED_GOALS)]
    Empty,
    /// The text is not one of the accepted forms.
    #[error("unknown goal {input:?}; {}", ACCEPTED_GOALS)]
    Unknown {
        /// The rejected input, shortened by [`iqrah_quran::shorten`].
        input: String,
    },
    /// A surah or juz number is missing or not a number.
    #[error(
        "malformed goal {input:?}: expected a number after the colon; {}",
        ACCEPTED_GOALS
    )]
    Malformed {
        /// The rejected input, shortened by [`iqrah_quran::shorten`].
        input: String,
    },
    /// A page range ends before it starts (`page:43-42`).
    #[error(
        "reversed pages {first}-{last}: the first page must come before the last; {}",
        ACCEPTED_GOALS
    )]
    ReversedPages {
        /// The first page given.
        first: u16,
        /// The last page given.
        last: u16,
    },
    /// A surah, juz, page or verse does not exist, or a range is reversed.
    #[error("{source}; {accepted}", source = .0, accepted = ACCEPTED_GOALS)]
    Verse(#[from] KeyError),
}

/// What a session practises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, SerializeDisplay, DeserializeFromStr)]
pub enum Goal {
    /// Surahs `first` to `last` (equal for one surah), introduced in that
    /// order: when `first` is after `last`, from `first` back to `last`.
    Surahs {
        /// The surah introduced first, 1–114.
        first: u8,
        /// The surah introduced last (included), 1–114.
        last: u8,
    },
    /// One juz, 1–30.
    Juz(u8),
    /// One juz, 1–30, introduced by surah from its last surah back to its
    /// first (verses in mushaf order inside each surah).
    JuzReverse(u8),
    /// Pages `first` to `last` (equal for one page) of the Madani mushaf,
    /// 1–604, `first` ≤ `last`: the verses that begin on them.
    Pages {
        /// The first page.
        first: u16,
        /// The last page (included).
        last: u16,
    },
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
                let start = surah_range(u32::from(first.min(last))).ok()?.start();
                let end = surah_range(u32::from(first.max(last))).ok()?.end();
                VerseRange::new(start, end).ok()
            }
            Goal::Juz(juz) | Goal::JuzReverse(juz) => juz_range(u32::from(juz)).ok(),
            Goal::Pages { first, last } => {
                let start = page_range(u32::from(first)).ok()?.start();
                let end = page_range(u32::from(last)).ok()?.end();
                VerseRange::new(start, end).ok()
            }
            Goal::Range(range) => Some(range),
            Goal::Review => None,
        }
    }

    /// The goal's verses in the order they are introduced: one run of
    /// consecutive verses per surah (in mushaf order inside it), the runs
    /// in mushaf order, or from the last surah back for `surah:N-M` with
    /// N > M and `juz:N:reverse`. Empty for [`Goal::Review`] (it introduces
    /// nothing) and for a goal out of range.
    pub fn introduction(&self) -> Vec<VerseRange> {
        let Some(range) = self.range() else {
            return Vec::new();
        };
        let mut runs = Vec::new();
        let (mut start, end) = (range.start(), range.end());
        loop {
            let surah_end = surah_range(u32::from(start.surah()))
                .map(|s| s.end())
                .unwrap_or(end);
            let run_end = if surah_end < end { surah_end } else { end };
            if let Ok(run) = VerseRange::new(start, run_end) {
                runs.push(run);
            }
            match VerseKey::from_index(run_end.index() + 1) {
                Some(next) if run_end < end => start = next,
                _ => break,
            }
        }
        let reverse = match *self {
            Goal::Surahs { first, last } => first > last,
            Goal::JuzReverse(_) => true,
            _ => false,
        };
        if reverse {
            runs.reverse();
        }
        runs
    }

    /// The name a learner reads: "Al-Ikhlas", "Juz 30", "Juz 30, from the
    /// end", "An-Nas back to An-Naba'", "An-Naba' to An-Nas", "Al-Baqarah
    /// 1–20", "Page 42", "Pages 582–604", "Today's review". `surah_name` gives a surah's name; a
    /// missing name is written "Surah N".
    pub fn title(&self, surah_name: impl Fn(u8) -> Option<String>) -> String {
        let name = |surah: u8| surah_name(surah).unwrap_or_else(|| format!("Surah {surah}"));
        match *self {
            Goal::Surahs { first, last } if first == last => name(first),
            Goal::Surahs { first, last } if first > last => {
                format!("{} back to {}", name(first), name(last))
            }
            Goal::Surahs { first, last } => format!("{} to {}", name(first), name(last)),
            Goal::Juz(juz) => format!("Juz {juz}"),
            Goal::JuzReverse(juz) => format!("Juz {juz}, from the end"),
            Goal::Pages { first, last } if first == last => format!("Page {first}"),
            Goal::Pages { first, last } => format!("Pages {first}–{last}"),
            Goal::Range(range) => {
                let (start, end) = (range.start(), range.end());
                if start == end {
                    format!("{} {}", name(start.surah()), start.ayah())
                } else if start.surah() == end.surah() {
                    format!("{} {}–{}", name(start.surah()), start.ayah(), end.ayah())
                } else {
                    format!(
                        "{} {} – {} {}",
                        name(start.surah()),
                        start.ayah(),
                        name(end.surah()),
                        end.ayah()
                    )
                }
            }
            Goal::Review => "Today's review".to_owned(),
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

/// Parses a surah, juz or page number: ASCII digits only, at most six of them.
fn number(text: &str, input: &str) -> Result<u32, GoalError> {
    let malformed = || GoalError::Malformed {
        input: shorten(input),
    };
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse().map_err(|_| malformed())
}

/// Parses `N` or `N-M` (surahs, pages) as the first and last numbers, equal for `N`.
fn numbers(text: &str, input: &str) -> Result<(u32, u32), GoalError> {
    match text.split_once('-') {
        Some((a, b)) => Ok((number(a, input)?, number(b, input)?)),
        None => {
            let n = number(text, input)?;
            Ok((n, n))
        }
    }
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
            input: shorten(text),
        };
        let (kind, rest) = text.split_once(':').ok_or_else(unknown)?;
        match kind {
            "surah" => {
                let (first, last) = numbers(rest, text)?;
                let first_range = surah_range(first)?;
                let last_range = surah_range(last)?;
                Ok(Goal::Surahs {
                    first: first_range.start().surah(),
                    last: last_range.start().surah(),
                })
            }
            "juz" => {
                let (rest, reverse) = match rest.strip_suffix(":reverse") {
                    Some(juz) => (juz, true),
                    None => (rest, false),
                };
                let juz = number(rest, text)?;
                juz_range(juz)?;
                // juz_range accepted it, so it is 1–30.
                let juz = u8::try_from(juz).map_err(|_| KeyError::UnknownJuz { juz })?;
                Ok(if reverse {
                    Goal::JuzReverse(juz)
                } else {
                    Goal::Juz(juz)
                })
            }
            "page" => {
                let (first, last) = numbers(rest, text)?;
                page_range(first)?;
                page_range(last)?;
                // page_range accepted both, so they are 1–604.
                let page = |p: u32| u16::try_from(p).map_err(|_| KeyError::UnknownPage { page: p });
                let (first, last) = (page(first)?, page(last)?);
                if first > last {
                    return Err(GoalError::ReversedPages { first, last });
                }
                Ok(Goal::Pages { first, last })
            }
            "range" => {
                if rest.trim().is_empty() {
                    return Err(GoalError::Malformed {
                        input: shorten(text),
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
            Goal::JuzReverse(juz) => write!(f, "juz:{juz}:reverse"),
            Goal::Pages { first, last } if first == last => write!(f, "page:{first}"),
            Goal::Pages { first, last } => write!(f, "page:{first}-{last}"),
            Goal::Range(range) => write!(f, "range:{}-{}", range.start(), range.end()),
            Goal::Review => f.write_str("review"),
        }
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
            "surah:114-78",
            "juz:30:reverse",
            "page:42",
            "page:582-604",
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
    fn page_goals_are_the_verses_that_begin_on_their_pages() {
        let none: HashMap<ItemKey, MemoryState> = HashMap::new();
        let bounds = |goal: &str| {
            let verses = goal.parse::<Goal>().unwrap().verses(&none);
            (verses[0].to_string(), verses.last().unwrap().to_string())
        };
        assert_eq!(bounds("page:1"), ("1:1".into(), "1:7".into()));
        assert_eq!(bounds("page:42"), ("2:253".into(), "2:256".into()));
        assert_eq!(bounds("page:582-604"), ("78:1".into(), "114:6".into()));
        assert_eq!(
            "page:582-604".parse::<Goal>().unwrap().range(),
            "juz:30".parse::<Goal>().unwrap().range()
        );
        let name = |_: u8| None;
        assert_eq!("page:42".parse::<Goal>().unwrap().title(name), "Page 42");
        assert_eq!(
            "page:582-604".parse::<Goal>().unwrap().title(name),
            "Pages 582–604"
        );
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
        let cases: [(&str, Check); 22] = [
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
            ("juz:31:reverse", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownJuz { juz: 31 }))
            }),
            ("juz:30:backwards", |e| {
                matches!(e, GoalError::Malformed { .. })
            }),
            ("juz:reverse", |e| matches!(e, GoalError::Malformed { .. })),
            ("", |e| matches!(e, GoalError::Empty)),
            ("   ", |e| matches!(e, GoalError::Empty)),
            ("pages:3", |e| matches!(e, GoalError::Unknown { .. })),
            ("range:", |e| matches!(e, GoalError::Malformed { .. })),
            ("page:0", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownPage { page: 0 }))
            }),
            ("page:605", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownPage { page: 605 }))
            }),
            ("page:1-605", |e| {
                matches!(e, GoalError::Verse(KeyError::UnknownPage { page: 605 }))
            }),
            ("page:43-42", |e| {
                matches!(
                    e,
                    GoalError::ReversedPages {
                        first: 43,
                        last: 42
                    }
                )
            }),
            ("page:", |e| matches!(e, GoalError::Malformed { .. })),
            ("page:4x", |e| matches!(e, GoalError::Malformed { .. })),
            ("page:-3", |e| matches!(e, GoalError::Malformed { .. })),
            ("page:1-2-3", |e| matches!(e, GoalError::Malformed { .. })),
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
    fn reverse_goals_introduce_surahs_from_the_last_back() {
        let starts = |goal: &str| -> Vec<String> {
            goal.parse::<Goal>()
                .unwrap()
                .introduction()
                .iter()
                .map(|run| format!("{}-{}", run.start(), run.end()))
                .collect()
        };
        let reverse = starts("surah:114-112");
        assert_eq!(reverse, ["114:1-114:6", "113:1-113:5", "112:1-112:4"]);
        assert_eq!(
            starts("surah:112-114"),
            ["112:1-112:4", "113:1-113:5", "114:1-114:6"]
        );
        let juz = starts("juz:30:reverse");
        assert_eq!((juz.len(), juz[0].as_str()), (37, "114:1-114:6"));
        assert_eq!(juz.last().unwrap(), "78:1-78:40");
        // The same verses either way.
        assert_eq!(
            "surah:114-78".parse::<Goal>().unwrap().range(),
            "surah:78-114".parse::<Goal>().unwrap().range()
        );
        // A range across surahs is split at the surah boundary.
        assert_eq!(starts("range:1:6-2:2"), ["1:6-1:7", "2:1-2:2"]);
        assert!(Goal::Review.introduction().is_empty());
    }

    #[test]
    fn titles_name_goals_as_a_learner_would() {
        let names = |surah: u8| match surah {
            2 => Some("Al-Baqarah".to_owned()),
            78 => Some("An-Naba'".to_owned()),
            112 => Some("Al-Ikhlas".to_owned()),
            114 => Some("An-Nas".to_owned()),
            _ => None,
        };
        let title = |goal: &str| goal.parse::<Goal>().unwrap().title(names);
        assert_eq!(title("surah:112"), "Al-Ikhlas");
        assert_eq!(title("juz:30"), "Juz 30");
        assert_eq!(title("juz:30:reverse"), "Juz 30, from the end");
        assert_eq!(title("surah:114-78"), "An-Nas back to An-Naba'");
        assert_eq!(title("surah:78-114"), "An-Naba' to An-Nas");
        assert_eq!(title("range:2:1-2:20"), "Al-Baqarah 1–20");
        assert_eq!(title("range:2:5-2:5"), "Al-Baqarah 5");
        assert_eq!(title("review"), "Today's review");
        assert_eq!(title("surah:113"), "Surah 113");
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
