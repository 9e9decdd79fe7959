//! Finding what to practise from what a learner types in a search box.
//!
//! A query is read every way it can mean something, and each reading that
//! names something real is a [`Found`] goal:
//!
//! - a number: the surah with that number (1–114), the juz (1–30) and the
//!   mushaf page (1–604), in that order;
//! - `juz 30`, `juz:30`, `page 42`, `page:42`, `p42`: that juz or page;
//! - a verse or a range, `2:255`, `2:255-257`, `112:1-114:6`: those verses;
//! - anything else: the surahs whose transliterated, English or Arabic name
//!   contains it, compared without case, diacritics, hyphens, apostrophes
//!   and spaces (`ikhlas`, `al ikhlas`, `The Sincerity`, `الاخلاص`,
//!   `الإخلاص`), names that start with it first.
//!
//! Nothing found is an empty list, never an error; a query longer than
//! [`MAX_QUERY_CHARS`] is refused.

use iqrah_quran::Surah;

use crate::arabic::normalize;
use crate::goal::Goal;

/// The longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// At most this many goals are found for one query.
pub const MAX_FOUND: usize = 12;

/// A query that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// The query is longer than [`MAX_QUERY_CHARS`].
    #[error("the search is {chars} characters long; at most {MAX_QUERY_CHARS} are read")]
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
}

/// What a query was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundKind {
    /// A surah, by number or name.
    Surah,
    /// A juz.
    Juz,
    /// A page of the Madani mushaf.
    Page,
    /// A verse or a range of verses.
    Verses,
}

/// One reading of a query: a goal a session can practise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// What the query was read as.
    pub kind: FoundKind,
    /// The goal.
    pub goal: Goal,
}

/// The goals `query` names, best first, at most [`MAX_FOUND`]; `surahs`
/// gives the names.
pub fn find(query: &str, surahs: &[Surah]) -> Result<Vec<Found>, FindError> {
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(FindError::TooLong { chars });
    }
    let query = query.trim();
    let mut found = Vec::new();
    if query.is_empty() {
        return Ok(found);
    }
    if let Some(n) = whole_number(query) {
        found.extend(goal(FoundKind::Surah, &format!("surah:{n}")));
        found.extend(goal(FoundKind::Juz, &format!("juz:{n}")));
        found.extend(goal(FoundKind::Page, &format!("page:{n}")));
    } else if let Some(n) = after_word(query, &["juz"]) {
        found.extend(goal(FoundKind::Juz, &format!("juz:{n}")));
    } else if let Some(n) = after_word(query, &["page", "p"]) {
        found.extend(goal(FoundKind::Page, &format!("page:{n}")));
    } else if query.contains(':') {
        found.extend(goal(FoundKind::Verses, &format!("range:{query}")));
    } else {
        found.extend(by_name(query, surahs));
    }
    found.truncate(MAX_FOUND);
    Ok(found)
}

/// The goal `text` names when it is one (the goal grammar judges what
/// exists: surahs 1–114, juz 1–30, pages 1–604, verses that are there).
fn goal(kind: FoundKind, text: &str) -> Option<Found> {
    let goal = text.parse().ok()?;
    Some(Found { kind, goal })
}

/// `query` as a number of at most six ASCII digits.
fn whole_number(query: &str) -> Option<u32> {
    (query.len() <= 6 && query.bytes().all(|b| b.is_ascii_digit()))
        .then(|| query.parse().ok())
        .flatten()
}

/// The number after one of `words` (case-insensitive), separated by
/// nothing, spaces or a colon: `juz 30`, `juz:30`, `p42`.
fn after_word(query: &str, words: &[&str]) -> Option<u32> {
    let lower = query.to_ascii_lowercase();
    words.iter().find_map(|word| {
        let rest = lower.strip_prefix(word)?;
        let rest = rest.trim_start_matches([' ', ':']);
        whole_number(rest)
    })
}

fn surah(number: u8) -> Found {
    Found {
        kind: FoundKind::Surah,
        goal: Goal::Surahs {
            first: number,
            last: number,
        },
    }
}

/// A name reduced to what a learner is sure to type the same way: Arabic
/// normalized ([`normalize`]), Latin letters lowercased, and nothing else
/// (no spaces, hyphens, apostrophes or marks).
fn name_key(text: &str) -> String {
    normalize(text)
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The surahs whose names contain `query`: those with a name that starts
/// with it first, then the others, each group in mushaf order.
fn by_name(query: &str, surahs: &[Surah]) -> Vec<Found> {
    let key = name_key(query);
    if key.chars().count() < 2 {
        return Vec::new();
    }
    let mut starts = Vec::new();
    let mut contains = Vec::new();
    for s in surahs {
        let names = [&s.name_transliterated, &s.name_english, &s.name_arabic].map(|n| name_key(n));
        // "Al-Ikhlas" is found by "ikhlas" as a start: the article does not count.
        let starts_with = names.iter().any(|n| {
            n.starts_with(&key)
                || [
                    "al", "an", "ar", "as", "ash", "at", "ad", "adh", "az", "the", "ال",
                ]
                .iter()
                .any(|article| n.strip_prefix(article).is_some_and(|r| r.starts_with(&key)))
        });
        if starts_with {
            starts.push(surah(s.number));
        } else if names.iter().any(|n| n.contains(&key)) {
            contains.push(surah(s.number));
        }
    }
    starts.extend(contains);
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use iqrah_quran::Revelation;

    fn named(number: u8, arabic: &str, transliterated: &str, english: &str) -> Surah {
        Surah {
            number,
            name_arabic: arabic.into(),
            name_transliterated: transliterated.into(),
            name_english: english.into(),
            revelation: Revelation::Meccan,
            verse_count: 4,
        }
    }

    fn surahs() -> Vec<Surah> {
        vec![
            named(1, "الفاتحة", "Al-Fatihah", "The Opener"),
            named(2, "البقرة", "Al-Baqarah", "The Cow"),
            named(103, "العصر", "Al-'Asr", "The Declining Day"),
            named(112, "الإخلاص", "Al-Ikhlas", "The Sincerity"),
            named(113, "الفلق", "Al-Falaq", "The Daybreak"),
            named(114, "الناس", "An-Nas", "Mankind"),
        ]
    }

    fn goals(query: &str) -> Vec<String> {
        find(query, &surahs())
            .unwrap()
            .iter()
            .map(|f| f.goal.to_string())
            .collect()
    }

    #[test]
    fn a_number_is_a_surah_a_juz_and_a_page_where_each_exists() {
        assert_eq!(goals("30"), ["surah:30", "juz:30", "page:30"]);
        assert_eq!(goals("112"), ["surah:112", "page:112"]);
        assert_eq!(goals("604"), ["page:604"]);
        assert!(goals("605").is_empty());
        assert!(goals("0").is_empty());
        assert!(goals("9999999").is_empty());
    }

    #[test]
    fn juz_pages_and_verses_by_their_words() {
        assert_eq!(goals("juz 30"), ["juz:30"]);
        assert_eq!(goals("Juz:2"), ["juz:2"]);
        assert_eq!(goals("page 42"), ["page:42"]);
        assert_eq!(goals("p42"), ["page:42"]);
        assert_eq!(goals("2:255"), ["range:2:255-2:255"]);
        assert_eq!(goals("2:255-257"), ["range:2:255-2:257"]);
        assert!(goals("juz 31").is_empty());
        assert!(goals("page 0").is_empty());
        assert!(goals("2:287").is_empty());
        assert!(goals("2:5-1:1").is_empty());
    }

    #[test]
    fn surah_names_in_either_script_without_marks_or_articles() {
        for query in [
            "ikhlas",
            "Al-Ikhlas",
            "al ikhlas",
            "IKHLAS",
            "sincerity",
            "الإخلاص",
            "الاخلاص",
            "إخلاص",
        ] {
            assert_eq!(goals(query), ["surah:112"], "{query}");
        }
        assert_eq!(goals("al-f"), ["surah:1", "surah:113"]);
        assert_eq!(goals("asr"), ["surah:103"]);
        // A name that starts with the query before those that only contain it.
        assert_eq!(goals("as"), ["surah:103", "surah:112", "surah:114"]);
        assert!(goals("a").is_empty(), "one letter finds nothing");
        assert!(goals("zzz").is_empty());
        assert!(goals("   ").is_empty());
    }

    #[test]
    fn an_overlong_query_is_refused() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            find(&long, &surahs()),
            Err(FindError::TooLong {
                chars: MAX_QUERY_CHARS + 1
            })
        );
        assert!(find(&"a".repeat(MAX_QUERY_CHARS), &surahs()).is_ok());
    }
}
