//! The session planner: which items a session practises, in which order,
//! and with which exercise.
//!
//! The order of work spends the minutes where they pay (GUIDE §3b: sabaq,
//! sabqi, manzil):
//!
//! 1. **Due items of the goal**, least retrievable first. In `review`
//!    (everything due, no new verses) the prayer surahs (1, 112–114) are
//!    favoured: their retrievability counts [`PRAYER_BONUS`] lower.
//! 2. **New verses of the goal**, in the goal's introduction order
//!    ([`Goal::introduction`]: mushaf order, or surah by surah from the last
//!    back for `surah:114-78` and `juz:30:reverse`); with
//!    `favour_prayer_surahs`, the goal's prayer surahs not yet started come
//!    first. At most `min(new_verses_per_session, new_verses_per_day −
//!    PlanRequest::new_verses_today)` new verses; with `new_pages_per_day`
//!    set, at most `new_verses_per_session`, on the pages begun today
//!    ([`PlanRequest::pages_begun_today`]) and as many new pages as the day
//!    has left; verses on other pages wait for another day.
//!    Introducing a verse
//!    introduces its memorization and meaning items; a verse's continuity
//!    item is introduced once the next verse has been introduced (in this
//!    session or before). Items a started verse still lacks come along in
//!    the same walk; the meaning of a verse begun without it, at most as
//!    many a session as the session's new verses and, apart from them,
//!    `new_verses_per_day − PlanRequest::meanings_caught_up_today` a day.
//! 3. **Due items outside the goal** ([`Reason::Manzil`]), least retrievable
//!    (most overdue) first: old material is never starved because the
//!    learner only opens goal sessions.
//! 4. Then nothing: an empty plan means "done for today". Items are
//!    practised ahead of their due time ([`Reason::PracticeAhead`], least
//!    retrievable first) only when [`PlanRequest::practice_ahead`] asks.
//!
//! A session holds at most `session_size` items and, with
//! [`PlanRequest::minutes`], no more items than fit the minutes: items are
//! taken in the order of work while the sum of their
//! [`ExerciseType::expected_ms`] stays within the budget (the first item is
//! always taken).
//!
//! **Exercises follow the memory**: each slot's exercise type comes from the
//! item's stage and stability by the rule of [`crate::exercise::choose`] (a
//! new verse's first item is a study step; cued exercises while young; full
//! recall once it holds). [`plan`] makes that type, falling back to the next
//! allowed one when it cannot be made.
//!
//! **Passages** ([`plan`] only, when [`PlanRequest::passages`] says the
//! client renders them): where the session reviews 2 or more
//! consecutive verses of one surah whose memorization is due and holds
//! ([`Stage::Holds`], the stage of full recall), they are offered as one
//! `recite_passage` item ([`crate::passage::find_passages`]: at most
//! [`crate::passage::MAX_VERSES`] verses and [`crate::passage::MAX_WORDS`]
//! words), at the place of the first of their slots; the links inside it
//! (their continuity reviews) are graded by it too, so their own slots go.
//! A hafiz revises by reciting on; for verses that hold, one recitation is
//! the cheapest full review of the verses and their links. [`select`] keeps
//! one slot per item (the simulator plans with it).
//!
//! Items of the same verse are never adjacent when another order avoids it;
//! the reordering keeps new memorization items in their order and never puts
//! a new verse's other items before its study step.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use iqrah_quran::{VerseKey, VerseRange, page_of};
use serde::{Deserialize, Serialize};

use crate::exercise::choose::{Stage, exercise_type_of, generate_following};
use crate::exercise::{ExerciseContext, ExerciseType, GeneratedExercise};
use crate::goal::Goal;
use crate::item::{ItemKey, Skill};
use crate::memory::{MemoryState, MemoryStates, Scheduler};
use crate::settings::{Settings, SettingsError};
use crate::time::Timestamp;

/// How much lower the retrievability of a prayer-surah item counts when
/// ranking reviews in the `review` goal.
pub const PRAYER_BONUS: f32 = 0.2;

/// The surahs recited in daily prayer.
pub const PRAYER_SURAHS: [u8; 4] = [1, 112, 113, 114];

/// Why an item is in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// It is due.
    Review,
    /// It is introduced now.
    New,
    /// Practised before its due time, because the learner asked.
    PracticeAhead,
    /// A due item outside the goal (the manzil: old material kept revised).
    Manzil,
    /// Reviewed beside the verse it was confused with
    /// ([`review_confusions`]), due or not.
    LookAlike,
}

/// What a learner asks of one session, beyond their settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRequest {
    /// New verses already introduced today (the learner's day), counted
    /// against `Settings::new_verses_per_day`.
    pub new_verses_today: usize,
    /// The mushaf pages of the verses introduced today, each once, counted
    /// against `Settings::new_pages_per_day` when it is set.
    #[serde(default)]
    pub pages_begun_today: Vec<u16>,
    /// Meanings begun today of verses begun before today (the meaning a
    /// verse begun without it catches up on), counted against
    /// `Settings::new_verses_per_day` apart from the new verses.
    #[serde(default)]
    pub meanings_caught_up_today: usize,
    /// Practise items ahead of their due time once nothing else is left.
    pub practice_ahead: bool,
    /// A time budget in minutes, on top of `session_size`.
    pub minutes: Option<u32>,
    /// Offer due verses that hold as `recite_passage` items ([`plan`]):
    /// for a client that renders passages.
    pub passages: bool,
}

impl PlanRequest {
    /// The request with `introduced` (the items of any skill begun
    /// today, each once) counted: the memorization items as today's new
    /// verses and their pages, the meanings of verses not begun today as
    /// today's meaning catch-up.
    pub fn introduced_today(self, introduced: &[ItemKey]) -> Self {
        let verses: Vec<VerseKey> = introduced
            .iter()
            .filter(|item| item.skill() == Skill::Memorization)
            .map(|item| item.verse())
            .collect();
        let mut pages: Vec<u16> = verses.iter().map(|verse| page_of(*verse)).collect();
        pages.sort_unstable();
        pages.dedup();
        let meanings_caught_up_today = introduced
            .iter()
            .filter(|item| item.skill() == Skill::Meaning && !verses.contains(&item.verse()))
            .count();
        PlanRequest {
            new_verses_today: verses.len(),
            pages_begun_today: pages,
            meanings_caught_up_today,
            ..self
        }
    }
}

/// One selected item, before its exercise is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// The item.
    pub item: ItemKey,
    /// Why it is practised.
    pub reason: Reason,
    /// The exercise type the memory rule gives it.
    pub exercise_type: ExerciseType,
}

/// One step of a planned session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedItem {
    /// The item.
    pub item: ItemKey,
    /// Why it is practised.
    pub reason: Reason,
    /// The exercise to show.
    pub exercise: GeneratedExercise,
}

/// Why a session could not be planned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// A setting is out of range.
    #[error("invalid settings: {0}")]
    Settings(#[from] SettingsError),
    /// The goal was built by hand with a surah or juz that does not exist.
    #[error("invalid goal {0}")]
    Goal(Goal),
}

/// Plans a session: selects items with [`select`], then generates each
/// item's exercise of its slot's type from a seed derived from `seed` and
/// the item, falling back to the next type the memory rule allows when it
/// cannot be made. An item whose exercise cannot be made is left out.
#[allow(clippy::too_many_arguments)]
pub fn plan<S: MemoryStates + ?Sized>(
    goal: &Goal,
    states: &S,
    settings: &Settings,
    now: Timestamp,
    seed: u64,
    scheduler: &Scheduler,
    request: PlanRequest,
    ctx: &ExerciseContext<'_>,
) -> Result<Vec<PlannedItem>, PlanError> {
    let wants_passages = request.passages;
    let slots = select(goal, states, settings, now, scheduler, request)?;
    let mut passages = if wants_passages {
        passages_of(&slots, states, ctx)
    } else {
        Vec::new()
    };
    Ok(slots
        .into_iter()
        .filter_map(|slot| {
            // A passage's place is its first slot; its other slots go.
            if let Some((range, _, exercise)) =
                passages.iter_mut().find(|(_, covers, _)| covers(&slot))
            {
                return exercise.take().map(|exercise| PlannedItem {
                    item: ItemKey::memorization(range.start()),
                    reason: slot.reason,
                    exercise,
                });
            }
            let stage = Stage::of(states.get(slot.item));
            let exercise = generate_following(
                slot.item,
                stage,
                slot.exercise_type,
                ctx,
                item_seed(seed, slot.item),
            )
            .ok()?;
            Some(PlannedItem {
                item: slot.item,
                reason: slot.reason,
                exercise,
            })
        })
        .collect())
}

/// A passage of the plan: its verses, which slots it takes the place of,
/// and its exercise until placed.
type Passage = (
    VerseRange,
    Box<dyn Fn(&Slot) -> bool>,
    Option<GeneratedExercise>,
);

/// The passages among `slots` (see the module docs): due memorization
/// reviews of verses that hold, in runs of consecutive verses.
fn passages_of<S: MemoryStates + ?Sized>(
    slots: &[Slot],
    states: &S,
    ctx: &ExerciseContext<'_>,
) -> Vec<Passage> {
    let due: Vec<VerseKey> = slots
        .iter()
        .filter(|s| {
            s.reason == Reason::Review
                && s.item.skill() == Skill::Memorization
                && Stage::of(states.get(s.item)) == Stage::Holds
        })
        .map(|s| s.item.verse())
        .collect();
    let words = |verse: VerseKey| {
        ctx.quran
            .verses()
            .get(verse.index())
            .map_or(usize::MAX / 2, |v| v.words.len())
    };
    crate::passage::find_passages(&due, |_| true, words)
        .into_iter()
        .filter_map(|range| {
            let exercise = crate::passage::generate_passage(range, ctx).ok()?;
            let covers = move |slot: &Slot| {
                let verse = slot.item.verse();
                slot.reason == Reason::Review
                    && match slot.item.skill() {
                        Skill::Memorization => range.contains(verse),
                        // The links inside the passage.
                        Skill::Continuity => range.contains(verse) && verse != range.end(),
                        Skill::Meaning => false,
                    }
            };
            Some((
                range,
                Box::new(covers) as Box<dyn Fn(&Slot) -> bool>,
                Some(exercise),
            ))
        })
        .collect()
}

/// The most open confusions one session reviews ([`review_confusions`]).
pub const MAX_CONFUSIONS_PER_SESSION: usize = 3;

/// Reviews open confusions (`crate::confusion`, the most recent first) in a
/// planned session: for each of the first [`MAX_CONFUSIONS_PER_SESSION`]
/// whose verse has been started, the verse and the verse it was taken for
/// (when started too) are each drilled against the other
/// ([`crate::exercise::choose::generate_look_alike_drill`]), together: a
/// planned memorization review of either keeps its place with the drill as
/// its exercise; one not planned is added as [`Reason::LookAlike`], after
/// the due reviews and before the new verses. A verse studied for the first
/// time in this session, or recited in a passage, keeps its exercise. A
/// pair whose drills cannot be made is left as planned.
pub fn review_confusions<S: MemoryStates + ?Sized>(
    mut planned: Vec<PlannedItem>,
    confusions: &[crate::confusion::Confusion],
    states: &S,
    ctx: &ExerciseContext<'_>,
    seed: u64,
) -> Vec<PlannedItem> {
    let started = |verse: VerseKey| states.get(ItemKey::memorization(verse)).is_some();
    let mut taken: Vec<VerseKey> = Vec::new();
    for confusion in confusions
        .iter()
        .filter(|c| started(c.verse))
        .take(MAX_CONFUSIONS_PER_SESSION)
    {
        let mut pair = vec![(confusion.verse, confusion.other)];
        if started(confusion.other) {
            pair.push((confusion.other, confusion.verse));
        }
        for (verse, partner) in pair {
            if taken.contains(&verse) {
                continue;
            }
            let item = ItemKey::memorization(verse);
            let Ok(drill) = crate::exercise::choose::generate_look_alike_drill(
                item,
                Some(partner),
                ctx,
                item_seed(seed, item),
            ) else {
                continue;
            };
            taken.push(verse);
            let in_passage = planned.iter().any(|p| match &p.exercise.prompt {
                crate::exercise::ExercisePrompt::RecitePassage { range, .. } => {
                    range.contains(verse)
                }
                _ => false,
            });
            match planned.iter_mut().find(|p| p.item == item) {
                Some(p)
                    if !matches!(
                        p.exercise.prompt.exercise_type(),
                        ExerciseType::Study | ExerciseType::RecitePassage
                    ) =>
                {
                    p.exercise = drill;
                }
                Some(_) => {}
                None if in_passage => {}
                None => {
                    let at = planned
                        .iter()
                        .position(|p| p.reason != Reason::Review && p.reason != Reason::LookAlike)
                        .unwrap_or(planned.len());
                    planned.insert(
                        at,
                        PlannedItem {
                            item,
                            reason: Reason::LookAlike,
                            exercise: drill,
                        },
                    );
                }
            }
        }
    }
    planned
}

/// The exercise seed of one item in a session planned with `seed`.
pub fn item_seed(seed: u64, item: ItemKey) -> u64 {
    let code = item.verse().index() as u64 * 3 + item.skill() as u64;
    crate::exercise::mix_seed(seed ^ crate::exercise::mix_seed(code))
}

/// Selects the items of a session, in order, with the exercise type of
/// each, without making exercises (see the module docs for the rules).
pub fn select<S: MemoryStates + ?Sized>(
    goal: &Goal,
    states: &S,
    settings: &Settings,
    now: Timestamp,
    scheduler: &Scheduler,
    request: PlanRequest,
) -> Result<Vec<Slot>, PlanError> {
    settings.validate()?;
    let scope = match goal {
        Goal::Review => None,
        other => Some(other.range().ok_or(PlanError::Goal(*other))?),
    };
    let favour = settings.favour_prayer_surahs && scope.is_none();
    let limit = settings.session_size;
    let rank = |item: ItemKey, state: &MemoryState| {
        let bonus = if favour && PRAYER_SURAHS.contains(&item.verse().surah()) {
            PRAYER_BONUS
        } else {
            0.0
        };
        Ranked {
            priority: scheduler.retrievability(state, now) - bonus,
            item,
        }
    };
    let slot = |item: ItemKey, reason: Reason| Slot {
        item,
        reason,
        exercise_type: exercise_type_of(item, states.get(item)),
    };

    let practised = |item: ItemKey| settings.practises(item.skill());
    // 1. Due items of the goal.
    let due = least(states, scope, limit, |item, state| {
        (practised(item) && state.is_due(now)).then(|| rank(item, state))
    });
    let mut slots: Vec<Slot> = due
        .into_iter()
        .map(|r| slot(r.item, Reason::Review))
        .collect();
    if let Some(range) = scope {
        // 2. New verses of the goal, up to the session's and the day's cap.
        if slots.len() < limit {
            let (cap, mut pages) = if settings.new_pages_per_day > 0 {
                (
                    settings.new_verses_per_session,
                    Some(PageBudget::new(
                        &request.pages_begun_today,
                        settings.new_pages_per_day,
                    )),
                )
            } else {
                let left_today = settings
                    .new_verses_per_day
                    .saturating_sub(request.new_verses_today);
                (settings.new_verses_per_session.min(left_today), None)
            };
            let runs = introduction_runs(goal, states, settings.favour_prayer_surahs);
            let with_meaning = settings.practises(Skill::Meaning);
            let mut new_items = Vec::new();
            introduce(
                &runs,
                range,
                states,
                NewVerseCap {
                    verses: cap,
                    pages: pages.as_mut(),
                    meanings: cap.min(
                        settings
                            .new_verses_per_day
                            .saturating_sub(request.meanings_caught_up_today),
                    ),
                },
                limit - slots.len(),
                with_meaning,
                &mut new_items,
            );
            slots.extend(new_items.into_iter().map(|item| slot(item, Reason::New)));
        }
        // 3. Due items outside the goal: the manzil.
        if slots.len() < limit {
            let manzil = least(states, None, limit - slots.len(), |item, state| {
                (practised(item) && state.is_due(now) && !range.contains(item.verse()))
                    .then(|| rank(item, state))
            });
            slots.extend(manzil.into_iter().map(|r| slot(r.item, Reason::Manzil)));
        }
    }
    // 4. Practice ahead, only when asked.
    if request.practice_ahead && slots.len() < limit {
        let ahead = least(states, scope, limit - slots.len(), |item, state| {
            (practised(item) && !state.is_due(now)).then(|| rank(item, state))
        });
        slots.extend(
            ahead
                .into_iter()
                .map(|r| slot(r.item, Reason::PracticeAhead)),
        );
    }
    slots.truncate(limit);
    if let Some(minutes) = request.minutes {
        slots.truncate(fitting(&slots, minutes));
    }
    Ok(spread(slots))
}

/// How many of `slots`, taken in order, fit `minutes`: while the sum of
/// their [`ExerciseType::expected_ms`] stays within the budget, and at
/// least one.
pub fn fitting(slots: &[Slot], minutes: u32) -> usize {
    let budget = u64::from(minutes) * 60_000;
    let mut spent = 0u64;
    let mut count = 0usize;
    for slot in slots {
        spent += slot.exercise_type.expected_ms();
        if spent > budget && count > 0 {
            break;
        }
        count += 1;
    }
    count
}

/// The goal's introduction runs ([`Goal::introduction`]); with `favour`,
/// the runs of prayer surahs not yet started move to the front (keeping
/// their order among themselves).
fn introduction_runs<S: MemoryStates + ?Sized>(
    goal: &Goal,
    states: &S,
    favour: bool,
) -> Vec<VerseRange> {
    let runs = goal.introduction();
    if !favour {
        return runs;
    }
    let unstarted_prayer = |run: &VerseRange| {
        PRAYER_SURAHS.contains(&run.start().surah())
            && run
                .keys()
                .all(|verse| states.get(ItemKey::memorization(verse)).is_none())
    };
    let (mut first, rest): (Vec<VerseRange>, Vec<VerseRange>) =
        runs.into_iter().partition(unstarted_prayer);
    first.extend(rest);
    first
}

/// An item ranked for selection: lower priority comes first.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    priority: f32,
    item: ItemKey,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .total_cmp(&other.priority)
            .then(self.item.cmp(&other.item))
    }
}

/// The `k` lowest-ranked items of the scope (all started items for
/// `None`) that `rank` accepts, in ascending order. Keeps a heap of `k`
/// rather than sorting everything.
fn least<S: MemoryStates + ?Sized>(
    states: &S,
    scope: Option<VerseRange>,
    k: usize,
    rank: impl Fn(ItemKey, &MemoryState) -> Option<Ranked>,
) -> Vec<Ranked> {
    let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(k + 1);
    let mut consider = |item: ItemKey, state: &MemoryState| {
        if let Some(ranked) = rank(item, state) {
            if heap.len() < k {
                heap.push(ranked);
            } else if heap.peek().is_some_and(|worst| ranked < *worst) {
                heap.pop();
                heap.push(ranked);
            }
        }
    };
    match scope {
        // A small goal: look its items up rather than scanning every state.
        Some(range) if range.len() * 3 < states.count() => {
            for item in range.keys().flat_map(ItemKey::of_verse) {
                if let Some(state) = states.get(item) {
                    consider(item, state);
                }
            }
        }
        Some(range) => states.for_each(&mut |item, state| {
            if range.contains(item.verse()) {
                consider(item, state);
            }
        }),
        None => states.for_each(&mut |item, state| consider(item, state)),
    }
    heap.into_sorted_vec()
}

/// How many new verses a session may introduce: a number, and with
/// `Settings::new_pages_per_day` the pages they may lie on; and how many
/// meanings of verses begun without them it may catch up on.
struct NewVerseCap<'a> {
    verses: usize,
    pages: Option<&'a mut PageBudget>,
    meanings: usize,
}

/// The day's budget of mushaf pages: the pages begun today may be
/// finished, and `more` new ones begun.
struct PageBudget {
    begun: Vec<u16>,
    more: usize,
}

impl PageBudget {
    fn new(begun_today: &[u16], per_day: u16) -> Self {
        PageBudget {
            begun: begun_today.to_vec(),
            more: usize::from(per_day).saturating_sub(begun_today.len()),
        }
    }

    /// Whether `verse` may be introduced: its page was begun today, or
    /// another page may still be begun (and now is).
    fn admit(&mut self, verse: VerseKey) -> bool {
        let page = page_of(verse);
        if self.begun.contains(&page) {
            return true;
        }
        if self.more == 0 {
            return false;
        }
        self.more -= 1;
        self.begun.push(page);
        true
    }
}

/// Appends new items of `range`, walking `runs` in order (each in mushaf
/// order): at most `cap.verses` new verses and `room` items, each new
/// verse's meaning with it when `with_meaning`. The meaning of a verse
/// begun without it (placed by the learner, learned while meaning was
/// skipped, or a session ended between the two) comes in at most
/// `cap.meanings` times, counted apart, so that catching up on it never
/// stops the new lesson.
fn introduce<S: MemoryStates + ?Sized>(
    runs: &[VerseRange],
    range: VerseRange,
    states: &S,
    mut cap: NewVerseCap<'_>,
    room: usize,
    with_meaning: bool,
    slots: &mut Vec<ItemKey>,
) {
    let started = |item: ItemKey| states.get(item).is_some();
    // A verse's meaning is introduced with it, when meaning is practised.
    let new_meaning = |item: ItemKey| with_meaning && !started(item);
    let mut added = 0usize;
    let mut new_verses = 0usize;
    let mut caught_up_meanings = 0usize;
    // Whether the previous verse of the walk was introduced in this session.
    let mut previous_new: Option<VerseKey> = None;
    let push = |item: ItemKey, added: &mut usize, slots: &mut Vec<ItemKey>| {
        slots.push(item);
        *added += 1;
    };
    for verse in runs.iter().flat_map(|run| run.keys()) {
        if added >= room {
            break;
        }
        let memorization = ItemKey::memorization(verse);
        let meaning = ItemKey::meaning(verse);
        if !started(memorization) {
            if new_verses == cap.verses {
                break;
            }
            // A verse on a page the day cannot begin waits; the walk goes
            // on to verses of the pages begun today (a goal's order need
            // not be page order: prayer surahs first, surahs backwards).
            if cap.pages.as_mut().is_some_and(|p| !p.admit(verse)) {
                continue;
            }
            new_verses += 1;
            push(memorization, &mut added, slots);
            if new_meaning(meaning) {
                push(meaning, &mut added, slots);
            }
            // The previous verse's continuity now has its next verse.
            if let Some(previous) = verse.previous_in_surah().filter(|p| range.contains(*p)) {
                let introduced =
                    previous_new == Some(previous) || started(ItemKey::memorization(previous));
                if let Some(continuity) =
                    ItemKey::continuity(previous).filter(|c| introduced && !started(*c))
                {
                    push(continuity, &mut added, slots);
                }
            }
            previous_new = Some(verse);
        } else {
            if new_meaning(meaning) && caught_up_meanings < cap.meanings {
                caught_up_meanings += 1;
                push(meaning, &mut added, slots);
            }
            let next_started = verse
                .next_in_surah()
                .is_some_and(|next| started(ItemKey::memorization(next)));
            if let Some(continuity) =
                ItemKey::continuity(verse).filter(|c| next_started && !started(*c))
            {
                push(continuity, &mut added, slots);
            }
        }
    }
}

/// Reorders slots so that items of the same verse are not adjacent, when
/// that is possible, staying as close as it can to the given order and
/// never reordering new memorization items among themselves.
///
/// A depth-first search that always tries the earliest eligible slot first,
/// pruned by the counting bound (no verse may hold more than half of what is
/// left). It gives up after [`SPREAD_BUDGET`] steps and keeps the given order
/// for whatever is left, so its cost is bounded whatever the input.
fn spread(slots: Vec<Slot>) -> Vec<Slot> {
    let mut counts: HashMap<VerseKey, usize> = HashMap::new();
    for slot in &slots {
        *counts.entry(slot.item.verse()).or_default() += 1;
    }
    let mut search = Spread {
        slots: &slots,
        used: vec![false; slots.len()],
        counts,
        order: Vec::with_capacity(slots.len()),
        budget: SPREAD_BUDGET,
    };
    if !search.place(None) {
        // No arrangement found within the budget: keep the given order.
        return slots;
    }
    search.order.iter().map(|&i| slots[i]).collect()
}

/// How many placements [`spread`] may try before it gives up.
const SPREAD_BUDGET: usize = 20_000;

/// The state of [`spread`]'s search.
struct Spread<'a> {
    slots: &'a [Slot],
    used: Vec<bool>,
    counts: HashMap<VerseKey, usize>,
    order: Vec<usize>,
    budget: usize,
}

impl Spread<'_> {
    /// Places the remaining slots after a slot of `previous`; false when no
    /// arrangement exists (or the budget ran out).
    fn place(&mut self, previous: Option<VerseKey>) -> bool {
        let left = self.slots.len() - self.order.len();
        if left == 0 {
            return true;
        }
        let is_new_memorization =
            |s: &Slot| s.reason == Reason::New && s.item.skill() == Skill::Memorization;
        let first_new =
            (0..self.slots.len()).find(|&j| !self.used[j] && is_new_memorization(&self.slots[j]));
        // A new verse's other items wait for its study step.
        let unstudied: Vec<VerseKey> = (0..self.slots.len())
            .filter(|&i| !self.used[i] && is_new_memorization(&self.slots[i]))
            .map(|i| self.slots[i].item.verse())
            .collect();
        let waits = |s: &Slot| {
            s.reason == Reason::New
                && s.item.skill() != Skill::Memorization
                && unstudied.contains(&s.item.verse())
        };
        let mut tried: Vec<VerseKey> = Vec::new();
        for j in 0..self.slots.len() {
            let slot = self.slots[j];
            let verse = slot.item.verse();
            if self.used[j]
                || Some(verse) == previous
                || (is_new_memorization(&slot) && Some(j) != first_new)
                || waits(&slot)
            {
                continue;
            }
            // Two non-new-memorization slots of one verse lead to the same
            // futures: trying the first is enough.
            if !is_new_memorization(&slot) {
                if tried.contains(&verse) {
                    continue;
                }
                tried.push(verse);
            }
            if self.budget == 0 {
                return false;
            }
            self.budget -= 1;
            self.take(j, verse, true);
            if self.feasible(verse, left - 1) && self.place(Some(verse)) {
                return true;
            }
            self.take(j, verse, false);
        }
        false
    }

    /// Marks slot `j` (of `verse`) placed or not.
    fn take(&mut self, j: usize, verse: VerseKey, placed: bool) {
        self.used[j] = placed;
        if let Some(count) = self.counts.get_mut(&verse) {
            if placed {
                *count -= 1;
                self.order.push(j);
            } else {
                *count += 1;
                self.order.pop();
            }
        }
    }

    /// The counting bound: `left` slots after one of `previous` can only be
    /// spread if no verse holds more than half of them (and `previous` not
    /// even that).
    fn feasible(&self, previous: VerseKey, left: usize) -> bool {
        self.counts.iter().all(|(&verse, &count)| {
            if verse == previous {
                count <= left / 2
            } else {
                count <= left.div_ceil(2)
            }
        })
    }
}
