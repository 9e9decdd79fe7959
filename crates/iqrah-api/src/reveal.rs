//! Revealing a recall exercise's words one by one, on the learner's demand.

use iqrah_core::exercise::ExercisePrompt;
use iqrah_core::session::require_current;
use iqrah_storage::UserStore;

use crate::app::Iqrah;
use crate::error::ApiError;

impl Iqrah {
    /// The first `count` words of the current item's verse, for a recall
    /// exercise (the screen reveals them one by one). Reads only; refused
    /// for another item, another exercise type or a closed session.
    pub async fn reveal_words(
        &self,
        session_id: String,
        node_id: String,
        count: u32,
    ) -> Result<Vec<String>, ApiError> {
        let store = self.store().await?;
        let session = store
            .session(&session_id)
            .await?
            .ok_or_else(|| ApiError::UnknownSession(iqrah_quran::shorten(&session_id)))?;
        let current = store.current_item(&session_id).await?;
        let current = require_current(session.status, current.as_ref(), |c| c.item.item, &node_id)?;
        if !matches!(current.exercise.prompt, ExercisePrompt::Recall { .. }) {
            return Err(ApiError::InvalidAnswer(format!(
                "only recall exercises reveal words; this one is {}",
                current.exercise.prompt.exercise_type()
            )));
        }
        let count = usize::try_from(count).unwrap_or(usize::MAX);
        Ok(current.exercise.solution.revealed_words(count).to_vec())
    }
}
