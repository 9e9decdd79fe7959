//! The transactions every call runs in: a write transaction holds its
//! learner's lock, a read transaction sees one snapshot.
//!
//! The lock is a transaction-level advisory lock keyed by the learner
//! (`pg_advisory_xact_lock`, in the key space [`LOCK_CLASS`]), held until
//! the transaction ends, so that two writes of one learner never overlap,
//! whichever process or connection makes them: a submit and its retry,
//! sent to two servers at once, run one after the other, and the second
//! sees the first's idempotency key. Each statement after the lock reads
//! what every earlier writer of the learner committed (PostgreSQL's READ
//! COMMITTED takes a new snapshot per statement). Two learners never wait
//! for each other, save for the rare learners whose ids hash alike.

use iqrah_store::{StoreError, UserId};
use sqlx::{PgPool, Postgres, Transaction};

use crate::error::db;

/// The first key of the learner locks ('IQRH'), which keeps them apart
/// from other advisory locks on the same database.
const LOCK_CLASS: i32 = 0x4951_5248;

/// A transaction on a pooled connection; rolled back if dropped uncommitted.
pub(crate) type Tx = Transaction<'static, Postgres>;

/// A write transaction holding `user`'s lock. The lock is its own
/// statement inside the open transaction, so that a lock that fails or a
/// caller dropped while waiting rolls the transaction back, never leaving
/// a pooled connection inside it.
pub(crate) async fn write_tx(pool: &PgPool, user: &UserId) -> Result<Tx, StoreError> {
    let mut tx = pool.begin().await.map_err(db)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .bind(LOCK_CLASS)
        .bind(user.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    Ok(tx)
}

/// A read-only transaction whose statements all see one snapshot.
pub(crate) async fn read_tx(pool: &PgPool) -> Result<Tx, StoreError> {
    pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(db)
}

/// Commits `tx`.
pub(crate) async fn commit(tx: Tx) -> Result<(), StoreError> {
    tx.commit().await.map_err(db)
}
