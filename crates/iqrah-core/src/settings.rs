//! A learner's practice settings and their validation.

use iqrah_quran::shorten;
use serde::{Deserialize, Serialize};

use crate::memory::{DEFAULT_DESIRED_RETENTION, MAX_DESIRED_RETENTION, MIN_DESIRED_RETENTION};

/// The most items a session may hold.
pub const MAX_SESSION_SIZE: usize = 200;

/// The translation used when the learner has not chosen one.
pub const DEFAULT_TRANSLATION: &str = "en";

/// The hour (local time) at which a learner's day starts by default: answers
/// after midnight and before 4:00 still count for the day before, as in Anki.
pub const DEFAULT_DAY_START_HOUR: u8 = 4;

/// The most new verses a day may allow.
pub const MAX_NEW_VERSES_PER_DAY: usize = 1000;

/// New verses per learner day when the learner has not chosen.
pub const DEFAULT_NEW_VERSES_PER_DAY: usize = 10;

/// The most mushaf pages a learner may begin per day.
pub const MAX_NEW_PAGES_PER_DAY: u16 = 20;

/// The reading sizes of the Arabic text, in percent of the default size:
/// the steps a learner chooses from (default 100).
pub const READING_SIZES: [u16; 8] = [80, 90, 100, 115, 130, 150, 175, 200];

/// The reading size of the Arabic text when the learner has not chosen one.
pub const DEFAULT_READING_SIZE: u16 = 100;

/// The colours the app is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light or dark as the device is set (`prefers-color-scheme`).
    #[default]
    System,
    /// Dark text on light paper.
    Light,
    /// Light text on a dark background.
    Dark,
}

impl Theme {
    /// Every theme, in the order a form lists them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The theme's name, as in JSON and [`Settings::set`]: `system`, `light`
    /// or `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl std::fmt::Display for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Theme {
    type Err = SettingsError;

    /// A theme by its name (`system`, `light`, `dark`); anything else is
    /// [`SettingsError::Theme`].
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Theme::ALL
            .into_iter()
            .find(|theme| theme.as_str() == name)
            .ok_or_else(|| SettingsError::Theme(shorten(name)))
    }
}

/// How a learner wants to practise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Probability of recall the scheduler aims for when an item comes due,
    /// 0.70–0.99 (default 0.9). Higher means more reviews.
    pub desired_retention: f32,
    /// Items in a session, 1–200 (default 20).
    pub session_size: usize,
    /// New verses introduced per session, 0 to `session_size` (default 5).
    pub new_verses_per_session: usize,
    /// New verses introduced per learner day (see `day_start_hour`), over all
    /// sessions, 0–1000 (default 10).
    pub new_verses_per_day: usize,
    /// New mushaf pages begun per learner day, 0–20 (default 0, off): when
    /// set, the day's new verses are those of this many pages of the
    /// 604-page mushaf (a page begun today may be finished today) instead
    /// of `new_verses_per_day`; `new_verses_per_session` still caps each
    /// session.
    pub new_pages_per_day: u16,
    /// Favour the surahs recited in prayer (1, 112–114): in `review` they
    /// are reviewed first, and in other goals the ones not yet started are
    /// introduced first (default on).
    pub favour_prayer_surahs: bool,
    /// Practise the meaning of verses (default on). Off, sessions introduce
    /// and review only memorization and continuity: no meaning exercise is
    /// planned and meaning items count as due nowhere. The meaning already
    /// learned keeps its memory states, and comes back when it is turned
    /// on again ([`Settings::practises`]).
    pub practise_meaning: bool,
    /// The hour of local time, 0–23, at which the learner's day starts, for
    /// streaks, "due tomorrow" and daily figures (default 4).
    pub day_start_hour: u8,
    /// The learner's time zone as minutes east of UTC, -720 to 840 (default 0).
    pub utc_offset_minutes: i16,
    /// The language code of the translation used in meaning exercises (default `en`).
    pub translation_language: String,
    /// The colours of the web app: `system` (follow the device), `light` or
    /// `dark` (default `system`).
    pub theme: Theme,
    /// The size of the Arabic text in percent of the default, one of
    /// [`READING_SIZES`] (default 100).
    pub reading_size: u16,
    /// Whether the home page has offered placement (telling Iqrah what
    /// the learner already knows) and the learner placed or dismissed it:
    /// the app's record, not a choice of the learner's, so it is not one
    /// of [`SETTING_KEYS`] and saving the settings keeps it (default off).
    pub placement_offered: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            desired_retention: DEFAULT_DESIRED_RETENTION,
            session_size: 20,
            new_verses_per_session: 5,
            new_verses_per_day: DEFAULT_NEW_VERSES_PER_DAY,
            new_pages_per_day: 0,
            favour_prayer_surahs: true,
            practise_meaning: true,
            day_start_hour: DEFAULT_DAY_START_HOUR,
            utc_offset_minutes: 0,
            translation_language: DEFAULT_TRANSLATION.to_owned(),
            theme: Theme::System,
            reading_size: DEFAULT_READING_SIZE,
            placement_offered: false,
        }
    }
}

/// A setting outside its accepted range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    /// Desired retention outside 0.70–0.99 (or not a number).
    #[error("desired retention {0} is outside 0.70-0.99")]
    DesiredRetention(f32),
    /// Session size outside 1–200.
    #[error("session size {0} is outside 1-200")]
    SessionSize(usize),
    /// More new verses per session than items per session.
    #[error("new verses per session {new} exceeds the session size {session_size}")]
    NewVerses {
        /// The rejected number of new verses.
        new: usize,
        /// The session size.
        session_size: usize,
    },
    /// New verses per day outside 0–1000.
    #[error("new verses per day {0} is outside 0-1000")]
    NewVersesPerDay(usize),
    /// New pages per day outside 0–20.
    #[error("new pages per day {0} is outside 0-20")]
    NewPagesPerDay(u16),
    /// Day start hour outside 0–23.
    #[error("day start hour {0} is outside 0-23")]
    DayStartHour(u8),
    /// Time zone offset outside -720 to 840 minutes (UTC-12:00 to UTC+14:00).
    #[error("time zone offset {0} minutes is outside -720 to 840")]
    UtcOffset(i16),
    /// A language code that is not 2 or 3 lowercase letters.
    #[error("translation language {0:?} is not a language code such as en or fr")]
    TranslationLanguage(String),
    /// A theme that is not `system`, `light` or `dark`.
    #[error("theme {0:?} is not one of system, light, dark")]
    Theme(String),
    /// A reading size that is not one of [`READING_SIZES`].
    #[error("reading size {0}% is not one of 80, 90, 100, 115, 130, 150, 175, 200")]
    ReadingSize(u16),
}

impl Settings {
    /// Checks every setting against its range.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if !(MIN_DESIRED_RETENTION..=MAX_DESIRED_RETENTION).contains(&self.desired_retention) {
            return Err(SettingsError::DesiredRetention(self.desired_retention));
        }
        if !(1..=MAX_SESSION_SIZE).contains(&self.session_size) {
            return Err(SettingsError::SessionSize(self.session_size));
        }
        if self.new_verses_per_session > self.session_size {
            return Err(SettingsError::NewVerses {
                new: self.new_verses_per_session,
                session_size: self.session_size,
            });
        }
        if self.new_verses_per_day > MAX_NEW_VERSES_PER_DAY {
            return Err(SettingsError::NewVersesPerDay(self.new_verses_per_day));
        }
        if self.new_pages_per_day > MAX_NEW_PAGES_PER_DAY {
            return Err(SettingsError::NewPagesPerDay(self.new_pages_per_day));
        }
        if self.day_start_hour > 23 {
            return Err(SettingsError::DayStartHour(self.day_start_hour));
        }
        if !(-720..=840).contains(&self.utc_offset_minutes) {
            return Err(SettingsError::UtcOffset(self.utc_offset_minutes));
        }
        let code = &self.translation_language;
        if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(SettingsError::TranslationLanguage(shorten(code)));
        }
        if !READING_SIZES.contains(&self.reading_size) {
            return Err(SettingsError::ReadingSize(self.reading_size));
        }
        Ok(())
    }

    /// Milliseconds after midnight UTC at which the learner's day starts
    /// (may be negative): the offset that `progress::learner_day` takes.
    pub fn day_start_offset_ms(&self) -> i64 {
        i64::from(self.day_start_hour) * 3_600_000 - i64::from(self.utc_offset_minutes) * 60_000
    }

    /// Whether sessions practise `skill`: memorization and continuity
    /// always, meaning when [`Settings::practise_meaning`] is on. The one
    /// rule for what is planned and what counts as due.
    pub fn practises(&self, skill: crate::item::Skill) -> bool {
        skill != crate::item::Skill::Meaning || self.practise_meaning
    }

    /// Keeps in `states` only the items of the skills practised
    /// ([`Settings::practises`]): the states that plans, due counts and
    /// forecasts read.
    pub fn retain_practised<H: std::hash::BuildHasher>(
        &self,
        states: &mut std::collections::HashMap<crate::item::ItemKey, crate::memory::MemoryState, H>,
    ) {
        states.retain(|item, _| self.practises(item.skill()));
    }

    /// Sets one setting from text, by its name (as in JSON), and validates
    /// the result; on error nothing changes.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        let mut next = self.clone();
        let invalid = |reason: String| SettingError::Invalid {
            key: key.to_owned(),
            reason,
        };
        let value = value.trim();
        match key {
            "desired_retention" => {
                next.desired_retention = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "session_size" => {
                next.session_size = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "new_verses_per_session" => {
                next.new_verses_per_session = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "new_verses_per_day" => {
                next.new_verses_per_day = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "new_pages_per_day" => {
                next.new_pages_per_day = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "favour_prayer_surahs" => {
                next.favour_prayer_surahs = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "practise_meaning" => {
                next.practise_meaning = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "day_start_hour" => {
                next.day_start_hour = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "utc_offset_minutes" => {
                next.utc_offset_minutes = value.parse().map_err(|e| invalid(format!("{e}")))?
            }
            "translation_language" => next.translation_language = value.to_owned(),
            "theme" => next.theme = value.parse().map_err(|e| invalid(format!("{e}")))?,
            "reading_size" => {
                next.reading_size = value
                    .trim_end_matches('%')
                    .parse()
                    .map_err(|e| invalid(format!("{e}")))?
            }
            _ => {
                return Err(SettingError::UnknownKey { key: shorten(key) });
            }
        }
        next.validate().map_err(|e| invalid(e.to_string()))?;
        *self = next;
        Ok(())
    }
}

/// The names of the settings, as [`Settings::set`] and JSON know them.
pub const SETTING_KEYS: [&str; 12] = [
    "desired_retention",
    "session_size",
    "new_verses_per_session",
    "new_verses_per_day",
    "new_pages_per_day",
    "favour_prayer_surahs",
    "practise_meaning",
    "day_start_hour",
    "utc_offset_minutes",
    "translation_language",
    "theme",
    "reading_size",
];

/// Why a setting could not be changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    /// No setting has that name.
    #[error(
        "unknown setting {key:?}: settings are desired_retention, session_size, new_verses_per_session, new_verses_per_day, new_pages_per_day, favour_prayer_surahs, practise_meaning, day_start_hour, utc_offset_minutes, translation_language, theme, reading_size"
    )]
    UnknownKey {
        /// The name given (shortened by [`iqrah_quran::shorten`]).
        key: String,
    },
    /// The value does not parse or is out of range.
    #[error("invalid value for {key}: {reason}")]
    Invalid {
        /// The setting.
        key: String,
        /// Why.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_documented_values() {
        let s = Settings::default();
        assert_eq!(
            (
                s.desired_retention,
                s.session_size,
                s.new_verses_per_session
            ),
            (0.9, 20, 5)
        );
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn out_of_range_settings_are_rejected() {
        let with = |f: fn(&mut Settings)| {
            let mut s = Settings::default();
            f(&mut s);
            s.validate()
        };
        assert_eq!(
            with(|s| s.desired_retention = 0.5),
            Err(SettingsError::DesiredRetention(0.5))
        );
        assert_eq!(
            with(|s| s.desired_retention = 1.0),
            Err(SettingsError::DesiredRetention(1.0))
        );
        assert!(matches!(
            with(|s| s.desired_retention = f32::NAN),
            Err(SettingsError::DesiredRetention(_))
        ));
        assert_eq!(with(|s| s.desired_retention = 0.7), Ok(()));
        assert_eq!(
            with(|s| s.session_size = 0),
            Err(SettingsError::SessionSize(0))
        );
        assert_eq!(
            with(|s| s.session_size = 201),
            Err(SettingsError::SessionSize(201))
        );
        assert_eq!(
            with(|s| s.new_verses_per_session = 21),
            Err(SettingsError::NewVerses {
                new: 21,
                session_size: 20
            })
        );
        assert_eq!(with(|s| s.new_verses_per_session = 0), Ok(()));
        assert_eq!(
            with(|s| s.new_verses_per_day = 1001),
            Err(SettingsError::NewVersesPerDay(1001))
        );
        assert_eq!(with(|s| s.new_verses_per_day = 0), Ok(()));
        assert_eq!(with(|s| s.new_verses_per_day = 1000), Ok(()));
        assert_eq!(
            with(|s| s.new_pages_per_day = 21),
            Err(SettingsError::NewPagesPerDay(21))
        );
        assert_eq!(with(|s| s.new_pages_per_day = 20), Ok(()));
    }

    #[test]
    fn settings_are_set_by_name_and_validated() {
        let mut s = Settings::default();
        s.set("desired_retention", "0.85").unwrap();
        s.set("utc_offset_minutes", "-300").unwrap();
        s.set("translation_language", "fr").unwrap();
        s.set("new_verses_per_day", "3").unwrap();
        assert_eq!(s.new_verses_per_day, 3);
        assert_eq!(
            (
                s.desired_retention,
                s.utc_offset_minutes,
                s.translation_language.as_str()
            ),
            (0.85, -300, "fr")
        );
        let before = s.clone();
        assert!(matches!(
            s.set("desired_retention", "0.5"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            s.set("session_size", "many"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            s.set("new_verses_per_day", "5000"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            s.set("day_start_hour", "24"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            s.set("utc_offset_minutes", "900"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            s.set("translation_language", "French"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            s.set("colour", "blue"),
            Err(SettingError::UnknownKey { .. })
        ));
        assert_eq!(s, before, "a refused change changes nothing");
        // UTC+3, day from 04:00: the day starts at 01:00 UTC.
        let east = Settings {
            utc_offset_minutes: 180,
            ..Settings::default()
        };
        assert_eq!(east.day_start_offset_ms(), 3_600_000);
    }

    #[test]
    fn missing_fields_take_their_defaults() {
        let s: Settings = serde_json::from_str(r#"{"session_size": 10}"#).unwrap();
        assert_eq!(
            (
                s.session_size,
                s.new_verses_per_session,
                s.desired_retention
            ),
            (10, 5, 0.9)
        );
        // Settings stored before `new_verses_per_day` existed still load.
        let old: Settings = serde_json::from_str(
            r#"{"desired_retention":0.9,"session_size":20,"new_verses_per_session":5,"favour_prayer_surahs":true,"day_start_hour":4,"utc_offset_minutes":0,"translation_language":"en"}"#,
        )
        .unwrap();
        assert_eq!(old.new_verses_per_day, 10);
        // Settings stored before the theme and the reading size existed too.
        assert_eq!(
            (old.theme, old.reading_size),
            (Theme::System, DEFAULT_READING_SIZE)
        );
        // And before `practise_meaning`: meaning is practised.
        assert!(old.practise_meaning);
    }

    #[test]
    fn meaning_is_practised_unless_turned_off() {
        use crate::item::Skill;
        let mut s = Settings::default();
        assert!(Skill::ALL.iter().all(|&skill| s.practises(skill)));
        s.set("practise_meaning", "false").unwrap();
        assert!(!s.practise_meaning);
        assert!(!s.practises(Skill::Meaning));
        assert!(s.practises(Skill::Memorization) && s.practises(Skill::Continuity));
        let before = s.clone();
        assert!(s.set("practise_meaning", "sometimes").is_err());
        assert_eq!(s, before);
        s.set("practise_meaning", "true").unwrap();
        assert!(s.practises(Skill::Meaning));
    }

    #[test]
    fn theme_and_reading_size_are_set_by_name_and_validated() {
        let mut s = Settings::default();
        assert_eq!((s.theme, s.reading_size), (Theme::System, 100));
        s.set("theme", "dark").unwrap();
        s.set("reading_size", "150").unwrap();
        assert_eq!((s.theme, s.reading_size), (Theme::Dark, 150));
        s.set("reading_size", "80%").unwrap();
        assert_eq!(s.reading_size, 80);
        let before = s.clone();
        for (key, value) in [
            ("theme", "blue"),
            ("theme", "Dark"),
            ("theme", ""),
            ("reading_size", "79"),
            ("reading_size", "120"),
            ("reading_size", "201"),
            ("reading_size", "0"),
            ("reading_size", "-100"),
            ("reading_size", "big"),
            ("reading_size", "99999"),
        ] {
            assert!(
                matches!(s.set(key, value), Err(SettingError::Invalid { .. })),
                "{key} {value}"
            );
        }
        assert_eq!(s, before, "a refused change changes nothing");
        for size in READING_SIZES {
            s.set("reading_size", &size.to_string()).unwrap();
        }
        for theme in Theme::ALL {
            s.set("theme", theme.as_str()).unwrap();
            assert_eq!(theme.as_str().parse::<Theme>(), Ok(theme));
        }
    }

    #[test]
    fn reading_sizes_outside_the_steps_are_typed_errors() {
        let with = |size: u16| {
            Settings {
                reading_size: size,
                ..Settings::default()
            }
            .validate()
        };
        assert_eq!(with(79), Err(SettingsError::ReadingSize(79)));
        assert_eq!(with(205), Err(SettingsError::ReadingSize(205)));
        assert_eq!(with(120), Err(SettingsError::ReadingSize(120)));
        assert_eq!(with(200), Ok(()));
        assert_eq!(
            "sepia".parse::<Theme>(),
            Err(SettingsError::Theme("sepia".to_owned()))
        );
    }

    #[test]
    fn themes_are_lowercase_names_in_json() {
        let s = Settings {
            theme: Theme::Dark,
            reading_size: 130,
            ..Settings::default()
        };
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["theme"], "dark");
        assert_eq!(json["reading_size"], 130);
        assert!(serde_json::from_str::<Settings>(r#"{"theme":"blue"}"#).is_err());
    }
}
