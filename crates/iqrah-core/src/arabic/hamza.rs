//! Where the standard (imla'i) spelling seats a hamza, from the vowels the
//! Uthmani text writes around it.
//!
//! The rules are the ones taught for modern standard spelling (قواعد كتابة
//! الهمزة):
//!
//! - **Initial** (also after a prefix such as `و ف ب ل ك س ال`, when the
//!   Uthmani text gives the hamza no seat or an alef): `إ` with a kasra, else `أ`;
//!   `آ` when a long alef follows.
//! - **Medial**: after a long `ا` or a sakin `و`, the hamza's own vowel
//!   decides (`ؤ` for damma, `ئ` for kasra, `ء` otherwise); after a sakin
//!   `ي`, `ئ`; otherwise the stronger of its vowel and the previous letter's
//!   (kasra `ئ` > damma `ؤ` > fatha `أ` > sukun), `آ` for a fatha followed by
//!   a long alef (`القرآن`). A damma after a sukun before `و` may also sit on
//!   `ئ` (`مسئول` beside `مسؤول`).
//! - **Final**: the previous letter's vowel decides (`أ` after fatha, `ؤ`
//!   after damma, `ئ` after kasra, `ء` after a sukun or a long vowel); before
//!   the tanween alef, a hamza after a sakin letter sits on `ئ` when the
//!   letter joins (`شيئًا`) and on the line otherwise (`جزءًا`).

use super::spelling::Vowel;

/// The letter or vowel before a hamza.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Neighbour {
    /// The hamza begins the word.
    Start,
    /// A long alef (plain, dagger, or a waw or ya read as one).
    Alif,
    /// A sakin waw.
    Waw,
    /// A sakin ya.
    Ya,
    /// Another sakin letter.
    Sukun,
    /// A letter with this vowel.
    Vowel(Vowel),
}

/// Where the hamza stands in the word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Position {
    /// First letter.
    Initial,
    /// Between letters.
    Medial,
    /// Last letter read.
    Final,
    /// Last letter read but for the alef that carries a tanween fatha.
    FinalBeforeTanweenAlef,
}

/// One hamza of the source, as the seat rules see it.
#[derive(Debug, Clone, Copy)]
pub(super) struct HamzaSite {
    /// The seat the Uthmani text writes (`ء` for none or a tatweel).
    pub written: char,
    /// The hamza's own vowel.
    pub vowel: Vowel,
    /// What comes before it.
    pub neighbour: Neighbour,
    /// Where it stands.
    pub position: Position,
    /// Whether a long alef follows (plain or dagger).
    pub madd: bool,
    /// Whether the next letter is a waw.
    pub before_waw: bool,
    /// Whether only a prefix precedes it (`بِـَٔايَٰتِ`, `يَـٰٓـَٔادَمُ`).
    pub after_prefix: bool,
}

/// The typed forms a hamza accepts, each given to `add` (maybe twice): the
/// Uthmani seat, the standard seats, and a bare `ا` (or nothing before a
/// long alef) where a seat is an alef.
pub(super) fn typed_forms(site: &HamzaSite, add: &mut dyn FnMut(&'static [char])) {
    add(seat_form(site.written));
    if matches!(site.written, 'أ' | 'إ') && !site.madd {
        add(&['ا']);
    }
    let (first, second) = standard_seats(site);
    let initial = (site.after_prefix && matches!(site.written, 'ء' | 'أ' | 'إ'))
        .then(|| initial_seat(site.vowel));
    for seat in [Some(first), second, initial].into_iter().flatten() {
        if seat == 'أ' && site.madd {
            add(&['آ']);
            add(&[]);
        } else {
            add(seat_form(seat));
            if matches!(seat, 'أ' | 'إ') {
                add(&['ا']);
            }
        }
    }
}

/// A seat as a typed form.
fn seat_form(seat: char) -> &'static [char] {
    match seat {
        'أ' => &['أ'],
        'إ' => &['إ'],
        'ؤ' => &['ؤ'],
        'ئ' => &['ئ'],
        _ => &['ء'],
    }
}

fn initial_seat(vowel: Vowel) -> char {
    if vowel == Vowel::Kasra { 'إ' } else { 'أ' }
}

/// The seat the standard spelling gives the hamza, and a second one where
/// both conventions are current.
fn standard_seats(site: &HamzaSite) -> (char, Option<char>) {
    let own = match site.vowel {
        Vowel::None => Vowel::Sukun,
        v => v,
    };
    let by_previous = |v: Vowel| match v {
        Vowel::Fatha => 'أ',
        Vowel::Damma => 'ؤ',
        Vowel::Kasra => 'ئ',
        _ => 'ء',
    };
    let one = |seat| (seat, None);
    match (site.position, site.neighbour) {
        (Position::Initial, _) | (_, Neighbour::Start) => one(initial_seat(own)),
        (Position::Final, Neighbour::Vowel(v)) => one(by_previous(v)),
        (Position::Final, _) => one('ء'),
        (Position::FinalBeforeTanweenAlef, Neighbour::Vowel(v)) => one(by_previous(v)),
        (Position::FinalBeforeTanweenAlef, Neighbour::Ya) => one('ئ'),
        (Position::FinalBeforeTanweenAlef, Neighbour::Sukun) => ('ئ', Some('ء')),
        (Position::FinalBeforeTanweenAlef, _) => one('ء'),
        (Position::Medial, Neighbour::Alif | Neighbour::Waw) => one(match own {
            Vowel::Damma => 'ؤ',
            Vowel::Kasra => 'ئ',
            _ => 'ء',
        }),
        (Position::Medial, Neighbour::Ya) => one('ئ'),
        (Position::Medial, neighbour) => {
            let before = match neighbour {
                Neighbour::Vowel(v) => v,
                _ => Vowel::Sukun,
            };
            let either = |v: Vowel| own == v || before == v;
            if either(Vowel::Kasra) {
                one('ئ')
            } else if either(Vowel::Damma) {
                if own == Vowel::Damma && before == Vowel::Sukun && site.before_waw {
                    ('ؤ', Some('ئ'))
                } else {
                    one('ؤ')
                }
            } else if either(Vowel::Fatha) {
                one('أ')
            } else {
                one('ء')
            }
        }
    }
}

/// Whether `letters` (a word's start, alefs and hamzas spelled `ا`/`أ`) is
/// only prefixes: an optional interrogative `أ`, `و` or `ف`, one of
/// `ب ل ك س`, and the article; or the vocative `يا` / `ها`.
pub(super) fn is_prefix(letters: &[char]) -> bool {
    if letters == ['ي', 'ا'] || letters == ['ه', 'ا'] || letters == ['ي'] || letters == ['ه']
    {
        return true;
    }
    let mut rest = letters;
    for set in [&['أ'][..], &['و', 'ف'], &['ب', 'ل', 'ك', 'س']] {
        if let Some((first, tail)) = rest.split_first()
            && set.contains(first)
        {
            rest = tail;
        }
    }
    rest.is_empty() || rest == ['ا', 'ل'] || rest == ['ل'] && letters.ends_with(&['ل', 'ل'])
}
