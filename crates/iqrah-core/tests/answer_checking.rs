//! Answer checking against the real Uthmani text: standard (imla'i)
//! spellings of its words are accepted, different words are not, and a
//! typed verse is judged with punctuation and spacing ignored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::REAL;
use iqrah_core::arabic::{DiffKind, words_match};
use iqrah_core::exercise::{Answer, ExerciseType, check, generate_of_type};
use iqrah_quran::VerseKey;

/// The source word at a 1-based position of a verse (the word is read from
/// the text, never typed here, so each case proves the source spelling).
fn word(verse: &str, position: usize) -> &'static str {
    let key: VerseKey = verse.parse().unwrap();
    REAL.quran
        .verse(key)
        .words
        .get(position - 1)
        .unwrap_or_else(|| panic!("{verse} has no word {position}"))
}

/// Accepted.
const OK: bool = true;
/// Rejected.
const NO: bool = false;

/// (verse, word position, typed word, accepted?). Every rejected word's
/// position also has an accepted spelling, so a rejection cannot come from
/// pointing at the wrong word.
const CASES: &[(&str, usize, &str, bool)] = &[
    // A waw carrying the dagger alef is an alef in standard spelling.
    ("2:3", 5, "الصلاة", OK),
    ("2:3", 5, "الصلوة", OK),
    ("2:3", 5, "الصَّلَاةَ", OK),
    ("2:3", 5, "الصلاه", NO),
    ("2:3", 5, "الصلات", NO),
    ("2:43", 4, "الزكاة", OK),
    ("2:43", 4, "الزكاه", NO),
    ("2:45", 3, "والصلاة", OK),
    ("2:85", 37, "الحياة", OK),
    ("2:85", 37, "الحيات", NO),
    ("2:96", 5, "حياة", OK),
    ("2:179", 4, "حياة", OK),
    ("2:275", 3, "الربا", OK),
    ("2:275", 3, "الربوا", OK),
    ("2:278", 10, "الربا", OK),
    ("24:35", 7, "كمشكاة", OK),
    ("40:41", 6, "النجاة", OK),
    ("53:20", 1, "ومناة", OK),
    ("6:52", 6, "بالغداة", OK),
    // Alef maqsura: ى, an alef inside a word, never a ya.
    ("2:29", 13, "فسواهن", OK),
    ("2:29", 13, "فسوّاهن", OK),
    ("2:102", 60, "اشتراه", OK),
    ("2:98", 8, "وميكال", OK),
    ("2:5", 2, "على", OK),
    ("2:5", 2, "علي", NO),
    ("2:5", 2, "علا", NO),
    ("2:5", 2, "علّى", NO),
    ("2:2", 6, "هدى", OK),
    ("2:2", 6, "هدًى", OK),
    ("2:2", 6, "هدي", NO),
    ("2:53", 3, "موسى", OK),
    ("2:53", 3, "موسي", NO),
    ("2:55", 7, "حتى", OK),
    ("2:55", 7, "حتي", NO),
    ("2:34", 9, "أبى", OK),
    ("2:34", 9, "أبي", NO),
    ("2:14", 9, "إلى", OK),
    ("2:14", 9, "الى", OK),
    ("2:14", 9, "إلي", NO),
    ("2:223", 6, "أنى", OK),
    ("2:223", 6, "أنّى", OK),
    ("2:223", 6, "أني", NO),
    ("2:223", 6, "إنى", NO),
    // Ya with shadda.
    ("3:55", 8, "إليّ", OK),
    ("3:55", 8, "إلي", OK),
    ("3:55", 8, "الي", OK),
    ("3:55", 8, "إلى", NO),
    ("3:55", 8, "ألي", NO),
    // Hamza below the alef, typed above or left off.
    ("2:30", 5, "إني", OK),
    ("2:30", 5, "اني", OK),
    ("2:30", 5, "إنّي", OK),
    ("2:30", 5, "أني", NO),
    ("2:30", 5, "إنى", NO),
    ("2:6", 1, "إن", OK),
    ("2:6", 1, "إنّ", OK),
    ("2:23", 18, "إن", OK),
    ("2:23", 18, "إنّ", NO),
    ("2:23", 18, "أن", NO),
    // The standalone hamza is a letter.
    ("2:22", 11, "ماء", OK),
    ("2:22", 11, "ماءً", OK),
    ("2:22", 11, "ما", NO),
    ("2:17", 8, "ما", OK),
    ("2:17", 8, "ماء", NO),
    ("2:164", 23, "ماء", OK),
    ("2:6", 4, "سواء", OK),
    ("2:6", 4, "سوا", NO),
    ("2:13", 16, "السفهاء", OK),
    ("2:13", 16, "السفها", NO),
    ("2:19", 4, "السماء", OK),
    ("2:19", 4, "السما", NO),
    ("2:20", 15, "شاء", OK),
    ("2:20", 15, "شا", NO),
    ("2:20", 24, "شيء", OK),
    ("2:20", 24, "شي", NO),
    ("2:22", 7, "بناء", OK),
    ("2:30", 17, "الدماء", OK),
    ("2:31", 12, "هؤلاء", OK),
    ("2:31", 12, "هاؤلاء", OK),
    ("2:31", 12, "هولاء", NO),
    ("2:31", 12, "هئلاء", NO),
    ("81:8", 2, "الموءودة", OK),
    ("81:8", 2, "الموودة", NO),
    // Hamza on a tatweel: the standard seat.
    ("2:48", 8, "شيئا", OK),
    ("2:48", 8, "شيئًا", OK),
    ("2:48", 8, "شيا", NO),
    ("2:48", 8, "شيأ", NO),
    ("2:31", 10, "أنبئوني", OK),
    ("2:31", 10, "أنبؤوني", NO),
    ("2:33", 2, "يا آدم", OK),
    ("2:33", 2, "يا ادم", OK),
    ("2:33", 2, "يآدم", OK),
    ("2:39", 4, "بآياتنا", OK),
    ("2:39", 4, "باياتنا", OK),
    ("2:41", 14, "بآياتي", OK),
    ("2:61", 49, "بآيات", OK),
    ("2:62", 7, "والصابئين", OK),
    ("2:62", 7, "والصابين", NO),
    ("2:65", 12, "خاسئين", OK),
    ("2:71", 18, "الآن", OK),
    ("2:71", 18, "الان", OK),
    ("2:81", 7, "خطيئته", OK),
    ("2:81", 7, "خطيته", NO),
    ("2:108", 4, "تسألوا", OK),
    ("2:108", 4, "تسئلوا", NO),
    ("2:119", 7, "تسأل", OK),
    ("2:134", 12, "تسألون", OK),
    ("2:189", 1, "يسألونك", OK),
    ("2:189", 1, "يسالونك", OK),
    ("2:189", 1, "يسلونك", NO),
    ("17:34", 17, "مسؤولا", OK),
    ("17:34", 17, "مسئولا", OK),
    ("17:34", 17, "مسولا", NO),
    ("2:255", 46, "يؤوده", OK),
    ("2:255", 46, "يوده", NO),
    // Hamza on waw and ya.
    ("2:3", 2, "يؤمنون", OK),
    ("2:3", 2, "يومنون", NO),
    ("2:3", 2, "يئمنون", NO),
    ("2:8", 11, "بمؤمنين", OK),
    ("2:13", 9, "أنؤمن", OK),
    ("2:170", 17, "آباؤهم", OK),
    ("2:170", 17, "اباؤهم", OK),
    ("2:170", 17, "آباءهم", NO),
    ("2:5", 1, "أولئك", OK),
    ("2:5", 1, "اولئك", OK),
    ("2:5", 1, "أولائك", OK),
    ("2:5", 1, "أوليك", NO),
    ("2:15", 2, "يستهزئ", OK),
    ("2:14", 16, "مستهزئون", OK),
    ("2:14", 16, "مستهزءون", OK),
    ("2:14", 16, "مستهزؤون", NO),
    ("2:30", 4, "للملائكة", OK),
    ("2:33", 4, "بأسمائهم", OK),
    ("2:35", 11, "شئتما", OK),
    ("2:35", 11, "شيتما", NO),
    ("2:54", 13, "بارئكم", OK),
    ("2:81", 4, "سيئة", OK),
    ("2:108", 7, "سئل", OK),
    ("2:108", 7, "سؤل", NO),
    ("11:99", 7, "بئس", OK),
    ("11:99", 7, "بأس", NO),
    ("2:177", 45, "البأس", OK),
    ("2:177", 45, "البئس", NO),
    ("2:207", 10, "رءوف", OK),
    ("2:207", 10, "رؤوف", OK),
    ("2:207", 10, "روف", NO),
    ("2:196", 13, "رؤوسكم", OK),
    ("13:5", 5, "أإذا", OK),
    ("13:5", 5, "أئذا", OK),
    ("2:140", 14, "أأنتم", OK),
    ("2:140", 14, "ءأنتم", OK),
    ("2:140", 14, "أنتم", NO),
    ("29:20", 12, "النشأة", OK),
    ("6:46", 2, "أرأيتم", OK),
    ("6:46", 2, "أريتم", NO),
    ("30:10", 6, "السوأى", OK),
    ("2:72", 4, "فادارأتم", OK),
    ("2:72", 4, "فاداراتم", OK),
    ("2:72", 4, "فادارتم", NO),
    // Hamza written under a ya.
    ("10:15", 24, "تلقاء", OK),
    ("10:15", 24, "تلقا", NO),
    ("16:90", 6, "وإيتاء", OK),
    ("20:130", 14, "آناء", OK),
    ("24:11", 16, "امرئ", OK),
    ("28:30", 5, "شاطئ", OK),
    ("28:30", 5, "شاطي", NO),
    ("30:8", 20, "بلقاء", OK),
    ("42:51", 11, "وراء", OK),
    ("56:23", 2, "اللؤلؤ", OK),
    ("35:43", 5, "السيئ", OK),
    // Final hamza on a waw in the Uthmani text, after its silent alef.
    ("5:29", 12, "جزاء", OK),
    ("5:29", 12, "جزا", NO),
    ("14:9", 3, "نبأ", OK),
    ("23:24", 2, "الملأ", OK),
    ("23:24", 2, "الملا", OK),
    // Alef with madda, and hamza + alef.
    ("2:185", 6, "القرآن", OK),
    ("2:185", 6, "القران", OK),
    ("2:185", 6, "القرءان", OK),
    ("2:185", 6, "القرأن", NO),
    ("2:4", 10, "وبالآخرة", OK),
    ("2:4", 10, "وبالاخرة", OK),
    ("2:4", 10, "وبالأخرة", NO),
    ("2:34", 5, "لآدم", OK),
    ("2:164", 41, "لآيات", OK),
    ("2:31", 2, "آدم", OK),
    ("2:31", 2, "ادم", OK),
    ("2:31", 2, "أدم", NO),
    ("2:9", 4, "آمنوا", OK),
    ("2:9", 4, "امنوا", OK),
    ("2:9", 4, "ءامنوا", OK),
    ("2:9", 4, "أمنوا", NO),
    ("2:9", 4, "آمنتم", NO),
    // Silent letters.
    ("2:6", 3, "كفروا", OK),
    ("2:10", 11, "كانوا", OK),
    ("2:10", 11, "كان", NO),
    ("2:269", 15, "أولو", OK),
    ("2:269", 15, "أولوا", OK),
    ("2:14", 8, "خلوا", OK),
    ("2:16", 3, "اشتروا", OK),
    ("2:258", 21, "أنا", OK),
    ("2:258", 21, "أن", NO),
    ("18:38", 1, "لكنا", OK),
    ("33:10", 16, "الظنونا", OK),
    ("76:15", 8, "قواريرا", OK),
    // Dagger alef.
    ("1:1", 3, "الرحمن", OK),
    ("1:1", 3, "الرحمان", OK),
    ("1:1", 3, "الرحيم", NO),
    ("1:2", 4, "العالمين", OK),
    ("1:2", 4, "العلمين", OK),
    ("1:2", 4, "العالمون", NO),
    ("1:2", 4, "العالّمين", NO),
    ("1:4", 1, "مالك", OK),
    ("1:6", 2, "الصراط", OK),
    ("2:2", 1, "ذلك", OK),
    ("2:2", 1, "ذالك", OK),
    ("2:2", 1, "ذلكم", NO),
    ("2:2", 2, "الكتاب", OK),
    ("2:3", 7, "رزقناهم", OK),
    ("2:7", 8, "أبصارهم", OK),
    ("2:7", 9, "غشاوة", OK),
    ("2:25", 20, "هذا", OK),
    ("2:25", 20, "هاذا", OK),
    ("2:25", 20, "هذه", NO),
    ("3:198", 1, "لكن", OK),
    ("2:163", 2, "إله", OK),
    ("2:163", 2, "اله", OK),
    ("2:163", 2, "الله", NO),
    ("2:33", 15, "السماوات", OK),
    ("2:33", 15, "السموات", OK),
    // Small waw, small yeh, small high yeh, small noon.
    ("2:17", 9, "حوله", OK),
    ("2:37", 8, "إنه", OK),
    ("2:37", 8, "إنّه", OK),
    ("2:37", 8, "إنها", NO),
    ("2:64", 10, "ورحمته", OK),
    ("2:102", 62, "له", OK),
    ("2:102", 62, "لها", NO),
    ("2:112", 9, "أجره", OK),
    ("2:22", 13, "به", OK),
    ("2:22", 13, "بها", NO),
    ("2:23", 12, "مثله", OK),
    ("2:26", 4, "يستحيي", OK),
    ("2:27", 7, "ميثاقه", OK),
    ("2:37", 4, "ربه", OK),
    ("2:37", 4, "ربة", NO),
    ("2:73", 9, "آياته", OK),
    ("2:61", 52, "النبيين", OK),
    ("2:61", 52, "النبين", OK),
    ("2:124", 3, "إبراهيم", OK),
    ("2:124", 3, "ابراهيم", OK),
    ("2:124", 3, "إبراهم", OK),
    ("2:124", 3, "أبراهيم", NO),
    ("3:20", 13, "والأميين", OK),
    ("3:79", 21, "ربانيين", OK),
    ("5:111", 4, "الحواريين", OK),
    ("7:196", 2, "وليي", OK),
    ("25:49", 1, "لنحيي", OK),
    ("21:88", 7, "ننجي", OK),
    // The article before a lam.
    ("2:164", 7, "الليل", OK),
    ("2:164", 7, "اللّيل", OK),
    ("2:164", 7, "اليل", OK),
    ("2:164", 7, "النيل", NO),
    ("2:24", 8, "التي", OK),
    ("4:15", 1, "واللاتي", OK),
    ("33:4", 12, "اللائي", OK),
    // Open taa.
    ("2:218", 12, "رحمة", OK),
    ("2:218", 12, "رحمت", OK),
    ("2:218", 12, "رحمه", NO),
    ("2:231", 27, "نعمة", OK),
    ("3:35", 3, "امرأة", OK),
    ("3:61", 22, "لعنة", OK),
    // Joined vocative and attention particles.
    ("2:21", 1, "يا أيها", OK),
    ("2:21", 1, "يأيها", OK),
    ("2:21", 1, "ياأيها", OK),
    ("2:21", 1, "يا أيّها", OK),
    ("2:21", 1, "يا أيهما", NO),
    ("2:40", 1, "يا بني", OK),
    ("2:54", 5, "يا قوم", OK),
    ("2:54", 5, "يا قومي", NO),
    ("2:55", 3, "يا موسى", OK),
    ("2:132", 6, "يا بنيّ", OK),
    ("3:37", 19, "يا مريم", OK),
    ("3:64", 2, "يا أهل", OK),
    ("4:73", 13, "يا ليتني", OK),
    ("5:31", 13, "يا ويلتى", OK),
    ("3:66", 1, "ها أنتم", OK),
    ("3:66", 1, "هأنتم", OK),
    ("3:66", 1, "أنتم", NO),
    // More seats and silent letters.
    ("2:150", 15, "لئلا", OK),
    ("2:150", 15, "للا", NO),
    ("4:42", 1, "يومئذ", OK),
    ("16:34", 2, "سيئات", OK),
    ("16:34", 2, "سيات", NO),
    ("104:7", 4, "الأفئدة", OK),
    ("104:7", 4, "الأفدة", NO),
    ("2:35", 18, "الظالمين", OK),
    ("2:35", 18, "الضالمين", NO),
    ("2:40", 2, "إسرائيل", OK),
    ("2:40", 2, "اسرائيل", OK),
    ("2:259", 19, "مائة", OK),
    ("2:259", 19, "مئة", OK),
    ("2:259", 19, "ماية", NO),
    ("3:144", 10, "أفإن", OK),
    ("3:144", 10, "أفأن", NO),
    ("4:92", 12, "خطأ", OK),
    ("4:92", 12, "خطأً", OK),
    ("4:92", 12, "خطا", OK),
    ("4:92", 12, "خطاء", NO),
    ("17:31", 12, "خطئا", OK),
    ("7:145", 18, "سأريكم", OK),
    ("7:145", 18, "سأوريكم", OK),
    ("51:47", 3, "بأيد", OK),
    ("51:47", 3, "بأييد", OK),
    // Punctuation around a word.
    ("2:3", 5, "الصلاة،", OK),
    ("2:19", 4, "«السماء»", OK),
    ("2:20", 24, "شيء.", OK),
    ("2:20", 24, "شيء؟", OK),
];

#[test]
fn real_words_are_judged_by_the_table() {
    let mut failures = Vec::new();
    let mut positions_accepted = std::collections::HashSet::new();
    for &(verse, position, typed, accepted) in CASES {
        let source = word(verse, position);
        if words_match(source, typed) != accepted {
            failures.push(format!(
                "{verse}#{position} {source} typed {typed}: expected {}",
                if accepted { "accepted" } else { "rejected" }
            ));
        }
        if accepted {
            positions_accepted.insert((verse, position));
        }
    }
    let unanchored: Vec<_> = CASES
        .iter()
        .filter(|(v, p, _, ok)| !ok && !positions_accepted.contains(&(*v, *p)))
        .collect();
    assert!(
        unanchored.is_empty(),
        "rejections without an accepted spelling: {unanchored:?}"
    );
    let rejected = CASES.iter().filter(|c| !c.3).count();
    assert!(
        CASES.len() >= 200 && rejected >= 60,
        "{} cases, {rejected} rejections",
        CASES.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn every_source_word_typed_as_written_matches_itself() {
    let mut failures = Vec::new();
    for verse in REAL.quran.verses() {
        for w in &verse.words {
            if !words_match(w, w) {
                failures.push(format!("{} {w}", verse.key));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} words: {:?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
}

/// Checks a typed answer to the type-the-verse exercise of `verse`.
fn check_typed(verse: &str, text: &str) -> iqrah_core::exercise::CheckOutcome {
    let item = format!("{verse}/memorization").parse().unwrap();
    let exercise = generate_of_type(item, ExerciseType::TypeVerse, &REAL.ctx(), 7).unwrap();
    check(
        &exercise.prompt,
        &exercise.solution,
        &Answer::Text {
            text: text.to_owned(),
        },
        9_000,
    )
    .unwrap()
}

#[test]
fn typed_verses_in_standard_spelling_with_punctuation_are_right() {
    for (verse, text) in [
        (
            "2:3",
            "الذين يؤمنون بالغيب، ويقيمون الصلاة، ومما رزقناهم ينفقون.",
        ),
        (
            "2:3",
            "  الذين   يؤمنون\tبالغيب ويقيمون الصلاة ومما رزقناهم ينفقون  ",
        ),
        (
            "2:21",
            "يا أيها الناس اعبدوا ربكم الذي خلقكم والذين من قبلكم لعلكم تتقون!",
        ),
        (
            "2:21",
            "يأيها الناس، اعبدوا ربكم؛ الذي خلقكم والذين من قبلكم لعلكم تتقون",
        ),
        ("1:1", "بسم الله الرحمن الرحيم"),
        ("1:1", "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ"),
        ("112:1", "قل: هو الله أحد."),
        (
            "2:33",
            "قال يا آدم أنبئهم بأسمائهم فلما أنبأهم بأسمائهم قال ألم أقل لكم إني أعلم غيب السماوات والأرض وأعلم ما تبدون وما كنتم تكتمون",
        ),
        (
            "2:255",
            "الله لا إله إلا هو الحي القيوم، لا تأخذه سنة ولا نوم، له ما في السماوات وما في الأرض، من ذا الذي يشفع عنده إلا بإذنه، يعلم ما بين أيديهم وما خلفهم، ولا يحيطون بشيء من علمه إلا بما شاء، وسع كرسيه السماوات والأرض، ولا يؤوده حفظهما، وهو العلي العظيم.",
        ),
    ] {
        let outcome = check_typed(verse, text);
        let diff = outcome.diff.expect("a typed verse has a diff");
        let off: Vec<_> = diff
            .words
            .iter()
            .filter(|w| w.kind != DiffKind::Equal)
            .collect();
        assert!(off.is_empty(), "{verse} {text}: {off:?}");
        assert_eq!(outcome.correct, Some(true), "{verse}");
    }
}

#[test]
fn a_wrong_word_in_a_typed_verse_is_wrong_and_shown_as_the_source_writes_it() {
    // 2:22 with ما for ماء.
    let outcome = check_typed(
        "2:22",
        "الذي جعل لكم الأرض فراشا والسماء بناء وأنزل من السماء ما فأخرج به من الثمرات رزقا لكم فلا تجعلوا لله أندادا وأنتم تعلمون.",
    );
    assert_eq!(outcome.correct, Some(false));
    let diff = outcome.diff.unwrap();
    let wrong: Vec<_> = diff
        .words
        .iter()
        .filter(|w| w.kind != DiffKind::Equal)
        .collect();
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert_eq!(wrong[0].kind, DiffKind::Wrong);
    assert_eq!(wrong[0].expected.as_deref(), Some(word("2:22", 11)));
    assert_eq!(wrong[0].given.as_deref(), Some("ما"));
    assert_eq!(
        outcome.expected,
        REAL.quran.verse("2:22".parse().unwrap()).words.join(" ")
    );

    // 2:30's إني typed أني.
    let verse = REAL.quran.verse("2:30".parse().unwrap());
    let mut typed: Vec<String> = verse.words.iter().map(|w| w.to_string()).collect();
    typed[4] = "أني".to_owned();
    let outcome = check_typed("2:30", &typed.join(" "));
    assert_eq!(outcome.correct, Some(false));
    assert_eq!(outcome.diff.unwrap().count(DiffKind::Wrong), 1);

    // A joined vocative shows both typed words against the one source word.
    let outcome = check_typed(
        "2:21",
        "يا أيها الناس اعبدوا ربكم الذي خلقكم والذين من قبلكم لعلكم تتقون",
    );
    let first = &outcome.diff.unwrap().words[0];
    assert_eq!(first.expected.as_deref(), Some(word("2:21", 1)));
    assert_eq!(first.given.as_deref(), Some("يا أيها"));
}
