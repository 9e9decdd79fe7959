//! A placement: the memory states of what the learner says they already
//! know, written in one transaction under the learner's lock, with no
//! review-log row.

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::settings::Settings;
use iqrah_store::{Placement, StoreError, UserId};

use crate::learner_lock::{commit, write_tx};
use crate::settings;
use crate::states::{load_states, save_states};
use crate::store::PgStore;

/// Reads the learner's settings and states under their lock, writes the
/// states `decide` places on items that have none (one statement) and the
/// settings it returns, in one transaction; a refusal writes nothing.
/// Nothing is cached between calls, so no version is kept here.
pub(crate) async fn place_states<E: Send>(
    store: &PgStore,
    user: &UserId,
    decide: impl FnOnce(&Settings, &HashMap<ItemKey, MemoryState>) -> Result<(Placement, Settings), E>
    + Send,
) -> Result<Result<Placement, E>, StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    let current = settings::read(&mut tx, user).await?;
    let states = load_states(&mut tx, user).await?;
    let (placement, next) = match decide(&current, &states) {
        Ok(decided) => decided,
        Err(refused) => return Ok(Err(refused)),
    };
    let written = placement
        .states
        .iter()
        .filter(|(item, _)| !states.contains_key(item))
        .map(|(item, state)| (*item, Some(state)));
    save_states(&mut tx, user, written).await?;
    settings::write(&mut tx, user, &next).await?;
    commit(tx).await?;
    Ok(Ok(placement))
}
