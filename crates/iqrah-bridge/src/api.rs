//! The functions and types flutter_rust_bridge binds: free `async`
//! functions over owned `String`s, integers and plain structs.
//!
//! Times are milliseconds since the Unix epoch; ids are the API's (a session
//! id is a UUID, an item's `node_id` looks like `2:255/memorization`, a
//! receipt is the recorded item's id as text).

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use iqrah_api::{Answer, ApiError, Config, Iqrah, UserId};
use serde::Serialize;
use tokio::sync::OnceCell;

/// The opened app and the directory it was opened on.
static APP: OnceCell<(PathBuf, Iqrah)> = OnceCell::const_new();

/// An API error as the Dart side sees it: `"<code>: <message>"`.
fn api_error(error: ApiError) -> anyhow::Error {
    anyhow!("{}: {error}", error.code())
}

/// The opened app, or `not_initialized`.
fn app() -> Result<&'static Iqrah> {
    APP.get()
        .map(|(_, iqrah)| iqrah)
        .ok_or_else(|| anyhow!("not_initialized: call init_app(data_dir) first"))
}

/// JSON text of a value for a `*_json` field.
fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| anyhow!("internal: {e}"))
}

/// The JSON text of a value that serializes as a string (an enum's
/// snake_case name), as the web API sends it.
fn json_text<T: Serialize>(value: &T) -> Result<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        Ok(other) => Err(anyhow!("internal: {other} is not a name")),
        Err(e) => Err(anyhow!("internal: {e}")),
    }
}

/// A session (the original design's columns and its status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDto {
    /// The session id (a UUID).
    pub id: String,
    /// The learner.
    pub user_id: String,
    /// The goal (`surah:112`, `juz:30`, `range:2:1-2:20`, `review`).
    pub goal_id: String,
    /// `active`, `completed` or `abandoned`.
    pub status: String,
    /// Start time.
    pub started_at: i64,
    /// Completion or abandonment time.
    pub completed_at: Option<i64>,
    /// Items in the session, relearning copies included.
    pub items_count: i64,
    /// Items answered.
    pub items_completed: i64,
}

impl From<iqrah_api::SessionDto> for SessionDto {
    fn from(s: iqrah_api::SessionDto) -> Self {
        SessionDto {
            id: s.id,
            user_id: s.user_id,
            goal_id: s.goal_id,
            status: s.status.as_str().to_owned(),
            started_at: s.started_at,
            completed_at: s.completed_at,
            items_count: s.items_count,
            items_completed: s.items_completed,
        }
    }
}

/// The item a session waits for, with its exercise (never its answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionItemDto {
    /// The session.
    pub session_id: String,
    /// The item's node id, to send back with its answer.
    pub node_id: String,
    /// The receipt its answer will get.
    pub item_id: i64,
    /// 1-based place of this item among the session's items.
    pub index: i64,
    /// Items in the session.
    pub items_count: i64,
    /// `memorization`, `continuity` or `meaning`.
    pub skill: String,
    /// `review`, `new` or `practice_ahead`.
    pub reason: String,
    /// Whether it is a relearning copy of an item answered Again earlier.
    pub relearning: bool,
    /// The page of the Madani mushaf (1–604) on which the item's verse begins.
    pub page: u16,
    /// The exercise to render, as JSON: an object whose `type` says which
    /// exercise it is (the API's `ExercisePrompt`).
    pub exercise_json: String,
    /// What each grade, Again to Easy, leads to (for the grade buttons).
    pub grades: Vec<GradePreviewDto>,
}

/// What one grade leads to: when the item would next be due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradePreviewDto {
    /// The grade, 1–4.
    pub rating: u8,
    /// When the item would fall due.
    pub due_at: i64,
    /// Learner days until then.
    pub days: u32,
    /// The interval as a learner reads it ("in 3 days").
    pub label: String,
}

impl SessionItemDto {
    fn from_api(item: iqrah_api::SessionItemDto) -> Result<Self> {
        Ok(SessionItemDto {
            exercise_json: json(&item.exercise)?,
            grades: item
                .grades
                .iter()
                .map(|g| GradePreviewDto {
                    rating: g.rating,
                    due_at: g.due_at.millis(),
                    days: g.days,
                    label: g.label.clone(),
                })
                .collect(),
            session_id: item.session_id,
            node_id: item.node_id,
            item_id: item.item_id,
            index: item.index,
            items_count: item.items_count,
            skill: item.skill.as_str().to_owned(),
            reason: json_text(&item.reason)?,
            relearning: item.relearning,
            page: item.page,
        })
    }
}

/// The result of checking an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResultDto {
    /// Whether the answer was right; `None` for self-graded recall.
    pub correct: Option<bool>,
    /// The right answer, as text to show.
    pub expected: String,
    /// For typed answers, the word-by-word comparison as JSON (`{"words": [...]}`).
    pub diff_json: Option<String>,
    /// The suggested grade, 1–4 (the learner may choose another).
    pub suggested_grade: u8,
    /// Positions (0-based) of the verse's words the learner missed.
    pub marked: Vec<u32>,
    /// The item's verse, whole.
    pub verse: AnswerVerseDto,
    /// For a continuity item, the verse that follows.
    pub next_verse: Option<AnswerVerseDto>,
}

/// A verse shown whole after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerVerseDto {
    /// Its reference (`112:2`).
    pub reference: String,
    /// The exact text.
    pub text: String,
    /// Its words in reading order.
    pub words: Vec<String>,
    /// Its translation in the session's language.
    pub translation: String,
}

impl From<iqrah_api::AnswerVerseDto> for AnswerVerseDto {
    fn from(v: iqrah_api::AnswerVerseDto) -> Self {
        AnswerVerseDto {
            reference: v.reference,
            text: v.text,
            words: v.words,
            translation: v.translation,
        }
    }
}

/// What a submit gives back: the receipt and the item that now waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitResultDto {
    /// The receipt (the answered item's id); a retry gets the first one.
    pub receipt: String,
    /// The item now current; `None` when nothing is left.
    pub next: Option<SessionItemDto>,
}

impl SubmitResultDto {
    fn from_api(submitted: iqrah_api::SubmitResultDto) -> Result<Self> {
        Ok(SubmitResultDto {
            receipt: submitted.receipt,
            next: submitted.next.map(SessionItemDto::from_api).transpose()?,
        })
    }
}

/// What "I don't know / show answer" gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownAnswerDto {
    /// The receipt of the Again recorded.
    pub receipt: String,
    /// The item's verse, whole.
    pub verse: AnswerVerseDto,
    /// The item now current, if any.
    pub next: Option<SessionItemDto>,
}

/// One review a recited passage recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageGradeDto {
    /// The item (`78:2/memorization`; `78:1/continuity` is the link from 78:1 into 78:2).
    pub node_id: String,
    /// Its grade, 1–4.
    pub rating: u8,
}

/// What a recited passage gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageResultDto {
    /// The receipt (the passage's session item id).
    pub receipt: String,
    /// The passage's verses, whole, in order.
    pub verses: Vec<AnswerVerseDto>,
    /// The marks as recorded, as JSON (`[{"verse":1,"word":0,"mark":"stumbled"}]`).
    pub marks_json: String,
    /// Every verse's and link's grade, in recitation order (empty for a retry).
    pub grades: Vec<PassageGradeDto>,
    /// The item now current, if any.
    pub next: Option<SessionItemDto>,
}

/// An item answered Again or Hard in a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedDto {
    /// The verse (`112:2`).
    pub reference: String,
    /// Its text.
    pub text: String,
    /// Its lowest grade: 1 or 2.
    pub rating: u8,
    /// `memorization`, `continuity` or `meaning`.
    pub skill: String,
}

/// The end-of-session summary with its session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummaryDto {
    /// The session, now completed.
    pub session: SessionDto,
    /// The goal as a learner names it ("Al-Ikhlas", "Juz 30").
    pub goal_name: String,
    /// The items answered Again or Hard, once each, with their verse text.
    pub missed: Vec<MissedDto>,
    /// Every figure of the summary as a JSON object (the API's
    /// `SessionSummary`: items planned, completed and skipped, accuracy,
    /// grades, times, per exercise type, the goal before and after, the
    /// streak, …).
    pub summary_json: String,
}

/// Opens Iqrah on `data_dir`, once per process; later calls with the same
/// directory do nothing, with another one fail with `already_initialized`.
pub async fn init_app(data_dir: String) -> Result<()> {
    let dir = PathBuf::from(&data_dir);
    let (opened_on, _) = APP.get_or_try_init(|| open(dir.clone())).await?;
    if *opened_on != dir {
        return Err(anyhow!(
            "already_initialized: Iqrah is open on {}, not {data_dir}",
            opened_on.display()
        ));
    }
    Ok(())
}

/// Opens Iqrah and its learner's database on `dir`.
///
/// `Iqrah::open` may import the content, and rustc cannot prove that
/// import's future `Send` (sqlx's `raw_sql(…).execute(…)`, sqlx issue 3150),
/// which flutter_rust_bridge's runtime requires of every async function. So
/// the opening runs on a blocking thread of the same tokio runtime, whose
/// `block_on` has no such requirement; the pool stays on that runtime.
async fn open(dir: PathBuf) -> Result<(PathBuf, Iqrah)> {
    let runtime = tokio::runtime::Handle::try_current()
        .map_err(|e| anyhow!("internal: no async runtime: {e}"))?;
    let config = Config::new(dir.clone());
    let iqrah = tokio::task::spawn_blocking(move || {
        runtime.block_on(async {
            let iqrah = Iqrah::open(config).await?;
            iqrah.check_user_db().await?;
            Ok::<_, ApiError>(iqrah)
        })
    })
    .await
    .map_err(|e| anyhow!("internal: opening Iqrah failed: {e}"))?
    .map_err(api_error)?;
    Ok((dir, iqrah))
}

/// Starts a session for `goal_id`; an active session of the same learner and
/// goal is returned instead of a second one.
pub async fn start_session(user_id: String, goal_id: String) -> Result<SessionDto> {
    Ok(app()?
        .start_session(&UserId::new(user_id), goal_id)
        .await
        .map_err(api_error)?
        .into())
}

/// Starts a session for `goal_id` as asked: `practice_ahead` practises
/// items before their due time instead of ending with `done_for_today`;
/// `minutes` (1–240) is a time budget. An active session of the same
/// learner and goal is returned instead of a second one.
pub async fn start_session_with(
    user_id: String,
    goal_id: String,
    practice_ahead: bool,
    minutes: Option<u32>,
) -> Result<SessionDto> {
    let options = iqrah_api::SessionOptions {
        practice_ahead,
        minutes,
    };
    Ok(app()?
        .start_session_with(&UserId::new(user_id), goal_id, options)
        .await
        .map_err(api_error)?
        .0
        .into())
}

/// The learner's most recently started active session, if any.
pub async fn get_active_session(user_id: String) -> Result<Option<SessionDto>> {
    Ok(app()?
        .get_active_session(&UserId::new(user_id))
        .await
        .map_err(api_error)?
        .map(SessionDto::from))
}

/// The item the session waits for, the same every time; `None` when nothing is left.
pub async fn get_next_session_item(session_id: String) -> Result<Option<SessionItemDto>> {
    app()?
        .get_next_session_item(&UserId::local(), session_id)
        .await
        .map_err(api_error)?
        .map(SessionItemDto::from_api)
        .transpose()
}

/// Checks an answer to the current item. `answer_json` is one of
/// `{"kind":"choice","index":N}`, `{"kind":"order","order":[...]}`,
/// `{"kind":"text","text":"..."}` or `{"kind":"self_grade","rating":1..4}`.
pub async fn check_answer(
    session_id: String,
    node_id: String,
    answer_json: String,
    duration_ms: u64,
) -> Result<CheckResultDto> {
    let answer: Answer =
        serde_json::from_str(&answer_json).map_err(|e| anyhow!("invalid_answer: {e}"))?;
    let outcome = app()?
        .check_answer(&UserId::local(), session_id, node_id, answer, duration_ms)
        .await
        .map_err(api_error)?;
    let checked = outcome.outcome;
    Ok(CheckResultDto {
        correct: checked.correct,
        diff_json: checked.diff.as_ref().map(json).transpose()?,
        expected: checked.expected,
        suggested_grade: checked.suggested_rating.value(),
        marked: checked
            .marked
            .iter()
            .map(|&p| u32::try_from(p).unwrap_or(u32::MAX))
            .collect(),
        verse: outcome.verse.into(),
        next_verse: outcome.next.map(AnswerVerseDto::from),
    })
}

/// Records the grade (1–4) for the current item `node_id` and returns the
/// receipt with the item that now waits; a retried identical submit returns
/// the same receipt.
pub async fn submit_session_item(
    session_id: String,
    node_id: String,
    grade: u8,
    duration_ms: u64,
) -> Result<SubmitResultDto> {
    SubmitResultDto::from_api(
        app()?
            .submit_session_item(&UserId::local(), session_id, node_id, grade, duration_ms)
            .await
            .map_err(api_error)?,
    )
}

/// Like [`submit_session_item`], with the app's idempotency key for this
/// answer (1–64 letters, digits, `-`, `_`; a UUID): made once per answer and
/// sent again on a retry, which then returns the first receipt and records
/// nothing. A retry of an answer undone since fails with `answer_undone`.
pub async fn submit_session_item_once(
    session_id: String,
    node_id: String,
    grade: u8,
    duration_ms: u64,
    idempotency_key: String,
) -> Result<SubmitResultDto> {
    SubmitResultDto::from_api(
        app()?
            .submit_session_item_once(
                &UserId::local(),
                session_id,
                node_id,
                grade,
                duration_ms,
                idempotency_key,
            )
            .await
            .map_err(api_error)?,
    )
}

/// Reverts the last answer and returns its item, current again.
pub async fn undo_last_answer(session_id: String) -> Result<Option<SessionItemDto>> {
    app()?
        .undo_last_answer(&UserId::local(), session_id)
        .await
        .map_err(api_error)?
        .map(SessionItemDto::from_api)
        .transpose()
}

/// Ends the session ("end session"): never-reached items are skipped and
/// the summary returned; again, the same summary.
pub async fn complete_session(session_id: String) -> Result<SessionSummaryDto> {
    let done = app()?
        .complete_session(&UserId::local(), session_id)
        .await
        .map_err(api_error)?;
    Ok(SessionSummaryDto {
        summary_json: json(&done.summary)?,
        session: done.session.into(),
        goal_name: done.goal_name,
        missed: done
            .missed
            .into_iter()
            .map(|m| MissedDto {
                reference: m.reference,
                text: m.text,
                rating: m.rating,
                skill: m.skill.as_str().to_owned(),
            })
            .collect(),
    })
}

/// Skips the current item `node_id` once: it goes after every pending
/// item. Returns the item now current; a second skip of the same item
/// fails with `already_skipped`.
pub async fn skip_session_item(
    session_id: String,
    node_id: String,
) -> Result<Option<SessionItemDto>> {
    app()?
        .skip_session_item(&UserId::local(), session_id, node_id)
        .await
        .map_err(api_error)?
        .map(SessionItemDto::from_api)
        .transpose()
}

/// "I don't know / show answer" on the current item: recorded as an Again
/// (exactly once with an idempotency key), the verse shown whole.
pub async fn show_answer(
    session_id: String,
    node_id: String,
    duration_ms: u64,
    idempotency_key: Option<String>,
) -> Result<ShownAnswerDto> {
    let shown = app()?
        .show_answer(
            &UserId::local(),
            session_id,
            node_id,
            duration_ms,
            idempotency_key,
        )
        .await
        .map_err(api_error)?;
    Ok(ShownAnswerDto {
        receipt: shown.receipt,
        verse: shown.verse.into(),
        next: shown.next.map(SessionItemDto::from_api).transpose()?,
    })
}

/// Records the recitation of the current item `node_id`, a passage
/// (`recite_passage`): `marks_json` lists where the learner stumbled or
/// needed a prompt (`[{"verse":0,"word":2,"mark":"stumbled"},
/// {"verse":1,"word":null,"mark":"prompted"}]`, `[]` for none). Every verse
/// and link is graded in one transaction; exactly once with an idempotency
/// key. Errors: `invalid_answer` (unreadable marks), `invalid_passage`,
/// `not_a_passage`, `not_current_item`, `session_not_active`.
pub async fn submit_passage(
    session_id: String,
    node_id: String,
    marks_json: String,
    duration_ms: u64,
    idempotency_key: Option<String>,
) -> Result<PassageResultDto> {
    let marks: Vec<iqrah_api::PassageMark> =
        serde_json::from_str(&marks_json).map_err(|e| anyhow!("invalid_answer: {e}"))?;
    let done = app()?
        .submit_passage(
            &UserId::local(),
            session_id,
            node_id,
            marks,
            duration_ms,
            idempotency_key,
        )
        .await
        .map_err(api_error)?;
    Ok(PassageResultDto {
        receipt: done.receipt,
        verses: done.verses.into_iter().map(AnswerVerseDto::from).collect(),
        marks_json: json(&done.marks)?,
        grades: done
            .grades
            .into_iter()
            .map(|g| PassageGradeDto {
                node_id: g.node_id,
                rating: g.rating,
            })
            .collect(),
        next: done.next.map(SessionItemDto::from_api).transpose()?,
    })
}

/// Abandons an active session; its answers stay recorded.
pub async fn abandon_session(session_id: String) -> Result<SessionDto> {
    Ok(app()?
        .abandon_session(&UserId::local(), session_id)
        .await
        .map_err(api_error)?
        .into())
}

/// One session.
pub async fn get_session(session_id: String) -> Result<SessionDto> {
    Ok(app()?
        .get_session(&UserId::local(), session_id)
        .await
        .map_err(api_error)?
        .into())
}

/// The learner's sessions, newest first, at most `limit` (capped at 1000).
pub async fn list_sessions(user_id: String, limit: u32) -> Result<Vec<SessionDto>> {
    Ok(app()?
        .list_sessions(&UserId::new(user_id), limit)
        .await
        .map_err(api_error)?
        .into_iter()
        .map(SessionDto::from)
        .collect())
}

/// How well one set of FSRS parameters predicts the learner's own reviews.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvaluationDto {
    /// Log loss (lower is better).
    pub log_loss: f32,
    /// RMSE over bins of similar reviews (lower is better).
    pub rmse_bins: f32,
}

impl From<iqrah_api::Evaluation> for EvaluationDto {
    fn from(e: iqrah_api::Evaluation) -> Self {
        EvaluationDto {
            log_loss: e.log_loss,
            rmse_bins: e.rmse_bins,
        }
    }
}

/// What one fit of the learner's parameters found.
#[derive(Debug, Clone, PartialEq)]
pub struct FitReportDto {
    /// When it ran.
    pub fitted_at: i64,
    /// FSRS-6's defaults judged on the learner's log.
    pub default: EvaluationDto,
    /// The fitted parameters judged on the same log.
    pub fitted: EvaluationDto,
    /// Reviews read.
    pub reviews: u64,
    /// Of which the optimizer predicted: recitations on a later learner day
    /// than the verse's previous recitation.
    pub training_reviews: u64,
    /// Whether the fitted parameters are now in use (better than the defaults).
    pub kept: bool,
    /// The fitted parameters.
    pub parameters: Vec<f32>,
}

/// The FSRS parameters the learner's next session schedules with.
#[derive(Debug, Clone, PartialEq)]
pub struct SchedulingParametersDto {
    /// `default` or `fitted`.
    pub source: String,
    /// The parameters in use.
    pub parameters: Vec<f32>,
    /// When the parameters in use were fitted.
    pub fitted_at: Option<i64>,
    /// The defaults judged on the log of that fit.
    pub default: Option<EvaluationDto>,
    /// The parameters in use judged on it.
    pub fitted: Option<EvaluationDto>,
    /// Reviews that fit read.
    pub fitted_reviews: Option<u64>,
    /// When the log was last fitted or the parameters reset.
    pub last_checked_at: Option<i64>,
    /// Reviews in the log now.
    pub reviews: u64,
    /// Training reviews a fit needs.
    pub min_training_reviews: u64,
    /// The review count at which completing a session fits again.
    pub next_automatic_fit_at: u64,
}

impl From<iqrah_api::SchedulingParametersDto> for SchedulingParametersDto {
    fn from(p: iqrah_api::SchedulingParametersDto) -> Self {
        SchedulingParametersDto {
            source: p.source,
            parameters: p.parameters,
            fitted_at: p.fit.as_ref().map(|f| f.fitted_at.millis()),
            default: p.fit.as_ref().map(|f| f.default.into()),
            fitted: p.fit.as_ref().map(|f| f.fitted.into()),
            fitted_reviews: p.fit.as_ref().map(|f| f.reviews),
            last_checked_at: p.last_checked_at.map(|t| t.millis()),
            reviews: p.reviews,
            min_training_reviews: p.min_training_reviews,
            next_automatic_fit_at: p.next_automatic_fit_at,
        }
    }
}

/// Fits FSRS parameters to the learner's review log and keeps them when
/// they predict it better than the defaults; `not_enough_reviews` while the
/// log is too short.
pub async fn optimize(user_id: String) -> Result<FitReportDto> {
    let report = app()?
        .optimize(&UserId::new(user_id))
        .await
        .map_err(api_error)?;
    Ok(FitReportDto {
        fitted_at: report.fitted_at.millis(),
        default: report.default.into(),
        fitted: report.fitted.into(),
        reviews: report.reviews,
        training_reviews: report.training_reviews,
        kept: report.kept,
        parameters: report.parameters,
    })
}

/// The parameters the learner's next session uses: the defaults or fitted ones.
pub async fn scheduling_parameters(user_id: String) -> Result<SchedulingParametersDto> {
    Ok(app()?
        .scheduling_parameters(&UserId::new(user_id))
        .await
        .map_err(api_error)?
        .into())
}

/// Goes back to FSRS-6's default parameters from the next session.
pub async fn reset_parameters(user_id: String) -> Result<SchedulingParametersDto> {
    Ok(app()?
        .reset_parameters(&UserId::new(user_id))
        .await
        .map_err(api_error)?
        .into())
}

/// The first `count` words of the current recall item's verse, for a
/// screen that reveals them one by one on demand. Reads only; another item,
/// another exercise type or a closed session is refused.
pub async fn reveal_words(session_id: String, node_id: String, count: u32) -> Result<Vec<String>> {
    app()?
        .reveal_words(&UserId::local(), session_id, node_id, count)
        .await
        .map_err(api_error)
}

/// The learner's figures (verses new, learning and known, due load, streak,
/// measured retention, forecast, …) for everything or for one goal, as the
/// JSON text of the web API's `GET /api/v1/stats`.
pub async fn get_statistics(user_id: String, goal_id: Option<String>) -> Result<String> {
    json(
        &app()?
            .stats(&UserId::new(user_id), goal_id)
            .await
            .map_err(api_error)?,
    )
}

/// Each of the 604 pages of the Madani mushaf with its verses as new,
/// learning and known and its state as a whole (`new`, `begun`, `learning`,
/// `known`), as the JSON text of the web API's `GET /api/v1/pages`.
pub async fn get_page_progress(user_id: String) -> Result<String> {
    json(
        &app()?
            .page_progress(&UserId::new(user_id))
            .await
            .map_err(api_error)?,
    )
}

/// A goal a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDto {
    /// What the search was read as: `surah`, `juz`, `page` or `verses`.
    pub kind: String,
    /// The goal, for `start_session` (`surah:112`, `page:42`, …).
    pub goal_id: String,
    /// The goal as a learner names it ("Al-Ikhlas", "Page 42").
    pub title: String,
    /// A surah's Arabic name; `None` for the other kinds.
    pub name_arabic: Option<String>,
}

/// The goals a search box's text names, best first: a surah by number or
/// by name in either script (`ikhlas`, `الإخلاص`), a juz (`juz 30`), a
/// mushaf page (`page 42`), verses (`2:255`). Nothing found is an empty
/// list; a query over 100 characters is `invalid_search`.
pub async fn find_goals(query: String) -> Result<Vec<FoundDto>> {
    app()?
        .find(&query)
        .await
        .map_err(api_error)?
        .into_iter()
        .map(|f| {
            Ok(FoundDto {
                kind: json_text(&f.kind)?,
                goal_id: f.goal_id,
                title: f.title,
                name_arabic: f.name_arabic,
            })
        })
        .collect()
}

/// A verse and the verses that look like it (mutashabihat).
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarDto {
    /// The verse asked about (`2:5`).
    pub key: String,
    /// Its surah's transliterated name.
    pub surah_name: String,
    /// Its page in the Madani mushaf, 1–604.
    pub page: u16,
    /// Its exact Uthmani text.
    pub text: String,
    /// Its words in reading order.
    pub words: Vec<String>,
    /// The verses that look like it, the most alike first.
    pub look_alikes: Vec<LookAlikeDto>,
}

/// One verse that looks like a [`SimilarDto`]'s verse.
#[derive(Debug, Clone, PartialEq)]
pub struct LookAlikeDto {
    /// The look-alike verse (`31:5`).
    pub key: String,
    /// Its surah's transliterated name.
    pub surah_name: String,
    /// Its surah's Arabic name.
    pub surah_name_arabic: String,
    /// Its page in the Madani mushaf.
    pub page: u16,
    /// Its exact Uthmani text.
    pub text: String,
    /// Its words in reading order.
    pub words: Vec<String>,
    /// How the two look alike: `identical`, `differs_by_words`,
    /// `shared_run`, `shared_words`, `same_opening` or `same_ending`.
    pub likeness: String,
    /// The same, as a learner reads it ("a word or two differ").
    pub likeness_label: String,
    /// The share of their words in common, in order, 0–1.
    pub score: f32,
    /// The longest run of words the two share.
    pub shared_run: u32,
    /// Positions (from 0) in this verse's `words` that the asked verse
    /// does not have there.
    pub differing: Vec<u32>,
    /// Positions in the asked verse's words that this verse does not have.
    pub verse_differing: Vec<u32>,
    /// When the pair is part of a look-alike passage (consecutive verses
    /// alike verse by verse): the run around this verse (`70:29-32`).
    pub passage: Option<String>,
    /// The run around the asked verse in that passage (`23:5-8`).
    pub verse_passage: Option<String>,
}

/// The verse `key` and the verses that look like it, with the words that
/// differ marked on both sides; a key that names no verse is
/// `invalid_reference`.
pub async fn similar_verses(key: String) -> Result<SimilarDto> {
    let similar = app()?.similar(&key).await.map_err(api_error)?;
    Ok(SimilarDto {
        key: similar.key,
        surah_name: similar.surah_name,
        page: similar.page,
        text: similar.text,
        words: similar.words,
        look_alikes: similar
            .look_alikes
            .into_iter()
            .map(|l| LookAlikeDto {
                key: l.key,
                surah_name: l.surah_name,
                surah_name_arabic: l.surah_name_arabic,
                page: l.page,
                text: l.text,
                words: l.words,
                likeness: l.likeness.as_str().to_owned(),
                likeness_label: l.likeness_label,
                score: l.score,
                shared_run: l.shared_run,
                differing: l.differing,
                verse_differing: l.verse_differing,
                passage: l.passage,
                verse_passage: l.verse_passage,
            })
            .collect(),
    })
}

/// The learner's settings, as the JSON text of the web API's
/// `GET /api/v1/settings`.
pub async fn get_settings(user_id: String) -> Result<String> {
    json(
        &app()?
            .settings(&UserId::new(user_id))
            .await
            .map_err(api_error)?,
    )
}

/// Changes the settings `patch_json` names (`{"desired_retention":0.85}`;
/// the keys of the settings JSON, each optional), keeping the others, and
/// returns all of them as JSON; a refused change changes nothing. Takes
/// effect from the next session.
pub async fn update_settings(user_id: String, patch_json: String) -> Result<String> {
    let patch: iqrah_api::SettingsPatch =
        serde_json::from_str(&patch_json).map_err(|e| anyhow!("invalid_setting: {e}"))?;
    json(
        &app()?
            .patch_settings(&UserId::new(user_id), patch)
            .await
            .map_err(api_error)?,
    )
}

/// One statement of what the learner already knows: a goal (`surah:112`,
/// `juz:30`, `page:600`, `range:2:1-2:20`; not `review`) and a level
/// (`solid`, `shaky` or `rusty`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementMarkDto {
    /// The verses.
    pub goal: String,
    /// How well the learner knows them.
    pub level: String,
}

/// What a placement did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementDto {
    /// The verses the marks cover.
    pub verses: u32,
    /// Items (a verse's memorization, the link to the next verse) given a
    /// first memory state.
    pub placed: u32,
    /// Items that already had a state and keep it.
    pub kept: u32,
}

/// Places what the learner says they already know: every mark's verses at
/// its level get a first memory state (the items they already practised
/// keep theirs; meaning stays new), their first reviews spread over the
/// next days, in one transaction. No marks (`invalid_placement`), a bad
/// goal or `review` (`invalid_goal`) or level (`invalid_level`) is
/// refused and changes nothing.
pub async fn place_known_verses(
    user_id: String,
    marks: Vec<PlacementMarkDto>,
) -> Result<PlacementDto> {
    let marks = marks
        .into_iter()
        .map(|m| iqrah_api::PlacementMarkDto::new(m.goal, m.level))
        .collect();
    let placed = app()?
        .place(&UserId::new(user_id), marks)
        .await
        .map_err(api_error)?;
    Ok(PlacementDto {
        verses: placed.verses,
        placed: placed.placed,
        kept: placed.kept,
    })
}
