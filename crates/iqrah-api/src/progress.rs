//! What a learner can see of their progress: statistics from the review
//! log, session history with summaries, and settings.

use std::str::FromStr;

use iqrah_core::goal::Goal;
use iqrah_core::settings::{SettingError, Settings};
use iqrah_core::stats::{Stats, compute};
use iqrah_core::summary::SessionSummary;
use iqrah_storage::UserStore;
use serde::{Deserialize, Serialize};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::session::{MAX_LIST_LIMIT, check_user};
use crate::session_dto::SessionDto;

/// A past session with its summary (`None` while active or if abandoned).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionHistoryDto {
    /// The session.
    pub session: SessionDto,
    /// Its summary, once completed.
    pub summary: Option<SessionSummary>,
}

impl Iqrah {
    /// The learner's figures, for everything or for one goal (`surah:2`,
    /// `juz:30`, …), computed from the review log and memory states at now.
    pub async fn stats(&self, user_id: String, goal: Option<String>) -> Result<Stats, ApiError> {
        check_user(&user_id)?;
        let goal = goal.map(|g| Goal::from_str(&g)).transpose()?;
        let store = self.store().await?;
        let settings = store.settings(&user_id).await?;
        let states = store.memory_states(&user_id).await?;
        let reviews = store.review_records(&user_id).await?;
        let offset = settings.day_start_offset_ms();
        Ok(compute(
            goal.as_ref(),
            &states,
            &reviews,
            &self.scheduler,
            settings.desired_retention,
            offset,
            self.now(),
        ))
    }

    /// The learner's sessions, newest first, with their summaries.
    pub async fn history(
        &self,
        user_id: String,
        limit: u32,
    ) -> Result<Vec<SessionHistoryDto>, ApiError> {
        check_user(&user_id)?;
        let store = self.store().await?;
        let rows = store.sessions(&user_id, limit.min(MAX_LIST_LIMIT)).await?;
        Ok(rows
            .iter()
            .map(|row| SessionHistoryDto {
                session: SessionDto::from(row),
                summary: row.summary.clone(),
            })
            .collect())
    }

    /// The learner's settings.
    pub async fn settings(&self, user_id: String) -> Result<Settings, ApiError> {
        check_user(&user_id)?;
        Ok(self.store().await?.settings(&user_id).await?)
    }

    /// Changes one setting by name (`desired_retention 0.85`) and returns
    /// all of them; a refused change changes nothing. Takes effect from the
    /// next session.
    pub async fn update_setting(
        &self,
        user_id: String,
        key: String,
        value: String,
    ) -> Result<Settings, ApiError> {
        check_user(&user_id)?;
        let store = self.store().await?;
        let mut settings = store.settings(&user_id).await?;
        settings.set(&key, &value)?;
        self.save_checked(&user_id, settings).await
    }

    /// Replaces all the learner's settings, after validating them; returns them.
    pub async fn save_settings(
        &self,
        user_id: String,
        settings: Settings,
    ) -> Result<Settings, ApiError> {
        check_user(&user_id)?;
        settings.validate().map_err(|e| SettingError::Invalid {
            key: "settings".to_owned(),
            reason: e.to_string(),
        })?;
        self.save_checked(&user_id, settings).await
    }

    /// Saves settings whose translation exists in the content.
    async fn save_checked(&self, user_id: &str, settings: Settings) -> Result<Settings, ApiError> {
        self.content
            .translation(&settings.translation_language)
            .await
            .map_err(|e| SettingError::Invalid {
                key: "translation_language".to_owned(),
                reason: e.to_string(),
            })?;
        self.store()
            .await?
            .save_settings(user_id, &settings)
            .await?;
        Ok(settings)
    }
}
