//! Migration 0006: fits stored before fits were trained on recitations
//! only go out of use, and the next completed session fits again.
//!
//! Needs the test server: `scripts/postgres start`, then the
//! `export IQRAH_TEST_DATABASE_URL=…` line it prints. Without it this test
//! fails; it is never skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_core::fitting::{DEFAULT_PARAMETERS, Evaluation};
use iqrah_core::time::Timestamp;
use iqrah_postgres::test_support::TestDatabase;
use iqrah_store::{FitRecord, LearnerParameters, UserId, UserStore};
use sqlx::{Connection, PgConnection};

fn fit(at: i64) -> FitRecord {
    FitRecord {
        fitted_at: Timestamp(at),
        parameters: DEFAULT_PARAMETERS.iter().map(|w| w * 1.1).collect(),
        default: Evaluation {
            log_loss: 0.41,
            rmse_bins: 0.07,
        },
        fitted: Evaluation {
            log_loss: 0.33,
            rmse_bins: 0.05,
        },
        reviews: 900,
        training_reviews: 450,
    }
}

#[tokio::test]
async fn migration_6_puts_fits_of_every_skill_out_of_use_and_refits_at_the_next_session() {
    let db = TestDatabase::create().await;
    let store = db.store().await;
    let (a, b) = (UserId::new("a"), UserId::new("b"));
    assert!(
        store
            .record_fit(&a, None, Timestamp(10), 900, Some(&fit(10)))
            .await
            .unwrap()
    );
    assert!(
        store
            .record_fit(&b, None, Timestamp(20), 700, None)
            .await
            .unwrap()
    );
    store.close().await;
    // Back to before migration 6, as an earlier Iqrah left the database.
    let mut conn = PgConnection::connect_with(&db.options()).await.unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 6")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let store = db.store().await;
    for (user, checked_at) in [(&a, 10), (&b, 20)] {
        assert_eq!(
            store.learner_parameters(user).await.unwrap(),
            Some(LearnerParameters {
                in_use: None,
                checked_at: Timestamp(checked_at),
                checked_reviews: 0,
            }),
            "{user:?}"
        );
    }
    // A fit recorded since stays in use.
    let read = store.learner_parameters(&a).await.unwrap();
    assert!(
        store
            .record_fit(&a, read.as_ref(), Timestamp(30), 950, Some(&fit(30)))
            .await
            .unwrap()
    );
    store.close().await;
    let store = db.store().await;
    assert_eq!(
        store.learner_parameters(&a).await.unwrap().unwrap().in_use,
        Some(fit(30))
    );
    store.close().await;
}
