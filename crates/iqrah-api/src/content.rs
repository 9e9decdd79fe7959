//! Reading the Quran content: surahs, verses, ranges, surahs and juz, the
//! verses that look alike, and finding a goal by what a learner types.

use iqrah_quran::{VerseRange, juz_range, surah_range};

use crate::app::{DEFAULT_LANGUAGE, Iqrah};
use crate::dto::{FoundDto, LanguageDto, LookAlikeDto, SimilarDto, SurahDto, VerseDto};
use crate::error::ApiError;

impl Iqrah {
    /// The goals a search names, best first (`iqrah_core::find`): a surah
    /// by number or by name in either script, a juz, a mushaf page, verses.
    /// Nothing found is an empty list; a query over 100 characters is
    /// `invalid_search`.
    pub async fn find(&self, query: &str) -> Result<Vec<FoundDto>, ApiError> {
        let quran = self.content.quran().await?;
        let found = iqrah_core::find::find(query, quran.surahs())?;
        Ok(found
            .into_iter()
            .map(|f| FoundDto {
                kind: f.kind,
                goal_id: f.goal.to_string(),
                title: crate::session::goal_name(&f.goal, quran),
                name_arabic: match f.goal {
                    iqrah_core::goal::Goal::Surahs { first, .. } => {
                        quran.surah(first).map(|s| s.name_arabic.clone())
                    }
                    _ => None,
                },
            })
            .collect())
    }

    /// The verse `key` (`2:5`) and the verses that look like it, computed
    /// from the text at import (`iqrah_core::look_alike`), the most alike
    /// first, with the words that differ marked on both sides. A key that
    /// names no verse is `invalid_reference`.
    pub async fn similar(&self, key: &str) -> Result<SimilarDto, ApiError> {
        let key: iqrah_quran::VerseKey = key.parse()?;
        let quran = self.content.quran().await?;
        let index = self.content.all_look_alikes().await?;
        let look_alikes = index
            .of(key)
            .iter()
            .map(|pair| LookAlikeDto::new(quran, pair, index.passage(key, pair.other)))
            .collect();
        let verse = quran.verse(key);
        Ok(SimilarDto {
            key: key.to_string(),
            surah_name: quran
                .surah(key.surah())
                .map(|s| s.name_transliterated.clone())
                .unwrap_or_default(),
            page: iqrah_quran::page_of(key),
            text: verse.text.clone(),
            words: verse.words.clone(),
            look_alikes,
        })
    }

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
