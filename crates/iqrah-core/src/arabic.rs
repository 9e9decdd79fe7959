//! Comparing Arabic text typed by a learner with the Uthmani source.
//!
//! The text shown is always the exact source; only comparisons look at
//! spellings. The source is quran-json's Uthmani (rasm ʿuthmani) text; a
//! learner types the standard (imlaʾi) spelling, the mushaf's letters, or a
//! mix. [`words_match`] and [`diff_words`] judge a typed word against one
//! source word by these rules (the spec; `docs/answer-checking.md` gives the
//! sources and the classes found in the text):
//!
//! **Typed words.** A typed answer is split into words at whitespace (but
//! the thin space U+2009, which the source uses inside one word of 2:72),
//! punctuation (`، ؛ ؟ , . ; : ! ? " « »` …) and symbols, so punctuation
//! anywhere is ignored. In each word the vowels and tanween, sukun, maddah
//! (but see `آ`), Quranic signs, tatweel, small waw/yeh and invisible marks
//! are dropped: harakat are optional and not judged. A combining hamza joins
//! its seat (`ا` + `ٔ` is `أ`), `ٱ` is `ا`, `ک ی` are `ك ي`. Kept and judged:
//! every letter, every hamza, every shadda.
//!
//! **Source words.** Each source letter becomes a slot with the typed forms
//! it accepts; a typed word matches when some choice of forms spells it:
//!
//! - A letter is typed as itself; with a shadda in the source, the shadda
//!   may be typed or left out. A typed shadda the source does not have makes
//!   the word wrong (`عَلَى` is not `علّى`).
//! - `ى` and `ي` are different letters (`إِلَى` is not `إِلَيَّ`): `ى` is
//!   an alef maqsura, typed `ى` (or `ا` inside a word: `هَدَىٰكُمۡ` /
//!   `هداكم`, `ٱلتَّوۡرَىٰةَ` / `التوراة`); a `ى` after a kasra or carrying a
//!   vowel is a ya, typed `ي` or `ى`. `ة` and `ه` are different letters; an
//!   open taa (a final voweled `ت` after a fatha: `رَحۡمَتَ`) may be typed
//!   `ت` or `ة`.
//! - The dagger alef may be typed `ا` or left out (`ٱلرَّحۡمَٰنِ`: `الرحمن`,
//!   `الرحمان`; `ذَٰلِكَ`: `ذلك`); on a waw with no vowel it replaces the
//!   waw (`ٱلصَّلَوٰةَ`: `الصلاة` or `الصلوة`). `ٱ` is typed `ا`.
//! - A letter under the round zero, never read (`كَانُواْ`, `أُوْلَـٰٓئِكَ`,
//!   `مِاْئَةَ`), may be left out; an alef under the rectangular zero, read
//!   in pause, is typed (`أَنَا۠`: `أنا`). Small waw, small yeh and small
//!   high noon may be typed as their letter or left out (`لَهُۥ`: `له`;
//!   `إِبۡرَٰهِـۧمَ`: `إبراهيم`; `دَاوُۥدَ`: `داود`).
//! - After `ٱ`, a lam with shadda may be typed double (`ٱلَّيۡلِ`: `الليل`).
//! - A hamza is typed on the seat the Uthmani text writes (`ء` for one on a
//!   tatweel) or on a seat of the standard spelling's rules
//!   ([`hamza`](self#hamza-seats)): `شَيۡـًٔا` `شيئا`, `يَسۡـَٔلُونَ` `يسألون`,
//!   `جَزَٰٓؤُاْ` `جزاء`, `ٱلۡقُرۡءَانُ` `القرآن`, `بِـَٔايَٰتِ` `بآيات`. A
//!   seat that is an alef may be typed as a bare `ا` (the hamza the learner
//!   could not type), and `آ` as `ا`; but a hamza is never left out
//!   elsewhere (`مَآءٗ` is not `ما`), and a typed hamza on the wrong alef is
//!   wrong (`إِنِّي` is not `أني`).
//! - The vocative `يا` and the `ها` of attention, which the Uthmani text
//!   joins to the next word, may be typed apart (`يَٰٓأَيُّهَا`: `يا أيها` or
//!   `يأيها`; `يَٰقَوۡمِ`: `يا قوم`; `هَـٰٓأَنتُمۡ`: `ها أنتم`).
//!
//! # Hamza seats
//!
//! The standard seat is computed from the vowels the source writes: initial
//! `أ`/`إ` (`آ` before a long alef, also after a prefix such as `ب`, `و`,
//! `ال`, `يا` when the Uthmani text gives no seat); medial by the stronger of
//! the hamza's vowel and the previous letter's (kasra `ئ` > damma `ؤ` >
//! fatha `أ` > sukun `ء`), by its own vowel after a long alef or sakin waw
//! (`ء` for a fatha), `ئ` after a sakin ya; final by the previous letter's
//! vowel (`ء` after a sukun or a long vowel), `ئ` or `ء` before the tanween
//! alef after a sukun (`شيئًا`, `جزءًا`).
//!
//! # Normalization
//!
//! [`normalize`] is the coarse form for texts that need no judging (whole
//! verses in the ordering exercise, word lengths), and [`loose_key`] the
//! coarser key distractors must differ in:
//!
//! - **Removed:** harakat and every combining mark (U+064B–U+065F, including
//!   shadda, sukun, maddah and the combining hamzas), Quranic annotation
//!   signs U+0610–U+061A and U+06D6–U+06ED (small high letters and pause
//!   marks, the small waw and yeh, `ۡ` used as sukun, `۞`, `۩`), the extended
//!   marks U+08D3–U+08FF, the superscript (dagger) alef U+0670, tatweel
//!   U+0640, zero-width and direction marks, and the standalone hamza `ء`.
//! - **Unified:** `أ إ آ ٱ ٲ ٳ ٵ` → `ا`; `ؤ` → `و`; `ئ ى ی` → `ي`; `ة` → `ه`;
//!   `ک` → `ك`.
//! - **Whitespace:** any run of whitespace becomes one space; the ends are
//!   trimmed. The thin space U+2009 inside one word of 2:72
//!   (`فَٱدَّٰرَ\u{2009}ٰٔتُمۡ`) is dropped like a mark.

mod diff;
mod hamza;
mod spelling;
mod typed;

pub use diff::{DiffKind, DiffWord, WordDiff, diff_words};

/// Whether a typed word (or a joining particle and a word: `يا أيها`)
/// matches a source word under the rules of the [module docs](self).
/// Punctuation around it is ignored.
///
/// ```
/// use iqrah_core::arabic::words_match;
/// assert!(words_match("ٱلرَّحۡمَٰنِ", "الرحمن"));
/// assert!(words_match("ٱلصَّلَوٰةَ", "الصلاة،"));
/// assert!(words_match("يَٰٓأَيُّهَا", "يا أيها"));
/// assert!(!words_match("مَآءٗ", "ما"));
/// assert!(!words_match("إِلَيَّ", "إلى"));
/// assert!(!words_match("ٱلرَّحۡمَٰنِ", "الرحيم"));
/// ```
pub fn words_match(source_word: &str, typed: &str) -> bool {
    let mut source = spelling::Spellings::with_capacity(1);
    source.push(source_word);
    let words: Vec<Vec<char>> = typed::words(typed)
        .map(|w| {
            let mut letters = Vec::new();
            typed::letters(w, &mut letters);
            letters
        })
        .filter(|l| !l.is_empty())
        .collect();
    match words.as_slice() {
        [word] => source.accepts(0, word, spelling::stable_key(word)),
        [particle, word] if typed::is_joining_particle(particle) => {
            let mut joined = particle.clone();
            joined.extend_from_slice(word);
            source.accepts(0, &joined, spelling::stable_key(&joined))
        }
        _ => false,
    }
}

/// The most characters of a typed answer that are compared; the rest is
/// ignored (and the answer is then wrong, since no verse is that long).
pub const MAX_ANSWER_CHARS: usize = 20_000;

/// The thin space, which the source uses inside a word.
pub(crate) const THIN_SPACE: char = '\u{2009}';

/// What one character becomes under normalization.
enum Mapped {
    Drop,
    Space,
    Char(char),
}

fn map_char(c: char) -> Mapped {
    match c {
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

fn normalize_into(text: &str, out: &mut String) {
    let mut pending_space = false;
    for c in text.chars() {
        match map_char(c) {
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
    normalize_into(text, &mut out);
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

/// A key two words share whenever a learner's typing could confuse them:
/// normalized with every alef (and dagger alef) removed. Distractors must
/// differ from the answer in this key, which is stricter than differing
/// after [`normalize`].
pub fn loose_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out.retain(|c| c != 'ا');
    out
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
        let mut typed: Vec<String> = source.clone();
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

    #[test]
    fn separators_and_particles() {
        assert!(words_match("قُلۡ", " قل، "));
        assert!(!words_match("قُلۡ", "قل هو"));
        assert!(!words_match("قُلۡ", ""));
        assert!(!words_match("يَٰقَوۡمِ", "قوم يا"));
        let diff = diff_words(&words("قُلۡ هُوَ ٱللَّهُ أَحَدٌ"), "قل،هو الله؛ احد.");
        assert!(diff.is_exact(), "{diff:?}");
    }

    proptest::proptest! {
        #[test]
        fn matching_never_panics(source in "[\u{0600}-\u{06FF}\u{0640}\u{2009}]{0,24}", typed in "\\PC{0,24}") {
            let _ = words_match(&source, &typed);
            let _ = words_match(&source, &source);
            let _ = diff_words(std::slice::from_ref(&source), &typed);
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
