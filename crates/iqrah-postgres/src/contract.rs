//! [`UserStore`] for [`PgStore`]: each call handed to the module of
//! its job.

use std::collections::HashMap;

use iqrah_core::exercise::Answer;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::session::{IdempotencyKey, SessionError, SkipDecision, UndoDecision};
use iqrah_core::settings::Settings;
use iqrah_core::stats::ReviewRecord;
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::Timestamp;
use iqrah_store::{
    CompletionContext, FitRecord, LearnerArchive, LearnerParameters, NewSession, PassageWrite,
    Placement, Recorded, SessionContext, SessionId, SessionRow, StoreError, StoredItem,
    SubmitWrite, UserId, UserStore,
};

use crate::store::PgStore;
use crate::{
    answers, archive, completion, context, parameters, passage, placement, reviews, sessions,
    settings, states, undo,
};

impl UserStore for PgStore {
    async fn look_alike_answers(&self, user: &UserId) -> Result<Vec<StoredItem>, StoreError> {
        crate::look_alike_answers::look_alike_answers(self, user).await
    }

    async fn review_count(&self, user: &UserId) -> Result<u64, StoreError> {
        reviews::review_count(self, user).await
    }

    async fn items_introduced(
        &self,
        user: &UserId,
        since: Timestamp,
    ) -> Result<Vec<ItemKey>, StoreError> {
        reviews::items_introduced(self, user, since).await
    }

    async fn review_records(&self, user: &UserId) -> Result<Vec<ReviewRecord>, StoreError> {
        reviews::review_records(self, user).await
    }

    async fn learner_parameters(
        &self,
        user: &UserId,
    ) -> Result<Option<LearnerParameters>, StoreError> {
        parameters::learner_parameters(self, user).await
    }

    async fn record_fit(
        &self,
        user: &UserId,
        read: Option<&LearnerParameters>,
        checked_at: Timestamp,
        checked_reviews: u64,
        kept: Option<&FitRecord>,
    ) -> Result<bool, StoreError> {
        parameters::record_fit(self, user, read, checked_at, checked_reviews, kept).await
    }

    async fn reset_parameters(
        &self,
        user: &UserId,
        at: Timestamp,
        reviews: u64,
    ) -> Result<(), StoreError> {
        parameters::reset_parameters(self, user, at, reviews).await
    }

    async fn settings(&self, user: &UserId) -> Result<Settings, StoreError> {
        settings::settings(self, user).await
    }

    async fn save_settings(&self, user: &UserId, settings: &Settings) -> Result<(), StoreError> {
        settings::save_settings(self, user, settings).await
    }

    async fn update_settings<E: Send>(
        &self,
        user: &UserId,
        change: impl FnOnce(Settings) -> Result<Settings, E> + Send,
    ) -> Result<Result<Settings, E>, StoreError> {
        settings::update_settings(self, user, change).await
    }

    async fn memory_states(
        &self,
        user: &UserId,
    ) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
        states::memory_states(self, user).await
    }

    async fn active_session_for_goal(
        &self,
        user: &UserId,
        goal_id: &str,
    ) -> Result<Option<SessionRow>, StoreError> {
        sessions::active_session_for_goal(self, user, goal_id).await
    }

    async fn active_session(&self, user: &UserId) -> Result<Option<SessionRow>, StoreError> {
        sessions::active_session(self, user).await
    }

    async fn create_session(
        &self,
        user: &UserId,
        goal_id: &str,
        started_at: Timestamp,
        session: NewSession,
    ) -> Result<(SessionRow, bool), StoreError> {
        sessions::create_session(self, user, goal_id, started_at, session).await
    }

    async fn session(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Option<SessionRow>, StoreError> {
        sessions::session(self, user, session).await
    }

    async fn sessions(&self, user: &UserId, limit: u32) -> Result<Vec<SessionRow>, StoreError> {
        sessions::sessions(self, user, limit).await
    }

    async fn session_items(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Vec<StoredItem>, StoreError> {
        sessions::session_items(self, user, session).await
    }

    async fn current_item(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Option<StoredItem>, StoreError> {
        sessions::current_item(self, user, session).await
    }

    async fn session_view(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<SessionContext, StoreError> {
        context::session_view(self, user, session).await
    }

    async fn skip(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<SkipDecision, SessionError> + Send,
    ) -> Result<i64, StoreError> {
        answers::skip(self, user, session, decide).await
    }

    async fn record_check<T: Send>(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<(Answer, Option<bool>, T), SessionError> + Send,
    ) -> Result<T, StoreError> {
        answers::record_check(self, user, session, decide).await
    }

    async fn submit(
        &self,
        user: &UserId,
        session: &SessionId,
        idempotency_key: Option<&IdempotencyKey>,
        decide: impl FnOnce(&SessionContext) -> Result<SubmitWrite, SessionError> + Send,
    ) -> Result<Recorded, StoreError> {
        answers::submit(self, user, session, idempotency_key, decide).await
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
        passage::submit_passage(self, user, session, idempotency_key, decide).await
    }

    async fn undo(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<UndoDecision, SessionError> + Send,
    ) -> Result<i64, StoreError> {
        undo::undo(self, user, session, decide).await
    }

    async fn complete(
        &self,
        user: &UserId,
        session: &SessionId,
        completed_at: Timestamp,
        summarize: impl FnOnce(&CompletionContext) -> SessionSummary + Send,
    ) -> Result<SessionSummary, StoreError> {
        completion::complete(self, user, session, completed_at, summarize).await
    }

    async fn abandon(
        &self,
        user: &UserId,
        session: &SessionId,
        at: Timestamp,
    ) -> Result<SessionRow, StoreError> {
        completion::abandon(self, user, session, at).await
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
        placement::place_states(self, user, decide).await
    }

    async fn export_learner(&self, user: &UserId) -> Result<LearnerArchive, StoreError> {
        archive::export_learner(self, user).await
    }

    async fn import_learner(
        &self,
        user: &UserId,
        learner: &LearnerArchive,
    ) -> Result<(), StoreError> {
        archive::import_learner(self, user, learner).await
    }
}
