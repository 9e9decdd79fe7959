//! Opening Iqrah on a data directory: configuration, the clock, the content
//! and the learner's database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use iqrah_content::{
    CONTENT_FILE_NAME, ContentDb, ContentError, ImportStep, ImportSummary, PACKAGE_INSTALL_COMMAND,
};
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_core::look_alike::LookAlikes;
use iqrah_core::time::Timestamp;
use iqrah_postgres::PgStore;
use iqrah_quran::{Quran, Translation};
use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME};
use tokio::sync::OnceCell;

use crate::backend::Backend;
use crate::database::Database;
use crate::error::ApiError;
use crate::parameters::FitsRunning;
use crate::passwords::Passwords;

/// The language used when a call does not name one.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Where time comes from: the system clock, or a fixed moment (tests,
/// simulations, `IQRAH_NOW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system's clock.
    #[default]
    System,
    /// Always this moment.
    Fixed(Timestamp),
}

impl Clock {
    /// The current moment.
    pub fn now(self) -> Timestamp {
        match self {
            Clock::Fixed(at) => at,
            Clock::System => {
                let since_epoch = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                Timestamp::from_millis(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
            }
        }
    }
}

/// Where Iqrah keeps its files, where it finds the content package, and its clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The data directory: the content database, and the learner's
    /// database unless [`Config::database`] names a server.
    pub data_dir: PathBuf,
    /// Where the learners' data is kept (`user.sqlite3` in the data
    /// directory by default).
    pub database: Database,
    /// The quran-json package to import from; found automatically when `None`.
    pub package_dir: Option<PathBuf>,
    /// The clock.
    pub clock: Clock,
    /// Whether completing a session fits the learner's FSRS parameters in
    /// the background once enough new reviews have accumulated (on by
    /// default; tests that must not race with it turn it off).
    pub automatic_fitting: bool,
}

impl Config {
    /// A configuration for `data_dir`, finding the content package
    /// automatically and reading the system clock.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Config {
            data_dir: data_dir.into(),
            database: Database::SqliteFile,
            package_dir: None,
            clock: Clock::System,
            automatic_fitting: true,
        }
    }

    /// The platform's data directory for Iqrah (`~/.local/share/iqrah` on
    /// Linux), where every binary keeps its databases unless told another;
    /// `None` when the platform has no home directory to put it in.
    pub fn default_data_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "iqrah").map(|dirs| dirs.data_dir().to_owned())
    }

    /// The content database's path.
    pub fn content_path(&self) -> PathBuf {
        self.data_dir.join(CONTENT_FILE_NAME)
    }

    /// The learner's database's path.
    pub fn user_db_path(&self) -> PathBuf {
        self.data_dir.join(USER_DB_FILE_NAME)
    }
}

/// A translation with the exercise index built on it.
#[derive(Debug)]
pub(crate) struct ExerciseMaterial {
    pub(crate) translation: Arc<Translation>,
    pub(crate) index: ExerciseIndex,
    pub(crate) look_alikes: Arc<LookAlikes>,
}

impl ExerciseMaterial {
    /// The exercise context of `quran` with this material: its
    /// translation, index and the text's look-alike verses.
    pub(crate) fn context<'a>(&'a self, quran: &'a Quran) -> ExerciseContext<'a> {
        ExerciseContext::new(quran, &self.translation, &self.index)
            .with_look_alikes(&self.look_alikes)
    }
}

/// An open Iqrah: the content loaded, the learner's database opened on first
/// use. Cheap to clone; clones share everything.
#[derive(Debug, Clone)]
pub struct Iqrah {
    pub(crate) config: Config,
    pub(crate) content: Arc<ContentDb>,
    pub(crate) store: Arc<OnceCell<Backend>>,
    pub(crate) fits_running: Arc<FitsRunning>,
    materials: Arc<Mutex<HashMap<String, Arc<ExerciseMaterial>>>>,
    pub(crate) passwords: Arc<Passwords>,
}

impl Iqrah {
    /// Opens Iqrah, importing the content first if it is missing or was built
    /// by another version.
    pub async fn open(config: Config) -> Result<Self, ApiError> {
        Self::open_with_progress(config, |_| {}).await
    }

    /// Like [`Iqrah::open`], reporting the steps of an automatic import.
    pub async fn open_with_progress(
        config: Config,
        progress: impl FnMut(ImportStep),
    ) -> Result<Self, ApiError> {
        Self::open_inner(config, progress, OnceCell::new()).await
    }

    /// Like [`Iqrah::open`], keeping the learners' data in `backend`
    /// (opened by the caller) instead of the data directory's SQLite file.
    pub async fn open_with_backend(config: Config, backend: Backend) -> Result<Self, ApiError> {
        Self::open_inner(config, |_| {}, OnceCell::new_with(Some(backend))).await
    }

    async fn open_inner(
        config: Config,
        progress: impl FnMut(ImportStep),
        store: OnceCell<Backend>,
    ) -> Result<Self, ApiError> {
        let path = config.content_path();
        let content = match ContentDb::open(&path).await {
            Ok(content) => content,
            Err(ContentError::NotImported { .. } | ContentError::SchemaMismatch { .. }) => {
                import_content(&config, progress).await?;
                ContentDb::open(&path).await?
            }
            Err(other) => return Err(other.into()),
        };
        Ok(Iqrah {
            config,
            content: Arc::new(content),
            store: Arc::new(store),
            fits_running: Arc::new(FitsRunning::default()),
            materials: Arc::new(Mutex::new(HashMap::new())),
            passwords: Arc::new(Passwords::new()),
        })
    }

    /// The configuration this Iqrah was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The loaded content, for the layers built on this API.
    pub fn content(&self) -> &Arc<ContentDb> {
        &self.content
    }

    /// The current moment by the configured clock.
    pub fn now(&self) -> Timestamp {
        self.config.clock.now()
    }

    /// The learner's database, opened (and created or upgraded) on first use.
    pub(crate) async fn store(&self) -> Result<&Backend, ApiError> {
        self.store
            .get_or_try_init(|| async {
                match &self.config.database {
                    Database::SqliteFile => {
                        std::fs::create_dir_all(&self.config.data_dir).map_err(|e| {
                            ApiError::DataDir {
                                path: display_path(&self.config.data_dir),
                                reason: e.to_string(),
                            }
                        })?;
                        let store = SqliteStore::open(&self.config.user_db_path()).await?;
                        Ok(Backend::Sqlite(store))
                    }
                    Database::Postgres(url) => {
                        let store = PgStore::connect(url.expose()).await?;
                        Ok(Backend::Postgres(store))
                    }
                }
            })
            .await
    }

    /// Closes the learner's database, if it was opened: nothing of this
    /// Iqrah holds it afterwards (a call after this one fails).
    pub async fn close(&self) {
        if let Some(store) = self.store.get() {
            store.close().await;
        }
    }

    /// Opens the learner's database (see [`Iqrah::store`]) and checks that it
    /// accepts writes, so that a server can refuse to start rather than
    /// fail on the learner's first answer.
    pub async fn check_user_db(&self) -> Result<(), ApiError> {
        Ok(self.store().await?.check_writable().await?)
    }

    /// The translation in `language` with its exercise index, built once.
    pub(crate) async fn material(&self, language: &str) -> Result<Arc<ExerciseMaterial>, ApiError> {
        if let Some(found) = self
            .materials
            .lock()
            .ok()
            .and_then(|m| m.get(language).cloned())
        {
            return Ok(found);
        }
        let translation = self.content.translation(language).await?;
        let quran = Arc::clone(self.content.quran().await?);
        let look_alikes = Arc::clone(self.content.all_look_alikes().await?);
        let built = tokio::task::spawn_blocking(move || {
            let index = ExerciseIndex::new(&quran, &translation);
            ExerciseMaterial {
                translation,
                index,
                look_alikes,
            }
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
        let built = Arc::new(built);
        if let Ok(mut materials) = self.materials.lock() {
            materials.insert(language.to_owned(), Arc::clone(&built));
        }
        Ok(built)
    }
}

/// Imports the content into the data directory from the configured or
/// installed package.
pub async fn import_content(
    config: &Config,
    progress: impl FnMut(ImportStep),
) -> Result<ImportSummary, ApiError> {
    let package = match &config.package_dir {
        Some(dir) => dir.clone(),
        None => iqrah_content::locate_package().map_err(|looked_in| {
            ApiError::ContentPackageMissing {
                command: PACKAGE_INSTALL_COMMAND,
                looked_in: looked_in.iter().map(|p| display_path(p)).collect(),
            }
        })?,
    };
    std::fs::create_dir_all(&config.data_dir).map_err(|e| ApiError::DataDir {
        path: display_path(&config.data_dir),
        reason: e.to_string(),
    })?;
    Ok(iqrah_content::import(&package, &config.content_path(), progress).await?)
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
}
