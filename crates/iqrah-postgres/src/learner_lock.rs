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
    locked_tx(pool, user, "SELECT pg_advisory_xact_lock($1, hashtext($2))").await
}

/// A write transaction holding `user`'s lock, for an answer to the
/// current item, whose statements all find their rows by key (the
/// learner's session, its items, a state, an idempotency key): they run
/// PostgreSQL's generic plans, made once per connection.
///
/// Left to choose, PostgreSQL plans such a statement afresh on every
/// execution: it compares the generic plan's cost, estimated with the
/// average learner's row counts (which a few learners with long histories
/// inflate), with custom plans estimated for the learner at hand, which a
/// new learner's few rows always make look cheaper, though the plan is
/// the same index lookup. Planning then costs about as much as executing.
/// Statements over a learner's ranges (the review log by day) keep the
/// choice, in [`write_tx`]: their best plan depends on the learner.
pub(crate) async fn answer_tx(pool: &PgPool, user: &UserId) -> Result<Tx, StoreError> {
    locked_tx(
        pool,
        user,
        "SELECT pg_advisory_xact_lock($1, hashtext($2)),
           set_config('plan_cache_mode', 'force_generic_plan', true)",
    )
    .await
}

/// A transaction whose first statement, `lock` (binding the lock's two
/// keys), takes `user`'s lock.
async fn locked_tx(pool: &PgPool, user: &UserId, lock: &'static str) -> Result<Tx, StoreError> {
    let mut tx = pool.begin().await.map_err(db)?;
    sqlx::query(lock)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    use sqlx::postgres::PgPoolOptions;

    use super::*;
    use crate::test_support::TestDatabase;

    /// The plan choice the connection's next statement meets.
    async fn plan_choice(conn: &mut sqlx::PgConnection) -> String {
        sqlx::query_scalar("SELECT current_setting('plan_cache_mode')")
            .fetch_one(conn)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn an_answer_runs_generic_plans_and_leaves_its_pooled_connection_as_it_found_it() {
        let database = TestDatabase::create().await;
        // One connection, so every transaction below reuses the one before.
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(database.options())
            .await
            .unwrap();
        let user = UserId::new("learner");

        let mut answer = answer_tx(&pool, &user).await.unwrap();
        assert_eq!(plan_choice(&mut answer).await, "force_generic_plan");
        commit(answer).await.unwrap();

        let mut write = write_tx(&pool, &user).await.unwrap();
        assert_eq!(plan_choice(&mut write).await, "auto");
        commit(write).await.unwrap();

        let mut abandoned = answer_tx(&pool, &user).await.unwrap();
        assert_eq!(plan_choice(&mut abandoned).await, "force_generic_plan");
        drop(abandoned);
        let mut read = read_tx(&pool).await.unwrap();
        assert_eq!(plan_choice(&mut read).await, "auto");
    }
}
