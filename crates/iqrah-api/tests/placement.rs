//! Placement through the API: what the learner says they know becomes
//! first memory states read back by every figure; every bad input is a
//! typed error and changes nothing; a placed or practised item is kept.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{LOCAL, data_dir, open_at, store};
use iqrah_api::{Iqrah, PlacementMarkDto};
use iqrah_store::UserStore;

fn marks(list: &[(&str, &str)]) -> Vec<PlacementMarkDto> {
    list.iter()
        .map(|(goal, level)| PlacementMarkDto::new(*goal, *level))
        .collect()
}

/// Everything a placement could change, as the store reads it.
async fn snapshot(iqrah: &Iqrah) -> (String, String, u64) {
    let store = store(iqrah).await;
    let mut states: Vec<_> = store
        .memory_states(&LOCAL)
        .await
        .unwrap()
        .into_iter()
        .map(|(item, state)| format!("{item} {state:?}"))
        .collect();
    states.sort();
    let settings = serde_json::to_string(&store.settings(&LOCAL).await.unwrap()).unwrap();
    (
        states.join("\n"),
        settings,
        store.review_count(&LOCAL).await.unwrap(),
    )
}

#[tokio::test]
async fn placing_known_surahs_starts_their_memory_and_offers_placement_once() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    assert!(!iqrah.settings(&LOCAL).await.unwrap().placement_offered);
    let placed = iqrah
        .place(
            &LOCAL,
            marks(&[("surah:114", "solid"), ("surah:112", "solid")]),
        )
        .await
        .unwrap();
    // 6 + 4 verses, 5 + 3 links.
    assert_eq!((placed.verses, placed.placed, placed.kept), (10, 18, 0));
    let stats = iqrah.stats(&LOCAL, Some("juz:30".into())).await.unwrap();
    assert_eq!(stats.verses.known, 10, "solid verses are known: {stats:?}");
    assert_eq!(stats.total_answers, 0, "a placement is not an answer");
    assert!(iqrah.settings(&LOCAL).await.unwrap().placement_offered);
    let states = store(&iqrah).await.memory_states(&LOCAL).await.unwrap();
    assert!(
        states
            .keys()
            .all(|item| item.skill() != iqrah_api::Skill::Meaning)
    );

    // Placing again keeps every state: the first placement is now the
    // learner's memory.
    let before = snapshot(&iqrah).await;
    let again = iqrah
        .place(&LOCAL, marks(&[("surah:112", "rusty")]))
        .await
        .unwrap();
    assert_eq!((again.placed, again.kept), (0, 7));
    assert_eq!(snapshot(&iqrah).await, before);

    // Saving the settings keeps the record that placement was offered.
    let mut settings = iqrah.settings(&LOCAL).await.unwrap();
    settings.placement_offered = false;
    settings.session_size = 25;
    let saved = iqrah.save_settings(&LOCAL, settings).await.unwrap();
    assert!(saved.placement_offered && saved.session_size == 25);
}

#[tokio::test]
async fn a_practised_verse_keeps_its_own_memory() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let session = iqrah
        .start_session(&LOCAL, "surah:112".into())
        .await
        .unwrap();
    let item = iqrah
        .get_next_session_item(&LOCAL, session.id.clone())
        .await
        .unwrap()
        .unwrap();
    iqrah
        .submit_session_item(&LOCAL, session.id.clone(), item.node_id.clone(), 1, 5_000)
        .await
        .unwrap();
    let practised = store(&iqrah).await.memory_states(&LOCAL).await.unwrap();
    let placed = iqrah
        .place(&LOCAL, marks(&[("juz:30", "solid")]))
        .await
        .unwrap();
    assert_eq!(placed.kept, practised.len() as u32);
    let after = store(&iqrah).await.memory_states(&LOCAL).await.unwrap();
    for (item, state) in &practised {
        assert_eq!(
            after.get(item),
            Some(state),
            "{item} kept its reviewed state"
        );
    }
    assert_eq!(placed.verses, 564);
}

#[tokio::test]
async fn every_bad_input_is_refused_and_changes_nothing() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    iqrah
        .place(&LOCAL, marks(&[("surah:113", "shaky")]))
        .await
        .unwrap();
    let before = snapshot(&iqrah).await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("surah:115", "solid")], "invalid_goal"),
        (&[("page:0", "solid")], "invalid_goal"),
        (&[("page:605", "solid")], "invalid_goal"),
        (&[("page:43-42", "solid")], "invalid_goal"),
        (&[("range:2:5-2:1", "solid")], "invalid_goal"),
        (&[("review", "solid")], "invalid_goal"),
        (&[("nonsense", "solid")], "invalid_goal"),
        (&[("surah:112", "great")], "invalid_level"),
        (&[("surah:112", "")], "invalid_level"),
        // One bad mark refuses the whole placement.
        (
            &[("surah:112", "solid"), ("surah:114", "great")],
            "invalid_level",
        ),
        (
            &[("surah:112", "solid"), ("page:605", "solid")],
            "invalid_goal",
        ),
        (&[], "invalid_placement"),
    ];
    for (list, code) in cases {
        let error = iqrah.place(&LOCAL, marks(list)).await.unwrap_err();
        assert_eq!(error.code(), *code, "{list:?}: {error}");
        assert_eq!(error.kind(), iqrah_api::ErrorKind::Invalid);
        assert_eq!(snapshot(&iqrah).await, before, "{list:?} changed something");
    }
    let too_many = vec![PlacementMarkDto::new("surah:1", "solid"); iqrah_api::MAX_MARKS + 1];
    assert_eq!(
        iqrah.place(&LOCAL, too_many).await.unwrap_err().code(),
        "invalid_placement"
    );
    assert_eq!(
        "surah:112".parse::<PlacementMarkDto>().unwrap_err().code(),
        "invalid_placement"
    );
    assert_eq!(
        "surah:112=solid".parse::<PlacementMarkDto>().unwrap(),
        PlacementMarkDto::new("surah:112", "solid")
    );
    assert_eq!(snapshot(&iqrah).await, before);
}

#[tokio::test]
async fn dismissing_placement_records_it() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let settings = iqrah.dismiss_placement(&LOCAL).await.unwrap();
    assert!(settings.placement_offered);
    assert!(
        store(&iqrah)
            .await
            .memory_states(&LOCAL)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn page_progress_reads_every_mushaf_page_by_the_state_of_its_verses() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    iqrah
        .place(
            &LOCAL,
            marks(&[
                ("page:1", "solid"),
                ("surah:112", "solid"),
                ("surah:113", "shaky"),
            ]),
        )
        .await
        .unwrap();
    let pages = iqrah.page_progress(&LOCAL).await.unwrap();
    assert_eq!(pages.len(), 604);
    assert!(
        pages
            .iter()
            .enumerate()
            .all(|(i, p)| usize::from(p.page) == i + 1)
    );
    let verses: u32 = pages.iter().map(|p| p.verse_count).sum();
    assert_eq!(verses, 6236, "every verse on exactly one page");
    let first = &pages[0];
    assert_eq!(
        (
            first.first_verse.as_str(),
            first.last_verse.as_str(),
            first.juz
        ),
        ("1:1", "1:7", 1)
    );
    assert_eq!(first.state, iqrah_api::DivisionState::Known, "{first:?}");
    assert_eq!(pages[41].page, 42);
    assert!(pages[41].first_verse.as_str() <= "2:255" && pages[41].first_verse.starts_with("2:"));
    assert_eq!(pages[581].juz, 30, "juz 30 begins on page 582");
    assert_eq!(pages[580].juz, 29);
    let last = &pages[603];
    assert_eq!(
        (last.first_verse.as_str(), last.last_verse.as_str()),
        ("112:1", "114:6")
    );
    // 112 and 113 placed (4 + 5 verses), 114 (6 verses) not: begun.
    assert_eq!((last.progress.new, last.progress.started()), (6, 9));
    assert_eq!(last.state, iqrah_api::DivisionState::Begun);
    assert_eq!(pages[1].state, iqrah_api::DivisionState::New);
    let other = iqrah
        .page_progress(&iqrah_api::UserId::new("someone-else"))
        .await
        .unwrap();
    assert!(
        other
            .iter()
            .all(|p| p.state == iqrah_api::DivisionState::New),
        "another learner's pages are their own"
    );
    let garbled = iqrah
        .page_progress(&iqrah_api::UserId::new("no spaces"))
        .await;
    assert!(
        matches!(garbled, Err(iqrah_api::ApiError::InvalidUser(_))),
        "{garbled:?}"
    );
}
