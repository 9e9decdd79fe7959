//! The storage contract of the learner's data: sessions and their items,
//! memory states, the review log, settings and fitted parameters.
//!
//! [`UserStore`] is what the API asks of a backend; the records it reads
//! and writes ([`SessionRow`], [`NewSession`], …, and a learner's whole
//! history as a [`LearnerArchive`]) and its error
//! [`StoreError`] hold no backend's types. An answer's write ([`SubmitWrite`],
//! [`PassageWrite`] with its [`ReviewWrite`]s, [`RelearnCopy`]) and a
//! placement's states ([`Placement`]) are the
//! core's own type, re-exported here: the core computes it whole and the
//! store only persists it. Every call names the
//! learner ([`UserId`]) whose data it touches, and a session-scoped call
//! its [`SessionId`]: another learner's session is an unknown session.
//!
//! Every method that changes data is one transaction. Methods that must
//! decide something on data read in the same transaction (a submit, an
//! undo) take the decision as a pure function from the core, so the rules
//! stay in `iqrah-core` and no other writer can slip in between reading
//! and writing.
//!
//! A new backend is a crate that implements [`UserStore`] (each method one
//! transaction, the decision closures run inside it, the learner checked on
//! every session) and its own opening (files, connection strings, schema
//! upgrades, with its own error); it is correct when it passes the story
//! of `iqrah-store-conformance`, as the SQLite backend (`iqrah-sqlite`)
//! does: one test file that makes a fresh store per chapter.
//!
//! A shared server also implements [`AccountStore`]: accounts, API tokens,
//! invitations and failed sign-ins, stored as hashes only; and
//! [`ClassStore`]: a teacher's classes and their members.

mod accounts;
mod archive;
mod classes;
mod error;
mod ids;
mod records;
mod store;

pub use accounts::{
    Account, AccountStore, InvitationRecord, NewAccount, NewInvitation, TokenId, TokenRecord,
};
pub use archive::{ArchivedReview, ArchivedSession, ArchivedState, LearnerArchive};
pub use classes::{ClassId, ClassRecord, ClassStore, Member, NewClass};
pub use error::StoreError;
pub use ids::{SessionId, UserId};
pub use iqrah_core::placement::Placement;
pub use iqrah_core::session::{PassageWrite, RelearnCopy, ReviewWrite, SubmitWrite};
pub use records::{
    CompletionContext, FitRecord, LearnerParameters, NewItem, NewSession, Recorded, SessionContext,
    SessionRow, StoredItem,
};
pub use store::UserStore;
