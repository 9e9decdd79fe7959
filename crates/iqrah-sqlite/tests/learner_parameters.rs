//! The learner's FSRS parameters: a kept fit is read back exactly and
//! survives reopening, a fit not kept leaves the parameters in use and
//! only moves the last check, a reset deletes them, and learners are apart.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_core::fitting::{DEFAULT_PARAMETERS, Evaluation};
use iqrah_core::time::Timestamp;
use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME};
use iqrah_store::{FitRecord, LearnerParameters, UserId, UserStore};

fn fit(at: i64, nudge: f32) -> FitRecord {
    FitRecord {
        fitted_at: Timestamp(at),
        parameters: DEFAULT_PARAMETERS.iter().map(|w| w * nudge).collect(),
        default: Evaluation {
            log_loss: 0.412_345_67,
            rmse_bins: 0.0712,
        },
        fitted: Evaluation {
            log_loss: 1.0 / 3.0,
            rmse_bins: f32::MIN_POSITIVE,
        },
        reviews: 2_345,
        training_reviews: 1_234,
    }
}

#[tokio::test]
async fn parameters_are_kept_replaced_reset_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(USER_DB_FILE_NAME);
    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        None
    );
    assert_eq!(store.review_count(&UserId::new("a")).await.unwrap(), 0);
    assert!(
        store
            .review_records(&UserId::new("a"))
            .await
            .unwrap()
            .is_empty()
    );

    // A fit that was not kept: only the check is recorded.
    let recorded = store
        .record_fit(&UserId::new("a"), None, Timestamp(10), 500, None)
        .await
        .unwrap();
    assert!(recorded);
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        Some(LearnerParameters {
            in_use: None,
            checked_at: Timestamp(10),
            checked_reviews: 500,
        })
    );
    // A kept fit, read back exactly.
    let first = fit(20, 1.01);
    let read = store.learner_parameters(&UserId::new("a")).await.unwrap();
    let recorded = store
        .record_fit(
            &UserId::new("a"),
            read.as_ref(),
            Timestamp(20),
            2_345,
            Some(&first),
        )
        .await
        .unwrap();
    assert!(recorded);
    let kept = LearnerParameters {
        in_use: Some(first.clone()),
        checked_at: Timestamp(20),
        checked_reviews: 2_345,
    };
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        Some(kept.clone())
    );
    assert_eq!(
        store.learner_parameters(&UserId::new("b")).await.unwrap(),
        None
    );
    // A later fit not kept leaves the parameters in use.
    let recorded = store
        .record_fit(&UserId::new("a"), Some(&kept), Timestamp(30), 2_800, None)
        .await
        .unwrap();
    assert!(recorded);
    let after = store
        .learner_parameters(&UserId::new("a"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.in_use, Some(first.clone()));
    assert_eq!(
        (after.checked_at, after.checked_reviews),
        (Timestamp(30), 2_800)
    );

    // Reopened from disk: the same.
    store.close().await;
    drop(store);
    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        Some(after)
    );
    // A kept fit replaces the one in use.
    let second = fit(40, 0.99);
    let read = store.learner_parameters(&UserId::new("a")).await.unwrap();
    let recorded = store
        .record_fit(
            &UserId::new("a"),
            read.as_ref(),
            Timestamp(40),
            3_000,
            Some(&second),
        )
        .await
        .unwrap();
    assert!(recorded);
    assert_eq!(
        store
            .learner_parameters(&UserId::new("a"))
            .await
            .unwrap()
            .unwrap()
            .in_use,
        Some(second)
    );
    // Reset: the defaults, and the reset is the last check.
    store
        .reset_parameters(&UserId::new("a"), Timestamp(50), 3_100)
        .await
        .unwrap();
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        Some(LearnerParameters {
            in_use: None,
            checked_at: Timestamp(50),
            checked_reviews: 3_100,
        })
    );
    // A reset of a learner never fitted records the check alone.
    store
        .reset_parameters(&UserId::new("b"), Timestamp(60), 0)
        .await
        .unwrap();
    assert_eq!(
        store
            .learner_parameters(&UserId::new("b"))
            .await
            .unwrap()
            .unwrap()
            .in_use,
        None
    );
}

/// A fit recorded after a reset or another fit saved since its log was
/// read changes nothing: the newer row stays, and the store says so.
#[tokio::test]
async fn a_stale_fit_does_not_overwrite_a_newer_reset_or_fit() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME))
        .await
        .unwrap();
    let first = fit(20, 1.01);
    assert!(
        store
            .record_fit(&UserId::new("a"), None, Timestamp(20), 2_345, Some(&first))
            .await
            .unwrap()
    );

    // A fit reads the row, then the learner resets before it is saved.
    let read = store.learner_parameters(&UserId::new("a")).await.unwrap();
    store
        .reset_parameters(&UserId::new("a"), Timestamp(30), 2_400)
        .await
        .unwrap();
    let reset = store.learner_parameters(&UserId::new("a")).await.unwrap();
    let stale = fit(40, 0.99);
    let recorded = store
        .record_fit(
            &UserId::new("a"),
            read.as_ref(),
            Timestamp(40),
            2_400,
            Some(&stale),
        )
        .await
        .unwrap();
    assert!(!recorded);
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        reset
    );
    // Nor may a stale fit that is not kept move the last check.
    let recorded = store
        .record_fit(&UserId::new("a"), read.as_ref(), Timestamp(40), 2_400, None)
        .await
        .unwrap();
    assert!(!recorded);
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        reset
    );

    // Two fits read the same row; the second to finish is not saved.
    let read = store.learner_parameters(&UserId::new("a")).await.unwrap();
    assert!(
        store
            .record_fit(
                &UserId::new("a"),
                read.as_ref(),
                Timestamp(50),
                2_500,
                Some(&first)
            )
            .await
            .unwrap()
    );
    let newer = store.learner_parameters(&UserId::new("a")).await.unwrap();
    assert!(
        !store
            .record_fit(
                &UserId::new("a"),
                read.as_ref(),
                Timestamp(51),
                2_500,
                Some(&stale)
            )
            .await
            .unwrap()
    );
    assert_eq!(
        store.learner_parameters(&UserId::new("a")).await.unwrap(),
        newer
    );

    // A first fit of a learner whose row appeared meanwhile: not saved.
    store
        .reset_parameters(&UserId::new("b"), Timestamp(60), 0)
        .await
        .unwrap();
    assert!(
        !store
            .record_fit(&UserId::new("b"), None, Timestamp(61), 2_500, Some(&stale))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .learner_parameters(&UserId::new("b"))
            .await
            .unwrap()
            .unwrap()
            .in_use,
        None
    );
}

/// A fit holding a NaN or an infinity is refused and nothing is written:
/// SQLite would keep a NaN as NULL and JSON as null.
#[tokio::test]
async fn a_fit_with_a_number_that_is_not_finite_is_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME))
        .await
        .unwrap();
    store
        .reset_parameters(&UserId::new("a"), Timestamp(10), 5)
        .await
        .unwrap();
    let before = store.learner_parameters(&UserId::new("a")).await.unwrap();
    for bad in [f32::NAN, f32::INFINITY] {
        let mut with_bad_parameter = fit(20, 1.01);
        with_bad_parameter.parameters[4] = bad;
        let mut with_bad_figure = fit(20, 1.01);
        with_bad_figure.fitted.log_loss = bad;
        for record in [with_bad_parameter, with_bad_figure] {
            let error = store
                .record_fit(
                    &UserId::new("a"),
                    before.as_ref(),
                    Timestamp(20),
                    2_345,
                    Some(&record),
                )
                .await
                .unwrap_err();
            assert!(
                matches!(error, iqrah_store::StoreError::NotFinite(_)),
                "{error}"
            );
            assert_eq!(
                store.learner_parameters(&UserId::new("a")).await.unwrap(),
                before
            );
        }
    }
}
