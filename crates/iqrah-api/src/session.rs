//! Practice sessions: the original design's four functions and the calls
//! beside them. Each call that changes data is one transaction of the
//! learner's database; the decisions are the core's.
//!
//! Starting a session for a goal while another goal's session is active
//! leaves that other session active and untouched: both can be resumed
//! (`get_session`, `list_sessions`), and `get_active_session` returns the
//! most recently started one. Nothing is lost.

use std::str::FromStr;

use iqrah_core::exercise::{Answer, answer_fits, check};
use iqrah_core::goal::Goal;
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::Scheduler;
use iqrah_core::planner::{PlanRequest, plan, review_confusions};
use iqrah_core::progress::{learner_day, learner_day_start, verse_progress};
use iqrah_core::session::{
    IdempotencyKey, decide_keyed_submit, decide_show_answer, decide_skip, decide_submit,
    decide_undo, relearning_exercise, require_current,
};
use iqrah_core::summary::missed;
use iqrah_core::time::Timestamp;
use iqrah_store::{
    NewItem, NewSession, Recorded, SessionContext, SessionId, SessionRow, StoreError, UserId,
    UserStore,
};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::progress::practised_states;
use crate::session_dto::{
    AnswerVerseDto, CheckResultDto, MissedDto, SessionDto, SessionItemDto, SessionSummaryDto,
    ShownAnswerDto, SubmitResultDto,
};

/// The most sessions `list_sessions` returns.
pub const MAX_LIST_LIMIT: u32 = 1000;

/// Checks a user id: 1–64 characters among letters, digits, `.`, `_`, `@`, `-`.
pub(crate) fn check_user(user: &UserId) -> Result<(), ApiError> {
    let user_id = user.as_str();
    let valid = (1..=64).contains(&user_id.len())
        && user_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._@-".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(ApiError::InvalidUser(iqrah_quran::shorten(user_id)))
    }
}

/// A store error as the API reports it, with an unknown session's id
/// shortened as everywhere else.
pub(crate) fn unknown_session(error: StoreError, session_id: &str) -> ApiError {
    match error {
        StoreError::SessionNotFound(_) => {
            ApiError::UnknownSession(iqrah_quran::shorten(session_id))
        }
        other => other.into(),
    }
}

/// What a learner asks of a new session beyond their settings. JSON:
/// `{"practice_ahead":false,"minutes":15}` (both optional; unknown fields
/// are refused).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionOptions {
    /// Practise items ahead of their due time once the goal's due items,
    /// today's new verses and the manzil are done, instead of ending with
    /// `done_for_today`.
    pub practice_ahead: bool,
    /// A time budget of 1 to 240 minutes, on top of the session size
    /// (`invalid_minutes` otherwise).
    pub minutes: Option<u32>,
}

/// The longest time budget a session takes, in minutes.
pub const MAX_SESSION_MINUTES: u32 = 240;

/// The learner is done for today: when the next item comes due and how
/// many come due on the learner's next day, from their memory states.
fn done_for_today(
    goal_name: &str,
    states: &std::collections::HashMap<ItemKey, iqrah_core::memory::MemoryState>,
    now: Timestamp,
    day_start_offset_ms: i64,
) -> ApiError {
    let today = learner_day(now, day_start_offset_ms);
    let next_due_at = states.values().map(|state| state.due).min();
    let due_tomorrow = states
        .values()
        .filter(|state| learner_day(state.due, day_start_offset_ms) == today + 1)
        .count();
    let due_tomorrow = u32::try_from(due_tomorrow).unwrap_or(u32::MAX);
    let tomorrow = match due_tomorrow {
        1 => "1 item comes due tomorrow".to_owned(),
        n => format!("{n} items come due tomorrow"),
    };
    let next = match next_due_at {
        None => "nothing comes due yet".to_owned(),
        Some(due) => {
            let days = learner_day(due, day_start_offset_ms)
                .saturating_sub(today)
                .max(0);
            match (days, due_tomorrow) {
                (0, 0) => "the next item comes due later today".to_owned(),
                (0, _) => format!("the next item comes due later today; {tomorrow}"),
                (1, _) => tomorrow,
                (days, _) => format!(
                    "the next item comes due {}",
                    iqrah_core::time::describe_days(u32::try_from(days).unwrap_or(u32::MAX))
                ),
            }
        }
    };
    ApiError::DoneForToday {
        next_due_at,
        due_tomorrow,
        message: format!(
            "Done for today: nothing in {goal_name} is due and today's new verses are learned; {next}. Practise ahead to go on."
        ),
    }
}

impl Iqrah {
    /// The goal `goal_id` as a learner names it ("Al-Ikhlas", "Juz 30"):
    /// [`Goal::title`] with the surahs' transliterated names; the id itself
    /// when it is not a goal or the text cannot be read.
    pub async fn goal_title(&self, goal_id: &str) -> String {
        let Ok(goal) = goal_id.parse::<Goal>() else {
            return goal_id.to_owned();
        };
        match self.content.quran().await {
            Ok(quran) => goal_name(&goal, quran),
            Err(_) => goal_id.to_owned(),
        }
    }
}

/// The goal as a learner names it ([`Goal::title`] with the surahs'
/// transliterated names).
pub(crate) fn goal_name(goal: &Goal, quran: &iqrah_quran::Quran) -> String {
    goal.title(|number| quran.surah(number).map(|s| s.name_transliterated.clone()))
}

/// How an answer is graded: by the learner's grade, or as an Again because
/// the learner asked to see the answer.
#[derive(Debug, Clone, Copy)]
enum Graded {
    Grade(u8),
    ShowAnswer,
}

impl Iqrah {
    /// The learner's session (`unknown_session` for another learner's).
    pub(crate) async fn session_row(
        &self,
        user: &UserId,
        session_id: &str,
    ) -> Result<SessionRow, ApiError> {
        let store = self.store().await?;
        store
            .session(user, &SessionId::new(session_id))
            .await?
            .ok_or_else(|| ApiError::UnknownSession(iqrah_quran::shorten(session_id)))
    }

    /// Starts a session for `goal_id` with the default [`SessionOptions`]
    /// and returns it; an active session of the same learner and goal is
    /// returned instead of creating a second.
    pub async fn start_session(
        &self,
        user: &UserId,
        goal_id: String,
    ) -> Result<SessionDto, ApiError> {
        Ok(self.start_or_resume_session(user, goal_id).await?.0)
    }

    /// Like [`Iqrah::start_session`], also saying whether the session was
    /// created (`true`) or is the active one returned again (`false`).
    pub async fn start_or_resume_session(
        &self,
        user: &UserId,
        goal_id: String,
    ) -> Result<(SessionDto, bool), ApiError> {
        self.start_session_with(user, goal_id, SessionOptions::default())
            .await
    }

    /// Starts a session for `goal_id` as `options` ask, saying whether it
    /// was created (`true`) or is the learner's active session of the goal
    /// returned again (`false`, whatever the options). The plan counts the
    /// new verses already introduced since the start of the learner's day,
    /// and their pages, against `new_verses_per_day` (or
    /// `new_pages_per_day`). When nothing is left for today and
    /// `options.practice_ahead` is false: `done_for_today`, with when the
    /// next item comes due. `invalid_minutes` for a budget outside 1–240.
    pub async fn start_session_with(
        &self,
        user: &UserId,
        goal_id: String,
        options: SessionOptions,
    ) -> Result<(SessionDto, bool), ApiError> {
        check_user(user)?;
        if let Some(minutes) = options.minutes
            && !(1..=MAX_SESSION_MINUTES).contains(&minutes)
        {
            return Err(ApiError::InvalidMinutes(minutes));
        }
        let goal = Goal::from_str(&goal_id)?;
        let goal_id = goal.to_string();
        let store = self.store().await?;
        if let Some(active) = store.active_session_for_goal(user, &goal_id).await? {
            return Ok((SessionDto::from(&active), false));
        }
        let (settings, states) = practised_states(store, user).await?;
        let parameters = self.parameters_in_use(user).await?;
        let scheduler = Scheduler::for_learner(&parameters, &settings);
        let material = self.material(&settings.translation_language).await?;
        let quran = self.content.quran().await?;
        let context = material.context(quran);
        let now = self.now();
        let offset = settings.day_start_offset_ms();
        let day_start = learner_day_start(learner_day(now, offset), offset);
        let introduced_today = store.items_introduced(user, day_start).await?;
        let id = uuid::Uuid::new_v4();
        let seed = id.as_u64_pair().0;
        let request = PlanRequest {
            practice_ahead: options.practice_ahead,
            minutes: options.minutes,
            // Every client of the API renders passages (the web app, the
            // CLI; the bridge documents them).
            passages: true,
            ..PlanRequest::default()
        }
        .introduced_today(&introduced_today);
        let planned = plan(
            &goal, &states, &settings, now, seed, &scheduler, request, &context,
        )
        .map_err(|e| ApiError::Internal(e.to_string()))?;
        let confusions = self.open_confusions(user).await?;
        let planned = review_confusions(planned, &confusions, &states, &context, seed);
        if planned.is_empty() {
            if goal == Goal::Review && states.is_empty() {
                return Err(ApiError::NothingToPractise {
                    goal: goal_id,
                    reason: "review holds only verses already started; start a surah, juz or range goal first",
                });
            }
            if options.practice_ahead {
                return Err(ApiError::NothingToPractise {
                    goal: goal_id,
                    reason: "nothing of it was started to practise ahead and no new verse is left for today",
                });
            }
            return Err(done_for_today(
                &goal_name(&goal, quran),
                &states,
                now,
                offset,
            ));
        }
        let goal_before = verse_progress(
            goal.verses(&states),
            &states,
            &scheduler,
            now,
            settings.desired_retention,
        );
        let session = NewSession {
            id: SessionId::new(id.to_string()),
            seed: seed as i64,
            goal_before,
            settings,
            parameters,
            items: planned
                .into_iter()
                .map(|p| NewItem {
                    item: p.item,
                    reason: p.reason,
                    exercise: p.exercise,
                })
                .collect(),
        };
        let (row, created) = store.create_session(user, &goal_id, now, session).await?;
        Ok((SessionDto::from(&row), created))
    }

    /// The item the session waits for, the same payload every time (until
    /// the day changes: `grades` previews each grade from now); `None`
    /// when nothing is left. The previews use the session's scheduler (its
    /// parameters and settings) and the item's memory state now, as a
    /// submit would.
    pub async fn get_next_session_item(
        &self,
        user: &UserId,
        session_id: String,
    ) -> Result<Option<SessionItemDto>, ApiError> {
        let view = self.session_view(user, &session_id).await?;
        Ok(self.current_item_dto(&view))
    }

    /// What a decision about the session would see, read without writing.
    async fn session_view(
        &self,
        user: &UserId,
        session_id: &str,
    ) -> Result<SessionContext, ApiError> {
        let store = self.store().await?;
        store
            .session_view(user, &SessionId::new(session_id))
            .await
            .map_err(|e| unknown_session(e, session_id))
    }

    /// The current item of `view` with its grade previews at now.
    pub(crate) fn current_item_dto(&self, view: &SessionContext) -> Option<SessionItemDto> {
        let now = self.now();
        view.current.as_ref().map(|item| {
            let scheduler = view.scheduler();
            let grades = scheduler.preview(
                view.current_state.as_ref(),
                now,
                view.settings.desired_retention,
            );
            SessionItemDto::new(
                &view.session,
                item,
                view.session.items_completed + 1,
                grades,
            )
        })
    }

    /// Skips the current item `node_id`: it goes after every pending item
    /// of the session, at most once per item (`already_skipped` the second
    /// time). Nothing else changes (no grade, no memory state). Returns the
    /// item now current (the same one when it was the only one left).
    pub async fn skip_session_item(
        &self,
        user: &UserId,
        session_id: String,
        node_id: String,
    ) -> Result<Option<SessionItemDto>, ApiError> {
        let store = self.store().await?;
        let session = SessionId::new(session_id.as_str());
        store
            .skip(user, &session, |ctx| {
                decide_skip(ctx.session.status, ctx.rule_items(), &node_id)
            })
            .await
            .map_err(|e| unknown_session(e, &session_id))?;
        self.get_next_session_item(user, session_id).await
    }

    /// "I don't know / show answer" on the current item `node_id`, shown
    /// for `duration_ms`: recorded as an Again through the submit's path
    /// (its relearning copy, the review log, the memory state), exactly
    /// once with an idempotency key (a retry returns the first receipt).
    /// Returns the receipt, the item's verse whole and the item now current.
    pub async fn show_answer(
        &self,
        user: &UserId,
        session_id: String,
        node_id: String,
        duration_ms: u64,
        idempotency_key: Option<String>,
    ) -> Result<ShownAnswerDto, ApiError> {
        let key = idempotency_key
            .as_deref()
            .map(IdempotencyKey::new)
            .transpose()?;
        let Recorded {
            receipt,
            next: view,
        } = self
            .record_answer(
                user,
                session_id,
                node_id.clone(),
                Graded::ShowAnswer,
                duration_ms,
                key,
            )
            .await?;
        // The verse in the session's translation, as a check shows it.
        let item = ItemKey::from_str(&node_id)
            .map_err(|e| ApiError::Internal(format!("a recorded node does not parse: {e}")))?;
        let verse = self
            .answer_verse(item.verse(), &view.settings.translation_language)
            .await?;
        Ok(ShownAnswerDto {
            receipt: receipt.to_string(),
            verse,
            next: self.current_item_dto(&view),
        })
    }

    /// A verse whole, with its translation in `language`.
    async fn answer_verse(
        &self,
        key: iqrah_quran::VerseKey,
        language: &str,
    ) -> Result<AnswerVerseDto, ApiError> {
        let quran = self.content.quran().await?;
        let translation = self.content.translation(language).await?;
        Ok(AnswerVerseDto::new(quran.verse(key), &translation))
    }

    /// Records the learner's grade (1–4) for the current item `node_id`,
    /// updating its memory state and the review log in one transaction, and
    /// returns the receipt (the session item's id) with the item that now
    /// waits (read in the same transaction, after the write; `None` when
    /// nothing is left). A grade of 1 brings the
    /// item back a few items later. A submit identical to the last recorded
    /// one (node, grade, duration) is taken for a retry: it returns the same
    /// receipt and records nothing. `duration_ms` is at most one hour. A
    /// client that retries should send a key with each answer
    /// ([`Iqrah::submit_session_item_once`]).
    pub async fn submit_session_item(
        &self,
        user: &UserId,
        session_id: String,
        node_id: String,
        grade: u8,
        duration_ms: u64,
    ) -> Result<SubmitResultDto, ApiError> {
        let recorded = self
            .record_answer(
                user,
                session_id,
                node_id,
                Graded::Grade(grade),
                duration_ms,
                None,
            )
            .await?;
        Ok(self.submit_result(&recorded))
    }

    /// A submit's receipt with the item that now waits.
    fn submit_result(&self, recorded: &Recorded) -> SubmitResultDto {
        SubmitResultDto {
            receipt: recorded.receipt.to_string(),
            next: self.current_item_dto(&recorded.next),
        }
    }

    /// Like [`Iqrah::submit_session_item`], with the client's idempotency
    /// key for this answer (1–64 letters, digits, `-`, `_`; a UUID): the
    /// client makes one per answer and sends the same again when it
    /// retries. A retry returns the first receipt and writes nothing,
    /// whatever the session looks like now; a new key is a new answer (also
    /// an identical one, to a relearning copy); the same key with another
    /// answer is refused (`idempotency_key_reused`), and so is a retry of an
    /// answer undone since (`answer_undone`). Returns the receipt and the
    /// item that now waits, as [`Iqrah::submit_session_item`].
    pub async fn submit_session_item_once(
        &self,
        user: &UserId,
        session_id: String,
        node_id: String,
        grade: u8,
        duration_ms: u64,
        idempotency_key: String,
    ) -> Result<SubmitResultDto, ApiError> {
        let key = IdempotencyKey::new(&idempotency_key)?;
        let recorded = self
            .record_answer(
                user,
                session_id,
                node_id,
                Graded::Grade(grade),
                duration_ms,
                Some(key),
            )
            .await?;
        Ok(self.submit_result(&recorded))
    }

    /// The one path of every recorded answer: a submit's grade or a shown
    /// answer. Returns the receipt with the session after the answer.
    async fn record_answer(
        &self,
        user: &UserId,
        session_id: String,
        node_id: String,
        graded: Graded,
        duration_ms: u64,
        key: Option<IdempotencyKey>,
    ) -> Result<Recorded, ApiError> {
        let grade = match graded {
            Graded::Grade(grade) => grade,
            Graded::ShowAnswer => iqrah_core::memory::Rating::Again.value(),
        };
        let store = self.store().await?;
        let session = SessionId::new(session_id.as_str());
        // Only an Again needs a fresh exercise for its relearning copy, in
        // the translation the session started with (the learner may have
        // changed theirs since).
        let material = if grade == 1 {
            let view = self.session_view(user, &session_id).await?;
            Some(self.material(&view.settings.translation_language).await?)
        } else {
            None
        };
        let quran = self.content.quran().await?;
        let now = self.now();
        store
            .submit(user, &session, key.as_ref(), |ctx| {
                let rules = ctx.rule_items();
                let status = ctx.session.status;
                let decision = match (&key, graded) {
                    (key, Graded::ShowAnswer) => decide_show_answer(
                        status,
                        rules,
                        key.as_ref().map(|k| (k, ctx.keyed_answer.as_ref())),
                        &node_id,
                        duration_ms,
                    ),
                    (Some(key), Graded::Grade(_)) => decide_keyed_submit(
                        status,
                        rules,
                        key,
                        ctx.keyed_answer.as_ref(),
                        &node_id,
                        grade,
                        duration_ms,
                    ),
                    (None, Graded::Grade(_)) => {
                        decide_submit(status, rules, &node_id, grade, duration_ms)
                    }
                }?;
                // The session's own parameters and learner day: a fit or a
                // settings change takes effect from the next session.
                let scheduler = ctx.scheduler();
                let answering = ctx.answering(&scheduler, now, duration_ms);
                Ok(decision.into_write(answering, |item, place| {
                    let m = material.as_ref()?;
                    let context = m.context(quran);
                    relearning_exercise(&context, ctx.session.seed as u64, item, place)
                }))
            })
            .await
            .map_err(|e| unknown_session(e, &session_id))
    }

    /// Checks an answer to the current item `node_id` (given `duration_ms`
    /// after it was shown): right or wrong, the expected answer, a word diff
    /// for typed answers and a suggested grade. The answer is recorded on the
    /// item (the last check counts); nothing else changes until the submit.
    /// An answer that does not fit the exercise (another kind, an index out
    /// of range) is refused (`invalid_answer`) and nothing is recorded.
    pub async fn check_answer(
        &self,
        user: &UserId,
        session_id: String,
        node_id: String,
        answer: Answer,
        duration_ms: u64,
    ) -> Result<CheckResultDto, ApiError> {
        let store = self.store().await?;
        let session = SessionId::new(session_id.as_str());
        let checked = store
            .record_check(user, &session, |ctx| {
                let current = require_current(
                    ctx.session.status,
                    ctx.current.as_ref(),
                    |c| c.item.item,
                    &node_id,
                )?;
                answer_fits(&current.exercise.prompt, &answer)?;
                let outcome = check(
                    &current.exercise.prompt,
                    &current.exercise.solution,
                    &answer,
                    duration_ms,
                );
                Ok((
                    answer.clone(),
                    outcome.as_ref().ok().and_then(|o| o.correct),
                    (
                        outcome,
                        current.item.item,
                        ctx.settings.translation_language.clone(),
                    ),
                ))
            })
            .await
            .map_err(|e| unknown_session(e, &session_id))?;
        let (outcome, item, language) = checked;
        let outcome = outcome.map_err(|e| ApiError::Internal(e.to_string()))?;
        let verse = self.answer_verse(item.verse(), &language).await?;
        let next = match item.verse().next_in_surah() {
            Some(next) if item.skill() == Skill::Continuity => {
                Some(self.answer_verse(next, &language).await?)
            }
            _ => None,
        };
        let confusion = match outcome.confused_with {
            Some(other) => {
                let quran = self.content.quran().await?;
                let look_alikes = self.content.all_look_alikes().await?;
                Some(crate::confusions::look_alike_dto(
                    quran,
                    look_alikes,
                    item.verse(),
                    other,
                ))
            }
            None => None,
        };
        Ok(CheckResultDto {
            outcome,
            verse,
            next,
            confusion,
        })
    }

    /// Reverts the last answer of an active session exactly (its memory
    /// state restored from the review log) and returns the item, current again.
    pub async fn undo_last_answer(
        &self,
        user: &UserId,
        session_id: String,
    ) -> Result<Option<SessionItemDto>, ApiError> {
        let store = self.store().await?;
        let session = SessionId::new(session_id.as_str());
        store
            .undo(user, &session, |ctx| {
                decide_undo(ctx.session.status, ctx.rule_items())
            })
            .await
            .map_err(|e| unknown_session(e, &session_id))?;
        self.get_next_session_item(user, session_id).await
    }

    /// Closes the session: never-reached items are recorded as skipped (no
    /// memory change) and the summary is returned. Calling it again returns
    /// the same summary.
    pub async fn complete_session(
        &self,
        user: &UserId,
        session_id: String,
    ) -> Result<SessionSummaryDto, ApiError> {
        let row = self.session_row(user, &session_id).await?;
        let session = row.id;
        let store = self.store().await?;
        let goal = Goal::from_str(&row.goal_id)?;
        let now = self.now();
        let summary = store
            .complete(user, &session, now, |ctx| ctx.summarize(&goal, now))
            .await?;
        let row = self.session_row(user, &session_id).await?;
        self.fit_in_background(user);
        let quran = self.content.quran().await?;
        let items = store.session_items(user, &session).await?;
        let rules: Vec<_> = items.into_iter().map(|i| i.item).collect();
        Ok(SessionSummaryDto {
            session: SessionDto::from(&row),
            goal_name: goal_name(&goal, quran),
            missed: missed(&rules)
                .into_iter()
                .map(|m| MissedDto {
                    reference: m.item.verse().to_string(),
                    text: quran.verse(m.item.verse()).text.clone(),
                    rating: m.rating.value(),
                    skill: m.item.skill(),
                })
                .collect(),
            summary,
        })
    }

    /// Abandons an active session; its answers stay recorded.
    pub async fn abandon_session(
        &self,
        user: &UserId,
        session_id: String,
    ) -> Result<SessionDto, ApiError> {
        let store = self.store().await?;
        let row = store
            .abandon(user, &SessionId::new(session_id), self.now())
            .await?;
        Ok(SessionDto::from(&row))
    }

    /// One session.
    pub async fn get_session(
        &self,
        user: &UserId,
        session_id: String,
    ) -> Result<SessionDto, ApiError> {
        Ok(SessionDto::from(
            &self.session_row(user, &session_id).await?,
        ))
    }

    /// The learner's most recently started active session, if any.
    pub async fn get_active_session(&self, user: &UserId) -> Result<Option<SessionDto>, ApiError> {
        check_user(user)?;
        let store = self.store().await?;
        Ok(store
            .active_session(user)
            .await?
            .as_ref()
            .map(SessionDto::from))
    }

    /// The learner's sessions, newest first, at most `limit` (capped at 1000).
    pub async fn list_sessions(
        &self,
        user: &UserId,
        limit: u32,
    ) -> Result<Vec<SessionDto>, ApiError> {
        check_user(user)?;
        let store = self.store().await?;
        let rows = store.sessions(user, limit.min(MAX_LIST_LIMIT)).await?;
        Ok(rows.iter().map(SessionDto::from).collect())
    }
}
