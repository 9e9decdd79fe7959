//! The learners' memory states kept between calls, and when they are
//! still current.
//!
//! Loading every state takes tens of milliseconds (SQLite turns each number
//! into text), so they are kept per learner and reused while the learner's
//! version in `state_versions` is the one they were read at. This process's
//! own submits and undos update them in place; a change by another process
//! bumps the version and the next read loads them again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_store::{StoreError, UserId};
use sqlx::SqliteConnection;

use crate::states::{load_states, state_version};

/// Each learner's memory states as last read, shared by the store's clones.
#[derive(Debug, Clone, Default)]
pub(crate) struct StateCache {
    learners: Arc<Mutex<HashMap<UserId, CachedStates>>>,
}

/// A learner's memory states as of a version of `state_versions`.
#[derive(Debug)]
struct CachedStates {
    version: i64,
    states: HashMap<ItemKey, MemoryState>,
}

impl StateCache {
    /// The learner's states as seen by the transaction `conn` is in: the
    /// kept copy when the learner's version is the one it was read at,
    /// otherwise loaded (and kept).
    pub(crate) async fn states_in(
        &self,
        conn: &mut SqliteConnection,
        user: &UserId,
    ) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
        let version = state_version(&mut *conn, user).await?;
        if let Some(cached) = self.learners.lock().ok().and_then(|cache| {
            cache
                .get(user)
                .filter(|c| c.version == version)
                .map(|c| c.states.clone())
        }) {
            return Ok(cached);
        }
        let states = load_states(conn, user).await?;
        if let Ok(mut cache) = self.learners.lock() {
            cache.insert(
                user.clone(),
                CachedStates {
                    version,
                    states: states.clone(),
                },
            );
        }
        Ok(states)
    }

    /// Forgets the learner's kept states (after a change too large to
    /// patch in); the next read loads them.
    pub(crate) fn forget(&self, user: &UserId) {
        if let Ok(mut cache) = self.learners.lock() {
            cache.remove(user);
        }
    }

    /// After a committed change of states in one transaction that bumped
    /// the learner's version once from `before` (`None`: a state removed):
    /// applies them to the kept states if they were current, and forgets
    /// them otherwise.
    pub(crate) fn after_change(
        &self,
        user: &UserId,
        before: i64,
        changes: impl IntoIterator<Item = (ItemKey, Option<MemoryState>)>,
    ) {
        let Ok(mut cache) = self.learners.lock() else {
            return;
        };
        match cache.get_mut(user) {
            Some(cached) if cached.version == before => {
                cached.version = before + 1;
                for (item, state) in changes {
                    match state {
                        Some(state) => cached.states.insert(item, state),
                        None => cached.states.remove(&item),
                    };
                }
            }
            _ => {
                cache.remove(user);
            }
        }
    }
}
