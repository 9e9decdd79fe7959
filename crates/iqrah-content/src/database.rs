//! Opening the content database read-only and loading it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use iqrah_core::look_alike::{Likeness, LookAlike, LookAlikes};
use iqrah_quran::{Quran, Revelation, Surah, Translation, TranslationInfo, Verse, VerseKey};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{Row, SqliteConnection};

use crate::error::ContentError;

/// The content database's file name inside the data directory.
pub const CONTENT_FILE_NAME: &str = "content.sqlite3";

/// The schema version this build writes and reads (`PRAGMA user_version`).
/// The content database is rebuilt, never migrated: a file of another version
/// is imported again.
pub const SCHEMA_VERSION: i64 = 2;

/// The content schema. Verse ids are 1–6236 in mushaf order.
pub(crate) const SCHEMA: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE surahs (
    number              INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 114),
    name_arabic         TEXT NOT NULL,
    name_transliterated TEXT NOT NULL,
    name_english        TEXT NOT NULL,
    revelation          TEXT NOT NULL CHECK (revelation IN ('meccan', 'medinan')),
    verse_count         INTEGER NOT NULL CHECK (verse_count > 0)
);
CREATE TABLE verses (
    id              INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 6236),
    surah           INTEGER NOT NULL REFERENCES surahs (number),
    ayah            INTEGER NOT NULL CHECK (ayah > 0),
    key             TEXT NOT NULL UNIQUE,
    text            TEXT NOT NULL,
    transliteration TEXT NOT NULL,
    juz             INTEGER NOT NULL CHECK (juz BETWEEN 1 AND 30),
    hizb_quarter    INTEGER NOT NULL CHECK (hizb_quarter BETWEEN 1 AND 240),
    UNIQUE (surah, ayah)
);
CREATE TABLE words (
    verse_id INTEGER NOT NULL REFERENCES verses (id),
    position INTEGER NOT NULL CHECK (position > 0),
    text     TEXT NOT NULL,
    PRIMARY KEY (verse_id, position)
) WITHOUT ROWID;
CREATE TABLE languages (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    translator TEXT NOT NULL,
    source     TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE translations (
    language TEXT NOT NULL REFERENCES languages (code),
    verse_id INTEGER NOT NULL REFERENCES verses (id),
    text     TEXT NOT NULL,
    PRIMARY KEY (language, verse_id)
) WITHOUT ROWID;
CREATE TABLE look_alikes (
    verse_id        INTEGER NOT NULL REFERENCES verses (id),
    other_id        INTEGER NOT NULL REFERENCES verses (id),
    likeness        TEXT NOT NULL,
    score           REAL NOT NULL CHECK (score > 0 AND score <= 1),
    shared_run      INTEGER NOT NULL CHECK (shared_run >= 0),
    differing       TEXT NOT NULL,
    other_differing TEXT NOT NULL,
    PRIMARY KEY (verse_id, other_id),
    CHECK (verse_id < other_id)
) WITHOUT ROWID;
CREATE INDEX look_alikes_by_other ON look_alikes (other_id);
";

/// The open, read-only content database with the Quran loaded in memory.
///
/// Translations are loaded on first use and kept.
#[derive(Debug)]
pub struct ContentDb {
    path: PathBuf,
    pool: SqlitePool,
    source_version: String,
    quran: tokio::sync::OnceCell<Arc<Quran>>,
    look_alikes: tokio::sync::OnceCell<Arc<LookAlikes>>,
    languages: Vec<TranslationInfo>,
    translations: Mutex<HashMap<String, Arc<Translation>>>,
}

fn corrupt(path: &Path, reason: impl ToString) -> ContentError {
    ContentError::Corrupt {
        path: path.to_owned(),
        reason: reason.to_string(),
    }
}

/// Maps SQLite's "not a database" and similar errors to [`ContentError::Corrupt`].
fn reading(path: &Path) -> impl Fn(sqlx::Error) -> ContentError + '_ {
    move |error| match &error {
        sqlx::Error::Database(_)
        | sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::ColumnNotFound(_) => corrupt(path, error),
        _ => ContentError::Database(error),
    }
}

impl ContentDb {
    /// Opens the database at `path` read-only, checks its schema version and
    /// reads the list of translations; the text loads on first use.
    ///
    /// A file there that is not Iqrah's content database of any version (an
    /// empty file, another file, another application's database) is
    /// [`ContentError::NotOurs`], so that it is never imported over.
    pub async fn open(path: &Path) -> Result<Self, ContentError> {
        let not_ours = |what: &str| ContentError::NotOurs {
            path: path.to_owned(),
            what: what.to_owned(),
        };
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() && meta.len() == 0 => return Err(not_ours("an empty file")),
            Ok(meta) if meta.is_file() => {}
            _ => {
                return Err(ContentError::NotImported {
                    path: path.to_owned(),
                });
            }
        }
        let is_not_a_database = |error: &sqlx::Error| matches!(error, sqlx::Error::Database(e) if e.message().contains("not a database"));
        let options = SqliteConnectOptions::new().filename(path).read_only(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .map_err(|e| {
                if is_not_a_database(&e) {
                    not_ours("not a SQLite database")
                } else {
                    e.into()
                }
            })?;
        let mut conn = pool.acquire().await?;
        let version: i64 = sqlx::query_scalar("PRAGMA user_version")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| {
                if is_not_a_database(&e) {
                    not_ours("not a SQLite database")
                } else {
                    reading(path)(e)
                }
            })?;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(reading(path))?;
        // Every schema version Iqrah wrote has its `meta` table.
        if !tables.iter().any(|t| t == "meta") {
            let shown: Vec<&str> = tables.iter().take(8).map(String::as_str).collect();
            let what = if shown.is_empty() {
                "an empty SQLite database".to_owned()
            } else {
                let more = if tables.len() > shown.len() {
                    ", …"
                } else {
                    ""
                };
                format!(
                    "a SQLite database of another application (tables: {}{more})",
                    shown.join(", ")
                )
            };
            return Err(not_ours(&what));
        }
        if version != SCHEMA_VERSION {
            return Err(ContentError::SchemaMismatch {
                path: path.to_owned(),
                found: version,
                expected: SCHEMA_VERSION,
            });
        }
        let source_version: String =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'source_version'")
                .fetch_one(&mut *conn)
                .await
                .map_err(reading(path))?;
        let languages =
            sqlx::query("SELECT code, name, translator, source FROM languages ORDER BY code")
                .fetch_all(&mut *conn)
                .await
                .map_err(reading(path))?
                .into_iter()
                .map(|row| {
                    Ok(TranslationInfo {
                        language: row.try_get(0)?,
                        language_name: row.try_get(1)?,
                        translator: row.try_get(2)?,
                        source: row.try_get(3)?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(reading(path))?;
        drop(conn);
        Ok(ContentDb {
            path: path.to_owned(),
            pool,
            source_version,
            quran: tokio::sync::OnceCell::new(),
            look_alikes: tokio::sync::OnceCell::new(),
            languages,
            translations: Mutex::new(HashMap::new()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The quran-json version the content was imported from.
    pub fn source_version(&self) -> &str {
        &self.source_version
    }

    /// The Quran: surahs, verses, words, transliteration.
    ///
    /// Loaded on first use (about 60 ms) and kept: resuming a session needs
    /// none of it, so opening stays fast.
    pub async fn quran(&self) -> Result<&Arc<Quran>, ContentError> {
        self.quran
            .get_or_try_init(|| async {
                let mut conn = self.pool.acquire().await?;
                Ok(Arc::new(load_quran(&mut conn, &self.path).await?))
            })
            .await
    }

    /// Every look-alike pair computed at import, indexed by verse: read
    /// once on first use (a few milliseconds) and kept.
    pub async fn all_look_alikes(&self) -> Result<&Arc<LookAlikes>, ContentError> {
        self.look_alikes
            .get_or_try_init(|| async {
                let rows = sqlx::query(
                    "SELECT verse_id, other_id, likeness, score, shared_run, differing, other_differing
                     FROM look_alikes",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(reading(&self.path))?;
                let pairs = rows
                    .into_iter()
                    .map(|row| self.look_alike_of_row(&row))
                    .collect::<Result<Vec<_>, ContentError>>()?;
                Ok(Arc::new(LookAlikes::new(pairs)))
            })
            .await
    }

    /// The look-alike verses of `key` computed at import, the most alike
    /// first (then in mushaf order), each seen from `key`'s side: `key` is
    /// the pair's [`LookAlike::verse`] ([`LookAlike::facing`]).
    pub async fn look_alikes(&self, key: VerseKey) -> Result<Vec<LookAlike>, ContentError> {
        Ok(self.all_look_alikes().await?.of(key).to_vec())
    }

    /// One row of the `look_alikes` table.
    fn look_alike_of_row(&self, row: &sqlx::sqlite::SqliteRow) -> Result<LookAlike, ContentError> {
        let verse_id: i64 = row.try_get(0).map_err(reading(&self.path))?;
        let other_id: i64 = row.try_get(1).map_err(reading(&self.path))?;
        let likeness: String = row.try_get(2).map_err(reading(&self.path))?;
        let positions = |column: usize| -> Result<Vec<usize>, ContentError> {
            let text: String = row.try_get(column).map_err(reading(&self.path))?;
            serde_json::from_str(&text).map_err(|e| corrupt(&self.path, e))
        };
        let verse_key = |id: i64| {
            usize::try_from(id - 1)
                .ok()
                .and_then(VerseKey::from_index)
                .ok_or_else(|| corrupt(&self.path, format!("look-alike of verse id {id}")))
        };
        Ok(LookAlike {
            verse: verse_key(verse_id)?,
            other: verse_key(other_id)?,
            likeness: Likeness::from_name(&likeness)
                .ok_or_else(|| corrupt(&self.path, format!("likeness {likeness:?}")))?,
            score: row.try_get::<f64, _>(3).map_err(reading(&self.path))? as f32,
            shared_run: row
                .try_get::<i64, _>(4)
                .map_err(reading(&self.path))?
                .try_into()
                .unwrap_or(0),
            differing: positions(5)?,
            other_differing: positions(6)?,
        })
    }

    /// The translations available, ordered by language code.
    pub fn languages(&self) -> &[TranslationInfo] {
        &self.languages
    }

    /// The translation in language `code`, loaded on first use.
    pub async fn translation(&self, code: &str) -> Result<Arc<Translation>, ContentError> {
        let Some(info) = self.languages.iter().find(|info| info.language == code) else {
            return Err(ContentError::UnknownLanguage {
                code: iqrah_quran::shorten(code),
                available: self
                    .languages
                    .iter()
                    .map(|info| info.language.clone())
                    .collect(),
            });
        };
        if let Some(cached) = self.cached_translation(code) {
            return Ok(cached);
        }
        let texts: Vec<String> = sqlx::query_scalar(
            "SELECT text FROM translations WHERE language = ?1 ORDER BY verse_id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await
        .map_err(reading(&self.path))?;
        let translation =
            Arc::new(Translation::new(info.clone(), texts).map_err(|e| corrupt(&self.path, e))?);
        if let Ok(mut cache) = self.translations.lock() {
            cache.insert(code.to_owned(), Arc::clone(&translation));
        }
        Ok(translation)
    }

    fn cached_translation(&self, code: &str) -> Option<Arc<Translation>> {
        self.translations.lock().ok()?.get(code).cloned()
    }

    /// Closes the connections.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// Loads surahs, verses and words, and validates them as a whole Quran.
async fn load_quran(conn: &mut SqliteConnection, path: &Path) -> Result<Quran, ContentError> {
    let surahs = sqlx::query(
        "SELECT number, name_arabic, name_transliterated, name_english, revelation, verse_count
         FROM surahs ORDER BY number",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(reading(path))?
    .into_iter()
    .map(|row| {
        let revelation: String = row.try_get(4)?;
        Ok(Surah {
            number: row.try_get(0)?,
            name_arabic: row.try_get(1)?,
            name_transliterated: row.try_get(2)?,
            name_english: row.try_get(3)?,
            revelation: if revelation == "medinan" {
                Revelation::Medinan
            } else {
                Revelation::Meccan
            },
            verse_count: row.try_get(5)?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(reading(path))?;

    // The `words` table holds each verse's words for other readers; they are
    // the text split by `Verse::split_words` at import, so splitting the text
    // here gives the same words without carrying 77,000 rows out of SQLite.
    let rows = sqlx::query(
        "SELECT surah, ayah, text, transliteration, juz, hizb_quarter FROM verses ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(reading(path))?;
    let mut verses = Vec::with_capacity(rows.len());
    for row in rows {
        let surah: u32 = row.try_get(0).map_err(reading(path))?;
        let ayah: u32 = row.try_get(1).map_err(reading(path))?;
        let text: String = row.try_get(2).map_err(reading(path))?;
        verses.push(Verse {
            key: VerseKey::new(surah, ayah).map_err(|e| corrupt(path, e))?,
            words: Verse::split_words(&text),
            text,
            transliteration: row.try_get(3).map_err(reading(path))?,
            juz: row.try_get(4).map_err(reading(path))?,
            hizb_quarter: row.try_get(5).map_err(reading(path))?,
        });
    }
    Quran::new(surahs, verses).map_err(|e| corrupt(path, e))
}
