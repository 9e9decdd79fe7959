//! Why a benchmark run stopped.

use iqrah_api::ApiError;

/// A failed benchmark run: the set-up or a measured call went wrong, or the
/// server answered something other than success. Never a partial result.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// An API call failed.
    #[error("API call failed: {0}")]
    Api(#[from] ApiError),
    /// A raw SQL statement failed.
    #[error("SQLite: {0}")]
    Sql(#[from] sqlx::Error),
    /// A stored JSON value could not be read.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A file, process or socket operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The server process or an HTTP exchange went wrong.
    #[error("iqrah serve: {0}")]
    Serve(String),
    /// The set-up did not produce what the measurement needs.
    #[error("set-up: {0}")]
    Setup(String),
}

impl BenchError {
    /// An I/O error with what was being done.
    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Self {
        let what = what.into();
        move |source| BenchError::Io { what, source }
    }
}
