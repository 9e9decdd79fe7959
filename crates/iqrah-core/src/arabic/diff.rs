//! Word-level alignment of a typed answer against the source words.

use serde::{Deserialize, Serialize};

use super::MAX_ANSWER_CHARS;
use super::spelling::{Spellings, joined_key, stable_key};
use super::typed::{self, is_joining_particle};

/// How one word of a typed answer compares with the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// Typed as in the source (in one of its accepted spellings).
    Equal,
    /// In the source, not typed.
    Missing,
    /// Typed, not in the source.
    Extra,
    /// Typed in place of a different source word.
    Wrong,
}

/// One position of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffWord {
    /// How the word compares.
    pub kind: DiffKind,
    /// The exact source word (absent for `extra`).
    pub expected: Option<String>,
    /// The word as typed (absent for `missing`); two typed words joined by a
    /// space when they stand for one source word (`يا أيها`).
    pub given: Option<String>,
}

/// A word-level alignment of a typed answer against the source words: the
/// most equal words, then the most wrong (rather than missing and extra) ones.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WordDiff {
    /// The aligned words in reading order.
    pub words: Vec<DiffWord>,
}

impl WordDiff {
    /// Whether every source word was typed and nothing else.
    pub fn is_exact(&self) -> bool {
        self.words.iter().all(|w| w.kind == DiffKind::Equal)
    }

    /// How many positions have `kind`.
    pub fn count(&self, kind: DiffKind) -> usize {
        self.words.iter().filter(|w| w.kind == kind).count()
    }
}

/// One typed word: as typed, its letters' range and their stable key.
struct Typed<'a> {
    text: &'a str,
    letters: std::ops::Range<usize>,
    key: u64,
}

/// The source words and the typed words, with the two comparisons.
struct Words<'a> {
    sources: Spellings,
    given: Vec<Typed<'a>>,
    /// The letters of every typed word, one after the other.
    letters: Vec<char>,
}

impl Words<'_> {
    fn letters(&self, j: usize) -> &[char] {
        &self.letters[self.given[j].letters.clone()]
    }

    /// Whether typed word `j` is source word `i`.
    fn same(&self, i: usize, j: usize) -> bool {
        self.sources.accepts(i, self.letters(j), self.given[j].key)
    }

    /// Whether typed words `j` and `j + 1`, the first a particle the
    /// Uthmani text joins to the next word, are together source word `i`.
    fn joined(&self, i: usize, j: usize) -> bool {
        if j + 1 >= self.given.len() || !is_joining_particle(self.letters(j)) {
            return false;
        }
        let (first, second) = (&self.given[j], &self.given[j + 1]);
        let both = &self.letters[first.letters.start..second.letters.end];
        let key = joined_key(first.key, self.letters(j + 1));
        self.sources.accepts(i, both, key)
    }
}

/// Aligns a typed answer with the exact source words of a verse: as many
/// words equal as possible, then leftover words paired as wrong.
///
/// The answer is split into words at whitespace, punctuation and symbols;
/// each is compared with [`super::words_match`]'s rules, and a particle
/// `يا`/`ها` typed apart may stand with the next word for one source word.
/// The diff reports the source words exactly and the typed words as typed.
/// At most [`MAX_ANSWER_CHARS`] characters and `4 × words + 16` typed words
/// are aligned; anything beyond is reported as one extra word `…`.
pub fn diff_words(expected: &[String], typed: &str) -> WordDiff {
    let (typed, cut) = match typed.char_indices().nth(MAX_ANSWER_CHARS) {
        Some((at, _)) => (&typed[..at], true),
        None => (typed, false),
    };
    let max_tokens = expected.len().saturating_mul(4).saturating_add(16);
    let mut given: Vec<Typed<'_>> = Vec::new();
    let mut overflow = cut;
    let mut letters = Vec::with_capacity(typed.len() / 2);
    let mut word_letters = Vec::new();
    for token in typed::words(typed) {
        typed::letters(token, &mut word_letters);
        if word_letters.is_empty() {
            continue;
        }
        if given.len() == max_tokens {
            overflow = true;
            break;
        }
        let start = letters.len();
        letters.extend_from_slice(&word_letters);
        given.push(Typed {
            text: token,
            key: stable_key(&word_letters),
            letters: start..letters.len(),
        });
    }
    let mut sources = Spellings::with_capacity(expected.len());
    for w in expected {
        sources.push(w);
    }
    let words = Words {
        sources,
        given,
        letters,
    };
    let (n, m) = (expected.len(), words.given.len());
    let word = |kind, i: Option<usize>, j: Option<usize>, joined: bool| DiffWord {
        kind,
        expected: i.map(|i| expected[i].clone()),
        given: j.map(|j| {
            if joined {
                format!("{} {}", words.given[j].text, words.given[j + 1].text)
            } else {
                words.given[j].text.to_owned()
            }
        }),
    };
    let mut out = Vec::with_capacity(n.max(m) + 1);
    // Matching words at both ends need no alignment (answers are mostly right).
    let (mut i, mut j) = (0, 0);
    loop {
        if i < n && j < m && words.same(i, j) {
            out.push(word(DiffKind::Equal, Some(i), Some(j), false));
            (i, j) = (i + 1, j + 1);
        } else if i < n && j + 1 < m && words.joined(i, j) {
            out.push(word(DiffKind::Equal, Some(i), Some(j), true));
            (i, j) = (i + 1, j + 2);
        } else {
            break;
        }
    }
    let (mut ti, mut tj) = (n, m);
    let mut tail = Vec::new();
    while ti > i && tj > j {
        if words.same(ti - 1, tj - 1) {
            tail.push(word(DiffKind::Equal, Some(ti - 1), Some(tj - 1), false));
            (ti, tj) = (ti - 1, tj - 1);
        } else if tj >= j + 2 && words.joined(ti - 1, tj - 2) {
            tail.push(word(DiffKind::Equal, Some(ti - 1), Some(tj - 2), true));
            (ti, tj) = (ti - 1, tj - 2);
        } else {
            break;
        }
    }
    align(i..ti, j..tj, &words, &mut |kind, i, j, joined| {
        out.push(word(kind, i, j, joined));
    });
    out.extend(tail.into_iter().rev());
    if overflow {
        out.push(DiffWord {
            kind: DiffKind::Extra,
            expected: None,
            given: Some("…".to_owned()),
        });
    }
    WordDiff { words: out }
}

/// Aligns source words `rows` with typed words `cols`: as many equal words
/// as possible (a longest common subsequence, where a joining particle and
/// the next typed word may together equal one source word), then as many of
/// the rest paired as wrong words as possible; what remains is missing or
/// extra. `emit` gets the kind, the source word, the (first) typed word and
/// whether two typed words were joined.
fn align(
    rows: std::ops::Range<usize>,
    cols: std::ops::Range<usize>,
    words: &Words<'_>,
    emit: &mut dyn FnMut(DiffKind, Option<usize>, Option<usize>, bool),
) {
    let (n, m) = (rows.len(), cols.len());
    let (r0, c0) = (rows.start, cols.start);
    // A missing or extra word costs `gap`, a wrong word a little less than
    // two gaps, an equal word (one or two typed words) nothing: the total is
    // at least gap·(n+m) − 3·gap·equal − wrong, and since wrong < 2·gap the
    // alignment maximizes equal words first.
    let gap = (n.max(m) + 1) as u64;
    let wrong = 2 * gap - 1;
    let width = m + 1;
    let at = |i: usize, j: usize| i * width + j;
    // cost[i][j]: cost of aligning the rows from i with the columns from j.
    let mut cost = vec![0u64; (n + 1) * width];
    let mut matches = vec![false; n * m];
    let mut joins = vec![false; n * m];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            cost[at(i, j)] = if i == n {
                (m - j) as u64 * gap
            } else if j == m {
                (n - i) as u64 * gap
            } else {
                let equal = words.same(r0 + i, c0 + j);
                matches[i * m + j] = equal;
                let diagonal = cost[at(i + 1, j + 1)] + if equal { 0 } else { wrong };
                let mut best = diagonal
                    .min(cost[at(i + 1, j)] + gap)
                    .min(cost[at(i, j + 1)] + gap);
                if j + 2 <= m && words.joined(r0 + i, c0 + j) {
                    joins[i * m + j] = true;
                    best = best.min(cost[at(i + 1, j + 2)]);
                }
                best
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let here = cost[at(i, j)];
        if i < n && j < m {
            let equal = matches[i * m + j];
            if here == cost[at(i + 1, j + 1)] + if equal { 0 } else { wrong } {
                let kind = if equal {
                    DiffKind::Equal
                } else {
                    DiffKind::Wrong
                };
                emit(kind, Some(r0 + i), Some(c0 + j), false);
                i += 1;
                j += 1;
                continue;
            }
            if joins[i * m + j] && here == cost[at(i + 1, j + 2)] {
                emit(DiffKind::Equal, Some(r0 + i), Some(c0 + j), true);
                i += 1;
                j += 2;
                continue;
            }
        }
        if i < n && (j == m || here == cost[at(i + 1, j)] + gap) {
            emit(DiffKind::Missing, Some(r0 + i), None, false);
            i += 1;
        } else {
            emit(DiffKind::Extra, None, Some(c0 + j), false);
            j += 1;
        }
    }
}
