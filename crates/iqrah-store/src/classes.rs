//! The classes contract of a shared server: a teacher's classes, the join
//! code learners enter to join one, and the memberships that let the
//! teacher read (never change) a member's progress.
//!
//! Who may create a class and see whose progress is decided by the API
//! with the core's rules; the store's lookups are already scoped: a
//! teacher's call names the teacher, and another teacher's class is an
//! unknown class.

use std::fmt;
use std::future::Future;

use iqrah_core::account::Username;
use iqrah_core::time::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::ids::UserId;

/// A class's id (a UUID).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClassId(String);

impl ClassId {
    /// The class named by `id`.
    pub fn new(id: impl Into<String>) -> Self {
        ClassId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClassId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A class as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRecord {
    /// Its id.
    pub id: ClassId,
    /// The teacher who made it and alone sees its members' progress.
    pub teacher: UserId,
    /// The teacher's user name, for the learners' list of their classes.
    pub teacher_name: Username,
    /// Its name ("Juz ʿAmma, Tuesday evening").
    pub name: String,
    /// The goal its members work on (`juz:30`), which the teacher's view
    /// counts progress in; `None` for the whole Quran.
    pub goal: Option<String>,
    /// The code learners enter to join, unique on the server.
    pub join_code: String,
    /// When it was made.
    pub created_at: Timestamp,
}

/// A class to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClass {
    /// Its id (a fresh UUID, chosen by the caller).
    pub id: ClassId,
    /// Its teacher.
    pub teacher: UserId,
    /// Its name.
    pub name: String,
    /// Its goal, already checked by the caller.
    pub goal: Option<String>,
    /// Its join code (random, chosen by the caller).
    pub join_code: String,
}

/// A member of a class, as its teacher sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's id, whose progress the teacher may read.
    pub user: UserId,
    /// Their user name.
    pub username: Username,
    /// When they joined.
    pub joined_at: Timestamp,
}

/// The classes of a shared server. Each method is one transaction.
pub trait ClassStore: Send + Sync {
    /// Creates a class; [`StoreError::JoinCodeTaken`] if its join code is
    /// another class's (the caller draws another).
    fn create_class(
        &self,
        class: NewClass,
        now: Timestamp,
    ) -> impl Future<Output = Result<ClassRecord, StoreError>> + Send;

    /// The classes `teacher` made, newest first.
    fn classes_taught(
        &self,
        teacher: &UserId,
    ) -> impl Future<Output = Result<Vec<ClassRecord>, StoreError>> + Send;

    /// `teacher`'s class with this id; `None` for an unknown class or
    /// another teacher's.
    fn class_taught(
        &self,
        teacher: &UserId,
        class: &ClassId,
    ) -> impl Future<Output = Result<Option<ClassRecord>, StoreError>> + Send;

    /// The members of `teacher`'s class, by user name; `None` for an
    /// unknown class or another teacher's.
    fn members(
        &self,
        teacher: &UserId,
        class: &ClassId,
    ) -> impl Future<Output = Result<Option<Vec<Member>>, StoreError>> + Send;

    /// Deletes `teacher`'s class and its memberships; `false` for an
    /// unknown class or another teacher's.
    fn delete_class(
        &self,
        teacher: &UserId,
        class: &ClassId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Makes `learner` a member of the class with this join code (joining
    /// twice is one membership; the first `joined_at` stays); `None` for a
    /// code no class has.
    fn join_class(
        &self,
        learner: &UserId,
        join_code: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<ClassRecord>, StoreError>> + Send;

    /// The classes `learner` is a member of, by name.
    fn classes_joined(
        &self,
        learner: &UserId,
    ) -> impl Future<Output = Result<Vec<ClassRecord>, StoreError>> + Send;

    /// Ends `learner`'s membership of the class; `false` when they were
    /// not a member.
    fn leave_class(
        &self,
        learner: &UserId,
        class: &ClassId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
