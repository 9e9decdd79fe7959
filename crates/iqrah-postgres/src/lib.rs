//! The PostgreSQL backend of the storage contract (`iqrah-store`): many
//! learners' data in one PostgreSQL database, keyed by learner, and a
//! shared server's accounts beside it.
//!
//! [`PgStore`] implements [`iqrah_store::UserStore`],
//! [`iqrah_store::AccountStore`] and [`iqrah_store::ClassStore`] on a
//! connection pool, its schema created
//! and upgraded by the migrations in `migrations/` when it connects (never
//! edited once released; `build.rs` makes a new one rebuild the crate).
//! Connecting fails with [`OpenError`], which never shows a password;
//! every other call fails with the contract's `StoreError`.
//!
//! The learners' tables (migration 0001) are ready to be distributed by
//! learner: every table carries `user_id`, every key begins with it, and
//! every query filters by it. Several processes may serve one learner:
//! every write a call makes is one transaction that first takes the
//! learner's lock (`learner_lock`), so a learner's writes run one at a time
//! whichever process makes them, and nothing read from the database is
//! kept between calls.
//!
//! The accounts' tables (migration 0002: `accounts`, `api_tokens`,
//! `invitations`, `sign_in_failures`) hold hashes only, never a password,
//! token or invitation code. They are the server's small, global tables,
//! looked up by user name, token hash or code rather than by learner, so
//! they are not distributed (on Citus, reference tables); their unique keys
//! and row locks, not the learner lock, settle concurrent writers.
//!
//! The classes' tables (migration 0003: `classes`, `class_members`) are
//! global in the same way: a class is found by its join code, unique on
//! the server. A teacher's every lookup filters by the teacher, so another
//! teacher's class is no class at all.
//!
//! Browser sign-in sessions live in the same database too:
//! [`PgStore::web_session_store`] is tower-sessions' PostgreSQL store
//! ([`WebSessionStore`], re-exported so that the server need not depend on
//! its crate) on the same pool, its table `tower_sessions.session` created
//! when the store connects.
//!
//! The `test-support` feature adds [`test_support`]: a fresh database on
//! the test server for tests.
//!
//! Inside, a module a job: `store` connects ([`PgStore`]), `learner_lock`
//! opens the write and read transactions, `codec` and `rows` turn columns
//! into values, and `contract` hands each [`iqrah_store::UserStore`] call to
//! the module of its job: `settings`, `parameters`, `reviews`, `states`,
//! `sessions`, `context` (what a decision reads), `answers`, `passage`,
//! `undo`, `completion`, `archive` (a learner's whole history out and
//! in); `account_contract` hands each
//! [`iqrah_store::AccountStore`] call to `accounts`, `invitations`,
//! `tokens` or `sign_in_failures`; `classes` implements
//! [`iqrah_store::ClassStore`].

mod account_contract;
mod accounts;
mod answers;
mod archive;
mod classes;
mod codec;
mod completion;
mod context;
mod contract;
mod error;
mod invitations;
mod learner_lock;
mod look_alike_answers;
mod parameters;
mod passage;
mod placement;
mod reviews;
mod rows;
mod sessions;
mod settings;
mod sign_in_failures;
mod states;
mod store;
#[cfg(feature = "test-support")]
pub mod test_support;
mod tokens;
mod undo;

pub use error::OpenError;
pub use store::PgStore;
/// The store of browser sign-in sessions, as [`PgStore::web_session_store`]
/// makes it.
pub use tower_sessions_sqlx_store::PostgresStore as WebSessionStore;
