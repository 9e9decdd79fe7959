//! Figures from issue 3: plan a 20-item `review` session over states on
//! every item (≤ 5 ms), generate one exercise (≤ 50 µs), check one answer
//! (≤ 20 µs). Runs on the real Quran from the installed quran-json package.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iqrah_core::exercise::{
    Answer, AnswerKey, ExerciseContext, ExerciseIndex, ExercisePrompt, ExerciseType,
    GeneratedExercise, check, generate, generate_of_type,
};
use iqrah_core::goal::Goal;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::planner::{PlanRequest, plan, select};
use iqrah_core::settings::Settings;
use iqrah_core::time::{DAY_MS, Timestamp};

const PACKAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/node_modules/quran-json"
);
const NOW: Timestamp = Timestamp(1_750_000_000_000);

struct Content {
    quran: iqrah_quran::Quran,
    translation: iqrah_quran::Translation,
    index: ExerciseIndex,
}

fn content() -> Content {
    let package =
        iqrah_content::read_package(std::path::Path::new(PACKAGE)).expect("quran-json installed");
    let translation = package
        .translations
        .into_iter()
        .find(|t| t.info().language == "en")
        .expect("English");
    let index = ExerciseIndex::new(&package.quran, &translation);
    Content {
        quran: package.quran,
        translation,
        index,
    }
}

/// A state on every item: reviewed 0–59 days ago with stabilities of 1–90
/// days, so that roughly a third are due.
fn all_states(scheduler: &Scheduler) -> HashMap<ItemKey, MemoryState> {
    ItemKey::all()
        .enumerate()
        .map(|(i, item)| {
            let reviewed =
                Timestamp(NOW.millis() - (i as i64 % 60) * DAY_MS - (i as i64 % 997) * 60_000);
            let first = scheduler.review(None, Rating::Good, reviewed, 0.9);
            let stability = 1.0 + ((i * 7) % 90) as f32;
            (
                item,
                MemoryState {
                    stability,
                    due: reviewed.plus_days(f64::from(stability)),
                    ..first
                },
            )
        })
        .collect()
}

fn right_answer(exercise: &GeneratedExercise) -> Answer {
    match &exercise.solution.key {
        AnswerKey::Words { words } => match exercise.prompt {
            ExercisePrompt::Recall { .. } => Answer::SelfGrade {
                rating: Rating::Good,
            },
            _ => Answer::Text {
                text: words.join(" "),
            },
        },
        AnswerKey::Choice { index } | AnswerKey::Mistake { index, .. } => {
            Answer::Choice { index: *index }
        }
        AnswerKey::Order { order } => Answer::Order {
            order: order.clone(),
        },
        AnswerKey::Passage { .. } => Answer::Passage { marks: Vec::new() },
    }
}

fn benches(c: &mut Criterion) {
    let content = content();
    let ctx = ExerciseContext::new(&content.quran, &content.translation, &content.index);
    let scheduler = Scheduler::new();
    let states = all_states(&scheduler);
    let settings = Settings::default();
    assert_eq!(states.len(), 18_594);

    c.bench_function("plan_review_full", |b| {
        let mut seed = 0u64;
        b.iter(|| {
            seed += 1;
            let planned = plan(
                &Goal::Review,
                &states,
                &settings,
                NOW,
                seed,
                &scheduler,
                PlanRequest::default(),
                &ctx,
            )
            .unwrap();
            assert_eq!(planned.len(), 20);
            black_box(planned)
        })
    });
    c.bench_function("select_review_full", |b| {
        b.iter(|| {
            black_box(
                select(
                    &Goal::Review,
                    &states,
                    &settings,
                    NOW,
                    &scheduler,
                    PlanRequest::default(),
                )
                .unwrap(),
            )
        })
    });
    let juz: Goal = "juz:2".parse().unwrap();
    c.bench_function("plan_juz_full", |b| {
        b.iter(|| {
            black_box(
                plan(
                    &juz,
                    &states,
                    &settings,
                    NOW,
                    7,
                    &scheduler,
                    PlanRequest::default(),
                    &ctx,
                )
                .unwrap(),
            )
        })
    });

    // Items spread over the Quran, of every skill.
    let items: Vec<ItemKey> = ItemKey::all().step_by(97).collect();
    c.bench_function("generate_exercise", |b| {
        let mut n = 0usize;
        b.iter(|| {
            n = n.wrapping_add(1);
            let item = items[n % items.len()];
            black_box(generate(item, &ctx, n as u64).unwrap())
        })
    });
    let mut group = c.benchmark_group("generate_of_type");
    for exercise_type in ExerciseType::ALL {
        let typed_items: Vec<ItemKey> = items
            .iter()
            .filter_map(|i| ItemKey::new(i.verse(), exercise_type.skill()).ok())
            .filter(|i| exercise_type.supports(content.quran.verse(i.verse())))
            .collect();
        group.bench_function(exercise_type.as_str(), |b| {
            let mut n = 0usize;
            b.iter(|| {
                n = n.wrapping_add(1);
                let item = typed_items[n % typed_items.len()];
                black_box(generate_of_type(item, exercise_type, &ctx, n as u64).unwrap())
            })
        });
    }
    group.finish();

    // The look-alike drills, on every verse of the spread that has one,
    // with the text's look-alikes (computed here, as the import does).
    let look_alikes = iqrah_core::look_alike::LookAlikes::new(
        iqrah_core::look_alike::find_look_alikes(&content.quran),
    );
    let drill_ctx = ctx.with_look_alikes(&look_alikes);
    let mut group = c.benchmark_group("generate_drill");
    for exercise_type in ExerciseType::DRILLS {
        let drilled: Vec<ItemKey> = ItemKey::all()
            .filter(|i| i.skill() == iqrah_core::item::Skill::Memorization)
            .filter(|i| {
                iqrah_core::exercise::generate_drill(*i, exercise_type, None, &drill_ctx, 0).is_ok()
            })
            .step_by(17)
            .collect();
        group.bench_function(exercise_type.as_str(), |b| {
            let mut n = 0usize;
            b.iter(|| {
                n = n.wrapping_add(1);
                let item = drilled[n % drilled.len()];
                black_box(
                    iqrah_core::exercise::generate_drill(
                        item,
                        exercise_type,
                        None,
                        &drill_ctx,
                        n as u64,
                    )
                    .unwrap(),
                )
            })
        });
    }
    group.finish();

    // Next and missing word on verses with look-alikes, which look for the
    // word a look-alike has in each place (to offer it as a trap): beside
    // generate_of_type's plain figures.
    let mut group = c.benchmark_group("generate_with_look_alikes");
    for exercise_type in [ExerciseType::NextWord, ExerciseType::MissingWord] {
        let alike: Vec<ItemKey> = ItemKey::all()
            .filter(|i| i.skill() == iqrah_core::item::Skill::Memorization)
            .filter(|i| !look_alikes.of(i.verse()).is_empty())
            .filter(|i| exercise_type.supports(content.quran.verse(i.verse())))
            .step_by(17)
            .collect();
        group.bench_function(exercise_type.as_str(), |b| {
            let mut n = 0usize;
            b.iter(|| {
                n = n.wrapping_add(1);
                let item = alike[n % alike.len()];
                black_box(generate_of_type(item, exercise_type, &drill_ctx, n as u64).unwrap())
            })
        });
    }
    // The worst case: the longest verse that has look-alikes.
    let longest = content
        .quran
        .verses()
        .iter()
        .filter(|v| !look_alikes.of(v.key).is_empty())
        .max_by_key(|v| v.words.len())
        .map(|v| ItemKey::memorization(v.key));
    if let Some(item) = longest {
        group.bench_function(format!("next_word_longest_{}", item.verse()), |b| {
            let mut n = 0u64;
            b.iter(|| {
                n = n.wrapping_add(1);
                black_box(generate_of_type(item, ExerciseType::NextWord, &drill_ctx, n).unwrap())
            })
        });
    }
    group.finish();

    let exercises: Vec<(GeneratedExercise, Answer)> = items
        .iter()
        .enumerate()
        .map(|(n, &item)| {
            let exercise = generate(item, &ctx, n as u64).unwrap();
            let answer = right_answer(&exercise);
            (exercise, answer)
        })
        .collect();
    c.bench_function("check_answer", |b| {
        let mut n = 0usize;
        b.iter(|| {
            n = n.wrapping_add(1);
            let (exercise, answer) = &exercises[n % exercises.len()];
            black_box(check(&exercise.prompt, &exercise.solution, answer, 4_000).unwrap())
        })
    });
    // The costliest check: typing the longest verse (2:282, 128 words) with one word wrong.
    let long = generate_of_type(
        "2:282/memorization".parse().unwrap(),
        ExerciseType::TypeVerse,
        &ctx,
        1,
    )
    .unwrap();
    let mut words = content.quran.verse("2:282".parse().unwrap()).words.clone();
    words[60] = "خطأ".to_owned();
    let typed = Answer::Text {
        text: words.join(" "),
    };
    c.bench_function("check_answer_type_verse_2_282", |b| {
        b.iter(|| black_box(check(&long.prompt, &long.solution, &typed, 90_000).unwrap()))
    });
    c.bench_function("exercise_index_build", |b| {
        b.iter(|| black_box(ExerciseIndex::new(&content.quran, &content.translation)))
    });
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(engine);
