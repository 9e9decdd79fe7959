//! Placement: states written from what the learner says they know, never
//! over a state already there, with no review logged.

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Scheduler};
use iqrah_core::placement::{Mark, Placement, place};
use iqrah_core::settings::Settings;
use iqrah_store::UserStore;

use crate::content::quran;
use crate::practice::{at, learner_data, verse};

use super::{GOAL, answer_current, learner, other_learner, start_session};

/// The marks of the chapter: Al-Ikhlas solid, Al-Falaq shaky.
fn marks() -> Vec<Mark> {
    ["surah:112=solid", "surah:113=shaky"]
        .iter()
        .map(|m| m.parse().expect("mark"))
        .collect()
}

/// Placed states read back; a state the learner had is kept; no review is
/// logged; the settings the decision returns are saved; another learner
/// sees nothing; a refused decision writes nothing; a decision that names
/// an item with a state (as one made on a stale read would) does not
/// overwrite it.
pub async fn placement<S: UserStore>(store: &S) {
    let (a, b) = (learner(), other_learner());
    // The learner answers 112:1's study step: one real state.
    let row = start_session(store, &a, "placement-1", 1, GOAL, at(0)).await;
    answer_current(store, &a, &row.id, 3, None, at(1)).await;
    let studied = ItemKey::memorization(verse("112:1"));
    let before = learner_data(store, &a).await;
    let real = before.states[&studied];
    let other_before = learner_data(store, &b).await;

    // A refused decision writes nothing.
    let refused = store
        .place_states(&a, |_, _| Err::<(Placement, Settings), &str>("refused"))
        .await
        .expect("place_states");
    assert_eq!(refused, Err("refused"));
    assert_eq!(
        learner_data(store, &a).await,
        before,
        "a refusal writes nothing"
    );

    let now = at(10);
    let scheduler = Scheduler::new();
    let mut seen: Option<HashMap<ItemKey, MemoryState>> = None;
    let placed = store
        .place_states(&a, |settings, states| {
            seen = Some(states.clone());
            let placement = place(&marks(), quran(), states, &scheduler, 0.9, now)?;
            let next = Settings {
                placement_offered: true,
                ..settings.clone()
            };
            Ok::<_, iqrah_core::placement::PlacementError>((placement, next))
        })
        .await
        .expect("place_states")
        .expect("placed");
    assert_eq!(
        seen.as_ref(),
        Some(&before.states),
        "the decision sees the learner's states"
    );
    assert_eq!(placed.kept, 1, "112:1's memorization keeps its state");
    // 4 + 5 verses, 3 + 4 links inside each surah.
    assert_eq!(placed.states.len(), 15);
    let after = learner_data(store, &a).await;
    assert_eq!(
        after.states[&studied], real,
        "a real state is never overwritten"
    );
    for (item, state) in &placed.states {
        assert_eq!(after.states.get(item), Some(state), "{item} read back");
    }
    assert_eq!(
        after.states.len(),
        before.states.len() + placed.states.len()
    );
    assert!(after.settings.placement_offered, "the settings are saved");
    assert_eq!(after.reviews, before.reviews, "a placement logs no review");
    assert_eq!(after.review_count, before.review_count);
    assert_eq!(after.sessions, before.sessions);
    assert_eq!(
        learner_data(store, &b).await,
        other_before,
        "another learner sees nothing"
    );

    // A decision naming an item that has a state does not overwrite it.
    let stale = MemoryState {
        stability: 999.0,
        ..real
    };
    let extra = ItemKey::memorization(verse("114:1"));
    let written = store
        .place_states(&a, |settings, _| {
            let placement = Placement {
                states: vec![(studied, stale), (extra, stale)],
                kept: 0,
                verses: 2,
            };
            Ok::<_, ()>((placement, settings.clone()))
        })
        .await
        .expect("place_states")
        .expect("placed");
    assert_eq!(written.states.len(), 2);
    let last = store.memory_states(&a).await.expect("memory_states");
    assert_eq!(last[&studied], real, "a state already there is kept");
    assert_eq!(last[&extra], stale, "an item without a state is written");

    // The other learner's placement is theirs alone.
    store
        .place_states(&b, |settings, states| {
            assert!(states.is_empty(), "b starts with nothing");
            let placement = place(&marks()[..1], quran(), states, &scheduler, 0.9, now)?;
            Ok::<_, iqrah_core::placement::PlacementError>((placement, settings.clone()))
        })
        .await
        .expect("place_states")
        .expect("placed");
    assert_eq!(store.memory_states(&b).await.expect("states").len(), 7);
    assert_eq!(store.memory_states(&a).await.expect("states"), last);
}
