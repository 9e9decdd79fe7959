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

mod checkpoint;
mod error;
mod store;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use error::OpenError;
pub use store::{SqliteStore, USER_DB_FILE_NAME, user_db_path};
