//! Rejected input repeated in an error message, shortened.
//!
//! An error names the input it refuses so that the learner can see what was
//! wrong, but the input may be anything a client sent (a megabyte of text, a
//! header, a path). Every error that repeats outside input shortens it here,
//! to one length.

/// The most characters of rejected input an error message repeats.
///
/// Long enough for every well-formed identifier Iqrah accepts (a user id or
/// an idempotency key of up to 64 characters, a UUID, a goal, a verse key, an
/// item key, a route path), so that only input that is wrong by its length is
/// cut.
pub const SHOWN_CHARS: usize = 64;

/// `input` as an error message repeats it: whole when it has at most
/// [`SHOWN_CHARS`] characters, otherwise its first `SHOWN_CHARS - 1`
/// characters followed by `…` (so never more than `SHOWN_CHARS` characters).
/// It is cut between characters, never inside one.
///
/// ```
/// use iqrah_quran::{SHOWN_CHARS, shorten};
///
/// assert_eq!(shorten("surah:115"), "surah:115");
/// let long = "x".repeat(10_000);
/// assert_eq!(shorten(&long).chars().count(), SHOWN_CHARS);
/// assert!(shorten(&long).ends_with('…'));
/// ```
pub fn shorten(input: &str) -> String {
    match input.char_indices().nth(SHOWN_CHARS) {
        None => input.to_owned(),
        Some(_) => {
            let kept = input
                .char_indices()
                .nth(SHOWN_CHARS - 1)
                .map_or(input.len(), |(at, _)| at);
            format!("{}…", &input[..kept])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_kept_whole() {
        assert_eq!(shorten(""), "");
        assert_eq!(shorten("2:255"), "2:255");
        let exact = "k".repeat(SHOWN_CHARS);
        assert_eq!(shorten(&exact), exact);
    }

    #[test]
    fn long_input_is_cut_and_marked() {
        let long = "k".repeat(SHOWN_CHARS + 1);
        let shown = shorten(&long);
        assert_eq!(shown.chars().count(), SHOWN_CHARS);
        assert_eq!(shown, format!("{}…", "k".repeat(SHOWN_CHARS - 1)));
    }

    #[test]
    fn arabic_is_cut_between_characters() {
        // Two-byte letters and marks: a cut by bytes would split one.
        let verse = "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ".repeat(10);
        let shown = shorten(&verse);
        assert_eq!(shown.chars().count(), SHOWN_CHARS);
        assert!(shown.ends_with('…'));
        let kept = shown.trim_end_matches('…');
        assert!(verse.starts_with(kept));
        assert_eq!(kept.chars().count(), SHOWN_CHARS - 1);
    }
}
