//! Learning items: one per verse and skill, keyed `2:255/memorization`.

use std::fmt;
use std::str::FromStr;

use iqrah_quran::{KeyError, VerseKey, shorten};
use serde::{Deserialize, Serialize};
use serde_with::{DeserializeFromStr, SerializeDisplay};

/// One of the three skills a learner has for each verse, measured separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    /// Reciting the verse word-perfect.
    Memorization,
    /// Knowing, from this verse, which verse comes next.
    Continuity,
    /// Knowing what the verse says.
    Meaning,
}

impl Skill {
    /// Every skill, in the order items of one verse are listed.
    pub const ALL: [Skill; 3] = [Skill::Memorization, Skill::Continuity, Skill::Meaning];

    /// The lowercase name used in item keys and JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Skill::Memorization => "memorization",
            Skill::Continuity => "continuity",
            Skill::Meaning => "meaning",
        }
    }
}

impl fmt::Display for Skill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Skill {
    type Err = ItemKeyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Skill::ALL
            .into_iter()
            .find(|skill| skill.as_str() == input)
            .ok_or_else(|| ItemKeyError::UnknownSkill {
                input: shorten(input),
            })
    }
}

/// Why an item key was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemKeyError {
    /// The text is not `VERSE/SKILL`.
    #[error("malformed item key {input:?}: expected VERSE/SKILL such as 2:255/memorization")]
    Malformed {
        /// The rejected input, shortened by [`iqrah_quran::shorten`].
        input: String,
    },
    /// The skill is not one of memorization, continuity, meaning.
    #[error("unknown skill {input:?}: expected memorization, continuity or meaning")]
    UnknownSkill {
        /// The rejected skill, shortened by [`iqrah_quran::shorten`].
        input: String,
    },
    /// The verse part is not a valid verse key.
    #[error("invalid verse in item key: {0}")]
    Verse(#[from] KeyError),
    /// A continuity item was asked for a verse that ends its surah.
    #[error("verse {verse} ends its surah, so it has no continuity item")]
    NoContinuity {
        /// The verse.
        verse: VerseKey,
    },
}

/// One thing the learner learns: a verse and a skill.
///
/// Ordered by verse (mushaf order), then skill. Displays, parses and
/// serializes as `2:255/memorization`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, SerializeDisplay, DeserializeFromStr,
)]
pub struct ItemKey {
    verse: VerseKey,
    skill: Skill,
}

impl ItemKey {
    /// The item for `verse` and `skill`. Verses that end a surah have no
    /// continuity item.
    pub fn new(verse: VerseKey, skill: Skill) -> Result<Self, ItemKeyError> {
        if skill == Skill::Continuity && verse.ends_surah() {
            return Err(ItemKeyError::NoContinuity { verse });
        }
        Ok(ItemKey { verse, skill })
    }

    /// The memorization item of a verse (every verse has one).
    pub const fn memorization(verse: VerseKey) -> Self {
        ItemKey {
            verse,
            skill: Skill::Memorization,
        }
    }

    /// The meaning item of a verse (every verse has one).
    pub const fn meaning(verse: VerseKey) -> Self {
        ItemKey {
            verse,
            skill: Skill::Meaning,
        }
    }

    /// The continuity item of a verse, if it does not end its surah.
    pub fn continuity(verse: VerseKey) -> Option<Self> {
        (!verse.ends_surah()).then_some(ItemKey {
            verse,
            skill: Skill::Continuity,
        })
    }

    /// The verse.
    pub const fn verse(self) -> VerseKey {
        self.verse
    }

    /// The skill.
    pub const fn skill(self) -> Skill {
        self.skill
    }

    /// The items of one verse, in skill order (two or three).
    pub fn of_verse(verse: VerseKey) -> impl Iterator<Item = ItemKey> {
        Skill::ALL
            .into_iter()
            .filter_map(move |skill| ItemKey::new(verse, skill).ok())
    }

    /// Every item of the Quran in order: 6,236 verses × 3 skills, minus the
    /// 114 continuity items of surah-final verses (18,594 items).
    pub fn all() -> impl Iterator<Item = ItemKey> {
        iqrah_quran::VerseRange::whole()
            .keys()
            .flat_map(ItemKey::of_verse)
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.verse, self.skill)
    }
}

impl FromStr for ItemKey {
    type Err = ItemKeyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let (verse, skill) =
            input
                .trim()
                .split_once('/')
                .ok_or_else(|| ItemKeyError::Malformed {
                    input: shorten(input),
                })?;
        let verse: VerseKey = verse.parse()?;
        ItemKey::new(verse, skill.parse()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> VerseKey {
        text.parse().unwrap()
    }

    #[test]
    fn displays_parses_and_serializes_as_text() {
        let item = ItemKey::new(key("2:255"), Skill::Memorization).unwrap();
        assert_eq!(item.to_string(), "2:255/memorization");
        assert_eq!("2:255/memorization".parse::<ItemKey>().unwrap(), item);
        assert_eq!(
            serde_json::to_string(&item).unwrap(),
            "\"2:255/memorization\""
        );
        assert_eq!(
            serde_json::from_str::<ItemKey>("\"1:1/meaning\"").unwrap(),
            ItemKey::meaning(key("1:1"))
        );
        assert!(serde_json::from_str::<ItemKey>("\"1:7/continuity\"").is_err());
    }

    #[test]
    fn surah_final_verses_have_no_continuity_item() {
        assert_eq!(
            ItemKey::new(key("1:7"), Skill::Continuity),
            Err(ItemKeyError::NoContinuity { verse: key("1:7") })
        );
        assert!(ItemKey::continuity(key("1:6")).is_some());
        assert_eq!(ItemKey::of_verse(key("114:6")).count(), 2);
        assert_eq!(ItemKey::of_verse(key("114:5")).count(), 3);
        assert_eq!(ItemKey::all().count(), 6236 * 3 - 114);
    }

    #[test]
    fn rejects_bad_keys_with_typed_errors() {
        assert!(matches!(
            "2:255".parse::<ItemKey>(),
            Err(ItemKeyError::Malformed { .. })
        ));
        assert!(matches!(
            "2:255/reading".parse::<ItemKey>(),
            Err(ItemKeyError::UnknownSkill { .. })
        ));
        assert!(matches!(
            "2:255/Memorization".parse::<ItemKey>(),
            Err(ItemKeyError::UnknownSkill { .. })
        ));
        assert!(matches!(
            "2:300/meaning".parse::<ItemKey>(),
            Err(ItemKeyError::Verse(_))
        ));
        assert!(matches!(
            "".parse::<ItemKey>(),
            Err(ItemKeyError::Malformed { .. })
        ));
        let garbage = "٢/".repeat(5000);
        assert!(garbage.parse::<ItemKey>().is_err());
    }

    #[test]
    fn orders_by_verse_then_skill() {
        let mut items = [
            ItemKey::meaning(key("2:1")),
            ItemKey::memorization(key("2:2")),
            ItemKey::memorization(key("2:1")),
        ];
        items.sort();
        assert_eq!(items[0], ItemKey::memorization(key("2:1")));
        assert_eq!(items[2], ItemKey::memorization(key("2:2")));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(input in ".{0,80}") {
            let _ = input.parse::<ItemKey>();
        }
    }
}
