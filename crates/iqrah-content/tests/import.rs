//! Imports the real quran-json package into temporary directories and checks
//! what lands in the content database, and how bad sources are refused.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use std::path::{Path, PathBuf};

use iqrah_content::{
    CONTENT_FILE_NAME, ContentDb, ContentError, ImportError, import, read_package,
};
use iqrah_quran::facts::SURAH_VERSE_COUNTS;
use iqrah_quran::{Revelation, VerseKey};

fn package_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/node_modules/quran-json")
}

fn key(text: &str) -> VerseKey {
    text.parse().unwrap()
}

async fn imported(dir: &Path) -> PathBuf {
    let target = dir.join(CONTENT_FILE_NAME);
    import(&package_dir(), &target, |_| {})
        .await
        .expect("import succeeds");
    target
}

/// A copy of the package's top-level JSON files that a test may damage.
fn package_copy(dir: &Path) -> PathBuf {
    let dist = dir.join("quran-json/dist");
    std::fs::create_dir_all(&dist).unwrap();
    for entry in std::fs::read_dir(package_dir().join("dist")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&path, dist.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir.join("quran-json")
}

#[tokio::test]
async fn imports_the_whole_quran() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join(CONTENT_FILE_NAME);
    let mut steps = Vec::new();
    let summary = import(&package_dir(), &target, |step| steps.push(step))
        .await
        .unwrap();
    assert_eq!((summary.surahs, summary.verses), (114, 6236));
    assert_eq!(summary.source_version, "3.1.2");
    assert_eq!(
        summary.languages,
        ["bn", "en", "es", "fr", "id", "ru", "sv", "tr", "ur", "zh"]
    );
    assert!(
        summary.words > 77_000 && summary.words < 78_000,
        "{} words",
        summary.words
    );
    assert!(steps.len() >= 5 && steps.last().is_some_and(|s| s.done == s.total));

    let db = ContentDb::open(&target).await.unwrap();
    let quran = db.quran().await.unwrap();
    assert_eq!(quran.surahs().len(), 114);
    assert_eq!(quran.verses().len(), 6236);
    for surah in quran.surahs() {
        assert_eq!(
            surah.verse_count,
            SURAH_VERSE_COUNTS[usize::from(surah.number) - 1]
        );
        assert_eq!(
            quran
                .verses()
                .iter()
                .filter(|v| v.key.surah() == surah.number)
                .count(),
            usize::from(surah.verse_count)
        );
    }
    let english = db.translation("en").await.unwrap();
    for verse in quran.verses() {
        assert!(!verse.words.is_empty(), "{} has words", verse.key);
        assert_eq!(
            verse.words.join(" "),
            verse.text.replace('\u{06DE}', "").replace("  ", " ").trim(),
            "{}",
            verse.key
        );
        assert!(
            !english.text(verse.key).is_empty(),
            "{} has an English translation",
            verse.key
        );
        assert!(!verse.transliteration.is_empty());
    }
    assert_eq!(
        quran.verses().iter().map(|v| v.words.len()).sum::<usize>(),
        summary.words
    );

    // Loading splits the text rather than reading the `words` table: both
    // must give the same words, in the same order.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", target.display()))
        .await
        .unwrap();
    let stored: Vec<(i64, String)> =
        sqlx::query_as("SELECT verse_id, text FROM words ORDER BY verse_id, position")
            .fetch_all(&pool)
            .await
            .unwrap();
    let loaded: Vec<(i64, String)> = quran
        .verses()
        .iter()
        .enumerate()
        .flat_map(|(i, verse)| verse.words.iter().map(move |w| (i as i64 + 1, w.clone())))
        .collect();
    assert_eq!(stored, loaded);
    pool.close().await;
}

#[tokio::test]
async fn known_verses_surahs_and_translations() {
    let dir = tempfile::tempdir().unwrap();
    let db = ContentDb::open(&imported(dir.path()).await).await.unwrap();
    let quran = db.quran().await.unwrap();

    let fatiha = quran.surah(1).unwrap();
    assert_eq!(
        (
            fatiha.name_arabic.as_str(),
            fatiha.name_transliterated.as_str(),
            fatiha.name_english.as_str()
        ),
        ("الفاتحة", "Al-Fatihah", "The Opener")
    );
    assert_eq!(fatiha.revelation, Revelation::Meccan);
    assert_eq!(quran.surah(2).unwrap().revelation, Revelation::Medinan);
    assert_eq!(quran.surah(2).unwrap().name_english, "The Cow");

    let basmala = quran.verse(key("1:1"));
    assert_eq!(
        basmala.text,
        "ب\u{650}س\u{6e1}م\u{650} ٱلل\u{651}\u{64e}ه\u{650} ٱلر\u{651}\u{64e}ح\u{6e1}م\u{64e}\u{670}ن\u{650} ٱلر\u{651}\u{64e}ح\u{650}يم\u{650}"
    );
    assert_eq!(
        basmala.words,
        [
            "ب\u{650}س\u{6e1}م\u{650}",
            "ٱلل\u{651}\u{64e}ه\u{650}",
            "ٱلر\u{651}\u{64e}ح\u{6e1}م\u{64e}\u{670}ن\u{650}",
            "ٱلر\u{651}\u{64e}ح\u{650}يم\u{650}"
        ]
    );
    assert_eq!(
        basmala.transliteration,
        "Bismi Allahi alrrahmani alrraheemi"
    );

    let ikhlas = quran.verse(key("112:1"));
    assert_eq!(
        ikhlas.text,
        "ق\u{64f}ل\u{6e1} ه\u{64f}و\u{64e} ٱلل\u{651}\u{64e}ه\u{64f} أ\u{64e}ح\u{64e}د\u{64c}"
    );
    assert_eq!((ikhlas.juz, ikhlas.hizb_quarter), (30, 240));
    assert_eq!(
        db.translation("en").await.unwrap().text(key("112:1")),
        "Say, \"He is Allah, [who is] One"
    );
    assert_eq!(
        db.translation("fr").await.unwrap().text(key("1:1")),
        "Au nom d'Allah, le Tout Miséricordieux, le Très Miséricordieux"
    );
    assert_eq!(
        db.translation("fr").await.unwrap().info().translator,
        "Muhammad Hamidullah"
    );

    // The rub' al-hizb sign stays in the text and leaves the words.
    let quarter_start = quran.verse(key("2:142"));
    assert!(quarter_start.text.starts_with('\u{06DE}'));
    assert_eq!(quarter_start.words[0], "س\u{64e}ي\u{64e}ق\u{64f}ول\u{64f}");
    assert_eq!((quarter_start.juz, quarter_start.hizb_quarter), (2, 9));
    assert_eq!(quran.verse(key("2:141")).juz, 1);
    assert_eq!(quran.verse(key("2:255")).juz, 3);
    // 2:72 holds a thin space inside one word: it is not a word break.
    let thin_space = quran.verse(key("2:72"));
    assert_eq!(thin_space.words.len(), 10);
    assert!(thin_space.words[3].contains('\u{2009}'));
}

#[tokio::test]
async fn every_rub_el_hizb_sign_starts_a_hizb_quarter() {
    let package = tokio::task::spawn_blocking(|| read_package(&package_dir()))
        .await
        .unwrap()
        .unwrap();
    let marked: Vec<_> = package
        .quran
        .verses()
        .iter()
        .filter(|v| v.text.contains('\u{06DE}'))
        .collect();
    assert_eq!(marked.len(), 199);
    for verse in marked {
        let previous = VerseKey::from_index(verse.key.index() - 1).unwrap();
        assert_ne!(
            package.quran.verse(previous).hizb_quarter,
            verse.hizb_quarter,
            "{} starts a quarter",
            verse.key
        );
    }
}

#[tokio::test]
async fn a_second_import_gives_the_same_content() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = std::fs::read(imported(first.path()).await).unwrap();
    let b = std::fs::read(imported(second.path()).await).unwrap();
    assert!(a == b, "two imports of the same source differ");
    // Importing over an existing database replaces it with the same content.
    let target = imported(first.path()).await;
    assert!(std::fs::read(&target).unwrap() == a);
    let leftovers: Vec<_> = std::fs::read_dir(first.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, [CONTENT_FILE_NAME]);
}

#[tokio::test]
async fn unknown_language_lists_the_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = ContentDb::open(&imported(dir.path()).await).await.unwrap();
    let error = db.translation("xx").await.unwrap_err();
    assert!(
        matches!(&error, ContentError::UnknownLanguage { available, .. } if available.len() == 10)
    );
    assert_eq!(
        error.to_string(),
        "unknown language \"xx\": available languages are bn, en, es, fr, id, ru, sv, tr, ur, zh"
    );
}

/// Runs an import from a damaged source over an existing database and checks
/// that it fails with the expected error and changes nothing.
async fn refused(source: &Path, dir: &Path) -> ImportError {
    let target = imported(dir).await;
    let before = std::fs::read(&target).unwrap();
    let error = import(source, &target, |_| {}).await.unwrap_err();
    assert!(
        std::fs::read(&target).unwrap() == before,
        "a failed import changed the database"
    );
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        files,
        [CONTENT_FILE_NAME],
        "a failed import left files behind"
    );
    error
}

#[tokio::test]
async fn missing_package_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let error = refused(&dir.path().join("nowhere"), &dir.path().join("data")).await;
    assert!(matches!(error, ImportError::PackageNotFound { .. }));
    assert!(
        error.to_string().contains("npm ci --prefix data"),
        "{error}"
    );
}

#[tokio::test]
async fn missing_source_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = package_copy(dir.path());
    std::fs::remove_file(source.join("dist/quran_transliteration.json")).unwrap();
    let error = refused(&source, &dir.path().join("data")).await;
    assert!(
        matches!(&error, ImportError::MissingFile { path } if path.ends_with("quran_transliteration.json")),
        "{error}"
    );
}

#[tokio::test]
async fn corrupt_source_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = package_copy(dir.path());
    let text = source.join("dist/quran.json");
    let original = std::fs::read_to_string(&text).unwrap();

    std::fs::write(&text, &original.as_bytes()[..original.len() / 2]).unwrap();
    let error = refused(&source, &dir.path().join("truncated")).await;
    assert!(
        matches!(&error, ImportError::CorruptFile { path, .. } if path.ends_with("quran.json")),
        "{error}"
    );

    // Valid JSON, but a verse is missing.
    std::fs::write(
        &text,
        original.replacen("{\"id\":7,\"text\":", "{\"id\":8,\"text\":", 1),
    )
    .unwrap();
    let error = refused(&source, &dir.path().join("gap")).await;
    assert!(matches!(error, ImportError::CorruptFile { .. }), "{error}");

    std::fs::write(&text, original).unwrap();
    let french = source.join("dist/quran_fr.json");
    std::fs::write(&french, b"\x00\xff garbage").unwrap();
    let error = refused(&source, &dir.path().join("garbage")).await;
    assert!(
        matches!(&error, ImportError::CorruptFile { path, .. } if path.ends_with("quran_fr.json")),
        "{error}"
    );
}

#[tokio::test]
async fn opening_refuses_missing_damaged_and_newer_databases() {
    let dir = tempfile::tempdir().unwrap();
    let missing = ContentDb::open(&dir.path().join(CONTENT_FILE_NAME))
        .await
        .unwrap_err();
    assert!(matches!(missing, ContentError::NotImported { .. }));

    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    let error = ContentDb::open(&garbage).await.unwrap_err();
    assert!(
        matches!(&error, ContentError::NotOurs { what, .. } if what == "not a SQLite database"),
        "{error}"
    );

    let target = imported(dir.path()).await;
    let mut bytes = std::fs::read(&target).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes()); // PRAGMA user_version lives at offset 60.
    std::fs::write(&target, bytes).unwrap();
    let error = ContentDb::open(&target).await.unwrap_err();
    assert!(
        matches!(error, ContentError::SchemaMismatch { found: 99, .. }),
        "{error}"
    );
}

#[tokio::test]
async fn the_look_alike_verses_are_stored_and_read_from_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let db = ContentDb::open(&imported(dir.path()).await).await.unwrap();
    let computed =
        iqrah_core::look_alike::find_look_alikes(&read_package(&package_dir()).unwrap().quran);
    // 2:5 and 31:5 are the same verse; each lists the other, seen from itself.
    let of_2_5 = db.look_alikes(key("2:5")).await.unwrap();
    let same = of_2_5
        .iter()
        .find(|p| p.other == key("31:5"))
        .expect("31:5");
    assert_eq!(same.verse, key("2:5"));
    assert_eq!(same.score, 1.0);
    let of_31_5 = db.look_alikes(key("31:5")).await.unwrap();
    assert!(
        of_31_5
            .iter()
            .any(|p| p.verse == key("31:5") && p.other == key("2:5"))
    );
    // From 114:1's side, the differing word is its own (an-nas, the fourth).
    let of_114_1 = db.look_alikes(key("114:1")).await.unwrap();
    let falaq = of_114_1
        .iter()
        .find(|p| p.other == key("113:1"))
        .expect("113:1");
    assert_eq!(
        (falaq.differing.as_slice(), falaq.other_differing.as_slice()),
        (&[3][..], &[3][..])
    );
    // The most alike first, and what is stored is what was computed.
    assert!(of_2_5.windows(2).all(|w| w[0].score >= w[1].score));
    let stored_of_2_5 = computed.iter().filter(|p| p.involves(key("2:5"))).count();
    assert_eq!(of_2_5.len(), stored_of_2_5);
    // A verse with no look-alike has an empty list.
    let lonely = computed
        .iter()
        .fold(vec![true; 6236], |mut lonely, p| {
            lonely[p.verse.index()] = false;
            lonely[p.other.index()] = false;
            lonely
        })
        .iter()
        .position(|&l| l)
        .and_then(VerseKey::from_index)
        .unwrap();
    assert!(db.look_alikes(lonely).await.unwrap().is_empty());
}
