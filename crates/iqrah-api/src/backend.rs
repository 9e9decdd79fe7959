//! The learner's database behind the API: one backend, chosen when Iqrah
//! is opened.

use std::collections::HashMap;

use iqrah_core::exercise::Answer;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::session::{IdempotencyKey, SessionError, SkipDecision, UndoDecision};
use iqrah_core::settings::Settings;
use iqrah_core::stats::ReviewRecord;
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::Timestamp;
use iqrah_postgres::PgStore;
use iqrah_sqlite::SqliteStore;
use iqrah_store::{
    CompletionContext, FitRecord, LearnerArchive, LearnerParameters, NewSession, PassageWrite,
    Placement, Recorded, SessionContext, SessionId, SessionRow, StoreError, StoredItem,
    SubmitWrite, UserId, UserStore,
};

/// The store an [`Iqrah`](crate::Iqrah) keeps its learners' data in. Every
/// call goes to the backend's [`UserStore`]; nothing else of it is
/// reachable through the API.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Backend {
    /// A SQLite file (`user.sqlite3` in the data directory by default).
    Sqlite(SqliteStore),
    /// A PostgreSQL database (a school's server).
    Postgres(PgStore),
}

/// Calls `$call` on the backend's store.
macro_rules! on_backend {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            Backend::Sqlite($store) => $call,
            Backend::Postgres($store) => $call,
        }
    };
}

impl Backend {
    /// Proves that the store accepts writes now (see
    /// [`SqliteStore::check_writable`] and [`PgStore::check_writable`]).
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        on_backend!(self, store => store.check_writable().await)
    }

    /// The store's accounts, on the backend that keeps them (PostgreSQL: a
    /// shared server); the local SQLite file has one learner and none.
    pub(crate) fn accounts(&self) -> Option<&PgStore> {
        match self {
            Backend::Postgres(store) => Some(store),
            Backend::Sqlite(_) => None,
        }
    }

    /// Closes the store's connections.
    pub async fn close(&self) {
        on_backend!(self, store => store.close().await)
    }
}

impl UserStore for Backend {
    async fn settings(&self, user: &UserId) -> Result<Settings, StoreError> {
        on_backend!(self, store => store.settings(user).await)
    }

    async fn save_settings(&self, user: &UserId, settings: &Settings) -> Result<(), StoreError> {
        on_backend!(self, store => store.save_settings(user, settings).await)
    }

    async fn update_settings<E: Send>(
        &self,
        user: &UserId,
        change: impl FnOnce(Settings) -> Result<Settings, E> + Send,
    ) -> Result<Result<Settings, E>, StoreError> {
        on_backend!(self, store => store.update_settings(user, change).await)
    }

    async fn place_states<E: Send>(
        &self,
        user: &UserId,
        decide: impl FnOnce(
            &Settings,
            &HashMap<ItemKey, MemoryState>,
        ) -> Result<(Placement, Settings), E>
        + Send,
    ) -> Result<Result<Placement, E>, StoreError> {
        on_backend!(self, store => store.place_states(user, decide).await)
    }

    async fn memory_states(
        &self,
        user: &UserId,
    ) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
        on_backend!(self, store => store.memory_states(user).await)
    }

    async fn review_records(&self, user: &UserId) -> Result<Vec<ReviewRecord>, StoreError> {
        on_backend!(self, store => store.review_records(user).await)
    }

    async fn look_alike_answers(&self, user: &UserId) -> Result<Vec<StoredItem>, StoreError> {
        on_backend!(self, store => store.look_alike_answers(user).await)
    }

    async fn review_count(&self, user: &UserId) -> Result<u64, StoreError> {
        on_backend!(self, store => store.review_count(user).await)
    }

    async fn items_introduced(
        &self,
        user: &UserId,
        since: Timestamp,
    ) -> Result<Vec<ItemKey>, StoreError> {
        on_backend!(self, store => store.items_introduced(user, since).await)
    }

    async fn learner_parameters(
        &self,
        user: &UserId,
    ) -> Result<Option<LearnerParameters>, StoreError> {
        on_backend!(self, store => store.learner_parameters(user).await)
    }

    async fn record_fit(
        &self,
        user: &UserId,
        read: Option<&LearnerParameters>,
        checked_at: Timestamp,
        checked_reviews: u64,
        kept: Option<&FitRecord>,
    ) -> Result<bool, StoreError> {
        on_backend!(self, store => store.record_fit(user, read, checked_at, checked_reviews, kept).await)
    }

    async fn reset_parameters(
        &self,
        user: &UserId,
        at: Timestamp,
        reviews: u64,
    ) -> Result<(), StoreError> {
        on_backend!(self, store => store.reset_parameters(user, at, reviews).await)
    }

    async fn active_session_for_goal(
        &self,
        user: &UserId,
        goal_id: &str,
    ) -> Result<Option<SessionRow>, StoreError> {
        on_backend!(self, store => store.active_session_for_goal(user, goal_id).await)
    }

    async fn active_session(&self, user: &UserId) -> Result<Option<SessionRow>, StoreError> {
        on_backend!(self, store => store.active_session(user).await)
    }

    async fn create_session(
        &self,
        user: &UserId,
        goal_id: &str,
        started_at: Timestamp,
        session: NewSession,
    ) -> Result<(SessionRow, bool), StoreError> {
        on_backend!(self, store => store.create_session(user, goal_id, started_at, session).await)
    }

    async fn session(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Option<SessionRow>, StoreError> {
        on_backend!(self, store => store.session(user, session).await)
    }

    async fn sessions(&self, user: &UserId, limit: u32) -> Result<Vec<SessionRow>, StoreError> {
        on_backend!(self, store => store.sessions(user, limit).await)
    }

    async fn session_items(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Vec<StoredItem>, StoreError> {
        on_backend!(self, store => store.session_items(user, session).await)
    }

    async fn current_item(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Option<StoredItem>, StoreError> {
        on_backend!(self, store => store.current_item(user, session).await)
    }

    async fn session_view(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<SessionContext, StoreError> {
        on_backend!(self, store => store.session_view(user, session).await)
    }

    async fn skip(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<SkipDecision, SessionError> + Send,
    ) -> Result<i64, StoreError> {
        on_backend!(self, store => store.skip(user, session, decide).await)
    }

    async fn record_check<T: Send>(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<(Answer, Option<bool>, T), SessionError> + Send,
    ) -> Result<T, StoreError> {
        on_backend!(self, store => store.record_check(user, session, decide).await)
    }

    async fn submit(
        &self,
        user: &UserId,
        session: &SessionId,
        idempotency_key: Option<&IdempotencyKey>,
        decide: impl FnOnce(&SessionContext) -> Result<SubmitWrite, SessionError> + Send,
    ) -> Result<Recorded, StoreError> {
        on_backend!(self, store => store.submit(user, session, idempotency_key, decide).await)
    }

    async fn submit_passage(
        &self,
        user: &UserId,
        session: &SessionId,
        idempotency_key: Option<&IdempotencyKey>,
        decide: impl FnOnce(
            &SessionContext,
            &HashMap<ItemKey, MemoryState>,
        ) -> Result<PassageWrite, SessionError>
        + Send,
    ) -> Result<Recorded, StoreError> {
        on_backend!(self, store => store.submit_passage(user, session, idempotency_key, decide).await)
    }

    async fn undo(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<UndoDecision, SessionError> + Send,
    ) -> Result<i64, StoreError> {
        on_backend!(self, store => store.undo(user, session, decide).await)
    }

    async fn complete(
        &self,
        user: &UserId,
        session: &SessionId,
        completed_at: Timestamp,
        summarize: impl FnOnce(&CompletionContext) -> SessionSummary + Send,
    ) -> Result<SessionSummary, StoreError> {
        on_backend!(self, store => store.complete(user, session, completed_at, summarize).await)
    }

    async fn abandon(
        &self,
        user: &UserId,
        session: &SessionId,
        at: Timestamp,
    ) -> Result<SessionRow, StoreError> {
        on_backend!(self, store => store.abandon(user, session, at).await)
    }

    async fn export_learner(&self, user: &UserId) -> Result<LearnerArchive, StoreError> {
        on_backend!(self, store => store.export_learner(user).await)
    }

    async fn import_learner(
        &self,
        user: &UserId,
        archive: &LearnerArchive,
    ) -> Result<(), StoreError> {
        on_backend!(self, store => store.import_learner(user, archive).await)
    }
}
