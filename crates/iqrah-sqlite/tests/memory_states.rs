//! `memory_states` reads every state as one row of text: check that it
//! brings back exactly what was written, awkward floats included.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::time::Timestamp;
use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME, test_support};
use iqrah_store::{UserId, UserStore};

/// Finite `f32`s from all over the range (SQLite cannot store NaN), and the infinities.
fn awkward_floats() -> Vec<f32> {
    let mut floats = vec![
        0.0,
        1.0,
        0.1,
        1.0 / 3.0,
        36_500.0,
        f32::MIN_POSITIVE,
        f32::from_bits(1), // the smallest subnormal
        f32::MAX,
        -f32::MAX,
        f32::EPSILON,
        1.0 + f32::EPSILON,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while floats.len() < 4_000 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let f = f32::from_bits((x >> 32) as u32);
        if !f.is_nan() {
            floats.push(f);
        }
    }
    floats
}

#[tokio::test]
async fn every_state_reads_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME))
        .await
        .unwrap();
    assert!(
        store
            .memory_states(&UserId::new("local"))
            .await
            .unwrap()
            .is_empty(),
        "no states yet"
    );

    let floats = awkward_floats();
    let expected: HashMap<ItemKey, MemoryState> = ItemKey::all()
        .zip(floats.iter().zip(floats.iter().rev()))
        .enumerate()
        .map(|(i, (item, (&stability, &difficulty)))| {
            let i = i as i64;
            let state = MemoryState {
                stability,
                difficulty,
                last_review: Timestamp(i64::MIN / 2 + i * 1_000_003),
                due: Timestamp(if i == 0 { i64::MAX } else { i * 86_400_000 - 5 }),
                reps: if i == 1 { u32::MAX } else { i as u32 },
                lapses: (i % 7) as u32,
            };
            (item, state)
        })
        .collect();
    let mut tx = test_support::pool(&store).begin().await.unwrap();
    for (item, state) in &expected {
        sqlx::query(
            "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
             VALUES ('local', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(item.to_string())
        .bind(f64::from(state.stability))
        .bind(f64::from(state.difficulty))
        .bind(state.last_review.millis())
        .bind(state.due.millis())
        .bind(state.reps)
        .bind(state.lapses)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    // Written behind the store's back, as another program would, so the
    // learner's state version is bumped by hand: the store must read again.
    sqlx::query("INSERT INTO state_versions (user_id, version) VALUES ('local', 1)")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let read = store.memory_states(&UserId::new("local")).await.unwrap();
    assert_eq!(read.len(), expected.len());
    for (item, state) in &expected {
        let got = read.get(item).unwrap_or_else(|| panic!("{item} missing"));
        assert_eq!(got, state, "{item}");
        assert_eq!(
            got.stability.to_bits() & 0x7FFF_FFFF,
            state.stability.to_bits() & 0x7FFF_FFFF,
            "{item}"
        );
        assert_eq!(
            got.difficulty.to_bits() & 0x7FFF_FFFF,
            state.difficulty.to_bits() & 0x7FFF_FFFF,
            "{item}"
        );
    }
    assert!(
        store
            .memory_states(&UserId::new("someone-else"))
            .await
            .unwrap()
            .is_empty(),
        "only the learner's own states"
    );
}
