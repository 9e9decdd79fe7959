//! The SQLite backend of the storage contract (`iqrah-store`): the
//! learner's database `user.sqlite3`.
//!
//! [`SqliteStore`] implements [`iqrah_store::UserStore`] on a SQLite file
//! (WAL, foreign keys on) created and upgraded by the migrations in
//! `migrations/`, which are never edited once released (`build.rs` makes
//! a new one rebuild the crate). Opening fails with [`OpenError`] (a file
//! that is not Iqrah's, or one a newer Iqrah wrote); every other call with
//! the contract's `StoreError`.
//!
//! The `test-support` feature adds [`test_support`]: seeding a learner and
//! a submit's raw writes for benchmarks, and inspecting the file for tests.
//!
//! Inside, a module a job: `store` opens the file ([`SqliteStore`]),
//! `write_turn` queues this process's writers, `state_cache` keeps memory
//! states between calls, `codec` and `rows` turn columns into values, and
//! `contract` hands each [`iqrah_store::UserStore`] call to the module of
//! its job: `settings`, `parameters`, `reviews`, `states`, `sessions`,
//! `context` (what a decision reads), `answers`, `passage`, `undo`,
//! `completion`, `archive` (a learner's whole history out and in).

mod answers;
mod archive;
mod checkpoint;
mod codec;
mod completion;
mod context;
mod contract;
mod error;
mod look_alike_answers;
mod parameters;
mod passage;
mod placement;
mod reviews;
mod rows;
mod sessions;
mod settings;
mod state_cache;
mod states;
mod store;
#[cfg(feature = "test-support")]
pub mod test_support;
mod undo;
mod write_turn;

pub use error::OpenError;
pub use store::{SqliteStore, USER_DB_FILE_NAME, user_db_path};
