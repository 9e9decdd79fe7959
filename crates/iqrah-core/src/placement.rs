//! Placement: a learner tells Iqrah what they already know by heart.
//!
//! A [`Mark`] is a goal (`surah:112`, `juz:30`, `page:600`, `range:2:1-2:20`,
//! … as [`Goal`] parses them; `review` is refused) with a [`Level`]. [`place`]
//! turns the marks into the initial memory state of every memorization item
//! of the marked verses and every continuity item between two marked
//! consecutive verses of one surah. Items that already have a state keep it
//! (the learner's real reviews beat a self-report), and meaning items stay
//! new (knowing a verse by heart is not knowing what it says).
//!
//! Each level is one FSRS state ([`LevelState`]: [`SOLID`], [`SHAKY`],
//! [`RUSTY`]); the due dates of a level's items are spread, in mushaf order
//! and by words, over that level's first days ([`LevelState::spread_days`]),
//! so the first real reviews come soon enough to correct a wrong report and
//! never all on one day. docs/placement.md gives the reasons for the numbers.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use iqrah_quran::{Quran, VerseKey, shorten};

use crate::goal::{Goal, GoalError};
use crate::item::ItemKey;
use crate::memory::{MemoryState, MemoryStates, Scheduler};
use crate::time::Timestamp;

/// The most marks one placement takes (the web form sends at most 144: a
/// mark per surah and per juz).
pub const MAX_MARKS: usize = 1000;

/// How well a learner says they know a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Recited without mistakes, revised regularly.
    Solid,
    /// Known, with hesitations or the odd mistake.
    Shaky,
    /// Learned once, mostly forgotten since.
    Rusty,
}

impl Level {
    /// Every level, from the strongest to the weakest.
    pub const ALL: [Level; 3] = [Level::Solid, Level::Shaky, Level::Rusty];

    /// The level's name, as in marks and JSON: `solid`, `shaky`, `rusty`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Solid => "solid",
            Level::Shaky => "shaky",
            Level::Rusty => "rusty",
        }
    }

    /// A level by its name ([`Level::as_str`]); anything else is a
    /// [`LevelError`].
    pub fn from_name(name: &str) -> Result<Level, LevelError> {
        Level::ALL
            .into_iter()
            .find(|level| level.as_str() == name.trim())
            .ok_or_else(|| LevelError {
                input: shorten(name),
            })
    }

    /// What a learner reads in a form: "Solid: I recite it without mistakes".
    pub const fn label(self) -> &'static str {
        match self {
            Level::Solid => "Solid: I recite it without mistakes",
            Level::Shaky => "Shaky: I know it, with hesitations",
            Level::Rusty => "Rusty: I learned it, but it has faded",
        }
    }

    /// The memory state this level stands for.
    pub const fn state(self) -> LevelState {
        match self {
            Level::Solid => SOLID,
            Level::Shaky => SHAKY,
            Level::Rusty => RUSTY,
        }
    }

    /// The weaker of two levels (the level of a link between verses of
    /// two levels: a learner stalls where the weaker verse begins or ends).
    pub fn weaker(self, other: Level) -> Level {
        self.max(other)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = LevelError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Level::from_name(name)
    }
}

/// A level name that is not `solid`, `shaky` or `rusty`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level {input:?}: expected solid, shaky or rusty")]
pub struct LevelError {
    /// The rejected name, shortened by [`iqrah_quran::shorten`].
    pub input: String,
}

/// The FSRS state a level stands for, and how its first reviews are spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelState {
    /// FSRS stability, in days.
    pub stability: f32,
    /// FSRS difficulty, 1–10.
    pub difficulty: f32,
    /// The reviews the state counts as made.
    pub reps: u32,
    /// The lapses the state counts as made.
    pub lapses: u32,
    /// The learner days over which the level's items first fall due, the
    /// first of them today: items at the start of the marked text (mushaf
    /// order) come due first.
    pub spread_days: u32,
}

/// Solid: a verse reviewed successfully about four times at growing
/// intervals (FSRS-6's defaults after four Goods reach about two months),
/// with a low difficulty; first reviews over four weeks.
pub const SOLID: LevelState = LevelState {
    stability: 60.0,
    difficulty: 3.0,
    reps: 4,
    lapses: 0,
    spread_days: 28,
};

/// Shaky: a verse of a week's stability (about two successful reviews) and
/// middling difficulty; first reviews over one week.
pub const SHAKY: LevelState = LevelState {
    stability: 7.0,
    difficulty: 5.5,
    reps: 2,
    lapses: 0,
    spread_days: 7,
};

/// Rusty: a verse that lapsed, as after a forgotten review (stability 1.5
/// days, high difficulty, one lapse); first reviews today and tomorrow.
pub const RUSTY: LevelState = LevelState {
    stability: 1.5,
    difficulty: 8.0,
    reps: 2,
    lapses: 1,
    spread_days: 2,
};

/// One statement of the learner: these verses, at this level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The verses (never [`Goal::Review`]).
    pub goal: Goal,
    /// How well the learner knows them.
    pub level: Level,
}

impl Mark {
    /// A mark from a goal and a level name; `review` and bad names are refused.
    pub fn new(goal: &str, level: &str) -> Result<Mark, PlacementError> {
        let goal: Goal = goal.parse()?;
        if goal == Goal::Review {
            return Err(PlacementError::Review);
        }
        Ok(Mark {
            goal,
            level: Level::from_name(level)?,
        })
    }
}

impl FromStr for Mark {
    type Err = PlacementError;

    /// `GOAL=LEVEL`, as the command line writes it: `surah:112=solid`.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let (goal, level) = input
            .split_once('=')
            .ok_or_else(|| PlacementError::Malformed {
                input: shorten(input),
            })?;
        Mark::new(goal, level)
    }
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.goal, self.level)
    }
}

/// Why a placement was refused (nothing is placed then).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    /// No mark was given.
    #[error("no marks: name at least one goal with a level, such as surah:112=solid")]
    NoMarks,
    /// More than [`MAX_MARKS`] marks.
    #[error("{count} marks: a placement takes at most {MAX_MARKS}")]
    TooManyMarks {
        /// How many were given.
        count: usize,
    },
    /// A mark that is not `GOAL=LEVEL`.
    #[error(
        "malformed mark {input:?}: expected GOAL=LEVEL such as surah:112=solid or juz:30=shaky"
    )]
    Malformed {
        /// The rejected input, shortened by [`iqrah_quran::shorten`].
        input: String,
    },
    /// `review` names no verses of its own.
    #[error("review cannot be placed: name the verses (surah:N, juz:N, page:N, range:S:A-S:B)")]
    Review,
    /// The goal does not parse or does not exist.
    #[error(transparent)]
    Goal(#[from] GoalError),
    /// The level is not one of solid, shaky, rusty.
    #[error(transparent)]
    Level(#[from] LevelError),
}

/// What [`place`] decided: the states to write and the items that keep theirs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Placement {
    /// The new state of each item placed, in mushaf order.
    pub states: Vec<(ItemKey, MemoryState)>,
    /// Items of the marked verses (memorization, links) that already had a
    /// state and keep it.
    pub kept: usize,
    /// The verses the marks cover.
    pub verses: usize,
}

/// Checks a list of marks: at least one, at most [`MAX_MARKS`].
pub fn check_marks(marks: &[Mark]) -> Result<(), PlacementError> {
    match marks.len() {
        0 => Err(PlacementError::NoMarks),
        count if count > MAX_MARKS => Err(PlacementError::TooManyMarks { count }),
        _ => Ok(()),
    }
}

/// The level of every marked verse, in mushaf order. Where marks overlap,
/// the narrowest mark (fewest verses) wins, so `juz:30=shaky` with
/// `surah:112=solid` places Al-Ikhlas solid and the rest of the juz shaky;
/// of two marks as narrow, the later wins.
pub fn levels(marks: &[Mark]) -> BTreeMap<VerseKey, Level> {
    let mut ranked: Vec<(usize, usize, &Mark)> = marks
        .iter()
        .enumerate()
        .filter_map(|(order, mark)| mark.goal.range().map(|r| (r.len(), order, mark)))
        .collect();
    // Widest and earliest first, so narrower and later marks overwrite.
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut levels = BTreeMap::new();
    for (_, _, mark) in ranked {
        if let Some(range) = mark.goal.range() {
            for verse in range.keys() {
                levels.insert(verse, mark.level);
            }
        }
    }
    levels
}

/// The initial memory states the marks give, decided at `now` with the
/// learner's `scheduler` and `desired_retention`.
///
/// Placed: the memorization item of each marked verse, at its level, and
/// the continuity item (the link to the next verse) of each marked verse
/// whose next verse in the surah is marked too, at the weaker of the two
/// levels. Never placed: items that have a state in `states` (counted in
/// [`Placement::kept`]) and meaning items.
///
/// Each state is the level's [`LevelState`], with a due date spread over
/// the level's [`LevelState::spread_days`]: the items of one level, in
/// mushaf order, take the days in turn by the words of their verses in
/// `quran` (a long verse takes more of a day), the first day's due at
/// `now`, the others at the start of a later learner day. The last review
/// is put where FSRS would have made the item due on that date (its
/// interval at `desired_retention` before it, never after `now`; for the
/// first day's items, before the end of today), so the predicted recall
/// falls to the desired retention on the due date, as after a real review.
pub fn place<S: MemoryStates + ?Sized>(
    marks: &[Mark],
    quran: &Quran,
    states: &S,
    scheduler: &Scheduler,
    desired_retention: f32,
    now: Timestamp,
) -> Result<Placement, PlacementError> {
    check_marks(marks)?;
    if marks.iter().any(|mark| mark.goal == Goal::Review) {
        return Err(PlacementError::Review);
    }
    let levels = levels(marks);
    let mut placement = Placement {
        verses: levels.len(),
        ..Placement::default()
    };
    // The items to place of each level, in mushaf order, with their words.
    let mut by_level: BTreeMap<Level, Vec<(ItemKey, usize)>> = BTreeMap::new();
    for (&verse, &level) in &levels {
        let words = quran.verse(verse).words.len().max(1);
        let memorization = ItemKey::memorization(verse);
        let link = ItemKey::continuity(verse).and_then(|link| {
            let next = verse.next_in_surah()?;
            levels.get(&next).map(|&after| (link, level.weaker(after)))
        });
        // A link takes its verse's place in the spread, adding no words.
        let items = std::iter::once((memorization, level, words))
            .chain(link.map(|(link, level)| (link, level, 0)));
        for (item, level, words) in items {
            if states.get(item).is_some() {
                placement.kept += 1;
            } else {
                by_level.entry(level).or_default().push((item, words));
            }
        }
    }
    for (level, items) in by_level {
        let state = level.state();
        let interval = f64::from(scheduler.interval_days(state.stability, desired_retention));
        let total: usize = items.iter().map(|&(_, words)| words).sum();
        let mut before = 0usize;
        for (item, words) in items {
            let day = spread_day(before, total, state.spread_days);
            before += words;
            // The first day's items are due at once, and fall to the
            // desired retention at the end of today, not before their review.
            let (due, reckoned) = if day == 0 {
                (now, scheduler.due_after(now, 1.0))
            } else {
                let due = scheduler.due_after(now, day as f32);
                (due, due)
            };
            let last_review = reckoned.plus_days(-interval).min(now);
            placement.states.push((
                item,
                MemoryState {
                    stability: state.stability,
                    difficulty: state.difficulty,
                    last_review,
                    due,
                    reps: state.reps,
                    lapses: state.lapses,
                },
            ));
        }
    }
    placement.states.sort_by_key(|&(item, _)| item);
    Ok(placement)
}

/// The learner day (0 = today) of an item whose verse starts after
/// `before` of the level's `total` words, over `days` days.
fn spread_day(before: usize, total: usize, days: u32) -> u32 {
    if total == 0 || days <= 1 {
        return 0;
    }
    let day = (before as u128 * u128::from(days)) / total as u128;
    u32::try_from(day).unwrap_or(days - 1).min(days - 1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

    use std::collections::HashMap;

    use super::*;
    use crate::item::Skill;

    const NOW: Timestamp = Timestamp(1_750_000_000_000);

    fn quran() -> Quran {
        iqrah_quran::synthetic::quran().unwrap().0
    }

    fn key(text: &str) -> VerseKey {
        text.parse().unwrap()
    }

    fn marks(text: &[&str]) -> Vec<Mark> {
        text.iter().map(|m| m.parse().unwrap()).collect()
    }

    fn placed(marks: &[Mark], states: &HashMap<ItemKey, MemoryState>) -> Placement {
        place(marks, &quran(), states, &Scheduler::new(), 0.9, NOW).unwrap()
    }

    #[test]
    fn levels_have_names_labels_and_typed_errors() {
        for level in Level::ALL {
            assert_eq!(Level::from_name(level.as_str()), Ok(level));
            assert_eq!(level.to_string().parse::<Level>(), Ok(level));
            assert!(!level.label().is_empty());
        }
        assert_eq!(
            Level::from_name("great"),
            Err(LevelError {
                input: "great".into()
            })
        );
        assert!(Level::from_name("Solid").is_err());
        assert_eq!(Level::Solid.weaker(Level::Rusty), Level::Rusty);
        assert_eq!(Level::Shaky.weaker(Level::Solid), Level::Shaky);
    }

    #[test]
    fn marks_parse_goals_and_refuse_review_and_nonsense() {
        let mark: Mark = "surah:112=solid".parse().unwrap();
        assert_eq!(
            (mark.goal.to_string(), mark.level),
            ("surah:112".into(), Level::Solid)
        );
        assert_eq!(mark.to_string(), "surah:112=solid");
        assert!(matches!(
            "review=solid".parse::<Mark>(),
            Err(PlacementError::Review)
        ));
        assert!(matches!(
            "surah:115=solid".parse::<Mark>(),
            Err(PlacementError::Goal(_))
        ));
        assert!(matches!(
            "page:0=solid".parse::<Mark>(),
            Err(PlacementError::Goal(_))
        ));
        assert!(matches!(
            "page:605=solid".parse::<Mark>(),
            Err(PlacementError::Goal(_))
        ));
        assert!(matches!(
            "page:43-42=solid".parse::<Mark>(),
            Err(PlacementError::Goal(_))
        ));
        assert!(matches!(
            "surah:112=great".parse::<Mark>(),
            Err(PlacementError::Level(_))
        ));
        assert!(matches!(
            "surah:112".parse::<Mark>(),
            Err(PlacementError::Malformed { .. })
        ));
        assert_eq!(check_marks(&[]), Err(PlacementError::NoMarks));
        let many = vec![mark; MAX_MARKS + 1];
        assert_eq!(
            check_marks(&many),
            Err(PlacementError::TooManyMarks {
                count: MAX_MARKS + 1
            })
        );
    }

    #[test]
    fn each_level_gives_its_state_and_meaning_stays_new() {
        let states = HashMap::new();
        for level in Level::ALL {
            let mark = Mark {
                goal: "surah:112".parse().unwrap(),
                level,
            };
            let placement = placed(&[mark], &states);
            // Four verses, three links inside the surah, no meaning.
            assert_eq!(placement.states.len(), 7, "{level}");
            assert_eq!((placement.verses, placement.kept), (4, 0));
            let expected = level.state();
            for (item, state) in &placement.states {
                assert_ne!(item.skill(), Skill::Meaning);
                assert_eq!(
                    (state.stability, state.difficulty, state.reps, state.lapses),
                    (
                        expected.stability,
                        expected.difficulty,
                        expected.reps,
                        expected.lapses
                    )
                );
                assert!(state.last_review <= NOW && state.due >= NOW);
            }
        }
    }

    #[test]
    fn the_predicted_recall_falls_to_the_desired_retention_on_the_due_date() {
        let s = Scheduler::new();
        let placement = placed(&marks(&["juz:30=solid"]), &HashMap::new());
        for (_, state) in &placement.states {
            // Due today: recall falls to 0.9 at the end of the day.
            let reckoned = if state.due == NOW {
                s.due_after(NOW, 1.0)
            } else {
                state.due
            };
            let at_due = s.retrievability(state, reckoned);
            assert!((at_due - 0.9).abs() < 0.005, "{state:?}: {at_due}");
            assert!(s.retrievability(state, state.due) >= 0.9);
            let now = s.retrievability(state, NOW);
            assert!((0.9..=0.95).contains(&now), "{now}");
        }
    }

    #[test]
    fn items_that_have_a_state_are_never_overwritten() {
        let s = Scheduler::new();
        let reviewed = s.review(None, crate::memory::Rating::Again, NOW, 0.9);
        let mut states = HashMap::new();
        states.insert(ItemKey::memorization(key("112:2")), reviewed);
        states.insert(ItemKey::continuity(key("112:1")).unwrap(), reviewed);
        let placement = placed(&marks(&["surah:112=solid"]), &states);
        assert_eq!(placement.kept, 2);
        assert_eq!(placement.states.len(), 5);
        for (item, _) in &placement.states {
            assert!(!states.contains_key(item), "{item} overwritten");
        }
    }

    #[test]
    fn links_join_only_marked_consecutive_verses_of_one_surah() {
        let placement = placed(
            &marks(&[
                "range:2:1-2:3=solid",
                "range:2:5-2:5=shaky",
                "surah:114=rusty",
                "surah:113=solid",
            ]),
            &HashMap::new(),
        );
        let links: Vec<String> = placement
            .states
            .iter()
            .filter(|(item, _)| item.skill() == Skill::Continuity)
            .map(|(item, _)| item.verse().to_string())
            .collect();
        // 2:3 → 2:4 is not placed (2:4 unmarked), 2:5 has no marked next
        // verse, 113:5 → 114:1 crosses surahs (113:5 ends its surah).
        let mut expected = vec!["2:1", "2:2", "113:1", "113:2", "113:3", "113:4"];
        expected.extend(["114:1", "114:2", "114:3", "114:4", "114:5"]);
        assert_eq!(links, expected);
        // A link between a solid and a rusty verse is rusty.
        let mixed = placed(
            &marks(&["range:2:1-2:1=solid", "range:2:2-2:2=rusty"]),
            &HashMap::new(),
        );
        let link = mixed
            .states
            .iter()
            .find(|(item, _)| item.skill() == Skill::Continuity)
            .unwrap();
        assert_eq!(link.1.stability, RUSTY.stability);
    }

    #[test]
    fn the_narrowest_mark_wins() {
        let levels = levels(&marks(&[
            "surah:112=solid",
            "juz:30=shaky",
            "range:112:2-112:2=rusty",
        ]));
        assert_eq!(levels[&key("112:1")], Level::Solid);
        assert_eq!(levels[&key("112:2")], Level::Rusty);
        assert_eq!(levels[&key("78:1")], Level::Shaky);
        assert_eq!(levels.len(), 564);
        let later = levels_of_two("surah:112=solid", "surah:112=rusty");
        assert_eq!(later, Level::Rusty);
    }

    fn levels_of_two(a: &str, b: &str) -> Level {
        levels(&marks(&[a, b]))[&key("112:1")]
    }

    #[test]
    fn due_dates_are_spread_in_mushaf_order_over_the_levels_days() {
        let s = Scheduler::new();
        for (level, days) in [
            ("solid", SOLID.spread_days),
            ("shaky", SHAKY.spread_days),
            ("rusty", RUSTY.spread_days),
        ] {
            let placement = placed(&marks(&[&format!("juz:30={level}")]), &HashMap::new());
            let mut per_day = vec![0usize; days as usize];
            let mut last_day = 0;
            for (item, state) in &placement.states {
                let day = s.elapsed_days(NOW, state.due);
                assert!(day < days, "{item}: day {day}");
                assert!(
                    day >= last_day || item.skill() == Skill::Continuity,
                    "{item} out of order"
                );
                if item.skill() == Skill::Memorization {
                    last_day = day;
                }
                per_day[day as usize] += 1;
            }
            // The first reviews start today, and no day takes more than
            // twice its share.
            assert!(placement.states.iter().any(|(_, st)| st.due == NOW));
            let share = placement.states.len() / days as usize;
            assert!(
                per_day.iter().all(|&n| n > 0 && n <= 2 * share + 2),
                "{level}: {per_day:?}"
            );
        }
    }

    #[test]
    fn refused_marks_place_nothing() {
        let s = Scheduler::new();
        let states: HashMap<ItemKey, MemoryState> = HashMap::new();
        assert_eq!(
            place(&[], &quran(), &states, &s, 0.9, NOW),
            Err(PlacementError::NoMarks)
        );
        let review = Mark {
            goal: Goal::Review,
            level: Level::Solid,
        };
        assert_eq!(
            place(&[review], &quran(), &states, &s, 0.9, NOW),
            Err(PlacementError::Review)
        );
    }

    #[test]
    fn spread_days_cover_the_span() {
        assert_eq!(spread_day(0, 100, 28), 0);
        assert_eq!(spread_day(99, 100, 28), 27);
        assert_eq!(spread_day(50, 100, 2), 1);
        assert_eq!(spread_day(5, 0, 7), 0);
        assert_eq!(spread_day(5, 10, 1), 0);
    }
}
