//! A placement: the memory states of what the learner says they already
//! know, written in one write transaction with no review-log row.

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::settings::Settings;
use iqrah_store::{Placement, StoreError, UserId};

use crate::settings;
use crate::states::{bump_state_version, save_state};
use crate::store::SqliteStore;

/// Reads the learner's settings and states, writes the states `decide`
/// places on items that have none and the settings it returns, bumps the
/// learner's state version (the kept states of every process follow),
/// all in one write transaction; a refusal writes nothing.
pub(crate) async fn place_states<E: Send>(
    store: &SqliteStore,
    user: &UserId,
    decide: impl FnOnce(&Settings, &HashMap<ItemKey, MemoryState>) -> Result<(Placement, Settings), E>
    + Send,
) -> Result<Result<Placement, E>, StoreError> {
    let mut tx = store.write_tx().await?;
    let current = settings::read(&mut *tx, user).await?;
    let states = store.states.states_in(&mut tx, user).await?;
    let (placement, next) = match decide(&current, &states) {
        Ok(decided) => decided,
        Err(refused) => return Ok(Err(refused)),
    };
    let written: Vec<(ItemKey, MemoryState)> = placement
        .states
        .iter()
        .filter(|(item, _)| !states.contains_key(item))
        .copied()
        .collect();
    let version_before = bump_state_version(&mut tx, user).await?;
    for (item, state) in &written {
        save_state(&mut tx, user, *item, state).await?;
    }
    settings::write(&mut tx, user, &next).await?;
    tx.commit().await?;
    store.states.after_change(
        user,
        version_before,
        written.into_iter().map(|(item, state)| (item, Some(state))),
    );
    Ok(Ok(placement))
}
