//! A session keeps the settings it started with: changing the translation
//! language mid-session does not change the language of what the session
//! still makes (an Again's relearning copy) or shows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{LOCAL, data_dir, open_at};
use iqrah_api::SessionId;
use iqrah_store::UserStore;

#[tokio::test]
async fn an_again_after_switching_language_makes_its_copy_in_the_sessions_language() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let started = iqrah.settings(&LOCAL).await.unwrap().translation_language;
    let other = iqrah
        .languages()
        .into_iter()
        .map(|l| l.code)
        .find(|code| *code != started)
        .expect("a second translation");
    let session = iqrah
        .start_session(&LOCAL, "surah:112".to_owned())
        .await
        .unwrap();
    // Mid-session, the learner switches language.
    let mut settings = iqrah.settings(&LOCAL).await.unwrap();
    settings.translation_language = other.clone();
    iqrah.save_settings(&LOCAL, settings).await.unwrap();

    // Good on every item up to the first meaning item, which is answered Again.
    let failed = loop {
        let item = iqrah
            .get_next_session_item(&LOCAL, session.id.clone())
            .await
            .unwrap()
            .expect("the session has a meaning item");
        if item.node_id.ends_with("/meaning") {
            iqrah
                .submit_session_item(&LOCAL, session.id.clone(), item.node_id.clone(), 1, 4_000)
                .await
                .unwrap();
            break item;
        }
        iqrah
            .submit_session_item(&LOCAL, session.id.clone(), item.node_id, 3, 4_000)
            .await
            .unwrap();
    };
    let items = common::store(&iqrah)
        .await
        .session_items(&LOCAL, &SessionId::new(session.id.as_str()))
        .await
        .unwrap();
    let copy = items
        .iter()
        .find(|i| i.item.relearn_of == Some(failed.item_id))
        .expect("a relearning copy");
    let exercise = serde_json::to_string(&copy.exercise).unwrap();
    let reference = failed.node_id.split('/').next().unwrap();
    let in_started = iqrah.verse(reference, Some(&started)).await.unwrap();
    let in_other = iqrah.verse(reference, Some(&other)).await.unwrap();
    let text = |t: &str| serde_json::to_string(t).unwrap();
    let text = |t: &str| text(t).trim_matches('"').to_owned();
    assert!(
        exercise.contains(&text(&in_started.translation.text)),
        "the copy is in the session's language {started}: {exercise}"
    );
    assert!(
        !exercise.contains(&text(&in_other.translation.text)),
        "the copy is not in the new language {other}: {exercise}"
    );
}
