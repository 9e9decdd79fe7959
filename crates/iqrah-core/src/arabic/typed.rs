//! What a learner typed, as the letters the checker compares: words split
//! at spaces and punctuation, vowels dropped, shadda and hamza kept.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use super::THIN_SPACE;

/// The shadda, kept after its letter.
pub(crate) const SHADDA: char = '\u{0651}';

/// `آ` as typed: a hamza whose alef follows it (a typed `آ` becomes `آ` `ا`).
pub(crate) const MADDA_ALEF: char = 'آ';

/// FNV-1a's start value.
pub(crate) const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One step of FNV-1a over a character's UTF-8 bytes.
pub(crate) fn fnv_char(hash: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf).bytes().fold(hash, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether a typed letter may differ between spellings of one source word
/// (alefs, hamzas, `ى`, the shadda): such letters are left out of the
/// stable key that pre-filters comparisons.
pub(crate) fn is_unstable(c: char) -> bool {
    matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'ء' | 'ؤ' | 'ئ' | 'ى' | SHADDA)
}

/// Whether `c` ends a typed word: whitespace (but the thin space, which
/// the source uses inside a word), punctuation or a symbol.
pub(crate) fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return c.is_whitespace() || c.is_ascii_punctuation();
    }
    // Arabic letters and marks (the common case) need no table lookup.
    if c == THIN_SPACE || matches!(c, '\u{0621}'..='\u{065F}' | '\u{0670}'..='\u{06D3}') {
        return false;
    }
    c.is_whitespace()
        || matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol
        )
}

/// The words of a typed text, as typed.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_separator).filter(|w| !w.is_empty())
}

/// The letters of one typed word: vowels, Quranic signs, tatweel and
/// invisible characters dropped; a combining hamza joined to its seat (or
/// `ء` after a tatweel); a shadda kept after its letter; `آ` written `آ`
/// `ا`; `ٱ` as `ا`; small waw, yeh and noon as their letters.
pub(crate) fn letters(word: &str, out: &mut Vec<char>) {
    out.clear();
    // A hamza after a tatweel (or the thin space of 2:72) sits on the line,
    // not on the letter before.
    let mut after_carrier = false;
    for c in word.chars() {
        let carrier = after_carrier;
        after_carrier = false;
        match c {
            SHADDA => out.push(SHADDA),
            '\u{0654}' | '\u{0655}' => {
                let below = c == '\u{0655}';
                let seated = match out.last().filter(|_| !carrier) {
                    Some('ا') => Some(if below { 'إ' } else { 'أ' }),
                    Some('و') => Some('ؤ'),
                    Some('ي' | 'ى') => Some('ئ'),
                    _ => None,
                };
                match seated {
                    Some(seat) => {
                        out.pop();
                        out.push(seat);
                    }
                    None => out.push('ء'),
                }
            }
            '\u{0653}' => {
                if out.last() == Some(&'أ') {
                    out.pop();
                    out.extend([MADDA_ALEF, 'ا']);
                } else {
                    after_carrier = carrier;
                }
            }
            'آ' => out.extend([MADDA_ALEF, 'ا']),
            'ٱ' => out.push('ا'),
            'ٲ' | 'ٵ' => out.push('أ'),
            'ٳ' => out.push('إ'),
            'ک' => out.push('ك'),
            'ی' => out.push('ي'),
            '\u{0640}' | THIN_SPACE => after_carrier = true,
            // Small letters stand for their letter (the source accepts both).
            '\u{06E5}' => out.push('و'),
            '\u{06E6}' | '\u{06E7}' => out.push('ي'),
            '\u{06E8}' => out.push('ن'),
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => {
                after_carrier = carrier;
            }
            c @ ('\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}') => out.push(c),
            c if matches!(
                c.general_category_group(),
                GeneralCategoryGroup::Mark | GeneralCategoryGroup::Other
            ) =>
            {
                after_carrier = carrier;
            }
            c => out.push(c),
        }
    }
}

/// Whether typed letters are the vocative `يا` or the `ها` of attention,
/// which the Uthmani text joins to the next word (`يَٰٓأَيُّهَا`, `هَـٰٓأَنتُمۡ`).
pub(crate) fn is_joining_particle(letters: &[char]) -> bool {
    letters == ['ي', 'ا'] || letters == ['ه', 'ا']
}
