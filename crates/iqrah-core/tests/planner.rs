//! The session planner's rules, as scenarios and as properties.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{HashMap, HashSet};

use common::{REAL, SYNTHETIC};
use iqrah_core::exercise::ExerciseType;
use iqrah_core::goal::Goal;
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::{MemoryState, MemoryStates, Rating, Scheduler};
use iqrah_core::planner::{PlanError, PlanRequest, Reason, Slot, plan, select};
use iqrah_core::settings::{Settings, SettingsError};
use iqrah_core::time::{DAY_MS, Timestamp};
use iqrah_quran::VerseKey;
use proptest::prelude::*;

const NOW: Timestamp = Timestamp(1_750_000_000_000);

fn key(text: &str) -> VerseKey {
    text.parse().unwrap()
}

fn goal(text: &str) -> Goal {
    text.parse().unwrap()
}

/// A state last reviewed `days_ago` with stability `stability` (due at last review + stability).
fn state(days_ago: f64, stability: f32) -> MemoryState {
    let last_review = NOW.plus_days(-days_ago);
    MemoryState {
        stability,
        difficulty: 5.0,
        last_review,
        due: last_review.plus_days(f64::from(stability)),
        reps: 3,
        lapses: 0,
    }
}

/// States for every item of `verses`, none due.
fn started(verses: &str) -> HashMap<ItemKey, MemoryState> {
    let range: iqrah_quran::VerseRange = verses.parse().unwrap();
    range
        .keys()
        .flat_map(ItemKey::of_verse)
        .map(|item| (item, state(1.0, 30.0)))
        .collect()
}

fn run(goal_text: &str, states: &HashMap<ItemKey, MemoryState>, settings: &Settings) -> Vec<Slot> {
    select(
        &goal(goal_text),
        states,
        settings,
        NOW,
        &Scheduler::new(),
        PlanRequest::default(),
    )
    .unwrap()
}

fn labels(slots: &[Slot]) -> Vec<String> {
    slots
        .iter()
        .map(|s| format!("{}:{:?}", s.item, s.reason))
        .collect()
}

#[test]
fn a_fully_new_goal_starts_at_its_first_verse_in_mushaf_order() {
    let slots = run("surah:112", &HashMap::new(), &Settings::default());
    let memorization: Vec<VerseKey> = slots
        .iter()
        .filter(|s| s.item.skill() == Skill::Memorization)
        .map(|s| s.item.verse())
        .collect();
    assert_eq!(memorization, ["112:1", "112:2", "112:3", "112:4"].map(key));
    assert!(slots.iter().all(|s| s.reason == Reason::New));
    // 4 memorization + 4 meaning + continuity of 112:1-3 (112:4 ends the surah).
    assert_eq!(slots.len(), 11, "{:?}", labels(&slots));
    let continuity: HashSet<String> = slots
        .iter()
        .filter(|s| s.item.skill() == Skill::Continuity)
        .map(|s| s.item.verse().to_string())
        .collect();
    assert_eq!(
        continuity,
        HashSet::from(["112:1", "112:2", "112:3"].map(String::from))
    );
    for pair in slots.windows(2) {
        assert_ne!(
            pair[0].item.verse(),
            pair[1].item.verse(),
            "{:?}",
            labels(&slots)
        );
    }

    let juz = run("juz:2", &HashMap::new(), &Settings::default());
    assert_eq!(juz[0].item, ItemKey::memorization(key("2:142")));
}

#[test]
fn new_verses_are_limited_and_continuity_waits_for_the_next_verse() {
    let one = Settings {
        new_verses_per_session: 1,
        ..Settings::default()
    };
    let first = run("surah:2", &HashMap::new(), &one);
    assert_eq!(labels(&first), ["2:1/memorization:New", "2:1/meaning:New"]);

    // Next session: 2:1 is started; 2:2 comes in and with it 2:1's continuity.
    let mut states: HashMap<ItemKey, MemoryState> =
        first.iter().map(|s| (s.item, state(0.1, 10.0))).collect();
    let second = run("surah:2", &states, &one);
    assert_eq!(
        second
            .iter()
            .map(|s| s.item.to_string())
            .collect::<HashSet<_>>(),
        HashSet::from(["2:2/memorization", "2:2/meaning", "2:1/continuity"].map(String::from))
    );
    assert_eq!(second[0].item, ItemKey::memorization(key("2:2")));

    let five = run("surah:2", &HashMap::new(), &Settings::default());
    assert_eq!(
        five.iter()
            .filter(|s| s.item.skill() == Skill::Memorization)
            .count(),
        5
    );
    states.clear();
    let none = Settings {
        new_verses_per_session: 0,
        ..Settings::default()
    };
    assert!(run("surah:2", &states, &none).is_empty());
}

#[test]
fn due_reviews_come_first_least_retrievable_first() {
    let mut states = started("2:1-2:10");
    // Due: 2:3 barely, 2:7 long overdue; 2:5 overdue by a middling amount.
    states.insert(ItemKey::memorization(key("2:3")), state(10.5, 10.0));
    states.insert(ItemKey::memorization(key("2:7")), state(60.0, 5.0));
    states.insert(ItemKey::memorization(key("2:5")), state(20.0, 8.0));
    let slots = run("surah:2", &states, &Settings::default());
    let reviews: Vec<String> = slots
        .iter()
        .filter(|s| s.reason == Reason::Review)
        .map(|s| s.item.to_string())
        .collect();
    assert_eq!(
        reviews,
        ["2:7/memorization", "2:5/memorization", "2:3/memorization"]
    );
    assert_eq!(slots[0].item.to_string(), "2:7/memorization");
    // Then new verses from the first unstarted one.
    let first_new = slots.iter().find(|s| s.reason == Reason::New).unwrap();
    assert_eq!(first_new.item, ItemKey::memorization(key("2:11")));
    // Due items outside the goal come after the goal's new verses, as the
    // manzil, least retrievable first.
    let other = run("surah:3", &states, &Settings::default());
    let reasons: Vec<Reason> = other.iter().map(|s| s.reason).collect();
    let first_manzil = reasons.iter().position(|r| *r == Reason::Manzil).unwrap();
    assert!(reasons[..first_manzil].iter().all(|r| *r == Reason::New));
    assert!(reasons[first_manzil..].iter().all(|r| *r == Reason::Manzil));
    let manzil: Vec<String> = other
        .iter()
        .filter(|s| s.reason == Reason::Manzil)
        .map(|s| s.item.to_string())
        .collect();
    assert_eq!(manzil.len(), 3);
    assert!(manzil.contains(&"2:7/memorization".to_owned()));
}

#[test]
fn reviews_fill_the_session_before_new_verses() {
    let mut states = HashMap::new();
    for verse in "2:1-2:30"
        .parse::<iqrah_quran::VerseRange>()
        .unwrap()
        .keys()
    {
        states.insert(
            ItemKey::memorization(verse),
            state(40.0, 2.0 + verse.ayah() as f32 / 10.0),
        );
    }
    let slots = run("surah:2", &states, &Settings::default());
    assert_eq!(slots.len(), 20);
    assert!(slots.iter().all(|s| s.reason == Reason::Review));
}

#[test]
fn prayer_surahs_are_favoured_in_review() {
    let mut states = HashMap::new();
    // Equally overdue items in 2:255 and 112:1: the prayer surah comes first in review.
    states.insert(ItemKey::memorization(key("2:255")), state(20.0, 10.0));
    states.insert(ItemKey::memorization(key("112:1")), state(20.0, 10.0));
    // 2:256 is a little less retrievable, still behind the prayer surah.
    states.insert(ItemKey::memorization(key("2:256")), state(22.0, 10.0));
    let review = run("review", &states, &Settings::default());
    assert_eq!(
        review[0].item.verse(),
        key("112:1"),
        "{:?}",
        labels(&review)
    );
    let off = Settings {
        favour_prayer_surahs: false,
        ..Settings::default()
    };
    assert_eq!(run("review", &states, &off)[0].item.verse(), key("2:256"));
    // The juz goal ranks by retrievability alone.
    assert_eq!(
        run("juz:30", &states, &Settings::default())[0].item.verse(),
        key("112:1")
    );
}

#[test]
fn with_nothing_due_or_new_the_session_is_done_unless_the_learner_asks_to_practise_ahead() {
    let mut states = started("112:1-4");
    states.insert(ItemKey::memorization(key("112:2")), state(5.0, 8.0));
    // Done for today: nothing due, nothing new, no manzil.
    assert!(run("surah:112", &states, &Settings::default()).is_empty());
    let ahead = PlanRequest {
        practice_ahead: true,
        ..PlanRequest::default()
    };
    let run_ahead = |settings: &Settings| {
        select(
            &goal("surah:112"),
            &states,
            settings,
            NOW,
            &Scheduler::new(),
            ahead.clone(),
        )
        .unwrap()
    };
    let slots = run_ahead(&Settings::default());
    assert_eq!(slots.len(), 11);
    assert!(slots.iter().all(|s| s.reason == Reason::PracticeAhead));
    assert_eq!(slots[0].item, ItemKey::memorization(key("112:2")));
    let small = Settings {
        session_size: 3,
        new_verses_per_session: 1,
        ..Settings::default()
    };
    assert_eq!(run_ahead(&small).len(), 3);
    // Review with nothing started has nothing to offer.
    assert!(run("review", &HashMap::new(), &Settings::default()).is_empty());
}

#[test]
fn bad_settings_and_hand_built_goals_are_typed_errors() {
    let s = Scheduler::new();
    let bad = Settings {
        session_size: 0,
        ..Settings::default()
    };
    let states: HashMap<ItemKey, MemoryState> = HashMap::new();
    assert_eq!(
        select(
            &Goal::Review,
            &states,
            &bad,
            NOW,
            &s,
            PlanRequest::default()
        ),
        Err(PlanError::Settings(SettingsError::SessionSize(0)))
    );
    let nonsense = Goal::Surahs {
        first: 0,
        last: 200,
    };
    assert_eq!(
        select(
            &nonsense,
            &states,
            &Settings::default(),
            NOW,
            &s,
            PlanRequest::default()
        ),
        Err(PlanError::Goal(nonsense))
    );
    assert!(
        select(
            &Goal::Juz(31),
            &states,
            &Settings::default(),
            NOW,
            &s,
            PlanRequest::default()
        )
        .is_err()
    );
}

#[test]
fn plan_attaches_an_exercise_of_the_right_skill_to_every_item() {
    let ctx = REAL.ctx();
    let mut states = started("1:1-7");
    states.insert(ItemKey::memorization(key("1:3")), state(30.0, 3.0));
    let settings = Settings::default();
    let planned = plan(
        &goal("juz:1"),
        &states,
        &settings,
        NOW,
        99,
        &Scheduler::new(),
        PlanRequest::default(),
        &ctx,
    )
    .unwrap();
    let slots = run("juz:1", &states, &settings);
    assert_eq!(
        planned
            .iter()
            .map(|p| (p.item, p.reason))
            .collect::<Vec<_>>(),
        slots.iter().map(|s| (s.item, s.reason)).collect::<Vec<_>>()
    );
    for p in &planned {
        assert_eq!(p.exercise.solution.item, p.item);
        assert_eq!(p.exercise.prompt.exercise_type().skill(), p.item.skill());
    }
    let again = plan(
        &goal("juz:1"),
        &states,
        &settings,
        NOW,
        99,
        &Scheduler::new(),
        PlanRequest::default(),
        &ctx,
    )
    .unwrap();
    assert_eq!(again, planned);
    let other = plan(
        &goal("juz:1"),
        &states,
        &settings,
        NOW,
        100,
        &Scheduler::new(),
        PlanRequest::default(),
        &ctx,
    )
    .unwrap();
    assert_ne!(other, planned);
}

#[test]
fn a_learner_who_follows_the_plan_progresses_through_a_surah() {
    // Simulate daily sessions on surah 67 answering Good: every verse gets
    // introduced in order and every item ends up started.
    let s = Scheduler::new();
    let settings = Settings::default();
    let mut states: HashMap<ItemKey, MemoryState> = HashMap::new();
    let mut introduced = Vec::new();
    for day in 0..40 {
        let now = Timestamp(NOW.millis() + day * DAY_MS);
        for slot in select(
            &goal("surah:67"),
            &states,
            &settings,
            now,
            &s,
            PlanRequest::default(),
        )
        .unwrap()
        {
            if slot.reason == Reason::New && slot.item.skill() == Skill::Memorization {
                introduced.push(slot.item.verse());
            }
            let next = s.review(
                states.get(&slot.item),
                Rating::Good,
                now,
                settings.desired_retention,
            );
            states.insert(slot.item, next);
        }
    }
    let expected: Vec<VerseKey> = "67:1-30"
        .parse::<iqrah_quran::VerseRange>()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(introduced, expected);
    assert_eq!(states.len(), 30 * 3 - 1);
}

// ---- properties ----

/// Verses the generated states may touch: the start of surah 2 and juz 30.
fn verse_pool() -> Vec<VerseKey> {
    let mut pool: Vec<VerseKey> = "2:1-2:40"
        .parse::<iqrah_quran::VerseRange>()
        .unwrap()
        .keys()
        .collect();
    pool.extend(iqrah_quran::juz_range(30).unwrap().keys());
    pool
}

fn arb_states() -> impl Strategy<Value = HashMap<ItemKey, MemoryState>> {
    let pool = verse_pool();
    let entry = (0..pool.len(), 0usize..3, 0.0f64..90.0, 0.5f32..60.0);
    proptest::collection::vec(entry, 0..150).prop_map(move |entries| {
        entries
            .into_iter()
            .filter_map(|(v, skill, days_ago, stability)| {
                let item = ItemKey::new(pool[v], Skill::ALL[skill]).ok()?;
                Some((item, state(days_ago, stability)))
            })
            .collect()
    })
}

fn arb_goal() -> impl Strategy<Value = Goal> {
    prop_oneof![
        Just("review"),
        Just("surah:112"),
        Just("surah:110-114"),
        Just("juz:30"),
        Just("range:2:1-2:20"),
        Just("range:2:10-2:40"),
        Just("surah:2"),
        Just("surah:114-110"),
        Just("juz:30:reverse"),
    ]
    .prop_map(goal)
}

fn arb_request() -> impl Strategy<Value = PlanRequest> {
    (
        0usize..15,
        any::<bool>(),
        proptest::option::of(1u32..20),
        any::<bool>(),
        // Pages of the goals' verses (surah 2 begins on 2, Juz 30 on 582).
        proptest::collection::btree_set(prop_oneof![2u16..6, 600u16..=604], 0..3),
        0usize..15,
    )
        .prop_map(
            |(new_verses_today, practice_ahead, minutes, passages, pages, meanings)| PlanRequest {
                new_verses_today,
                practice_ahead,
                minutes,
                passages,
                pages_begun_today: pages.into_iter().collect(),
                meanings_caught_up_today: meanings,
            },
        )
}

fn arb_settings() -> impl Strategy<Value = Settings> {
    (
        1usize..40,
        0usize..8,
        any::<bool>(),
        0usize..12,
        prop_oneof![Just(0u16), 1u16..4],
        any::<bool>(),
    )
        .prop_map(
            |(session_size, new, favour, per_day, pages, meaning)| Settings {
                session_size,
                new_verses_per_session: new.min(session_size),
                favour_prayer_surahs: favour,
                new_verses_per_day: per_day,
                new_pages_per_day: pages,
                practise_meaning: meaning,
                ..Settings::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Goal due items, then new verses, then the manzil, then (only when
    /// asked) practice ahead; the daily cap, the session size and the
    /// minutes hold; a new verse starts with its study step; a skill not
    /// practised is neither introduced nor reviewed.
    #[test]
    fn the_order_of_work_and_every_cap_hold(goal in arb_goal(), states in arb_states(), settings in arb_settings(), request in arb_request()) {
        let slots = select(&goal, &states, &settings, NOW, &Scheduler::new(), request.clone()).unwrap();
        prop_assert!(slots.len() <= settings.session_size);
        if let Some(minutes) = request.minutes {
            let spent: u64 = slots.iter().map(|s| s.exercise_type.expected_ms()).sum();
            prop_assert!(slots.len() <= 1 || spent <= u64::from(minutes) * 60_000, "{spent} ms in {minutes} min");
        }
        let new_verses = slots.iter().filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Memorization).count();
        if settings.new_pages_per_day == 0 {
            let day_left = settings.new_verses_per_day.saturating_sub(request.new_verses_today);
            prop_assert!(new_verses <= day_left.min(settings.new_verses_per_session));
        } else {
            // A page a day: the new verses lie on the pages begun today and
            // at most as many others as the day has left.
            prop_assert!(new_verses <= settings.new_verses_per_session);
            let mut pages: Vec<u16> = slots
                .iter()
                .filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Memorization)
                .map(|s| iqrah_quran::page_of(s.item.verse()))
                .filter(|page| !request.pages_begun_today.contains(page))
                .collect();
            pages.sort_unstable();
            pages.dedup();
            let left = usize::from(settings.new_pages_per_day).saturating_sub(request.pages_begun_today.len());
            prop_assert!(pages.len() <= left, "{pages:?} begun beyond {left} left");
        }
        // The meaning of verses begun without it: the day's catch-up cap,
        // apart from the new verses, and never more than the session's.
        let caught_up = slots.iter().filter(|s| {
            s.reason == Reason::New
                && s.item.skill() == Skill::Meaning
                && states.contains_key(&ItemKey::memorization(s.item.verse()))
        }).count();
        prop_assert!(caught_up <= settings.new_verses_per_day.saturating_sub(request.meanings_caught_up_today));
        prop_assert!(caught_up <= settings.new_verses_per_session);
        if !request.practice_ahead {
            prop_assert!(slots.iter().all(|s| s.reason != Reason::PracticeAhead));
        }
        // Work of a later kind is only present when no earlier kind was cut
        // for it (`spread` may interleave kinds, so this is checked by
        // content): new, manzil or practice-ahead items mean every due goal
        // item is in the session.
        let has = |r: Reason| slots.iter().any(|s| s.reason == r);
        prop_assert!(slots.iter().all(|s| settings.practises(s.item.skill())));
        let due_in_goal = states.iter().filter(|(item, st)| settings.practises(item.skill()) && st.is_due(NOW) && (goal == Goal::Review || goal.contains(item.verse(), &states))).count();
        if has(Reason::Manzil) || has(Reason::New) || has(Reason::PracticeAhead) {
            prop_assert_eq!(slots.iter().filter(|s| s.reason == Reason::Review).count(), due_in_goal);
        }
        if has(Reason::PracticeAhead) {
            let due_anywhere = states.iter().filter(|(item, st)| settings.practises(item.skill()) && st.is_due(NOW) && (goal != Goal::Review || goal.contains(item.verse(), &states))).count();
            prop_assert_eq!(slots.iter().filter(|s| matches!(s.reason, Reason::Review | Reason::Manzil)).count(), due_anywhere);
        }
        // A new verse's first item is its study step; only it is studied.
        let mut seen: HashSet<VerseKey> = HashSet::new();
        for slot in slots.iter().filter(|s| s.reason == Reason::New) {
            let verse = slot.item.verse();
            let new_verse = slots.iter().any(|x| x.reason == Reason::New && x.item == ItemKey::memorization(verse));
            if new_verse && seen.insert(verse) {
                prop_assert_eq!(slot.item, ItemKey::memorization(verse));
                prop_assert_eq!(slot.exercise_type, ExerciseType::Study);
            }
            seen.insert(verse);
        }
        for slot in &slots {
            prop_assert_eq!(slot.exercise_type == ExerciseType::Study, slot.reason == Reason::New && slot.item.skill() == Skill::Memorization);
            prop_assert_eq!(slot.exercise_type.skill(), slot.item.skill());
        }
    }

    /// Over a day of sessions, the new verses never exceed the daily cap.
    #[test]
    fn a_day_of_sessions_never_exceeds_the_daily_cap(goal in arb_goal(), settings in arb_settings(), sessions in 1usize..6) {
        let s = Scheduler::new();
        let mut states: HashMap<ItemKey, MemoryState> = HashMap::new();
        let mut today: Vec<ItemKey> = Vec::new();
        for k in 0..sessions {
            let now = Timestamp(NOW.millis() + k as i64 * 60_000);
            let request = PlanRequest::default().introduced_today(&today);
            for slot in select(&goal, &states, &settings, now, &s, request).unwrap() {
                if slot.reason == Reason::New && slot.item.skill() == Skill::Memorization {
                    today.push(slot.item);
                }
                let next = s.review(states.get(&slot.item), Rating::Good, now, settings.desired_retention);
                states.insert(slot.item, next);
            }
        }
        if settings.new_pages_per_day == 0 {
            prop_assert!(today.len() <= settings.new_verses_per_day);
        } else {
            let pages = PlanRequest::default().introduced_today(&today).pages_begun_today;
            prop_assert!(pages.len() <= usize::from(settings.new_pages_per_day), "{pages:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn sessions_respect_sizes_and_have_no_duplicates(goal in arb_goal(), states in arb_states(), settings in arb_settings()) {
        let slots = select(&goal, &states, &settings, NOW, &Scheduler::new(), PlanRequest::default()).unwrap();
        prop_assert!(slots.len() <= settings.session_size);
        let new_verses = slots.iter().filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Memorization).count();
        prop_assert!(new_verses <= settings.new_verses_per_session);
        let unique: HashSet<ItemKey> = slots.iter().map(|s| s.item).collect();
        prop_assert_eq!(unique.len(), slots.len());
        for slot in &slots {
            match slot.reason {
                Reason::Review => prop_assert!(states[&slot.item].is_due(NOW)),
                Reason::New => prop_assert!(!states.contains_key(&slot.item)),
                Reason::Manzil => prop_assert!(states[&slot.item].is_due(NOW) && !goal.contains(slot.item.verse(), &states)),
                Reason::PracticeAhead => prop_assert!(false, "practice ahead without asking"),
                Reason::LookAlike => prop_assert!(false, "select never reviews confusions: review_confusions does"),
            }
            if slot.reason != Reason::Manzil {
                prop_assert!(goal.contains(slot.item.verse(), &states));
            }
        }
        // Empty means done for today: nothing practised due anywhere,
        // nothing new left.
        let due_anywhere = states.iter().any(|(item, st)| settings.practises(item.skill()) && st.is_due(NOW));
        let cap = settings.new_verses_per_session.min(settings.new_verses_per_day);
        if slots.is_empty() {
            prop_assert!(!due_anywhere || goal == Goal::Review);
            if goal != Goal::Review && cap > 0 {
                prop_assert!(goal.verses(&states).iter().all(|v| states.contains_key(&ItemKey::memorization(*v))));
            }
        }
    }

    #[test]
    fn new_verses_are_introduced_in_mushaf_order_without_gaps(goal in arb_goal(), states in arb_states(), settings in arb_settings()) {
        let slots = select(&goal, &states, &settings, NOW, &Scheduler::new(), PlanRequest::default()).unwrap();
        let new_memorized: Vec<VerseKey> = slots.iter()
            .filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Memorization)
            .map(|s| s.item.verse()).collect();
        // The goal's introduction order, unstarted prayer surahs first when favoured.
        let unstarted_run = |run: &iqrah_quran::VerseRange| run.keys().all(|v| !states.contains_key(&ItemKey::memorization(v)));
        let (mut runs, rest): (Vec<_>, Vec<_>) = goal.introduction().into_iter()
            .partition(|run| settings.favour_prayer_surahs && [1, 112, 113, 114].contains(&run.start().surah()) && unstarted_run(run));
        runs.extend(rest);
        let mut unstarted: Vec<VerseKey> = runs.iter().flat_map(|run| run.keys())
            .filter(|v| !states.contains_key(&ItemKey::memorization(*v))).collect();
        if settings.new_pages_per_day > 0 {
            // A page a day: in that order, the verses of the first pages
            // met, as many as the day allows (none begun yet today).
            let mut pages: Vec<u16> = Vec::new();
            unstarted.retain(|v| {
                let page = iqrah_quran::page_of(*v);
                if !pages.contains(&page) && pages.len() < usize::from(settings.new_pages_per_day) {
                    pages.push(page);
                }
                pages.contains(&page)
            });
        }
        prop_assert_eq!(&new_memorized[..], &unstarted[..new_memorized.len()]);
        for slot in slots.iter().filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Continuity) {
            let next = slot.item.verse().next_in_surah().unwrap();
            prop_assert!(states.contains_key(&ItemKey::memorization(next)) || new_memorized.contains(&next));
        }
    }

    #[test]
    fn no_due_item_is_left_out_for_a_more_retrievable_one(goal in arb_goal(), states in arb_states(), settings in arb_settings()) {
        let s = Scheduler::new();
        let slots = select(&goal, &states, &settings, NOW, &s, PlanRequest::default()).unwrap();
        let chosen: HashSet<ItemKey> = slots.iter().filter(|x| x.reason == Reason::Review).map(|x| x.item).collect();
        let favour = settings.favour_prayer_surahs && goal == Goal::Review;
        let priority = |item: ItemKey| {
            let bonus = if favour && [1, 112, 113, 114].contains(&item.verse().surah()) { 0.2 } else { 0.0 };
            s.retrievability(&states[&item], NOW) - bonus
        };
        let worst_chosen = chosen.iter().map(|&i| priority(i)).fold(f32::NEG_INFINITY, f32::max);
        for (&item, state) in &states {
            if settings.practises(item.skill()) && state.is_due(NOW) && goal.contains(item.verse(), &states) && !chosen.contains(&item) {
                prop_assert!(chosen.len() == settings.session_size && priority(item) >= worst_chosen);
            }
        }
    }

    #[test]
    fn due_reviews_of_distinct_verses_come_least_retrievable_first(states in arb_states(), size in 1usize..40) {
        let states: HashMap<ItemKey, MemoryState> =
            states.into_iter().filter(|(i, _)| i.skill() == Skill::Memorization).collect();
        let s = Scheduler::new();
        let settings = Settings { session_size: size, new_verses_per_session: 0, favour_prayer_surahs: false, ..Settings::default() };
        let slots = select(&Goal::Review, &states, &settings, NOW, &s, PlanRequest::default()).unwrap();
        if slots.iter().any(|x| x.reason == Reason::Review) {
            let r: Vec<f32> = slots.iter().map(|x| s.retrievability(&states[&x.item], NOW)).collect();
            prop_assert!(r.windows(2).all(|w| w[0] <= w[1]), "{:?}", r);
        }
    }

    #[test]
    fn items_of_one_verse_are_not_adjacent_when_avoidable(goal in arb_goal(), states in arb_states(), settings in arb_settings()) {
        let slots = select(&goal, &states, &settings, NOW, &Scheduler::new(), PlanRequest::default()).unwrap();
        let mut counts: HashMap<VerseKey, usize> = HashMap::new();
        for slot in &slots {
            *counts.entry(slot.item.verse()).or_default() += 1;
        }
        let avoidable = counts.values().all(|&c| 2 * c <= slots.len() + 1);
        if avoidable {
            for pair in slots.windows(2) {
                // The order rules (new verses in order, a verse's new items
                // after its study step) may leave a study step's own new
                // items no other place than right after it.
                let study_then_its_own = pair[0].exercise_type == ExerciseType::Study
                    && pair[1].reason == Reason::New;
                if !study_then_its_own {
                    prop_assert_ne!(pair[0].item.verse(), pair[1].item.verse(), "{:?}", labels(&slots));
                }
            }
        }
    }

    #[test]
    fn equal_inputs_give_equal_sessions(goal in arb_goal(), states in arb_states(), settings in arb_settings(), seed in any::<u64>()) {
        let s = Scheduler::new();
        let a = select(&goal, &states, &settings, NOW, &s, PlanRequest::default()).unwrap();
        // Same states in another container and insertion order.
        let reordered: std::collections::BTreeMap<ItemKey, MemoryState> = states.iter().map(|(k, v)| (*k, *v)).collect();
        let b = select(&goal, &reordered, &settings, NOW, &s, PlanRequest::default()).unwrap();
        prop_assert_eq!(&a, &b);
        let ctx = SYNTHETIC.ctx();
        let p = plan(&goal, &states, &settings, NOW, seed, &s, PlanRequest::default(), &ctx).unwrap();
        let q = plan(&goal, &reordered, &settings, NOW, seed, &s, PlanRequest::default(), &ctx).unwrap();
        // Every selected item is in the plan once: as its own item, or
        // reviewed by a passage (verses that hold, recited together).
        let mut covered: Vec<ItemKey> = p
            .iter()
            .flat_map(|planned| match &planned.exercise.prompt {
                iqrah_core::exercise::ExercisePrompt::RecitePassage { verses, .. } => {
                    iqrah_core::passage::graded_items(verses).unwrap()
                }
                _ => vec![planned.item],
            })
            .collect();
        covered.sort();
        let before = covered.len();
        covered.dedup();
        prop_assert_eq!(before, covered.len(), "an item planned twice");
        for slot in &a {
            prop_assert!(covered.binary_search(&slot.item).is_ok(), "{} left out", slot.item);
        }
        prop_assert!(p.len() <= a.len());
        prop_assert_eq!(p, q);
    }
}

#[test]
fn memory_states_trait_objects_work() {
    let states = started("1:1-7");
    let dynamic: &dyn MemoryStates = &states;
    let slots = select(
        &goal("surah:1"),
        dynamic,
        &Settings::default(),
        NOW,
        &Scheduler::new(),
        PlanRequest {
            practice_ahead: true,
            ..PlanRequest::default()
        },
    )
    .unwrap();
    assert_eq!(slots.len(), 20);
}

#[test]
fn reverse_goals_introduce_juz_amma_from_an_nas_back() {
    let none: HashMap<ItemKey, MemoryState> = HashMap::new();
    let off = Settings {
        favour_prayer_surahs: false,
        new_verses_per_session: 8,
        ..Settings::default()
    };
    let new_verses = |goal_text: &str, settings: &Settings| -> Vec<String> {
        run(goal_text, &none, settings)
            .iter()
            .filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Memorization)
            .map(|s| s.item.verse().to_string())
            .collect()
    };
    assert_eq!(
        new_verses("surah:114-78", &off),
        [
            "114:1", "114:2", "114:3", "114:4", "114:5", "114:6", "113:1", "113:2"
        ]
    );
    assert_eq!(
        new_verses("juz:30:reverse", &off),
        new_verses("surah:114-78", &off)
    );
    assert_eq!(new_verses("juz:30", &off)[0], "78:1");
    // Favoured, the unstarted prayer surahs of the goal come first, in the goal's order.
    let on = Settings {
        favour_prayer_surahs: true,
        ..off.clone()
    };
    assert_eq!(
        new_verses("juz:30", &on)[..4],
        ["112:1", "112:2", "112:3", "112:4"]
    );
    // Once started, a prayer surah no longer jumps the queue.
    let started_112 = started("112:1-4");
    let first_new = run("juz:30", &started_112, &on)
        .into_iter()
        .find(|s| s.reason == Reason::New)
        .unwrap();
    assert_eq!(first_new.item.verse(), key("113:1"));
}

#[test]
fn the_daily_cap_and_the_minutes_bound_a_session() {
    let none: HashMap<ItemKey, MemoryState> = HashMap::new();
    let settings = Settings {
        new_verses_per_session: 5,
        new_verses_per_day: 7,
        ..Settings::default()
    };
    let with = |request: PlanRequest| {
        select(
            &goal("surah:2"),
            &none,
            &settings,
            NOW,
            &Scheduler::new(),
            request,
        )
        .unwrap()
    };
    let count_new = |slots: &[Slot]| {
        slots
            .iter()
            .filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Memorization)
            .count()
    };
    assert_eq!(count_new(&with(PlanRequest::default())), 5);
    let later = |today| PlanRequest {
        new_verses_today: today,
        ..PlanRequest::default()
    };
    assert_eq!(count_new(&with(later(5))), 2);
    assert!(with(later(7)).is_empty(), "the day's new verses are done");
    assert!(with(later(100)).is_empty());
    // Three minutes hold three study steps (60 s each) and nothing more.
    let short = with(PlanRequest {
        minutes: Some(3),
        ..PlanRequest::default()
    });
    let spent: u64 = short.iter().map(|s| s.exercise_type.expected_ms()).sum();
    assert!(spent <= 180_000, "{spent}");
    assert!(
        short
            .iter()
            .all(|s| s.exercise_type != ExerciseType::Study || s.reason == Reason::New)
    );
    assert_eq!(count_new(&short), 2, "{short:?}");
}

#[test]
fn an_open_confusion_reviews_both_verses_together_with_drills_against_each_other() {
    use iqrah_core::confusion::Confusion;
    use iqrah_core::look_alike::{LookAlikes, find_look_alikes};
    use iqrah_core::planner::review_confusions;
    let look_alikes = LookAlikes::new(find_look_alikes(&REAL.quran));
    let ctx = REAL.ctx().with_look_alikes(&look_alikes);
    // 2:49 is due; 7:141, the verse it was taken for, is not.
    let mut states = started("2:49-2:50");
    states.extend(started("7:141-7:142"));
    states.insert(ItemKey::memorization(key("2:49")), state(40.0, 30.0));
    states.insert(ItemKey::memorization(key("7:141")), state(1.0, 60.0));
    let settings = Settings::default();
    let planned = plan(
        &goal("range:2:49-2:50"),
        &states,
        &settings,
        NOW,
        5,
        &Scheduler::new(),
        PlanRequest::default(),
        &ctx,
    )
    .unwrap();
    let confusion = Confusion {
        verse: key("2:49"),
        other: key("7:141"),
        times: 1,
        right_since: 0,
    };
    let reviewed = review_confusions(planned.clone(), &[confusion], &states, &ctx, 5);
    let drill_of = |verse: &str| {
        reviewed
            .iter()
            .find(|p| p.item == ItemKey::memorization(key(verse)))
            .map(|p| {
                (
                    p.reason,
                    p.exercise.prompt.exercise_type(),
                    p.exercise
                        .solution
                        .traps
                        .iter()
                        .any(|t| t.verse != key(verse)),
                )
            })
    };
    let (reason, t, traps) = drill_of("2:49").unwrap();
    assert_eq!(reason, Reason::Review, "a planned review keeps its place");
    assert!(t.is_drill() && traps);
    let (reason, t, _) = drill_of("7:141").unwrap();
    assert_eq!(reason, Reason::LookAlike, "the other verse comes along");
    assert!(t.is_drill());
    assert_eq!(reviewed.len(), planned.len() + 1);
    // Nothing open, nothing changed; an unstarted verse's confusion is left alone.
    assert_eq!(
        review_confusions(planned.clone(), &[], &states, &ctx, 5),
        planned
    );
    let unstarted = Confusion {
        verse: key("14:6"),
        ..confusion
    };
    assert_eq!(
        review_confusions(planned.clone(), &[unstarted], &states, &ctx, 5),
        planned
    );
}

/// The verses (memorization items) a plan introduces.
fn new_verses(slots: &[Slot]) -> Vec<String> {
    slots
        .iter()
        .filter(|s| s.reason == Reason::New && s.item.skill() == Skill::Memorization)
        .map(|s| s.item.verse().to_string())
        .collect()
}

#[test]
fn a_page_a_day_introduces_the_verses_of_one_page_and_finishes_it_later_in_the_day() {
    let settings = Settings {
        session_size: 60,
        new_verses_per_session: 20,
        new_verses_per_day: 0, // not applied when pages are counted
        new_pages_per_day: 1,
        ..Settings::default()
    };
    let page2: Vec<String> = iqrah_quran::page_range(2)
        .unwrap()
        .keys()
        .map(|k| k.to_string())
        .collect();
    let page3 = iqrah_quran::page_range(3).unwrap();
    let plan_with = |states: &HashMap<ItemKey, MemoryState>, request: PlanRequest| {
        select(
            &goal("surah:2"),
            states,
            &settings,
            NOW,
            &Scheduler::new(),
            request,
        )
        .unwrap()
    };
    // A fresh day: the whole of page 2 and nothing of page 3.
    let first = plan_with(&HashMap::new(), PlanRequest::default());
    assert_eq!(new_verses(&first), page2);
    // Two verses of page 2 introduced earlier today: the rest of page 2 only.
    let mut states = started("2:1-2:2");
    let today = PlanRequest::default().introduced_today(&[
        ItemKey::memorization(key("2:1")),
        ItemKey::memorization(key("2:2")),
    ]);
    assert_eq!(today.pages_begun_today, [2]);
    assert_eq!(today.new_verses_today, 2);
    assert_eq!(new_verses(&plan_with(&states, today.clone())), page2[2..]);
    // Page 2 done today: page 3 waits for tomorrow, which begins it.
    states = started(&format!("2:1-2:{}", page2.len()));
    let done = PlanRequest {
        pages_begun_today: vec![2],
        ..PlanRequest::default()
    };
    assert!(new_verses(&plan_with(&states, done)).is_empty());
    let tomorrow = new_verses(&plan_with(&states, PlanRequest::default()));
    assert_eq!(
        tomorrow.first().map(String::as_str),
        Some(page3.start().to_string().as_str())
    );
    assert_eq!(
        tomorrow.len(),
        page3.len().min(20),
        "page 3, up to the session's cap"
    );
    // Two pages a day: page 3 may be begun the same day.
    let two = Settings {
        new_pages_per_day: 2,
        ..settings.clone()
    };
    let more = select(
        &goal("surah:2"),
        &states,
        &two,
        NOW,
        &Scheduler::new(),
        PlanRequest {
            pages_begun_today: vec![2],
            ..PlanRequest::default()
        },
    )
    .unwrap();
    assert_eq!(
        new_verses(&more).first().map(String::as_str),
        Some(page3.start().to_string().as_str())
    );
}

#[test]
fn a_page_a_day_finishes_its_page_when_the_goal_order_is_not_page_order() {
    // Juz 30 with the prayer surahs first: 112 and 113 begin page 604, and
    // once started the walk would go on from 114 to 78; the rest of page
    // 604 still comes first, and page 582 waits for tomorrow.
    let settings = Settings {
        new_verses_per_session: 5,
        new_pages_per_day: 1,
        favour_prayer_surahs: true,
        ..Settings::default()
    };
    let scheduler = Scheduler::new();
    let mut states: HashMap<ItemKey, MemoryState> = HashMap::new();
    let mut today: Vec<ItemKey> = Vec::new();
    for _ in 0..6 {
        let request = PlanRequest::default().introduced_today(&today);
        for slot in select(
            &goal("juz:30"),
            &states,
            &settings,
            NOW,
            &scheduler,
            request,
        )
        .unwrap()
        {
            if slot.reason == Reason::New && slot.item.skill() == Skill::Memorization {
                today.push(slot.item);
            }
            let next = scheduler.review(
                states.get(&slot.item),
                Rating::Good,
                NOW,
                settings.desired_retention,
            );
            states.insert(slot.item, next);
        }
    }
    let mut introduced: Vec<String> = today.iter().map(|i| i.verse().to_string()).collect();
    introduced.sort();
    let page: Vec<String> = iqrah_quran::page_range(604)
        .unwrap()
        .keys()
        .map(|k| k.to_string())
        .collect();
    let mut page_sorted = page.clone();
    page_sorted.sort();
    assert_eq!(
        introduced, page_sorted,
        "the whole of page 604, and nothing else"
    );
}

#[test]
fn a_learner_who_skips_meaning_gets_no_meaning_item_new_or_due() {
    // 112:1-2 started, their meaning due; 112:3-4 new.
    let mut states = started("112:1-2");
    for verse in ["112:1", "112:2"] {
        states.insert(ItemKey::meaning(key(verse)), state(5.0, 2.0));
    }
    let skip = Settings {
        practise_meaning: false,
        ..Settings::default()
    };
    let with = labels(&run("surah:112", &states, &Settings::default()));
    let without = labels(&run("surah:112", &states, &skip));
    assert!(
        with.contains(&"112:1/meaning:Review".to_owned()),
        "{with:?}"
    );
    assert!(with.contains(&"112:3/meaning:New".to_owned()), "{with:?}");
    assert!(
        without.iter().all(|l| !l.contains("meaning")),
        "{without:?}"
    );
    // The verses and their links are still introduced.
    assert!(
        without.contains(&"112:3/memorization:New".to_owned()),
        "{without:?}"
    );
    assert!(
        without.contains(&"112:3/continuity:New".to_owned()),
        "{without:?}"
    );
    // Nothing else due: with meaning skipped, done for today.
    let only_meaning_due = started("112:1-4")
        .into_iter()
        .map(|(item, s)| match item.skill() {
            Skill::Meaning => (item, state(5.0, 2.0)),
            _ => (item, s),
        })
        .collect();
    assert!(!run("surah:112", &only_meaning_due, &Settings::default()).is_empty());
    assert!(run("surah:112", &only_meaning_due, &skip).is_empty());
}

#[test]
fn the_meaning_of_verses_begun_without_it_comes_a_few_a_session_beside_the_new_lesson() {
    // 78:1-30 known by heart (placed, or learned while meaning was
    // skipped): their recitation and links started, their meaning never.
    let states: HashMap<ItemKey, MemoryState> = started("78:1-30")
        .into_iter()
        .filter(|(item, _)| item.skill() != Skill::Meaning)
        .collect();
    let settings = Settings {
        session_size: 60,
        ..Settings::default()
    };
    let slots = run("surah:78", &states, &settings);
    let caught_up: Vec<VerseKey> = slots
        .iter()
        .filter(|s| {
            s.item.skill() == Skill::Meaning
                && states.contains_key(&ItemKey::memorization(s.item.verse()))
        })
        .map(|s| s.item.verse())
        .collect();
    let expected: Vec<VerseKey> = "78:1-30"
        .parse::<iqrah_quran::VerseRange>()
        .unwrap()
        .keys()
        .take(settings.new_verses_per_session)
        .collect();
    assert_eq!(
        caught_up,
        expected,
        "the first ones, in order: {:?}",
        labels(&slots)
    );
    // The new lesson goes on beside them, with its own meaning.
    assert!(
        labels(&slots).contains(&"78:31/memorization:New".to_owned()),
        "{:?}",
        labels(&slots)
    );
    assert!(
        labels(&slots).contains(&"78:31/meaning:New".to_owned()),
        "{:?}",
        labels(&slots)
    );
    // A day whose new verses are used up catches up on no meaning either.
    let spent = select(
        &goal("surah:78"),
        &states,
        &settings,
        NOW,
        &Scheduler::new(),
        PlanRequest {
            new_verses_today: settings.new_verses_per_day,
            ..PlanRequest::default()
        },
    )
    .unwrap();
    assert!(
        spent.iter().all(|s| s.reason != Reason::New),
        "{:?}",
        labels(&spent)
    );
}

#[test]
fn the_meanings_caught_up_on_count_against_the_day_apart_from_the_new_verses() {
    let settings = Settings {
        session_size: 60,
        ..Settings::default()
    };
    let per_day = settings.new_verses_per_day;
    let verse = |ayah: u32| VerseKey::new(78, ayah).unwrap();
    // Earlier today: 78:31 learned with its meaning (a new verse, not a
    // catch-up) and the meanings of 78:1 to 78:(per_day − 1), verses
    // known by heart before today without their meaning.
    let mut today = vec![
        ItemKey::memorization(verse(31)),
        ItemKey::meaning(verse(31)),
    ];
    let caught_up_before = u32::try_from(per_day - 1).unwrap();
    today.extend((1..=caught_up_before).map(|ayah| ItemKey::meaning(verse(ayah))));
    let request = PlanRequest::default().introduced_today(&today);
    assert_eq!(request.new_verses_today, 1);
    assert_eq!(request.meanings_caught_up_today, per_day - 1);

    let mut states: HashMap<ItemKey, MemoryState> = started("78:1-31")
        .into_iter()
        .filter(|(item, _)| item.skill() != Skill::Meaning)
        .collect();
    for item in &today {
        states.insert(*item, state(0.0, 1.0));
    }
    let plan_with = |request: PlanRequest| {
        select(
            &goal("surah:78"),
            &states,
            &settings,
            NOW,
            &Scheduler::new(),
            request,
        )
        .unwrap()
    };
    let caught_up = |slots: &[Slot]| -> Vec<VerseKey> {
        slots
            .iter()
            .filter(|s| s.item.skill() == Skill::Meaning && s.item.verse() < verse(31))
            .map(|s| s.item.verse())
            .collect()
    };
    // One left of the day's: the next verse's meaning, and the new lesson
    // beside it.
    let slots = plan_with(request.clone());
    assert_eq!(
        caught_up(&slots),
        vec![verse(caught_up_before + 1)],
        "{:?}",
        labels(&slots)
    );
    assert!(
        labels(&slots).contains(&"78:32/memorization:New".to_owned()),
        "{:?}",
        labels(&slots)
    );
    // None left: no more catch-up today, the new lesson still.
    let spent = plan_with(PlanRequest {
        meanings_caught_up_today: per_day,
        ..request
    });
    assert_eq!(caught_up(&spent), Vec::new(), "{:?}", labels(&spent));
    assert!(
        labels(&spent).contains(&"78:32/memorization:New".to_owned()),
        "{:?}",
        labels(&spent)
    );
}
