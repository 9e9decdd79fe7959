//! Comparing Arabic text typed by a learner with the Uthmani source.
//!
//! The text shown is always the exact source; only comparisons normalize.
//! [`normalize`] makes these choices (documented so that the web app and
//! tests agree):
//!
//! - **Removed:** harakat and every combining mark (U+064B–U+065F, including
//!   shadda, sukun, maddah and the combining hamzas), Quranic annotation
//!   signs U+0610–U+061A and U+06D6–U+06ED (small high letters and pause
//!   marks, the small waw and yeh, `ۡ` used as sukun, `۞`, `۩`), the extended
//!   marks U+08D3–U+08FF, the superscript (dagger) alef U+0670, tatweel
//!   U+0640, zero-width and direction marks, and the standalone hamza `ء`
//!   (its seat is spelled differently in the Uthmani and the everyday script,
//!   as in `ءَامَنُواْ` / `آمنوا`).
//! - **Unified:** `أ إ آ ٱ ٲ ٳ ٵ` → `ا`; `ؤ` → `و`; `ئ ى ی` → `ي`; `ة` → `ه`;
//!   `ک` → `ك`.
//! - **Whitespace:** any run of whitespace becomes one space; the ends are
//!   trimmed. The thin space U+2009 is the exception: the source uses it
//!   *inside* one word of 2:72 (`فَٱدَّٰرَ\u{2009}ٰٔتُمۡ`), and the text
//!   model splits words at ASCII spaces only, so it is dropped like a mark.
//!
//! When a typed word is compared with a source word, a dagger alef in the
//! source may be typed as `ا` or left out (`الرحمن` and `الرحمان` both match
//! `ٱلرَّحۡمَٰنِ`). Other differences between the Uthmani and the everyday
//! spelling (`ٱلصَّلَوٰةَ` / `الصلاة`, hamza written on a tatweel) are not
//! bridged: the learner types the mushaf's letters.

use serde::{Deserialize, Serialize};

/// The most characters of a typed answer that are compared; the rest is
/// ignored (and the answer is then wrong, since no verse is that long).
pub const MAX_ANSWER_CHARS: usize = 20_000;

/// The thin space, which the source uses inside a word.
const THIN_SPACE: char = '\u{2009}';

/// The superscript (dagger) alef, kept in word forms so that it can match
/// either an alef or nothing.
const DAGGER_ALEF: char = '\u{0670}';

/// What one character becomes under normalization.
enum Mapped {
    Drop,
    Space,
    Char(char),
}

fn map_char(c: char, keep_dagger: bool) -> Mapped {
    match c {
        DAGGER_ALEF if keep_dagger => Mapped::Char(DAGGER_ALEF),
        '\u{0610}'..='\u{061A}'
        | '\u{061C}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}'
        | '\u{0640}'
        | '\u{0621}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | THIN_SPACE => Mapped::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => Mapped::Char('ا'),
        'ؤ' => Mapped::Char('و'),
        'ئ' | 'ى' | 'ی' => Mapped::Char('ي'),
        'ة' => Mapped::Char('ه'),
        'ک' => Mapped::Char('ك'),
        c if c.is_whitespace() => Mapped::Space,
        c => Mapped::Char(c),
    }
}

fn normalize_into(text: &str, keep_dagger: bool, out: &mut String) {
    let mut pending_space = false;
    for c in text.chars() {
        match map_char(c, keep_dagger) {
            Mapped::Drop => {}
            Mapped::Space => pending_space = true,
            Mapped::Char(c) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
}

/// Normalizes Arabic text for comparison (see the module docs for the rules).
///
/// ```
/// use iqrah_core::arabic::normalize;
/// assert_eq!(normalize("قُلۡ هُوَ ٱللَّهُ أَحَدٌ"), "قل هو الله احد");
/// assert_eq!(normalize("  بِسۡمِ\u{00A0}ٱللَّهِ "), "بسم الله");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, false, &mut out);
    out
}

/// The normalized words of a text.
pub fn normalized_words(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A source word's form for matching: normalized, but with dagger alefs kept.
pub(crate) fn word_form(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, true, &mut out);
    out
}

/// A key two words share whenever a learner's typing could confuse them:
/// normalized with every alef (and dagger alef) removed. Distractors must
/// differ from the answer in this key, which is stricter than differing
/// after [`normalize`].
pub fn loose_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, false, &mut out);
    out.retain(|c| c != 'ا');
    out
}

/// Dagger alefs beyond this many in one word are taken as left out (no
/// Quranic word has more than a few).
const MAX_DAGGER_CHOICES: usize = 4;

/// The spellings a typed word may have to match a source word: its
/// normalized form with each dagger alef either left out or typed as `ا`.
/// Each comes with its hash, so that comparing is mostly integer work.
fn spellings(source_word: &str) -> Vec<(u64, String)> {
    let form = word_form(source_word);
    let daggers = form
        .chars()
        .filter(|&c| c == DAGGER_ALEF)
        .count()
        .min(MAX_DAGGER_CHOICES);
    (0..1u32 << daggers)
        .map(|mask| {
            let mut seen = 0;
            let spelling: String = form
                .chars()
                .filter_map(|c| {
                    if c != DAGGER_ALEF {
                        return Some(c);
                    }
                    seen += 1;
                    (seen <= daggers && mask & (1 << (seen - 1)) != 0).then_some('ا')
                })
                .collect();
            (hash(&spelling), spelling)
        })
        .collect()
}

/// FNV-1a of a string.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether a typed word matches a source word: equal after normalization,
/// where each dagger alef of the source may be typed as `ا` or left out.
///
/// ```
/// use iqrah_core::arabic::words_match;
/// assert!(words_match("ٱلرَّحۡمَٰنِ", "الرحمن"));
/// assert!(words_match("ٱلرَّحۡمَٰنِ", "الرحمان"));
/// assert!(!words_match("ٱلرَّحۡمَٰنِ", "الرحيم"));
/// ```
pub fn words_match(source_word: &str, typed: &str) -> bool {
    let typed = normalize(typed);
    spellings(source_word)
        .iter()
        .any(|(_, spelling)| *spelling == typed)
}

/// How one word of a typed answer compares with the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// Typed as in the source (after normalization).
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
    /// The word as typed (absent for `missing`).
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

/// Aligns a typed answer with the exact source words of a verse: as many
/// words equal as possible, then leftover words paired as wrong.
///
/// Words are compared after normalization; the diff reports the source words
/// exactly and the typed words as typed. At most [`MAX_ANSWER_CHARS`]
/// characters and `4 × words + 16` typed words are aligned; anything beyond
/// is reported as one extra word `…`.
pub fn diff_words(expected: &[String], typed: &str) -> WordDiff {
    let (typed, cut) = match typed.char_indices().nth(MAX_ANSWER_CHARS) {
        Some((at, _)) => (&typed[..at], true),
        None => (typed, false),
    };
    let max_tokens = expected.len().saturating_mul(4).saturating_add(16);
    let mut given: Vec<(&str, u64, String)> = Vec::new();
    let mut overflow = cut;
    for token in typed.split(|c: char| c.is_whitespace() && c != THIN_SPACE) {
        let normalized = normalize(token);
        if normalized.is_empty() {
            continue;
        }
        if given.len() == max_tokens {
            overflow = true;
            break;
        }
        given.push((token, hash(&normalized), normalized));
    }
    let sources: Vec<Vec<(u64, String)>> = expected.iter().map(|w| spellings(w)).collect();
    let same = |i: usize, j: usize| {
        let (_, h, text) = &given[j];
        sources[i]
            .iter()
            .any(|(sh, spelling)| sh == h && spelling == text)
    };
    let (n, m) = (sources.len(), given.len());
    // Matching words at both ends need no alignment (answers are mostly right).
    let mut head = 0;
    while head < n && head < m && same(head, head) {
        head += 1;
    }
    let mut tail = 0;
    while tail < n - head && tail < m - head && same(n - 1 - tail, m - 1 - tail) {
        tail += 1;
    }
    let equal = |i: usize, j: usize| DiffWord {
        kind: DiffKind::Equal,
        expected: Some(expected[i].clone()),
        given: Some(given[j].0.to_owned()),
    };
    let mut words = Vec::with_capacity(n.max(m) + 1);
    words.extend((0..head).map(|k| equal(k, k)));
    align(head..n - tail, head..m - tail, &same, &mut |kind, i, j| {
        words.push(DiffWord {
            kind,
            expected: i.map(|i| expected[i].clone()),
            given: j.map(|j| given[j].0.to_owned()),
        });
    });
    words.extend((0..tail).rev().map(|k| equal(n - 1 - k, m - 1 - k)));
    if overflow {
        words.push(DiffWord {
            kind: DiffKind::Extra,
            expected: None,
            given: Some("…".to_owned()),
        });
    }
    WordDiff { words }
}

/// Aligns source words `rows` with typed words `cols`: as many equal words
/// as possible (a longest common subsequence), then as many of the rest
/// paired as wrong words as possible; what remains is missing or extra.
fn align(
    rows: std::ops::Range<usize>,
    cols: std::ops::Range<usize>,
    same: &dyn Fn(usize, usize) -> bool,
    emit: &mut dyn FnMut(DiffKind, Option<usize>, Option<usize>),
) {
    let (n, m) = (rows.len(), cols.len());
    let (r0, c0) = (rows.start, cols.start);
    // A missing or extra word costs `gap`, a wrong word a little less than
    // two gaps: the total is gap·(n+m) − 2·gap·equal − wrong, and since
    // wrong < 2·gap the alignment maximizes equal words first.
    let gap = (n.max(m) + 1) as u64;
    let wrong = 2 * gap - 1;
    let width = m + 1;
    let at = |i: usize, j: usize| i * width + j;
    // cost[i][j]: cost of aligning the rows from i with the columns from j.
    let mut cost = vec![0u64; (n + 1) * width];
    let mut matches = vec![false; n * m];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            cost[at(i, j)] = if i == n {
                (m - j) as u64 * gap
            } else if j == m {
                (n - i) as u64 * gap
            } else {
                let equal = same(r0 + i, c0 + j);
                matches[i * m + j] = equal;
                let diagonal = cost[at(i + 1, j + 1)] + if equal { 0 } else { wrong };
                diagonal
                    .min(cost[at(i + 1, j)] + gap)
                    .min(cost[at(i, j + 1)] + gap)
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
                emit(kind, Some(r0 + i), Some(c0 + j));
                i += 1;
                j += 1;
                continue;
            }
        }
        if i < n && (j == m || here == cost[at(i + 1, j)] + gap) {
            emit(DiffKind::Missing, Some(r0 + i), None);
            i += 1;
        } else {
            emit(DiffKind::Extra, None, Some(c0 + j));
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn strips_marks_and_unifies_letters() {
        assert_eq!(
            normalize("بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ"),
            "بسم الله الرحمن الرحيم"
        );
        assert_eq!(normalize("وَلَمۡ يَكُن لَّهُۥ كُفُوًا أَحَدُۢ"), "ولم يكن له كفوا احد");
        assert_eq!(
            normalize("ذَٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ فِيهِۛ هُدٗى لِّلۡمُتَّقِينَ"),
            "ذلك الكتب لا ريب فيه هدي للمتقين"
        );
        assert_eq!(normalize("۞ إِنَّ"), "ان");
        assert_eq!(normalize("ءَامَنُواْ"), "امنوا");
        assert_eq!(normalize("آمنوا"), "امنوا");
        assert_eq!(normalize("مُؤۡمِنٞ"), "مومن");
        assert_eq!(normalize("ٱلۡمَلَٰٓئِكَةِ"), "المليكه");
        assert_eq!(normalize("ٱلصَّلَوٰةَ"), "الصلوه");
        assert_eq!(normalize("يَسۡـَٔلُونَ"), "يسلون");
        assert_eq!(normalize("a\u{2009}\u{00A0}\n b"), "a b");
        assert_eq!(normalize("   "), "");
        assert_eq!(normalize("ـــ"), "");
    }

    #[test]
    fn dagger_alef_may_be_typed_or_left_out() {
        assert!(words_match("ٱلرَّحۡمَٰنِ", "الرحمن"));
        assert!(words_match("ٱلرَّحۡمَٰنِ", "الرحمان"));
        assert!(words_match("ٱلرَّحۡمَٰنِ", "ٱلرَّحۡمَٰنِ"));
        assert!(!words_match("ٱلرَّحۡمَٰنِ", "الرحيم"));
        assert!(!words_match("ٱلرَّحۡمَٰنِ", "الرحماان"));
        assert!(words_match("ٱلۡمَلَٰٓئِكَةِ", "الملائكة"));
        // Two daggers: each independently.
        assert!(words_match("سَمَٰوَٰتٖ", "سماوات"));
        assert!(words_match("سَمَٰوَٰتٖ", "سموت"));
        assert!(words_match("سَمَٰوَٰتٖ", "سماوت"));
        assert_eq!(loose_key("ٱلرَّحۡمَٰنِ"), loose_key("الرحمان"));
    }

    #[test]
    fn diff_reports_equal_missing_extra_and_wrong_words() {
        let source = words("قُلۡ هُوَ ٱللَّهُ أَحَدٌ");
        assert!(diff_words(&source, "قل هو الله احد").is_exact());
        assert!(diff_words(&source, "قُلۡ هُوَ ٱللَّهُ أَحَدٌ").is_exact());
        assert!(diff_words(&source, "  قل   هو الله\tأحد ").is_exact());

        let missing = diff_words(&source, "قل الله احد");
        assert_eq!(missing.count(DiffKind::Missing), 1);
        assert_eq!(missing.words[1].expected.as_deref(), Some("هُوَ"));

        let wrong = diff_words(&source, "قل هو الله واحد");
        assert_eq!(wrong.count(DiffKind::Wrong), 1);
        assert_eq!(wrong.words[3].given.as_deref(), Some("واحد"));
        assert_eq!(wrong.words[3].expected.as_deref(), Some("أَحَدٌ"));

        let extra = diff_words(&source, "قل يا هو الله احد");
        assert_eq!(
            (extra.count(DiffKind::Extra), extra.count(DiffKind::Equal)),
            (1, 4)
        );

        let empty = diff_words(&source, "");
        assert_eq!(empty.count(DiffKind::Missing), 4);
    }

    #[test]
    fn any_answer_is_handled_without_panicking() {
        let source = words("قُلۡ هُوَ ٱللَّهُ أَحَدٌ");
        let huge = "قل ".repeat(50_000);
        let diff = diff_words(&source, &huge);
        assert!(!diff.is_exact());
        assert!(diff.words.len() <= 4 * 4 + 16 + 1);
        assert_eq!(
            diff.words.last().and_then(|w| w.given.as_deref()),
            Some("…")
        );
        for odd in ["\u{0}", "😀😀", "\u{202E}abc", "ّّّ", "۞", "\u{FFFF}"] {
            let _ = diff_words(&source, odd);
        }
    }

    #[test]
    fn long_answers_align_around_the_mistakes() {
        let source: Vec<String> = (0..120)
            .map(|i| format!("كَلِمَة{}", char::from_u32(0x0628 + i % 20).unwrap()))
            .collect();
        let source: Vec<String> = source
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{w}{i}"))
            .collect();
        let mut typed: Vec<String> = source.iter().map(|w| normalize(w)).collect();
        typed[60] = "خطا".into();
        typed.remove(10);
        typed.insert(100, "زايد".into());
        let diff = diff_words(&source, &typed.join(" "));
        assert_eq!(
            (
                diff.count(DiffKind::Equal),
                diff.count(DiffKind::Wrong),
                diff.count(DiffKind::Missing),
                diff.count(DiffKind::Extra)
            ),
            (118, 1, 1, 1)
        );
        assert_eq!(diff.words[10].kind, DiffKind::Missing);
        assert_eq!(
            diff.words[60].expected.as_deref(),
            Some(source[60].as_str())
        );
        assert_eq!(diff.words[60].kind, DiffKind::Wrong);
    }

    proptest::proptest! {
        #[test]
        fn diff_accounts_for_every_source_and_typed_word(
            keep in proptest::collection::vec(0u8..4, 0..30),
            extra in proptest::collection::vec("[بتث]{1,3}", 0..5),
        ) {
            let source: Vec<String> = ["قُلۡ", "هُوَ", "ٱللَّهُ", "أَحَدٌ", "ٱلرَّحۡمَٰنِ"].iter().cycle().take(keep.len()).map(|w| (*w).to_owned()).collect();
            let mut typed: Vec<String> = Vec::new();
            for (word, action) in source.iter().zip(&keep) {
                match action {
                    0 => {}
                    1 => typed.push("غلط".into()),
                    _ => typed.push(normalize(word)),
                }
            }
            typed.extend(extra.iter().cloned());
            let diff = diff_words(&source, &typed.join(" "));
            let count = |k| diff.count(k);
            proptest::prop_assert_eq!(count(DiffKind::Equal) + count(DiffKind::Wrong) + count(DiffKind::Missing), source.len());
            proptest::prop_assert_eq!(count(DiffKind::Equal) + count(DiffKind::Wrong) + count(DiffKind::Extra), typed.len());
            let kept = keep.iter().filter(|&&a| a >= 2).count();
            proptest::prop_assert!(count(DiffKind::Equal) >= kept);
            proptest::prop_assert_eq!(diff.is_exact(), keep.iter().all(|&a| a >= 2) && extra.is_empty());
        }
    }

    proptest::proptest! {
        #[test]
        fn normalization_is_idempotent_and_diff_never_panics(text in "\\PC{0,60}", arabic in "[\u{0600}-\u{06FF} \u{2009}]{0,60}") {
            for t in [&text, &arabic] {
                let once = normalize(t);
                proptest::prop_assert_eq!(normalize(&once), once.clone());
                let diff = diff_words(&words("قُلۡ هُوَ ٱللَّهُ أَحَدٌ"), t);
                proptest::prop_assert!(diff.count(DiffKind::Equal) + diff.count(DiffKind::Wrong) + diff.count(DiffKind::Missing) == 4);
            }
        }
    }
}
