//! The structure and text model of the Quran, shared by every Iqrah crate.
//!
//! This crate is pure: it does no I/O. It knows the Quran's structure as facts
//! ([`facts`]): 114 surahs and their verse counts, the 30 juz, the 240 hizb
//! quarters, the 604 pages of the Madani mushaf. On top of these it offers validated [`VerseKey`]s and
//! [`VerseRange`]s, and the in-memory text model ([`Quran`], [`Verse`],
//! [`Translation`]) that the content database loads, and [`shorten`], the
//! one way every crate repeats rejected input in an error.
//!
//! ```
//! use iqrah_quran::{VerseKey, VerseRange, juz_of, juz_range};
//!
//! let key: VerseKey = "2:255".parse()?;
//! assert_eq!(juz_of(key), 3);
//! assert_eq!(juz_range(30)?.to_string(), "78:1-114:6");
//! assert_eq!("112:1-4".parse::<VerseRange>()?.len(), 4);
//! assert!("2:287".parse::<VerseKey>().is_err());
//! # Ok::<(), iqrah_quran::KeyError>(())
//! ```

pub mod display;
pub mod facts;
mod key;
mod shorten;
mod structure;
#[cfg(feature = "test-support")]
pub mod synthetic;
mod text;

pub use key::{KeyError, VerseKey, VerseRange};
pub use shorten::{SHOWN_CHARS, shorten};
pub use structure::{
    hizb_quarter_of, hizb_quarter_range, juz_of, juz_range, page_of, page_range, surah_range,
};
pub use text::{ModelError, Quran, Revelation, Surah, Translation, TranslationInfo, Verse};
