//! Reciting a passage: one answer that grades every verse of the passage
//! and every link between them (`iqrah_core::passage`), recorded in one
//! transaction and undone whole by `undo_last_answer`.

use iqrah_core::passage::{PassageDecision, PassageMark, decide_passage_submit, prompt_verses};
use iqrah_core::session::{IdempotencyKey, Reciting, relearning_exercise};
use iqrah_store::{Recorded, SessionId, UserId, UserStore};
use serde::{Deserialize, Serialize};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::session::unknown_session;
use crate::session_dto::{AnswerVerseDto, SessionItemDto};

/// One review a recited passage recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageGradeDto {
    /// The item (`78:2/memorization`, or `78:1/continuity` for the link
    /// from 78:1 into 78:2).
    pub node_id: String,
    /// Its grade, 1–4.
    pub rating: u8,
}

/// What a recited passage gives back: the receipt, the passage whole with
/// the learner's marks, every grade recorded and the item now current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageResultDto {
    /// The receipt (the passage's session item id, as a submit's).
    pub receipt: String,
    /// The passage's verses, whole, in order.
    pub verses: Vec<AnswerVerseDto>,
    /// The marks as sent (`verse` indexes `verses`).
    pub marks: Vec<PassageMark>,
    /// Each verse's memorization and each link, with its grade, in
    /// recitation order (empty for a retry: they were recorded the first time).
    pub grades: Vec<PassageGradeDto>,
    /// The item now current, if any is left.
    pub next: Option<SessionItemDto>,
}

impl Iqrah {
    /// Records the recitation of the current item `node_id`, a passage
    /// (`recite_passage`), with the learner's `marks` (where they stumbled
    /// or needed a prompt) after `duration_ms`: each verse's memorization
    /// and each link between the verses graded by the core's rule, every
    /// memory state, review log row and counter in one transaction. A verse
    /// answered Again comes back later in the session as a relearning copy
    /// (the session's rule: a quick cued check). With an
    /// idempotency key a retry returns the first receipt and writes
    /// nothing; without one, a submit of the same node and duration as the
    /// last answer is taken for a retry. Marks out of range
    /// (`invalid_passage`), a passage answer to another exercise
    /// (`not_a_passage`), another item (`not_current_item`) or a closed
    /// session (`session_not_active`) are refused and change nothing.
    pub async fn submit_passage(
        &self,
        user: &UserId,
        session_id: String,
        node_id: String,
        marks: Vec<PassageMark>,
        duration_ms: u64,
        idempotency_key: Option<String>,
    ) -> Result<PassageResultDto, ApiError> {
        let key = idempotency_key
            .as_deref()
            .map(IdempotencyKey::new)
            .transpose()?;
        let store = self.store().await?;
        let session = SessionId::new(session_id.as_str());
        // The translation the session started with, for the relearning
        // copy and the verses shown.
        let language = store
            .session_view(user, &session)
            .await
            .map_err(|e| unknown_session(e, &session_id))?
            .settings
            .translation_language;
        let material = self.material(&language).await?;
        let quran = self.content.quran().await?;
        let now = self.now();
        let mut recorded = Vec::new();
        let mut range = None;
        let Recorded { receipt, next } = store
            .submit_passage(user, &session, key.as_ref(), |ctx, states| {
                let verses = ctx
                    .current
                    .as_ref()
                    .and_then(|c| prompt_verses(&c.exercise.prompt));
                let decision = decide_passage_submit(
                    ctx.session.status,
                    ctx.rule_items(),
                    key.as_ref().map(|k| (k, ctx.keyed_answer.as_ref())),
                    &node_id,
                    verses,
                    &marks,
                    duration_ms,
                )?;
                if let PassageDecision::Record { grades, .. } = &decision {
                    range = verses.map(|v| v.iter().map(|v| v.reference).collect::<Vec<_>>());
                    recorded = grades
                        .iter()
                        .map(|g| PassageGradeDto {
                            node_id: g.item.to_string(),
                            rating: g.rating.value(),
                        })
                        .collect();
                }
                let scheduler = ctx.scheduler();
                let reciting = Reciting {
                    states,
                    scheduler: &scheduler,
                    desired_retention: ctx.settings.desired_retention,
                    now,
                    duration_ms,
                };
                Ok(decision.into_write(reciting, marks.clone(), |item, place| {
                    let context = material.context(quran);
                    relearning_exercise(&context, ctx.session.seed as u64, item, place)
                }))
            })
            .await
            .map_err(|e| unknown_session(e, &session_id))?;
        // The passage's verses: those just graded, or for a retry the
        // recorded item's own passage.
        let keys = match range {
            Some(keys) => keys,
            None => {
                let items = store.session_items(user, &session).await?;
                items
                    .iter()
                    .find(|i| i.item.id == receipt)
                    .and_then(|i| prompt_verses(&i.exercise.prompt))
                    .map(|v| v.iter().map(|v| v.reference).collect())
                    .unwrap_or_default()
            }
        };
        let translation = self.content.translation(&language).await?;
        let verses = keys
            .into_iter()
            .map(|key| AnswerVerseDto::new(quran.verse(key), &translation))
            .collect();
        Ok(PassageResultDto {
            receipt: receipt.to_string(),
            verses,
            marks,
            grades: recorded,
            next: self.current_item_dto(&next),
        })
    }
}
