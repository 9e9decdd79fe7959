//! The answers that bear on confusions of look-alike verses.

use iqrah_core::exercise::ExerciseType;
use iqrah_store::{StoreError, StoredItem, UserId};

use crate::error::db;
use crate::rows::{ITEM_COLUMNS, stored_item};
use crate::store::PgStore;

/// The learner's answered drills and wrongly typed verses, in the order
/// they were answered (see `UserStore::look_alike_answers`).
pub(crate) async fn look_alike_answers(
    store: &PgStore,
    user: &UserId,
) -> Result<Vec<StoredItem>, StoreError> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM session_items
         WHERE user_id = $1
           AND status = 'answered' AND skill = 'memorization' AND answer IS NOT NULL
           AND (exercise_type IN ($2, $3) OR (exercise_type = $4 AND NOT correct))
         ORDER BY answered_at, answered_seq, id"
    );
    sqlx::query(&sql)
        .bind(user.as_str())
        .bind(ExerciseType::WhichContinuation.as_str())
        .bind(ExerciseType::WhichSurah.as_str())
        .bind(ExerciseType::TypeVerse.as_str())
        .fetch_all(&store.pool)
        .await
        .map_err(db)?
        .iter()
        .map(stored_item)
        .collect()
}
