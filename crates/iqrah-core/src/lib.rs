//! Iqrah's pure learning engine: items and skills, goals, FSRS memory
//! states, the exercise catalog (generation and checking) and the session
//! planner.
//!
//! The crate does no I/O, reads no clock and keeps no globals: `now`
//! ([`time::Timestamp`]) and random seeds are arguments, so every decision
//! is reproducible. Storage and interfaces live in other crates.
//!
//! | module | concept |
//! |---|---|
//! | [`account`] | the rules of server accounts: [`account::Username`], new passwords, [`account::Role`], [`account::SignUpMode`], [`account::sign_in_wait`] |
//! | [`item`] | [`item::Skill`] and [`item::ItemKey`] (`2:255/memorization`) |
//! | [`goal`] | [`goal::Goal`]: `surah:N`, `surah:N-M` (also from the last surah back), `juz:N`, `juz:N:reverse`, `page:N`, `page:N-M` (Madani mushaf pages), `range:S:A-S:B`, `review` |
//! | [`find`] | [`find::find`]: the goals a search names (a surah by number or name in either script, a juz, a page, verses) |
//! | [`look_alike`] | [`look_alike::find_look_alikes`]: verses that look alike (mutashabihat), computed from the text |
//! | [`memory`] | [`memory::Rating`], [`memory::MemoryState`], the FSRS-6 [`memory::Scheduler`] |
//! | [`fitting`] | [`fitting::fit`]: FSRS parameters fitted to a learner's review log |
//! | [`settings`] | [`settings::Settings`] and their validation |
//! | [`arabic`] | normalization of Arabic and the word diff of typed answers |
//! | [`exercise`] | the catalog: [`exercise::generate`], [`exercise::check`] |
//! | [`passage`] | [`passage::grade_passage`]: a recited passage graded from its marks |
//! | [`placement`] | [`placement::place`]: the initial memory states of what a learner says they know ([`placement::Mark`], [`placement::Level`]) |
//! | [`planner`] | [`planner::plan`]: what a session practises, in which order |
//! | [`time`] | [`time::Timestamp`], milliseconds since the Unix epoch |
//!
//! # A session in brief
//!
//! ```
//! use std::collections::HashMap;
//! use iqrah_core::goal::Goal;
//! use iqrah_core::item::ItemKey;
//! use iqrah_core::memory::{MemoryState, Rating, Scheduler};
//! use iqrah_core::exercise::ExerciseType;
//! use iqrah_core::planner::{PlanRequest, Reason, select};
//! use iqrah_core::settings::Settings;
//! use iqrah_core::time::Timestamp;
//!
//! let scheduler = Scheduler::new(); // one per learner: parameters and day start
//! let goal: Goal = "surah:112".parse()?;
//! let mut states: HashMap<ItemKey, MemoryState> = HashMap::new();
//! let now = Timestamp::from_millis(1_750_000_000_000);
//!
//! // A fully new goal starts at its first verse.
//! let slots = select(&goal, &states, &Settings::default(), now, &scheduler, PlanRequest::default())?;
//! assert_eq!(slots[0].item.to_string(), "112:1/memorization");
//! assert_eq!(slots[0].reason, Reason::New);
//! // A new verse is studied before it is ever tested.
//! assert_eq!(slots[0].exercise_type, ExerciseType::Study);
//!
//! // Each answer's rating moves the item's memory state forward.
//! for slot in &slots {
//!     let next = scheduler.review(states.get(&slot.item), Rating::Good, now, 0.9);
//!     states.insert(slot.item, next);
//! }
//! assert!(states.values().all(|s| s.due > now));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`planner::plan`] does the same and attaches an exercise to each item;
//! it needs an [`exercise::ExerciseContext`]: the text, a translation and an
//! [`exercise::ExerciseIndex`] built once from them.
//!
//! # The exercise catalog
//!
//! Every item gets an exercise generated deterministically from the item,
//! the type and a seed. The planner gives the type by the memory rule of
//! [`exercise::choose`] (a new verse's first item is a study step, cued
//! exercises while young, full recall once a memory holds);
//! [`exercise::generate`] picks a type from the seed among those that train
//! the item's skill and that the verse supports (never study).
//! A [`exercise::GeneratedExercise`] has two halves:
//!
//! - the **prompt** ([`exercise::ExercisePrompt`]): what a screen renders,
//!   serialized with a snake_case `type` tag. It never carries the answer.
//! - the **solution** ([`exercise::Solution`]): the right answer and the
//!   answer-time profile. The server stores it and never sends it.
//!
//! Multiple-choice prompts have four choices, shuffled by the seed, that
//! are distinct after normalization ([`arabic::loose_key`]). Distractors come
//! from the answer's neighbourhood — the same surah first, then the same
//! juz, then further — and are of similar length.
//!
//! | type | skill | needs | answer | timing (Easy/Good/Hard) |
//! |---|---|---|---|---|
//! | `recall` | memorization | — | `self_grade` | long recall 10/20/35 s |
//! | `next_word` | memorization | 2 words | `choice` | quick choice 3/7/12 s |
//! | `missing_word` | memorization | 2 words | `choice` | quick choice |
//! | `find_the_mistake` | memorization | 3 words | `choice` (word position) | standard 6/12/20 s |
//! | `type_verse` | memorization | — | `text` (checked with a word diff) | long recall |
//! | `what_comes_next` | continuity | a next verse | `choice` | quick choice |
//! | `put_in_order` | continuity | a next verse | `order` | standard |
//! | `meaning` | meaning | — | `choice` | standard |
//! | `meaning_reverse` | meaning | — | `choice` | standard |
//!
//! Timing profiles stretch with the amount to read or type (for example
//! long recall once per 10 words: see [`exercise::TimingProfile::scaled`]).
//! A wrong answer suggests Again; a right one is graded by time; slower than
//! Hard is Again. Recall is self-graded.
//!
//! The payloads below are the prompts for verse 112:3 with seed 2024 (the
//! snapshot tests in `tests/snapshots` keep them current).
//!
//! **Study** — a new verse's first item: the verse large with the previous
//! verse, its words, transliteration and translation; read, recite with
//! words hidden step by step, recite from memory, then self-grade:
//!
//! ```json
//! {"type":"study","reference":"112:3","surah_name":"Al-Ikhlas","previous":{"reference":"112:2","text":"ٱللَّهُ ٱلصَّمَدُ"},"text":"لَمۡ يَلِدۡ وَلَمۡ يُولَدۡ","words":["لَمۡ","يَلِدۡ","وَلَمۡ","يُولَدۡ"],"transliteration":"Lam yalid walam yooladu","translation":"He neither begets nor is born"}
//! ```
//!
//! **Recall** — the reference, the previous verse, and placeholders for the
//! words, which the screen reveals one by one from
//! [`exercise::Solution::revealed_words`]:
//!
//! ```json
//! {"type": "recall", "reference": "112:3", "surah_name": "Al-Ikhlas",
//!  "previous": {"reference": "112:2", "text": "ٱللَّهُ ٱلصَّمَدُ"}, "word_count": 4}
//! ```
//!
//! **Next word** — choose what follows `shown`:
//!
//! ```json
//! {"type": "next_word", "reference": "112:3", "shown": ["لَمۡ", "يَلِدۡ", "وَلَمۡ"],
//!  "choices": ["كُفُوًا", "وَلَمۡ", "ٱللَّهُ", "يُولَدۡ"]}
//! ```
//!
//! **Missing word** — choose the word between `before` and `after`:
//!
//! ```json
//! {"type": "missing_word", "reference": "112:3", "before": ["لَمۡ", "يَلِدۡ", "وَلَمۡ"], "after": [],
//!  "choices": ["كُفُوًا", "وَلَمۡ", "ٱللَّهُ", "يُولَدۡ"]}
//! ```
//!
//! **Find the mistake** — one word was replaced; answer with its position:
//!
//! ```json
//! {"type": "find_the_mistake", "reference": "112:3", "words": ["لَمۡ", "يَلِدۡ", "وَلَمۡ", "كُفُوًا"]}
//! ```
//!
//! **Type the verse** — answer with the typed text; the outcome carries a
//! [`arabic::WordDiff`]:
//!
//! ```json
//! {"type": "type_verse", "reference": "112:3", "surah_name": "Al-Ikhlas",
//!  "previous": {"reference": "112:2", "text": "ٱللَّهُ ٱلصَّمَدُ"}, "word_count": 4}
//! ```
//!
//! **What comes next** — choose the opening (up to three words) of the next verse:
//!
//! ```json
//! {"type": "what_comes_next", "reference": "112:3", "text": "لَمۡ يَلِدۡ وَلَمۡ يُولَدۡ",
//!  "choices": ["أَلَمۡ تَرَ كَيۡفَ", "تَبَّتۡ يَدَآ أَبِي", "وَلَمۡ يَكُن لَّهُۥ", "ٱللَّهُ ٱلصَّمَدُ"]}
//! ```
//!
//! **Put in order** — 3–5 consecutive verses of one surah, never shown in
//! order; answer with the indices of `verses` in mushaf order (verses with
//! identical text may come in either order):
//!
//! ```json
//! {"type": "put_in_order", "range": "112:1-4",
//!  "verses": ["قُلۡ هُوَ ٱللَّهُ أَحَدٌ", "لَمۡ يَلِدۡ وَلَمۡ يُولَدۡ", "ٱللَّهُ ٱلصَّمَدُ", "وَلَمۡ يَكُن لَّهُۥ كُفُوًا أَحَدُۢ"]}
//! ```
//!
//! **Meaning** — choose the verse's translation:
//!
//! ```json
//! {"type": "meaning", "reference": "112:3", "text": "لَمۡ يَلِدۡ وَلَمۡ يُولَدۡ",
//!  "choices": ["Allah, the Eternal Refuge", "Say, \"He is Allah, [who is] One",
//!              "Nor is there to Him any equivalent", "He neither begets nor is born"]}
//! ```
//!
//! **Meaning, reverse** — choose the verse a translation renders (no
//! reference, which would give it away):
//!
//! ```json
//! {"type": "meaning_reverse", "translation": "He neither begets nor is born",
//!  "choices": ["ٱللَّهُ ٱلصَّمَدُ", "قُلۡ هُوَ ٱللَّهُ أَحَدٌ", "وَلَمۡ يَكُن لَّهُۥ كُفُوًا أَحَدُۢ", "لَمۡ يَلِدۡ وَلَمۡ يُولَدۡ"]}
//! ```
//!
//! Answers ([`exercise::Answer`]) are tagged by `kind`:
//! `{"kind": "choice", "index": 2}`, `{"kind": "order", "order": [0, 2, 1, 3]}`,
//! `{"kind": "text", "text": "لم يلد ولم يولد"}`, `{"kind": "self_grade", "rating": 3}`.
//! An answer of the wrong kind, an index out of range, a non-permutation or
//! text of any length or alphabet is simply wrong; [`exercise::check`] only
//! errs when the solution does not belong to the prompt.

pub mod account;
pub mod arabic;
pub mod confusion;
pub mod exercise;
pub mod find;
pub mod fitting;
pub mod goal;
pub mod item;
pub mod look_alike;
pub mod memory;
pub mod passage;
pub mod placement;
pub mod planner;
pub mod progress;
pub mod session;
pub mod settings;
pub mod stats;
pub mod summary;
pub mod time;
