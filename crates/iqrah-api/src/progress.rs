//! What a learner can see of their progress: statistics from the review
//! log, session history with summaries, and settings.

use std::collections::HashMap;
use std::str::FromStr;

use iqrah_core::goal::Goal;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::settings::{SettingError, Settings};
use iqrah_core::stats::{Stats, compute};
use iqrah_core::summary::SessionSummary;
use iqrah_store::{UserId, UserStore};
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

/// The learner's settings and the memory states of the skills they
/// practise ([`Settings::retain_practised`]): what a session plans from
/// and every count of their progress reads.
pub(crate) async fn practised_states(
    store: &impl UserStore,
    user: &UserId,
) -> Result<(Settings, HashMap<ItemKey, MemoryState>), ApiError> {
    let settings = store.settings(user).await?;
    let mut states = store.memory_states(user).await?;
    settings.retain_practised(&mut states);
    Ok((settings, states))
}

impl Iqrah {
    /// The learner's figures, for everything or for one goal (`surah:2`,
    /// `juz:30`, …), computed from the review log and memory states at now.
    pub async fn stats(&self, user: &UserId, goal: Option<String>) -> Result<Stats, ApiError> {
        check_user(user)?;
        let goal = goal.map(|g| Goal::from_str(&g)).transpose()?;
        let store = self.store().await?;
        let (settings, states) = practised_states(store, user).await?;
        let reviews = store.review_records(user).await?;
        let offset = settings.day_start_offset_ms();
        let scheduler = self.learner_scheduler(user, &settings).await?;
        Ok(compute(
            goal.as_ref(),
            &states,
            &reviews,
            &scheduler,
            settings.desired_retention,
            offset,
            self.now(),
        ))
    }

    /// The learner's sessions, newest first, with their summaries.
    pub async fn history(
        &self,
        user: &UserId,
        limit: u32,
    ) -> Result<Vec<SessionHistoryDto>, ApiError> {
        check_user(user)?;
        let store = self.store().await?;
        let rows = store.sessions(user, limit.min(MAX_LIST_LIMIT)).await?;
        Ok(rows
            .iter()
            .map(|row| SessionHistoryDto {
                session: SessionDto::from(row),
                summary: row.summary.clone(),
            })
            .collect())
    }

    /// The learner's settings.
    pub async fn settings(&self, user: &UserId) -> Result<Settings, ApiError> {
        check_user(user)?;
        Ok(self.store().await?.settings(user).await?)
    }

    /// Changes one setting by name (`desired_retention 0.85`) and returns
    /// all of them; a refused change changes nothing. Takes effect from the
    /// next session.
    pub async fn update_setting(
        &self,
        user: &UserId,
        key: String,
        value: String,
    ) -> Result<Settings, ApiError> {
        check_user(user)?;
        let store = self.store().await?;
        let mut settings = store.settings(user).await?;
        settings.set(&key, &value)?;
        self.save_checked(user, settings).await
    }

    /// Replaces all the learner's settings, after validating them; returns them.
    pub async fn save_settings(
        &self,
        user: &UserId,
        settings: Settings,
    ) -> Result<Settings, ApiError> {
        check_user(user)?;
        settings.validate().map_err(|e| SettingError::Invalid {
            key: "settings".to_owned(),
            reason: e.to_string(),
        })?;
        self.save_checked(user, settings).await
    }

    /// Changes the settings `patch` names, keeping the others, in one
    /// transaction; the result is validated as a whole (nothing changes if
    /// it is refused) and returned.
    pub async fn patch_settings(
        &self,
        user: &UserId,
        patch: SettingsPatch,
    ) -> Result<Settings, ApiError> {
        check_user(user)?;
        if let Some(language) = &patch.translation_language {
            self.content
                .translation(language)
                .await
                .map_err(|e| SettingError::Invalid {
                    key: "translation_language".to_owned(),
                    reason: e.to_string(),
                })?;
        }
        let saved = self
            .store()
            .await?
            .update_settings(user, |current| {
                let next = patch.apply(current);
                next.validate()
                    .map_err(|e| SettingError::Invalid {
                        key: "settings".to_owned(),
                        reason: e.to_string(),
                    })
                    .map(|()| next)
            })
            .await?;
        Ok(saved?)
    }

    /// Saves settings whose translation exists in the content.
    async fn save_checked(&self, user: &UserId, settings: Settings) -> Result<Settings, ApiError> {
        self.content
            .translation(&settings.translation_language)
            .await
            .map_err(|e| SettingError::Invalid {
                key: "translation_language".to_owned(),
                reason: e.to_string(),
            })?;
        // Whether placement was offered is the app's record: saving the
        // learner's settings keeps it.
        let saved = self
            .store()
            .await?
            .update_settings(user, |current| {
                Ok::<_, std::convert::Infallible>(Settings {
                    placement_offered: current.placement_offered,
                    ..settings
                })
            })
            .await?;
        match saved {
            Ok(saved) => Ok(saved),
            Err(never) => match never {},
        }
    }
}

/// Some settings to change, the others kept (`None`): the fields of
/// [`Settings`], each optional.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    /// See [`Settings::desired_retention`].
    pub desired_retention: Option<f32>,
    /// See [`Settings::session_size`].
    pub session_size: Option<usize>,
    /// See [`Settings::new_verses_per_session`].
    pub new_verses_per_session: Option<usize>,
    /// See [`Settings::new_verses_per_day`].
    pub new_verses_per_day: Option<usize>,
    /// See [`Settings::new_pages_per_day`].
    pub new_pages_per_day: Option<u16>,
    /// See [`Settings::favour_prayer_surahs`].
    pub favour_prayer_surahs: Option<bool>,
    /// See [`Settings::practise_meaning`].
    pub practise_meaning: Option<bool>,
    /// See [`Settings::day_start_hour`].
    pub day_start_hour: Option<u8>,
    /// See [`Settings::utc_offset_minutes`].
    pub utc_offset_minutes: Option<i16>,
    /// See [`Settings::translation_language`].
    pub translation_language: Option<String>,
    /// See [`Settings::theme`].
    pub theme: Option<iqrah_core::settings::Theme>,
    /// See [`Settings::reading_size`].
    pub reading_size: Option<u16>,
}

impl SettingsPatch {
    /// `settings` with the named fields replaced (not validated).
    pub fn apply(&self, mut settings: Settings) -> Settings {
        let SettingsPatch {
            desired_retention,
            session_size,
            new_verses_per_session,
            new_verses_per_day,
            new_pages_per_day,
            favour_prayer_surahs,
            practise_meaning,
            day_start_hour,
            utc_offset_minutes,
            translation_language,
            theme,
            reading_size,
        } = self.clone();
        if let Some(v) = desired_retention {
            settings.desired_retention = v;
        }
        if let Some(v) = session_size {
            settings.session_size = v;
        }
        if let Some(v) = new_verses_per_session {
            settings.new_verses_per_session = v;
        }
        if let Some(v) = new_verses_per_day {
            settings.new_verses_per_day = v;
        }
        if let Some(v) = new_pages_per_day {
            settings.new_pages_per_day = v;
        }
        if let Some(v) = favour_prayer_surahs {
            settings.favour_prayer_surahs = v;
        }
        if let Some(v) = practise_meaning {
            settings.practise_meaning = v;
        }
        if let Some(v) = day_start_hour {
            settings.day_start_hour = v;
        }
        if let Some(v) = utc_offset_minutes {
            settings.utc_offset_minutes = v;
        }
        if let Some(v) = translation_language {
            settings.translation_language = v;
        }
        if let Some(v) = theme {
            settings.theme = v;
        }
        if let Some(v) = reading_size {
            settings.reading_size = v;
        }
        settings
    }
}
