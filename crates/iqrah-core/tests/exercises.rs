//! The exercise catalog against the real Quran: every applicable type for
//! every verse, determinism, checking and hostile answers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{REAL, SYNTHETIC};
use iqrah_core::arabic::normalize;
use iqrah_core::exercise::{
    Answer, AnswerKey, CheckError, ExerciseError, ExercisePrompt, ExerciseType, GeneratedExercise,
    check, generate, generate_of_type,
};
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::Rating;
use iqrah_quran::{Verse, VerseKey};

fn key(text: &str) -> VerseKey {
    text.parse().unwrap()
}

fn item(text: &str) -> ItemKey {
    text.parse().unwrap()
}

/// Normalized form of a choice: Arabic normalization, plus lowercase for translations.
fn norm(text: &str) -> String {
    normalize(text).to_lowercase()
}

/// The right answer of a generated exercise, as the learner would give it.
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

/// Checks the invariants of one exercise; returns a description of the first violation.
fn violations(verse: &Verse, exercise: &GeneratedExercise) -> Result<(), String> {
    let quran = &REAL.quran;
    let translation = &REAL.translation;
    let prompt = &exercise.prompt;
    let choices = prompt.choices();
    let json = serde_json::to_string(prompt).unwrap();
    if !choices.is_empty() {
        // A drill offers the look-alikes there are: two to four.
        let counts = if prompt.exercise_type().is_drill() {
            2..=4
        } else {
            4..=4
        };
        if !counts.contains(&choices.len()) {
            return Err(format!("{} choices", choices.len()));
        }
        let mut distinct: Vec<String> = choices.iter().map(|c| norm(c)).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != choices.len() {
            return Err(format!(
                "choices not distinct after normalization: {choices:?}"
            ));
        }
    }
    let chosen = |key: &AnswerKey| match key {
        AnswerKey::Choice { index } => choices.get(*index).cloned(),
        _ => None,
    };
    let solution = &exercise.solution;
    match prompt {
        ExercisePrompt::RecitePassage { .. } => {
            return Err("a passage is never made for one verse".into());
        }
        ExercisePrompt::Recall {
            reference,
            previous,
            word_count,
            ..
        }
        | ExercisePrompt::TypeVerse {
            reference,
            previous,
            word_count,
            ..
        } => {
            let expected_previous = verse
                .key
                .previous_in_surah()
                .map(|p| quran.verse(p).text.clone());
            if *reference != verse.key
                || previous.as_ref().map(|p| p.text.clone()) != expected_previous
            {
                return Err("reference or previous verse wrong".into());
            }
            if previous
                .as_ref()
                .is_some_and(|p| Some(p.reference) != verse.key.previous_in_surah())
            {
                return Err("previous reference wrong".into());
            }
            if *word_count != verse.words.len() {
                return Err("word count wrong".into());
            }
            let previous_holds_it = expected_previous.is_some_and(|p| p.contains(&verse.text));
            if json.contains(&verse.text) && !previous_holds_it {
                return Err("prompt contains the verse".into());
            }
        }
        ExercisePrompt::Study {
            reference,
            previous,
            text,
            words,
            transliteration,
            ..
        } => {
            // A study step shows the verse: its exact text, words and
            // transliteration, after the previous verse.
            if *reference != verse.key
                || *text != verse.text
                || *words != verse.words
                || *transliteration != verse.transliteration
                || previous.as_ref().map(|p| p.reference) != verse.key.previous_in_surah()
            {
                return Err("study prompt does not show the verse".into());
            }
        }
        ExercisePrompt::WhichContinuation {
            reference, shown, ..
        } => {
            let end =
                (shown.len() + iqrah_core::exercise::CONTINUATION_WORDS).min(verse.words.len());
            if *reference != verse.key
                || shown.is_empty()
                || shown.len() >= verse.words.len()
                || verse.words[..shown.len()] != shown[..]
                || chosen(&solution.key) != Some(verse.words[shown.len()..end].join(" "))
            {
                return Err("which continuation answer wrong".into());
            }
        }
        ExercisePrompt::WhichSurah { text, .. } => {
            let name = quran
                .surah(verse.key.surah())
                .map(|s| s.name_transliterated.clone());
            if *text != verse.text || chosen(&solution.key) != name {
                return Err("which surah answer wrong".into());
            }
        }
        ExercisePrompt::NextWord { shown, .. } => {
            if verse.words[..shown.len()] != shown[..]
                || chosen(&solution.key) != verse.words.get(shown.len()).cloned()
            {
                return Err("next word answer wrong".into());
            }
        }
        ExercisePrompt::MissingWord { before, after, .. } => {
            let at = before.len();
            if before.len() + after.len() + 1 != verse.words.len()
                || verse.words[..at] != before[..]
                || verse.words[at + 1..] != after[..]
                || chosen(&solution.key) != Some(verse.words[at].clone())
            {
                return Err("missing word answer wrong".into());
            }
        }
        ExercisePrompt::FindTheMistake { words, .. } => {
            let AnswerKey::Mistake { index, original } = &solution.key else {
                return Err("key kind".into());
            };
            let differing: Vec<usize> = (0..words.len())
                .filter(|&i| words[i] != verse.words[i])
                .collect();
            if differing != [*index]
                || *original != verse.words[*index]
                || norm(&words[*index]) == norm(original)
            {
                return Err(format!("mistake wrong: {differing:?} {index}"));
            }
        }
        ExercisePrompt::WhatComesNext { text, .. } => {
            let next = quran.verse(verse.key.next_in_surah().ok_or("no next verse")?);
            let k = next.words.len().min(3);
            if *text != verse.text || chosen(&solution.key) != Some(next.words[..k].join(" ")) {
                return Err("what comes next answer wrong".into());
            }
        }
        ExercisePrompt::PutInOrder { range, verses } => {
            let AnswerKey::Order { order } = &solution.key else {
                return Err("key kind".into());
            };
            let next = verse.key.next_in_surah().ok_or("no next verse")?;
            if !(3..=5).contains(&verses.len())
                || !range.contains(verse.key)
                || !range.contains(next)
            {
                return Err(format!("window {range} for {}", verse.key));
            }
            if range.start().surah() != range.end().surah() || range.len() != verses.len() {
                return Err("window crosses a surah".into());
            }
            for (k, key) in range.keys().enumerate() {
                if norm(&verses[order[k]]) != norm(&quran.verse(key).text) {
                    return Err("order does not restore the text".into());
                }
            }
            if range
                .keys()
                .enumerate()
                .all(|(k, key)| norm(&verses[k]) == norm(&quran.verse(key).text))
            {
                return Err("verses shown already in order".into());
            }
        }
        ExercisePrompt::Meaning {
            reference, text, ..
        } => {
            if *reference != verse.key
                || *text != verse.text
                || chosen(&solution.key).as_deref() != Some(translation.text(verse.key))
            {
                return Err("meaning answer wrong".into());
            }
        }
        ExercisePrompt::MeaningReverse {
            translation: shown, ..
        } => {
            if shown != translation.text(verse.key)
                || chosen(&solution.key) != Some(verse.text.clone())
            {
                return Err("meaning reverse answer wrong".into());
            }
            if json.contains(&verse.key.to_string()) && !shown.contains(&verse.key.to_string()) {
                return Err("meaning reverse names the verse".into());
            }
        }
    }
    let outcome =
        check(prompt, solution, &right_answer(exercise), 1_000).map_err(|e| e.to_string())?;
    if outcome.correct == Some(false) {
        return Err(format!("the right answer was judged wrong: {outcome:?}"));
    }
    Ok(())
}

#[test]
fn every_applicable_type_is_made_for_every_verse_of_the_real_quran() {
    let ctx = REAL.ctx();
    let mut made = std::collections::BTreeMap::<ExerciseType, usize>::new();
    let mut failures = Vec::new();
    for verse in REAL.quran.verses() {
        for item in ItemKey::of_verse(verse.key) {
            for exercise_type in ExerciseType::applicable(item.skill(), verse) {
                let seed = verse.key.index() as u64 * 31 + exercise_type as u64;
                let result = generate_of_type(item, exercise_type, &ctx, seed)
                    .map_err(|e| e.to_string())
                    .and_then(|exercise| violations(verse, &exercise).map(|()| exercise));
                match result {
                    Ok(exercise) => {
                        assert_eq!(exercise.prompt.exercise_type(), exercise_type);
                        *made.entry(exercise_type).or_default() += 1;
                    }
                    Err(e) => failures.push(format!("{item} {exercise_type}: {e}")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    // Every verse gets recall, type the verse and both meaning types; the
    // word-choice types skip only the one-word (28) and two-word verses.
    assert_eq!(made[&ExerciseType::Recall], 6236);
    assert_eq!(made[&ExerciseType::MeaningReverse], 6236);
    assert_eq!(made[&ExerciseType::NextWord], 6236 - 28);
    assert_eq!(made[&ExerciseType::PutInOrder], 6236 - 114);
    assert!(made[&ExerciseType::FindTheMistake] > 6000);
}

#[test]
fn generation_is_deterministic_and_picks_among_the_applicable_types() {
    let ctx = REAL.ctx();
    let memorization = item("2:255/memorization");
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..300 {
        let exercise = generate(memorization, &ctx, seed).unwrap();
        assert_eq!(generate(memorization, &ctx, seed).unwrap(), exercise);
        let exercise_type = exercise.prompt.exercise_type();
        assert_eq!(exercise_type.skill(), Skill::Memorization);
        assert_eq!(
            generate_of_type(memorization, exercise_type, &ctx, seed).unwrap(),
            exercise
        );
        seen.insert(exercise_type);
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    // Different seeds give different exercises of one type.
    let a = generate_of_type(memorization, ExerciseType::NextWord, &ctx, 1).unwrap();
    let b = generate_of_type(memorization, ExerciseType::NextWord, &ctx, 2).unwrap();
    assert_ne!(a, b);
}

#[test]
fn a_verse_too_short_for_a_type_gets_another() {
    let ctx = REAL.ctx();
    let ta_ha = item("20:1/memorization");
    assert_eq!(REAL.quran.verse(key("20:1")).words.len(), 1);
    for seed in 0..50 {
        let t = generate(ta_ha, &ctx, seed).unwrap().prompt.exercise_type();
        assert!(
            matches!(t, ExerciseType::Recall | ExerciseType::TypeVerse),
            "{t}"
        );
    }
    assert_eq!(
        generate_of_type(ta_ha, ExerciseType::NextWord, &ctx, 0),
        Err(ExerciseError::Unsupported {
            item: ta_ha,
            exercise_type: ExerciseType::NextWord
        })
    );
    let meaning = item("1:1/meaning");
    assert!(matches!(
        generate_of_type(meaning, ExerciseType::Recall, &ctx, 0),
        Err(ExerciseError::Unsupported { .. })
    ));
}

#[test]
fn distractors_come_from_near_the_answer() {
    let ctx = REAL.ctx();
    let verse = REAL.quran.verse(key("2:255"));
    let words_near: std::collections::HashSet<&String> = REAL.quran.verses()
        [verse.key.index() - 6..=verse.key.index() + 6]
        .iter()
        .flat_map(|v| &v.words)
        .collect();
    for seed in 0..20 {
        let exercise = generate_of_type(
            item("2:255/memorization"),
            ExerciseType::MissingWord,
            &ctx,
            seed,
        )
        .unwrap();
        for choice in exercise.prompt.choices() {
            assert!(
                words_near.contains(choice),
                "{choice} is not from 2:249-2:261"
            );
        }
    }
}

#[test]
fn typed_answers_are_checked_after_normalization_with_a_diff() {
    let ctx = REAL.ctx();
    let exercise =
        generate_of_type(item("112:1/memorization"), ExerciseType::TypeVerse, &ctx, 7).unwrap();
    let (prompt, solution) = (&exercise.prompt, &exercise.solution);
    let typed =
        |text: &str, ms| check(prompt, solution, &Answer::Text { text: text.into() }, ms).unwrap();

    let right = typed("قل هو الله أحد", 5_000);
    assert_eq!(
        (right.correct, right.suggested_rating),
        (Some(true), Rating::Easy)
    );
    assert_eq!(right.expected, REAL.quran.verse(key("112:1")).text);
    assert!(right.diff.as_ref().unwrap().is_exact());
    assert_eq!(
        typed("قل هو الله أحد", 15_000).suggested_rating,
        Rating::Good
    );
    assert_eq!(
        typed("قل هو الله أحد", 30_000).suggested_rating,
        Rating::Hard
    );
    // A right answer is never Again, however slow.
    assert_eq!(
        typed("قل هو الله أحد", 3_600_000).suggested_rating,
        Rating::Hard
    );
    assert!(right.marked.is_empty());

    let wrong = typed("قل هو الله واحد", 5_000);
    assert_eq!(
        (wrong.correct, wrong.suggested_rating),
        (Some(false), Rating::Again)
    );
    assert_eq!(wrong.marked, vec![3]);
    // Left-out words are marked at their place in the verse; an extra
    // word marks nothing.
    assert_eq!(typed("قل الله", 5_000).marked, vec![1, 3]);
    let extra = typed("قل هو الله أحد أحد", 5_000);
    assert_eq!((extra.correct, extra.marked.len()), (Some(false), 0));
    assert_eq!(
        wrong
            .diff
            .unwrap()
            .count(iqrah_core::arabic::DiffKind::Wrong),
        1
    );

    for hostile in [
        "",
        " ",
        "hello",
        "😀",
        "\u{0}",
        &"ب".repeat(10_240),
        &"قل ".repeat(100_000),
    ] {
        let outcome = typed(hostile, 1_000);
        assert_eq!(outcome.correct, Some(false));
    }
}

#[test]
fn answers_of_the_wrong_kind_or_out_of_range_are_wrong_not_errors() {
    let ctx = REAL.ctx();
    for exercise_type in ExerciseType::ALL {
        let item = ItemKey::new(key("2:255"), exercise_type.skill()).unwrap();
        let exercise = generate_of_type(item, exercise_type, &ctx, 3).unwrap();
        let answers = [
            Answer::Choice { index: usize::MAX },
            Answer::Choice { index: 4 },
            Answer::Order { order: vec![] },
            Answer::Order {
                order: vec![0, 0, 0],
            },
            Answer::Order {
                order: vec![usize::MAX; 5],
            },
            Answer::Text {
                text: "x".repeat(50_000),
            },
        ];
        for answer in answers {
            let outcome = check(&exercise.prompt, &exercise.solution, &answer, u64::MAX).unwrap();
            assert_eq!(outcome.correct, Some(false), "{exercise_type} {answer:?}");
            assert_eq!(outcome.suggested_rating, Rating::Again);
            assert!(!outcome.expected.is_empty());
        }
        let graded = check(
            &exercise.prompt,
            &exercise.solution,
            &Answer::SelfGrade {
                rating: Rating::Hard,
            },
            0,
        )
        .unwrap();
        if matches!(exercise_type, ExerciseType::Recall | ExerciseType::Study) {
            assert_eq!(
                (graded.correct, graded.suggested_rating),
                (None, Rating::Hard)
            );
        } else {
            assert_eq!(graded.correct, Some(false));
        }
    }
}

#[test]
fn choices_and_orders_are_checked() {
    let ctx = REAL.ctx();
    let exercise =
        generate_of_type(item("2:255/meaning"), ExerciseType::Meaning, &ctx, 11).unwrap();
    let AnswerKey::Choice { index } = exercise.solution.key else {
        panic!()
    };
    let right = check(
        &exercise.prompt,
        &exercise.solution,
        &Answer::Choice { index },
        2_000,
    )
    .unwrap();
    assert_eq!(
        (right.correct, right.suggested_rating),
        (Some(true), Rating::Easy)
    );
    assert_eq!(right.expected, REAL.translation.text(key("2:255")));
    let other = (index + 1) % 4;
    assert_eq!(
        check(
            &exercise.prompt,
            &exercise.solution,
            &Answer::Choice { index: other },
            2_000
        )
        .unwrap()
        .correct,
        Some(false)
    );

    let order =
        generate_of_type(item("112:1/continuity"), ExerciseType::PutInOrder, &ctx, 5).unwrap();
    let AnswerKey::Order { order: right_order } = &order.solution.key else {
        panic!()
    };
    let mut reversed = right_order.clone();
    reversed.reverse();
    assert_eq!(
        check(
            &order.prompt,
            &order.solution,
            &Answer::Order {
                order: right_order.clone()
            },
            1
        )
        .unwrap()
        .correct,
        Some(true)
    );
    assert_eq!(
        check(
            &order.prompt,
            &order.solution,
            &Answer::Order { order: reversed },
            1
        )
        .unwrap()
        .correct,
        Some(false)
    );
}

#[test]
fn a_missed_word_is_marked_at_its_place_in_the_verse() {
    let ctx = REAL.ctx();
    for (exercise_type, seed) in [
        (ExerciseType::NextWord, 1),
        (ExerciseType::MissingWord, 2),
        (ExerciseType::FindTheMistake, 3),
    ] {
        let exercise = generate_of_type(item("2:255/memorization"), exercise_type, &ctx, seed)
            .or_else(|_| generate_of_type(item("2:255/continuity"), exercise_type, &ctx, seed))
            .unwrap();
        let (asked, right) = match (&exercise.prompt, &exercise.solution.key) {
            (ExercisePrompt::NextWord { shown, .. }, AnswerKey::Choice { index }) => {
                (shown.len(), *index)
            }
            (ExercisePrompt::MissingWord { before, .. }, AnswerKey::Choice { index }) => {
                (before.len(), *index)
            }
            (ExercisePrompt::FindTheMistake { .. }, AnswerKey::Mistake { index, .. }) => {
                (*index, *index)
            }
            other => panic!("{other:?}"),
        };
        let words = &REAL.quran.verse(key("2:255")).words;
        assert!(asked < words.len());
        let answer = |index| Answer::Choice { index };
        let wrong = check(
            &exercise.prompt,
            &exercise.solution,
            &answer((right + 1) % 4),
            2_000,
        )
        .unwrap();
        assert_eq!(
            (wrong.correct, wrong.marked),
            (Some(false), vec![asked]),
            "{exercise_type}"
        );
        if exercise_type != ExerciseType::FindTheMistake {
            assert_eq!(wrong.expected, words[asked], "{exercise_type}");
        }
        let good = check(&exercise.prompt, &exercise.solution, &answer(right), 2_000).unwrap();
        assert_eq!((good.correct, good.marked.len()), (Some(true), 0));
    }
}

#[test]
fn put_in_order_accepts_either_order_of_identical_verses() {
    // 55:13 and 55:16 are the same refrain; a window holding both has two right orders.
    let ctx = REAL.ctx();
    let found = (0..200).find_map(|seed| {
        let exercise = generate_of_type(
            item("55:14/continuity"),
            ExerciseType::PutInOrder,
            &ctx,
            seed,
        )
        .unwrap();
        match &exercise.prompt {
            ExercisePrompt::PutInOrder { range, .. }
                if range.contains(key("55:13")) && range.contains(key("55:16")) =>
            {
                Some(exercise)
            }
            _ => None,
        }
    });
    let exercise = found.expect("a window over 55:13-16");
    let (ExercisePrompt::PutInOrder { range, .. }, AnswerKey::Order { order }) =
        (&exercise.prompt, &exercise.solution.key)
    else {
        panic!()
    };
    let (a, b) = (
        key("55:13").index() - range.start().index(),
        key("55:16").index() - range.start().index(),
    );
    let mut swapped = order.clone();
    swapped.swap(a, b);
    assert_ne!(&swapped, order);
    assert_eq!(
        check(
            &exercise.prompt,
            &exercise.solution,
            &Answer::Order { order: swapped },
            1
        )
        .unwrap()
        .correct,
        Some(true)
    );
}

#[test]
fn a_solution_from_another_prompt_is_a_typed_error() {
    let ctx = REAL.ctx();
    let choice =
        generate_of_type(item("2:2/memorization"), ExerciseType::NextWord, &ctx, 1).unwrap();
    let typed =
        generate_of_type(item("2:2/memorization"), ExerciseType::TypeVerse, &ctx, 1).unwrap();
    let meaning = generate_of_type(item("2:2/meaning"), ExerciseType::Meaning, &ctx, 1).unwrap();
    let answer = Answer::Choice { index: 0 };
    assert_eq!(
        check(&choice.prompt, &typed.solution, &answer, 0),
        Err(CheckError {
            exercise_type: ExerciseType::NextWord
        })
    );
    assert!(check(&choice.prompt, &meaning.solution, &answer, 0).is_err());
    assert!(check(&typed.prompt, &choice.solution, &answer, 0).is_err());
}

#[test]
fn recall_reveals_words_from_the_solution_only() {
    let ctx = REAL.ctx();
    let exercise =
        generate_of_type(item("2:2/memorization"), ExerciseType::Recall, &ctx, 1).unwrap();
    let words = &REAL.quran.verse(key("2:2")).words;
    assert_eq!(exercise.solution.revealed_words(2), &words[..2]);
    assert_eq!(exercise.solution.revealed_words(usize::MAX), &words[..]);
    let json = serde_json::to_string(&exercise.prompt).unwrap();
    assert!(!words.iter().any(|w| json.contains(w.as_str())), "{json}");
}

#[test]
fn the_synthetic_quran_supports_every_type_too() {
    // Guards the fixtures the planner tests use.
    let ctx = SYNTHETIC.ctx();
    for verse in SYNTHETIC.quran.verses().iter().step_by(7) {
        for item in ItemKey::of_verse(verse.key) {
            for exercise_type in ExerciseType::applicable(item.skill(), verse) {
                generate_of_type(item, exercise_type, &ctx, 9)
                    .unwrap_or_else(|e| panic!("{item} {exercise_type}: {e}"));
            }
        }
    }
}

#[test]
fn prompts_and_solutions_round_trip_through_json() {
    let ctx = REAL.ctx();
    for exercise_type in ExerciseType::ALL {
        let item = ItemKey::new(key("36:12"), exercise_type.skill()).unwrap();
        let exercise = generate_of_type(item, exercise_type, &ctx, 42).unwrap();
        let json = serde_json::to_string(&exercise).unwrap();
        assert_eq!(
            serde_json::from_str::<GeneratedExercise>(&json).unwrap(),
            exercise
        );
        let prompt = serde_json::to_value(&exercise.prompt).unwrap();
        assert_eq!(prompt["type"], exercise_type.as_str());
    }
}

#[test]
fn prompt_payloads_for_a_fixed_verse_and_seed() {
    let ctx = REAL.ctx();
    for exercise_type in ExerciseType::ALL {
        let item = ItemKey::new(key("112:3"), exercise_type.skill()).unwrap();
        let exercise = generate_of_type(item, exercise_type, &ctx, 2024).unwrap();
        insta::assert_json_snapshot!(
            format!("prompt_{}", exercise_type.as_str()),
            exercise.prompt
        );
    }
}

fn arb_answer() -> impl proptest::strategy::Strategy<Value = Answer> {
    use proptest::prelude::*;
    prop_oneof![
        any::<usize>().prop_map(|index| Answer::Choice { index }),
        (0usize..6).prop_map(|index| Answer::Choice { index }),
        proptest::collection::vec(0usize..7, 0..7).prop_map(|order| Answer::Order { order }),
        "\\PC{0,80}".prop_map(|text| Answer::Text { text }),
        "[\u{0600}-\u{06FF} ]{0,80}".prop_map(|text| Answer::Text { text }),
        (1u8..=4).prop_map(|r| Answer::SelfGrade {
            rating: Rating::try_from(r).unwrap()
        }),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]

    #[test]
    fn any_item_type_seed_and_answer_is_handled(
        verse in 0usize..6236,
        type_index in 0usize..9,
        seed in proptest::prelude::any::<u64>(),
        answer in arb_answer(),
        duration in proptest::prelude::any::<u64>(),
    ) {
        let ctx = REAL.ctx();
        let exercise_type = ExerciseType::ALL[type_index];
        let verse = VerseKey::from_index(verse).unwrap();
        let Ok(item) = ItemKey::new(verse, exercise_type.skill()) else { return Ok(()) };
        match generate_of_type(item, exercise_type, &ctx, seed) {
            Ok(exercise) => {
                let outcome = check(&exercise.prompt, &exercise.solution, &answer, duration).unwrap();
                if outcome.correct == Some(true) {
                    proptest::prop_assert_eq!(outcome.suggested_rating, exercise.solution.timing.rating_for(duration));
                } else if outcome.correct == Some(false) {
                    proptest::prop_assert_eq!(outcome.suggested_rating, Rating::Again);
                }
                proptest::prop_assert_eq!(generate(item, &ctx, seed).unwrap().solution.item, item);
            }
            Err(ExerciseError::Unsupported { .. }) => {
                proptest::prop_assert!(!exercise_type.supports(REAL.quran.verse(verse)));
            }
            Err(e) => proptest::prop_assert!(false, "{}", e),
        }
    }
}

/// The real text's look-alikes, computed once.
static LOOK_ALIKES: std::sync::LazyLock<iqrah_core::look_alike::LookAlikes> =
    std::sync::LazyLock::new(|| {
        iqrah_core::look_alike::LookAlikes::new(iqrah_core::look_alike::find_look_alikes(
            &REAL.quran,
        ))
    });

#[test]
fn every_look_alike_drill_is_sound_its_right_answer_right_and_every_wrong_one_a_confusion() {
    let ctx = REAL.ctx().with_look_alikes(&LOOK_ALIKES);
    let mut made = [0usize; 2];
    let mut with_look_alikes = 0usize;
    for verse in REAL.quran.verses() {
        if LOOK_ALIKES.of(verse.key).is_empty() {
            continue;
        }
        with_look_alikes += 1;
        let item = ItemKey::memorization(verse.key);
        for (n, t) in ExerciseType::DRILLS.into_iter().enumerate() {
            let Ok(exercise) = iqrah_core::exercise::generate_drill(item, t, None, &ctx, 7) else {
                continue;
            };
            made[n] += 1;
            violations(verse, &exercise).unwrap_or_else(|e| panic!("{t} on {}: {e}", verse.key));
            let prompt = &exercise.prompt;
            let solution = &exercise.solution;
            let right = check(prompt, solution, &right_answer(&exercise), 1_000).unwrap();
            assert_eq!((right.correct, right.confused_with), (Some(true), None));
            // Every other choice is a trap naming a verse other than this one.
            for index in (0..prompt.choices().len())
                .filter(|&i| Answer::Choice { index: i } != right_answer(&exercise))
            {
                let wrong = check(prompt, solution, &Answer::Choice { index }, 1_000).unwrap();
                assert_eq!(wrong.correct, Some(false));
                let other = wrong.confused_with.unwrap_or_else(|| {
                    panic!("{t} on {}: choice {index} names no verse", verse.key)
                });
                assert_ne!(other, verse.key);
            }
        }
    }
    // Most verses with look-alikes get a continuation drill; a which-surah
    // drill needs a look-alike in another surah.
    assert!(
        made[0] * 10 >= with_look_alikes * 7,
        "{made:?} of {with_look_alikes}"
    );
    assert!(
        made[1] * 10 >= with_look_alikes * 3,
        "{made:?} of {with_look_alikes}"
    );
}

#[test]
fn a_continuation_drill_against_a_partner_offers_the_partners_continuation() {
    // 2:49 and 7:141: "… يسومونكم سوء العذاب" then يذبحون against يقتلون.
    let ctx = REAL.ctx().with_look_alikes(&LOOK_ALIKES);
    let item = ItemKey::memorization(key("2:49"));
    let exercise = iqrah_core::exercise::generate_drill(
        item,
        ExerciseType::WhichContinuation,
        Some(key("7:141")),
        &ctx,
        1,
    )
    .unwrap();
    let trap = exercise
        .solution
        .traps
        .iter()
        .find(|t| t.verse == key("7:141"))
        .expect("7:141's continuation is offered");
    let iqrah_core::exercise::TrapAnswer::Choice { index } = trap.answer else {
        panic!("a choice trap");
    };
    let choice = &exercise.prompt.choices()[index];
    assert!(normalize(choice).contains(&normalize("يقتلون")), "{choice}");
    let outcome = check(
        &exercise.prompt,
        &exercise.solution,
        &Answer::Choice { index },
        2_000,
    )
    .unwrap();
    assert_eq!(outcome.confused_with, Some(key("7:141")));
    assert!(!outcome.marked.is_empty());
    // Without look-alikes there is no drill.
    assert!(
        iqrah_core::exercise::generate_drill(
            item,
            ExerciseType::WhichContinuation,
            None,
            &REAL.ctx(),
            1
        )
        .is_err()
    );
}

#[test]
fn a_verse_repeated_in_another_surah_gets_no_which_surah_drill() {
    let ctx = REAL.ctx().with_look_alikes(&LOOK_ALIKES);
    for verse in REAL.quran.verses() {
        let repeated_elsewhere = LOOK_ALIKES.of(verse.key).iter().any(|p| {
            p.likeness == iqrah_core::look_alike::Likeness::Identical
                && p.other.surah() != verse.key.surah()
        });
        if repeated_elsewhere {
            let item = ItemKey::memorization(verse.key);
            assert!(
                iqrah_core::exercise::generate_drill(item, ExerciseType::WhichSurah, None, &ctx, 3)
                    .is_err(),
                "{}",
                verse.key
            );
        }
    }
}

#[test]
fn a_typed_verse_that_gives_a_look_alikes_words_is_a_confusion_and_garble_is_not() {
    let ctx = REAL.ctx().with_look_alikes(&LOOK_ALIKES);
    let item = ItemKey::memorization(key("2:49"));
    let exercise = generate_of_type(item, ExerciseType::TypeVerse, &ctx, 1).unwrap();
    assert!(
        exercise
            .solution
            .traps
            .iter()
            .any(|t| t.verse == key("7:141"))
    );
    let typed = |text: &str| {
        check(
            &exercise.prompt,
            &exercise.solution,
            &Answer::Text {
                text: text.to_owned(),
            },
            20_000,
        )
        .unwrap()
    };
    // 7:141 typed for 2:49.
    let other = typed(&REAL.quran.verse(key("7:141")).text);
    assert_eq!(
        (other.correct, other.confused_with),
        (Some(false), Some(key("7:141")))
    );
    // Its own text is right, a garbled one is wrong but no confusion.
    let own = typed(&REAL.quran.verse(key("2:49")).text);
    assert_eq!((own.correct, own.confused_with), (Some(true), None));
    assert_eq!(typed("ب ت ث").confused_with, None);
    // Without look-alikes, a typed verse has no traps.
    let plain = generate_of_type(item, ExerciseType::TypeVerse, &REAL.ctx(), 1).unwrap();
    assert!(plain.solution.traps.is_empty());
}

#[test]
fn next_and_missing_word_offer_the_word_a_look_alike_has_there_as_a_trap() {
    // 113:1 and 114:1: "قل أعوذ برب" then الفلق against الناس.
    let ctx = REAL.ctx().with_look_alikes(&LOOK_ALIKES);
    let item = ItemKey::memorization(key("113:1"));
    for t in [ExerciseType::NextWord, ExerciseType::MissingWord] {
        let mut trapped = 0;
        for seed in 0..40 {
            let exercise = generate_of_type(item, t, &ctx, seed).unwrap();
            violations(REAL.quran.verse(key("113:1")), &exercise)
                .unwrap_or_else(|e| panic!("{t} seed {seed}: {e}"));
            let Some(trap) = exercise.solution.traps.first() else {
                continue;
            };
            trapped += 1;
            assert_eq!(trap.verse, key("114:1"));
            let iqrah_core::exercise::TrapAnswer::Choice { index } = trap.answer else {
                panic!("a choice trap");
            };
            let choices = exercise.prompt.choices();
            assert_eq!(norm(&choices[index]), norm("ٱلنَّاسِ"), "{choices:?}");
            let right = check(
                &exercise.prompt,
                &exercise.solution,
                &right_answer(&exercise),
                1_000,
            )
            .unwrap();
            assert_eq!((right.correct, right.confused_with), (Some(true), None));
            let wrong = check(
                &exercise.prompt,
                &exercise.solution,
                &Answer::Choice { index },
                1_000,
            )
            .unwrap();
            assert_eq!(
                (wrong.correct, wrong.confused_with),
                (Some(false), Some(key("114:1")))
            );
            // The other distractors are no confusion.
            for other in (0..choices.len())
                .filter(|&i| i != index && Answer::Choice { index: i } != right_answer(&exercise))
            {
                let outcome = check(
                    &exercise.prompt,
                    &exercise.solution,
                    &Answer::Choice { index: other },
                    1_000,
                )
                .unwrap();
                assert_eq!(outcome.confused_with, None);
            }
        }
        // Half the time the word asked is where the two verses part.
        assert!((8..=32).contains(&trapped), "{t}: {trapped} of 40 trapped");
    }
    // Over every verse with look-alikes: sound, the trap never the answer
    // nor equal to it after normalization.
    let mut traps = 0;
    for verse in REAL
        .quran
        .verses()
        .iter()
        .filter(|v| !LOOK_ALIKES.of(v.key).is_empty())
    {
        for t in [ExerciseType::NextWord, ExerciseType::MissingWord] {
            let Ok(exercise) = generate_of_type(ItemKey::memorization(verse.key), t, &ctx, 11)
            else {
                continue;
            };
            violations(verse, &exercise).unwrap_or_else(|e| panic!("{t} on {}: {e}", verse.key));
            for trap in &exercise.solution.traps {
                let iqrah_core::exercise::TrapAnswer::Choice { index } = trap.answer else {
                    panic!("a choice trap");
                };
                assert_ne!(
                    Answer::Choice { index },
                    right_answer(&exercise),
                    "{t} on {}",
                    verse.key
                );
                traps += 1;
            }
        }
    }
    println!("{traps} next- and missing-word exercises with a look-alike trap");
    assert!(traps > 500, "{traps}");
    // A verse with no look-alike has no trap.
    let alone = REAL
        .quran
        .verses()
        .iter()
        .find(|v| v.words.len() >= 4 && LOOK_ALIKES.of(v.key).is_empty())
        .expect("a verse alone");
    for seed in 0..10 {
        let plain = generate_of_type(
            ItemKey::memorization(alone.key),
            ExerciseType::NextWord,
            &ctx,
            seed,
        )
        .unwrap();
        assert!(plain.solution.traps.is_empty(), "{}", alone.key);
    }
}
