//! The learner's review log (`review_log`): a row per review, read back as
//! counts and as the records the statistics and the fitting take.

use std::str::FromStr;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::stats::ReviewRecord;
use iqrah_core::time::Timestamp;
use iqrah_store::{StoreError, UserId};
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, Postgres, Row};

use crate::codec::{count_from_sql, to_json};
use crate::error::db;
use crate::store::PgStore;

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

/// Appends reviews to the learner's log, in one statement.
pub(crate) async fn insert_reviews(
    conn: &mut PgConnection,
    user: &UserId,
    rows: &[LogRow<'_>],
) -> Result<(), StoreError> {
    let insert = insert_reviews_sql(2, None);
    bind_reviews(sqlx::query(&insert).bind(user.as_str()), rows)?
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// The statement that appends the reviews bound by [`bind_reviews`] as
/// the parameters from `$first` on to the learner's (`$1`) log, in order;
/// with `gate`, only when the relation of that name (a `WITH` query before
/// it) has a row.
pub(crate) fn insert_reviews_sql(first: usize, gate: Option<&str>) -> String {
    let [
        item,
        session_item,
        passage,
        rating,
        at,
        elapsed,
        duration,
        before,
        after,
    ] = std::array::from_fn(|n| first + n);
    let gate = gate.map(|g| format!("{g}, ")).unwrap_or_default();
    format!(
        "INSERT INTO review_log (user_id, item_key, session_item_id, passage_item_id, rating, reviewed_at,
           elapsed_days, duration_ms, state_before, state_after)
         SELECT $1, r.item_key, r.session_item_id, r.passage_item_id, r.rating, r.reviewed_at,
           r.elapsed_days, r.duration_ms, r.state_before::jsonb, r.state_after::jsonb
         FROM {gate}UNNEST(${item}::text[], ${session_item}::bigint[], ${passage}::bigint[],
                     ${rating}::smallint[], ${at}::bigint[], ${elapsed}::float8[], ${duration}::bigint[],
                     ${before}::text[], ${after}::text[]) WITH ORDINALITY
           AS r(item_key, session_item_id, passage_item_id, rating, reviewed_at, elapsed_days,
                duration_ms, state_before, state_after, n)
         ORDER BY r.n"
    )
}

/// Binds `rows` to `query`, as the parameters [`insert_reviews_sql`] reads.
pub(crate) fn bind_reviews<'q>(
    query: Query<'q, Postgres, PgArguments>,
    rows: &[LogRow<'_>],
) -> Result<Query<'q, Postgres, PgArguments>, StoreError> {
    let mut items = Vec::with_capacity(rows.len());
    let mut session_items = Vec::with_capacity(rows.len());
    let mut passages = Vec::with_capacity(rows.len());
    let mut ratings = Vec::with_capacity(rows.len());
    let mut times = Vec::with_capacity(rows.len());
    let mut elapsed = Vec::with_capacity(rows.len());
    let mut durations = Vec::with_capacity(rows.len());
    let mut befores = Vec::with_capacity(rows.len());
    let mut afters = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(row.item.to_string());
        session_items.push(row.session_item_id);
        passages.push(row.passage_item_id);
        ratings.push(i16::from(row.rating.value()));
        times.push(row.reviewed_at.millis());
        elapsed.push(row.elapsed_days);
        durations.push(row.duration_ms);
        befores.push(row.state_before.map(to_json).transpose()?);
        afters.push(to_json(row.state_after)?);
    }
    Ok(query
        .bind(items)
        .bind(session_items)
        .bind(passages)
        .bind(ratings)
        .bind(times)
        .bind(elapsed)
        .bind(durations)
        .bind(befores)
        .bind(afters))
}

/// How many reviews the learner's log holds.
pub(crate) async fn review_count(store: &PgStore, user: &UserId) -> Result<u64, StoreError> {
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM review_log WHERE user_id = $1")
        .bind(user.as_str())
        .fetch_one(&store.pool)
        .await
        .map_err(db)?;
    count_from_sql(count)
}

/// The items of every skill the learner reviewed for the first time since
/// `since`, sorted.
pub(crate) async fn items_introduced(
    store: &PgStore,
    user: &UserId,
    since: Timestamp,
) -> Result<Vec<ItemKey>, StoreError> {
    // Walks only the rows since `since` (index review_log_by_time).
    let items: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT item_key FROM review_log
         WHERE user_id = $1 AND reviewed_at >= $2 AND state_before IS NULL",
    )
    .bind(user.as_str())
    .bind(since.millis())
    .fetch_all(&store.pool)
    .await
    .map_err(db)?;
    let mut keys = items
        .iter()
        .map(|item| ItemKey::from_str(item).map_err(StoreError::corrupt))
        .collect::<Result<Vec<_>, _>>()?;
    keys.sort_unstable();
    Ok(keys)
}

/// Every review of the learner, oldest first.
pub(crate) async fn review_records(
    store: &PgStore,
    user: &UserId,
) -> Result<Vec<ReviewRecord>, StoreError> {
    sqlx::query(
        "SELECT item_key, rating, reviewed_at, duration_ms, (state_before ->> 'due')::bigint AS due_before
         FROM review_log WHERE user_id = $1 ORDER BY reviewed_at, id",
    )
    .bind(user.as_str())
    .fetch_all(&store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| {
        let item: String = row.try_get("item_key").map_err(db)?;
        let rating: i16 = row.try_get("rating").map_err(db)?;
        Ok(ReviewRecord {
            item: ItemKey::from_str(&item).map_err(StoreError::corrupt)?,
            rating: u8::try_from(rating)
                .map_err(StoreError::corrupt)
                .and_then(|r| Rating::try_from(r).map_err(StoreError::corrupt))?,
            reviewed_at: Timestamp(row.try_get("reviewed_at").map_err(db)?),
            duration_ms: count_from_sql(row.try_get::<i64, _>("duration_ms").map_err(db)?)?,
            due_before: row
                .try_get::<Option<i64>, _>("due_before")
                .map_err(db)?
                .map(Timestamp),
        })
    })
    .collect()
}
