//! Classes on a shared server: a teacher makes a class and hands out its
//! join code; learners join and leave; the teacher reads each member's
//! progress (never changes it).
//!
//! A teacher's calls name the teacher, and the store scopes every lookup
//! by them: another teacher's class is an unknown class, and a member's
//! figures are read only after their membership of the teacher's class is
//! found.

use std::str::FromStr;

use iqrah_core::goal::Goal;
use iqrah_core::progress::{VerseProgress, verses_at_risk};
use iqrah_core::stats::{Retention, compute};
use iqrah_core::time::Timestamp;
use iqrah_postgres::PgStore;
use iqrah_store::{
    AccountStore, ClassId, ClassRecord, ClassStore, NewClass, StoreError, UserId, UserStore,
};
use serde::{Deserialize, Serialize};

use crate::accounts::{AccountError, random_code};
use crate::app::Iqrah;
use crate::error::ApiError;
use crate::progress::{SessionHistoryDto, practised_states};

/// The longest class name, in characters.
pub const MAX_CLASS_NAME_CHARS: usize = 80;
/// Recent sessions shown per member in the teacher's view.
pub const RECENT_SESSIONS: u32 = 5;

/// A class as the interfaces show it. The join code is shown to its
/// teacher only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDto {
    /// Its id.
    pub id: ClassId,
    /// Its name.
    pub name: String,
    /// The goal its progress is counted in (`juz:30`), or none: the whole
    /// Quran.
    pub goal: Option<String>,
    /// Its teacher's user name.
    pub teacher: String,
    /// The code learners join with (its teacher's view only).
    pub join_code: Option<String>,
    /// When it was made, ms since the epoch.
    pub created_at: Timestamp,
}

impl ClassDto {
    fn of(class: &ClassRecord, for_teacher: bool) -> Self {
        ClassDto {
            id: class.id.clone(),
            name: class.name.clone(),
            goal: class.goal.clone(),
            teacher: class.teacher_name.to_string(),
            join_code: for_teacher.then(|| class.join_code.clone()),
            created_at: class.created_at,
        }
    }
}

/// The learner's classes: those they teach and those they joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassesDto {
    /// The classes they made (teachers), newest first.
    pub taught: Vec<ClassDto>,
    /// The classes they are a member of, by name.
    pub joined: Vec<ClassDto>,
}

/// One member's progress, as their teacher reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberProgressDto {
    /// The member's user name.
    pub username: String,
    /// When they joined, ms since the epoch.
    pub joined_at: Timestamp,
    /// The verses of the class's goal as new, learning and known.
    pub verses: VerseProgress,
    /// Items of the goal due now (today's load).
    pub due_today: u32,
    /// Consecutive practice days up to today.
    pub streak_days: u32,
    /// Measured retention over the last 30 days.
    pub retention: Retention,
    /// Started verses of the goal recalled with less than 0.8 probability
    /// now (`iqrah_core::progress::AT_RISK_RETRIEVABILITY`), as keys.
    pub at_risk: Vec<String>,
    /// Their last sessions, newest first.
    pub recent_sessions: Vec<SessionHistoryDto>,
}

/// A class with every member's progress: the teacher's view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassProgressDto {
    /// The class.
    pub class: ClassDto,
    /// Its members, by user name.
    pub members: Vec<MemberProgressDto>,
}

/// Random bytes in a join code: 5, shown as 10 hex digits, unique per
/// server (a clash draws again).
const JOIN_CODE_BYTES: usize = 5;

impl Iqrah {
    /// The server's database, for classes (PostgreSQL only).
    async fn class_store(&self) -> Result<&PgStore, ApiError> {
        self.store()
            .await?
            .accounts()
            .ok_or(ApiError::Account(AccountError::NoAccounts))
    }

    /// Makes a class taught by `teacher` (a teacher or admin), counting
    /// progress in `goal` when given.
    pub async fn create_class(
        &self,
        teacher: &UserId,
        name: &str,
        goal: Option<&str>,
    ) -> Result<ClassDto, ApiError> {
        let store = self.class_store().await?;
        let account = store
            .account(teacher)
            .await?
            .ok_or(AccountError::SignInRequired)?;
        if !account.role.can_teach() {
            return Err(AccountError::NotAllowed("only a teacher may make a class").into());
        }
        let name = name.trim();
        if !(1..=MAX_CLASS_NAME_CHARS).contains(&name.chars().count()) {
            return Err(ClassError::InvalidName.into());
        }
        let goal = goal
            .map(str::trim)
            .filter(|goal| !goal.is_empty())
            .map(|goal| Goal::from_str(goal).map(|goal| goal.to_string()))
            .transpose()?;
        // A clash of join codes is rare (2^40 codes); draw again a few times.
        for _ in 0..4 {
            let class = NewClass {
                id: ClassId::new(uuid::Uuid::new_v4().to_string()),
                teacher: teacher.clone(),
                name: name.to_owned(),
                goal: goal.clone(),
                join_code: random_code::<JOIN_CODE_BYTES>()?,
            };
            match store.create_class(class, self.now()).await {
                Ok(made) => return Ok(ClassDto::of(&made, true)),
                Err(StoreError::JoinCodeTaken) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(ApiError::Internal(
            "no free join code after four draws".to_owned(),
        ))
    }

    /// The classes `user` teaches and has joined.
    pub async fn classes(&self, user: &UserId) -> Result<ClassesDto, ApiError> {
        let store = self.class_store().await?;
        let taught = store.classes_taught(user).await?;
        let joined = store.classes_joined(user).await?;
        Ok(ClassesDto {
            taught: taught.iter().map(|c| ClassDto::of(c, true)).collect(),
            joined: joined.iter().map(|c| ClassDto::of(c, false)).collect(),
        })
    }

    /// Makes `learner` a member of the class with this join code.
    pub async fn join_class(&self, learner: &UserId, code: &str) -> Result<ClassDto, ApiError> {
        let store = self.class_store().await?;
        let code = code.trim().to_ascii_lowercase();
        let class = store
            .join_class(learner, &code, self.now())
            .await?
            .ok_or(ClassError::UnknownJoinCode)?;
        Ok(ClassDto::of(&class, false))
    }

    /// Ends `learner`'s membership of a class.
    pub async fn leave_class(&self, learner: &UserId, class: &str) -> Result<(), ApiError> {
        let store = self.class_store().await?;
        if store.leave_class(learner, &ClassId::new(class)).await? {
            Ok(())
        } else {
            Err(ClassError::UnknownClass(iqrah_quran::shorten(class)).into())
        }
    }

    /// Deletes one of `teacher`'s classes (the members' own data stays).
    pub async fn delete_class(&self, teacher: &UserId, class: &str) -> Result<(), ApiError> {
        let store = self.class_store().await?;
        if store.delete_class(teacher, &ClassId::new(class)).await? {
            Ok(())
        } else {
            Err(ClassError::UnknownClass(iqrah_quran::shorten(class)).into())
        }
    }

    /// `teacher`'s class with each member's progress in its goal, read at
    /// now. Another teacher's class is an unknown class.
    pub async fn class_progress(
        &self,
        teacher: &UserId,
        class: &str,
    ) -> Result<ClassProgressDto, ApiError> {
        let store = self.class_store().await?;
        let id = ClassId::new(class);
        let unknown = || ClassError::UnknownClass(iqrah_quran::shorten(class));
        let record = store
            .class_taught(teacher, &id)
            .await?
            .ok_or_else(unknown)?;
        let members = store.members(teacher, &id).await?.ok_or_else(unknown)?;
        let goal = record
            .goal
            .as_deref()
            .map(Goal::from_str)
            .transpose()
            .map_err(|e| StoreError::corrupt(format!("class goal: {e}")))?;
        let mut progress = Vec::with_capacity(members.len());
        for member in members {
            progress.push(self.member_progress(store, &member, goal.as_ref()).await?);
        }
        Ok(ClassProgressDto {
            class: ClassDto::of(&record, true),
            members: progress,
        })
    }

    async fn member_progress(
        &self,
        store: &PgStore,
        member: &iqrah_store::Member,
        goal: Option<&Goal>,
    ) -> Result<MemberProgressDto, ApiError> {
        let user = &member.user;
        let (settings, states) = practised_states(store, user).await?;
        let reviews = store.review_records(user).await?;
        let scheduler = self.learner_scheduler(user, &settings).await?;
        let now = self.now();
        let stats = compute(
            goal,
            &states,
            &reviews,
            &scheduler,
            settings.desired_retention,
            settings.day_start_offset_ms(),
            now,
        );
        let verses = match goal {
            Some(goal) => goal.verses(&states),
            None => iqrah_quran::VerseRange::whole().keys().collect(),
        };
        let at_risk = verses_at_risk(verses, &states, &scheduler, now)
            .iter()
            .map(ToString::to_string)
            .collect();
        Ok(MemberProgressDto {
            username: member.username.to_string(),
            joined_at: member.joined_at,
            verses: stats.verses,
            due_today: stats.forecast.first().map_or(0, |day| day.due),
            streak_days: stats.streak_days,
            retention: stats.retention,
            at_risk,
            recent_sessions: self.history(user, RECENT_SESSIONS).await?,
        })
    }
}

/// Why a class call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    /// A class name that is empty or too long.
    #[error("a class's name has 1 to {MAX_CLASS_NAME_CHARS} characters")]
    InvalidName,
    /// No class has this join code.
    #[error("no class has this join code: check it with your teacher")]
    UnknownJoinCode,
    /// The caller has no such class (unknown, another teacher's, or one
    /// they are not a member of).
    #[error("unknown class {0:?}")]
    UnknownClass(String),
}

impl ClassError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ClassError::InvalidName => "invalid_class_name",
            ClassError::UnknownJoinCode => "unknown_join_code",
            ClassError::UnknownClass(_) => "unknown_class",
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            ClassError::InvalidName => crate::ErrorKind::Invalid,
            ClassError::UnknownJoinCode | ClassError::UnknownClass(_) => crate::ErrorKind::NotFound,
        }
    }
}
