//! The text as it is drawn on screen.
//!
//! The source text (the King Fahd Complex's Uthmani text, in the encoding of
//! its own KFGQPC font) writes the open ("staggered") tanween with three code
//! points that Unicode gives other meanings:
//!
//! | source | drawn by a Unicode font as | the mark meant | displayed as |
//! | --- | --- | --- | --- |
//! | U+0657 | inverted damma | open fathatan | U+08F0 ARABIC OPEN FATHATAN |
//! | U+065E | fatha with two dots | open dammatan | U+08F1 ARABIC OPEN DAMMATAN |
//! | U+0656 | subscript alef | open kasratan | U+08F2 ARABIC OPEN KASRATAN |
//!
//! [`for_display`] maps them at display time only: the stored text, the
//! words, the answers compared and the JSON API keep the source's code points.
//! The web client applies the same table (`assets/display.js` of the server,
//! checked against [`OPEN_TANWEEN`] by a test).

use std::borrow::Cow;

/// The source's open-tanween code points and the Unicode marks displayed for
/// them, in the order fathatan, dammatan, kasratan.
pub const OPEN_TANWEEN: [(char, char); 3] = [
    ('\u{0657}', '\u{08F0}'),
    ('\u{065E}', '\u{08F1}'),
    ('\u{0656}', '\u{08F2}'),
];

/// The mark displayed for one source code point (itself when not remapped).
pub fn display_char(c: char) -> char {
    OPEN_TANWEEN
        .iter()
        .find(|(source, _)| *source == c)
        .map_or(c, |(_, shown)| *shown)
}

/// The text with the open-tanween marks in Unicode's encoding; borrowed when
/// nothing changes.
///
/// ```
/// use iqrah_quran::display::for_display;
///
/// // 100:6 ends "لَكَنُودٞ": the source's U+065E is an open dammatan.
/// assert_eq!(for_display("لَكَنُودٞ"), "لَكَنُود\u{08F1}");
/// assert!(matches!(for_display("هُدًى"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn for_display(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| display_char(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(display_char).collect())
    }
}

/// Whether text in the language `lang` (a BCP 47 tag) is written right to
/// left, the `dir` its element needs: Arabic-script and Hebrew-script
/// languages, unless the tag names the Latin script (`ar-Latn`).
pub fn is_right_to_left(lang: &str) -> bool {
    let mut subtags = lang.split('-');
    let primary = subtags.next().unwrap_or_default();
    matches!(
        primary,
        "ar" | "ur" | "fa" | "he" | "ps" | "sd" | "ug" | "dv" | "yi"
    ) && !subtags.any(|s| s.eq_ignore_ascii_case("Latn"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_open_tanween_mark_is_mapped_to_its_unicode_mark() {
        // 2:2 هُدٗى (open fathatan), 2:7 غِشَٰوَةٞ (open dammatan),
        // 2:17 ظُلُمَٰتٖ (open kasratan), as the source writes them.
        assert_eq!(for_display("هُدٗى"), "هُد\u{08F0}ى");
        assert_eq!(for_display("غِشَٰوَةٞ"), "غِشَٰوَة\u{08F1}");
        assert_eq!(for_display("ظُلُمَٰتٖ"), "ظُلُمَٰت\u{08F2}");
    }

    #[test]
    fn other_text_is_borrowed_unchanged() {
        for text in ["", "بِسۡمِ ٱللَّهِ", "عَذَابٌ عَظِيمٌ", "Guidance", "۞ إِنَّ"]
        {
            let shown = for_display(text);
            assert!(matches!(shown, Cow::Borrowed(_)), "{text}");
            assert_eq!(shown, text);
        }
    }

    #[test]
    fn mapping_keeps_every_other_code_point_and_the_length_in_chars() {
        let source = "وَعَلَىٰٓ أَبۡصَٰرِهِمۡ غِشَٰوَةٞۖ وَلَهُمۡ عَذَابٌ عَظِيمٞ نَارٗا ظُلُمَٰتٖ";
        let shown = for_display(source);
        assert_eq!(shown.chars().count(), source.chars().count());
        for (s, d) in source.chars().zip(shown.chars()) {
            if s == d {
                assert!(OPEN_TANWEEN.iter().all(|(from, _)| *from != s));
            } else {
                assert!(OPEN_TANWEEN.contains(&(s, d)), "{s:?} -> {d:?}");
            }
        }
        assert!(!shown.contains(['\u{0657}', '\u{065E}', '\u{0656}']));
    }

    #[test]
    fn the_closed_tanween_marks_are_left_alone() {
        for c in ['\u{064B}', '\u{064C}', '\u{064D}'] {
            assert_eq!(display_char(c), c);
        }
    }

    #[test]
    fn right_to_left_languages() {
        assert!(is_right_to_left("ar"));
        assert!(is_right_to_left("ur"));
        assert!(!is_right_to_left("ar-Latn"));
        assert!(!is_right_to_left("en"));
        assert!(!is_right_to_left("bn"));
        assert!(!is_right_to_left(""));
    }
}
