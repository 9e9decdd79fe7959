//! The look-alikes page: a verse beside each verse that looks like it, the
//! words that differ marked on both sides.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::json::PathText;
use crate::pages::{api_error, render};

/// A word as drawn, and whether it differs from the other verse's.
struct Word {
    text: String,
    differs: bool,
}

/// One look-alike beside the asked verse.
struct PairView {
    key: String,
    surah_name: String,
    surah_name_arabic: String,
    page: u16,
    likeness: String,
    percent: u32,
    /// The asked verse, marked for this pair.
    verse: Vec<Word>,
    /// The look-alike, marked.
    other: Vec<Word>,
    /// The look-alike passage the pair is part of: the asked verse's run
    /// and the look-alike's (`23:5-8`, `70:29-32`).
    passage: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "similar.html")]
struct SimilarPage {
    key: String,
    surah_name: String,
    page: u16,
    text: String,
    pairs: Vec<PairView>,
}

/// The words of a verse as drawn, those at `differing` marked.
fn marked(words: &[String], differing: &[u32]) -> Vec<Word> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| Word {
            text: iqrah_quran::display::for_display(w).into_owned(),
            differs: differing.contains(&(i as u32)),
        })
        .collect()
}

/// `GET /verses/{key}/similar`
pub(crate) async fn similar(State(state): State<AppState>, PathText(key): PathText) -> Response {
    let similar = match state.iqrah.similar(&key).await {
        Ok(similar) => similar,
        Err(error) => return api_error(error),
    };
    let pairs = similar
        .look_alikes
        .iter()
        .map(|l| PairView {
            key: l.key.clone(),
            surah_name: l.surah_name.clone(),
            surah_name_arabic: l.surah_name_arabic.clone(),
            page: l.page,
            likeness: l.likeness_label.clone(),
            percent: (l.score * 100.0).round() as u32,
            verse: marked(&similar.words, &l.verse_differing),
            other: marked(&l.words, &l.differing),
            passage: l.verse_passage.clone().zip(l.passage.clone()),
        })
        .collect();
    render(&SimilarPage {
        text: iqrah_quran::display::for_display(&similar.text).into_owned(),
        key: similar.key,
        surah_name: similar.surah_name,
        page: similar.page,
        pairs,
    })
}
