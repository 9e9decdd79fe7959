//! The learner's fitted FSRS parameters and the record of the last check
//! (`learner_parameters`).

use iqrah_core::fitting::Evaluation;
use iqrah_core::time::Timestamp;
use iqrah_store::{FitRecord, LearnerParameters, StoreError, UserId};
use sqlx::Row;
use sqlx::SqliteConnection;
use sqlx::sqlite::{SqliteExecutor, SqliteRow};

use crate::codec::{count_to_sql, from_json, to_json};
use crate::error::db;
use crate::store::SqliteStore;

const PARAMETER_COLUMNS: &str = "parameters, fitted_at, reviews, training_reviews, default_log_loss, \
                                 default_rmse_bins, fitted_log_loss, fitted_rmse_bins, checked_at, checked_reviews";

/// The learner's parameters record, if a check ever ran.
pub(crate) async fn learner_parameters(
    store: &SqliteStore,
    user: &UserId,
) -> Result<Option<LearnerParameters>, StoreError> {
    read(&store.pool, user).await
}

/// Records a check (with the fit kept, if any) unless the record changed
/// since `read`; returns whether it was recorded.
pub(crate) async fn record_fit(
    store: &SqliteStore,
    user: &UserId,
    read_before: Option<&LearnerParameters>,
    checked_at: Timestamp,
    checked_reviews: u64,
    kept: Option<&FitRecord>,
) -> Result<bool, StoreError> {
    if let Some(fit) = kept {
        check_finite(fit)?;
    }
    let mut tx = store.write_tx().await?;
    if read(&mut *tx, user).await?.as_ref() != read_before {
        // Dropping the transaction rolls it back: nothing was written.
        return Ok(false);
    }
    match kept {
        Some(fit) => write_fit(&mut tx, user, fit, checked_at, checked_reviews).await?,
        None => {
            sqlx::query(
                "INSERT INTO learner_parameters (user_id, checked_at, checked_reviews) VALUES (?1, ?2, ?3)
                 ON CONFLICT (user_id) DO UPDATE SET
                   checked_at = excluded.checked_at, checked_reviews = excluded.checked_reviews",
            )
            .bind(user.as_str())
            .bind(checked_at.millis())
            .bind(count_to_sql(checked_reviews))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Forgets the fitted parameters (back to the defaults), recording a check
/// at `at` over `reviews` reviews.
pub(crate) async fn reset_parameters(
    store: &SqliteStore,
    user: &UserId,
    at: Timestamp,
    reviews: u64,
) -> Result<(), StoreError> {
    let mut tx = store.write_tx().await?;
    write_reset(&mut tx, user, at, reviews).await?;
    tx.commit().await
}

/// Writes `fit` as the parameters in use, with a check at `checked_at`
/// over `checked_reviews` reviews, replacing any record before.
pub(crate) async fn write_fit(
    conn: &mut SqliteConnection,
    user: &UserId,
    fit: &FitRecord,
    checked_at: Timestamp,
    checked_reviews: u64,
) -> Result<(), StoreError> {
    check_finite(fit)?;
    sqlx::query(&format!(
        "INSERT INTO learner_parameters (user_id, {PARAMETER_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (user_id) DO UPDATE SET
           parameters = excluded.parameters, fitted_at = excluded.fitted_at,
           reviews = excluded.reviews, training_reviews = excluded.training_reviews,
           default_log_loss = excluded.default_log_loss, default_rmse_bins = excluded.default_rmse_bins,
           fitted_log_loss = excluded.fitted_log_loss, fitted_rmse_bins = excluded.fitted_rmse_bins,
           checked_at = excluded.checked_at, checked_reviews = excluded.checked_reviews"
    ))
    .bind(user.as_str())
    .bind(to_json(&fit.parameters)?)
    .bind(fit.fitted_at.millis())
    .bind(count_to_sql(fit.reviews))
    .bind(count_to_sql(fit.training_reviews))
    .bind(f64::from(fit.default.log_loss))
    .bind(f64::from(fit.default.rmse_bins))
    .bind(f64::from(fit.fitted.log_loss))
    .bind(f64::from(fit.fitted.rmse_bins))
    .bind(checked_at.millis())
    .bind(count_to_sql(checked_reviews))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Writes the defaults as the parameters in use, with a check at `at` over
/// `reviews` reviews, replacing any record before.
pub(crate) async fn write_reset(
    conn: &mut SqliteConnection,
    user: &UserId,
    at: Timestamp,
    reviews: u64,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO learner_parameters (user_id, {PARAMETER_COLUMNS})
         VALUES (?1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?2, ?3)
         ON CONFLICT (user_id) DO UPDATE SET
           parameters = NULL, fitted_at = NULL, reviews = NULL, training_reviews = NULL,
           default_log_loss = NULL, default_rmse_bins = NULL, fitted_log_loss = NULL, fitted_rmse_bins = NULL,
           checked_at = excluded.checked_at, checked_reviews = excluded.checked_reviews"
    ))
    .bind(user.as_str())
    .bind(at.millis())
    .bind(count_to_sql(reviews))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub(crate) async fn read(
    conn: impl SqliteExecutor<'_>,
    user: &UserId,
) -> Result<Option<LearnerParameters>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {PARAMETER_COLUMNS} FROM learner_parameters WHERE user_id = ?1"
    ))
    .bind(user.as_str())
    .fetch_optional(conn)
    .await
    .map_err(db)?;
    row.as_ref().map(parameters_row).transpose()
}

/// A row with [`PARAMETER_COLUMNS`].
fn parameters_row(row: &SqliteRow) -> Result<LearnerParameters, StoreError> {
    let count = |name: &str| -> Result<u64, StoreError> {
        let value: i64 = row.try_get(name).map_err(db)?;
        u64::try_from(value).map_err(StoreError::corrupt)
    };
    let in_use = match row.try_get::<Option<String>, _>("parameters").map_err(db)? {
        None => None,
        Some(json) => {
            let real = |name: &str| -> Result<f32, StoreError> {
                let value: f64 = row.try_get(name).map_err(db)?;
                Ok(value as f32)
            };
            Some(FitRecord {
                fitted_at: Timestamp(row.try_get("fitted_at").map_err(db)?),
                parameters: from_json(&json)?,
                default: Evaluation {
                    log_loss: real("default_log_loss")?,
                    rmse_bins: real("default_rmse_bins")?,
                },
                fitted: Evaluation {
                    log_loss: real("fitted_log_loss")?,
                    rmse_bins: real("fitted_rmse_bins")?,
                },
                reviews: count("reviews")?,
                training_reviews: count("training_reviews")?,
            })
        }
    };
    Ok(LearnerParameters {
        in_use,
        checked_at: Timestamp(row.try_get("checked_at").map_err(db)?),
        checked_reviews: count("checked_reviews")?,
    })
}

/// Refuses a fit holding a NaN or an infinity, which would not read back.
fn check_finite(fit: &FitRecord) -> Result<(), StoreError> {
    if !fit.parameters.iter().all(|w| w.is_finite()) {
        return Err(StoreError::NotFinite("parameters"));
    }
    let figures = [
        fit.default.log_loss,
        fit.default.rmse_bins,
        fit.fitted.log_loss,
        fit.fitted.rmse_bins,
    ];
    if !figures.iter().all(|v| v.is_finite()) {
        return Err(StoreError::NotFinite("log loss or RMSE"));
    }
    Ok(())
}
