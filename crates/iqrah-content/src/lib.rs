//! The Quran content database.
//!
//! Iqrah's content (the Uthmani text, its words, an English transliteration
//! and ten translations) comes from the npm package `quran-json`, pinned in
//! `data/package.json`. This crate turns that package into a SQLite file in the
//! data directory and reads it, read-only:
//!
//! - [`read_package`] parses and validates the package into the text model of
//!   [`iqrah_quran`] (no database involved);
//! - [`import`] writes it to a temporary file and renames it into place, so a
//!   failed import never leaves a half-built database; it also stores the
//!   look-alike verses that `iqrah_core::look_alike` computes from the text
//!   (docs/mutashabihat.md);
//! - [`ContentDb::open`] opens the file read-only and checks its schema
//!   version; the Quran (surahs, verses and words) and each translation are
//!   loaded the first time they are asked for, and a verse's look-alikes are
//!   read on first use ([`ContentDb::all_look_alikes`], [`ContentDb::look_alikes`]);
//! - [`locate_package`] finds the installed package for automatic imports.

mod database;
mod error;
mod import;
mod languages;
mod locate;
mod source;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use database::{CONTENT_FILE_NAME, ContentDb, SCHEMA_VERSION};
pub use error::{ContentError, ImportError};
pub use import::{ImportStep, ImportSummary, import};
pub use languages::known_translation_info;
pub use locate::{PACKAGE_INSTALL_COMMAND, locate_in_checkout, locate_package};
pub use source::{ContentPackage, read_package};
