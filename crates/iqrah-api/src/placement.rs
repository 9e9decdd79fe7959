//! Placement: the learner tells Iqrah what they already know by heart, and
//! the core's [`iqrah_core::placement::place`] gives those verses their first
//! memory states, written in one transaction.

use iqrah_core::memory::Scheduler;
use iqrah_core::placement::{Mark, PlacementError, check_marks, place};
use iqrah_core::settings::Settings;
use iqrah_store::{UserId, UserStore};
use serde::{Deserialize, Serialize};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::session::check_user;

/// One mark as a client sends it: a goal and a level name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementMarkDto {
    /// The verses: `surah:112`, `surah:112-114`, `juz:30`, `page:600`,
    /// `page:582-604` or `range:2:1-2:20` (not `review`).
    pub goal: String,
    /// `solid`, `shaky` or `rusty`.
    pub level: String,
}

impl PlacementMarkDto {
    /// A mark of `goal` at `level`.
    pub fn new(goal: impl Into<String>, level: impl Into<String>) -> Self {
        PlacementMarkDto {
            goal: goal.into(),
            level: level.into(),
        }
    }
}

impl std::str::FromStr for PlacementMarkDto {
    type Err = ApiError;

    /// `GOAL=LEVEL`, as the command line writes a mark (`surah:112=solid`);
    /// without `=` it is `invalid_placement`. The goal and level are
    /// checked by [`Iqrah::place`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.split_once('=') {
            Some((goal, level)) => Ok(PlacementMarkDto::new(goal, level)),
            None => Err(PlacementError::Malformed {
                input: iqrah_quran::shorten(text),
            }
            .into()),
        }
    }
}

/// What a placement did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementDto {
    /// The verses the marks cover.
    pub verses: u32,
    /// Items (a verse's memorization, the link to the next verse) given a
    /// first memory state.
    pub placed: u32,
    /// Items of those verses that already had a state and keep it (the
    /// learner's own reviews beat a self-report).
    pub kept: u32,
}

impl Iqrah {
    /// Places what the learner says they know: every mark's verses at its
    /// level, by the core's rule ([`iqrah_core::placement::place`]: the
    /// memorization of each verse and the links between marked consecutive
    /// verses, with due dates spread over the level's first days; meaning
    /// stays new; items with a state are kept). One transaction writes the
    /// states and records in the settings that placement was offered; no
    /// review is logged. Refused, changing nothing: no marks or more than
    /// [`iqrah_core::placement::MAX_MARKS`] (`invalid_placement`), a goal
    /// that does not parse or exist, or `review` (`invalid_goal`), a level
    /// other than solid, shaky or rusty (`invalid_level`).
    pub async fn place(
        &self,
        user: &UserId,
        marks: Vec<PlacementMarkDto>,
    ) -> Result<PlacementDto, ApiError> {
        check_user(user)?;
        let marks = marks
            .iter()
            .map(|mark| Mark::new(&mark.goal, &mark.level))
            .collect::<Result<Vec<_>, _>>()?;
        check_marks(&marks)?;
        let quran = self.content.quran().await?;
        let parameters = self.parameters_in_use(user).await?;
        let now = self.now();
        let placement = self
            .store()
            .await?
            .place_states(user, |settings, states| {
                let scheduler = Scheduler::for_learner(&parameters, settings);
                let placement = place(
                    &marks,
                    quran,
                    states,
                    &scheduler,
                    settings.desired_retention,
                    now,
                )?;
                let next = Settings {
                    placement_offered: true,
                    ..settings.clone()
                };
                Ok::<_, ApiError>((placement, next))
            })
            .await??;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(PlacementDto {
            verses: count(placement.verses),
            placed: count(placement.states.len()),
            kept: count(placement.kept),
        })
    }

    /// Records that the learner declined the offer of placement: the home
    /// page stops offering it (it stays on the progress page). Returns the
    /// settings.
    pub async fn dismiss_placement(&self, user: &UserId) -> Result<Settings, ApiError> {
        check_user(user)?;
        let saved = self
            .store()
            .await?
            .update_settings(user, |current| {
                Ok::<_, std::convert::Infallible>(Settings {
                    placement_offered: true,
                    ..current
                })
            })
            .await?;
        match saved {
            Ok(saved) => Ok(saved),
            Err(never) => match never {},
        }
    }
}
