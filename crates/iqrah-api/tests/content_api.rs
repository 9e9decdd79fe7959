//! The content part of the API against a real imported database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_api::{ApiError, Config, Iqrah};

async fn open() -> (tempfile::TempDir, Iqrah) {
    let dir = tempfile::tempdir().unwrap();
    let iqrah = Iqrah::open(Config::new(dir.path()))
        .await
        .expect("open imports the content");
    (dir, iqrah)
}

#[tokio::test]
async fn reads_surahs_verses_juz_and_ranges() {
    let (_dir, iqrah) = open().await;
    assert_eq!(iqrah.surahs().await.unwrap().len(), 114);
    assert_eq!(iqrah.languages().len(), 10);

    let verse = iqrah.verse("2:255", None).await.unwrap();
    assert_eq!(
        (verse.surah, verse.ayah, verse.juz, verse.hizb_quarter),
        (2, 255, 3, 17)
    );
    assert_eq!(verse.translation.language, "en");
    assert_eq!(verse.words.len(), verse.text.split(' ').count());

    let spanish = iqrah.verse("1:1", Some("es")).await.unwrap();
    assert!(spanish.translation.text.starts_with("En el nombre de Dios"));

    assert_eq!(iqrah.surah_verses(2, None).await.unwrap().len(), 286);
    let juz30 = iqrah.juz_verses(30, None).await.unwrap();
    assert_eq!((juz30.len(), juz30[0].key.as_str()), (564, "78:1"));
    assert_eq!(iqrah.juz_verses(2, None).await.unwrap()[0].key, "2:142");
    let across = iqrah.verses("1:7-2:2", None).await.unwrap();
    assert_eq!(
        across.iter().map(|v| v.key.as_str()).collect::<Vec<_>>(),
        ["1:7", "2:1", "2:2"]
    );
}

#[tokio::test]
async fn bad_references_and_languages_are_typed_errors() {
    let (_dir, iqrah) = open().await;
    for bad in ["115:1", "2:287", "0:1", "abc", ""] {
        let error = iqrah.verse(bad, None).await.unwrap_err();
        assert_eq!(error.code(), "invalid_reference", "{bad}");
    }
    assert_eq!(
        iqrah.verses("112:4-1", None).await.unwrap_err().code(),
        "invalid_reference"
    );
    assert_eq!(
        iqrah.surah_verses(115, None).await.unwrap_err().code(),
        "invalid_reference"
    );
    assert_eq!(
        iqrah.juz_verses(31, None).await.unwrap_err().code(),
        "invalid_reference"
    );
    let error = iqrah.verse("1:1", Some("xx")).await.unwrap_err();
    assert!(matches!(error, ApiError::UnknownLanguage(_)));
    assert_eq!(error.code(), "unknown_language");
}

#[tokio::test]
async fn reopening_uses_the_existing_database() {
    let (dir, iqrah) = open().await;
    let modified = std::fs::metadata(iqrah.config().content_path())
        .unwrap()
        .modified()
        .unwrap();
    drop(iqrah);
    let again = Iqrah::open(Config::new(dir.path())).await.unwrap();
    assert_eq!(
        std::fs::metadata(again.config().content_path())
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
}

#[tokio::test]
async fn similar_lists_the_look_alikes_with_their_differences_marked() {
    let (_dir, iqrah) = open().await;
    let similar = iqrah.similar("2:5").await.unwrap();
    assert_eq!(
        (similar.key.as_str(), similar.surah_name.as_str()),
        ("2:5", "Al-Baqarah")
    );
    assert_eq!(similar.page, 2);
    let luqman = &similar.look_alikes[0];
    assert_eq!(
        (luqman.key.as_str(), luqman.surah_name.as_str(), luqman.page),
        ("31:5", "Luqman", 411)
    );
    assert_eq!(luqman.likeness.as_str(), "identical");
    assert_eq!(luqman.text, similar.text);
    assert!(luqman.differing.is_empty() && luqman.verse_differing.is_empty());

    // Al-Falaq 1 against An-Nas 1: the last word, each on its own side.
    let falaq = iqrah.similar("113:1").await.unwrap();
    let nas = falaq.look_alikes.iter().find(|l| l.key == "114:1").unwrap();
    assert_eq!(nas.likeness_label, "a word or two differ");
    let plain = iqrah_core::arabic::normalize;
    assert_eq!(plain(&nas.words[nas.differing[0] as usize]), "الناس");
    assert_eq!(
        plain(&falaq.words[nas.verse_differing[0] as usize]),
        "الفلق"
    );
    assert!(
        falaq
            .look_alikes
            .windows(2)
            .all(|w| w[0].score >= w[1].score)
    );

    for bad in ["2:287", "115:1", "0:0", "2:5-7", "", "مرحبا"] {
        let error = iqrah.similar(bad).await.unwrap_err();
        assert_eq!(error.code(), "invalid_reference", "{bad}");
    }
}
