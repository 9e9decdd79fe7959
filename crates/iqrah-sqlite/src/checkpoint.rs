//! WAL checkpoints off the write path.
//!
//! In WAL mode SQLite appends every commit to the `-wal` file and, by
//! default, the connection whose commit takes the file past 1,000 pages
//! copies it back into the database and `fsync`s both ("checkpoint") before
//! its commit returns. That connection holds this process's write turn
//! meanwhile, so one answer in a hundred or so waited several milliseconds
//! and every writer queued behind it. [`SqliteStore`](crate::SqliteStore)
//! turns SQLite's automatic checkpoints off and counts its own commits
//! here instead: every [`Checkpoints::EVERY`] commits, once the write turn
//! is released, a background task checkpoints on another pooled connection
//! in two steps:
//!
//! 1. a passive checkpoint, which blocks no writer or reader, copies the log
//!    as it is (the bulk of the work, several milliseconds);
//! 2. a second one copies what writers appended meanwhile while holding the
//!    write turn (about a millisecond, nothing if they appended nothing), so that
//!    the whole log is copied and the next writer starts it over from the
//!    beginning. Without this step a log written to without pause would
//!    never be wholly copied, and would grow without end.
//!
//! Pages that a reader still needs wait for the next checkpoint. The last
//! connection to close checkpoints whatever is left, as SQLite always does.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use sqlx::SqlitePool;

/// Counts this process's commits and starts a passive checkpoint every
/// [`Checkpoints::EVERY`] of them, one at a time.
#[derive(Debug, Clone)]
pub(crate) struct Checkpoints {
    /// The pool a checkpoint borrows a connection from.
    pool: SqlitePool,
    /// The store's write turn, held for the second step.
    write_turn: Arc<tokio::sync::Mutex<()>>,
    /// Commits since the last checkpoint was started.
    commits: Arc<AtomicU32>,
    /// Whether a checkpoint is running.
    running: Arc<AtomicBool>,
}

impl Checkpoints {
    /// Commits between two checkpoints. An answer's transaction writes
    /// 5–10 pages, so this keeps the log near SQLite's default of 1,000
    /// pages.
    pub(crate) const EVERY: u32 = 128;

    /// Checkpoints for the database behind `pool`, whose connections have
    /// `wal_autocheckpoint = 0` and whose writers take `write_turn`.
    pub(crate) fn new(pool: SqlitePool, write_turn: Arc<tokio::sync::Mutex<()>>) -> Self {
        Checkpoints {
            pool,
            write_turn,
            commits: Arc::new(AtomicU32::new(0)),
            running: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Counts a commit (called after the write turn is released); starts a
    /// checkpoint in the background when one is due and none is running.
    pub(crate) fn after_commit(&self) {
        if self.commits.fetch_add(1, Ordering::Relaxed) + 1 < Self::EVERY {
            return;
        }
        if self.running.swap(true, Ordering::AcqRel) {
            return; // The running one will take these commits too.
        }
        self.commits.store(0, Ordering::Relaxed);
        let running = Arc::clone(&self.running);
        let pool = self.pool.clone();
        let write_turn = Arc::clone(&self.write_turn);
        tokio::spawn(async move {
            // A failed checkpoint loses nothing: the pages stay in the log
            // and the next checkpoint (or the last close) copies them.
            let _ = checkpoint(&pool).await;
            let _turn = write_turn.lock().await;
            let _ = checkpoint(&pool).await;
            running.store(false, Ordering::Release);
        });
    }
}

/// Runs a passive checkpoint: copies what it can of the log, as the log
/// is when it starts.
async fn checkpoint(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(pool)
        .await?;
    Ok(())
}
