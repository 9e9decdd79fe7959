//! The spellings a source word accepts: the Uthmani word parsed into slots,
//! each slot listing what a learner may type for it (see the rules in the
//! [module docs](super)).

use super::hamza::{self, HamzaSite, Neighbour};
use super::typed::{FNV_START, SHADDA, fnv_char, is_unstable};

/// A vowel written on a source letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Vowel {
    /// No vowel mark (a long vowel's letter, or a letter merged into the next).
    None,
    /// Sukun.
    Sukun,
    /// Fatha or fathatan.
    Fatha,
    /// Damma or dammatan.
    Damma,
    /// Kasra or kasratan.
    Kasra,
}

/// The marks written on one base character of the source.
#[derive(Debug, Clone, Copy)]
struct Marks {
    vowel: Vowel,
    tanween: bool,
    shadda: bool,
    /// The round or rectangular zero: a letter written but not read.
    silent: bool,
    maddah: bool,
    hamza: bool,
    dagger: bool,
    small_yeh: bool,
    small_noon: bool,
}

impl Marks {
    const NONE: Marks = Marks {
        vowel: Vowel::None,
        tanween: false,
        shadda: false,
        silent: false,
        maddah: false,
        hamza: false,
        dagger: false,
        small_yeh: false,
        small_noon: false,
    };

    /// Adds one combining mark; returns false for a character that is not one.
    fn add(&mut self, c: char) -> bool {
        let vowel = |marks: &mut Marks, vowel, tanween| {
            if marks.vowel == Vowel::None {
                marks.vowel = vowel;
            }
            marks.tanween |= tanween;
        };
        match c {
            // quran-json writes the open tanween with U+0657 (fathatan),
            // U+065E (dammatan) and U+0656 (kasratan).
            '\u{064B}' | '\u{0657}' | '\u{08F0}' => vowel(self, Vowel::Fatha, true),
            '\u{064C}' | '\u{065E}' | '\u{08F1}' => vowel(self, Vowel::Damma, true),
            '\u{064D}' | '\u{0656}' | '\u{08F2}' => vowel(self, Vowel::Kasra, true),
            '\u{064E}' => vowel(self, Vowel::Fatha, false),
            '\u{064F}' => vowel(self, Vowel::Damma, false),
            '\u{0650}' => vowel(self, Vowel::Kasra, false),
            '\u{06E1}' => vowel(self, Vowel::Sukun, false),
            '\u{0651}' => self.shadda = true,
            '\u{0652}' | '\u{06DF}' => self.silent = true,
            '\u{0653}' => self.maddah = true,
            '\u{0654}' | '\u{0655}' => self.hamza = true,
            '\u{0670}' => self.dagger = true,
            '\u{06E7}' => self.small_yeh = true,
            '\u{06E8}' => self.small_noon = true,
            '\u{0610}'..='\u{061A}'
            | '\u{0658}'..='\u{065D}'
            | '\u{065F}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DE}'
            | '\u{06E0}'
            | '\u{06E2}'..='\u{06E4}'
            | '\u{06E9}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08EF}'
            | '\u{08F3}'..='\u{08FF}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => {}
            _ => return false,
        }
        true
    }
}

/// What one piece of the source word is, for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter typed as itself.
    Letter,
    /// A plain alef.
    Alef,
    /// Alef wasla `ٱ`.
    Wasla,
    /// A hamza; `ch` is its Uthmani seat (`ء` when written on a tatweel).
    Hamza,
    /// The dagger alef.
    Dagger,
    /// A waw carrying a dagger alef and no vowel (`ٱلصَّلَوٰةَ`).
    WawAlef,
    /// `ى` read as an alef (alef maqsura).
    Maqsura,
    /// `ى` read as a ya (after a kasra, or voweled).
    DotlessYa,
    /// A small waw, small yeh or small high noon: `ch` is its full letter.
    Small,
}

/// One piece of a source word.
#[derive(Debug, Clone, Copy)]
struct Piece {
    kind: Kind,
    ch: char,
    vowel: Vowel,
    tanween: bool,
    shadda: bool,
    /// Written but not read, so it may be left out.
    silent: bool,
}

impl Piece {
    fn new(kind: Kind, ch: char, marks: &Marks) -> Self {
        Piece {
            kind,
            ch,
            vowel: marks.vowel,
            tanween: marks.tanween,
            shadda: marks.shadda,
            silent: marks.silent,
        }
    }

    fn bare(kind: Kind, ch: char) -> Self {
        Piece::new(kind, ch, &Marks::NONE)
    }

    /// Whether a standard spelling may leave the piece out entirely.
    fn optional(&self) -> bool {
        self.silent || self.kind == Kind::Small
    }
}

/// Splits a source word into base characters with their marks.
fn units(word: &str) -> impl Iterator<Item = (char, Marks)> + '_ {
    let mut chars = word.chars().peekable();
    std::iter::from_fn(move || {
        loop {
            let c = chars.next()?;
            let mut stray = Marks::NONE;
            if stray.add(c) || c.is_whitespace() && c != super::THIN_SPACE {
                // A mark with nothing to sit on, or a space: nothing to type.
                continue;
            }
            let mut marks = Marks::NONE;
            while let Some(&next) = chars.peek() {
                if !marks.add(next) {
                    break;
                }
                chars.next();
            }
            return Some((c, marks));
        }
    })
}

/// The pieces of a source word, in reading order, into `out`.
fn pieces_into(word: &str, out: &mut Vec<Piece>) {
    out.clear();
    let mut prev_vowel = Vowel::None;
    for (base, marks) in units(word) {
        let hamza_seat = |seat: char| Piece::new(Kind::Hamza, seat, &marks);
        match base {
            'ا' | 'أ' | 'إ' | 'آ' | 'ٲ' | 'ٳ' | 'ٵ' if marks.hamza || base != 'ا' => {
                let seat = match base {
                    'إ' | 'ٳ' => 'إ',
                    _ => 'أ',
                };
                out.push(hamza_seat(seat));
                if base == 'آ' || marks.maddah {
                    out.push(Piece::bare(Kind::Alef, 'ا'));
                }
            }
            'ا' => out.push(Piece::new(Kind::Alef, 'ا', &marks)),
            'ٱ' => out.push(Piece::new(Kind::Wasla, 'ا', &marks)),
            'ء' | 'ؤ' | 'ئ' => out.push(hamza_seat(base)),
            'و' if marks.hamza => out.push(hamza_seat('ؤ')),
            'ي' | 'ى' | 'ی' if marks.hamza => out.push(hamza_seat('ئ')),
            'و' if marks.dagger && marks.vowel == Vowel::None => {
                out.push(Piece::new(Kind::WawAlef, 'و', &marks));
            }
            'ى' if prev_vowel == Vowel::Kasra || marks.vowel != Vowel::None || marks.shadda => {
                out.push(Piece::new(Kind::DotlessYa, 'ي', &marks));
            }
            'ى' => out.push(Piece::new(Kind::Maqsura, 'ى', &marks)),
            '\u{0640}' | super::THIN_SPACE => {
                if marks.hamza {
                    out.push(hamza_seat('ء'));
                }
                // A dagger alef that carries an unvoweled hamza is its seat
                // (`فَٱدَّـٰرَ\u{2009}ٰٔتُمۡ`, standard `فادارأتم`); with a
                // vowel it is the long alef after the hamza (`ٱلۡـَٰٔنَ`).
                if marks.dagger && !(marks.hamza && marks.vowel == Vowel::None) {
                    out.push(Piece::bare(Kind::Dagger, 'ا'));
                }
            }
            '\u{06E5}' => out.push(Piece::new(Kind::Small, 'و', &marks)),
            '\u{06E6}' => out.push(Piece::new(Kind::Small, 'ي', &marks)),
            _ => {
                let ch = match base {
                    'ک' => 'ك',
                    'ی' => 'ي',
                    c => c,
                };
                out.push(Piece::new(Kind::Letter, ch, &marks));
                if marks.dagger {
                    out.push(Piece::bare(Kind::Dagger, 'ا'));
                }
            }
        }
        if marks.small_yeh {
            out.push(Piece::new(Kind::Small, 'ي', &marks));
        }
        if marks.small_noon {
            out.push(Piece::new(Kind::Small, 'ن', &marks));
        }
        prev_vowel = marks.vowel;
    }
}

/// One typed form of a slot: up to three characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Alt {
    chars: [char; 3],
    len: u8,
}

impl Alt {
    fn of(text: &[char]) -> Self {
        let mut chars = ['\0'; 3];
        let len = text.len().min(3);
        chars[..len].copy_from_slice(&text[..len]);
        Alt {
            chars,
            len: len as u8,
        }
    }

    fn as_slice(&self) -> &[char] {
        &self.chars[..usize::from(self.len)]
    }
}

/// What a slot adds to its word's stable key.
enum Stable {
    /// Every alternative is made of unstable letters only.
    Nothing,
    /// Every alternative has this one stable letter.
    Letter(char),
    /// The alternatives differ in stable letters: the word has no key.
    Varies,
}

/// Source words as the typed spellings they accept, stored together (one
/// allocation for all the words of a verse).
#[derive(Debug, Clone, Default)]
pub(crate) struct Spellings {
    alts: Vec<Alt>,
    /// Each slot's range in `alts`.
    slots: Vec<(u32, u32)>,
    /// Each word's range in `slots` and its stable key: FNV-1a of the letters
    /// every accepted spelling has in common (see [`is_unstable`]), or `None`
    /// when a slot changes them.
    words: Vec<(u32, u32, Option<u64>)>,
    /// Scratch space: the pieces of the word being added.
    pieces: Vec<Piece>,
}

/// The longest typed word that is matched; longer ones match nothing (the
/// longest Quranic word has fewer than 20 letters).
const MAX_TYPED_LETTERS: usize = 63;

impl Spellings {
    /// Room for `words` words.
    pub(crate) fn with_capacity(words: usize) -> Self {
        Spellings {
            alts: Vec::with_capacity(words * 16),
            slots: Vec::with_capacity(words * 8),
            words: Vec::with_capacity(words),
            pieces: Vec::with_capacity(16),
        }
    }

    /// Parses an Uthmani (or any Arabic) word and adds it as the next word.
    pub(crate) fn push(&mut self, word: &str) {
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces_into(word, &mut pieces);
        let first_slot = self.slots.len();
        let mut key = Some(FNV_START);
        let mut optional_alef = None;
        for (at, piece) in pieces.iter().enumerate() {
            let start = self.alts.len();
            let alts = &mut self.alts;
            let mut add = |text: &[char]| {
                let alt = Alt::of(text);
                if !alts[start..].contains(&alt) {
                    alts.push(alt);
                }
            };
            let stable = match piece.kind {
                Kind::Letter => {
                    let ch = piece.ch;
                    let mut varies = false;
                    add(&[ch]);
                    if piece.shadda {
                        add(&[ch, SHADDA]);
                    }
                    if piece.silent {
                        add(&[]);
                        varies = true;
                    }
                    if ch == 'ت' && is_open_taa(&pieces, at) {
                        add(&['ة']);
                        varies = true;
                    }
                    if ch == 'ل' && piece.shadda && at > 0 && pieces[at - 1].kind == Kind::Wasla {
                        add(&['ل', 'ل']);
                        add(&['ل', 'ل', SHADDA]);
                        varies = true;
                    }
                    if varies {
                        Stable::Varies
                    } else if is_unstable(ch) {
                        Stable::Nothing
                    } else {
                        Stable::Letter(ch)
                    }
                }
                Kind::Alef | Kind::Wasla => {
                    add(&['ا']);
                    if piece.silent || optional_alef == Some(at) {
                        add(&[]);
                    }
                    Stable::Nothing
                }
                Kind::Dagger => {
                    add(&['ا']);
                    add(&[]);
                    Stable::Nothing
                }
                Kind::WawAlef => {
                    add(&['ا']);
                    add(&['و']);
                    Stable::Varies
                }
                Kind::Maqsura => {
                    add(&['ى']);
                    if pieces[at + 1..].iter().any(|p| !p.optional()) {
                        add(&['ا']);
                    }
                    Stable::Nothing
                }
                Kind::DotlessYa => {
                    add(&['ي']);
                    add(&['ى']);
                    if piece.shadda {
                        add(&['ي', SHADDA]);
                        add(&['ى', SHADDA]);
                    }
                    Stable::Varies
                }
                Kind::Small => {
                    add(&[piece.ch]);
                    add(&[]);
                    if piece.shadda {
                        add(&[piece.ch, SHADDA]);
                    }
                    Stable::Varies
                }
                Kind::Hamza => {
                    let site = hamza_site(&pieces, at);
                    if site.drops_tanween_alef {
                        optional_alef = site.next;
                    }
                    hamza::typed_forms(&site.site, &mut |form| {
                        add(form);
                        if piece.shadda
                            && let [seat] = form
                        {
                            add(&[*seat, SHADDA]);
                        }
                    });
                    Stable::Nothing
                }
            };
            key = match stable {
                Stable::Nothing => key,
                Stable::Letter(ch) => key.map(|h| fnv_char(h, ch)),
                Stable::Varies => None,
            };
            self.slots.push((start as u32, self.alts.len() as u32));
        }
        self.words
            .push((first_slot as u32, self.slots.len() as u32, key));
        self.pieces = pieces;
    }

    /// Whether `typed` (letters as [`super::typed::letters`] gives them),
    /// whose stable key is `key`, is an accepted spelling of word `word`.
    pub(crate) fn accepts(&self, word: usize, typed: &[char], key: u64) -> bool {
        let Some(&(first, end, word_key)) = self.words.get(word) else {
            return false;
        };
        if word_key.is_some_and(|k| k != key) || typed.len() > MAX_TYPED_LETTERS {
            return false;
        }
        let mut reach: u64 = 1;
        for &(start, end) in &self.slots[first as usize..end as usize] {
            let alts = &self.alts[start as usize..end as usize];
            let mut next = 0u64;
            let mut from = reach;
            while from != 0 {
                let at = from.trailing_zeros() as usize;
                from &= from - 1;
                for alt in alts {
                    let alt = alt.as_slice();
                    if typed.get(at..at + alt.len()) == Some(alt) {
                        next |= 1 << (at + alt.len());
                    }
                }
            }
            if next == 0 {
                return false;
            }
            reach = next;
        }
        reach & (1 << typed.len()) != 0
    }
}

/// A hamza of the source with what its typed forms depend on.
struct Site {
    site: HamzaSite,
    /// The next piece that is read.
    next: Option<usize>,
    /// Whether the alef after this hamza only carries its tanween, which the
    /// standard spelling drops after a hamza on an alef (`خطأً`).
    drops_tanween_alef: bool,
}

/// Describes the hamza at `at` for the seat rules.
fn hamza_site(pieces: &[Piece], at: usize) -> Site {
    let piece = &pieces[at];
    let read = |p: &&Piece| !p.silent;
    let prev = pieces[..at].iter().rev().find(read);
    let next = pieces[at + 1..]
        .iter()
        .position(|p| !p.silent)
        .map(|k| at + 1 + k);
    let last_read = |k: usize| pieces[k + 1..].iter().all(Piece::optional);
    let neighbour = match prev {
        None => Neighbour::Start,
        Some(p) => match p.kind {
            Kind::Alef | Kind::Wasla | Kind::Dagger | Kind::WawAlef | Kind::Maqsura => {
                Neighbour::Alif
            }
            Kind::Small if p.ch == 'و' => Neighbour::Waw,
            Kind::Small => Neighbour::Ya,
            Kind::Letter | Kind::DotlessYa if p.vowel == Vowel::None || p.vowel == Vowel::Sukun => {
                match p.ch {
                    'و' => Neighbour::Waw,
                    'ي' => Neighbour::Ya,
                    _ => Neighbour::Sukun,
                }
            }
            _ => Neighbour::Vowel(p.vowel),
        },
    };
    let next_piece = next.map(|k| &pieces[k]);
    let madd = next_piece.is_some_and(|p| matches!(p.kind, Kind::Alef | Kind::Dagger));
    // A hamza before a long alef has the alef's fatha even where the
    // Uthmani text writes only a maddah (`ٱلۡأٓخِرَةِ`).
    let vowel = match piece.vowel {
        Vowel::None if madd => Vowel::Fatha,
        v => v,
    };
    let tanween_alef = piece.tanween
        && piece.vowel == Vowel::Fatha
        && next.is_some_and(|k| pieces[k].kind == Kind::Alef && last_read(k));
    let position = if prev.is_none() {
        hamza::Position::Initial
    } else if tanween_alef {
        hamza::Position::FinalBeforeTanweenAlef
    } else if last_read(at) {
        hamza::Position::Final
    } else {
        hamza::Position::Medial
    };
    // The letters before the hamza, as far as a prefix could reach.
    let mut before = ['\0'; 5];
    let mut count = 0;
    for p in pieces[..at].iter().filter(|p| !p.optional()) {
        if count == before.len() {
            count += 1;
            break;
        }
        before[count] = match p.kind {
            Kind::Alef | Kind::Wasla | Kind::Dagger | Kind::WawAlef => 'ا',
            Kind::Hamza => 'أ',
            _ => p.ch,
        };
        count += 1;
    }
    let before = before.get(..count).unwrap_or(&[]);
    Site {
        site: HamzaSite {
            written: piece.ch,
            vowel,
            neighbour,
            position,
            madd: madd && !tanween_alef,
            before_waw: next_piece.is_some_and(|p| p.kind == Kind::Letter && p.ch == 'و'),
            after_prefix: !before.is_empty() && hamza::is_prefix(before),
        },
        next,
        drops_tanween_alef: tanween_alef && neighbour == Neighbour::Vowel(Vowel::Fatha),
    }
}

/// Whether the `ت` at `at` is an open taa: the last letter read, voweled,
/// after a fatha (`رَحۡمَتَ`, standard `رحمة`).
fn is_open_taa(pieces: &[Piece], at: usize) -> bool {
    let piece = &pieces[at];
    let voweled = matches!(piece.vowel, Vowel::Fatha | Vowel::Damma | Vowel::Kasra);
    let last = pieces[at + 1..].iter().all(Piece::optional);
    let after_fatha = pieces[..at]
        .iter()
        .rev()
        .find(|p| !p.silent)
        .is_some_and(|p| p.vowel == Vowel::Fatha && p.kind != Kind::Alef);
    voweled && last && after_fatha
}

/// The letters a typed word must keep whatever spelling it uses, as a key.
pub(crate) fn stable_key(typed: &[char]) -> u64 {
    typed
        .iter()
        .copied()
        .filter(|&c| !is_unstable(c))
        .fold(FNV_START, fnv_char)
}

/// [`stable_key`] of two typed words written as one.
pub(crate) fn joined_key(first: u64, second: &[char]) -> u64 {
    second
        .iter()
        .copied()
        .filter(|&c| !is_unstable(c))
        .fold(first, fnv_char)
}
