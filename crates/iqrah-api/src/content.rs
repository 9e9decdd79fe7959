//! Reading the Quran content: surahs, verses, ranges, surahs and juz.

use iqrah_quran::{VerseRange, juz_range, surah_range};

use crate::app::{DEFAULT_LANGUAGE, Iqrah};
use crate::dto::{LanguageDto, SurahDto, VerseDto};
use crate::error::ApiError;

impl Iqrah {
    /// All 114 surahs in order.
    pub async fn surahs(&self) -> Result<Vec<SurahDto>, ApiError> {
        Ok(self
            .content
            .quran()
            .await?
            .surahs()
            .iter()
            .map(SurahDto::from)
            .collect())
    }

    /// The translations available.
    pub fn languages(&self) -> Vec<LanguageDto> {
        self.content
            .languages()
            .iter()
            .map(LanguageDto::from)
            .collect()
    }

    /// One verse by key (`2:255`), with its translation in `language`
    /// (English when `None`).
    pub async fn verse(&self, key: &str, language: Option<&str>) -> Result<VerseDto, ApiError> {
        let key = key.parse()?;
        let mut verses = self.range_verses(VerseRange::single(key), language).await?;
        Ok(verses.remove(0))
    }

    /// The verses of a range (`112:1-4`, `2:1-3:5`, or one key).
    pub async fn verses(
        &self,
        range: &str,
        language: Option<&str>,
    ) -> Result<Vec<VerseDto>, ApiError> {
        self.range_verses(range.parse()?, language).await
    }

    /// The verses of surah `surah` (1–114).
    pub async fn surah_verses(
        &self,
        surah: u32,
        language: Option<&str>,
    ) -> Result<Vec<VerseDto>, ApiError> {
        self.range_verses(surah_range(surah)?, language).await
    }

    /// The verses of juz `juz` (1–30).
    pub async fn juz_verses(
        &self,
        juz: u32,
        language: Option<&str>,
    ) -> Result<Vec<VerseDto>, ApiError> {
        self.range_verses(juz_range(juz)?, language).await
    }

    async fn range_verses(
        &self,
        range: VerseRange,
        language: Option<&str>,
    ) -> Result<Vec<VerseDto>, ApiError> {
        let translation = self
            .content
            .translation(language.unwrap_or(DEFAULT_LANGUAGE))
            .await?;
        Ok(self
            .content
            .quran()
            .await?
            .range(range)
            .iter()
            .map(|v| VerseDto::new(v, &translation))
            .collect())
    }
}
