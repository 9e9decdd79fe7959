//! Iqrah's API: the async functions and owned, serializable DTOs that the
//! command line, the web server and a Flutter app (through
//! flutter_rust_bridge) call.
//!
//! Open an [`Iqrah`] on a data directory; the content database is imported
//! there from the pinned `quran-json` package on first use.
//!
//! ```no_run
//! # async fn example() -> Result<(), iqrah_api::ApiError> {
//! use iqrah_api::{Config, Iqrah};
//!
//! let iqrah = Iqrah::open(Config::new("/tmp/iqrah-data")).await?;
//! let verse = iqrah.verse("112:1", Some("fr")).await?;
//! println!("{} {}", verse.key, verse.text);
//! # Ok(()) }
//! ```

mod accounts;
mod app;
mod archive;
mod backend;
mod classes;
mod confusions;
mod content;
mod database;
mod dto;
mod error;
mod overview;
mod parameters;
mod passage;
mod passwords;
mod placement;
mod progress;
mod reveal;
mod session;
mod session_dto;

pub use accounts::{
    AccountChange, AccountDto, AccountError, INVITATION_DAYS, InvitationDto, MAX_INVITATION_DAYS,
    MAX_TOKEN_LABEL_CHARS, NewTokenDto, SignedIn, TOKEN_PREFIX,
};
pub use app::{Clock, Config, DEFAULT_LANGUAGE, Iqrah, import_content};
pub use archive::{ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveError, ImportedDto, LearnerArchiveDto};
pub use backend::Backend;
pub use classes::{
    ClassDto, ClassError, ClassProgressDto, ClassesDto, MAX_CLASS_NAME_CHARS, MemberProgressDto,
    RECENT_SESSIONS,
};
pub use database::{Database, DatabaseUrl, DatabaseUrlError};
pub use dto::{
    ConfusionDto, FoundDto, LanguageDto, LookAlikeDto, SimilarDto, SurahDto, TranslationTextDto,
    VerseDto, WordDto,
};
pub use error::{ApiError, ErrorKind};
pub use iqrah_content::{ImportStep, ImportSummary};
pub use iqrah_core::account::{Role, SignUpMode, Username};
pub use iqrah_core::exercise::{Answer, CheckOutcome, ExercisePrompt, ExerciseType};
pub use iqrah_core::find::FoundKind;
pub use iqrah_core::fitting::{Evaluation, MIN_REVIEWS_TO_FIT};
pub use iqrah_core::item::Skill;
pub use iqrah_core::memory::GradePreview;
pub use iqrah_core::passage::{MarkKind, PassageMark};
pub use iqrah_core::placement::{Level, MAX_MARKS};
pub use iqrah_core::planner::Reason;
pub use iqrah_core::progress::{DivisionState, VerseProgress};
pub use iqrah_core::session::SessionStatus;
pub use iqrah_core::settings::{READING_SIZES, SETTING_KEYS, Settings, Theme};
pub use iqrah_core::stats::{DayActivity, ForecastDay, RetentionWeek, Stats};
pub use iqrah_core::summary::SessionSummary;
pub use iqrah_core::time::{DAY_MS, Timestamp};
pub use iqrah_store::{
    ArchivedReview, ArchivedSession, ArchivedState, FitRecord, InvitationRecord, LearnerArchive,
    SessionId, TokenId, TokenRecord, UserId,
};
pub use overview::{DivisionProgressDto, OverviewDto, PageProgressDto};
pub use parameters::{AUTOMATIC_FIT_EVERY, FitReportDto, SchedulingParametersDto};
pub use passage::{PassageGradeDto, PassageResultDto};
pub use placement::{PlacementDto, PlacementMarkDto};
pub use progress::{SessionHistoryDto, SettingsPatch};
pub use session::{MAX_LIST_LIMIT, MAX_SESSION_MINUTES, SessionOptions};
pub use session_dto::{
    AnswerVerseDto, CheckResultDto, MissedDto, SessionDto, SessionItemDto, SessionSummaryDto,
    ShownAnswerDto, SubmitResultDto,
};
