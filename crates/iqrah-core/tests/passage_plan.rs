//! The planner offers due verses that hold as passages: every due
//! memorization review is in the session once, alone or in a passage, and
//! a passage's inner links are not reviewed twice.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use common::REAL;
use iqrah_core::exercise::{ExercisePrompt, ExerciseType};
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::{MemoryState, Scheduler};
use iqrah_core::passage::graded_items;
use iqrah_core::planner::{PlanRequest, Reason, plan, select};
use iqrah_core::settings::Settings;
use iqrah_core::time::Timestamp;

const NOW: Timestamp = Timestamp(1_750_000_000_000);

fn state(days_ago: f64, stability: f32) -> MemoryState {
    let last_review = NOW.plus_days(-days_ago);
    MemoryState {
        stability,
        difficulty: 5.0,
        last_review,
        due: last_review.plus_days(f64::from(stability)),
        reps: 5,
        lapses: 0,
    }
}

#[test]
fn due_verses_that_hold_are_recited_as_passages() {
    let ctx = REAL.ctx();
    // An-Naba' 1–14 due; 1–12 hold, 13–14 are young.
    let mut states = HashMap::new();
    for ayah in 1..=14 {
        let verse = iqrah_quran::VerseKey::new(78, ayah).unwrap();
        let stability = if ayah <= 12 { 30.0 } else { 5.0 };
        for item in ItemKey::of_verse(verse) {
            states.insert(item, state(40.0, stability));
        }
    }
    let settings = Settings {
        session_size: 60,
        ..Settings::default()
    };
    let scheduler = Scheduler::new();
    let request = PlanRequest {
        passages: true,
        ..PlanRequest::default()
    };
    let planned = plan(
        &"surah:78".parse().unwrap(),
        &states,
        &settings,
        NOW,
        7,
        &scheduler,
        request.clone(),
        &ctx,
    )
    .unwrap();
    let slots = select(
        &"surah:78".parse().unwrap(),
        &states,
        &settings,
        NOW,
        &scheduler,
        request,
    )
    .unwrap();

    let mut reviewed: HashMap<ItemKey, usize> = HashMap::new();
    let mut passages = Vec::new();
    for p in &planned {
        match &p.exercise.prompt {
            ExercisePrompt::RecitePassage { range, verses, .. } => {
                assert_eq!(
                    p.exercise.prompt.exercise_type(),
                    ExerciseType::RecitePassage
                );
                assert_eq!(p.item, ItemKey::memorization(range.start()));
                assert_eq!(p.reason, Reason::Review);
                for item in graded_items(verses).unwrap() {
                    *reviewed.entry(item).or_default() += 1;
                }
                passages.push(range.to_string());
            }
            _ => *reviewed.entry(p.item).or_default() += 1,
        }
    }
    // 78:1–12 hold: a passage of 10 verses, then 11–12.
    assert_eq!(passages, ["78:1-10", "78:11-12"]);
    // Every slot of the plain selection is reviewed exactly once...
    for slot in &slots {
        let times = reviewed.get(&slot.item).copied().unwrap_or(0);
        assert_eq!(times, 1, "{}", slot.item);
    }
    // ... and nothing else but the passages' own items.
    for ayah in [13, 14] {
        let young = ItemKey::memorization(iqrah_quran::VerseKey::new(78, ayah).unwrap());
        let own = planned.iter().find(|p| p.item == young).unwrap();
        assert_ne!(
            own.exercise.prompt.exercise_type(),
            ExerciseType::RecitePassage,
            "young verses stay single reviews"
        );
    }
    // A client that does not render passages never gets one.
    let plain = plan(
        &"surah:78".parse().unwrap(),
        &states,
        &settings,
        NOW,
        7,
        &scheduler,
        PlanRequest::default(),
        &ctx,
    )
    .unwrap();
    assert!(
        plain
            .iter()
            .all(|p| p.exercise.prompt.exercise_type() != ExerciseType::RecitePassage)
    );
    assert_eq!(plain.len(), slots.len());
    assert!(
        planned.iter().any(|p| p.item.skill() == Skill::Continuity
            && p.item.verse() == iqrah_quran::VerseKey::new(78, 10).unwrap()),
        "the link out of a passage is its own review"
    );
    assert!(planned.len() < slots.len());
    assert!(reviewed.values().all(|&n| n == 1));
    assert_eq!(reviewed.len(), slots.len());
}
