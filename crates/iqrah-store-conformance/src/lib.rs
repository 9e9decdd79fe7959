//! The story every backend of the storage contract must pass: one
//! library, generic over [`iqrah_store::UserStore`], that starts sessions
//! planned by the core on the real Quran text, answers, checks, skips,
//! recites, undoes, completes and abandons them with the core's own
//! decisions, and checks after every step what the contract promises
//! (what is written, what is not, and that learners never see each other).
//!
//! The story is split into [`chapters`], one per part of the contract, each
//! an `async fn` taking a fresh, empty store and panicking with a message
//! that names what broke. [`run_all`] runs every chapter in order.
//!
//! # Running the story against a backend
//!
//! A backend adds one test file to this crate (`tests/<backend>.rs`, with
//! the backend and `tokio` as dev-dependencies): a type implementing
//! [`FreshStore`], which makes a fresh, empty store (and keeps whatever it
//! lives in, a temporary directory or database, until dropped), and one
//! line that generates one test per chapter, so that a failure is named
//! after its chapter:
//!
//! ```ignore
//! struct Fresh { _dir: tempfile::TempDir, store: SqliteStore }
//!
//! impl iqrah_store_conformance::FreshStore for Fresh {
//!     type Store = SqliteStore;
//!     async fn fresh() -> Self { /* open a store in a new temporary directory */ }
//!     fn store(&self) -> &SqliteStore { &self.store }
//! }
//!
//! iqrah_store_conformance::conformance_tests!(Fresh);
//! ```
//!
//! `cargo nextest run -p iqrah-store-conformance` then runs every chapter on
//! every backend (`tests/sqlite.rs` is the SQLite backend's file). The real
//! text is read once per test process from the checkout's quran-json
//! package (`iqrah_content::test_support`).

// The story is a test: a failed unwrap is a failed chapter.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;

use iqrah_store::UserStore;

pub mod chapters;
mod content;
mod practice;

/// How a backend's test makes the store each chapter runs on.
pub trait FreshStore: Sized {
    /// The backend.
    type Store: UserStore;

    /// A fresh, empty store, kept alive (its files, its database) as long
    /// as the value lives.
    fn fresh() -> impl Future<Output = Self>;

    /// The store.
    fn store(&self) -> &Self::Store;
}

/// Declares the chapters once: [`run_all`] and `conformance_tests!` both
/// come from this list.
macro_rules! story {
    ($($chapter:ident),+ $(,)?) => {
        /// Runs every chapter in story order, each on a fresh store from `F`.
        pub async fn run_all<F: FreshStore>() {
            $(
                let fresh = F::fresh().await;
                chapters::$chapter(fresh.store()).await;
                drop(fresh);
            )+
        }

        /// Generates, in a module `store_conformance`, one `#[tokio::test]`
        /// per chapter running it on a fresh store of the given
        /// [`FreshStore`] type (the calling crate has `tokio` with its
        /// `macros` and `rt` features).
        #[macro_export]
        macro_rules! conformance_tests {
            ($fresh:ty) => {
                mod store_conformance {
                    #[allow(unused_imports)]
                    use super::*;
                    $(
                        #[tokio::test]
                        async fn $chapter() {
                            let fresh = <$fresh as $crate::FreshStore>::fresh().await;
                            $crate::chapters::$chapter($crate::FreshStore::store(&fresh)).await;
                        }
                    )+
                }
            };
        }
    };
}

story!(
    start,
    session_reads,
    next,
    check_answer,
    submit,
    relearning,
    undo,
    skip,
    passage,
    complete,
    abandon,
    session_settings,
    settings,
    statistics,
    learner_parameters,
    refused_decisions,
    two_learners,
    learner_archive,
    placement,
);
