//! Errors of reading the package, importing it and opening the database.

use std::path::PathBuf;

use iqrah_quran::ModelError;

/// Why the content package could not be read or imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The package directory does not exist or does not look like `quran-json`.
    #[error("no quran-json package at {}: expected a directory holding dist/quran.json; install it with `{}`", dir.display(), crate::PACKAGE_INSTALL_COMMAND)]
    PackageNotFound {
        /// The directory that was tried.
        dir: PathBuf,
    },
    /// A file the import needs is missing from the package.
    #[error("missing source file {}: reinstall the package with `{}`", path.display(), crate::PACKAGE_INSTALL_COMMAND)]
    MissingFile {
        /// The missing file.
        path: PathBuf,
    },
    /// A source file is not the JSON the import expects.
    #[error("corrupt source file {}: {reason}", path.display())]
    CorruptFile {
        /// The file.
        path: PathBuf,
        /// What was wrong, as the JSON parser or validator said it.
        reason: String,
    },
    /// The files parse but do not form a complete Quran.
    #[error("invalid content in {}: {source}", path.display())]
    InvalidContent {
        /// The file whose content is wrong.
        path: PathBuf,
        /// What is wrong.
        source: ModelError,
    },
    /// Reading or writing a file failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done (`reading`, `creating`, …).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// SQLite refused a write.
    #[error("writing the content database failed: {0}")]
    Database(#[from] sqlx::Error),
}

/// Why the content database could not be opened or queried.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    /// There is no content database yet.
    #[error("no content database at {}: run `iqrah content import`", path.display())]
    NotImported {
        /// Where the database was expected.
        path: PathBuf,
    },
    /// The file was made by another version of Iqrah.
    #[error("the content database at {} has schema version {found}, this Iqrah needs {expected}: run `iqrah content import` again", path.display())]
    SchemaMismatch {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The version this build reads.
        expected: i64,
    },
    /// The file at the content database's path is not an Iqrah content
    /// database; it is never replaced automatically.
    #[error("{} is not Iqrah's content database: it is {what}; move it away, or run `iqrah content import` to replace it", path.display())]
    NotOurs {
        /// The file.
        path: PathBuf,
        /// What it is instead ("an empty file", "not a SQLite database",
        /// "a SQLite database of another application (tables: …)").
        what: String,
    },
    /// The file is not a content database or its content is incomplete.
    #[error("the content database at {} is damaged ({reason}): run `iqrah content import` again", path.display())]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// No translation in that language.
    #[error("unknown language {code:?}: available languages are {}", available.join(", "))]
    UnknownLanguage {
        /// The requested code (shortened by [`iqrah_quran::shorten`]).
        code: String,
        /// The codes that exist.
        available: Vec<String>,
    },
    /// SQLite failed while reading.
    #[error("reading the content database failed: {0}")]
    Database(#[from] sqlx::Error),
}
