//! What the home screen shows: today's due count, the active session, and
//! every surah's and juz's verses as new, learning or known; and the same
//! for each of the mushaf's 604 pages.

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, MemoryStates, Scheduler};
use iqrah_core::progress::{DivisionState, VerseProgress, verse_progress};
use iqrah_core::time::Timestamp;
use iqrah_quran::facts::PAGE_COUNT;
use iqrah_quran::{VerseRange, juz_of, juz_range, page_range, surah_range};
use iqrah_store::{UserId, UserStore};
use serde::{Deserialize, Serialize};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::progress::practised_states;
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

/// One page of the Madani mushaf with its verses by state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageProgressDto {
    /// The page (1–604).
    pub page: u16,
    /// The juz (1–30) its first verse belongs to.
    pub juz: u8,
    /// The first verse that begins on it (`2:253`).
    pub first_verse: String,
    /// The last verse that begins on it.
    pub last_verse: String,
    /// Verses that begin on it.
    pub verse_count: u32,
    /// Verses by state.
    pub progress: VerseProgress,
    /// The page as a whole: new, begun, learning or known.
    pub state: DivisionState,
}

/// What counting verses by state needs: the learner's memory, their
/// scheduler and retention, and the moment.
struct ProgressCount {
    states: HashMap<ItemKey, MemoryState>,
    scheduler: Scheduler,
    now: Timestamp,
    desired_retention: f32,
}

impl ProgressCount {
    fn of(&self, verses: VerseRange) -> VerseProgress {
        verse_progress(
            verses.keys(),
            &self.states,
            &self.scheduler,
            self.now,
            self.desired_retention,
        )
    }
}

impl Iqrah {
    /// Loads what counting `user`'s verses by state needs.
    async fn progress_count(&self, user: &UserId) -> Result<ProgressCount, ApiError> {
        let store = self.store().await?;
        let (settings, states) = practised_states(store, user).await?;
        Ok(ProgressCount {
            states,
            scheduler: self.learner_scheduler(user, &settings).await?,
            now: self.now(),
            desired_retention: settings.desired_retention,
        })
    }

    /// Each of the mushaf's 604 pages, in order, with its verses by state.
    pub async fn page_progress(&self, user: &UserId) -> Result<Vec<PageProgressDto>, ApiError> {
        check_user(user)?;
        let count = self.progress_count(user).await?;
        let pages = (1..=u32::from(PAGE_COUNT))
            .filter_map(|n| {
                let range = page_range(n).ok()?;
                let progress = count.of(range);
                Some(PageProgressDto {
                    page: u16::try_from(n).ok()?,
                    juz: juz_of(range.start()),
                    first_verse: range.start().to_string(),
                    last_verse: range.end().to_string(),
                    verse_count: range.len() as u32,
                    state: progress.division_state(),
                    progress,
                })
            })
            .collect();
        Ok(pages)
    }

    /// The learner's overview for the home screen.
    pub async fn overview(&self, user: &UserId) -> Result<OverviewDto, ApiError> {
        check_user(user)?;
        let count = self.progress_count(user).await?;
        let active_session = self
            .store()
            .await?
            .active_session(user)
            .await?
            .as_ref()
            .map(SessionDto::from);
        let now = count.now;
        let mut due_now = 0;
        count
            .states
            .for_each(&mut |_, state| due_now += u32::from(state.is_due(now)));
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
                    progress: count.of(range),
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
                    progress: count.of(range),
                })
            })
            .collect();
        Ok(OverviewDto {
            due_now,
            active_session,
            surahs,
            juz,
            total: count.of(VerseRange::whole()),
        })
    }
}
