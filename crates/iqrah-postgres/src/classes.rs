//! [`ClassStore`] for [`PgStore`]: classes (`classes`, unique by join
//! code) and their members (`class_members`), migration 0003.
//!
//! Every lookup a teacher makes filters by `teacher_id`, so another
//! teacher's class is found as no class at all. These writes take no
//! learner lock (`learner_lock`): each touches one class's rows, and the
//! table's keys settle concurrent writers (two classes drawing one join
//! code, one learner joining twice).

use iqrah_core::time::Timestamp;
use iqrah_store::{ClassId, ClassRecord, ClassStore, Member, NewClass, StoreError, UserId};

use crate::error::db;
use crate::learner_lock::{commit, read_tx};
use crate::rows::{CLASS_COLUMNS, class, member};
use crate::store::PgStore;

/// The unique key of `classes.join_code` (named in migration 0003).
const JOIN_CODE_UNIQUE: &str = "classes_join_code_unique";

/// `classes` joined with its teacher's account, for [`CLASS_COLUMNS`].
const CLASSES_WITH_TEACHER: &str = "classes JOIN accounts ON accounts.user_id = classes.teacher_id";

impl ClassStore for PgStore {
    async fn create_class(&self, new: NewClass, now: Timestamp) -> Result<ClassRecord, StoreError> {
        let row = sqlx::query(&format!(
            "WITH made AS (
                 INSERT INTO classes (class_id, teacher_id, name, goal, join_code, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 RETURNING *
             )
             SELECT {CLASS_COLUMNS}
             FROM made AS classes JOIN accounts ON accounts.user_id = classes.teacher_id"
        ))
        .bind(new.id.as_str())
        .bind(new.teacher.as_str())
        .bind(&new.name)
        .bind(new.goal.as_deref())
        .bind(&new.join_code)
        .bind(now.millis())
        .fetch_one(&self.pool)
        .await
        .map_err(code_taken_or_db)?;
        class(&row)
    }

    async fn classes_taught(&self, teacher: &UserId) -> Result<Vec<ClassRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CLASS_COLUMNS} FROM {CLASSES_WITH_TEACHER}
             WHERE classes.teacher_id = $1
             ORDER BY classes.created_at DESC, classes.class_id"
        ))
        .bind(teacher.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?
        .iter()
        .map(class)
        .collect()
    }

    async fn class_taught(
        &self,
        teacher: &UserId,
        id: &ClassId,
    ) -> Result<Option<ClassRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CLASS_COLUMNS} FROM {CLASSES_WITH_TEACHER}
             WHERE classes.teacher_id = $1 AND classes.class_id = $2"
        ))
        .bind(teacher.as_str())
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .as_ref()
        .map(class)
        .transpose()
    }

    async fn members(
        &self,
        teacher: &UserId,
        id: &ClassId,
    ) -> Result<Option<Vec<Member>>, StoreError> {
        // One snapshot: the class is the teacher's, and these are its
        // members at that moment.
        let mut tx = read_tx(&self.pool).await?;
        let taught: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM classes WHERE teacher_id = $1 AND class_id = $2")
                .bind(teacher.as_str())
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        if taught.is_none() {
            return Ok(None);
        }
        let members = sqlx::query(
            "SELECT class_members.user_id, class_members.joined_at, accounts.username
             FROM class_members JOIN accounts ON accounts.user_id = class_members.user_id
             WHERE class_members.class_id = $1
             ORDER BY accounts.username",
        )
        .bind(id.as_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?
        .iter()
        .map(member)
        .collect::<Result<Vec<_>, _>>()?;
        commit(tx).await?;
        Ok(Some(members))
    }

    async fn delete_class(&self, teacher: &UserId, id: &ClassId) -> Result<bool, StoreError> {
        // The memberships go with it (ON DELETE CASCADE), in this statement.
        let deleted = sqlx::query("DELETE FROM classes WHERE teacher_id = $1 AND class_id = $2")
            .bind(teacher.as_str())
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn join_class(
        &self,
        learner: &UserId,
        join_code: &str,
        now: Timestamp,
    ) -> Result<Option<ClassRecord>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // FOR SHARE keeps the class from being deleted before the
        // membership's row refers to it.
        let found = sqlx::query(&format!(
            "SELECT {CLASS_COLUMNS} FROM {CLASSES_WITH_TEACHER}
             WHERE classes.join_code = $1
             FOR SHARE OF classes"
        ))
        .bind(join_code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = found else {
            return Ok(None);
        };
        let joined = class(&row)?;
        sqlx::query(
            "INSERT INTO class_members (class_id, user_id, joined_at) VALUES ($1, $2, $3)
             ON CONFLICT (class_id, user_id) DO NOTHING",
        )
        .bind(joined.id.as_str())
        .bind(learner.as_str())
        .bind(now.millis())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        commit(tx).await?;
        Ok(Some(joined))
    }

    async fn classes_joined(&self, learner: &UserId) -> Result<Vec<ClassRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CLASS_COLUMNS}
             FROM class_members JOIN {CLASSES_WITH_TEACHER}
                  ON classes.class_id = class_members.class_id
             WHERE class_members.user_id = $1
             ORDER BY classes.name, classes.class_id"
        ))
        .bind(learner.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?
        .iter()
        .map(class)
        .collect()
    }

    async fn leave_class(&self, learner: &UserId, id: &ClassId) -> Result<bool, StoreError> {
        let left = sqlx::query("DELETE FROM class_members WHERE user_id = $1 AND class_id = $2")
            .bind(learner.as_str())
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(left.rows_affected() > 0)
    }
}

/// A failed insert into `classes`: [`StoreError::JoinCodeTaken`] when it
/// broke the join code's unique key, else the backend's failure.
fn code_taken_or_db(error: sqlx::Error) -> StoreError {
    let taken = matches!(
        &error,
        sqlx::Error::Database(e) if e.is_unique_violation() && e.constraint() == Some(JOIN_CODE_UNIQUE)
    );
    if taken {
        StoreError::JoinCodeTaken
    } else {
        db(error)
    }
}
