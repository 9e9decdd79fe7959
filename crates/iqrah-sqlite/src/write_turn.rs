//! The process's write turn and [`WriteTx`], the transaction every write
//! runs in.

use std::sync::Arc;

use iqrah_store::StoreError;
use sqlx::SqliteConnection;
use sqlx::sqlite::SqlitePool;

use crate::checkpoint::Checkpoints;
use crate::error::db;

/// This process's writers take turns here before `BEGIN IMMEDIATE`, so
/// that they queue in order instead of polling SQLite's lock in the busy
/// handler's sleeps (other processes still meet the busy timeout). Each
/// commit counts towards the next background checkpoint.
#[derive(Debug, Clone)]
pub(crate) struct WriteTurn {
    turn: Arc<tokio::sync::Mutex<()>>,
    checkpoints: Checkpoints,
}

impl WriteTurn {
    /// The write turn of the database behind `pool`.
    pub(crate) fn new(pool: SqlitePool) -> Self {
        let turn = Arc::new(tokio::sync::Mutex::new(()));
        WriteTurn {
            checkpoints: Checkpoints::new(pool, Arc::clone(&turn)),
            turn,
        }
    }

    /// Waits for the turn, then begins a write transaction on `pool`.
    pub(crate) async fn begin(&self, pool: &SqlitePool) -> Result<WriteTx, StoreError> {
        let turn = Arc::clone(&self.turn).lock_owned().await;
        Ok(WriteTx {
            tx: pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?,
            turn,
            checkpoints: self.checkpoints.clone(),
        })
    }
}

/// A write transaction holding this process's write turn until it is
/// committed or dropped (rolled back).
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    turn: tokio::sync::OwnedMutexGuard<()>,
    checkpoints: Checkpoints,
}

impl WriteTx {
    /// Commits, hands the write turn to the next writer, then counts the
    /// commit towards the next checkpoint.
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        let WriteTx {
            tx,
            turn,
            checkpoints,
        } = self;
        tx.commit().await.map_err(db)?;
        drop(turn);
        checkpoints.after_commit();
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}
