//! The learner's review log (`review_log`): a row per review, read back as
//! counts and as the records the statistics and the fitting take.

use std::str::FromStr;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::stats::ReviewRecord;
use iqrah_core::time::Timestamp;
use iqrah_store::{StoreError, UserId};
use sqlx::SqliteConnection;

use crate::codec::to_json;
use crate::error::db;
use crate::store::SqliteStore;

/// One row of the review log to write.
pub(crate) struct LogRow<'a> {
    /// The item reviewed.
    pub(crate) item: ItemKey,
    /// The session item answered (`None` for a passage's later reviews).
    pub(crate) session_item_id: Option<i64>,
    /// The recited passage's session item, for each of its reviews.
    pub(crate) passage_item_id: Option<i64>,
    /// The grade.
    pub(crate) rating: Rating,
    /// When.
    pub(crate) reviewed_at: Timestamp,
    /// Days since the item's previous review.
    pub(crate) elapsed_days: f64,
    /// The answer time (or its share).
    pub(crate) duration_ms: i64,
    /// The state before (`None` for a first review).
    pub(crate) state_before: Option<&'a MemoryState>,
    /// The state after.
    pub(crate) state_after: &'a MemoryState,
}

/// Appends a review to the learner's log.
pub(crate) async fn insert_review(
    conn: &mut SqliteConnection,
    user: &UserId,
    row: &LogRow<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO review_log (user_id, item_key, session_item_id, passage_item_id, rating, reviewed_at,
           elapsed_days, duration_ms, state_before, state_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .bind(user.as_str())
    .bind(row.item.to_string())
    .bind(row.session_item_id)
    .bind(row.passage_item_id)
    .bind(row.rating.value())
    .bind(row.reviewed_at.millis())
    .bind(row.elapsed_days)
    .bind(row.duration_ms)
    .bind(row.state_before.map(to_json).transpose()?)
    .bind(to_json(row.state_after)?)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// How many reviews the learner's log holds.
pub(crate) async fn review_count(store: &SqliteStore, user: &UserId) -> Result<u64, StoreError> {
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM review_log WHERE user_id = ?1")
        .bind(user.as_str())
        .fetch_one(&store.pool)
        .await
        .map_err(db)?;
    u64::try_from(count).map_err(StoreError::corrupt)
}

/// The items of every skill the learner reviewed for the first time since
/// `since`, sorted.
pub(crate) async fn items_introduced(
    store: &SqliteStore,
    user: &UserId,
    since: Timestamp,
) -> Result<Vec<ItemKey>, StoreError> {
    // Walks only the rows since `since` (index review_log_by_user).
    let items: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT item_key FROM review_log \
         WHERE user_id = ?1 AND reviewed_at >= ?2 AND state_before IS NULL",
    )
    .bind(user.as_str())
    .bind(since.millis())
    .fetch_all(&store.pool)
    .await
    .map_err(db)?;
    item_keys(&items)
}

/// Item keys as stored, parsed and sorted.
fn item_keys(items: &[String]) -> Result<Vec<ItemKey>, StoreError> {
    let mut keys = items
        .iter()
        .map(|item| ItemKey::from_str(item).map_err(StoreError::corrupt))
        .collect::<Result<Vec<_>, _>>()?;
    keys.sort_unstable();
    Ok(keys)
}

/// Every review of the learner, oldest first.
pub(crate) async fn review_records(
    store: &SqliteStore,
    user: &UserId,
) -> Result<Vec<ReviewRecord>, StoreError> {
    // One row of text rather than a row per answer: see `states::load_states`.
    let text: Option<String> = sqlx::query_scalar(
        "SELECT group_concat(line, char(10)) FROM (
           SELECT concat_ws(' ', item_key, rating, reviewed_at, duration_ms,
                    coalesce(json_extract(state_before, '$.due'), '-')) AS line
           FROM review_log WHERE user_id = ?1 ORDER BY reviewed_at, id)",
    )
    .bind(user.as_str())
    .fetch_one(&store.pool)
    .await
    .map_err(db)?;
    text.as_deref().map_or(Ok(Vec::new()), |text| {
        text.split('\n').map(parse_review_line).collect()
    })
}

/// One line of [`review_records`]: `item_key rating reviewed_at duration_ms
/// due_before` (`-` for none).
fn parse_review_line(line: &str) -> Result<ReviewRecord, StoreError> {
    let corrupt = || {
        StoreError::corrupt(format!(
            "unreadable review {:?}",
            iqrah_quran::shorten(line)
        ))
    };
    let fields: Vec<&str> = line.split(' ').collect();
    let [item, rating, at, duration, due] = fields.as_slice() else {
        return Err(corrupt());
    };
    Ok(ReviewRecord {
        item: ItemKey::from_str(item).map_err(StoreError::corrupt)?,
        rating: rating
            .parse::<u8>()
            .ok()
            .and_then(|r| Rating::try_from(r).ok())
            .ok_or_else(corrupt)?,
        reviewed_at: Timestamp(at.parse().map_err(|_| corrupt())?),
        duration_ms: duration.parse().map_err(|_| corrupt())?,
        due_before: match *due {
            "-" => None,
            due => Some(Timestamp(due.parse().map_err(|_| corrupt())?)),
        },
    })
}
