//! The learner's database: sessions and their items, memory states, the
//! review log and settings.
//!
//! [`UserStore`] is the storage contract; [`SqliteStore`] implements it on a
//! SQLite file (WAL, foreign keys on) created and upgraded by the migrations
//! in `migrations/`, which are never edited once released. A PostgreSQL
//! implementation can follow behind the same trait.
//!
//! Every method that changes data is one transaction. Methods that must
//! decide something on data read in the same transaction (a submit, an undo)
//! take the decision as a pure function from the core, so the rules stay in
//! `iqrah-core` and no other writer can slip in between reading and writing.

mod checkpoint;
mod error;
mod records;
mod sqlite;
mod store;

pub use error::StoreError;
pub use records::{
    CompletionContext, FitRecord, LearnerParameters, NewItem, NewSession, PassageWrite,
    RelearnCopy, ReviewWrite, SessionContext, SessionRow, StoredItem, SubmitWrite,
};
pub use sqlite::{SqliteStore, USER_DB_FILE_NAME, user_db_path};
pub use store::UserStore;
