//! The PostgreSQL backend of the storage contract (`iqrah-store`): many
//! learners' data in one PostgreSQL database, keyed by learner.
//!
//! [`PgStore`] implements [`iqrah_store::UserStore`] on a connection pool,
//! its schema created and upgraded by the migrations in `migrations/` when
//! it connects (never edited once released; `build.rs` makes a new one
//! rebuild the crate). Connecting fails with [`OpenError`], which never
//! shows a password; every other call fails with the contract's
//! `StoreError`.
//!
//! The schema is ready to be distributed by learner: every table carries
//! `user_id`, every key begins with it, and every query filters by it.
//! Several processes may serve one learner: every write a call makes is one
//! transaction that first takes the learner's lock (`learner_lock`), so a
//! learner's writes run one at a time whichever process makes them, and
//! nothing read from the database is kept between calls.
//!
//! The `test-support` feature adds [`test_support`]: a fresh database on
//! the test server for tests.
//!
//! Inside, a module a job: `store` connects ([`PgStore`]), `learner_lock`
//! opens the write and read transactions, `codec` and `rows` turn columns
//! into values, and `contract` hands each [`iqrah_store::UserStore`] call to
//! the module of its job: `settings`, `parameters`, `reviews`, `states`,
//! `sessions`, `context` (what a decision reads), `answers`, `passage`,
//! `undo`, `completion`.

mod answers;
mod codec;
mod completion;
mod context;
mod contract;
mod error;
mod learner_lock;
mod parameters;
mod passage;
mod reviews;
mod rows;
mod sessions;
mod settings;
mod states;
mod store;
#[cfg(feature = "test-support")]
pub mod test_support;
mod undo;

pub use error::OpenError;
pub use store::PgStore;
