//! Confusions of look-alike verses: read from the learner's answers by the
//! core's rule (`iqrah_core::confusion`), and the side-by-side view of a
//! pair.

use iqrah_core::confusion::{Confusion, LookAlikeAnswer, open_confusions};
use iqrah_core::exercise::check;
use iqrah_core::item::Skill;
use iqrah_core::look_alike::{LookAlike, LookAlikes, look_alikes_of};
use iqrah_quran::{Quran, VerseKey};
use iqrah_store::{UserId, UserStore};

use crate::app::Iqrah;
use crate::dto::{ConfusionDto, LookAlikeDto};
use crate::error::ApiError;

impl Iqrah {
    /// The learner's open confusions, the most recent first: verses a wrong
    /// answer took for a verse that looks like them, until two look-alike
    /// drills of the verse in a row are right (`iqrah_core::confusion`).
    /// Each comes with the other verse beside it, the differing words marked.
    pub async fn confusions(&self, user: &UserId) -> Result<Vec<ConfusionDto>, ApiError> {
        let confusions = self.open_confusions(user).await?;
        let quran = self.content.quran().await?;
        let look_alikes = self.content.all_look_alikes().await?;
        Ok(confusions
            .into_iter()
            .map(|c| ConfusionDto {
                key: c.verse.to_string(),
                times: c.times,
                right_since: c.right_since,
                other: look_alike_dto(quran, look_alikes, c.verse, c.other),
            })
            .collect())
    }

    /// The open confusions, from the learner's answers.
    pub(crate) async fn open_confusions(&self, user: &UserId) -> Result<Vec<Confusion>, ApiError> {
        let store = self.store().await?;
        let answers: Vec<LookAlikeAnswer> = store
            .look_alike_answers(user)
            .await?
            .into_iter()
            .filter(|stored| stored.item.item.skill() == Skill::Memorization)
            .filter_map(|stored| {
                let answer = stored.answer.as_ref()?;
                let exercise = &stored.exercise;
                // The duration does not change what the answer was.
                let outcome = check(&exercise.prompt, &exercise.solution, answer, 0).ok()?;
                Some(LookAlikeAnswer {
                    verse: stored.item.item.verse(),
                    confused_with: outcome.confused_with,
                    drill: stored.item.exercise_type.is_drill(),
                    correct: outcome.correct == Some(true),
                })
            })
            .collect();
        Ok(open_confusions(&answers))
    }
}

/// `other` beside `verse`, the words that differ marked on both sides: the
/// pair as computed at import, or compared now when the two are not listed
/// as look-alikes (a phrase they share led the learner from one to the
/// other), with no marks when they pass none of the tests.
pub(crate) fn look_alike_dto(
    quran: &Quran,
    look_alikes: &LookAlikes,
    verse: VerseKey,
    other: VerseKey,
) -> LookAlikeDto {
    let pair = look_alikes.pair(verse, other).cloned().or_else(|| {
        look_alikes_of(&[quran.verse(verse).clone(), quran.verse(other).clone()])
            .into_iter()
            .next()
            .and_then(|p| p.facing(verse))
    });
    let pair = pair.unwrap_or(LookAlike {
        verse,
        other,
        likeness: iqrah_core::look_alike::Likeness::SharedRun,
        score: 0.0,
        shared_run: 0,
        differing: Vec::new(),
        other_differing: Vec::new(),
    });
    LookAlikeDto::new(quran, &pair, look_alikes.passage(verse, other))
}
