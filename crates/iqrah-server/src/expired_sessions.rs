//! The sweep of a shared server's browser sessions: a session past its
//! expiry can no longer sign anyone in (the store refuses to load it), but
//! its row stays in `tower_sessions.session` until it is deleted. While the
//! server runs, a task deletes them every [`SWEEP_EVERY`].

use std::time::Duration;

use iqrah_postgres::WebSessionStore;
use tower_sessions::session_store::ExpiredDeletion;

/// How often expired browser sessions are deleted.
pub(crate) const SWEEP_EVERY: Duration = Duration::from_secs(60 * 60);

/// Deletes `store`'s expired sessions now and then every `every`, until the
/// task is aborted. A failed sweep (the database unreachable for a moment)
/// is tried again at the next tick: the rows it left only take space.
pub(crate) async fn sweep(store: WebSessionStore, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let _ = store.delete_expired().await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

    use std::collections::HashMap;

    use iqrah_postgres::test_support::TestDatabase;
    use sqlx::Connection;
    use tower_sessions::SessionStore;
    use tower_sessions::cookie::time::{Duration as Span, OffsetDateTime};
    use tower_sessions::session::{Id, Record};

    use super::*;

    /// A session of `user` expiring `from_now` from now.
    fn session(user: &str, from_now: Span) -> Record {
        Record {
            id: Id::default(),
            data: HashMap::from([("user".to_owned(), serde_json::json!(user))]),
            expiry_date: OffsetDateTime::now_utc() + from_now,
        }
    }

    #[tokio::test]
    async fn the_sweep_deletes_expired_sessions_and_keeps_the_others() {
        let database = TestDatabase::create().await;
        let store = database.store().await.web_session_store();
        let mut expired = session("gone", Span::seconds(-5));
        let mut live = session("stays", Span::hours(1));
        store.create(&mut expired).await.expect("saved");
        store.create(&mut live).await.expect("saved");
        let rows = || async {
            let mut conn = sqlx::PgConnection::connect_with(&database.options())
                .await
                .expect("a connection");
            let count: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session")
                .fetch_one(&mut conn)
                .await
                .expect("counted");
            count
        };
        assert_eq!(rows().await, 2, "an expired row stays until swept");

        let task = tokio::spawn(sweep(store.clone(), Duration::from_millis(20)));
        let mut left = rows().await;
        for _ in 0..250 {
            if left == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
            left = rows().await;
        }
        task.abort();
        assert_eq!(left, 1, "the expired row is deleted");
        assert!(store.load(&live.id).await.expect("loaded").is_some());
    }
}
