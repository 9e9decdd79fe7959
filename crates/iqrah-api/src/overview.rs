//! What the home screen shows: today's due count, the active session, and
//! every surah's and juz's verses as new, learning or known.

use iqrah_core::memory::MemoryStates;
use iqrah_core::progress::{VerseProgress, verse_progress};
use iqrah_quran::{juz_range, surah_range};
use iqrah_store::{UserId, UserStore};
use serde::{Deserialize, Serialize};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::session::check_user;
use crate::session_dto::SessionDto;

/// One surah or juz with its verses by state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionProgressDto {
    /// Surah (1–114) or juz (1–30) number.
    pub number: u8,
    /// Display name (the surah's transliterated name, or `Juz 30`).
    pub name: String,
    /// A surah's Arabic name (`الإخلاص`); `None` for a juz.
    pub name_arabic: Option<String>,
    /// The Madani mushaf page (1–604) on which it begins.
    pub page: u16,
    /// Verses in it.
    pub verse_count: u32,
    /// Verses by state.
    pub progress: VerseProgress,
}

/// The learner's overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewDto {
    /// Items due now.
    pub due_now: u32,
    /// The most recently started active session.
    pub active_session: Option<SessionDto>,
    /// Every surah in order.
    pub surahs: Vec<DivisionProgressDto>,
    /// Every juz in order.
    pub juz: Vec<DivisionProgressDto>,
    /// The whole Quran.
    pub total: VerseProgress,
}

impl Iqrah {
    /// The learner's overview for the home screen.
    pub async fn overview(&self, user: &UserId) -> Result<OverviewDto, ApiError> {
        check_user(user)?;
        let store = self.store().await?;
        let settings = store.settings(user).await?;
        let states = store.memory_states(user).await?;
        let active_session = store
            .active_session(user)
            .await?
            .as_ref()
            .map(SessionDto::from);
        let scheduler = self.learner_scheduler(user, &settings).await?;
        let now = self.now();
        let mut due_now = 0;
        states.for_each(&mut |_, state| due_now += u32::from(state.is_due(now)));
        let progress = |keys: iqrah_quran::VerseRange| {
            verse_progress(
                keys.keys(),
                &states,
                &scheduler,
                now,
                settings.desired_retention,
            )
        };
        let quran = self.content.quran().await?;
        let surahs = quran
            .surahs()
            .iter()
            .filter_map(|s| {
                let range = surah_range(u32::from(s.number)).ok()?;
                Some(DivisionProgressDto {
                    number: s.number,
                    name: s.name_transliterated.clone(),
                    name_arabic: Some(s.name_arabic.clone()),
                    page: iqrah_quran::page_of(range.start()),
                    verse_count: u32::from(s.verse_count),
                    progress: progress(range),
                })
            })
            .collect();
        let juz = (1..=30u8)
            .filter_map(|n| {
                let range = juz_range(u32::from(n)).ok()?;
                Some(DivisionProgressDto {
                    number: n,
                    name: format!("Juz {n}"),
                    name_arabic: None,
                    page: iqrah_quran::page_of(range.start()),
                    verse_count: range.len() as u32,
                    progress: progress(range),
                })
            })
            .collect();
        Ok(OverviewDto {
            due_now,
            active_session,
            surahs,
            juz,
            total: progress(iqrah_quran::VerseRange::whole()),
        })
    }
}
