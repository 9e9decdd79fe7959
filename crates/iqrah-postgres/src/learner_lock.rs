//! The transactions every call runs in: a write transaction holds its
//! learner's lock, a read transaction sees one snapshot.
//!
//! The lock is a transaction-level advisory lock keyed by the learner
//! (`pg_advisory_xact_lock`, in the key space [`LOCK_CLASS`], the second
//! key [`learner_key`]), taken by the statement that begins the
//! transaction (one round trip for both) and held until it ends, so that two writes of one learner never overlap,
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

/// A write transaction holding `user`'s lock.
pub(crate) async fn write_tx(pool: &PgPool, user: &UserId) -> Result<Tx, StoreError> {
    // Both keys are integers written by us, so the statement has no
    // parameters and goes with the BEGIN as one simple query.
    pool.begin_with(format!(
        "BEGIN; SELECT pg_advisory_xact_lock({LOCK_CLASS}, {})",
        learner_key(user)
    ))
    .await
    .map_err(db)
}

/// A read-only transaction whose statements all see one snapshot.
pub(crate) async fn read_tx(pool: &PgPool) -> Result<Tx, StoreError> {
    pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(db)
}

/// The second key of `user`'s lock: the 32-bit FNV-1a hash of the id's
/// bytes. Learners whose ids hash alike share a lock (they wait for each
/// other, never see each other's data); every process on one database
/// must compute it alike, so it is this fixed function, not the standard
/// library's seeded hasher.
fn learner_key(user: &UserId) -> i32 {
    let hash = user.as_str().bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    i32::from_ne_bytes(hash.to_ne_bytes())
}

/// Commits `tx`.
pub(crate) async fn commit(tx: Tx) -> Result<(), StoreError> {
    tx.commit().await.map_err(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learner_keys_are_fnv1a_of_the_id() {
        // FNV-1a's published test vectors: "" and "a".
        assert_eq!(learner_key(&UserId::new("")) as u32, 0x811c_9dc5);
        assert_eq!(learner_key(&UserId::new("a")) as u32, 0xe40c_292c);
        assert_ne!(
            learner_key(&UserId::new("alice")),
            learner_key(&UserId::new("bob"))
        );
    }
}
