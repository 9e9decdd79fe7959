//! Writing the content database: into a temporary file, renamed into place
//! only once complete.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Executor, SqliteConnection};

use crate::database::{SCHEMA, SCHEMA_VERSION};
use crate::error::ImportError;
use crate::source::{ContentPackage, read_package};

/// One step of an import, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportStep {
    /// Steps finished so far.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
    /// What is being done now.
    pub label: String,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The database file.
    pub path: PathBuf,
    /// The quran-json version imported.
    pub source_version: String,
    /// Surahs written (114).
    pub surahs: usize,
    /// Verses written (6,236).
    pub verses: usize,
    /// Words written.
    pub words: usize,
    /// Language codes of the translations written.
    pub languages: Vec<String>,
    /// Wall time of the whole import.
    pub elapsed: Duration,
}

/// Imports the package at `package_dir` into the database file `target`.
///
/// The database is built in a temporary file beside `target` and renamed over
/// it only when complete: a failed import leaves any previous database as it
/// was and removes its temporary file. `progress` is called before each step.
pub async fn import(
    package_dir: &Path,
    target: &Path,
    mut progress: impl FnMut(ImportStep),
) -> Result<ImportSummary, ImportError> {
    let started = Instant::now();
    progress(ImportStep {
        done: 0,
        total: 1,
        label: "reading quran-json".to_owned(),
    });
    let package = tokio::task::spawn_blocking({
        let dir = package_dir.to_owned();
        move || read_package(&dir)
    })
    .await
    .map_err(|e| ImportError::CorruptFile {
        path: package_dir.to_owned(),
        reason: e.to_string(),
    })??;

    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| ImportError::Io {
            action: "creating",
            path: parent.to_owned(),
            source,
        })?;
    }
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = target.with_file_name(format!("{file_name}.partial-{}", std::process::id()));
    let written = write_database(&package, &partial, &mut progress).await;
    let renamed = written.and_then(|()| {
        std::fs::rename(&partial, target).map_err(|source| ImportError::Io {
            action: "renaming into",
            path: target.to_owned(),
            source,
        })
    });
    if let Err(error) = renamed {
        // Best effort: the partial file is ours alone and useless now.
        let _ = std::fs::remove_file(&partial);
        return Err(error);
    }
    let quran = &package.quran;
    Ok(ImportSummary {
        path: target.to_owned(),
        source_version: package.version.clone(),
        surahs: quran.surahs().len(),
        verses: quran.verses().len(),
        words: quran.verses().iter().map(|v| v.words.len()).sum(),
        languages: package
            .translations
            .iter()
            .map(|t| t.info().language.clone())
            .collect(),
        elapsed: started.elapsed(),
    })
}

/// Writes the whole package into a new database file at `path`, in one
/// transaction, rows passed as JSON arrays that SQLite expands with `json_each`.
async fn write_database(
    package: &ContentPackage,
    path: &Path,
    progress: &mut impl FnMut(ImportStep),
) -> Result<(), ImportError> {
    if path.exists() {
        std::fs::remove_file(path).map_err(|source| ImportError::Io {
            action: "removing",
            path: path.to_owned(),
            source,
        })?;
    }
    // No journal and no syncs while building: the file is not in use until
    // it is renamed, and it is synced to disk once before that.
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off);
    let mut conn = SqliteConnection::connect_with(&options).await?;
    let total = 6 + package.translations.len();
    let mut step = |done: usize, label: String| progress(ImportStep { done, total, label });

    let mut tx = conn.begin().await?;
    step(1, "creating tables".to_owned());
    // Through `Executor` rather than `raw_sql`, whose future is not `Send`
    // in sqlx 0.8 (launchbadge/sqlx#3150): `Iqrah::open` must be spawnable.
    (&mut *tx).execute(SCHEMA).await?;
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ('source', 'quran-json'), ('source_version', ?1)",
    )
    .bind(&package.version)
    .execute(&mut *tx)
    .await?;

    step(2, "writing surahs".to_owned());
    let surahs: Vec<_> = package
        .quran
        .surahs()
        .iter()
        .map(|s| {
            json!([
                s.number,
                s.name_arabic,
                s.name_transliterated,
                s.name_english,
                s.revelation.as_str(),
                s.verse_count
            ])
        })
        .collect();
    sqlx::query(
        "INSERT INTO surahs (number, name_arabic, name_transliterated, name_english, revelation, verse_count)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?1)",
    )
    .bind(serde_json::Value::Array(surahs).to_string())
    .execute(&mut *tx)
    .await?;

    step(3, "writing verses".to_owned());
    let verses: Vec<_> = package
        .quran
        .verses()
        .iter()
        .map(|v| {
            json!([
                v.key.index() + 1,
                v.key.surah(),
                v.key.ayah(),
                v.key.to_string(),
                v.text,
                v.transliteration,
                v.juz,
                v.hizb_quarter
            ])
        })
        .collect();
    sqlx::query(
        "INSERT INTO verses (id, surah, ayah, key, text, transliteration, juz, hizb_quarter)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7 FROM json_each(?1)",
    )
    .bind(serde_json::Value::Array(verses).to_string())
    .execute(&mut *tx)
    .await?;

    step(4, "writing words".to_owned());
    let words: Vec<_> = package
        .quran
        .verses()
        .iter()
        .flat_map(|v| {
            v.words
                .iter()
                .enumerate()
                .map(move |(i, w)| json!([v.key.index() + 1, i + 1, w]))
        })
        .collect();
    sqlx::query(
        "INSERT INTO words (verse_id, position, text) SELECT value->>0, value->>1, value->>2 FROM json_each(?1)",
    )
    .bind(serde_json::Value::Array(words).to_string())
    .execute(&mut *tx)
    .await?;

    step(5, "finding look-alike verses".to_owned());
    let look_alikes: Vec<_> = iqrah_core::look_alike::find_look_alikes(&package.quran)
        .into_iter()
        .map(|p| {
            json!([
                p.verse.index() + 1,
                p.other.index() + 1,
                p.likeness.as_str(),
                p.score,
                p.shared_run,
                p.differing,
                p.other_differing
            ])
        })
        .collect();
    sqlx::query(
        "INSERT INTO look_alikes (verse_id, other_id, likeness, score, shared_run, differing, other_differing)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6 FROM json_each(?1)",
    )
    .bind(serde_json::Value::Array(look_alikes).to_string())
    .execute(&mut *tx)
    .await?;

    for (i, translation) in package.translations.iter().enumerate() {
        let info = translation.info();
        step(
            6 + i,
            format!("writing the {} translation", info.language_name),
        );
        sqlx::query(
            "INSERT INTO languages (code, name, translator, source) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(&info.language)
        .bind(&info.language_name)
        .bind(&info.translator)
        .bind(&info.source)
        .execute(&mut *tx)
        .await?;
        let texts: Vec<&str> = package
            .quran
            .verses()
            .iter()
            .map(|v| translation.text(v.key))
            .collect();
        sqlx::query(
            "INSERT INTO translations (language, verse_id, text) SELECT ?1, key + 1, value FROM json_each(?2)",
        )
        .bind(&info.language)
        .bind(serde_json::to_string(&texts).map_err(|e| ImportError::CorruptFile { path: path.to_owned(), reason: e.to_string() })?)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    step(total, "finishing".to_owned());
    conn.close().await?;
    std::fs::File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|source| ImportError::Io {
            action: "syncing",
            path: path.to_owned(),
            source,
        })?;
    Ok(())
}
